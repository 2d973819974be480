// core/estimators against independent values: hand computations (in the comments), the
// reference script tests/core/reference/estimators_reference.py (exact rational arithmetic,
// brute-force enumeration of subsamples, plain bisection; its output is committed), and a
// simulation from a known community for the intervals.
#include "core/estimators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "../support/reference_csv.hpp"
#include "core/metrics.hpp"

using namespace biodash;

namespace {

const std::string kReference = BIODASH_TEST_DATA "/../core/reference/";

Abundances of(std::vector<uint64_t> v) {
  return Abundances::of(v);
}

std::map<std::string, std::vector<uint64_t>> reference_vectors() {
  std::ifstream in(kReference + "abundances.csv");
  std::map<std::string, std::vector<uint64_t>> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const size_t comma = line.find(',');
    std::istringstream counts(line.substr(comma + 1));
    std::vector<uint64_t> v;
    for (uint64_t c; counts >> c;) v.push_back(c);
    out[line.substr(0, comma)] = v;
  }
  return out;
}

void expect_close(double got, double want, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what << ": got " << got << ", want NA";
    return;
  }
  EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << what;
}

}  // namespace

TEST(Estimators, MatchTheIndependentReferenceScript) {
  const auto vectors = reference_vectors();
  ASSERT_GE(vectors.size(), 9u);
  ASSERT_EQ(vectors.at("real_pontaurus").size(), 469u);  // the real GBIF archive's species
  int rows = 0;
  for (const auto& f : test::reference_rows(kReference + "estimators_reference.csv")) {
    const std::string line = f.empty() ? "" : f[0] + "," + f[1] + "," + f[2] + "," + f[3];
    ASSERT_EQ(f.size(), 5u) << line;
    const Abundances a = Abundances::of(vectors.at(f[0]));
    const std::string& what = f[1];
    const int q = f[2].empty() ? 0 : std::stoi(f[2]);
    const double m = f[3].empty() ? 0 : std::stod(f[3]);
    const double want = f[4] == "nan" ? kNA : std::stod(f[4]);
    double got = kNA;
    const Estimate c = chao1_estimate(a);
    if (what == "chao1") got = c.value;
    if (what == "chao1_se") got = c.se;
    if (what == "chao1_lcl") got = c.lcl;
    if (what == "chao1_ucl") got = c.ucl;
    if (what == "coverage") got = coverage_at(a, m);
    if (what == "hill") got = hill_at(a, q, m);
    if (what == "hill_obs") got = hill_observed(a, q);
    if (what == "hill_asy") got = hill_asymptotic(a, q);
    if (what == "size_for_coverage") got = size_for_coverage(a, m);
    expect_close(got, want, line);
    ++rows;
  }
  EXPECT_GT(rows, 350);
}

// R vegan (tests/core/reference/vegan_reference.R, output committed): Shannon, Gini-Simpson and
// inverse Simpson (the observed Hill numbers of order 1 and 2), Hurlbert rarefaction (Hill
// number of order 0 interpolated), on the synthetic vectors and the real GBIF archive.
TEST(Estimators, MatchRVegan) {
  const auto vectors = reference_vectors();
  int rows = 0;
  for (const auto& f : test::reference_rows(kReference + "vegan_reference.csv")) {
    const std::string line = f.empty() ? "" : f[0] + "," + f[1] + "," + f[2];
    ASSERT_EQ(f.size(), 4u) << line;
    const std::vector<uint64_t>& v = vectors.at(f[0]);
    const Abundances a = Abundances::of(v);
    const double want = std::stod(f[3]);
    if (f[1] == "shannon") {
      expect_close(std::log(hill_observed(a, 1)), want, line);
      expect_close(shannon(v), want, line);
    } else if (f[1] == "simpson") {
      expect_close(simpson(v), want, line);
    } else if (f[1] == "invsimpson") {
      expect_close(hill_observed(a, 2), want, line);
    } else if (f[1] == "S.obs") {
      expect_close(hill_observed(a, 0), want, line);
    } else if (f[1] == "rarefy") {
      const uint64_t m = std::stoull(f[2]);
      expect_close(hill_at(a, 0, static_cast<double>(m)), want, line);
      expect_close(rarefied_richness(v, m), want, line);
    } else {
      ADD_FAILURE() << "unknown quantity " << line;
    }
    ++rows;
  }
  EXPECT_GT(rows, 70);
}

