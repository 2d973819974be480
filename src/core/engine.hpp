#pragma once
// The aggregation engine: biodiversity metrics per polygon (or hex cell) under a filter.
// The expensive part, assigning observations to polygons, is done once (Assignment) and
// inverted once into per-polygon observation lists (AreaIndex); every filter change then only
// scans those lists, in parallel over polygons. Pure computation: no GL, no UI.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/aggregate.hpp"
#include "core/observations.hpp"

namespace biodash {

// Which observations count. Default: all.
struct Filter {
  int32_t from_day = std::numeric_limits<int32_t>::min();  // first day (inclusive), 1970-based
  int32_t to_day = std::numeric_limits<int32_t>::max();    // last day (inclusive)
  uint16_t months = 0xFFF;                                 // season: bit m-1 set = month m allowed
  std::vector<uint8_t> taxon_allowed;                      // per taxon id; empty = all taxa
  Quality min_quality = Quality::Unknown;  // e.g. Research keeps research grade only
  float max_uncertainty_m = std::numeric_limits<float>::infinity();  // unknown passes
  std::vector<uint8_t> observer_allowed;  // per observer id; empty = all observers

  bool has_time() const {
    return from_day != std::numeric_limits<int32_t>::min() ||
           to_day != std::numeric_limits<int32_t>::max() || months != 0xFFF;
  }
  // Does observation i of the store pass?
  bool pass(const ObservationStore& s, size_t i) const;
};

// Taxa whose species, genus, family, order, class, group, scientific or vernacular name equals
// `name` (case-insensitive), or whose scientific name starts with it followed by a space
// ("Turdus" matches "Turdus merula"). Returns a per-taxon mask for Filter::taxon_allowed.
std::vector<uint8_t> taxon_mask(const ObservationStore& s, const std::string& name);

// Observations per polygon (inverse of an Assignment), built once per (layer, store).
struct AreaIndex {
  std::vector<uint32_t> offset;  // size n_polygons + 1
  std::vector<uint32_t> obs;     // observation indices, ascending per polygon
  size_t n_polygons() const { return offset.empty() ? 0 : offset.size() - 1; }
  size_t bytes() const { return (offset.capacity() + obs.capacity()) * sizeof(uint32_t); }
};
AreaIndex invert(const Assignment& a);

struct MetricsOptions {
  bool diversity = true;  // Shannon, Simpson, Chao1 (need per-species counts)
  uint64_t rarefy_m = 0;  // rarefied richness at m records (0 = skip)
  unsigned threads = 0;   // 0 = hardware concurrency
  bool effort = true;     // observers, observation days, first/last day (skip when unused)
};

// Metrics of one area under the filter. Abundance n_i = number of records of species i.
struct AreaMetrics {
  uint64_t n_obs = 0;               // records
  uint32_t n_species = 0;           // distinct taxa
  uint32_t n_observers = 0;         // distinct known observers
  uint32_t n_days = 0;              // distinct observation days (dated records)
  int32_t first_day = kUnknownDay;  // earliest day (kUnknownDay when none)
  int32_t last_day = kUnknownDay;   // latest day
  double shannon = 0;               // H' (natural log)
  double simpson = 0;               // 1 - sum p^2
  double chao1 = 0;                 // bias-corrected Chao1
  double rarefied = 0;              // E[S_m] (MetricsOptions::rarefy_m), S when m >= N
};

// The table cell of one metric of an area, as every export writes it (`biodash aggregate`
// CSV/GeoPackage, the window's table export): n_obs, n_species, n_observers, n_days,
// shannon, simpson, chao1, rarefied_<m> (rarefy_m), first_date, last_date. "" (NA: an empty
// CSV field, NULL in a GeoPackage) when the metric is undefined for the area — never 0:
// diversity and dates of an area without records, and rarefied richness at a depth above its
// records (rarefaction does not extrapolate). Numbers with 10 significant digits, dates ISO.
std::string metric_cell(const AreaMetrics& a, std::string_view name, uint64_t rarefy_m);

// First and last dated day of the store (kUnknownDay both when none is dated).
std::pair<int32_t, int32_t> day_range(const ObservationStore& s);

// Metrics for every polygon of the index. Runs on opts.threads threads.
std::vector<AreaMetrics> compute_metrics(const ObservationStore& s, const AreaIndex& idx,
                                         const Filter& f, const MetricsOptions& opts = {});

// Metrics of the union of several polygons (each observation counted once even when it lies
// in more than one of them), e.g. all impact areas of a measure.
AreaMetrics metrics_of_union(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             uint64_t rarefy_m = 0);

// Per-species record counts of one area: (taxon id, records), most records first.
std::vector<std::pair<uint32_t, uint64_t>> species_counts(const ObservationStore& s,
                                                          const AreaIndex& idx, uint32_t polygon,
                                                          const Filter& f);

// Records and species per year of one area: (year, records, species), ascending by year.
struct YearCount {
  int year;          // calendar year
  uint64_t records;  // records that year
  uint32_t species;  // distinct taxa that year
};
std::vector<YearCount> records_per_year(const ObservationStore& s, const AreaIndex& idx,
                                        uint32_t polygon, const Filter& f);

}  // namespace biodash
