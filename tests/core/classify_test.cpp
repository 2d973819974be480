// Class breaks, palettes and styled choropleths against hand values and brute force.
#include "core/classify.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/choropleth.hpp"

using namespace biodash;

namespace {

uint32_t packed_hex(uint32_t rgb) {  // 0xRRGGBB -> pack_rgba byte order, opaque
  return ((rgb >> 16) & 0xFF) | (((rgb >> 8) & 0xFF) << 8) | ((rgb & 0xFF) << 16) | 0xFF000000u;
}

// Summed within-class squared deviation of sorted `v` split at `cuts` (class starts).
double ssd(const std::vector<double>& v, const std::vector<size_t>& starts) {
  double total = 0;
  for (size_t c = 0; c < starts.size(); ++c) {
    const size_t a = starts[c], b = c + 1 < starts.size() ? starts[c + 1] : v.size();
    double mean = 0;
    for (size_t i = a; i < b; ++i) mean += v[i];
    mean /= static_cast<double>(b - a);
    for (size_t i = a; i < b; ++i) total += (v[i] - mean) * (v[i] - mean);
  }
  return total;
}

// SSD of the classes that `edges` induce on the values (class_of).
double ssd_of_edges(const std::vector<double>& v, const std::vector<double>& edges) {
  std::vector<std::vector<double>> cls(edges.size());
  for (double x : v) cls[class_of(x, edges)].push_back(x);
  double total = 0;
  for (const auto& c : cls) {
    if (c.empty()) continue;
    double mean = 0;
    for (double x : c) mean += x;
    mean /= static_cast<double>(c.size());
    for (double x : c) total += (x - mean) * (x - mean);
  }
  return total;
}

// Brute force: the best SSD over all ways to cut sorted v into k non-empty runs.
double best_ssd_brute(const std::vector<double>& v, int k) {
  const size_t n = v.size();
  double best = std::numeric_limits<double>::infinity();
  // Every subset of the n-1 gaps of size k-1.
  for (uint32_t mask = 0; mask < (1u << (n - 1)); ++mask) {
    if (__builtin_popcount(mask) != k - 1) continue;
    std::vector<size_t> starts{0};
    for (size_t g = 0; g + 1 < n; ++g)
      if (mask & (1u << g)) starts.push_back(g + 1);
    best = std::min(best, ssd(v, starts));
  }
  return best;
}

// A plain O(k n²) Fisher dynamic programme (no divide and conquer), for larger sets.
double best_ssd_dp(std::vector<double> v, int k) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  auto cost = [&](size_t a, size_t b) {  // [a, b)
    double mean = 0;
    for (size_t i = a; i < b; ++i) mean += v[i];
    mean /= static_cast<double>(b - a);
    double t = 0;
    for (size_t i = a; i < b; ++i) t += (v[i] - mean) * (v[i] - mean);
    return t;
  };
  std::vector<std::vector<double>> c(n + 1, std::vector<double>(n + 1, 0));
  for (size_t a = 0; a < n; ++a)
    for (size_t b = a + 1; b <= n; ++b) c[a][b] = cost(a, b);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> prev(n + 1, inf);
  for (size_t j = 1; j <= n; ++j) prev[j] = c[0][j];
  for (int l = 2; l <= k; ++l) {
    std::vector<double> cur(n + 1, inf);
    for (size_t j = static_cast<size_t>(l); j <= n; ++j)
      for (size_t i = static_cast<size_t>(l - 1); i < j; ++i)
        cur[j] = std::min(cur[j], prev[i] + c[i][j]);
    prev = cur;
  }
  return prev[n];
}

}  // namespace

TEST(ClassBreaks, EqualIntervalByHand) {
  // min 0, max 10, 5 classes of width 2.
  EXPECT_EQ(class_breaks({0, 1, 3, 4, 6, 7, 9, 10}, 5, BreakMethod::EqualInterval),
            (std::vector<double>{0, 2, 4, 6, 8, 10}));
  // Four distinct values, 5 classes asked: 4 classes of width 2.5.
  EXPECT_EQ(class_breaks({0, 10, 3, 7, 3}, 5, BreakMethod::EqualInterval),
            (std::vector<double>{0, 2.5, 5, 7.5, 10}));
}

