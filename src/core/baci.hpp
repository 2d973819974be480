#pragma once
// Before-After-Control-Impact comparison for an intervention (e.g. an LBSP greening measure):
// the change of a metric in the impact area(s) minus its change in the control area(s),
// (I_after − I_before) − (C_after − C_before), with effort beside it.
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/layer.hpp"

namespace biodash {

struct BaciCell {
  AreaMetrics m;               // metrics of the pooled areas in the period
  uint64_t observer_days = 0;  // distinct (observer, day) pairs: effort
};

struct BaciResult {
  int32_t date = 0;       // intervention day; "before" = day < date, "after" = day >= date
  uint64_t rarefy_m = 0;  // m used for rarefied richness (smallest of the four N)
  BaciCell impact_before, impact_after, control_before, control_after;  // the four cells
  double contrast_species = 0;   // BACI contrast of richness (distinct taxa)
  double contrast_records = 0;   // of records (effort)
  double contrast_rarefied = 0;  // of rarefied richness at rarefy_m (effort-fair)
};

// Pools the impact polygons and the control polygons (union, each record once), splits by
// the date, and computes the contrasts. `base` restricts records as usual (its own date range
// still applies). rarefy_m = 0 picks the smallest record count of the four cells.
BaciResult baci(const ObservationStore& s, const AreaIndex& idx,
                const std::vector<uint32_t>& impact, const std::vector<uint32_t>& control,
                int32_t date, const Filter& base = {}, uint64_t rarefy_m = 0);

// How the measures are read from an impact layer and a control layer; `biodash baci` and the
// dashboard's Before/after section both use baci_measures(), so they agree.
struct MeasureRules {
  std::string id_field;                           // "" = first of id, measure_id, name (per layer)
  std::string date_field = "carried_out";         // impact feature's intervention date
  std::string control_for_field = "control_for";  // control feature: impact ids it serves
  int32_t date = kUnknownDay;                     // set: this date for every impact (--date)
  std::vector<std::string> impact_ids;            // only these impacts (empty = all)
  std::vector<std::string> control_ids;           // these controls for every impact (empty:
                                                  // the rules below)
};

// One measure: an impact feature, its date and its controls. The controls are, in this order
// of precedence: MeasureRules::control_ids; else the control ids the impact feature's
// `control_ids` field lists (comma-separated); else, when the control layer has the
// control_for field, the controls whose list names the impact's id; else every control.
struct Measure {
  size_t impact = 0;                     // impact-layer feature
  std::string id;                        // its id
  int32_t date = kUnknownDay;            // intervention day
  std::vector<size_t> controls;          // control-layer features
  std::vector<std::string> control_ids;  // their ids
  std::string problem;                   // why it cannot be compared ("" = it can)
};

// The measures of the impact layer in feature order (those in rules.impact_ids only), each with
// its problem when it has no whole-day date ("no intervention date (got '...')") or no control
// ("no control area"). Throws Error when a layer has no id field (naming the layer).
std::vector<Measure> baci_measures(const Layer& impact, const Layer& control,
                                   const MeasureRules& rules = {});

}  // namespace biodash
