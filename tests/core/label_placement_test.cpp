#include "core/label_placement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "core/layer.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

Envelope square(double cx, double cy, double side) {
  Envelope e;
  e.expand(cx - side / 2, cy - side / 2);
  e.expand(cx + side / 2, cy + side / 2);
  return e;
}

LabelCandidate cand(const std::string& text, double x, double y, float w, float h,
                    const Envelope& bounds = {}, int priority = 0, bool always = false) {
  LabelCandidate c;
  c.text = text;
  c.x = x;
  c.y = y;
  c.width_px = w;
  c.height_px = h;
  c.feature_bounds = bounds;
  c.priority = priority;
  c.always = always;
  return c;
}

struct TestBox {
  double x0, y0, x1, y1;
};

TestBox box_of(const PlacedLabel& p, const std::vector<LabelCandidate>& c) {
  const double x = p.x_px, y = p.y_px;
  return {x, y, x + c[p.candidate].width_px, y + c[p.candidate].height_px};
}

bool too_close(const TestBox& a, const TestBox& b, double pad) {
  return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
}

bool is_point(const Envelope& e) {
  return e.empty() || (e.width() == 0 && e.height() == 0);
}

// The same greedy rules as place_labels, written the slow and obvious way: every candidate
// position is checked against every box placed so far.
std::vector<PlacedLabel> brute_force_greedy(const std::vector<LabelCandidate>& c,
                                            const LabelView& v, const LabelRules& r) {
  std::vector<size_t> order;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i].always) continue;  // not used by the random test
    const Envelope& b = c[i].feature_bounds;
    if (!is_point(b) && b.width() * v.pixels_per_unit < r.min_feature_px &&
        b.height() * v.pixels_per_unit < r.min_feature_px)
      continue;
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (c[a].priority != c[b].priority) return c[a].priority > c[b].priority;
    double aa = c[a].feature_bounds.width() * c[a].feature_bounds.height();
    double ab = c[b].feature_bounds.width() * c[b].feature_bounds.height();
    return aa > ab;
  });
  std::vector<PlacedLabel> out;
  std::vector<TestBox> boxes;
  for (size_t i : order) {
    double sx = 0, sy = 0;
    v.to_screen(c[i].x, c[i].y, sx, sy);
    const double w = c[i].width_px, h = c[i].height_px, p = r.padding_px, m = r.margin_px;
    const double pos[5][2] = {{sx - w / 2, sy - h / 2},
                              {sx - w / 2, sy - p - h},
                              {sx - w / 2, sy + p},
                              {sx - p - w, sy - h / 2},
                              {sx + p, sy - h / 2}};
    const int n = is_point(c[i].feature_bounds) ? 5 : 1;
    for (int k = 0; k < n; ++k) {
      const float fx = static_cast<float>(pos[k][0]), fy = static_cast<float>(pos[k][1]);
      TestBox b{fx, fy, fx + w, fy + h};
      if (b.x0 < m || b.y0 < m || b.x1 > v.width - m || b.y1 > v.height - m) continue;
      bool hit = false;
      for (const TestBox& o : boxes) hit = hit || too_close(b, o, p);
      if (hit) continue;
      boxes.push_back(b);
      out.push_back({i, fx, fy});
      break;
    }
  }
  return out;
}

std::vector<LabelCandidate> random_candidates(size_t n, const LabelView& v, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double half_w = v.width / 2 / v.pixels_per_unit, half_h = v.height / 2 / v.pixels_per_unit;
  // Anchors over the view and a little beyond it (those labels must be dropped).
  std::uniform_real_distribution<double> ux(v.center_x - 1.1 * half_w, v.center_x + 1.1 * half_w);
  std::uniform_real_distribution<double> uy(v.center_y - 1.1 * half_h, v.center_y + 1.1 * half_h);
  std::uniform_real_distribution<double> uw(20, 160), uh(10, 24), uside(0, 150);
  std::uniform_int_distribution<int> upri(0, 3), ukind(0, 2);
  std::vector<LabelCandidate> c;
  for (size_t i = 0; i < n; ++i) {
    double x = ux(rng), y = uy(rng);
    Envelope b;  // a third points, the others areas from 0 to 150 map units (= px here)
    if (ukind(rng) != 0) b = square(x, y, uside(rng));
    c.push_back(cand("label " + std::to_string(i), x, y, static_cast<float>(uw(rng)),
                     static_cast<float>(uh(rng)), b, upri(rng)));
  }
  return c;
}

