// core/basemap: the tile pyramid and what a view draws, worked out by hand; the presets.
#include "core/basemap.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace biodash;

namespace {

// A raster of 10 240 × 5 120 map units at 10 units per pixel (1 024 × 512 pixels), its
// north-west corner at (1 000, 9 000).
TilePyramid sample() {
  Envelope e;
  e.minx = 1000;
  e.maxx = 11240;
  e.miny = 9000 - 5120;
  e.maxy = 9000;
  return make_pyramid(e, 10);
}

}  // namespace

TEST(Basemap, PyramidLevelsAndTileExtents) {
  const TilePyramid p = sample();
  ASSERT_TRUE(p.valid());
  EXPECT_DOUBLE_EQ(p.res0, 40);  // 10 240 units in one 256-pixel tile
  EXPECT_EQ(p.max_level, 2);     // 40, 20, 10 units per pixel
  EXPECT_DOUBLE_EQ(p.resolution(2), 10);
  const Envelope t = p.tile_extent({1, 1, 0});  // level 1: 5 120-unit tiles
  EXPECT_DOUBLE_EQ(t.minx, 6120);
  EXPECT_DOUBLE_EQ(t.maxx, 11240);
  EXPECT_DOUBLE_EQ(t.maxy, 9000);
  EXPECT_DOUBLE_EQ(t.miny, 3880);
  // Levels: nearest on a log scale, clamped.
  EXPECT_EQ(p.level_for(100), 0);
  EXPECT_EQ(p.level_for(40), 0);
  EXPECT_EQ(p.level_for(29), 0);  // log2(40/29) = 0.46
  EXPECT_EQ(p.level_for(27), 1);  // 0.57
  EXPECT_EQ(p.level_for(10), 2);
  EXPECT_EQ(p.level_for(1), 2);  // beyond the raster's own resolution: magnified
  // A resolution that is not a power of two from res0 still ends at or just past it.
  Envelope e;
  e.minx = 0;
  e.miny = 0;
  e.maxx = 3000;
  e.maxy = 1000;
  EXPECT_EQ(make_pyramid(e, 1).max_level, 4);  // 11.7 → 0.73 units per pixel at level 4
  EXPECT_FALSE(make_pyramid(Envelope{}, 1).valid());
}

TEST(Basemap, TilesInAViewClippedToTheRaster) {
  const TilePyramid p = sample();
  // Level 2 tiles are 2 560 units: the raster is 4 × 2 of them.
  Envelope all;
  all.minx = -1e6;
  all.miny = -1e6;
  all.maxx = 1e6;
  all.maxy = 1e6;
  EXPECT_EQ(p.tiles_in(all, 2).size(), 8u);
  // A view over the north-west corner, just into the second column and row.
  Envelope v;
  v.minx = 0;
  v.maxx = 1000 + 2600;
  v.maxy = 9500;
  v.miny = 9000 - 2600;
  const std::vector<TileKey> k = p.tiles_in(v, 2);
  const std::set<TileKey> got(k.begin(), k.end());
  EXPECT_EQ(got, (std::set<TileKey>{{2, 0, 0}, {2, 1, 0}, {2, 0, 1}, {2, 1, 1}}));
  // A view outside the raster wants nothing; the limit keeps the tiles nearest the centre.
  Envelope out;
  out.minx = 20000;
  out.maxx = 21000;
  out.miny = 0;
  out.maxy = 100;
  EXPECT_TRUE(p.tiles_in(out, 2).empty());
  const std::vector<TileKey> one = p.tiles_in(all, 2, 1);
  ASSERT_EQ(one.size(), 1u);
}

TEST(Basemap, DrawListFallsBackToTheNearestLoadedAncestor) {
  const TilePyramid p = sample();
  Envelope v = p.extent;
  // Only level 0 and one level-2 tile are loaded: the other seven level-2 tiles are missing
  // and drawn from level 0 (once), under the loaded one.
  const std::set<TileKey> loaded{{0, 0, 0}, {2, 3, 1}};
  const BasemapDrawList d =
      basemap_draw_list(p, v, 10, [&](const TileKey& k) { return loaded.count(k) > 0; });
  EXPECT_EQ(d.level, 2);
  EXPECT_EQ(d.missing.size(), 7u);
  ASSERT_EQ(d.draw.size(), 2u);
  EXPECT_EQ(d.draw[0], (TileKey{0, 0, 0}));  // coarse first
  EXPECT_EQ(d.draw[1], (TileKey{2, 3, 1}));
  // Nothing loaded: nothing drawn, everything missing.
  const BasemapDrawList none = basemap_draw_list(p, v, 10, [](const TileKey&) { return false; });
  EXPECT_TRUE(none.draw.empty());
  EXPECT_EQ(none.missing.size(), 8u);
}

TEST(Basemap, PresetsAreGdalWmsDescriptionsWithAttribution) {
  ASSERT_GE(basemap_presets().size(), 4u);
  for (const BasemapPreset& p : basemap_presets()) {
    EXPECT_EQ(p.gdal_xml.rfind("<GDAL_WMS>", 0), 0u) << p.name;
    EXPECT_NE(p.gdal_xml.find("https://"), std::string::npos) << p.name;
    EXPECT_FALSE(p.attribution.empty()) << p.name;
  }
  ASSERT_NE(find_basemap_preset("preset:pdok-brt"), nullptr);
  EXPECT_EQ(find_basemap_preset("preset:pdok-brt")->crs, "EPSG:28992");
  EXPECT_NE(find_basemap_preset("osm"), nullptr);
  EXPECT_EQ(find_basemap_preset("preset:nope"), nullptr);
  // PDOK's grid: 3440.64 m per pixel at level 0 from (-285401.92, 903401.92).
  EXPECT_NE(find_basemap_preset("pdok-brt")
                ->gdal_xml.find(
                    "<UpperLeftX>-285401.92</UpperLeftX><UpperLeftY>903401.92</UpperLeftY>"
                    "<LowerRightX>595401.92</LowerRightX><LowerRightY>22598.08</LowerRightY>"),
            std::string::npos);
}
