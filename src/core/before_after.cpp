#include "core/before_after.hpp"

#include <algorithm>
#include <map>

#include "core/engine.hpp"
#include "core/labels.hpp"

namespace biodash {

std::vector<BaciMeasure> comparable_measures(const Layer& impact, const Layer& control) {
  std::vector<BaciMeasure> out;
  std::vector<Measure> all;
  try {
    all = baci_measures(impact, control);  // the rules `biodash baci` uses
  } catch (const std::exception&) {
    return out;  // a layer without an id field: nothing to compare
  }
  for (const Measure& m : all) {
    if (!m.problem.empty()) continue;
    BaciMeasure b;
    b.impact = m.impact;
    b.controls = m.controls;
    b.date = m.date;
    b.label = m.id + " " + feature_title(impact, m.impact) + " (" + iso_date(m.date) + ")";
    out.push_back(std::move(b));
  }
  return out;
}

namespace {

Filter year_filter(const Filter& base, int year) {
  Filter f = base;
  f.from_day = std::max(base.from_day, days_from_civil(year, 1, 1));
  f.to_day = std::min(base.to_day, days_from_civil(year, 12, 31));
  return f;
}

}  // namespace

BeforeAfter compute_before_after(const ObservationStore& store,
                                 const std::vector<const GEOSGeometry*>& pg, size_t n_controls,
                                 const std::vector<std::string>& plot_treatment,
                                 const ViewFilter& vf, int32_t date) {
  const AreaIndex idx = invert(assign_points(pg, store.x.data(), store.y.data(), store.size()));
  const Filter base = resolve(vf, store);
  BeforeAfter o;
  BeforeAfter* out = &o;
  std::vector<uint32_t> imp{0}, ctl;
  for (size_t c = 0; c < n_controls; ++c) ctl.push_back(uint32_t(1 + c));
  out->baci = baci(store, idx, imp, ctl, date, base);
  BaciDesign design;
  design.bootstrap = 100;  // per-period intervals for the chart
  out->replicated = baci_replicated(store, idx, imp, ctl, date, base, design);
  const auto [first, last] = day_range(store);
  if (first != kUnknownDay) {
    int y0, y1;
    unsigned mm, dd;
    civil_from_days(first, y0, mm, dd);
    civil_from_days(last, y1, mm, dd);
    // Polderlab: treatments since 2021.
    std::map<std::string, std::vector<uint32_t>> by;
    for (size_t p = 0; p < plot_treatment.size(); ++p)
      by[plot_treatment[p]].push_back(uint32_t(1 + n_controls + p));
    for (const auto& [t, polys] : by) {
      out->treatments.push_back(t.empty() ? "?" : t);
      std::vector<double> ys;
      for (int y = 2021; y <= y1; ++y) {
        if (out->treatments.size() == 1) out->plot_years.push_back(y);
        ys.push_back(metrics_of_union(store, idx, polys, year_filter(base, y)).n_species);
      }
      out->plot_species.push_back(ys);
    }
  }
  out->valid = true;
  return o;
}

}  // namespace biodash
