#pragma once
// Which taxa are recorded where and when (internal to the demo generator): the habitat
// profiles of places, the extra species pools the planted effects bring in, seasonality, and
// the per-month taxon tables built from tools/demo/taxa.tsv (read_taxa is in the public
// observation_generator.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "generator_random.hpp"
#include "observation_generator.hpp"

namespace biodash::demo {

// A place's habitat profile: which taxa its records favour (weights in taxon_pools.cpp).
enum ProfileId : int {
  kPUrban,
  kPPark,
  kPGarden,
  kPStreet,
  kPWater,
  kPNature,
  kPCampus,
  kPPolder,
  kProfiles
};
// Extra pools planted by the effects (flattened abundance, so rare taxa show up).
enum PoolId : int { kPoolTrees, kPoolVerge, kPoolBank, kPoolLab, kPoolWetland, kPools };

// The pool an LBSP measure of `type` plants ("tree_planting" -> kPoolTrees, "verge_widening",
// "bank_revetment", "levend_lab"); -1 for an unknown type.
int pool_for_measure_type(const std::string& type);

// Table index of a pool: the tables hold the profiles first, then the pools.
constexpr int pool_table(int pool) {
  return static_cast<int>(kProfiles) + pool;
}

// Which taxon a record has, per table (a ProfileId or pool_table(PoolId)) and month.
struct TaxonTables {
  std::vector<Cdf> tables;                          // [table][month 1..12], row-major
  std::vector<std::vector<uint32_t>> pool_members;  // per PoolId: its taxa, in table order
  const Cdf& at(int table, int month) const { return tables[table * 12 + (month - 1)]; }
};

// Tables from tiered abundance, habitat profile or pool membership, and seasonality.
TaxonTables build_taxon_tables(const std::vector<Taxon>& taxa);

}  // namespace biodash::demo
