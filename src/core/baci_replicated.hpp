#pragma once
// Before/after as a replicated design (BACI-PS, Stewart-Oaten, Murdoch & Parker 1986): per
// period (12 months, aligned to the intervention date) and per area, diversity standardised to
// a common sample coverage (core/estimators); the difference impact − mean(controls) per
// period; the effect = mean difference after − mean difference before, with Welch's t for its
// 95 % interval and p-value (core/stats). The verdict comes only from that interval.
// Assumptions (docs/metrics.md): the per-period differences are independent and roughly
// normal; the controls share the impact area's year-to-year variation; records are a sample
// of individuals. A pure computation over the engine's per-area index.
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/stats.hpp"

namespace biodash {

enum class Verdict : uint8_t { Increase, Decrease, NoClearEvidence, InsufficientData };
// "increase", "decrease", "no clear evidence", "insufficient data" (the CSV values).
const char* verdict_key(Verdict v);

enum class Standardise : uint8_t { Coverage, Size };

struct BaciDesign {
  int q = 0;  // Hill order: 0 richness, 1 exp Shannon, 2 inverse Simpson
  // Coverage: every cell at one sample coverage; Size: every cell rarefied to one number of
  // records (the smallest used cell's, or `size`), never extrapolated.
  Standardise by = Standardise::Coverage;
  uint64_t size = 0;    // Size: records per cell (0 = the smallest used cell's)
  double coverage = 0;  // common coverage; 0: iNEXT's default, the lowest Ĉ(2n) of the cells used
  uint64_t min_records = 20;  // a cell (area × period) with fewer records is not used
  int period_months = 12;     // period length (12: years aligned to the date)
  // Per-period intervals: bootstrap samples per cell (core/estimators, Chao et al. 2014) and
  // their seed (each cell draws from its own stream of it). 0: no per-period intervals (the
  // map, which needs only the effect).
  int bootstrap = 0;
  uint64_t seed = 1;
};

struct BaciPeriod {
  int32_t from = 0, to = 0;  // first and last day (inclusive)
  bool after = false;        // on or after the intervention date
  uint64_t impact_records = 0;
  std::vector<uint64_t> control_records;        // per control
  double impact = kNA;                          // standardised value (NaN: cell not used)
  std::vector<double> controls;                 // per control (NaN: not used)
  double control_mean = kNA, control_sd = kNA;  // over the controls used (sd: NaN for one)
  double difference = kNA;                      // impact − control mean
  // Its sampling 95 % interval: difference ± z·√(s_I² + Σ s_Cj² / k²), s the bootstrap s.e. of
  // each cell's standardised value, k the controls used (NaN without bootstrap).
  double difference_se = kNA, difference_lcl = kNA, difference_ucl = kNA;
  std::string skipped;  // why the period is not used, in English ("" = used)
};

struct BaciReplicated {
  int32_t date = 0;
  int q = 0;
  double coverage = kNA;  // the common coverage the values are standardised to (Coverage)
  Standardise by = Standardise::Coverage;
  double size = kNA;  // the common number of records (Size)
  std::vector<BaciPeriod> periods;
  int periods_before = 0, periods_after = 0;  // used
  WelchResult test;                           // after vs before differences
  Verdict verdict = Verdict::InsufficientData;
  // Mean difference before and after with their own 95 % t intervals (for charts; NaN with
  // fewer than 2 periods on that side).
  double before_mean = kNA, before_lcl = kNA, before_ucl = kNA;
  double after_mean = kNA, after_lcl = kNA, after_ucl = kNA;
};

// Impact (pooled union of its polygons) against each control polygon separately. Periods are
// cut from the intervention date backwards and forwards in steps of period_months and kept when
// they lie wholly within the dated records that pass `base` (its date range and season apply).
BaciReplicated baci_replicated(const ObservationStore& s, const AreaIndex& idx,
                               const std::vector<uint32_t>& impact,
                               const std::vector<uint32_t>& controls, int32_t date,
                               const Filter& base = {}, const BaciDesign& design = {});

// "richness (q = 0) at 83 % coverage" in the current language.
std::string baci_metric_label(const BaciReplicated& r);
// The verdict as one sentence in the current language, e.g. "Increase: +12.3 species (95 %
// interval +4.1 to +20.5; p = 0.01), 5 years before and 4 after, richness at 83 % coverage."
std::string baci_verdict_sentence(const BaciReplicated& r);

}  // namespace biodash