TEST(Estimators, Chao1ByHandInEachBranch) {
  // Branch 1 (f1 > 0, f2 > 0): {1,1,1,2,7}: n = 12, S = 5, f1 = 3, f2 = 1, K = 11/12:
  // 5 + (11/12)·9/2 = 9.125.
  EXPECT_DOUBLE_EQ(chao1_estimate(of({1, 1, 1, 2, 7})).value, 9.125);
  // Branch 2 (f1 > 1, f2 = 0): {1,1,3,5}: n = 10, K = 0.9: 4 + 0.9·2·1/2 = 4.9;
  // var = 0.9 + 0.81·2·9/4 − 0.81·16/(4·4.9) = 0.9 + 3.645 − 0.6612245 = 3.8837755.
  const Estimate b2 = chao1_estimate(of({1, 1, 3, 5}));
  EXPECT_DOUBLE_EQ(b2.value, 4.9);
  EXPECT_NEAR(b2.se * b2.se, 0.9 + 3.645 - 0.81 * 16 / 19.6, 1e-12);
  EXPECT_GT(b2.lcl, 4.0);  // log-normal: never below S_obs
  EXPECT_GT(b2.ucl, 4.9);
  // Branch 3 (f1 = 1, f2 = 0): {1,3,4}: Chao1 = S = 3, the interval starts at S.
  const Estimate b3 = chao1_estimate(of({1, 3, 4}));
  EXPECT_DOUBLE_EQ(b3.value, 3.0);
  EXPECT_DOUBLE_EQ(b3.lcl, 3.0);
  EXPECT_GT(b3.ucl, 3.0);
  // All singletons, n = 5: 5 + 0.8·5·4/2 = 13.
  EXPECT_DOUBLE_EQ(chao1_estimate(of({1, 1, 1, 1, 1})).value, 13.0);
  // No records: undefined.
  EXPECT_TRUE(std::isnan(chao1_estimate(of({})).value));
}

TEST(Estimators, CoverageByHand) {
  // {1,1,3,5}: f2 = 0: A = 9·1/(9·1 + 2) = 9/11; Ĉ(n) = 1 − (2/10)(9/11) = 1 − 9/55.
  EXPECT_NEAR(sample_coverage(of({1, 1, 3, 5})), 1 - 9.0 / 55, 1e-15);
  // One record drawn from {2,1,1} (n = 4): 1 − Σ (X/n) C(n−X,1)/C(3,1)
  // = 1 − (2/4·2/3 + 2·1/4·3/3) = 1 − (1/3 + 1/2) = 1/6.
  EXPECT_NEAR(coverage_at(of({2, 1, 1}), 1), 1.0 / 6, 1e-15);
  // All singletons: every rarefied subsample is all new species: coverage 0 below n.
  EXPECT_DOUBLE_EQ(coverage_at(of({1, 1, 1, 1, 1}), 3), 0.0);
  // No singletons: Ĉ(n) = 1, and so is every extrapolated size.
  EXPECT_DOUBLE_EQ(sample_coverage(of({2, 3, 5})), 1.0);
  EXPECT_DOUBLE_EQ(coverage_at(of({2, 3, 5}), 15), 1.0);
  // Beyond twice the sample, and of an empty sample: undefined.
  EXPECT_TRUE(std::isnan(coverage_at(of({2, 3, 5}), 21)));
  EXPECT_TRUE(std::isnan(coverage_at(of({}), 0)));
}