// Each grid point (i, j), i, j in 0..9, 500 map units apart, is the centre of a square whose
// side is 22 + 4k with k = (37 * (10 j + i)) % 100: all sides 22..418, scattered over the grid.
std::vector<LabelCandidate> grid_of_squares(float label_w, float label_h) {
  std::vector<LabelCandidate> c;
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 10; ++i) {
      int k = (37 * (10 * j + i)) % 100;
      double side = 22 + 4 * k;
      c.push_back(cand(std::to_string(k), 500.0 * i, 500.0 * j, label_w, label_h,
                       square(500.0 * i, 500.0 * j, side)));
    }
  return c;
}

std::set<std::string> placed_texts(const std::vector<PlacedLabel>& p,
                                   const std::vector<LabelCandidate>& c) {
  std::set<std::string> s;
  for (const auto& l : p) s.insert(c[l.candidate].text);
  return s;
}

GeomPtr point(double x, double y) {
  return from_wkt("POINT(" + std::to_string(x) + " " + std::to_string(y) + ")");
}

bool contains(const GEOSGeometry* poly, double x, double y) {
  GeomPtr p = point(x, y);
  return GEOSContains_r(geos_ctx(), poly, p.get()) == 1;
}

std::pair<double, double> centroid(const GEOSGeometry* g) {
  GeomPtr c(GEOSGetCentroid_r(geos_ctx(), g));
  double x = 0, y = 0;
  GEOSGeomGetX_r(geos_ctx(), c.get(), &x);
  GEOSGeomGetY_r(geos_ctx(), c.get(), &y);
  return {x, y};
}

}  // namespace

TEST(LabelPlacement, RandomSetHasNoOverlapsAndEqualsBruteForceGreedy) {
  LabelView v{94000, 463900, 1.0, 1600, 1000};
  LabelRules r;
  r.min_feature_px = 40;
  auto c = random_candidates(2000, v, 42);
  auto placed = place_labels(c, v, r);
  ASSERT_GT(placed.size(), 100u);
  ASSERT_LT(placed.size(), 1500u);
  // O(n^2): no two boxes closer than the padding, all inside the image minus the margin.
  for (size_t a = 0; a < placed.size(); ++a) {
    TestBox ba = box_of(placed[a], c);
    EXPECT_GE(ba.x0, r.margin_px);
    EXPECT_GE(ba.y0, r.margin_px);
    EXPECT_LE(ba.x1, v.width - r.margin_px);
    EXPECT_LE(ba.y1, v.height - r.margin_px);
    for (size_t b = a + 1; b < placed.size(); ++b)
      ASSERT_FALSE(too_close(ba, box_of(placed[b], c), r.padding_px))
          << c[placed[a].candidate].text << " vs " << c[placed[b].candidate].text;
  }
  // The grid finds exactly what checking every placed box finds.
  auto ref = brute_force_greedy(c, v, r);
  ASSERT_EQ(placed.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    EXPECT_EQ(placed[i].candidate, ref[i].candidate) << i;
    EXPECT_EQ(placed[i].x_px, ref[i].x_px) << i;
    EXPECT_EQ(placed[i].y_px, ref[i].y_px) << i;
  }
  // Deterministic.
  auto again = place_labels(c, v, r);
  ASSERT_EQ(again.size(), placed.size());
  for (size_t i = 0; i < placed.size(); ++i) EXPECT_EQ(again[i].candidate, placed[i].candidate);
}

