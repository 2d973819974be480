// FeatureIndex (hover/click picking): every query equals a brute-force scan of all envelopes,
// in descending feature order, for points, small and very large boxes, empty envelopes and
// degenerate extents.
#include "core/feature_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace biodash {
namespace {

std::vector<uint32_t> brute(const std::vector<Envelope>& b, double x0, double y0, double x1,
                            double y1) {
  std::vector<uint32_t> out;
  for (size_t f = b.size(); f-- > 0;) {
    const Envelope& e = b[f];
    if (!e.empty() && e.minx <= x1 && e.maxx >= x0 && e.miny <= y1 && e.maxy >= y0)
      out.push_back(static_cast<uint32_t>(f));
  }
  return out;
}

TEST(FeatureIndex, QueriesEqualABruteForceScan) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> ux(90000, 100000), uy(455000, 470000), size(0, 300);
  std::vector<Envelope> b;
  for (int i = 0; i < 5000; ++i) {
    Envelope e;
    const double x = ux(rng), y = uy(rng);
    if (i % 7 == 0) {
      e.expand(x, y);  // a point
    } else if (i % 97 == 0) {
      e.expand(89000, 454000);  // a feature over everything (the "large" list)
      e.expand(101000, 471000);
    } else if (i % 13 != 5) {
      e.expand(x, y);
      e.expand(x + size(rng), y + size(rng));
    }  // else: empty (no geometry)
    b.push_back(e);
  }
  const FeatureIndex idx(b);
  ASSERT_EQ(idx.size(), b.size());
  std::vector<uint32_t> got;
  for (int q = 0; q < 2000; ++q) {
    const double x = ux(rng) - 500, y = uy(rng) - 500, r = q % 3 == 0 ? 0 : size(rng) * 3;
    idx.query(x - r, y - r, x + r, y + r, got);
    ASSERT_EQ(got, brute(b, x - r, y - r, x + r, y + r)) << "query " << q;
  }
  // Outside everything: only nothing.
  idx.query(0, 0, 10, 10, got);
  EXPECT_TRUE(got.empty());
  // An inverted rectangle finds nothing.
  idx.query(95000, 460000, 94000, 459000, got);
  EXPECT_TRUE(got.empty());
}

TEST(FeatureIndex, AllInOnePointAndEmptyLayers) {
  std::vector<Envelope> same(10);
  for (auto& e : same) e.expand(5, 5);
  const FeatureIndex idx(same);
  std::vector<uint32_t> got;
  idx.query(5, 5, 5, 5, got);
  EXPECT_EQ(got, (std::vector<uint32_t>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  idx.query(5.1, 5, 6, 6, got);
  EXPECT_TRUE(got.empty());
  const FeatureIndex none(std::vector<Envelope>(3));
  none.query(-1e9, -1e9, 1e9, 1e9, got);
  EXPECT_TRUE(got.empty());
  const FeatureIndex empty;
  empty.query(-1e9, -1e9, 1e9, 1e9, got);
  EXPECT_TRUE(got.empty());
}

// The points mode (a store-backed layer's mesh, point i = feature i): the same answers as the
// envelope mode over each point's own envelope, computed from the mesh's float offsets;
// points with non-finite coordinates (PROJ could not place them) are never returned.
TEST(FeatureIndex, PointsModeEqualsABruteForceScanOfTheMeshPoints) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> ux(90000, 100000), uy(455000, 470000), size(0, 300);
  auto mesh = std::make_shared<Mesh>();
  mesh->origin_x = 95000;
  mesh->origin_y = 462000;
  mesh->point_identity = true;
  std::vector<Envelope> b;
  for (int i = 0; i < 20000; ++i) {
    float fx = static_cast<float>(ux(rng) - mesh->origin_x);
    float fy = static_cast<float>(uy(rng) - mesh->origin_y);
    if (i % 11 == 0) fx = fy = std::numeric_limits<float>::infinity();
    if (i % 17 == 0 && i > 0) {  // duplicates of point 1
      fx = mesh->point_xy[2];
      fy = mesh->point_xy[3];
    }
    mesh->point_xy.push_back(fx);
    mesh->point_xy.push_back(fy);
    Envelope e;
    if (std::isfinite(fx)) e.expand(mesh->origin_x + double(fx), mesh->origin_y + double(fy));
    b.push_back(e);
  }
  const FeatureIndex idx{std::shared_ptr<const Mesh>(mesh)};
  ASSERT_EQ(idx.size(), b.size());
  std::vector<uint32_t> got;
  for (int q = 0; q < 2000; ++q) {
    const double x = ux(rng), y = uy(rng), r = q % 3 == 0 ? 0 : size(rng);
    idx.query(x - r, y - r, x + r, y + r, got);
    ASSERT_EQ(got, brute(b, x - r, y - r, x + r, y + r)) << "query " << q;
  }
  const double x0 = mesh->origin_x + mesh->point_xy[2], y0 = mesh->origin_y + mesh->point_xy[3];
  idx.query(x0, y0, x0, y0, got);  // the point and its duplicates
  EXPECT_EQ(got, brute(b, x0, y0, x0, y0));
  EXPECT_GE(got.size(), 2u);
  size_t unplaced = 0;
  for (uint32_t f = 0; f < b.size(); ++f) {
    EXPECT_EQ(idx.bounds(f).empty(), b[f].empty()) << f;
    unplaced += b[f].empty() ? 1 : 0;
  }
  EXPECT_GT(unplaced, 1500u);            // the infinite ones (every 11th but the duplicates)
  EXPECT_LT(idx.bytes(), b.size() * 6);  // ids and cell offsets, no envelope per point
  // A mesh that is not one point per feature is not indexed as points.
  auto polys = std::make_shared<Mesh>();
  polys->point_xy = {1, 1};
  const FeatureIndex not_points{std::shared_ptr<const Mesh>(polys)};
  EXPECT_EQ(not_points.size(), 0u);
}

}  // namespace
}  // namespace biodash