TEST(ClassBreaks, QuantileByHandAndSpecialCases) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Type-7 median of 1..10 is 5.5; NaN takes no part.
  EXPECT_EQ(class_breaks({10, 9, 8, nan, 7, 6, 5, 4, 3, 2, 1}, 2, BreakMethod::Quantile),
            (std::vector<double>{1, 5.5, 10}));
  for (BreakMethod m :
       {BreakMethod::Quantile, BreakMethod::EqualInterval, BreakMethod::NaturalBreaks}) {
    EXPECT_TRUE(class_breaks({}, 5, m).empty());
    EXPECT_TRUE(class_breaks({nan, nan}, 5, m).empty());
    EXPECT_EQ(class_breaks({4, 4, nan, 4}, 5, m), (std::vector<double>{4, 4}));
    EXPECT_EQ(class_breaks({1, 3}, 5, m).size(), 3u);     // 2 distinct: 2 classes
    EXPECT_EQ(class_breaks({1, 2, 3}, 5, m).size(), 4u);  // 3 distinct: 3 classes
  }
}

TEST(ClassBreaks, NaturalBreaksObviousGroups) {
  // Three tight groups far apart: each group is a class; edges at each group's maximum.
  EXPECT_EQ(class_breaks({50, 1, 11, 2, 12, 3, 10, 51}, 3, BreakMethod::NaturalBreaks),
            (std::vector<double>{1, 3, 12, 51}));
  // Repeated values never straddle a class edge.
  EXPECT_EQ(class_breaks({5, 5, 5, 5, 6, 20, 20}, 2, BreakMethod::NaturalBreaks),
            (std::vector<double>{5, 6, 20}));
}

TEST(ClassBreaks, NaturalBreaksOptimalAgainstBruteForce) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> d(0, 60);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> v(12);
    for (double& x : v) x = d(rng) * 0.5;  // repeats happen
    std::sort(v.begin(), v.end());
    for (int k = 2; k <= 5; ++k) {
      const auto e = class_breaks(v, k, BreakMethod::NaturalBreaks);
      const double want = best_ssd_brute(v, k);
      EXPECT_NEAR(ssd_of_edges(v, e), want, 1e-9 * (1 + want)) << "trial " << trial << " k " << k;
    }
  }
}

TEST(ClassBreaks, NaturalBreaksOptimalOnLargerSet) {
  std::mt19937 rng(11);
  std::lognormal_distribution<double> d(2.0, 1.0);
  std::vector<double> v(300);
  for (double& x : v) x = d(rng);
  for (int k : {3, 5, 7}) {
    const auto e = class_breaks(v, k, BreakMethod::NaturalBreaks);
    ASSERT_EQ(e.size(), static_cast<size_t>(k + 1));
    const double want = best_ssd_dp(v, k);
    EXPECT_NEAR(ssd_of_edges(v, e), want, 1e-9 * want) << "k " << k;
  }
}

