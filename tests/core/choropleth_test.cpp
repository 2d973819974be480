#include "core/choropleth.hpp"

#include <gtest/gtest.h>

using namespace biodash;

TEST(Color, QuantileBreaksByHand) {
  // 1..10, 2 classes: type-7 median of 1..10 is 5.5.
  auto e = quantile_breaks({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 2);
  EXPECT_EQ(e, (std::vector<double>{1, 5.5, 10}));
  // Repeated values collapse classes instead of making empty ones.
  EXPECT_EQ(quantile_breaks({3, 3, 3}, 4), (std::vector<double>{3, 3}));
  EXPECT_EQ(class_of(5.5, e), 0);  // right-closed
  EXPECT_EQ(class_of(5.6, e), 1);
  EXPECT_EQ(class_of(1, e), 0);
}

TEST(Color, PackAndViridisEnds) {
  EXPECT_EQ(pack_rgba({1, 0, 0, 1}), 0xFF0000FFu);
  Rgba lo = viridis(0), hi = viridis(1);
  EXPECT_NEAR(lo.r, 0.267, 1e-3);  // viridis starts dark purple ...
  EXPECT_NEAR(hi.g, 0.906, 1e-3);  // ... and ends yellow
}

TEST(Choropleth, ZeroClassAndIntegerLabels) {
  // Counts 0,0,1,2,3,4: zero class, then 2 quantile classes over {1,2,3,4}: median 2.5.
  Choropleth c = make_choropleth({0, 0, 1, 2, 3, 4}, "Observations", "records", 3);
  EXPECT_EQ(c.edges, (std::vector<double>{0, 0, 2.5, 4}));
  ASSERT_EQ(c.class_labels.size(), 3u);
  EXPECT_EQ(c.class_labels[0], "0");
  EXPECT_EQ(c.class_labels[1], "1 \u2013 2");  // (0, 2.5] holds the counts 1 and 2
  EXPECT_EQ(c.class_labels[2], "3 \u2013 4");
  // Zero-count features are grey, the others coloured by class.
  EXPECT_EQ(c.feature_rgba[0], pack_rgba({0.85f, 0.85f, 0.85f, 1}));
  EXPECT_EQ(c.feature_rgba[2], pack_rgba(c.class_colors[1]));
  EXPECT_EQ(c.feature_rgba[5], pack_rgba(c.class_colors[2]));
}
