#pragma once
// What the dashboard (and `biodash render --session`) computes on top of the engine: the metric
// a map shows, the user-level filter (names and dates as typed, serialisable) and its
// resolution against a store, the time slider's window, taxon autocomplete, and the curves
// and tables of the selection panel. Pure computation: no GL, no UI. Implemented in
// analysis.cpp; tests in tests/core/analysis_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/baci_replicated.hpp"
#include "core/choropleth.hpp"
#include "core/engine.hpp"
#include "core/observations.hpp"

namespace biodash {

// A metric a map can show. Keys are the `biodash aggregate --metrics` names.
enum class Metric : uint8_t {
  Records = 0,   // "n_obs"
  Species,       // "n_species"
  Shannon,       // "shannon"
  Simpson,       // "simpson"
  Chao1,         // "chao1"
  Rarefied,      // "rarefied" (at AnalysisOptions::rarefy_m; CLI: rarefied_<m>)
  Observers,     // "n_observers"
  Days,          // "n_days"
  BaciContrast,  // "baci" (only with impact/control areas; diverging): the replicated
                 // before/after effect (core/baci_replicated)
  Coverage,      // "coverage": sample coverage (Chao & Jost 2012)
  Q0Cov,         // "q0_cov": richness at a common sample coverage (ThematicSpec::coverage)
  Q1Cov,         // "q1_cov": Hill number q = 1 at that coverage
  Q2Cov,         // "q2_cov": Hill number q = 2 at that coverage
};
inline constexpr int kMetricCount = 13;
// Metrics whose value judges diversity (hatched where the sample is too incomplete).
bool is_diversity_metric(Metric m);
const char* metric_key(Metric m);                        // "n_obs", ...
std::optional<Metric> parse_metric(std::string_view s);  // inverse of metric_key
const char* metric_title_en(Metric m);                   // "Records", "Species richness", ...
const char* metric_unit_en(Metric m);                    // "records", "species", "H'", ...
// The value of `m` in `a`; NaN where undefined (diversity of an area with no records).
double metric_value(const AreaMetrics& a, Metric m);

// The filter as the user states it (names, ISO dates), as saved in a session.
struct ViewFilter {
  std::string from;                 // ISO date or partial date ("2019", "2019-06"), "" = open
  std::string to;                   // ISO date or partial date, "" = open (inclusive: "2020"
                                    // means up to 2020-12-31)
  uint16_t months = 0xFFF;          // season: bit m-1 = month m
  std::vector<std::string> taxa;    // any-rank / vernacular names (taxon_mask), OR-ed; {} = all
  std::vector<std::string> groups;  // taxon groups allowed (Taxon::group); {} = all
  Quality min_quality = Quality::Unknown;
  float max_uncertainty_m = 0;         // 0 = no limit
  std::vector<std::string> observers;  // observer ids allowed; {} = all

