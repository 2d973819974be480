#pragma once
// Small statistics: Student's t distribution and Welch's two-sample t (unequal variances), for
// the before/after verdict (core/baci_replicated). Checked against R's pt, qt and t.test
// (tests/core/reference/stats_reference.R).
#include <vector>

namespace biodash {

// Mean and sample standard deviation (n − 1); mean NaN when empty, sd NaN below 2 values.
struct MeanSd {
  double mean, sd;
};
MeanSd mean_sd(const std::vector<double>& v);

// Regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1 (continued fraction).
double incomplete_beta(double a, double b, double x);

// P(T <= t) for Student's t with df > 0 degrees of freedom (df may be fractional).
double student_t_cdf(double t, double df);

// The p-quantile of Student's t (0 < p < 1).
double student_t_quantile(double p, double df);

// Welch's t: mean(after) − mean(before) with its 95 % interval, two-sided p-value and the
// Welch–Satterthwaite degrees of freedom. NaN fields when either group has fewer than 2
// values or both have zero variance.
struct WelchResult {
  double difference = 0;  // mean(after) − mean(before)
  double se = 0;
  double df = 0;
  double lcl = 0, ucl = 0;  // 95 %
  double p_value = 0;
  bool defined = false;
};
WelchResult welch_t(const std::vector<double>& before, const std::vector<double>& after);

}  // namespace biodash
