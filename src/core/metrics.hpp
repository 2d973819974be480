#pragma once
// Biodiversity metrics of one area from its per-species record counts n_i (abundance = number
// of records per species, as in citizen-science data). N = sum n_i, S = number of species with
// n_i > 0. Formulas as in shared/docs/domain.md; exact forms stated per function.
#include <cstdint>
#include <vector>

namespace biodash {

// The largest rarefaction depth biodash accepts (CLI --metrics rarefied_<m>, baci --rarefy, a
// saved view's rarefy_m): far above any area's record count, far below overflow.
inline constexpr uint64_t kMaxRarefyDepth = 10000000;

// Shannon H' = -sum p_i ln p_i with p_i = n_i / N (natural log). 0 for N = 0 or S = 1.
double shannon(const std::vector<uint64_t>& n);

// Simpson's diversity 1 - sum p_i^2 (the "Gini-Simpson" form, with replacement; not the
// unbiased 1 - sum n_i(n_i-1)/(N(N-1))). 0 for N = 0.
double simpson(const std::vector<uint64_t>& n);

// Chao1 as iNEXT's ChaoRichness computes it: S + (N−1)/N · f1²/(2 f2) when f2 > 0, else
// S + (N−1)/N · f1 (f1 − 1)/2 (f1 singletons, f2 doubletons; Chao 1987, bias-corrected when
// f2 = 0). Its standard error and interval: core/estimators chao1_estimate. 0 for N = 0.
// (Until issue 13 this was vegan's estimateR form S + f1(f1−1)/(2(f2+1)).)
double chao1(const std::vector<uint64_t>& n);

// Hurlbert's rarefied richness: the expected number of species in a random subsample of m
// records without replacement, E[S_m] = sum_i [1 - C(N - n_i, m) / C(N, m)], computed in log
// space with lgamma. For m >= N it returns S (the whole sample); m = 0 gives 0.
double rarefied_richness(const std::vector<uint64_t>& n, uint64_t m);

}  // namespace biodash
