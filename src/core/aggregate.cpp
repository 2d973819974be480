#include "core/aggregate.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/polygon_grid.hpp"

namespace biodash {
namespace {

bool is_polygonal(GEOSContextHandle_t h, const GEOSGeometry* g) {
  if (!g || GEOSisEmpty_r(h, g)) return false;
  int t = GEOSGeomTypeId_r(h, g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION;
}

// Assigns the points [begin, end) on the calling thread with its own GEOS context, prepared
// geometries and STRtree. Output in CSR form relative to `begin`.
// Throws Cancelled every 65,536 points once `stop` is raised.
void check_stop(const std::atomic<bool>* stop, size_t k) {
  if (stop && (k & 0xFFFF) == 0 && stop->load(std::memory_order_relaxed))
    throw Cancelled("assignment cancelled");
}

void assign_range(const std::vector<GeomPtr>& own, const double* x, const double* y, size_t begin,
                  size_t end, std::vector<uint32_t>& offset, std::vector<uint32_t>& members,
                  const std::atomic<bool>* stop) {
  GEOSContextHandle_t h = geos_ctx();
  std::vector<PreparedPtr> prepared(own.size());
  STRtreePtr tree(GEOSSTRtree_create_r(h, 10));
  if (!tree) throw Error("GEOS STRtree creation failed: " + geos_last_error());
  for (size_t i = 0; i < own.size(); ++i) {
    if (!own[i]) continue;
    prepared[i].reset(GEOSPrepare_r(h, own[i].get()));
    if (!prepared[i]) throw Error("GEOS prepare failed: " + geos_last_error());
    // The tree stores index+1 so that polygon 0 is not a null item.
    GEOSSTRtree_insert_r(h, tree.get(), own[i].get(), reinterpret_cast<void*>(i + 1));
  }
  struct Query {
    GEOSContextHandle_t h;                     // this thread's context
    const std::vector<PreparedPtr>* prepared;  // per polygon
    std::vector<uint32_t>* members;            // output polygon indices
    const GEOSGeometry* point;                 // point being classified
  } q{h, &prepared, &members, nullptr};
  auto visit = [](void* item, void* user) {
    auto* qq = static_cast<Query*>(user);
    size_t i = reinterpret_cast<size_t>(item) - 1;
    if (GEOSPreparedContains_r(qq->h, (*qq->prepared)[i].get(), qq->point) == 1)
      qq->members->push_back(static_cast<uint32_t>(i));
  };
  offset.assign(1, 0);
  offset.reserve(end - begin + 1);
  members.reserve(end - begin);
  for (size_t k = begin; k < end; ++k) {
    check_stop(stop, k - begin);
    if (std::isfinite(x[k]) && std::isfinite(y[k])) {
      GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
      q.point = pt.get();
      size_t before = members.size();
      GEOSSTRtree_query_r(h, tree.get(), pt.get(), visit, &q);
      // STRtree order is arbitrary: keep each point's polygons ascending.
      if (members.size() - before > 1) std::sort(members.begin() + before, members.end());
    }
    offset.push_back(static_cast<uint32_t>(members.size()));
  }
}

// Grid path: points in interior cells are assigned by arithmetic; only polygons whose boundary
// touches the point's cell are tested with GEOS (prepared, this thread's own copies).
// Polygons are cloned for this thread only when first needed (under `clone_mutex`, so the
// originals are never read by two threads at once): most layers need GEOS for a handful.
void assign_range_grid(const PolygonGrid& grid, const std::vector<const GEOSGeometry*>& polygons,
                       std::mutex& clone_mutex, const double* x, const double* y, size_t begin,
                       size_t end, std::vector<uint32_t>& offset, std::vector<uint32_t>& members,
                       const std::atomic<bool>* stop) {
  GEOSContextHandle_t h = geos_ctx();
  std::vector<GeomPtr> own(polygons.size());
  std::vector<PreparedPtr> prepared(polygons.size());
  offset.assign(1, 0);
  offset.reserve(end - begin + 1);
  members.reserve(end - begin);
  for (size_t k = begin; k < end; ++k) {
    check_stop(stop, k - begin);
    const int64_t c = grid.cell_of(x[k], y[k]);
    if (c >= 0) {
      const size_t before = members.size();
      members.insert(members.end(), grid.certain_begin(c), grid.certain_end(c));
      const uint32_t* cb = grid.candidate_begin(c);
      const uint32_t* ce = grid.candidate_end(c);
      GeomPtr pt;  // made only when the exact arithmetic test cannot decide
      for (const uint32_t* i = cb; i != ce; ++i) {
        const int c2 = grid.contains(*i, x[k], y[k]);
        if (c2 == 1) {
          members.push_back(*i);
        } else if (c2 < 0) {
          if (!pt) pt.reset(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
          PreparedPtr& pp = prepared[*i];
          if (!pp) {
            {
              std::lock_guard<std::mutex> lk(clone_mutex);
              own[*i] = clone(polygons[*i]);
            }
            pp.reset(GEOSPrepare_r(h, own[*i].get()));
            if (!pp) throw Error("GEOS prepare failed: " + geos_last_error());
          }
          if (GEOSPreparedContains_r(h, pp.get(), pt.get()) == 1) members.push_back(*i);
        }
      }
      if (members.size() - before > 1) std::sort(members.begin() + before, members.end());
    }
    offset.push_back(static_cast<uint32_t>(members.size()));
  }
}

}  // namespace

Assignment assign_points(const std::vector<const GEOSGeometry*>& polygons, const double* x,
                         const double* y, size_t n, const AggregateOptions& opts) {
  if (polygons.size() >= UINT32_MAX) throw Error("too many polygons for one layer");
  unsigned threads =
      opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  // Below ~20k points a second thread costs more (prepare + tree) than it saves.
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / 20000)));
  std::vector<std::vector<uint32_t>> offs(threads), mems(threads);
  // GEOS caches derived data (envelopes, indexes) inside geometries lazily and without locks,
  // so each thread gets its own copies, made here before any thread starts: no geometry is
  // ever touched by two threads.
  // On the grid path the copies are made lazily inside the threads (see assign_range_grid).
  std::unique_ptr<PolygonGrid> grid;
  if (opts.use_grid && n > 0) grid = std::make_unique<PolygonGrid>(polygons);
  std::vector<std::vector<GeomPtr>> copies(grid ? 0 : threads);
  {
    GEOSContextHandle_t h = geos_ctx();
    for (auto& c : copies) {
      c.resize(polygons.size());
      for (size_t i = 0; i < polygons.size(); ++i)
        if (is_polygonal(h, polygons[i])) c[i] = clone(polygons[i]);
    }
  }
  std::mutex clone_mutex;
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  const size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    size_t b = std::min(n, t * chunk), e = std::min(n, b + chunk);
    auto work = [&, t, b, e] {
      try {
        if (grid)
          assign_range_grid(*grid, polygons, clone_mutex, x, y, b, e, offs[t], mems[t], opts.stop);
        else
          assign_range(copies[t], x, y, b, e, offs[t], mems[t], opts.stop);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    };
    if (t + 1 == threads)
      work();  // the calling thread takes the last chunk
    else
      pool.emplace_back(work);
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  Assignment a;
  a.n_polygons = polygons.size();
  size_t total = 0;
  for (auto& m : mems) total += m.size();
  if (total >= UINT32_MAX) throw Error("too many point-polygon memberships for one layer");
  a.offset.reserve(n + 1);
  a.polygon.reserve(total);
  a.offset.push_back(0);
  for (unsigned t = 0; t < threads; ++t) {
    const uint32_t base = static_cast<uint32_t>(a.polygon.size());
    for (size_t i = 1; i < offs[t].size(); ++i) a.offset.push_back(base + offs[t][i]);
    a.polygon.insert(a.polygon.end(), mems[t].begin(), mems[t].end());
  }
  return a;
}

std::vector<uint64_t> count_per_polygon(const Assignment& a) {
  std::vector<uint64_t> c(a.n_polygons, 0);
  for (uint32_t p : a.polygon) ++c[p];
  return c;
}

std::vector<uint64_t> distinct_per_polygon(const Assignment& a,
                                           const std::vector<uint32_t>& category) {
  uint32_t n_cat = 0;
  for (uint32_t c : category) n_cat = std::max(n_cat, c + 1);
  const uint64_t bits = static_cast<uint64_t>(a.n_polygons) * n_cat;
  if (bits <= (uint64_t{1} << 28)) {
    // A seen-bit per (polygon, category): one pass, no sort (up to 32 MB).
    std::vector<uint64_t> seen((bits + 63) / 64, 0);
    std::vector<uint64_t> c(a.n_polygons, 0);
    for (size_t i = 0; i + 1 < a.offset.size(); ++i) {
      const uint64_t cat = category.at(i);
      for (uint32_t k = a.offset[i]; k < a.offset[i + 1]; ++k) {
        const uint64_t bit = static_cast<uint64_t>(a.polygon[k]) * n_cat + cat;
        uint64_t& w = seen[bit >> 6];
        const uint64_t m = uint64_t{1} << (bit & 63);
        if (!(w & m)) {
          w |= m;
          ++c[a.polygon[k]];
        }
      }
    }
    return c;
  }
  std::vector<uint64_t> keys;
  keys.reserve(a.polygon.size());
  for (size_t i = 0; i + 1 < a.offset.size(); ++i)
    for (uint32_t k = a.offset[i]; k < a.offset[i + 1]; ++k)
      keys.push_back((static_cast<uint64_t>(a.polygon[k]) << 32) | category.at(i));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<uint64_t> c(a.n_polygons, 0);
  for (uint64_t k : keys) ++c[k >> 32];
  return c;
}

std::vector<uint64_t> count_points_in_polygons(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n,
                                               const AggregateOptions& opts) {
  return count_per_polygon(assign_points(polygons, x, y, n, opts));
}

std::vector<uint64_t> count_points_brute_force(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n) {
  GEOSContextHandle_t h = geos_ctx();
  std::vector<uint64_t> counts(polygons.size(), 0);
  for (size_t k = 0; k < n; ++k) {
    GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
    for (size_t i = 0; i < polygons.size(); ++i)
      if (polygons[i] && GEOSContains_r(h, polygons[i], pt.get()) == 1) ++counts[i];
  }
  return counts;
}

}  // namespace biodash
