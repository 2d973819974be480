#include "taxon_pools.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "core/error.hpp"
#include "demo_sources.hpp"

namespace biodash::demo {
namespace {

// Weight factors per habitat flag (u, t, m, w); a taxon gets the largest factor of its flags.
struct Profile {
  double u, t, m, w;  // factors for kUrban, kTrees, kMeadow, kWetland
};
constexpr Profile kProfileDefs[kProfiles] = {
    {1.0, 0.35, 0.30, 0.12},  // urban background
    {0.7, 1.0, 0.7, 0.35},    // park
    {1.0, 0.6, 0.7, 0.2},     // garden
    {1.0, 0.5, 0.5, 0.05},    // street green / paths
    {0.5, 0.3, 0.3, 1.0},     // water and banks
    {0.25, 0.6, 1.0, 0.8},    // nature area, polder surroundings
    {1.0, 0.06, 0.05, 0.02},  // LBSP campus (mown lawns, paving, ornamental trees)
    {0.03, 0.05, 1.0, 0.3},   // Polderlab plots before/without rewetting
};

const char* const kMeasureTypes[4] = {"tree_planting", "verge_widening", "bank_revetment",
                                      "levend_lab"};  // index = PoolId

constexpr double kTierWeight[6] = {0, 30, 10, 3, 1, 0.3};    // abundance 1..5
constexpr double kPoolTierWeight[6] = {0, 4, 3, 2, 1.5, 1};  // inside an effect pool

bool has_group(const Taxon& t, std::initializer_list<const char*> groups) {
  for (const char* g : groups)
    if (t.group == g) return true;
  return false;
}

// Whether taxon t belongs to pool `pool` (a PoolId).
bool in_pool(const Taxon& t, int pool) {
  const bool urban = t.habitat & kUrban;
  switch (pool) {
    case kPoolTrees:
      return (t.habitat & kTrees) && !urban &&
             has_group(t, {"birds", "insects", "fungi", "mammals", "arachnids", "molluscs",
                           "vascular plants"});
    case kPoolVerge:
      return (t.habitat & kMeadow) && !urban &&
             has_group(t, {"vascular plants", "insects", "arachnids"});
    case kPoolBank:
      return (t.habitat & kWetland) && !urban &&
             has_group(t, {"vascular plants", "insects", "amphibians", "molluscs", "arachnids"});
    case kPoolLab:
      return (t.habitat & (kMeadow | kWetland)) && !urban &&
             has_group(t, {"vascular plants", "insects", "amphibians", "arachnids"});
    case kPoolWetland:
      return (t.habitat & kWetland) != 0;
  }
  return false;
}

// Weight factor of t in `month` (1..12): 1 in season, less outside it by taxon group.
double season_factor(const Taxon& t, int month) {
  if (t.months & (1u << (month - 1))) return 1.0;
  if (t.group == "vascular plants" || t.group == "mosses") return 0.3;
  if (t.group == "birds") return 0.05;
  if (t.group == "insects" || t.group == "arachnids") return 0.01;
  return 0.05;
}

// Weight factor of t in a place of profile p: the largest factor of t's habitat flags.
double profile_factor(const Taxon& t, const Profile& p) {
  double f = 0;
  if (t.habitat & kUrban) f = std::max(f, p.u);
  if (t.habitat & kTrees) f = std::max(f, p.t);
  if (t.habitat & kMeadow) f = std::max(f, p.m);
  if (t.habitat & kWetland) f = std::max(f, p.w);
  return f;
}

// "3-10" -> bits of March..October ("11-2" wraps over the year end); throws Error naming
// `where` for anything else.
unsigned parse_months(const std::string& s, const std::string& where) {
  int a = 0, b = 0;
  if (std::sscanf(s.c_str(), "%d-%d", &a, &b) != 2 || a < 1 || a > 12 || b < 1 || b > 12)
    throw Error(where + ": months '" + s + "' is not like 3-10");
  unsigned mask = 0;
  for (int m = a;; m = m % 12 + 1) {
    mask |= 1u << (m - 1);
    if (m == b) break;
  }
  return mask;
}

}  // namespace

int pool_for_measure_type(const std::string& type) {
  int pool = -1;
  for (int k = 0; k < 4; ++k)
    if (type == kMeasureTypes[k]) pool = k;
  return pool;
}

std::vector<Taxon> read_taxa(const std::string& path) {
  TsvTable t = read_tsv(path);
  const char* cols[] = {"scientificName", "vernacular_nl", "vernacular_en", "group",
                        "kingdom",        "phylum",        "class",         "order",
                        "family",         "habitat",       "months",        "abundance"};
  int ix[12];
  for (int i = 0; i < 12; ++i) {
    ix[i] = t.column(cols[i]);
    if (ix[i] < 0) throw Error(path + ": column '" + cols[i] + "' missing");
  }
  std::vector<Taxon> out;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string where = path + ":" + std::to_string(r + 2);
    Taxon x;
    x.scientific = row[ix[0]];
    x.dutch = row[ix[1]];
    x.english = row[ix[2]];
    x.group = row[ix[3]];
    x.kingdom = row[ix[4]];
    x.phylum = row[ix[5]];
    x.cls = row[ix[6]];
    x.order = row[ix[7]];
    x.family = row[ix[8]];
    x.genus = x.scientific.substr(0, x.scientific.find(' '));
    for (char c : row[ix[9]]) {
      if (c == 'u')
        x.habitat |= kUrban;
      else if (c == 't')
        x.habitat |= kTrees;
      else if (c == 'm')
        x.habitat |= kMeadow;
      else if (c == 'w')
        x.habitat |= kWetland;
      else
        throw Error(where + ": habitat letter '" + std::string(1, c) + "' is not u/t/m/w");
    }
    x.months = parse_months(row[ix[10]], where);
    x.abundance = std::atoi(row[ix[11]].c_str());
    if (x.scientific.find(' ') == std::string::npos || x.abundance < 1 || x.abundance > 5 ||
        x.habitat == 0)
      throw Error(where + ": needs a binomial, habitat flags and abundance 1..5");
    out.push_back(std::move(x));
  }
  if (out.empty()) throw Error(path + ": no taxa");
  return out;
}

TaxonTables build_taxon_tables(const std::vector<Taxon>& taxa) {
  const int n_tables = static_cast<int>(kProfiles) + static_cast<int>(kPools);
  TaxonTables out;
  out.tables.resize(n_tables * 12);
  out.pool_members.resize(kPools);
  for (int k = 0; k < n_tables; ++k) {
    for (int m = 1; m <= 12; ++m) {
      Cdf& c = out.tables[k * 12 + (m - 1)];
      for (size_t i = 0; i < taxa.size(); ++i) {
        const Taxon& t = taxa[i];
        double w;
        if (k < kProfiles) {
          w = kTierWeight[t.abundance] * profile_factor(t, kProfileDefs[k]);
        } else {
          const bool member = in_pool(t, k - kProfiles);
          w = member ? kPoolTierWeight[t.abundance] : 0.0;
          if (member && m == 1) out.pool_members[k - kProfiles].push_back(static_cast<uint32_t>(i));
        }
        c.add(w * season_factor(t, m));
      }
    }
  }
  return out;
}

}  // namespace biodash::demo
