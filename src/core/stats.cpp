#include "core/stats.hpp"

#include <math.h>  // lgamma_r

#include <cmath>
#include <limits>

namespace biodash {
namespace {

double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// Continued fraction of I_x(a, b) (modified Lentz), valid for x < (a + 1)/(a + b + 2).
double beta_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));  // even step
    d = 1 + num * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));  // odd step
    d = 1 + num * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return h;
}

}  // namespace

MeanSd mean_sd(const std::vector<double>& v) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (v.empty()) return {nan, nan};
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  if (v.size() < 2) return {mean, nan};
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / static_cast<double>(v.size() - 1))};
}

double incomplete_beta(double a, double b, double x) {
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  const double front = std::exp(log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * std::log(x) +
                                b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));  // P(T > |t|)
  return t > 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, df) < p) hi *= 2;  // df >= tiny: bounded
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (student_t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

WelchResult welch_t(const std::vector<double>& before, const std::vector<double>& after) {
  WelchResult r;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.se = r.df = r.lcl = r.ucl = r.p_value = nan;
  if (before.size() < 2 || after.size() < 2) {
    r.difference = nan;
    return r;
  }
  const MeanSd g1 = mean_sd(before), g2 = mean_sd(after);
  const double n1 = static_cast<double>(before.size()), n2 = static_cast<double>(after.size());
  r.difference = g2.mean - g1.mean;
  const double a = g1.sd * g1.sd / n1, b = g2.sd * g2.sd / n2;
  if (!(a + b > 0)) return r;
  r.se = std::sqrt(a + b);
  r.df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
  const double q = student_t_quantile(0.975, r.df);
  r.lcl = r.difference - q * r.se;
  r.ucl = r.difference + q * r.se;
  r.p_value = 2 * student_t_cdf(-std::abs(r.difference / r.se), r.df);
  r.defined = true;
  return r;
}

}  // namespace biodash
