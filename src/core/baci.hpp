#pragma once
// Before-After-Control-Impact comparison for an intervention (e.g. an LBSP greening measure):
// the change of a metric in the impact area(s) minus its change in the control area(s),
// (I_after − I_before) − (C_after − C_before), with effort beside it.
#include <cstdint>
#include <vector>

#include "core/engine.hpp"

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

}  // namespace biodash
