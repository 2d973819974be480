#include "core/metrics.hpp"

#include <math.h>  // lgamma_r (glibc)

#include <cmath>

#include "core/estimators.hpp"

namespace biodash {
namespace {

uint64_t total(const std::vector<uint64_t>& n) {
  uint64_t t = 0;
  for (uint64_t v : n) t += v;
  return t;
}

// ln Γ(x) for x > 0. The reentrant lgamma_r: std::lgamma writes the global `signgam`, a data
// race when metric threads rarefy at once (ThreadSanitizer reported it).
double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// ln C(a, b) for a >= b >= 0.
double log_choose(double a, double b) {
  return log_gamma(a + 1) - log_gamma(b + 1) - log_gamma(a - b + 1);
}

}  // namespace

double shannon(const std::vector<uint64_t>& n) {
  const uint64_t N = total(n);
  if (N == 0) return 0;
  double h = 0;
  for (uint64_t v : n) {
    if (v == 0) continue;
    const double p = static_cast<double>(v) / static_cast<double>(N);
    h -= p * std::log(p);
  }
  return h;
}

double simpson(const std::vector<uint64_t>& n) {
  const uint64_t N = total(n);
  if (N == 0) return 0;
  double s = 0;
  for (uint64_t v : n) {
    const double p = static_cast<double>(v) / static_cast<double>(N);
    s += p * p;
  }
  return 1.0 - s;
}

double chao1(const std::vector<uint64_t>& n) {
  const Abundances a = Abundances::of(n);
  return a.n == 0 ? 0.0 : chao1_estimate(a).value;
}

double rarefied_richness(const std::vector<uint64_t>& n, uint64_t m) {
  const uint64_t N = total(n);
  if (m == 0) return 0;
  double S = 0;
  for (uint64_t v : n)
    if (v > 0) ++S;
  if (m >= N) return S;
  const double lc = log_choose(static_cast<double>(N), static_cast<double>(m));
  double e = 0;
  for (uint64_t v : n) {
    if (v == 0) continue;
    if (N - v < m) {
      e += 1;  // every subsample of m must contain this species
      continue;
    }
    e += 1 - std::exp(log_choose(static_cast<double>(N - v), static_cast<double>(m)) - lc);
  }
  return e;
}

}  // namespace biodash
