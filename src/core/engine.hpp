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
#include "core/estimators.hpp"
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

// Observation indices of the union of the polygons (each once, ascending); polygons outside
// the index are ignored.
std::vector<uint32_t> union_observations(const AreaIndex& idx,
                                         const std::vector<uint32_t>& polygons);

struct MetricsOptions {
  bool diversity = true;  // Shannon, Simpson, Chao1 (need per-species counts)
  uint64_t rarefy_m = 0;  // rarefied richness at m records (0 = skip)
  unsigned threads = 0;   // 0 = hardware concurrency
  bool effort = true;     // observers, observation days, first/last day (skip when unused)
  // Coverage, Chao1's interval, observed and asymptotic Hill numbers (core/estimators).
  bool estimators = false;
  // Diversity standardised to this sample coverage with bootstrap intervals (0 = skip).
  double coverage = 0;
  int bootstrap = 200;  // bootstrap samples per area for the intervals (0 = no intervals)
  uint64_t seed = 1;    // bootstrap seed; each area draws from its own stream of it
};

// The default target coverage of q0_cov, q1_cov, q2_cov (`--coverage`).
inline constexpr double kDefaultCoverage = 0.9;

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
  double chao1 = 0;                 // bias-corrected Chao1 (iNEXT's ChaoRichness form)
  double rarefied = 0;  // q = 0 at m records (MetricsOptions::rarefy_m): rarefied for m <= N,
                        // extrapolated up to 2N, NaN beyond
  // MetricsOptions::estimators; NaN where undefined.
  double coverage = kNA;                                    // sample coverage Ĉ(n)
  double chao1_se = kNA, chao1_lcl = kNA, chao1_ucl = kNA;  // with a log-normal 95 % interval
  double hill1 = kNA, hill2 = kNA;                          // observed: exp(H'), inverse Simpson
  double hill1_asy = kNA, hill2_asy = kNA;                  // asymptotic estimates
  CoverageStandardised cov;  // q0/q1/q2 at MetricsOptions::coverage, its size m, intervals
};

// The table cell of one metric of an area, as every export writes it (`biodash aggregate`
// CSV/GeoPackage, the window's table export): n_obs, n_species, n_observers, n_days,
// shannon, simpson, chao1, rarefied_<m> (rarefy_m), first_date, last_date, and the
// estimators (kEstimatorMetrics). "" (NA: an empty CSV field, NULL in a GeoPackage) when the
// metric is undefined for the area — never 0: diversity and dates of an area without records,
// rarefied richness at a depth above twice its records, a coverage it cannot reach. Numbers
// with 10 significant digits, dates ISO.
std::string metric_cell(const AreaMetrics& a, std::string_view name, uint64_t rarefy_m);

// Metric names of the estimators: which need MetricsOptions::estimators, and which also the
// coverage standardisation (MetricsOptions::coverage).
bool is_estimator_metric(std::string_view name);
bool is_coverage_metric(std::string_view name);
inline constexpr const char* kEstimatorMetrics[] = {
    "coverage",  "chao1_se",   "chao1_lcl",  "chao1_ucl",  "hill1",     "hill2",      "hill1_asy",
    "hill2_asy", "q0_cov",     "q0_cov_lcl", "q0_cov_ucl", "q1_cov",    "q1_cov_lcl", "q1_cov_ucl",
    "q2_cov",    "q2_cov_lcl", "q2_cov_ucl", "m_cov",      "m_cov_lcl", "m_cov_ucl"};

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
// The same with any options (diversity and effort always computed).
AreaMetrics metrics_of_union(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             const MetricsOptions& o);

// The bootstrap seed of one area: a splitmix64 mix of the run's seed and the area's index, so
// that results do not depend on the number of threads.
uint64_t area_seed(uint64_t seed, uint64_t area);

// Per-species record counts of one area: (species id, records), most records first (species
// ids: ObservationStore::species_of; records above species rank are left out).
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
