// A store-backed point layer (an observation set on the map): one point per store row, no
// GEOS geometry and no attribute copies; its bounds, mesh and point coordinates in another map
// CRS are computed from the columns. Checked against PROJ point by point (CrsTransform) and
// the hand-given coordinates. The points are synthetic, near Leiden centre (RD New).
#include "core/layer.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "core/crs.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/mesh.hpp"
#include "core/observations.hpp"

namespace biodash {
namespace {

std::shared_ptr<const ObservationStore> three_points() {
  auto s = std::make_shared<ObservationStore>();
  s->crs = "EPSG:28992";
  s->x = {94087.441, 94500.0, 93000.25};
  s->y = {463921.818, 464100.5, 462800.75};
  s->day = {days_from_civil(2021, 5, 3), kUnknownDay, days_from_civil(2022, 1, 1)};
  s->day_span = {0, 0, 0};
  s->taxon = {0, 1, 0};
  s->observer = {0, 0, 0};
  s->count = {1, 1, 1};
  s->quality = {Quality::Research, Quality::Research, Quality::Casual};
  s->uncertainty_m = {5, 5, 5};
  s->source_row = {2, 7, 9};
  Taxon merel;
  merel.scientific_name = "Turdus merula";
  merel.vernacular_en = "Common Blackbird";
  merel.vernacular_nl = "Merel";
  Taxon oak;
  oak.scientific_name = "Quercus robur";
  s->taxa = {merel, oak};
  s->observers = {""};
  for (size_t i = 0; i < s->size(); ++i) s->bounds.expand(s->x[i], s->y[i]);
  return s;
}

TEST(StoreLayer, IsAViewOfTheStoreInItsCrs) {
  const auto s = three_points();
  const auto l = store_point_layer(s, "obs", "/data/obs.csv");
  EXPECT_EQ(l->size(), 3u);
  EXPECT_TRUE(l->placed());
  EXPECT_EQ(l->map_crs, "EPSG:28992");
  EXPECT_EQ(l->kind, GeomKind::Point);
  EXPECT_TRUE(l->geoms.empty());
  EXPECT_TRUE(l->source_geoms.empty());
  EXPECT_TRUE(l->values.empty());
  EXPECT_EQ(l->bounds.minx, 93000.25);
  EXPECT_EQ(l->bounds.maxy, 464100.5);
  EXPECT_EQ(feature_fid(*l, 0), 2);
  EXPECT_EQ(feature_fid(*l, 2), 9);
  EXPECT_EQ(l->report.loaded, 3u);

  const Mesh m = build_mesh(*l);
  ASSERT_TRUE(m.point_identity);
  EXPECT_TRUE(m.point_feature.empty());
  ASSERT_EQ(m.point_xy.size(), 6u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(m.origin_x + m.point_xy[2 * i], s->x[i], 1e-3);
    EXPECT_NEAR(m.origin_y + m.point_xy[2 * i + 1], s->y[i], 1e-3);
  }
  std::vector<double> x, y;
  size_t skipped = 9;
  point_coordinates(*l, x, y, skipped);
  EXPECT_EQ(skipped, 0u);
  EXPECT_EQ(x, s->x);
  EXPECT_EQ(y, s->y);
}

TEST(StoreLayer, PlacedInAnotherCrsEqualsProjPointByPoint) {
  const auto s = three_points();
  auto l = store_point_layer(s, "obs", "/data/obs.csv");
  place_layer(*l, "EPSG:4326");
  EXPECT_TRUE(l->placed());
  EXPECT_EQ(l->map_crs, "EPSG:4326");
  EXPECT_EQ(l->report.reproject_failed, 0u);
  // Brute force: each point through its own PROJ call.
  const CrsTransform t("EPSG:28992", "EPSG:4326");
  std::vector<double> wx = s->x, wy = s->y;
  ASSERT_EQ(t.transform(wx.data(), wy.data(), wx.size()), 0u);
  Envelope want;
  for (size_t i = 0; i < 3; ++i) want.expand(wx[i], wy[i]);
  EXPECT_DOUBLE_EQ(l->bounds.minx, want.minx);
  EXPECT_DOUBLE_EQ(l->bounds.maxx, want.maxx);
  EXPECT_DOUBLE_EQ(l->bounds.miny, want.miny);
  EXPECT_DOUBLE_EQ(l->bounds.maxy, want.maxy);
  // Leiden centre (crs_test): 52.1601 N 4.4970 E.
  EXPECT_NEAR(wx[0], 4.4970, 1e-4);
  EXPECT_NEAR(wy[0], 52.1601, 1e-4);

  std::vector<double> x, y;
  size_t skipped = 0;
  point_coordinates(*l, x, y, skipped);
  EXPECT_EQ(x, wx);
  EXPECT_EQ(y, wy);
  const Mesh m = build_mesh(*l);
  ASSERT_EQ(m.point_xy.size(), 6u);
  for (size_t i = 0; i < 3; ++i) {  // float offsets in degrees: ~1e-8 deg (a millimetre)
    EXPECT_NEAR(m.origin_x + m.point_xy[2 * i], wx[i], 1e-7);
    EXPECT_NEAR(m.origin_y + m.point_xy[2 * i + 1], wy[i], 1e-7);
  }
  // The store is never touched: still RD New.
  EXPECT_EQ(s->crs, "EPSG:28992");
  EXPECT_EQ(s->x[0], 94087.441);
}

TEST(StoreLayer, FeatureTitleIsTheTaxonAndDateInTheUiLanguage) {
  const auto l = store_point_layer(three_points(), "obs", "/data/obs.csv");
  {
    LanguageScope en(Language::English);
    EXPECT_EQ(feature_title(*l, 0), "Common Blackbird (Turdus merula) · 2021-05-03");
    EXPECT_EQ(feature_title(*l, 1), "Quercus robur");  // no vernacular name, no date
  }
  {
    LanguageScope nl(Language::Dutch);
    EXPECT_EQ(feature_title(*l, 2), "Merel (Turdus merula) · 2022-01-01");
  }
}

}  // namespace
}  // namespace biodash