TEST(Palettes, EndpointsArePublishedColours) {
  // viridis #440154 -> #FDE725 (matplotlib); cividis #00204D -> #FFEA46 (Nuñez et al. 2018);
  // ColorBrewer 7-class PuOr #b35806 / #f7f7f7 / #542788 and BrBG #8c510a / #f5f5f5 / #01665e.
  EXPECT_EQ(pack_rgba(palette_color(Palette::Viridis, 0)), packed_hex(0x440154));
  EXPECT_EQ(pack_rgba(palette_color(Palette::Viridis, 1)), packed_hex(0xFDE725));
  EXPECT_EQ(pack_rgba(palette_color(Palette::Cividis, 0)), packed_hex(0x00204D));
  EXPECT_EQ(pack_rgba(palette_color(Palette::Cividis, 1)), packed_hex(0xFFEA46));
  EXPECT_EQ(pack_rgba(palette_color(Palette::PuOr, 0)), packed_hex(0xb35806));
  EXPECT_EQ(pack_rgba(palette_color(Palette::PuOr, 0.5)), packed_hex(0xf7f7f7));
  EXPECT_EQ(pack_rgba(palette_color(Palette::PuOr, 1)), packed_hex(0x542788));
  EXPECT_EQ(pack_rgba(palette_color(Palette::BrBG, 0)), packed_hex(0x8c510a));
  EXPECT_EQ(pack_rgba(palette_color(Palette::BrBG, 0.5)), packed_hex(0xf5f5f5));
  EXPECT_EQ(pack_rgba(palette_color(Palette::BrBG, 1)), packed_hex(0x01665e));
  // Between stops: PuOr at 1/12 is halfway between #b35806 and #f1a340: (210, 125.5, 35).
  const Rgba mid = palette_color(Palette::PuOr, 1.0 / 12);
  EXPECT_NEAR(mid.r * 255, 210, 1e-3);
  EXPECT_NEAR(mid.g * 255, 125.5, 1e-3);
  EXPECT_NEAR(mid.b * 255, 35, 1e-3);
  // Out of range clamps.
  EXPECT_EQ(pack_rgba(palette_color(Palette::BrBG, -3)), packed_hex(0x8c510a));
  EXPECT_TRUE(is_diverging(Palette::PuOr));
  EXPECT_FALSE(is_diverging(Palette::Cividis));
}

TEST(Palettes, NamesRoundTrip) {
  for (Palette p : {Palette::Viridis, Palette::Cividis, Palette::PuOr, Palette::BrBG})
    EXPECT_EQ(parse_palette(to_string(p)), p);
  for (BreakMethod m :
       {BreakMethod::Quantile, BreakMethod::EqualInterval, BreakMethod::NaturalBreaks})
    EXPECT_EQ(parse_break_method(to_string(m)), m);
  EXPECT_EQ(parse_palette("jet"), std::nullopt);
  EXPECT_EQ(parse_break_method("Quantile"), std::nullopt);
  EXPECT_STREQ(to_string(BreakMethod::EqualInterval), "equal");
}

TEST(StyledChoropleth, EqualIntervalWithZeroClass) {
  // Counts 0, 5, 20; 3 classes: "0" (grey), then 2 equal classes over [5, 20]: edge 12.5.
  ChoroplethStyle st;
  st.method = BreakMethod::EqualInterval;
  st.classes = 3;
  Choropleth c = make_choropleth({0, 5, 20}, "Records", "records", st, {0, 1, 0});
  EXPECT_EQ(c.edges, (std::vector<double>{0, 0, 12.5, 20}));
  ASSERT_EQ(c.class_labels.size(), 3u);
  EXPECT_EQ(c.class_labels[0], "0");
  EXPECT_EQ(c.class_labels[1], "1 \u2013 12");
  EXPECT_EQ(c.class_labels[2], "13 \u2013 20");
  EXPECT_EQ(c.feature_rgba[0], pack_rgba({0.85f, 0.85f, 0.85f, 1}));
  EXPECT_EQ(c.feature_rgba[1], packed_hex(0x440154));  // viridis start
  EXPECT_EQ(c.feature_rgba[2], packed_hex(0xFDE725));  // viridis end
  EXPECT_EQ(c.low_effort, (std::vector<uint8_t>{0, 1, 0}));
  // Without the zero class: [0, 6.67], (6.67, 13.3], (13.3, 20].
  st.zero_class = false;
  c = make_choropleth({0, 5, 20}, "Records", "records", st);
  ASSERT_EQ(c.edges.size(), 4u);
  EXPECT_NEAR(c.edges[1], 20.0 / 3, 1e-12);
  EXPECT_EQ(c.class_labels[0], "0 \u2013 6");
  EXPECT_EQ(c.feature_rgba[1], packed_hex(0x440154));
  EXPECT_EQ(c.feature_rgba[2], packed_hex(0xFDE725));
}

