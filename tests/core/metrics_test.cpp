// Metrics against values computed by hand (shown in the comments).
#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace biodash;

TEST(Metrics, ShannonByHand) {
  // Two species, equal: H = ln 2.
  EXPECT_NEAR(shannon({5, 5}), std::log(2.0), 1e-12);
  // n = {2,1,1}: p = .5,.25,.25 -> H = .5 ln2 + 2*.25 ln4 = 1.5 ln 2.
  EXPECT_NEAR(shannon({2, 1, 1}), 1.5 * std::log(2.0), 1e-12);
  EXPECT_EQ(shannon({7}), 0.0);  // a single species
  EXPECT_EQ(shannon({}), 0.0);
  EXPECT_EQ(shannon({0, 0}), 0.0);
}

TEST(Metrics, SimpsonByHand) {
  EXPECT_NEAR(simpson({2, 1, 1}), 1 - (0.25 + 0.0625 + 0.0625), 1e-12);  // 0.625
  EXPECT_NEAR(simpson({3, 3, 3}), 1 - 3 * (1.0 / 9), 1e-12);             // ties: 2/3
  EXPECT_EQ(simpson({4}), 0.0);
  EXPECT_EQ(simpson({}), 0.0);
}

TEST(Metrics, Chao1ByHand) {
  // iNEXT's form. S=5, f1=3, f2=1, N=12: 5 + (11/12)*9/2 = 9.125
  EXPECT_DOUBLE_EQ(chao1({1, 1, 1, 2, 7}), 9.125);
  // no doubletons: S=3, f1=2, f2=0, N=6: 3 + (5/6)*2*1/2 = 3.8333
  EXPECT_DOUBLE_EQ(chao1({1, 1, 4}), 3.0 + 5.0 / 6.0);
  // a single singleton adds nothing: f1(f1-1) = 0
  EXPECT_DOUBLE_EQ(chao1({1, 3}), 2.0);
  EXPECT_DOUBLE_EQ(chao1({}), 0.0);
}

TEST(Metrics, RarefactionByHand) {
  // n = {2,1,1}, N = 4, m = 2: C(4,2) = 6.
  // sp1: 1 - C(2,2)/6 = 5/6; sp2, sp3: 1 - C(3,2)/6 = 1/2 each -> 11/6.
  EXPECT_NEAR(rarefied_richness({2, 1, 1}, 2), 11.0 / 6.0, 1e-12);
  EXPECT_NEAR(rarefied_richness({2, 1, 1}, 1), 1.0, 1e-12);  // one record: one species
  EXPECT_DOUBLE_EQ(rarefied_richness({2, 1, 1}, 4), 3.0);    // m = N: all species
  EXPECT_DOUBLE_EQ(rarefied_richness({2, 1, 1}, 9), 3.0);    // m > N: S, by definition here
  EXPECT_DOUBLE_EQ(rarefied_richness({2, 1, 1}, 0), 0.0);
  // Large N stays finite in log space: 1000 species x 1000 records, m = 10 -> ~10 species.
  std::vector<uint64_t> big(1000, 1000);
  double r = rarefied_richness(big, 10);
  EXPECT_GT(r, 9.9);
  EXPECT_LE(r, 10.0);
}
