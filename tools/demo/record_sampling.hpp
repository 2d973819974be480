#pragma once
// Drawing one record of the demo (internal to the demo generator): the observer effort over
// time and people (days, observers, coordinate uncertainty), and the draws of a record in
// their fixed order: place, day, location by the place's shape, taxon with the planted
// effects, observer, quality grade, uncertainty, individual count and event date.
#include <cstdint>
#include <vector>

#include "demo_places.hpp"
#include "generator_random.hpp"
#include "observation_generator.hpp"
#include "taxon_pools.hpp"

namespace biodash::demo {

// Observer effort: when records are made, by whom, how precisely.
struct Effort {
  int64_t first_day = 0;  // 2015-01-01 as days since 1970; day_cdf picks an offset from it
  Cdf day_cdf;            // days to 2026-12-31: growth per year, 2020-21 bump, season, weekends
  Cdf observer_cdf;       // 0-based observer: a few make most records (Zipf-like)
  Cdf uncertainty_cdf;    // index into the coordinateUncertaintyInMeters values
};

// The effort model; the same for every seed.
Effort build_effort();

// Draws every field of record `o` but index, lon and lat (o.x, o.y in RD New) from `rng`.
// The draws' order is part of the output. Throws Error when no point inside a place's area
// is found in 10,000 tries.
void sample_record(Observation& o, const DemoPlaces& d, const TaxonTables& tables,
                   const std::vector<Taxon>& taxa, const Effort& effort, Rng& rng);

}  // namespace biodash::demo
