#include "core/species.hpp"

#include <numeric>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/i18n.hpp"
#include "core/taxon_name.hpp"

namespace biodash {
namespace {

// Union-find over taxa.
struct Sets {
  std::vector<uint32_t> parent;
  explicit Sets(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the first seen stays the root
  }
};

}  // namespace

SpeciesSummary resolve_species(ObservationStore& s, bool names_as_given) {
  const size_t n = s.taxa.size();
  std::vector<std::string> binomial(n);  // "" = no species
  for (size_t t = 0; t < n; ++t) {
    const Taxon& x = s.taxa[t];
    if (names_as_given || x.vernacular_only) {
      binomial[t] = x.scientific_name;  // the name itself ("" for unnamed records)
      continue;
    }
    if (rank_from_taxon_rank(x.rank) == NameRank::AboveSpecies) continue;
    const ParsedName from_species = parse_scientific_name(x.species);
    if (!from_species.species.empty()) {
      binomial[t] = from_species.species;
      continue;
    }
    binomial[t] = parse_scientific_name(x.scientific_name).species;
    // A GBIF speciesKey names a species even where the name alone does not parse as one.
    if (binomial[t].empty() && !x.gbif_species_key.empty())
      binomial[t] = x.scientific_name.empty() ? "GBIF " + x.gbif_species_key : x.scientific_name;
  }
  Sets sets(n);
  std::unordered_map<std::string, uint32_t> by_name, by_key;
  for (size_t t = 0; t < n; ++t) {
    if (binomial[t].empty()) continue;
    const uint32_t id = static_cast<uint32_t>(t);
    const auto [it, fresh] = by_name.emplace(binomial[t], id);
    if (!fresh) sets.join(it->second, id);
    const Taxon& x = s.taxa[t];
    std::string key = x.gbif_species_key;
    if (key.empty() && rank_from_taxon_rank(x.rank) == NameRank::Species) key = x.gbif_taxon_key;
    if (!key.empty() && !names_as_given) {
      const auto [k, new_key] = by_key.emplace(key, id);
      if (!new_key) sets.join(k->second, id);
    }
  }
  s.taxon_species.assign(n, kNoSpecies);
  s.species.clear();
  std::vector<uint32_t> unit_of_root(n, kNoSpecies);
  SpeciesSummary sum;
  for (size_t t = 0; t < n; ++t) {
    if (binomial[t].empty()) continue;
    ++sum.names;
    const uint32_t root = sets.find(static_cast<uint32_t>(t));
    if (unit_of_root[root] == kNoSpecies) {
      unit_of_root[root] = static_cast<uint32_t>(s.species.size());
      s.species.push_back({binomial[root], root});
    }
    s.taxon_species[t] = unit_of_root[root];
  }
  sum.species = s.species.size();
  sum.names_merged = sum.names - sum.species;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.is_absence(i))
      ++sum.absences;
    else if (s.taxon_species[s.taxon[i]] == kNoSpecies)
      ++sum.higher_rank_records;
    else
      ++sum.species_records;
  }
  return sum;
}

std::string species_rule_text(bool names_as_given) {
  if (names_as_given) return tr("species: each distinct value of the species column, as given");
  return tr("species: records identified to species; higher ranks are records, not species");
}

}  // namespace biodash