TEST(Estimators, HillNumbersByHand) {
  // Rarefying {2,1,1} to m = 2 (C(4,2) = 6 subsamples): q0 = 11/6 (Hurlbert).
  EXPECT_NEAR(hill_at(of({2, 1, 1}), 0, 2), 11.0 / 6, 1e-14);
  // f̂_1(2) = 2·4/6... by enumeration: 5 subsamples hold two species (each a singleton), one
  // holds species 1 twice: f̂_1 = 10/6, f̂_2 = 1/6. q2 = 1/(f̂_1/4 + f̂_2) = 1/(5/12 + 2/12).
  EXPECT_NEAR(hill_at(of({2, 1, 1}), 2, 2), 12.0 / 7, 1e-14);
  // q1 = exp(−(f̂_1 · ½ ln ½)) = exp(5/6 · ln 2).
  EXPECT_NEAR(hill_at(of({2, 1, 1}), 1, 2), std::exp(5.0 / 6 * std::log(2.0)), 1e-14);
  // At m = n the observed values: S, exp(H), 1/Σp².
  EXPECT_DOUBLE_EQ(hill_at(of({2, 1, 1}), 0, 4), 3.0);
  EXPECT_NEAR(hill_at(of({2, 1, 1}), 2, 4), 1 / 0.375, 1e-14);
  // Extrapolation of all singletons {1×5}: f0 = 8, A = 4·4/(16 + 2) = 8/9; at m = n + 2:
  // 5 + 8 (1 − (8/9)²) = 5 + 8·17/81.
  EXPECT_NEAR(hill_at(of({1, 1, 1, 1, 1}), 0, 7), 5 + 8.0 * 17 / 81, 1e-12);
  // q2 extrapolation with no species seen twice: the sample size itself.
  EXPECT_NEAR(hill_at(of({1, 1, 1, 1, 1}), 2, 7), 7.0, 1e-12);
  // q2 asymptotic: 1/Σ X(X−1)/(n(n−1)) = 1/((2+6+20)/90) for {2,3,5}; NA for all singletons.
  EXPECT_NEAR(hill_asymptotic(of({2, 3, 5}), 2), 90.0 / 28, 1e-12);
  EXPECT_TRUE(std::isnan(hill_asymptotic(of({1, 1, 1}), 2)));
  // No extrapolation beyond 2n; nothing of an empty sample.
  EXPECT_TRUE(std::isnan(hill_at(of({2, 1, 1}), 0, 8.5)));
  EXPECT_TRUE(std::isnan(hill_at(of({}), 1, 1)));
  EXPECT_TRUE(std::isnan(hill_observed(of({}), 0)));
}

TEST(Estimators, SizeForCoverageInvertsTheCoverageCurve) {
  const Abundances a = of({1, 1, 1, 2, 2, 3, 5, 8, 13, 20});
  for (double C : {0.3, 0.6, 0.85, sample_coverage(a), 0.95, 0.97}) {
    const double m = size_for_coverage(a, C);
    ASSERT_FALSE(std::isnan(m)) << C;
    EXPECT_NEAR(coverage_at(a, m), C, 1e-12) << C;
  }
  // A coverage the sample cannot reach within twice its size: NA.
  EXPECT_TRUE(std::isnan(size_for_coverage(of({1, 1, 1, 1, 2}), 0.99)));
}

TEST(Estimators, BootstrapAssemblageIsAProbabilityVectorWithTheUndetected) {
  const Abundances a = of({1, 1, 1, 2, 2, 3, 5, 8, 13, 20});
  const std::vector<double> p = bootstrap_assemblage(a);
  // f0 = (55/56)·9/4 = 2.21 → 3 undetected species beside the 10 detected ones.
  ASSERT_EQ(p.size(), 13u);
  double sum = 0;
  for (double v : p) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // The undetected share is 1 − Ĉ(n).
  EXPECT_NEAR(p[10] + p[11] + p[12], 1 - sample_coverage(a), 1e-12);
}

TEST(Estimators, CoverageStandardisedIsDeterministicForASeed) {
  const Abundances a = of({1, 1, 1, 2, 2, 3, 5, 8, 13, 20});
  const auto r1 = coverage_standardised(a, 0.9, 200, 7);
  const auto r2 = coverage_standardised(a, 0.9, 200, 7);
  const auto r3 = coverage_standardised(a, 0.9, 200, 8);
  EXPECT_EQ(r1.q_lcl[0], r2.q_lcl[0]);
  EXPECT_EQ(r1.q_ucl[2], r2.q_ucl[2]);
  EXPECT_NE(r1.q_ucl[0], r3.q_ucl[0]);
  // The point estimates are the standardised values themselves, inside their intervals.
  EXPECT_NEAR(r1.m, size_for_coverage(a, 0.9), 1e-12);
  for (int q = 0; q < 3; ++q) {
    EXPECT_NEAR(r1.q[q], hill_at(a, q, r1.m), 1e-12);
    EXPECT_LT(r1.q_lcl[q], r1.q[q]);
    EXPECT_GT(r1.q_ucl[q], r1.q[q]);
  }
  EXPECT_LT(r1.m_lcl, r1.m);
  // No bootstrap: no interval.
  EXPECT_TRUE(std::isnan(coverage_standardised(a, 0.9, 0, 7).q_lcl[0]));
  // Beyond the extrapolation limit: NA, not a number.
  EXPECT_TRUE(std::isnan(coverage_standardised(of({1, 1, 1, 1, 2}), 0.99, 200, 7).q[0]));
}

