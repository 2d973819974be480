#pragma once
// Reads basemap tiles (io/raster_source) on worker threads for the window and the kiosk, so
// that a frame never waits for GDAL: the GUI thread says which tiles it wants each frame
// (want), workers read them nearest-first, and the GUI thread takes the finished ones
// (take) and uploads them (MapRenderer::set_basemap_tile). Opening another source starts a
// new generation: queued tiles of the old one are dropped, and tiles of the old one that
// finish late are discarded by their generation, never by pointer identity.
//
// Each worker opens its own RasterSource (a GDAL dataset is used by one thread at a time).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/basemap.hpp"
#include "render/map_camera.hpp"
#include "render/map_renderer.hpp"

namespace biodash {

class BasemapLoader {
 public:
  explicit BasemapLoader(unsigned threads = 3);
  ~BasemapLoader();  // stops the workers (a read in progress finishes first)
  BasemapLoader(const BasemapLoader&) = delete;
  BasemapLoader& operator=(const BasemapLoader&) = delete;

  enum class State { None, Opening, Ready, Failed };

  // Opens `source` (a raster file, or a preset's GDAL_WMS description) for drawing in
  // `map_crs`, on a worker; "" closes. A new generation either way.
  void open(const std::string& source, const std::string& map_crs);
  State state() const;
  std::string error() const;        // why it failed (Failed)
  TilePyramid pyramid() const;      // valid once Ready
  std::string attribution() const;  // the source's own ("" none)
  uint64_t generation() const;      // bumps with every open()

  // The tiles this frame wants, nearest first (replaces the previous wish list; tiles in
  // progress finish).
  void want(const std::vector<TileKey>& keys);

  using Tile = BasemapTileData;
  // Tiles finished since the last call, of the current generation only.
  std::vector<Tile> take();
  // Tiles queued, being read or read but not taken yet, and an open in progress (0: idle).
  size_t pending() const;
  // Tiles that failed to read in this generation (kept off the wish list from then on).
  size_t failed_tiles() const;

 private:
  void run();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
  uint64_t gen_ = 0;
  std::string source_, crs_;
  State state_ = State::None;
  std::string error_, attribution_;
  TilePyramid pyramid_;
  bool opening_ = false;  // a worker is opening the current generation
  std::deque<TileKey> queue_;
  std::vector<TileKey> in_flight_;
  std::vector<TileKey> failed_;
  std::vector<Tile> done_;
};

// Headless renders (`biodash render --basemap`): reads every tile the view of `cam` wants, at
// once on the calling thread, uploads them to `r` and sets them to be drawn with `style`.
// `source` is what GDAL opens (a file, or a preset's description). Returns the source's own
// attribution ("" none). Throws Error naming the source when it cannot be opened or read.
std::string load_basemap_now(MapRenderer& r, const std::string& source, const std::string& map_crs,
                             const MapCamera& cam, const BasemapStyle& style);

}  // namespace biodash
