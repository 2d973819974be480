#include "core/baci_replicated.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/estimators.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"

namespace biodash {
namespace {

// The day `months` calendar months after `day` (the 31st becomes the month's last day).
int32_t add_months(int32_t day, int months) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  int total = y * 12 + static_cast<int>(m) - 1 + months;
  const int ny = total >= 0 ? total / 12 : (total - 11) / 12;
  const unsigned nm = static_cast<unsigned>(total - ny * 12) + 1;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned last = kDays[nm - 1];
  if (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0)) last = 29;
  return days_from_civil(ny, nm, std::min(d, last));
}

// Records per (period, taxon) of one series: per period the abundance vector.
std::vector<std::vector<uint64_t>> per_period(const ObservationStore& s, const AreaIndex& idx,
                                              const std::vector<uint32_t>& polygons,
                                              const Filter& f,
                                              const std::vector<BaciPeriod>& periods) {
  std::vector<std::pair<uint32_t, uint32_t>> pt;  // (period, species)
  for (uint32_t i : union_observations(idx, polygons)) {
    const int32_t d = s.day[i];
    if (d == kUnknownDay || !f.pass(s, i)) continue;
    const auto it = std::upper_bound(periods.begin(), periods.end(), d,
                                     [](int32_t day, const BaciPeriod& p) { return day < p.from; });
    if (it == periods.begin()) continue;
    const size_t k = static_cast<size_t>(it - periods.begin()) - 1;
    if (d > periods[k].to) continue;
    const uint32_t sp = s.species_of(s.taxon[i]);
    if (sp != kNoSpecies) pt.emplace_back(static_cast<uint32_t>(k), sp);
  }
  std::sort(pt.begin(), pt.end());
  std::vector<std::vector<uint64_t>> out(periods.size());
  for (size_t i = 0; i < pt.size(); ++i) {
    if (i == 0 || pt[i] != pt[i - 1]) out[pt[i].first].push_back(0);
    ++out[pt[i].first].back();
  }
  return out;
}

uint64_t total(const std::vector<uint64_t>& v) {
  uint64_t t = 0;
  for (uint64_t x : v) t += x;
  return t;
}

std::string signed_number(double v, int decimals) {
  return (v >= 0 ? "+" : "\u2212") + format_number(std::abs(v), decimals);
}

}  // namespace

const char* verdict_key(Verdict v) {
  switch (v) {
    case Verdict::Increase:
      return "increase";
    case Verdict::Decrease:
      return "decrease";
    case Verdict::NoClearEvidence:
      return "no clear evidence";
    case Verdict::InsufficientData:
      return "insufficient data";
  }
  return "insufficient data";
}

