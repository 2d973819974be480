#pragma once
// The unit of richness is the species. resolve_species() decides, once per loaded store, which
// species each taxon of the dictionary counts under:
//  1. a taxon whose taxonRank is above species (genus, family, ...) counts under none;
//  2. otherwise its binomial: GBIF's interpreted `species` column when present, else the
//     canonical name parsed from scientificName (core/taxon_name: authorship and year
//     stripped, infraspecific names under their species, hybrids kept as their own taxon,
//     "sp."/"spp."/"indet." and genus-only names above species);
//  3. GBIF keys merge what names cannot: taxa sharing a speciesKey (or, at species rank, an
//     acceptedTaxonKey/taxonKey) are one species, as are taxa sharing a binomial;
//  4. a taxon with no binomial (above species, unnamed) counts under none: its records are
//     records, not species ("species-rank rule"; docs/metrics.md);
//  5. a taxon named only by a vernacular name (no scientific name in the file) is its own
//     species under that name: it is all the file says (e.g. the muskrat catches' types).
// names_as_given: every distinct name is its own species, unparsed (a column the user names
// as the species).
// Absence records (occurrenceStatus absent, count 0) are in no presence metric (the engine's
// Filter drops them); the summary counts them.
#include <cstdint>
#include <string>

#include "core/observations.hpp"

namespace biodash {

struct SpeciesSummary {
  uint64_t species_records = 0;      // presence records identified to species or below
  uint64_t higher_rank_records = 0;  // presence records identified above species (or unnamed)
  uint64_t absences = 0;             // absence records, excluded from every presence metric
  uint64_t species = 0;              // distinct species
  uint64_t names = 0;                // distinct names of the species-rank taxa
  uint64_t names_merged = 0;         // names - species: authorship variants, infraspecific
                                     // names, synonyms with one GBIF key
};

// Fills s.taxon_species and s.species (replacing what was there) and counts.
SpeciesSummary resolve_species(ObservationStore& s, bool names_as_given = false);

// The rule in force, in the current language, for legends (core/thematic) and exports
// (core/provenance): "species: records identified to species; higher ranks are records, not
// species", or, names_as_given, "species: each distinct value of the species column, as given".
std::string species_rule_text(bool names_as_given = false);

}  // namespace biodash
