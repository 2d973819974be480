// Picking on a store-backed point layer (an observation set): 47,473 real muskrat and beaver
// rat catches (UVW, NL 2019, RD New), no GEOS geometry per point. pick_feature through the
// points-mode FeatureIndex must give what a brute-force scan of every record gives: the
// nearest record within the tolerance (the later one on a tie), in RD New and after the map
// moves to WGS 84 (each point through its own PROJ call).
#include "workspace/layer_ops.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/crs.hpp"
#include "io/occurrence_reader.hpp"

namespace biodash {
namespace {

const std::string kMuskrat =
    std::string(BIODASH_TEST_DATA) +
    "/occurrences/muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv";

// Nearest of (x, y) within `tol`, ties to the later record; -2 when the answer is too close to
// call in float (a second record or the tolerance within 1 mm-equivalent of the best).
int64_t brute_nearest(const std::vector<double>& px, const std::vector<double>& py, double x,
                      double y, double tol, double eps) {
  int64_t best = -1;
  double best_d = std::numeric_limits<double>::infinity(), second = best_d;
  for (size_t i = 0; i < px.size(); ++i) {
    const double d = std::hypot(px[i] - x, py[i] - y);
    if (d <= best_d) {
      second = best_d;
      best_d = d;
      best = static_cast<int64_t>(i);
    } else if (d < second) {
      second = d;
    }
  }
  if (std::fabs(best_d - tol) < eps) return -2;
  if (best_d > tol) return -1;
  if (second - best_d < eps && second != best_d) return -2;
  return best;
}

void expect_picks_match(const Layer& l, const FeatureIndex& idx, const std::vector<double>& px,
                        const std::vector<double>& py, double tol, double eps, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> any(0, px.size() - 1);
  std::normal_distribution<double> off(0, tol);
  size_t hits = 0, misses = 0;
  for (int q = 0; q < 400; ++q) {
    const size_t k = any(rng);
    const double x = px[k] + off(rng), y = py[k] + off(rng);
    const int64_t want = brute_nearest(px, py, x, y, tol, eps);
    if (want == -2) continue;
    const int64_t got = pick_feature(l, idx, x, y, tol);
    if (want >= 0 && got >= 0 && want != got) {
      // Equal coordinates (several catches at one trap): any of them is right.
      EXPECT_EQ(px[size_t(got)], px[size_t(want)]) << "query " << q;
      EXPECT_EQ(py[size_t(got)], py[size_t(want)]) << "query " << q;
    } else {
      EXPECT_EQ(got, want) << "query " << q << " at " << x << ", " << y;
    }
    (want >= 0 ? hits : misses) += 1;
  }
  EXPECT_GT(hits, 100u);
  EXPECT_GT(misses, 20u);
}

TEST(LayerOps, PickingAStoreLayerEqualsABruteForceScanInBothCrss) {
  IngestReport rep;
  auto store = std::make_shared<const ObservationStore>(
      read_occurrences(kMuskrat, OccurrenceOptions{}, rep));
  ASSERT_EQ(store->size(), 47473u);  // README
  std::shared_ptr<const Layer> layer = store_point_layer(store, "muskrat", kMuskrat);
  const PreparedLayer p = prepare(layer);
  ASSERT_NE(p.mesh, nullptr);
  ASSERT_NE(p.features, nullptr);
  ASSERT_TRUE(p.mesh->point_identity);
  EXPECT_EQ(p.features->size(), store->size());
  EXPECT_LT(p.features->bytes(), store->size() * 8);  // no envelope per point
  // RD New: 25 m tolerance (about 5 pixels at a city scale).
  expect_picks_match(*layer, *p.features, store->x, store->y, 25.0, 1e-3, 1);

  // The map in WGS 84: the same layer placed again from the store (shared, not copied).
  const PreparedLayer w = replace_into(*layer, "EPSG:4326");
  EXPECT_EQ(w.layer->store, store);
  EXPECT_EQ(w.layer->map_crs, "EPSG:4326");
  std::vector<double> lon = store->x, lat = store->y;
  CrsTransform t("EPSG:28992", "EPSG:4326");
  ASSERT_EQ(t.transform(lon.data(), lat.data(), lon.size()), 0u);
  expect_picks_match(*w.layer, *w.features, lon, lat, 3e-4, 1e-7, 2);
  // Far from every record: nothing.
  EXPECT_EQ(pick_feature(*w.layer, *w.features, 0.0, 0.0, 3e-4), -1);
}

}  // namespace
}  // namespace biodash
