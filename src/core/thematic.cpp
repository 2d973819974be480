#include "core/thematic.hpp"

#include <algorithm>
#include <cmath>

#include "core/baci_replicated.hpp"
#include "core/format.hpp"
#include "core/labels.hpp"
#include "core/species.hpp"

namespace biodash {

namespace {

std::vector<uint32_t> to_u32(const std::vector<int64_t>& v, size_t n) {
  std::vector<uint32_t> out;
  for (int64_t x : v)
    if (x >= 0 && size_t(x) < n) out.push_back(static_cast<uint32_t>(x));
  return out;
}

}  // namespace

std::string time_window_text(const TimeSlider& t) {
  if (!t.enabled) return "";
  const std::string end = iso_date(t.end_day);
  switch (t.mode) {
    case TimeMode::Cumulative:
      return std::string(tr("up to")) + " " + end;
    case TimeMode::Seasonal: {
      int y0, y1;
      unsigned m0, m1, d0, d1;
      civil_from_days(t.end_day - std::max(0, t.length_days - 1), y0, m0, d0);
      civil_from_days(t.end_day, y1, m1, d1);
      return std::string(month_abbrev(m0)) + "\u2013" + month_abbrev(m1) + " " +
             tr("every year to") + " " + std::to_string(y1);
    }
    case TimeMode::Window:
    default:
      return iso_date(t.end_day - std::max(0, t.length_days - 1)) + " \u2013 " + end;
  }
}

std::string thematic_filter_text(const ThematicSpec& spec) {
  std::string text = spec.filter.describe(&tr);
  const std::string t = time_window_text(spec.time);
  if (!t.empty()) text += (text.empty() ? "" : " \u00b7 ") + t;
  return text;
}

std::string thematic_legend_title(const ThematicSpec& spec, const std::string& area_name) {
  std::string t = metric_title(spec.metric);
  if (spec.metric == Metric::Rarefied)
    t = fill(tr("%s at %s records"), {t, std::to_string(spec.rarefy_m)});
  if (spec.metric == Metric::Q0Cov || spec.metric == Metric::Q1Cov ||
      spec.metric == Metric::Q2Cov) {
    // "Species richness at 90% coverage": the plain metric's name and the standardisation.
    const Metric plain = spec.metric == Metric::Q0Cov   ? Metric::Species
                         : spec.metric == Metric::Q1Cov ? Metric::Shannon
                                                        : Metric::Simpson;
    t = fill(tr("%s at %s%% coverage"),
             {metric_title(plain), format_number(100 * spec.coverage, 0)});
  }
  if (!area_name.empty()) t += " \u00b7 " + area_name;
  return t;
}

ChoroplethStyle thematic_style(const ThematicSpec& spec) {
  ChoroplethStyle style = spec.style;
  if (spec.metric == Metric::BaciContrast && !is_diverging(style.palette))
    style.palette = Palette::PuOr;
  return style;
}

ThematicMap thematic_map(const ObservationStore& s, const AreaIndex& idx, const ThematicSpec& spec,
                         const std::string& area_name, Language lang, bool all_metrics,
                         unsigned threads) {
  const LanguageScope in(lang);
  ThematicMap out;
  out.filter = resolve(spec.filter, s);
  apply_time(spec.time, out.filter);
  MetricsOptions mo;
  mo.threads = threads;
  const Metric m = spec.metric;
  mo.diversity = all_metrics || m == Metric::Shannon || m == Metric::Simpson || m == Metric::Chao1;
  mo.rarefy_m = all_metrics || m == Metric::Rarefied ? spec.rarefy_m : 0;
  mo.effort = all_metrics || m == Metric::Observers || m == Metric::Days;
  const bool coverage_flags =
      spec.min_coverage > 0 && is_diversity_metric(m) && m != Metric::BaciContrast;
  mo.estimators = all_metrics || m == Metric::Coverage || coverage_flags;
  const bool standardised = m == Metric::Q0Cov || m == Metric::Q1Cov || m == Metric::Q2Cov;
  mo.coverage = all_metrics || standardised ? spec.coverage : 0;
  mo.bootstrap = 0;  // the map shows values; the selection panel computes intervals
  out.metrics = compute_metrics(s, idx, out.filter, mo);
  const size_t n = out.metrics.size();
  std::vector<double> values(n, std::nan(""));
  std::vector<uint8_t> low;
  if (spec.low_effort_records > 0) low = low_effort_flags(out.metrics, spec.low_effort_records);
  std::string flag_label;
  if (m == Metric::BaciContrast) {
    // Per area: the replicated before/after effect against the controls (each its own series);
    // hatched where its 95 % interval includes 0 or the data do not suffice. "No data" for areas
    // without records and when no control is chosen.
    const std::vector<uint32_t> control = to_u32(spec.baci_control, n);
    low.assign(n, 0);
    if (!control.empty()) {
      for (size_t i = 0; i < n; ++i) {
        if (out.metrics[i].n_obs == 0 ||
            std::find(control.begin(), control.end(), i) != control.end())
          continue;
        const BaciReplicated r = baci_replicated(s, idx, {static_cast<uint32_t>(i)}, control,
                                                 spec.baci_date, out.filter);
        values[i] = r.test.difference;
        low[i] = r.verdict != Verdict::Increase && r.verdict != Verdict::Decrease;
      }
    }
    flag_label = tr("no clear evidence (interval includes 0)");
  } else {
    for (size_t i = 0; i < n; ++i) values[i] = metric_value(out.metrics[i], m);
    if (coverage_flags) {
      low.resize(n, 0);
      for (size_t i = 0; i < n; ++i)
        if (out.metrics[i].n_obs > 0 && out.metrics[i].coverage < spec.min_coverage) low[i] = 1;
      flag_label = fill(
          tr("incomplete: fewer than %s records or coverage below %s%%"),
          {std::to_string(spec.low_effort_records), format_number(100 * spec.min_coverage, 0)});
    }
  }
  out.choropleth = make_choropleth(values, thematic_legend_title(spec, area_name), metric_unit(m),
                                   thematic_style(spec), std::move(low));
  if (!out.choropleth.low_effort_label.empty() && !flag_label.empty())
    out.choropleth.low_effort_label = flag_label;
  out.choropleth.filter_text = thematic_filter_text(spec);
  // What a species is, wherever a value counts species (every metric but records and effort).
  if (m != Metric::Records && m != Metric::Observers && m != Metric::Days)
    out.choropleth.note = species_rule_text();
  out.choropleth.map_title = out.choropleth.title;
  if (!out.choropleth.filter_text.empty())
    out.choropleth.map_title += " \u00b7 " + out.choropleth.filter_text;
  return out;
}

}  // namespace biodash