TEST(StyledChoropleth, DecimalLabelsAndNoData) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ChoroplethStyle st;
  st.classes = 2;
  st.palette = Palette::Cividis;
  // Quantile, 2 classes over {0.52, 1.3, 2.7}: median 1.3.
  Choropleth c = make_choropleth({0.52, nan, 1.3, 2.7}, "Shannon diversity", "H'", st);
  EXPECT_EQ(c.edges, (std::vector<double>{0.52, 1.3, 2.7}));
  ASSERT_EQ(c.class_labels.size(), 3u);
  EXPECT_EQ(c.class_labels[0], "0.52 \u2013 1.3");
  EXPECT_EQ(c.class_labels[1], "1.3 \u2013 2.7");
  EXPECT_EQ(c.class_labels[2], "no data");
  ASSERT_EQ(c.class_colors.size(), 3u);
  EXPECT_EQ(c.feature_rgba[0], packed_hex(0x00204D));
  EXPECT_EQ(c.feature_rgba[3], packed_hex(0xFFEA46));
  EXPECT_EQ(c.feature_rgba[1], pack_rgba(c.class_colors[2]));         // NaN: "no data" grey
  EXPECT_NE(c.feature_rgba[1], pack_rgba({0.85f, 0.85f, 0.85f, 1}));  // not the "0" grey
  // Only NaN: nothing to classify, everything "no data".
  c = make_choropleth({nan, nan}, "t", "u", st);
  EXPECT_TRUE(c.edges.empty());
  ASSERT_EQ(c.class_labels, (std::vector<std::string>{"no data"}));
  EXPECT_EQ(c.feature_rgba[0], pack_rgba(c.class_colors[0]));
}

TEST(StyledChoropleth, DivergingSymmetricAroundZero) {
  // |v| = 12,4,0,4,12; 5 classes -> 3 half classes of equal width over [0,12]: 0,4,8,12,
  // mirrored: -12,-8,-4,4,8,12. The centre class (-4, 4] holds 0 and gets the neutral colour.
  ChoroplethStyle st;
  st.method = BreakMethod::EqualInterval;
  st.classes = 5;
  st.palette = Palette::PuOr;
  Choropleth c = make_choropleth({-12, -4, 0, 4, 12, -1.5}, "BACI contrast", "species", st);
  EXPECT_EQ(c.edges, (std::vector<double>{-12, -8, -4, 4, 8, 12}));
  ASSERT_EQ(c.class_labels.size(), 5u);
  EXPECT_EQ(c.class_labels[0], "-12 \u2013 -8");
  EXPECT_EQ(c.class_labels[1], "-8 \u2013 -4");
  EXPECT_EQ(c.class_labels[2], "-4 \u2013 4");
  EXPECT_EQ(c.feature_rgba[0], packed_hex(0xb35806));  // -12: orange end
  EXPECT_EQ(c.feature_rgba[2], packed_hex(0xf7f7f7));  // 0: neutral
  EXPECT_EQ(c.feature_rgba[5], packed_hex(0xf7f7f7));  // -1.5: neutral class
  EXPECT_EQ(c.feature_rgba[4], packed_hex(0x542788));  // 12: purple end
  EXPECT_EQ(c.feature_rgba[1], pack_rgba(palette_color(Palette::PuOr, 0.25)));  // -4
  // Integer data: open lower ends read as the next integer.
  c = make_choropleth({-12, -4, 0, 4, 12}, "BACI contrast", "species", st);
  EXPECT_EQ(c.class_labels[0], "-12 \u2013 -8");
  EXPECT_EQ(c.class_labels[1], "-7 \u2013 -4");
  EXPECT_EQ(c.class_labels[2], "-3 \u2013 4");
  // All zero: one neutral class.
  c = make_choropleth({0, 0}, "t", "u", st);
  EXPECT_EQ(c.edges, (std::vector<double>{0, 0}));
  EXPECT_EQ(c.feature_rgba[0], packed_hex(0xf7f7f7));
}
