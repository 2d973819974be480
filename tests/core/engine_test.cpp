// Engine, hex grid and BACI against hand-computed values on small stores.
#include "core/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/baci.hpp"
#include "core/hexgrid.hpp"
#include "core/spatial_sort.hpp"

using namespace biodash;

namespace {

// A tiny store: taxa A (Turdus merula, birds), B (Turdus philomelos, birds), C (Quercus robur,
// plants); observers 1, 2.
ObservationStore tiny() {
  ObservationStore s;
  s.crs = "EPSG:28992";
  s.taxa.resize(3);
  s.taxa[0].scientific_name = "Turdus merula";
  s.taxa[0].genus = "Turdus";
  s.taxa[0].group = "birds";
  s.taxa[0].vernacular_nl = "Merel";
  s.taxa[1].scientific_name = "Turdus philomelos";
  s.taxa[1].genus = "Turdus";
  s.taxa[1].group = "birds";
  s.taxa[2].scientific_name = "Quercus robur";
  s.taxa[2].genus = "Quercus";
  s.taxa[2].group = "vascular plants";
  s.observers = {"", "obs_1", "obs_2"};
  struct R {
    double x, y;
    const char* date;
    uint32_t taxon, observer;
    Quality q;
    float unc;
  };
  const R rows[] = {
      {1, 1, "2020-05-01", 0, 1, Quality::Research, 10},  // area 0
      {2, 1, "2020-05-01", 0, 1, Quality::Research, 10},  // area 0
      {3, 1, "2020-06-15", 1, 2, Quality::NeedsId, 50},   // area 0
      {4, 1, "2021-01-10", 2, 2, Quality::Casual, 500},   // area 0
      {11, 1, "2021-07-01", 2, 1, Quality::Research, 5},  // area 1
      {12, 1, "", 0, 0, Quality::Research, NAN},          // area 1, no date, no observer
  };
  for (const R& r : rows) {
    s.x.push_back(r.x);
    s.y.push_back(r.y);
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(r.date, "%d-%u-%u", &y, &m, &d) == 3)
      s.day.push_back(days_from_civil(y, m, d));
    else
      s.day.push_back(kUnknownDay);
    s.day_span.push_back(0);
    s.taxon.push_back(r.taxon);
    s.observer.push_back(r.observer);
    s.count.push_back(1);
    s.quality.push_back(r.q);
    s.uncertainty_m.push_back(r.unc);
    s.source_row.push_back(static_cast<uint32_t>(s.source_row.size() + 1));
  }
  return s;
}

// Area 0 = x in (0,10), area 1 = x in (10,20): assignment by hand.
AreaIndex tiny_index() {
  Assignment a;
  a.n_polygons = 2;
  a.offset = {0, 1, 2, 3, 4, 5, 6};
  a.polygon = {0, 0, 0, 0, 1, 1};
  return invert(a);
}

}  // namespace

TEST(Engine, MetricsWithoutFilterByHand) {
  ObservationStore s = tiny();
  auto m = compute_metrics(s, tiny_index(), Filter{}, {true, 2, 1});
  ASSERT_EQ(m.size(), 2u);
  // Area 0: A,A,B,C -> N=4, S=3, observers {1,2}, days {2020-05-01, 2020-06-15, 2021-01-10}.
  EXPECT_EQ(m[0].n_obs, 4u);
  EXPECT_EQ(m[0].n_species, 3u);
  EXPECT_EQ(m[0].n_observers, 2u);
  EXPECT_EQ(m[0].n_days, 3u);
  EXPECT_EQ(iso_date(m[0].first_day), "2020-05-01");
  EXPECT_EQ(iso_date(m[0].last_day), "2021-01-10");
  EXPECT_NEAR(m[0].shannon, 1.5 * std::log(2.0), 1e-12);  // p = .5,.25,.25
  EXPECT_NEAR(m[0].simpson, 0.625, 1e-12);
  EXPECT_DOUBLE_EQ(m[0].chao1, 3 + 0.75 * 4 / 2);  // f1=2 (B,C), f2=1 (A), N=4: 4.5
  EXPECT_NEAR(m[0].rarefied, 11.0 / 6.0, 1e-12);        // see MetricsTest: {2,1,1}, m=2
  // Area 1: C (obs 1) and an undated A without observer.
  EXPECT_EQ(m[1].n_obs, 2u);
  EXPECT_EQ(m[1].n_species, 2u);
  EXPECT_EQ(m[1].n_observers, 1u);
  EXPECT_EQ(m[1].n_days, 1u);
}