BaciReplicated baci_replicated(const ObservationStore& s, const AreaIndex& idx,
                               const std::vector<uint32_t>& impact,
                               const std::vector<uint32_t>& controls, int32_t date,
                               const Filter& base, const BaciDesign& design) {
  BaciReplicated r;
  r.date = date;
  r.q = design.q;
  r.by = design.by;
  // The dated span of the records that pass the filter, in the areas compared.
  int32_t first = kUnknownDay, last = kUnknownDay;
  auto span = [&](uint32_t p) {
    for (uint32_t k = idx.offset[p]; k < idx.offset[p + 1]; ++k) {
      const uint32_t i = idx.obs[k];
      const int32_t d = s.day[i];
      if (d == kUnknownDay || !base.pass(s, i)) continue;
      if (first == kUnknownDay || d < first) first = d;
      if (last == kUnknownDay || d > last) last = d;
    }
  };
  for (uint32_t p : impact) span(p);
  for (uint32_t p : controls) span(p);
  if (first == kUnknownDay || controls.empty() || impact.empty()) return r;
  // Whole periods within [first, last], cut from the date.
  const int step = std::max(1, design.period_months);
  for (int k = -1;; --k) {
    BaciPeriod p;
    p.from = add_months(date, k * step);
    p.to = add_months(date, (k + 1) * step) - 1;
    if (p.from < first) break;
    r.periods.insert(r.periods.begin(), p);
  }
  for (int k = 0;; ++k) {
    BaciPeriod p;
    p.from = add_months(date, k * step);
    p.to = add_months(date, (k + 1) * step) - 1;
    p.after = true;
    if (p.to > last) break;
    r.periods.push_back(p);
  }
  if (r.periods.empty()) return r;

  const auto imp = per_period(s, idx, impact, base, r.periods);
  std::vector<std::vector<std::vector<uint64_t>>> ctl;
  for (uint32_t c : controls) ctl.push_back(per_period(s, idx, {c}, base, r.periods));
  // Which cells are used, and the common coverage: the lowest Ĉ(2n) among them.
  double common = 1;
  uint64_t smallest = UINT64_MAX;
  for (size_t k = 0; k < r.periods.size(); ++k) {
    BaciPeriod& p = r.periods[k];
    p.impact_records = total(imp[k]);
    p.controls.assign(controls.size(), kNA);
    size_t usable_controls = 0;
    for (size_t c = 0; c < controls.size(); ++c) {
      p.control_records.push_back(total(ctl[c][k]));
      usable_controls += p.control_records.back() >= design.min_records;
    }
    if (p.impact_records < design.min_records)
      p.skipped = "impact area has " + std::to_string(p.impact_records) + " records (fewer than " +
                  std::to_string(design.min_records) + ")";
    else if (usable_controls == 0)
      p.skipped = "no control area has " + std::to_string(design.min_records) + " records";
    if (!p.skipped.empty()) continue;
    auto lowest = [&](const std::vector<uint64_t>& v) {
      const Abundances a = Abundances::of(v);
      common = std::min(common, coverage_at(a, 2.0 * static_cast<double>(a.n)));
      smallest = std::min(smallest, a.n);
    };
    lowest(imp[k]);
    for (size_t c = 0; c < controls.size(); ++c)
      if (p.control_records[c] >= design.min_records) lowest(ctl[c][k]);
  }
  r.coverage = design.coverage > 0 ? design.coverage : std::min(common, 0.999);
  r.size = design.size > 0 ? static_cast<double>(design.size)
                           : (smallest == UINT64_MAX ? kNA : static_cast<double>(smallest));
  auto standardised = [&](const std::vector<uint64_t>& v) {
    const Abundances a = Abundances::of(v);
    if (design.by == Standardise::Size)
      return r.size <= static_cast<double>(a.n) ? hill_at(a, design.q, r.size) : kNA;
    return hill_at(a, design.q, size_for_coverage(a, r.coverage));
  };
  // The bootstrap s.e. of a cell's standardised value; `stream` numbers the cell.
  auto standard_error = [&](const std::vector<uint64_t>& v, uint64_t stream) {
    if (design.bootstrap <= 0) return kNA;
    const Abundances a = Abundances::of(v);
    const uint64_t seed = design.seed * 0x9E3779B97F4A7C15ULL + stream;
    if (design.by == Standardise::Size)
      return hill_curve(a, design.q, {r.size}, design.bootstrap, seed)[0].se;
    return coverage_standardised(a, r.coverage, design.bootstrap, seed).q_se[design.q];
  };
  std::vector<double> before, after;
  for (size_t k = 0; k < r.periods.size(); ++k) {
    BaciPeriod& p = r.periods[k];
    if (!p.skipped.empty()) continue;
    p.impact = standardised(imp[k]);
    std::vector<double> used;
    for (size_t c = 0; c < controls.size(); ++c)
      if (p.control_records[c] >= design.min_records) {
        p.controls[c] = standardised(ctl[c][k]);
        if (!std::isnan(p.controls[c])) used.push_back(p.controls[c]);
      }
    if (std::isnan(p.impact) || used.empty()) {
      p.skipped = design.by == Standardise::Size
                      ? "fewer than " + format_number(r.size, 0) + " records"
                      : "coverage " + format_number(r.coverage, 3) + " not reachable";
      continue;
    }
    const MeanSd c = mean_sd(used);
    p.control_mean = c.mean;
    p.control_sd = c.sd;
    p.difference = p.impact - c.mean;
    if (design.bootstrap > 0) {
      const uint64_t cells = 1 + controls.size();
      double var = 0, control_var = 0;
      const double s_i = standard_error(imp[k], k * cells);
      var = s_i * s_i;
      for (size_t j = 0; j < controls.size(); ++j)
        if (!std::isnan(p.controls[j])) {
          const double s_c = standard_error(ctl[j][k], k * cells + 1 + j);
          control_var += s_c * s_c;
        }
      const double n_used = static_cast<double>(used.size());
      var += control_var / (n_used * n_used);
      if (std::isfinite(var)) {
        p.difference_se = std::sqrt(var);
        p.difference_lcl = p.difference - kZ975 * p.difference_se;
        p.difference_ucl = p.difference + kZ975 * p.difference_se;
      }
    }
    (p.after ? after : before).push_back(p.difference);
  }
  r.periods_before = static_cast<int>(before.size());
  r.periods_after = static_cast<int>(after.size());
  auto mean_ci = [](const std::vector<double>& v, double& mean, double& lo, double& hi) {
    const MeanSd g = mean_sd(v);
    mean = g.mean;
    if (std::isnan(g.sd)) return;
    const double n = static_cast<double>(v.size());
    const double h = student_t_quantile(0.975, n - 1) * g.sd / std::sqrt(n);
    lo = mean - h;
    hi = mean + h;
  };
  mean_ci(before, r.before_mean, r.before_lcl, r.before_ucl);
  mean_ci(after, r.after_mean, r.after_lcl, r.after_ucl);
  r.test = welch_t(before, after);
  if (r.periods_before < 2 || r.periods_after < 2 || !r.test.defined)
    r.verdict = Verdict::InsufficientData;
  else if (r.test.lcl > 0)
    r.verdict = Verdict::Increase;
  else if (r.test.ucl < 0)
    r.verdict = Verdict::Decrease;
  else
    r.verdict = Verdict::NoClearEvidence;
  return r;
}

