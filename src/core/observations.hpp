#pragma once
// The columnar observation store: one entry per kept record, structure-of-arrays, in the
// project CRS, with dictionaries for taxa and observers. Built by the occurrence readers
// (src/io/occurrence_reader.hpp); read by the aggregation engine and the GUI. Immutable once
// built: share it as std::shared_ptr<const ObservationStore> across threads.
#include <cstdint>
#include <string>
#include <vector>

#include "core/envelope.hpp"

namespace biodash {

// iNaturalist-style quality grade (casual < needs_id < research).
enum class Quality : uint8_t { Unknown = 0, Casual = 1, NeedsId = 2, Research = 3 };
const char* to_string(Quality q);

// One taxon of the dictionary.
struct Taxon {
  std::string scientific_name;  // as given (e.g. "Turdus merula Linnaeus, 1758")
  std::string rank;             // "species", "genus", ... ("" unknown)
  std::string kingdom, phylum, class_name, order, family, genus, species;  // higher taxa
  std::string vernacular_nl;     // Dutch name ("" unknown)
  std::string vernacular_en;     // English name ("" unknown)
  std::string group;             // taxon group: "birds", "vascular plants", "insects", ...
  std::string gbif_species_key;  // GBIF speciesKey ("" none)
  std::string gbif_taxon_key;    // GBIF acceptedTaxonKey, else taxonKey ("" none)
  bool vernacular_only = false;  // no scientific name: scientific_name holds the vernacular
};

// No species: a taxon identified above species rank, or without a usable name (its records
// count as records, not as species).
inline constexpr uint32_t kNoSpecies = UINT32_MAX;

// A species: the unit of richness (core/species.hpp resolve_species).
struct SpeciesUnit {
  std::string name;    // canonical binomial, e.g. "Turdus merula"
  uint32_t taxon = 0;  // a taxon of it (the first seen): vernacular names, group
};

// `day` value of a record whose date was not given (kept, but outside every time filter).
inline constexpr int32_t kUnknownDay = INT32_MIN;

// Days are counted from 1970-01-01 (day 0) in the proleptic Gregorian calendar.
int32_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(int32_t z, int& y, unsigned& m, unsigned& d);
// Formats a day number as ISO yyyy-mm-dd ("" for kUnknownDay).
std::string iso_date(int32_t day);

struct ObservationStore {
  std::string crs;  // CRS of x, y (project CRS, e.g. "EPSG:28992")
  // ---- columns, all of size() ----
  std::vector<double> x;             // easting in crs
  std::vector<double> y;             // northing in crs
  std::vector<int32_t> day;          // first day of eventDate (days since 1970-01-01);
                                     // kUnknownDay when the record has no date
  std::vector<uint16_t> day_span;    // extra days covered by a range/partial date (0 = one day)
  std::vector<uint32_t> taxon;       // index into taxa
  std::vector<uint32_t> observer;    // index into observers (0 = unknown)
  std::vector<uint32_t> count;       // individualCount (1 when not given; 0 = absence noted)
  std::vector<Quality> quality;      // quality grade
  std::vector<float> uncertainty_m;  // coordinateUncertaintyInMeters (NaN = unknown)
  std::vector<uint32_t> source_row;  // 1-based data row (or line) in the source file
  // ---- dictionaries ----
  std::vector<Taxon> taxa;             // distinct taxa
  std::vector<std::string> observers;  // observers[0] = "" (unknown); pseudonymous ids as given
  Envelope bounds;                     // of x, y
  // Species units (core/species resolve_species): per taxon its species or kNoSpecies; empty
  // = every taxon is its own species (stores built by hand in tests and benchmarks).
  std::vector<uint32_t> taxon_species;
  std::vector<SpeciesUnit> species;

  // The species a taxon counts under (kNoSpecies: a record, not a species).
  uint32_t species_of(uint32_t taxon) const {
    return taxon_species.empty() ? taxon : taxon_species[taxon];
  }
  // Number of species ids species_of() can return (a bound for per-species arrays).
  size_t species_capacity() const { return taxon_species.empty() ? taxa.size() : species.size(); }
  // A taxon of species `sp` (its vernacular names, group) and the species' name.
  const Taxon& taxon_of_species(uint32_t sp) const {
    return taxa[taxon_species.empty() ? sp : species[sp].taxon];
  }
  std::string species_name(uint32_t sp) const {
    if (!taxon_species.empty()) return species[sp].name;
    const Taxon& t = taxa[sp];
    return t.species.empty() ? t.scientific_name : t.species;
  }
  // An absence record (occurrenceStatus absent, or a count of 0): in no presence metric.
  bool is_absence(size_t i) const { return i < count.size() && count[i] == 0; }

  size_t size() const { return x.size(); }
  // Resident bytes of the columns per observation (dictionaries excluded).
  double bytes_per_observation() const;
};

}  // namespace biodash
