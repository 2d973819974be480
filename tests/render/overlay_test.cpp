// Overlay helpers that need no GL: round scale-bar lengths.
#include "ui/overlay.hpp"

#include <gtest/gtest.h>

namespace biodash::ui {
namespace {

TEST(NiceScaleLength, PicksOneTwoFiveTimesPowerOfTen) {
  // target length = units_per_pixel * pixels; the answer is the largest 1/2/5 x 10^k below it.
  EXPECT_DOUBLE_EQ(nice_scale_length(10.0, 120.0), 1000.0);  // 1200 m -> 1 km
  EXPECT_DOUBLE_EQ(nice_scale_length(1.0, 100.0), 100.0);    // exactly 100
  EXPECT_DOUBLE_EQ(nice_scale_length(3.7, 100.0), 200.0);    // 370 -> 200
  EXPECT_DOUBLE_EQ(nice_scale_length(6.0, 100.0), 500.0);    // 600 -> 500
  EXPECT_DOUBLE_EQ(nice_scale_length(9.99, 100.0), 500.0);   // 999 -> 500
  EXPECT_DOUBLE_EQ(nice_scale_length(0.02, 100.0), 2.0);     // 2 m
  EXPECT_DOUBLE_EQ(nice_scale_length(0.001, 150.0), 0.1);    // 15 cm -> 10 cm
  EXPECT_DOUBLE_EQ(nice_scale_length(50.0, 100.0), 5000.0);  // 5 km
  EXPECT_DOUBLE_EQ(nice_scale_length(1000.0, 100.0), 100000.0);
}

TEST(NiceScaleLength, NeverLongerThanTarget) {
  for (double upp = 0.013; upp < 5000; upp *= 1.37) {
    const double len = nice_scale_length(upp, 120);
    EXPECT_LE(len, upp * 120 * (1 + 1e-12));
    EXPECT_GT(len, upp * 120 / 2.5 - 1e-9);  // worst case: 4.99 -> 2, 1.99 -> 1
  }
}

TEST(NiceScaleLength, DegenerateInputGivesZero) {
  EXPECT_EQ(nice_scale_length(0.0, 100.0), 0.0);
  EXPECT_EQ(nice_scale_length(-1.0, 100.0), 0.0);
  EXPECT_EQ(nice_scale_length(1.0, 0.0), 0.0);
}

}  // namespace
}  // namespace biodash::ui