TEST(Engine, FiltersByHand) {
  ObservationStore s = tiny();
  AreaIndex idx = tiny_index();
  Filter f;
  f.from_day = days_from_civil(2020, 6, 1);  // undated records drop out under a time filter
  auto m = compute_metrics(s, idx, f, {false, 0, 1});
  EXPECT_EQ(m[0].n_obs, 2u);  // 2020-06-15, 2021-01-10
  EXPECT_EQ(m[1].n_obs, 1u);  // 2021-07-01 only
  Filter season;
  season.months = 1u << 4;  // May
  EXPECT_EQ(compute_metrics(s, idx, season, {false, 0, 1})[0].n_obs, 2u);
  Filter taxon;
  taxon.taxon_allowed = taxon_mask(s, "turdus");  // genus, case-insensitive
  m = compute_metrics(s, idx, taxon, {false, 0, 1});
  EXPECT_EQ(m[0].n_obs, 3u);
  EXPECT_EQ(m[0].n_species, 2u);
  EXPECT_EQ(m[1].n_obs, 1u);
  EXPECT_EQ(taxon_mask(s, "Merel"), (std::vector<uint8_t>{1, 0, 0}));  // Dutch name
  EXPECT_EQ(taxon_mask(s, "vascular plants"), (std::vector<uint8_t>{0, 0, 1}));
  Filter quality;
  quality.min_quality = Quality::Research;
  EXPECT_EQ(compute_metrics(s, idx, quality, {false, 0, 1})[0].n_obs, 2u);
  Filter unc;
  unc.max_uncertainty_m = 50;  // 500 m drops; unknown (NaN) passes
  m = compute_metrics(s, idx, unc, {false, 0, 1});
  EXPECT_EQ(m[0].n_obs, 3u);
  EXPECT_EQ(m[1].n_obs, 2u);
  Filter obs;
  obs.observer_allowed = {0, 0, 1};  // obs_2 only
  EXPECT_EQ(compute_metrics(s, idx, obs, {false, 0, 1})[0].n_obs, 2u);
}

TEST(Engine, SpeciesCountsAndYears) {
  ObservationStore s = tiny();
  AreaIndex idx = tiny_index();
  auto sc = species_counts(s, idx, 0, {});
  ASSERT_EQ(sc.size(), 3u);
  EXPECT_EQ(sc[0], (std::pair<uint32_t, uint64_t>{0, 2}));
  auto y = records_per_year(s, idx, 0, {});
  ASSERT_EQ(y.size(), 2u);
  EXPECT_EQ(y[0].year, 2020);
  EXPECT_EQ(y[0].records, 3u);
  EXPECT_EQ(y[0].species, 2u);
  EXPECT_EQ(y[1].year, 2021);
  EXPECT_EQ(y[1].records, 1u);
}

// The union of areas 0 and 1 (each record once), by hand from the table above: 6 records,
// taxa A, B, C = 3 species, observers 1 and 2, days 2020-05-01, 2020-06-15, 2021-01-10,
// 2021-07-01 = 4 (the undated record counts as a record only). With only area 1: 2 records,
// 2 species, 1 day. And a filter from 2021 on: 2 records (C twice), 1 species, 2 days.
TEST(Engine, MetricsOfUnionByHand) {
  const ObservationStore s = tiny();
  const AreaIndex idx = tiny_index();
  AreaMetrics m = metrics_of_union(s, idx, {0, 1, 1}, Filter{});
  EXPECT_EQ(m.n_obs, 6u);
  EXPECT_EQ(m.n_species, 3u);
  EXPECT_EQ(m.n_observers, 2u);
  EXPECT_EQ(m.n_days, 4u);
  EXPECT_EQ(m.first_day, days_from_civil(2020, 5, 1));
  EXPECT_EQ(m.last_day, days_from_civil(2021, 7, 1));
  m = metrics_of_union(s, idx, {1}, Filter{});
  EXPECT_EQ(m.n_obs, 2u);
  EXPECT_EQ(m.n_species, 2u);
  EXPECT_EQ(m.n_days, 1u);
  Filter from2021;
  from2021.from_day = days_from_civil(2021, 1, 1);
  m = metrics_of_union(s, idx, {0, 1}, from2021);
  EXPECT_EQ(m.n_obs, 2u);
  EXPECT_EQ(m.n_species, 1u);
  EXPECT_EQ(m.n_days, 2u);
}