TEST(LabelPlacement, AlwaysLabelIsPlacedOverAHigherPriorityOne) {
  // ppu 1, 200 x 100 px centred on (0, 0): map (x, y) is at pixel (x + 100, 50 - y).
  LabelView v{0, 0, 1.0, 200, 100};
  // Areas: the selected feature's label takes the centre, the other one has nowhere to go.
  std::vector<LabelCandidate> c = {cand("A", 0, 0, 40, 10, square(0, 0, 100), 10),
                                   cand("B", 0, 0, 40, 10, square(0, 0, 100), 0, true)};
  auto p = place_labels(c, v);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].candidate, 1u);
  EXPECT_FLOAT_EQ(p[0].x_px, 80);  // 100 - 40 / 2
  EXPECT_FLOAT_EQ(p[0].y_px, 45);  // 50 - 10 / 2
  // Points: the other one, 12 units above, is 2 px too close centred (box 33..43 vs 45..55)
  // and moves above its anchor (38 px): bottom edge 4 px padding above it.
  c[0].feature_bounds = Envelope{};
  c[1].feature_bounds = Envelope{};
  c[0].y = 12;
  p = place_labels(c, v);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].candidate, 1u);
  EXPECT_FLOAT_EQ(p[0].x_px, 80);
  EXPECT_FLOAT_EQ(p[0].y_px, 45);
  EXPECT_EQ(p[1].candidate, 0u);
  EXPECT_FLOAT_EQ(p[1].x_px, 80);
  EXPECT_FLOAT_EQ(p[1].y_px, 24);  // 38 - 4 - 10
  // Without `always` the higher priority wins.
  c[1].always = false;
  c[0].y = 0;
  c[0].feature_bounds = c[1].feature_bounds = square(0, 0, 100);
  p = place_labels(c, v);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].candidate, 0u);
}

TEST(LabelPlacement, ZoomingOutPlacesFewerLabelsOfSmallFeatures) {
  // Labels 16 x 8 px: at ppu >= 0.1 the grid points are >= 50 px apart, so no two labels
  // collide and exactly the squares with side * ppu >= 40 px are labelled: side 22 + 4k >=
  // 40 / ppu (never equal: sides are 2 mod 4, the thresholds 0 mod 4).
  auto c = grid_of_squares(16, 8);
  const std::pair<double, int> want[] = {{1.0, 5}, {0.5, 15}, {0.25, 35}, {0.2, 45}, {0.1, 95}};
  std::set<std::string> previous;
  for (auto [ppu, kmin] : want) {
    LabelView v{2250, 2250, ppu, 5200, 5200};
    auto texts = placed_texts(place_labels(c, v), c);
    std::set<std::string> expected;
    for (int k = kmin; k < 100; ++k) expected.insert(std::to_string(k));
    EXPECT_EQ(texts, expected) << "ppu " << ppu;
    if (!previous.empty()) {
      EXPECT_TRUE(std::includes(previous.begin(), previous.end(), texts.begin(), texts.end()));
    }
    previous = texts;
  }
  // Wide labels (120 px) also collide once zoomed out; the count still never grows.
  auto wide = grid_of_squares(120, 14);
  size_t last = SIZE_MAX;
  int steps_with_fewer = 0;
  for (double ppu = 2.0; ppu > 0.01; ppu *= 0.9) {
    LabelView v{2250, 2250, ppu, 10000, 10000};
    size_t n = place_labels(wide, v).size();
    EXPECT_LE(n, last) << "ppu " << ppu;
    steps_with_fewer += n < last;
    last = n;
  }
  EXPECT_EQ(last, 0u);  // at ppu < 40 / 418 even the largest square is < 40 px
  EXPECT_GT(steps_with_fewer, 10);
}

