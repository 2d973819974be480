// core/stats against R (tests/core/reference/stats_reference.R: pt, qt, t.test with
// var.equal = FALSE; output committed) and values by hand.
#include "core/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "../support/reference_csv.hpp"

using namespace biodash;

namespace {
std::vector<double> numbers(const std::string& s) {
  std::istringstream in(s);
  std::vector<double> v;
  for (double x; in >> x;) v.push_back(x);
  return v;
}
}  // namespace

TEST(Stats, MatchR) {
  int rows = 0;
  for (const auto& f :
       test::reference_rows(BIODASH_TEST_DATA "/../core/reference/stats_reference.csv")) {
    const std::string line = f.empty() ? "" : f[0] + "," + f[1] + "," + f[2];
    ASSERT_EQ(f.size(), 4u) << line;
    const double want = std::stod(f[3]);
    double got;
    if (f[0] == "pt") {
      got = student_t_cdf(std::stod(f[1]), std::stod(f[2]));
    } else if (f[0] == "qt") {
      got = student_t_quantile(std::stod(f[1]), std::stod(f[2]));
    } else {
      const WelchResult w = welch_t(numbers(f[1]), numbers(f[2]));
      ASSERT_TRUE(w.defined) << line;
      got = f[0] == "welch_diff"  ? w.difference
            : f[0] == "welch_lcl" ? w.lcl
            : f[0] == "welch_ucl" ? w.ucl
            : f[0] == "welch_p"   ? w.p_value
                                  : w.df;
    }
    EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 95);
}

TEST(Stats, ByHandAndUndefined) {
  // df = 1 is the Cauchy distribution: P(T <= 1) = 3/4; its 97.5 % quantile is tan(0.475 π).
  EXPECT_NEAR(student_t_cdf(1, 1), 0.75, 1e-14);
  EXPECT_NEAR(student_t_quantile(0.975, 1), std::tan(0.475 * M_PI), 1e-9);
  // I_x(1, 1) = x; I_x(a, 1) = x^a.
  EXPECT_NEAR(incomplete_beta(1, 1, 0.3), 0.3, 1e-14);
  EXPECT_NEAR(incomplete_beta(2.5, 1, 0.4), std::pow(0.4, 2.5), 1e-14);
  // Fewer than two values in a group, or no variance at all: undefined.
  EXPECT_FALSE(welch_t({1}, {2, 3}).defined);
  EXPECT_FALSE(welch_t({1, 1}, {2, 2}).defined);
  EXPECT_TRUE(std::isnan(welch_t({1}, {2, 3}).lcl));
}
