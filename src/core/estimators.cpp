#include "core/estimators.hpp"

#include <math.h>  // lgamma_r (glibc): std::lgamma writes the global signgam, a data race

#include <algorithm>
#include <cmath>

#include "core/stats.hpp"

namespace biodash {
namespace {

double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// ln k! for k = 0..n, per thread, grown on demand (every value from lgamma: no accumulated
// rounding). The reference stays valid until the next call on this thread.
const std::vector<double>& log_factorials(uint64_t n) {
  thread_local std::vector<double> lf{0.0};
  if (lf.size() <= n) {
    const size_t old = lf.size();
    lf.resize(static_cast<size_t>(n) + 1);
    for (size_t k = old; k < lf.size(); ++k) lf[k] = log_gamma(static_cast<double>(k) + 1);
  }
  return lf;
}

// Harmonic numbers H_k = Σ_{j=1..k} 1/j, k = 0..n, per thread.
const std::vector<double>& harmonics(uint64_t n) {
  thread_local std::vector<double> h{0.0};
  if (h.size() <= n) {
    const size_t old = h.size();
    h.resize(static_cast<size_t>(n) + 1);
    for (size_t k = old; k < h.size(); ++k) h[k] = h[k - 1] + 1.0 / static_cast<double>(k);
  }
  return h;
}

// ln k for k = 0..n (ln 0 unused), per thread.
const std::vector<double>& logs(uint64_t n) {
  thread_local std::vector<double> l{0.0};
  if (l.size() <= n) {
    const size_t old = l.size();
    l.resize(static_cast<size_t>(n) + 1);
    for (size_t k = old; k < l.size(); ++k) l[k] = std::log(static_cast<double>(k));
  }
  return l;
}

// xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64: a fast generator with a
// fixed, documented output sequence, so a seed gives the same limits on every machine.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& w : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
  }
  uint64_t operator()() {
    const uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

struct LogChoose {
  const std::vector<double>& lf;
  double operator()(uint64_t a, uint64_t b) const { return lf[a] - lf[b] - lf[a - b]; }
};

double dbl(uint64_t v) {
  return static_cast<double>(v);
}

// A of Chao & Jost 2012 (also the extrapolation ratio of q = 0 and of coverage).
double coverage_A(const Abundances& a) {
  const double n = dbl(a.n), f1 = dbl(a.f1), f2 = dbl(a.f2);
  if (a.f1 == 0) return 1;
  if (a.f2 > 0) return (n - 1) * f1 / ((n - 1) * f1 + 2 * f2);
  return (n - 1) * (f1 - 1) / ((n - 1) * (f1 - 1) + 2);
}

double coverage_n(const Abundances& a) {
  return a.f1 == 0 ? 1.0 : 1.0 - dbl(a.f1) / dbl(a.n) * coverage_A(a);
}

// Ĉ(m) for an integer 0 <= m < n.
double coverage_int(const Abundances& a, uint64_t m) {
  const LogChoose lc{log_factorials(a.n)};
  const double base = lc(a.n - 1, m), n = dbl(a.n);
  double s = 0;
  for (const auto& [x, fx] : a.freq)
    if (a.n - x >= m) s += dbl(fx) * dbl(x) / n * std::exp(lc(a.n - x, m) - base);
  return 1.0 - s;
}

// Σ_i Σ_k P(Y_i = k) h(k) for Y_i ~ Hypergeometric(n, X_i, m), integer 1 <= m < n: walks each
// distinct count's distribution outwards from its mode and stops where terms are negligible.
template <class H>
double hypergeometric_sum(const Abundances& a, uint64_t m, H h) {
  const LogChoose lc{log_factorials(a.n)};
  const uint64_t n = a.n;
  const double base = lc(n, m);
  double total = 0;
  for (const auto& [x, fx] : a.freq) {
    const uint64_t lo = m > n - x ? m - (n - x) : 0, hi = std::min(x, m);
    uint64_t mode = static_cast<uint64_t>(std::floor(dbl(m + 1) * dbl(x + 1) / dbl(n + 2)));
    mode = std::clamp(mode, lo, hi);
    const double p0 = std::exp(lc(x, mode) + lc(n - x, m - mode) - base);
    double acc = 0, p = p0;
    for (uint64_t k = mode;; ++k) {  // upwards
      acc += p * h(k);
      if (k == hi) break;
      p *= dbl(x - k) * dbl(m - k) / (dbl(k + 1) * dbl(n - x - m + k + 1));
      if (p < p0 * 1e-18) break;
    }
    p = p0;
    for (uint64_t k = mode; k > lo;) {  // downwards
      p *= dbl(k) * dbl(n - x - m + k) / (dbl(x - k + 1) * dbl(m - k + 1));
      --k;
      acc += p * h(k);
      if (p < p0 * 1e-18) break;
    }
    total += dbl(fx) * acc;
  }
  return total;
}

// Hill number of order q at an integer size 1 <= m < n (rarefaction, Chao et al. 2014).
double hill_int(const Abundances& a, int q, uint64_t m) {
  const double n = dbl(a.n), md = dbl(m);
  if (q == 0) {
    const LogChoose lc{log_factorials(a.n)};
    const double base = lc(a.n, m);
    double s = 0;
    for (const auto& [x, fx] : a.freq)
      s += dbl(fx) * (a.n - x >= m ? 1.0 - std::exp(lc(a.n - x, m) - base) : 1.0);
    return s;
  }
  if (q == 1 && m + 1 == a.n) {
    // One record fewer: f̂_k(n−1) = f_k (n−k)/n + f_{k+1} (k+1)/n exactly (the extrapolation
    // of q = 1 leans on this value; the walk below would leave ~1e-12 of rounding in it).
    double e = 0;
    auto add = [&](uint64_t k, double fk) {
      if (k == 0 || fk == 0) return;
      const double r = dbl(k) / md;
      e += fk * r * std::log(r);
    };
    for (const auto& [x, fx] : a.freq) {
      add(x, dbl(fx) * dbl(a.n - x) / n);  // species keeps all x records
      add(x - 1, dbl(fx) * dbl(x) / n);    // the removed record was one of its
    }
    return std::exp(-e);
  }
  if (q == 1) {
    const auto& ln = logs(m);
    const double lm = ln[m];
    const double e = hypergeometric_sum(
        a, m, [md, lm, &ln](uint64_t k) { return k == 0 ? 0.0 : dbl(k) / md * (ln[k] - lm); });
    return std::exp(-e);
  }
  // q = 2: Σ_k k² f̂_k(m) = Σ_i E[Y_i²], hypergeometric moments in closed form.
  double s = 0;
  for (const auto& [x, fx] : a.freq) {
    const double p = dbl(x) / n, mean = md * p, var = md * p * (1 - p) * (n - md) / (n - 1);
    s += dbl(fx) * (var + mean * mean);
  }
  return md * md / s;
}

// Σ X(X−1) / (n(n−1)): the unbiased Simpson concentration (0 when n <= 1).
double simpson_unbiased(const Abundances& a) {
  if (a.n <= 1) return 0;
  double s = 0;
  for (const auto& [x, fx] : a.freq) s += dbl(fx) * dbl(x) * (dbl(x) - 1);
  return s / (dbl(a.n) * (dbl(a.n) - 1));
}

// Vose's alias table: draws a category in O(1) from one 64-bit random number.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& p) : prob_(p.size()), alias_(p.size()) {
    const size_t k = p.size();
    std::vector<double> scaled(k);
    std::vector<uint32_t> small, large;
    double sum = 0;
    for (double v : p) sum += v;
    for (size_t i = 0; i < k; ++i) {
      scaled[i] = p[i] / sum * static_cast<double>(k);
      (scaled[i] < 1 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (uint32_t i : large) prob_[i] = 1, alias_[i] = i;
    for (uint32_t i : small) prob_[i] = 1, alias_[i] = i;  // rounding leftovers
  }
  uint32_t draw(Xoshiro256& rng) const {
    const double u =
        static_cast<double>(rng() >> 11) * 0x1.0p-53 * static_cast<double>(prob_.size());
    const size_t i = std::min(static_cast<size_t>(u), prob_.size() - 1);
    return u - static_cast<double>(i) < prob_[i] ? static_cast<uint32_t>(i) : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

// Abundances of counts summing to n, through a count-of-counts table instead of a sort.
Abundances frequencies(const std::vector<uint64_t>& counts, uint64_t n) {
  thread_local std::vector<uint64_t> f;
  thread_local std::vector<uint64_t> seen;
  if (f.size() <= n) f.resize(static_cast<size_t>(n) + 1, 0);
  seen.clear();
  Abundances a;
  a.n = n;
  for (uint64_t c : counts) {
    if (c == 0) continue;
    ++a.S;
    if (f[c]++ == 0) seen.push_back(c);
  }
  std::sort(seen.begin(), seen.end());
  a.freq.reserve(seen.size());
  for (uint64_t k : seen) {
    a.freq.emplace_back(k, f[k]);
    f[k] = 0;
  }
  a.f1 = !a.freq.empty() && a.freq[0].first == 1 ? a.freq[0].second : 0;
  for (const auto& [k, fk] : a.freq)
    if (k == 2) a.f2 = fk;
  return a;
}

double sd(const std::vector<double>& v) {
  return mean_sd(v).sd;
}

}  // namespace

Abundances Abundances::of(std::span<const uint64_t> counts) {
  Abundances a;
  std::vector<uint64_t> c;
  c.reserve(counts.size());
  for (uint64_t v : counts)
    if (v > 0) c.push_back(v);
  std::sort(c.begin(), c.end());
  for (uint64_t v : c) {
    a.n += v;
    ++a.S;
    if (a.freq.empty() || a.freq.back().first != v) a.freq.emplace_back(v, 0);
    ++a.freq.back().second;
  }
  for (const auto& [k, fk] : a.freq) {
    if (k == 1) a.f1 = fk;
    if (k == 2) a.f2 = fk;
  }
  return a;
}

double undetected_richness(const Abundances& a) {
  if (a.n == 0) return 0;
  const double K = (dbl(a.n) - 1) / dbl(a.n), f1 = dbl(a.f1), f2 = dbl(a.f2);
  return a.f2 > 0 ? K * f1 * f1 / (2 * f2) : K * f1 * (f1 - 1) / 2;
}

Estimate chao1_estimate(const Abundances& a) {
  Estimate e;
  if (a.n == 0) return e;
  const double n = dbl(a.n), S = dbl(a.S), f1 = dbl(a.f1), f2 = dbl(a.f2), K = (n - 1) / n;
  double var;
  if (a.f1 > 0 && a.f2 > 0) {
    e.value = S + K * f1 * f1 / (2 * f2);
    const double r = f1 / f2;
    var = f2 * (K * r * r / 2 + K * K * r * r * r + K * K * r * r * r * r / 4);
  } else if (a.f1 > 1 && a.f2 == 0) {
    e.value = S + K * f1 * (f1 - 1) / 2;
    var = K * f1 * (f1 - 1) / 2 + K * K * f1 * (2 * f1 - 1) * (2 * f1 - 1) / 4 -
          K * K * f1 * f1 * f1 * f1 / (4 * e.value);
  } else {
    e.value = S;
    double s1 = 0, s2 = 0, P = 0;
    for (const auto& [k, fk] : a.freq) {
      const double ek = std::exp(-dbl(k));
      s1 += dbl(fk) * (ek - ek * ek);
      s2 += dbl(k) * ek * dbl(fk);
      P += dbl(fk) * ek;
    }
    var = std::max(0.0, s1 - s2 * s2 / n);
    P /= S;
    e.se = std::sqrt(var);
    e.lcl = std::max(S, S / (1 - P) - kZ975 * e.se / (1 - P));
    e.ucl = S / (1 - P) + kZ975 * e.se / (1 - P);
    return e;
  }
  var = std::max(0.0, var);
  e.se = std::sqrt(var);
  const double T = e.value - S;
  const double R = std::exp(kZ975 * std::sqrt(std::log(1 + var / (T * T))));
  e.lcl = S + T / R;
  e.ucl = S + T * R;
  return e;
}

double coverage_at(const Abundances& a, double m) {
  const double n = dbl(a.n);
  if (a.n == 0 || !(m >= 0) || m > 2 * n) return kNA;
  if (m == n) return coverage_n(a);
  if (m > n) return a.f1 == 0 ? 1.0 : 1.0 - dbl(a.f1) / n * std::pow(coverage_A(a), m - n + 1);
  const uint64_t lo = static_cast<uint64_t>(std::floor(m));
  const double c_lo = coverage_int(a, lo);
  if (dbl(lo) == m) return c_lo;
  const double c_hi = lo + 1 == a.n ? coverage_n(a) : coverage_int(a, lo + 1);
  return c_lo + (m - dbl(lo)) * (c_hi - c_lo);
}

double hill_observed(const Abundances& a, int q) {
  if (a.n == 0) return kNA;
  if (q == 0) return dbl(a.S);
  const double n = dbl(a.n);
  double s = 0;
  for (const auto& [x, fx] : a.freq) {
    const double p = dbl(x) / n;
    s += q == 1 ? -dbl(fx) * p * std::log(p) : dbl(fx) * p * p;
  }
  return q == 1 ? std::exp(s) : 1.0 / s;
}

double hill_asymptotic(const Abundances& a, int q) {
  if (a.n == 0) return kNA;
  if (q == 0) return chao1_estimate(a).value;
  if (q == 2) {
    const double s = simpson_unbiased(a);
    return s > 0 ? 1.0 / s : kNA;
  }
  // q = 1: Chao, Wang & Jost 2013.
  const uint64_t n = a.n;
  const auto& H = harmonics(n);
  double h = 0;
  for (const auto& [x, fx] : a.freq)
    if (x <= n - 1) h += dbl(fx) * dbl(x) / dbl(n) * (H[n - 1] - H[x - 1]);
  if (a.f1 > 0) {
    const double f1 = dbl(a.f1), f2 = dbl(a.f2), nd = dbl(n);
    const double p1 = a.f2 > 0 ? 2 * f2 / ((nd - 1) * f1 + 2 * f2) : 2 / ((nd - 1) * (f1 - 1) + 2);
    if (p1 < 1) {
      const double qq = 1 - p1;
      // (1−p1)^(1−n) · [−ln p1 − Σ_{r<n} (1−p1)^r / r] = Σ_{r>=n} (1−p1)^(r−n+1) / r: the tail
      // form has no cancellation; the closed form is cheaper where its amplification is small.
      double t;
      if ((nd - 1) * -std::log(qq) < 10) {
        double s = 0, pw = 1;
        for (uint64_t r = 1; r < n; ++r) {
          pw *= qq;
          s += pw / dbl(r);
        }
        t = std::pow(qq, 1 - nd) * (-std::log(p1) - s);
      } else {
        t = 0;
        double pw = 1;
        for (uint64_t r = n;; ++r) {
          pw *= qq;
          const double term = pw / dbl(r);
          t += term;
          if (term < t * 1e-17) break;
        }
      }
      h += f1 / nd * t;
    }
  }
  return std::exp(h);
}

double hill_at(const Abundances& a, int q, double m) {
  const double n = dbl(a.n);
  if (a.n == 0 || !(m > 0) || m > 2 * n) return kNA;
  if (m == n) return hill_observed(a, q);
  if (m > n) {
    const double ms = m - n;  // m*
    if (q == 0) {
      const double f0 = undetected_richness(a);
      return f0 == 0 ? dbl(a.S) : dbl(a.S) + f0 * (1 - std::pow(coverage_A(a), ms));
    }
    if (q == 2) {
      const double t = n + ms;
      return 1.0 / (1.0 / t + (1 - 1.0 / t) * simpson_unbiased(a));
    }
    const double obs = hill_observed(a, 1), asy = hill_asymptotic(a, 1);
    if (a.n == 1 || asy == obs) return obs;
    const double d = hill_int(a, 1, a.n - 1), beta = (obs - d) / (asy - d);
    return obs + (asy - obs) * (1 - std::pow(1 - beta, ms));
  }
  if (m < 1) return q == 0 ? m : kNA;  // between an empty sample and one record
  const uint64_t lo = static_cast<uint64_t>(std::floor(m));
  const double d_lo = hill_int(a, q, lo);
  if (dbl(lo) == m) return d_lo;
  const double d_hi = lo + 1 == a.n ? hill_observed(a, q) : hill_int(a, q, lo + 1);
  return d_lo + (m - dbl(lo)) * (d_hi - d_lo);
}

double size_for_coverage(const Abundances& a, double C) {
  if (a.n == 0 || !(C > 0 && C < 1)) return kNA;
  const double n = dbl(a.n), cn = coverage_n(a);
  if (C == cn) return n;
  if (C > cn) {  // extrapolation: f1 > 0 here (else Ĉ(n) = 1)
    const double m = n + std::log(n * (1 - C) / dbl(a.f1)) / std::log(coverage_A(a)) - 1;
    if (m > 2 * n && m <= 2 * n * (1 + 1e-12)) return 2 * n;  // C = Ĉ(2n) up to rounding
    return m > 2 * n ? kNA : m;
  }
  // Rarefaction: Ĉ is increasing in m; find the integers around C, then the linear piece.
  uint64_t lo = 0, hi = a.n;  // Ĉ(0) = 0 < C <= Ĉ(n)
  double c_lo = 0, c_hi = cn;
  while (hi - lo > 1) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const double c = coverage_int(a, mid);
    if (c < C) {
      lo = mid;
      c_lo = c;
    } else {
      hi = mid;
      c_hi = c;
    }
  }
  return dbl(lo) + (C - c_lo) / (c_hi - c_lo);
}

std::vector<double> bootstrap_assemblage(const Abundances& a) {
  std::vector<double> p;
  if (a.n == 0) return p;
  const double n = dbl(a.n), f0 = undetected_richness(a);
  const double undetected = a.f1 == 0 ? 0.0 : dbl(a.f1) / n * coverage_A(a);  // 1 − Ĉ(n)
  double b = 0;
  for (const auto& [x, fx] : a.freq) b += dbl(fx) * dbl(x) / n * std::pow(1 - dbl(x) / n, n);
  const double w = f0 == 0 || b == 0 ? 0.0 : undetected / b;
  for (const auto& [x, fx] : a.freq) {
    const double px = dbl(x) / n * (1 - w * std::pow(1 - dbl(x) / n, n));
    p.insert(p.end(), fx, px);
  }
  if (f0 > 0 && undetected > 0) {
    const uint64_t u = static_cast<uint64_t>(std::ceil(f0));
    p.insert(p.end(), u, undetected / dbl(u));
  }
  return p;
}

namespace {

// Calls fn(sample) for B bootstrap samples of size n from the estimated assemblage (Chao et
// al. 2014), drawn from the seed's stream.
template <class Fn>
void for_each_bootstrap_sample(const Abundances& a, int B, uint64_t seed, Fn fn) {
  if (B <= 0 || a.n == 0) return;
  const std::vector<double> p = bootstrap_assemblage(a);
  const AliasTable table(p);
  Xoshiro256 rng(seed);
  std::vector<uint64_t> counts(p.size());
  for (int b = 0; b < B; ++b) {
    std::fill(counts.begin(), counts.end(), 0);
    for (uint64_t i = 0; i < a.n; ++i) ++counts[table.draw(rng)];
    fn(frequencies(counts, a.n));
  }
}

}  // namespace

std::vector<Estimate> hill_curve(const Abundances& a, int q, const std::vector<double>& sizes,
                                 int B, uint64_t seed) {
  std::vector<Estimate> out(sizes.size());
  for (size_t k = 0; k < sizes.size(); ++k) out[k].value = hill_at(a, q, sizes[k]);
  std::vector<std::vector<double>> reps(sizes.size());
  for_each_bootstrap_sample(a, B, seed, [&](const Abundances& s) {
    for (size_t k = 0; k < sizes.size(); ++k) {
      const double v = hill_at(s, q, sizes[k]);
      if (std::isfinite(v)) reps[k].push_back(v);
    }
  });
  const double observed = hill_observed(a, q);
  for (size_t k = 0; k < sizes.size(); ++k) {
    const double s = sd(reps[k]);
    if (std::isnan(s) || std::isnan(out[k].value)) continue;
    out[k].se = s;
    const double floor = sizes[k] > dbl(a.n) ? observed : std::min(1.0, out[k].value);
    out[k].lcl = std::max(floor, out[k].value - kZ975 * s);
    out[k].ucl = out[k].value + kZ975 * s;
  }
  return out;
}

CoverageStandardised coverage_standardised(const Abundances& a, double C, int B, uint64_t seed) {
  CoverageStandardised r;
  r.m = size_for_coverage(a, C);
  if (std::isnan(r.m)) return r;
  for (int q = 0; q < 3; ++q) r.q[q] = hill_at(a, q, r.m);
  if (B <= 0) return r;

  std::vector<double> reps[4];  // q0, q1, q2, m
  for_each_bootstrap_sample(a, B, seed, [&](const Abundances& s) {
    const double m = size_for_coverage(s, C);
    if (std::isnan(m)) return;  // beyond its extrapolation limit: no replicate
    reps[3].push_back(m);
    for (int q = 0; q < 3; ++q) reps[q].push_back(hill_at(s, q, m));
  });
  const bool extrapolated = r.m > dbl(a.n);
  for (int q = 0; q < 3; ++q) {
    const double s = sd(reps[q]);
    if (std::isnan(s)) continue;
    r.q_se[q] = s;
    const double floor = extrapolated ? hill_observed(a, q) : std::min(1.0, r.q[q]);
    r.q_lcl[q] = std::max(floor, r.q[q] - kZ975 * s);
    r.q_ucl[q] = r.q[q] + kZ975 * s;
  }
  const double s = sd(reps[3]);
  if (!std::isnan(s)) {
    r.m_lcl = std::max(std::min(1.0, r.m), r.m - kZ975 * s);
    r.m_ucl = r.m + kZ975 * s;
  }
  return r;
}

}  // namespace biodash