TEST(LabelPlacement, LabelsOutsideTheViewportAreDroppedAndSelectedOnesClamped) {
  // ppu 1, 200 x 100 px centred on (0, 0): map (x, y) is at pixel (x + 100, 50 - y). Margin
  // 2 px: a box must lie within [2, 198] x [2, 98]. Areas (100 x 100) unless noted.
  LabelView v{0, 0, 1.0, 200, 100};
  const Envelope area = square(0, 0, 100);
  std::vector<LabelCandidate> c = {
      cand("inside", 0, 0, 20, 10, area),                  // box 90..110 x 45..55
      cand("anchor outside", 150, 0, 20, 10, area),        // anchor at x = 250 px
      cand("crosses edge", 95, 0, 20, 10, area),           // box 185..205
      cand("just inside margin", 87.5, 20, 20, 10, area),  // box 177.5..197.5 x 25..35
      cand("in margin", 89, -30, 20, 10, area),            // box 179..199
      cand("crosses top", 0, 47, 20, 10, area),            // box y -2..8
      cand("selected far away", 1000, 1000, 20, 10, area, 0, true),
      cand("point near edge", 90, 0, 20, 10),  // centred/above/below cross the edge: left
      cand("too big", 0, -30, 300, 10, area),  // wider than the image
  };
  auto p = place_labels(c, v);
  std::map<std::string, std::pair<float, float>> got;
  for (const auto& l : p) got[c[l.candidate].text] = {l.x_px, l.y_px};
  std::map<std::string, std::pair<float, float>> want = {
      {"selected far away", {178, 2}},  // clamped to the top-right corner inside the margin
      {"inside", {90, 45}},
      {"just inside margin", {177.5f, 25}},
      {"point near edge", {166, 45}},  // 190 - 4 - 20
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(c[p[0].candidate].text, "selected far away");  // always first
  // An `always` label wider than the image keeps its left edge at the margin.
  c[8].always = true;
  p = place_labels(c, v);
  ASSERT_GE(p.size(), 2u);
  EXPECT_EQ(p[0].candidate, 6u);  // both selected: by index
  EXPECT_EQ(p[1].candidate, 8u);
  EXPECT_FLOAT_EQ(p[1].x_px, 2);
  EXPECT_FLOAT_EQ(p[1].y_px, 75);  // 50 + 30 - 5
  // An empty view places nothing.
  EXPECT_TRUE(place_labels(c, LabelView{0, 0, 1.0, 0, 100}).empty());
  EXPECT_TRUE(place_labels(c, LabelView{0, 0, 0.0, 200, 100}).empty());
}

TEST(LabelPlacement, DensityRuleSkipsSmallAreasNotPointsLinesOrTheSelected) {
  LabelView v{0, 0, 0.1, 400, 400};  // 10 map units per pixel
  Envelope line;                     // a horizontal line 500 units = 50 px long
  line.expand(-1000, -500);
  line.expand(-500, -500);
  Envelope zero;  // a point given as a zero-size envelope
  zero.expand(500, 500);
  std::vector<LabelCandidate> c = {
      cand("small", -1000, 1000, 20, 10, square(-1000, 1000, 390)),  // 39 x 39 px
      cand("big enough", 1000, 1000, 20, 10, square(1000, 1000, 410)),
      cand("point", 0, 0, 20, 10),
      cand("zero-size", 500, 500, 20, 10, zero),
      cand("line", -750, -500, 20, 10, line),
      cand("small selected", 1000, -1000, 20, 10, square(1000, -1000, 10), 0, true),
      cand("", 0, 1500, 20, 10),           // no text
      cand("unmeasured", 0, -1500, 0, 0),  // the face did not measure it
  };
  auto got = placed_texts(place_labels(c, v), c);
  EXPECT_EQ(got,
            (std::set<std::string>{"big enough", "point", "zero-size", "line", "small selected"}));
  LabelRules none;
  none.min_feature_px = 0;
  EXPECT_EQ(placed_texts(place_labels(c, v, none), c).count("small"), 1u);
}

TEST(LabelPlacement, TenThousandCandidatesPlaceQuickly) {
  LabelView v{0, 0, 1.0, 1920, 1080};
  auto c = random_candidates(10000, v, 7);
  double best_ms = 1e9;
  size_t n = 0;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    n = place_labels(c, v).size();
    best_ms = std::min(
        best_ms,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("10000 candidates, %zu placed, %.2f ms\n", n, best_ms);
  EXPECT_GT(n, 0u);
  EXPECT_LT(best_ms, 50.0);  // typically ~1-2 ms; generous for sanitizer/debug builds
}

TEST(LabelPlacement, AnchorOfConcavePolygonsLiesInsideWhereTheCentroidDoesNot) {
  // Thin L: arms 1 unit wide. Centroid (54.5/19, 54.5/19) = (2.87, 2.87): in the notch.
  GeomPtr l = from_wkt("POLYGON((0 0,10 0,10 1,1 1,1 10,0 10,0 0))");
  // C open to the right, back 3 wide, arms 2 wide: centroid x = (2000 - 102 * 11.5) / 98 =
  // 8.44, y = 5: in the opening. The widest part is the back (inscribed radius 1.5).
  GeomPtr cshape = from_wkt("POLYGON((0 0,20 0,20 2,3 2,3 8,20 8,20 10,0 10,0 0))");
  for (const GEOSGeometry* g : {l.get(), cshape.get()}) {
    auto [cx, cy] = centroid(g);
    EXPECT_FALSE(contains(g, cx, cy)) << to_wkt(g);
    auto [x, y] = label_anchor(g);
    EXPECT_TRUE(contains(g, x, y)) << to_wkt(g) << " anchor " << x << " " << y;
  }
  auto [x, y] = label_anchor(cshape.get());
  // In the back: radius >= 1.5 - 0.2 (tolerance 1% of 20) only for 1.3 <= x <= 1.7 there.
  EXPECT_NEAR(x, 1.5, 0.21);
  EXPECT_GE(y, 1.29);
  EXPECT_LE(y, 8.71);
  // A multipolygon: in its widest part.
  GeomPtr mp = from_wkt("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((10 0,20 0,20 10,10 10,10 0)))");
  auto [mx, my] = label_anchor(mp.get());
  EXPECT_NEAR(mx, 15, 0.3);
  EXPECT_NEAR(my, 5, 0.3);
  // A polygon with a hole round its centre: not in the hole.
  GeomPtr holed = from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,8 2,8 8,2 8,2 2))");
  auto [hx, hy] = label_anchor(holed.get());
  EXPECT_TRUE(contains(holed.get(), hx, hy));
}

