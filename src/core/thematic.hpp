#pragma once
// The one thematic recipe. Every face that shows a thematic map — the window, its PNG export
// and site report, `biodash render --session`, the kiosk — calls thematic_map() and only
// displays what it returns: the per-area values, the class breaks and colours, and every
// legend and title string. No other code computes a class break or words a legend
// (docs/design.md, "One recipe per number").
//
// Input: a ThematicSpec (metric, filter, time window, classing, palette, BACI areas), the
// observations, and the areas as an AreaIndex (observations per polygon or hex cell, built
// once per (area layer, store) by core/engine). Output: ThematicMap. Pure computation: no GL,
// no UI; safe on a worker thread (the legend's language is a parameter, not the UI's).
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/choropleth.hpp"
#include "core/engine.hpp"
#include "core/i18n.hpp"
#include "core/observations.hpp"

namespace biodash {

// What a thematic map shows, whatever face shows it. Saved in a session (core/session.hpp),
// edited in the window (workspace AnalysisView), read from a kiosk scene.
struct ThematicSpec {
  Metric metric = Metric::Records;
  uint64_t rarefy_m = 50;  // Metric::Rarefied: records per subsample
  ChoroplethStyle style;
  uint64_t low_effort_records = 5;  // areas with fewer records are flagged (0 = none)
  // Metric::Q0Cov..Q2Cov: the sample coverage every area is standardised to.
  double coverage = kDefaultCoverage;
  // Diversity metrics: areas whose sample coverage is below this are flagged (0 = none): the
  // sample is too incomplete to compare their diversity.
  double min_coverage = 0.5;
  ViewFilter filter;
  TimeSlider time;
  // Metric::BaciContrast: impact and control areas (feature indices of the area layer) and
  // the intervention day (days since 1970-01-01).
  std::vector<int64_t> baci_impact, baci_control;
  int32_t baci_date = 0;
  bool operator==(const ThematicSpec&) const = default;
};

struct ThematicMap {
  std::vector<AreaMetrics> metrics;  // per area (all metrics when asked, else what is shown)
  Filter filter;                     // the spec's filter resolved on the store, time applied
  // Per-area values (NaN = no data), class edges, colours and labels, legend title, unit,
  // filter line and map title.
  Choropleth choropleth;
};

// The time slider's window in words, in language(): "2019-01-01 – 2019-12-31",
// "up to 2020-06-30", "Apr–Jun every year to 2021"; "" when the slider is off.
std::string time_window_text(const TimeSlider& t);
// The filter line under a legend, in language(): ViewFilter::describe() and the time window
// joined by " · " ("" when nothing is filtered).
std::string thematic_filter_text(const ThematicSpec& spec);
// The legend title, in language(): "Species richness · BiodiverCity sites",
// "Rarefied richness at 50 records · Hex grid 250 m".
std::string thematic_legend_title(const ThematicSpec& spec, const std::string& area_name);

// The palette a spec is drawn with: BACI contrasts are signed, so a sequential palette is
// replaced by the diverging PuOr.
ChoroplethStyle thematic_style(const ThematicSpec& spec);

// The thematic map of `spec` over the areas of `idx`, with its strings in `lang`.
// `area_name` is the area layer's title as the user sees it. all_metrics: compute every metric
// per area (the window's area list and panels); otherwise only what the map shows.
// Throws Error for a filter date that does not parse.
ThematicMap thematic_map(const ObservationStore& s, const AreaIndex& idx, const ThematicSpec& spec,
                         const std::string& area_name, Language lang, bool all_metrics = false,
                         unsigned threads = 0);

}  // namespace biodash