TEST(Engine, ParallelEqualsSerial) {
  // Random store over 50 areas: 1 thread and 2 threads give identical metrics.
  ObservationStore s;
  s.taxa.resize(40);
  s.observers.resize(30);
  std::mt19937 rng(3);
  Assignment a;
  a.n_polygons = 50;
  a.offset.push_back(0);
  for (int i = 0; i < 200000; ++i) {
    s.x.push_back(0);
    s.y.push_back(0);
    s.day.push_back(18000 + static_cast<int32_t>(rng() % 2000));
    s.day_span.push_back(0);
    s.taxon.push_back(rng() % 40);
    s.observer.push_back(rng() % 30);
    s.count.push_back(1);
    s.quality.push_back(Quality::Research);
    s.uncertainty_m.push_back(10);
    s.source_row.push_back(i + 1);
    a.polygon.push_back(rng() % 50);
    a.offset.push_back(static_cast<uint32_t>(a.polygon.size()));
  }
  AreaIndex idx = invert(a);
  auto m1 = compute_metrics(s, idx, {}, {true, 50, 1});
  auto m2 = compute_metrics(s, idx, {}, {true, 50, 2});
  MetricsOptions lean{false, 0, 2};
  lean.effort = false;  // only records and richness: the same numbers, less work
  auto m3 = compute_metrics(s, idx, {}, lean);
  for (size_t p = 0; p < 50; ++p) {
    EXPECT_EQ(m1[p].n_obs, m2[p].n_obs);
    EXPECT_EQ(m1[p].n_species, m2[p].n_species);
    EXPECT_EQ(m1[p].shannon, m2[p].shannon);
    EXPECT_EQ(m1[p].rarefied, m2[p].rarefied);
    EXPECT_EQ(m3[p].n_obs, m1[p].n_obs);
    EXPECT_EQ(m3[p].n_species, m1[p].n_species);
    EXPECT_EQ(m3[p].n_observers, 0u);
  }
}

TEST(HexGrid, CellsTileWithoutGapsOrDoubles) {
  const double e = 250;
  Envelope ext{90000, 460000, 96000, 466000};
  HexGrid g(e, ext);
  EXPECT_NEAR(g.cell_area(), 1.5 * std::sqrt(3.0) * e * e, 1e-6);
  GEOSContextHandle_t h = geos_ctx();
  double area = 0;
  GEOSArea_r(h, g.polygon(0).get(), &area);
  EXPECT_NEAR(area, g.cell_area(), 1e-6 * area);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ux(ext.minx, ext.maxx), uy(ext.miny, ext.maxy);
  for (int k = 0; k < 3000; ++k) {
    const double x = ux(rng), y = uy(rng);
    const int64_t c = g.cell_of(x, y);
    ASSERT_GE(c, 0) << "gap at " << x << "," << y;  // every point of the extent has a cell
    GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x, y));
    // Its cell's polygon covers it, and no other nearby cell's interior contains it.
    EXPECT_EQ(GEOSIntersects_r(h, g.polygon(static_cast<size_t>(c)).get(), pt.get()), 1);
    int containing = 0;
    for (size_t i = 0; i < g.size(); ++i) {
      double cx, cy;
      g.center(i, cx, cy);
      if (std::hypot(cx - x, cy - y) > 2 * e) continue;
      containing += GEOSContains_r(h, g.polygon(i).get(), pt.get()) == 1;
    }
    EXPECT_LE(containing, 1);
  }
  // Hex vertices: on three cells' boundaries, assigned to exactly one.
  double cx, cy;
  g.center(g.size() / 2, cx, cy);
  Assignment a =
      assign_hex(g, std::vector<double>{cx + e}.data(), std::vector<double>{cy}.data(), 1);
  EXPECT_EQ(a.offset[1] - a.offset[0], 1u);
}