TEST(LabelPlacement, AnchorOfLinesPointsAndEmptyGeometries) {
  GeomPtr line = from_wkt("LINESTRING(0 0,10 0,10 10)");  // 20 long: halfway is the corner
  auto [x, y] = label_anchor(line.get());
  EXPECT_DOUBLE_EQ(x, 10);
  EXPECT_DOUBLE_EQ(y, 0);
  GeomPtr slanted = from_wkt("LINESTRING(0 0,6 8)");  // 10 long
  auto [sx, sy] = label_anchor(slanted.get());
  EXPECT_NEAR(sx, 3, 1e-12);
  EXPECT_NEAR(sy, 4, 1e-12);
  GeomPtr multi = from_wkt("MULTILINESTRING((0 0,2 0),(0 5,0 15))");  // the longer one
  auto [mx, my] = label_anchor(multi.get());
  EXPECT_DOUBLE_EQ(mx, 0);
  EXPECT_DOUBLE_EQ(my, 10);
  GeomPtr pt = from_wkt("POINT(94000.5 463900.25)");
  auto [px, py] = label_anchor(pt.get());
  EXPECT_DOUBLE_EQ(px, 94000.5);
  EXPECT_DOUBLE_EQ(py, 463900.25);
  GeomPtr mpt = from_wkt("MULTIPOINT((0 0),(4 0),(10 0))");  // the point nearest the centroid
  auto [qx, qy] = label_anchor(mpt.get());
  EXPECT_DOUBLE_EQ(qx, 4);
  EXPECT_DOUBLE_EQ(qy, 0);
  GeomPtr empty = from_wkt("POLYGON EMPTY");
  EXPECT_TRUE(std::isnan(label_anchor(empty.get()).first));
  EXPECT_TRUE(std::isnan(label_anchor(nullptr).first));
}