namespace {

// A known community (synthetic): `species` species with log-series abundances — the
// quantiles (i − ½)/S of P(k) = −x^k / (k ln(1 − x)) — as relative abundances.
std::vector<double> log_series_community(int species, double x) {
  std::vector<double> p;
  double cdf = 0;
  int k = 1;
  const double norm = -1 / std::log(1 - x);
  for (int i = 0; i < species; ++i) {
    const double target = (i + 0.5) / species;
    while (cdf + norm * std::pow(x, k) / k < target) cdf += norm * std::pow(x, k) / k, ++k;
    p.push_back(k);
  }
  double s = 0;
  for (double v : p) s += v;
  for (double& v : p) v /= s;
  return p;
}

// Per-species record counts of a sample of n records from the community.
std::vector<uint64_t> draw_sample(const std::vector<double>& p, uint64_t n, std::mt19937_64& rng) {
  std::discrete_distribution<int> draw(p.begin(), p.end());
  std::vector<uint64_t> counts(p.size(), 0);
  for (uint64_t i = 0; i < n; ++i) ++counts[draw(rng)];
  return counts;
}

}  // namespace

// 200 samples of 8000 records from 200 log-series species (x = 0.995): the 95 % Chao1 interval
// covers the true richness in 90–99 % of them. (Chao1 is a lower bound: from 800 records of
// the same community its interval covers 200 in under half of the samples — docs/metrics.md.)
TEST(Estimators, Chao1IntervalCoversTheTruthInASimulation) {
  const int species = 200, samples = 200;
  const std::vector<double> p = log_series_community(species, 0.995);
  std::mt19937_64 rng(2026);
  int cover = 0;
  for (int s = 0; s < samples; ++s) {
    const Estimate c = chao1_estimate(Abundances::of(draw_sample(p, 8000, rng)));
    cover += c.lcl <= species && species <= c.ucl;
  }
  std::printf("Chao1 interval covers S = %d in %d of %d samples\n", species, cover, samples);
  EXPECT_GE(cover, 0.90 * samples);
  EXPECT_LE(cover, 0.99 * samples);
}

// 200 samples of 2000 records from 200 log-series species (x = 0.99): the 95 % bootstrap
// interval of q0 at coverage 0.9 covers the community's richness at the size whose expected
// coverage is 0.9 (with replacement: C(m) = 1 − Σ p(1 − p)^m, S(m) = Σ 1 − (1 − p)^m) in
// 90–99 % of them.
TEST(Estimators, CoverageStandardisedIntervalCoversTheTruthInASimulation) {
  const int samples = 200;
  const std::vector<double> p = log_series_community(200, 0.99);
  const double C = 0.9;
  auto true_cov = [&](double m) {
    double c = 1;
    for (double v : p) c -= v * std::pow(1 - v, m);
    return c;
  };
  double lo = 1, hi = 1e6;
  for (int i = 0; i < 200; ++i) (true_cov((lo + hi) / 2) < C ? lo : hi) = (lo + hi) / 2;
  double true_q0 = 0;
  for (double v : p) true_q0 += 1 - std::pow(1 - v, lo);
  std::mt19937_64 rng(2026);
  int cover = 0, valid = 0;
  for (int s = 0; s < samples; ++s) {
    const auto r = coverage_standardised(Abundances::of(draw_sample(p, 2000, rng)), C, 200, s);
    if (std::isnan(r.q_lcl[0])) continue;
    ++valid;
    cover += r.q_lcl[0] <= true_q0 && true_q0 <= r.q_ucl[0];
  }
  std::printf("q0 at coverage %.2f (true %.2f) covered in %d of %d samples\n", C, true_q0, cover,
              samples);
  EXPECT_EQ(valid, samples);
  EXPECT_GE(cover, 0.90 * samples);
  EXPECT_LE(cover, 0.99 * samples);
}