TEST(Baci, ContrastByHand) {
  // Impact area 0, control area 1, date 2021-01-01.
  ObservationStore s = tiny();
  AreaIndex idx = tiny_index();
  BaciResult r = baci(s, idx, {0}, {1}, days_from_civil(2021, 1, 1));
  // Impact before: A,A,B (S=2, N=3); after: C (S=1, N=1).
  // Control before: none; after: C on 2021-07-01 (the undated record is in neither period).
  EXPECT_EQ(r.impact_before.m.n_species, 2u);
  EXPECT_EQ(r.impact_after.m.n_species, 1u);
  EXPECT_EQ(r.control_before.m.n_obs, 0u);
  EXPECT_EQ(r.control_after.m.n_species, 1u);
  EXPECT_DOUBLE_EQ(r.contrast_species, (1.0 - 2.0) - (1.0 - 0.0));  // -2
  EXPECT_DOUBLE_EQ(r.contrast_records, (1.0 - 3.0) - (1.0 - 0.0));  // -3
  // Effort: observer-days. Impact before: (obs1, 05-01), (obs2, 06-15) = 2.
  EXPECT_EQ(r.impact_before.observer_days, 2u);
  EXPECT_EQ(r.rarefy_m, 0u);  // a period with no records: no rarefaction
}

TEST(SpatialSort, PermutesAllColumnsTogetherAndGroupsNeighbours) {
  ObservationStore s = tiny();
  // Reverse x so the sort must move rows; make row i identifiable by its taxon/day/source_row.
  std::reverse(s.x.begin(), s.x.end());
  ObservationStore before = s;
  sort_spatially(s);
  ASSERT_EQ(s.size(), before.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t j = s.source_row[i] - 1;  // where this row was
    EXPECT_EQ(s.x[i], before.x[j]);
    EXPECT_EQ(s.taxon[i], before.taxon[j]);
    EXPECT_EQ(s.day[i], before.day[j]);
    EXPECT_EQ(s.observer[i], before.observer[j]);
  }
  // All points share y = 1: the Morton order is then the x order.
  EXPECT_TRUE(std::is_sorted(s.x.begin(), s.x.end()));
}

// The radix sort against a brute-force reference: stable sort by a bit-by-bit interleaved
// Morton code of 16-bit quantised coordinates, non-finite points last in file order.
TEST(SpatialSort, EqualsStableSortByMortonCodeWithNonFiniteLast) {
  ObservationStore s;
  uint64_t r = 12345;
  auto next = [&] {
    r = r * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(r >> 33) / static_cast<double>(1ull << 31);
  };
  const size_t n = 5000;
  for (size_t i = 0; i < n; ++i) {
    double x = 1000 + 500 * next(), y = 2000 + 300 * next();
    if (i % 97 == 0) x = std::nan("");
    if (i % 50 == 1) y = s.y.empty() ? y : s.y.back(), x = s.x.back();  // duplicates
    s.x.push_back(x), s.y.push_back(y);
    s.day.push_back(static_cast<int32_t>(i)), s.day_span.push_back(0);
    s.taxon.push_back(0), s.observer.push_back(0), s.count.push_back(1);
    s.quality.push_back(Quality::Unknown), s.uncertainty_m.push_back(0);
    s.source_row.push_back(static_cast<uint32_t>(i + 1));
  }
  double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
      minx = std::min(minx, s.x[i]), maxx = std::max(maxx, s.x[i]), miny = std::min(miny, s.y[i]),
      maxy = std::max(maxy, s.y[i]);
  auto code = [&](size_t i) -> uint64_t {
    if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) return uint64_t{1} << 40;
    const auto qx = static_cast<uint32_t>((s.x[i] - minx) * (65535.0 / (maxx - minx)));
    const auto qy = static_cast<uint32_t>((s.y[i] - miny) * (65535.0 / (maxy - miny)));
    uint64_t c = 0;
    for (int bit = 0; bit < 16; ++bit)
      c |=
          (uint64_t{(qx >> bit) & 1u} << (2 * bit)) | (uint64_t{(qy >> bit) & 1u} << (2 * bit + 1));
    return c;
  };
  std::vector<size_t> want(n);
  for (size_t i = 0; i < n; ++i) want[i] = i;
  std::stable_sort(want.begin(), want.end(), [&](size_t a, size_t b) { return code(a) < code(b); });
  sort_spatially(s);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(s.source_row[i], want[i] + 1) << "position " << i;
}