TEST(LabelPlacement, DefaultLabelField) {
  auto field_of = [](std::vector<std::string> fields) {
    Layer l;
    l.fields = std::move(fields);
    return default_label_field(l);
  };
  EXPECT_EQ(field_of({"statcode", "jrstatcode", "statnaam", "rubriek", "id", "FID"}), 2);
  EXPECT_EQ(field_of({"buurtcode", "BUURTNAAM", "gemeentenaam"}), 1);
  EXPECT_EQ(field_of({"wijknaam", "Naam"}), 1);  // an exact name beats a ...naam
  EXPECT_EQ(field_of({"name_en", "Title"}), 1);  // a title beats a name_xx
  EXPECT_EQ(field_of({"NAME_1", "id"}), 0);
  EXPECT_EQ(field_of({"id", "code", "area"}), -1);
  EXPECT_EQ(field_of({}), -1);
}

TEST(LabelPlacement, RealLeidenWijkenAreLabelledByStatnaamInside) {
  // data/leiden/leiden_wijken_2024.geojson: a byte-identical copy of
  // shared/data/real/nl-leiden-cbs-boundaries-2024 (CBS 2024 wijken, generalised).
  OpenOptions o;
  o.map_crs = "EPSG:28992";
  auto layers =
      read_vector_file(std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson", o);
  ASSERT_EQ(layers.size(), 1u);
  const Layer& l = layers[0];
  ASSERT_TRUE(l.placed());
  int f = default_label_field(l);
  ASSERT_GE(f, 0);
  EXPECT_EQ(l.fields[f], "statnaam");
  auto c = layer_label_candidates(l, f, 3);
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c[0].text, "Binnenstad-Zuid");
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c[i].feature, i);
    EXPECT_EQ(c[i].priority, 3);
    EXPECT_TRUE(contains(l.geoms[i].get(), c[i].x, c[i].y)) << c[i].text;
  }
  // The whole city on 1280 x 800 px (about 8 m per px): each wijk spans > 40 px, so labels
  // of 8 px per character are only held back by each other.
  for (auto& k : c) {
    k.width_px = 8.0f * static_cast<float>(k.text.size());
    k.height_px = 16;
  }
  LabelView v{(l.bounds.minx + l.bounds.maxx) / 2, (l.bounds.miny + l.bounds.maxy) / 2, 1.0 / 8.0,
              1280, 800};
  auto p = place_labels(c, v);
  EXPECT_GE(p.size(), 7u);
  for (size_t a = 0; a < p.size(); ++a)
    for (size_t b = a + 1; b < p.size(); ++b)
      EXPECT_FALSE(too_close(box_of(p[a], c), box_of(p[b], c), LabelRules{}.padding_px));
  // At 64 m per px only wijken spanning >= 2,560 m (bbox, by hand from the GeoJSON) qualify:
  // Roodenburgerdistrict (~2.6 x 3.2 km), Bos- en Gasthuisdistrict (~2.7 x 4.7 km),
  // Boerhaavedistrict (~2.9 x 1.8 km); the others are at most ~2.3 km either way.
  v.pixels_per_unit = 1.0 / 64;
  auto texts = placed_texts(place_labels(c, v), c);
  EXPECT_FALSE(texts.empty());
  const std::set<std::string> big = {"Roodenburgerdistrict", "Bos- en Gasthuisdistrict",
                                     "Boerhaavedistrict"};
  EXPECT_TRUE(std::includes(big.begin(), big.end(), texts.begin(), texts.end()));
  // At 128 m per px (40 px = 5,120 m) none does.
  v.pixels_per_unit = 1.0 / 128;
  EXPECT_TRUE(place_labels(c, v).empty());
}

