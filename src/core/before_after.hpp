#pragma once
// The computations behind the window's Before/after section (ui/before_after_panel.cpp):
// LBSP measures read from the impact and control layers, and per measure the raw BACI table,
// the replicated before/after design with its verdict (core/baci_replicated), and Polderlab
// species per year per treatment.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/baci.hpp"
#include "core/baci_replicated.hpp"
#include "core/layer.hpp"
#include "core/observations.hpp"

namespace biodash {

// One LBSP greening measure the section can compare: an impact-layer feature with its date and
// control features, as core baci_measures() reads them (the rules of `biodash baci`).
struct BaciMeasure {
  size_t impact = 0;             // feature of the impact layer
  std::vector<size_t> controls;  // features of the control layer
  int32_t date = 0;              // carried_out, days since 1970-01-01
  std::string label;             // "M1 Bomen herplant Sylviusweg (2019-11-20)"
};
// Measures with a whole-day date and at least one control, in impact-feature order (none when
// a layer has no id field).
std::vector<BaciMeasure> comparable_measures(const Layer& impact, const Layer& control);

// What the section shows for one measure.
struct BeforeAfter {
  bool valid = false;
  BaciResult baci;            // the table: impact/control x before/after (what was recorded)
  BaciReplicated replicated;  // the replicated design: per-period differences, verdict
  std::vector<std::string> treatments;            // Polderlab treatments (sorted)
  std::vector<double> plot_years;                 // 2021 .. last year of the data
  std::vector<std::vector<double>> plot_species;  // per treatment, per year
};
// polygons = the impact polygon, then its n_controls control polygons, then the Polderlab
// plots (plot_treatment: one treatment per plot). Records are restricted by `filter`
// (resolved against the store); `date` splits before (day < date) and after. Worker thread.
BeforeAfter compute_before_after(const ObservationStore& store,
                                 const std::vector<const GEOSGeometry*>& polygons,
                                 size_t n_controls, const std::vector<std::string>& plot_treatment,
                                 const ViewFilter& filter, int32_t date);

}  // namespace biodash