std::string baci_metric_label(const BaciReplicated& r) {
  const char* what = r.q == 0   ? tr("richness")
                     : r.q == 1 ? tr("Shannon diversity (Hill q = 1)")
                                : tr("Simpson diversity (Hill q = 2)");
  if (r.by == Standardise::Size)
    return fill(tr("%s in %s records"),
                {what, std::isnan(r.size) ? "?" : format_number(r.size, 0)});
  return fill(tr("%s at %s%% coverage"),
              {what, std::isnan(r.coverage) ? "?" : format_number(100 * r.coverage, 0)});
}

std::string baci_verdict_sentence(const BaciReplicated& r) {
  const std::string b = std::to_string(r.periods_before), a = std::to_string(r.periods_after);
  if (r.verdict == Verdict::InsufficientData)
    return fill(tr("Insufficient data: %s usable periods before and %s after the date (at least "
                   "2 each are needed)."),
                {b, a});
  const char* head = r.verdict == Verdict::Increase   ? tr("Increase")
                     : r.verdict == Verdict::Decrease ? tr("Decrease")
                                                      : tr("No clear evidence of a change");
  char p[32];
  std::snprintf(p, sizeof p, r.test.p_value < 0.001 ? "p < 0.001" : "p = %.3f", r.test.p_value);
  return fill(tr("%s: %s (95%% interval %s to %s; %s), %s periods before and %s after, %s."),
              {head, signed_number(r.test.difference, 1), signed_number(r.test.lcl, 1),
               signed_number(r.test.ucl, 1), p, b, a, baci_metric_label(r)});
}

}  // namespace biodash
