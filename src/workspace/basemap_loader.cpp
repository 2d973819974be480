#include "workspace/basemap_loader.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "io/raster_source.hpp"

namespace biodash {

BasemapLoader::BasemapLoader(unsigned threads) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) workers_.emplace_back([this] { run(); });
}

BasemapLoader::~BasemapLoader() {
  {
    const std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void BasemapLoader::open(const std::string& source, const std::string& map_crs) {
  {
    const std::lock_guard<std::mutex> lk(mu_);
    ++gen_;
    source_ = source;
    crs_ = map_crs;
    state_ = source.empty() ? State::None : State::Opening;
    error_.clear();
    attribution_.clear();
    pyramid_ = {};
    queue_.clear();
    failed_.clear();
    done_.clear();
  }
  cv_.notify_all();
}

BasemapLoader::State BasemapLoader::state() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return state_;
}

std::string BasemapLoader::error() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return error_;
}

TilePyramid BasemapLoader::pyramid() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return pyramid_;
}

std::string BasemapLoader::attribution() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return attribution_;
}

uint64_t BasemapLoader::generation() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return gen_;
}

void BasemapLoader::want(const std::vector<TileKey>& keys) {
  {
    const std::lock_guard<std::mutex> lk(mu_);
    queue_.clear();
    auto has = [](const auto& v, const TileKey& k) {
      return std::find(v.begin(), v.end(), k) != v.end();
    };
    for (const TileKey& k : keys) {
      if (has(in_flight_, k) || has(failed_, k)) continue;
      if (std::any_of(done_.begin(), done_.end(), [&](const Tile& t) { return t.key == k; }))
        continue;
      queue_.push_back(k);
    }
  }
  cv_.notify_all();
}

std::vector<BasemapLoader::Tile> BasemapLoader::take() {
  const std::lock_guard<std::mutex> lk(mu_);
  std::vector<Tile> out;
  out.swap(done_);
  return out;
}

size_t BasemapLoader::pending() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return queue_.size() + in_flight_.size() + done_.size() + (state_ == State::Opening ? 1 : 0);
}

size_t BasemapLoader::failed_tiles() const {
  const std::lock_guard<std::mutex> lk(mu_);
  return failed_.size();
}

void BasemapLoader::run() {
  std::unique_ptr<RasterSource> src;  // this worker's own dataset
  uint64_t src_gen = UINT64_MAX;
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] {
      return stop_ || (state_ == State::Opening && !opening_) ||
             (state_ == State::Ready && !queue_.empty());
    });
    if (stop_) return;
    const uint64_t g = gen_;
    const std::string source = source_, crs = crs_;
    if (state_ == State::Opening) {
      opening_ = true;
      lk.unlock();
      std::unique_ptr<RasterSource> s;
      std::string err;
      try {
        s = RasterSource::open(source, crs);
      } catch (const std::exception& e) {
        err = e.what();
      }
      lk.lock();
      opening_ = false;
      if (g == gen_) {
        if (s) {
          const RasterInfo& info = s->info();
          pyramid_ = make_pyramid(info.extent, info.resolution);
          attribution_ = info.attribution;
          state_ = pyramid_.valid() ? State::Ready : State::Failed;
          if (!pyramid_.valid()) error_ = source + ": the raster has no extent in the map CRS";
        } else {
          state_ = State::Failed;
          error_ = err;
        }
      }
      if (s) {
        src = std::move(s);
        src_gen = g;
      }
      cv_.notify_all();
      continue;
    }
    const TileKey k = queue_.front();
    queue_.pop_front();
    in_flight_.push_back(k);
    const Envelope e = pyramid_.tile_extent(k);
    lk.unlock();
    std::vector<uint8_t> px;
    bool ok = true;
    try {
      if (src_gen != g) {
        src.reset();
        src = RasterSource::open(source, crs);
        src_gen = g;
      }
      px = src->read_rgba(e, kBasemapTilePx, kBasemapTilePx);
      ok = px.size() == size_t(kBasemapTilePx) * kBasemapTilePx * 4;
    } catch (const std::exception&) {
      ok = false;
    }
    lk.lock();
    in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), k));
    if (g != gen_) continue;  // another source by now: dropped
    if (ok)
      done_.push_back({k, e, std::move(px)});
    else
      failed_.push_back(k);
  }
}

std::string load_basemap_now(MapRenderer& r, const std::string& source, const std::string& map_crs,
                             const MapCamera& cam, const BasemapStyle& style) {
  const std::unique_ptr<RasterSource> src = RasterSource::open(source, map_crs);
  const TilePyramid p = make_pyramid(src->info().extent, src->info().resolution);
  if (!p.valid()) throw Error(source + ": the raster has no extent in the map CRS " + map_crs);
  r.clear_basemap();
  const BasemapDrawList want = basemap_draw_list(p, cam.visible(), cam.units_per_pixel,
                                                 [](const TileKey&) { return false; });
  for (const TileKey& k : want.missing) {
    const Envelope e = p.tile_extent(k);
    r.set_basemap_tile(k, e, src->read_rgba(e, kBasemapTilePx, kBasemapTilePx), kBasemapTilePx,
                       kBasemapTilePx);
  }
  r.set_basemap_draw(want.missing, style);
  return src->info().attribution;
}

}  // namespace biodash
