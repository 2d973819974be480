// The window's basemap plumbing without a window: workspace/basemap_loader reads tiles on
// worker threads from a raster made here from real data (the Leiden CBS wijken rasterised by
// GDAL's gdal_rasterize), drops the tiles of a source that was replaced, and says why a
// source fails; the workspace refuses an online preset while network access is off.
#include "workspace/basemap_loader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "io/gdal_dataset.hpp"
#include "workspace/workspace.hpp"

namespace biodash {
namespace {

struct Rasters {
  std::filesystem::path dir;
  std::string a, b;  // two GeoTIFFs of different extents in RD New
  Rasters() {
    dir = std::filesystem::temp_directory_path() / ("biodash_loader_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string src = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";
    const std::string rd = (dir / "w.gpkg").string();
    a = (dir / "a.tif").string();
    b = (dir / "b.tif").string();
    const std::string cmd =
        "ogr2ogr -t_srs EPSG:28992 -f GPKG -nln w '" + rd + "' '" + src +
        "' && gdal_rasterize -q -a_srs EPSG:28992 -tr 10 10 -te 89000 460000 97000 468000 -ot "
        "Byte -init 230 -burn 80 -burn 160 -burn 220 -l w '" +
        rd + "' '" + a +
        "' && gdal_rasterize -q -a_srs EPSG:28992 -tr 5 5 -te 92000 462000 95000 465000 -ot Byte "
        "-init 10 -burn 200 -burn 60 -burn 40 -l w '" +
        rd + "' '" + b + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  }
  ~Rasters() { std::filesystem::remove_all(dir); }
};

// Waits until `done` holds (at most 30 s).
template <class F>
bool wait_for(F done) {
  const auto t0 = std::chrono::steady_clock::now();
  while (!done()) {
    if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(30)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(BasemapLoader, ReadsWantedTilesOnWorkersAndDropsReplacedSources) {
  Rasters r;
  BasemapLoader loader(3);
  loader.open(r.a, "EPSG:28992");
  ASSERT_TRUE(wait_for([&] { return loader.state() != BasemapLoader::State::Opening; }));
  ASSERT_EQ(loader.state(), BasemapLoader::State::Ready) << loader.error();
  const TilePyramid pa = loader.pyramid();
  ASSERT_TRUE(pa.valid());
  EXPECT_NEAR(pa.extent.minx, 89000, 1e-6);
  EXPECT_NEAR(pa.extent.maxy, 468000, 1e-6);
  // Every tile of the finest level: each arrives once, 256 × 256 RGBA, where it belongs.
  const std::vector<TileKey> want = pa.tiles_in(pa.extent, pa.max_level);
  ASSERT_GE(want.size(), 4u);
  loader.want(want);
  std::vector<BasemapLoader::Tile> got;
  ASSERT_TRUE(wait_for([&] {
    for (auto& t : loader.take()) got.push_back(std::move(t));
    return got.size() == want.size();
  }));
  EXPECT_EQ(loader.pending(), 0u);
  for (const auto& t : got) {
    EXPECT_EQ(t.rgba.size(), size_t(kBasemapTilePx) * kBasemapTilePx * 4);
    const Envelope e = pa.tile_extent(t.key);
    EXPECT_EQ(t.extent.minx, e.minx);
    EXPECT_EQ(t.extent.maxy, e.maxy);
  }
  // The tile over the north-west corner (89–91.56 km, 465.44–468 km) is the raster's grey
  // there: no wijk reaches it.
  for (const auto& t : got)
    if (t.key.col == 0 && t.key.row == 0) {
      EXPECT_EQ(t.rgba[0], 230);
      EXPECT_EQ(t.rgba[3], 255);
    }
  // Another source while many tiles are queued: nothing of the first arrives any more.
  loader.want(pa.tiles_in(pa.extent, pa.max_level));
  const uint64_t g = loader.generation();
  loader.open(r.b, "EPSG:28992");
  EXPECT_EQ(loader.generation(), g + 1);
  ASSERT_TRUE(wait_for([&] { return loader.state() == BasemapLoader::State::Ready; }));
  const TilePyramid pb = loader.pyramid();
  EXPECT_NEAR(pb.extent.minx, 92000, 1e-6);
  const std::vector<TileKey> want_b = pb.tiles_in(pb.extent, 0);
  loader.want(want_b);
  got.clear();
  ASSERT_TRUE(wait_for([&] {
    for (auto& t : loader.take()) got.push_back(std::move(t));
    return loader.pending() == 0;
  }));
  ASSERT_EQ(got.size(), want_b.size());
  for (const auto& t : got) EXPECT_EQ(t.extent.minx, pb.tile_extent(t.key).minx);
  // Closing: nothing pending, nothing ready.
  loader.open("", "EPSG:28992");
  EXPECT_EQ(loader.state(), BasemapLoader::State::None);
  EXPECT_EQ(loader.pending(), 0u);
}

TEST(BasemapLoader, AFileThatIsNoRasterFailsWithItsName) {
  BasemapLoader loader(1);
  loader.open("/nonexistent/basemap.tif", "EPSG:28992");
  ASSERT_TRUE(wait_for([&] { return loader.state() != BasemapLoader::State::Opening; }));
  EXPECT_EQ(loader.state(), BasemapLoader::State::Failed);
  EXPECT_NE(loader.error().find("/nonexistent/basemap.tif"), std::string::npos) << loader.error();
  EXPECT_EQ(loader.pending(), 0u);
}

// With network access off (the default), choosing an online preset says that it needs the
// network, opens nothing and fetches nothing; the attribution is the preset's.
TEST(BasemapLoader, WorkspaceRefusesAPresetWhileNetworkIsOff) {
  set_network_allowed(false);
  WorkspaceOptions o;
  Workspace d(o);
  d.basemap.source = "preset:pdok-brt";
  d.update();
  EXPECT_NE(d.basemap_status().find("needs the network"), std::string::npos) << d.basemap_status();
  EXPECT_FALSE(d.basemap_busy());
  std::vector<Message> log;
  d.messages.snapshot(0, log);
  bool said = false;
  for (const Message& m : log) said |= m.text.find("needs the network") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_NE(d.basemap_attribution().find("Kadaster"), std::string::npos);
  // A file basemap, by contrast, is opened (here: one that does not exist, so it fails).
  d.basemap.source = "/nonexistent/base.tif";
  d.update();
  ASSERT_TRUE(wait_for([&] { return !d.basemap_busy(); }));
  EXPECT_NE(d.basemap_status().find("/nonexistent/base.tif"), std::string::npos)
      << d.basemap_status();
}

}  // namespace
}  // namespace biodash
