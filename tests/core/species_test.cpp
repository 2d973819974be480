// core/species: the unit of richness is the species — names by hand, GBIF keys, absences, and
// what the engine counts with it.
#include "core/species.hpp"

#include <gtest/gtest.h>

#include "core/engine.hpp"

using namespace biodash;

namespace {

struct Row {
  const char* name;    // scientificName
  const char* rank;    // taxonRank ("" none)
  const char* key;     // GBIF speciesKey ("" none)
  uint32_t count = 1;  // 0 = absence
};

// One taxon per distinct name (as the readers intern them), one record per row, all in one
// area (polygon 0).
ObservationStore store_of(const std::vector<Row>& rows, AreaIndex& idx) {
  ObservationStore s;
  for (const Row& r : rows) {
    uint32_t t = 0;
    while (t < s.taxa.size() && s.taxa[t].scientific_name != r.name) ++t;
    if (t == s.taxa.size()) {
      Taxon x;
      x.scientific_name = r.name;
      x.rank = r.rank;
      x.gbif_species_key = r.key;
      s.taxa.push_back(x);
    }
    s.x.push_back(0);
    s.y.push_back(0);
    s.day.push_back(days_from_civil(2024, 5, 1));
    s.day_span.push_back(0);
    s.taxon.push_back(t);
    s.observer.push_back(0);
    s.count.push_back(r.count);
    s.quality.push_back(Quality::Research);
    s.uncertainty_m.push_back(10);
    s.source_row.push_back(static_cast<uint32_t>(s.source_row.size() + 1));
  }
  s.observers = {""};
  idx.offset = {0, static_cast<uint32_t>(rows.size())};
  idx.obs.clear();
  for (uint32_t i = 0; i < rows.size(); ++i) idx.obs.push_back(i);
  return s;
}

}  // namespace

TEST(Species, AuthorshipInfraspecificHigherRanksAndAbsences) {
  AreaIndex idx;
  ObservationStore s = store_of(
      {
          {"Turdus merula", "", ""},
          {"Turdus merula Linnaeus, 1758", "", ""},  // authorship variant: the same species
          {"Turdus merula", "", ""},
          {"Parus major major", "", ""},  // a subspecies: counts under Parus major
          {"Parus major Linnaeus, 1758", "", ""},
          {"Coleoptera", "", ""},         // an order: a record, not a species
          {"Opuntia", "", ""},            // a genus
          {"Quercus sp.", "", ""},        // indeterminate
          {"Betula pendula", "", "", 0},  // an absence
          {"Salix alba", "GENUS", ""},    // the rank says genus: not a species
          {"", "", ""},                   // no name
      },
      idx);
  const SpeciesSummary sum = resolve_species(s);
  // Species by hand: Turdus merula, Parus major; Betula pendula's only record is an absence
  // but the name is a species (it counts nowhere, being absent).
  EXPECT_EQ(sum.species, 3u);
  EXPECT_EQ(sum.names, 5u);  // the 5 distinct names at species rank or below
  EXPECT_EQ(sum.names_merged, 2u);
  EXPECT_EQ(sum.species_records, 5u);
  EXPECT_EQ(sum.higher_rank_records, 5u);  // Coleoptera, Opuntia, Quercus sp., Salix (GENUS), ""
  EXPECT_EQ(sum.absences, 1u);
  EXPECT_EQ(s.species[s.species_of(s.taxon[1])].name, "Turdus merula");
  EXPECT_EQ(s.species_of(s.taxon[3]), s.species_of(s.taxon[4]));
  EXPECT_EQ(s.species_of(s.taxon[5]), kNoSpecies);
  // The engine: 10 presence records (the absence is left out), 2 species; Chao1's sample is
  // the 5 species-rank records {T. merula 3, P. major 2}.
  const std::vector<AreaMetrics> m = compute_metrics(s, idx, Filter{});
  EXPECT_EQ(m[0].n_obs, 10u);
  EXPECT_EQ(m[0].n_species, 2u);
  const auto counts = species_counts(s, idx, 0, Filter{});
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(s.species_name(counts[0].first), "Turdus merula");
  EXPECT_EQ(counts[0].second, 3u);
  EXPECT_EQ(counts[1].second, 2u);
}

TEST(Species, GbifKeysMergeSynonymsAndNameAsGivenKeepsEveryName) {
  AreaIndex idx;
  ObservationStore s = store_of(
      {
          {"Chelonodon fluviatilis", "SPECIES", "5213564"},  // a synonym …
          {"Tetraodon fluviatilis", "SPECIES", "5213564"},   // … of this accepted species
          {"Tetraodon nigroviridis", "SPECIES", "5213565"},
          {"Tetraodon fluviatilis (Hamilton, 1822)", "", ""},  // no key, the same binomial
      },
      idx);
  SpeciesSummary sum = resolve_species(s);
  EXPECT_EQ(sum.species, 2u);
  EXPECT_EQ(sum.names_merged, 2u);
  EXPECT_EQ(s.species_of(s.taxon[0]), s.species_of(s.taxon[3]));
  // The user's own column: every distinct value a species, unparsed.
  sum = resolve_species(s, true);
  EXPECT_EQ(sum.species, 4u);
  EXPECT_EQ(sum.names_merged, 0u);
}
