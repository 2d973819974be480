#pragma once
// Diversity estimators with their uncertainty, for one area's abundance data (records per
// species, records treated as individuals): sample coverage (Chao & Jost 2012), Chao1 with its
// standard error and log-normal interval (Chao 1987, the form iNEXT's ChaoRichness computes),
// Hill numbers of order 0, 1, 2 observed, asymptotic (Chao, Wang & Jost 2013; Chao et al.
// 2014), interpolated and extrapolated to a sample size m (Chao et al. 2014, Ecol. Monogr.
// 84:45), the size that reaches a sample coverage, and coverage-standardised diversity with
// bootstrap intervals (Chao et al. 2014, as iNEXT does it). The exact definitions are in
// shared/docs/estimators.md and docs/metrics.md. Undefined values are NaN (NA), never 0.
// Pure computation, safe to call from several threads at once.
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace biodash {

inline constexpr double kNA = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kZ975 = 1.959964;  // 97.5 % normal quantile

// Frequency counts of one sample: n records, S species, f_k species with exactly k records.
struct Abundances {
  uint64_t n = 0;                                   // records
  uint64_t S = 0;                                   // observed species (count > 0)
  uint64_t f1 = 0;                                  // singletons
  uint64_t f2 = 0;                                  // doubletons
  std::vector<std::pair<uint64_t, uint64_t>> freq;  // (k, f_k), ascending k, f_k > 0

  // From per-species record counts (zeros ignored).
  static Abundances of(std::span<const uint64_t> counts);
};

// An estimate with its standard error and 95 % interval; NaN fields where undefined.
struct Estimate {
  double value = kNA;
  double se = kNA;
  double lcl = kNA;
  double ucl = kNA;
};

// Undetected richness f0 (Chao 1984/1987, bias-corrected when f2 = 0). 0 for n = 0.
double undetected_richness(const Abundances& a);

// Chao1 = S + f0 with its analytic standard error and 95 % interval (log-normal, Chao 1987;
// the three branches of iNEXT's ChaoRichness). All NaN for n = 0.
Estimate chao1_estimate(const Abundances& a);

// Sample coverage at size m: Chao & Jost 2012. m < n rarefies (fractional m interpolated
// linearly between integers), m = n is Ĉ(n) = 1 − (f1/n)·A, m > n extrapolates. NaN for n = 0,
// m < 0 or m > 2n.
double coverage_at(const Abundances& a, double m);
inline double sample_coverage(const Abundances& a) {
  return coverage_at(a, static_cast<double>(a.n));
}

// Observed Hill number of order q (0: S, 1: exp Shannon, 2: inverse Simpson). NaN for n = 0.
double hill_observed(const Abundances& a, int q);

// Asymptotic Hill number of order q: Chao1 (q = 0), Chao, Wang & Jost 2013 (q = 1), the
// unbiased inverse Simpson 1/Σ X(X−1)/(n(n−1)) (q = 2, NaN when no species has ≥ 2 records).
double hill_asymptotic(const Abundances& a, int q);

// Expected Hill number of order q in a sample of size m: rarefaction (m < n; fractional m
// interpolated linearly), the observed value at m = n, extrapolation up to m = 2n (Chao et al.
// 2014). NaN for n = 0, m <= 0 or m > 2n.
double hill_at(const Abundances& a, int q, double m);

// The sample size m whose coverage is C (0 < C < 1): the closed form above Ĉ(n), the
// interpolated rarefaction curve below it; never rounded. NaN when it would exceed 2n.
double size_for_coverage(const Abundances& a, double C);

// Diversity of order 0, 1, 2 standardised to sample coverage C, the size m that reaches it,
// and their 95 % bootstrap intervals: B bootstrap samples of size n from the estimated
// assemblage (Chao et al. 2014, iNEXT's EstiBootComm), each standardised to C again; s = the
// standard deviation of the finite replicates, interval = estimate ± z·s, the lower limit not
// below what the statistic can be (the observed value where it extrapolates, 1 otherwise).
// Deterministic for (counts, C, B, seed). All NaN when m > 2n (extrapolation limit) or n = 0;
// intervals NaN when B = 0.
struct CoverageStandardised {
  double m = kNA;  // sample size reaching C
  double m_lcl = kNA, m_ucl = kNA;
  double q[3] = {kNA, kNA, kNA};  // q = 0, 1, 2
  double q_lcl[3] = {kNA, kNA, kNA};
  double q_ucl[3] = {kNA, kNA, kNA};
  double q_se[3] = {kNA, kNA, kNA};  // bootstrap standard errors (s)
};
CoverageStandardised coverage_standardised(const Abundances& a, double C, int B, uint64_t seed);

// The rarefaction/extrapolation curve of order q at the given sizes, each point with its
// bootstrap s.e. and 95 % interval (the same bootstrap as coverage_standardised, at fixed
// sizes, as iNEXT draws its curves; the lower limit not below the observed value where the
// size extrapolates). NaN beyond 2n.
std::vector<Estimate> hill_curve(const Abundances& a, int q, const std::vector<double>& sizes,
                                 int B, uint64_t seed);

// The bootstrap assemblage of Chao et al. 2014: probabilities of the detected species (grouped
// by their record count, ascending, as in Abundances::freq) followed by ⌈f0⌉ equal
// probabilities of undetected ones. Sums to 1.
std::vector<double> bootstrap_assemblage(const Abundances& a);

}  // namespace biodash