  bool operator==(const ViewFilter&) const = default;
  bool empty() const { return *this == ViewFilter{}; }
  // One line for legends and the "active filters" bar, e.g.
  // "Turdus merula · 2019-01-01 – 2019-12-31 · Apr–Jun · research grade". "" when empty.
  // `translate` (e.g. the UI's tr) is applied to every fixed English phrase and month name.
  std::string describe(const char* (*translate)(const char*) = nullptr) const;
};

// The engine Filter for `v` on store `s`. Throws Error naming the field for a date that does not
// parse. Taxa/groups/observers not present in the store simply match nothing.
Filter resolve(const ViewFilter& v, const ObservationStore& s);

// The time slider: a window of `length_days` ending at `end_day` (Window), everything up to
// `end_day` (Cumulative), or the months of `end_day`'s season across all years (Seasonal: the
// window's months, e.g. Apr–Jun, every year up to end_day).
enum class TimeMode : uint8_t { Window = 0, Cumulative = 1, Seasonal = 2 };
const char* to_string(TimeMode m);  // "window", "cumulative", "seasonal"
std::optional<TimeMode> parse_time_mode(std::string_view s);
struct TimeSlider {
  bool enabled = false;  // off: only the ViewFilter's dates apply
  TimeMode mode = TimeMode::Window;
  int32_t end_day = 0;        // last day shown (inclusive), days since 1970-01-01
  int32_t length_days = 365;  // window length (Window, Seasonal: months covered)
  bool operator==(const TimeSlider&) const = default;
};
// Narrows f (intersection) by the slider; no change when !t.enabled.
void apply_time(const TimeSlider& t, Filter& f);
// day_range(store): core/engine.hpp.

// Taxon autocomplete: up to `max` suggestions whose scientific, Dutch or English name (or
// genus/family/group) contains `query` case-insensitively; prefix matches first, then by
// number of records (descending). Each suggestion is the text to put in ViewFilter::taxa
// plus a display label "Turdus merula — Merel / Common blackbird (1,234)".
struct TaxonSuggestion {
  std::string name;   // goes into ViewFilter::taxa
  std::string label;  // for the list
  uint64_t records;   // records of that taxon (all, unfiltered)
};
std::vector<TaxonSuggestion> taxon_suggestions(const ObservationStore& s, std::string_view query,
                                               size_t max = 12);
// Distinct Taxon::group values present, sorted, "" left out.
std::vector<std::string> taxon_groups(const ObservationStore& s);

// The selection panel's estimates of one area (or a union), with their intervals: sample
// coverage, Chao1 with its interval, observed and asymptotic Hill numbers, and q = 0, 1, 2
// standardised to `coverage` with `bootstrap` samples (seeded). n is the number of records at
// species rank (core/species): the estimators' sample.
struct AreaEstimates {
  uint64_t n = 0;
  uint64_t species = 0;
  double coverage = kNA;
  Estimate chao1;
  double hill[3] = {kNA, kNA, kNA};      // observed
  double hill_asy[3] = {kNA, kNA, kNA};  // asymptotic
  double target = kDefaultCoverage;      // the coverage q_cov is standardised to
  CoverageStandardised cov;
  int bootstrap = 0;
  uint64_t seed = 1;
};
AreaEstimates area_estimates(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             double coverage = kDefaultCoverage, int bootstrap = 200,
                             uint64_t seed = 1);

// The rarefaction/extrapolation curve of richness (q = 0) of one area or a union, from 1 to
// twice its species-rank records at up to `points` sizes (n itself included), each with its
// 95 % bootstrap band (bootstrap samples, seeded; none when 0) and the sample coverage at that
// size (Chao et al. 2014; iNEXT's curves). Empty without records.
struct DiversityPoint {
  double m = 0;               // records
  Estimate species;           // expected species with its band
  double coverage = kNA;      // sample coverage at m
  bool extrapolated = false;  // m > n
};
std::vector<DiversityPoint> diversity_curve(const ObservationStore& s, const AreaIndex& idx,
                                            const std::vector<uint32_t>& polygons, const Filter& f,
                                            int points = 40, int bootstrap = 200,
                                            uint64_t seed = 1);

// Did an area's richness change between two calendar years, judged fairly? Both years'
// species-rank records rarefied to the same number of records (the smaller year's: never
// extrapolated), each with its 95 % bootstrap interval; "increase"/"decrease" only where the
// intervals do not overlap (a conservative test, as iNEXT's users read its plots), "no clear
// evidence" otherwise, "insufficient data" with fewer than `min_records` in a year. (Not a
// common coverage: choosing it from one year's own sample, or extrapolating the smaller year,
// claimed a change in 6–30 % of same-community comparisons; docs/metrics.md.)
struct YearChange {
  int year_a = 0, year_b = 0;
  uint64_t records_a = 0, records_b = 0;  // species-rank records
  uint64_t species_a = 0, species_b = 0;  // observed species
  double size = kNA;                      // the common number of records
  Estimate a, b;                          // standardised richness with intervals
  Verdict verdict = Verdict::InsufficientData;
};
YearChange compare_years(const ObservationStore& s, const AreaIndex& idx,
                         const std::vector<uint32_t>& polygons, const Filter& f, int year_a,
                         int year_b, uint64_t min_records = 20, int bootstrap = 200,
                         uint64_t seed = 1);

// Records and species per month over the whole filtered period of the given areas (union):
// (year, month, records, species), ascending, months without records included as zeros
// between the first and last month.
struct MonthCount {
  int year;
  int month;  // 1..12
  uint64_t records;
  uint32_t species;
};
std::vector<MonthCount> records_per_month(const ObservationStore& s, const AreaIndex& idx,
                                          const std::vector<uint32_t>& polygons, const Filter& f);

// A per-area "low effort" flag: fewer than `min_records` records under the filter.
std::vector<uint8_t> low_effort_flags(const std::vector<AreaMetrics>& m, uint64_t min_records);

}  // namespace biodash