TEST(LabelPlacement, LayerCandidatesFromHandBuiltLayer) {
  Layer l;
  l.name = "hand";
  l.map_crs = l.source_crs = "EPSG:28992";
  l.fields = {"code", "naam"};
  l.kind = GeomKind::Mixed;
  auto add = [&](const std::string& wkt, const std::string& code, const std::string& name) {
    l.source_geoms.push_back(from_wkt(wkt));
    l.geoms.push_back(from_wkt(wkt));
    l.values.push_back({code, name});
    l.fids.push_back(static_cast<int64_t>(l.fids.size()));
    l.bounds.expand(envelope_of(l.geoms.back().get()));
  };
  add("POLYGON((0 0,100 0,100 100,0 100,0 0))", "a", "Small square");
  add("POLYGON((200 0,600 0,600 400,200 400,200 0))", "b", "Big square");
  add("POLYGON((0 500,10 500,10 510,0 510,0 500))", "c", "");  // no name: no label
  add("LINESTRING(0 700,400 700)", "d", "  Canal ");           // trimmed
  add("POINT(50 900)", "e", "Pond");
  add("POLYGON((700 0,710 0,710 10,700 10,700 0))", "f", " \t");  // blank: no label
  ASSERT_TRUE(l.placed());
  ASSERT_EQ(default_label_field(l), 1);
  auto c = layer_label_candidates(l, 1, 5);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].text, "Small square");
  EXPECT_EQ(c[1].text, "Big square");
  EXPECT_EQ(c[2].text, "Canal");
  EXPECT_EQ(c[3].text, "Pond");
  const size_t want_feature[] = {0, 1, 3, 4};
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c[i].feature, want_feature[i]);
    EXPECT_EQ(c[i].priority, 5);
    EXPECT_EQ(c[i].width_px, 0);
    EXPECT_FALSE(c[i].always);
  }
  EXPECT_NEAR(c[0].x, 50, 1.5);  // squares: the inscribed circle's centre is the middle
  EXPECT_NEAR(c[0].y, 50, 1.5);
  EXPECT_NEAR(c[1].x, 400, 5);
  EXPECT_NEAR(c[1].y, 200, 5);
  EXPECT_DOUBLE_EQ(c[1].feature_bounds.minx, 200);
  EXPECT_DOUBLE_EQ(c[1].feature_bounds.maxy, 400);
  EXPECT_DOUBLE_EQ(c[2].x, 200);  // line midpoint
  EXPECT_DOUBLE_EQ(c[2].y, 700);
  EXPECT_DOUBLE_EQ(c[3].x, 50);
  EXPECT_DOUBLE_EQ(c[3].y, 900);
  // Larger features first: with all labels in one spot the big square wins over the small.
  for (auto& k : c) {
    k.x = 300;
    k.y = 450;
    k.width_px = 50;
    k.height_px = 12;
  }
  c[3].feature_bounds = Envelope{};  // keep the point from moving aside
  c[3].x = 5000;
  LabelView v{300, 450, 1.0, 1200, 1000};
  auto p = place_labels(c, v);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].candidate, 1u);
  // Other fields and layers: no candidates.
  EXPECT_EQ(layer_label_candidates(l, 0).size(), 6u);  // every code is set
  EXPECT_TRUE(layer_label_candidates(l, 2).empty());
  EXPECT_TRUE(layer_label_candidates(l, -1).empty());
  Layer unplaced;
  unplaced.fields = {"naam"};
  unplaced.values = {{"x"}};
  unplaced.source_geoms.push_back(from_wkt("POINT(1 2)"));
  EXPECT_TRUE(layer_label_candidates(unplaced, 0).empty());
}
