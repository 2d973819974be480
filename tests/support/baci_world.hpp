#pragma once
// A synthetic (NOT real) world for before/after tests: areas observed yearly from one shared
// community, with an optional planted effect (tests/core/baci_replicated_test.cpp,
// tests/core/analysis_test.cpp).
#include <cmath>
#include <random>
#include <vector>

#include "core/engine.hpp"

namespace biodash::test {

// Synthetic (NOT real) records: `areas` areas observed every year 2015–2026 from one shared
// community of 150 species with log-series abundances; each area-year gets its own effort
// (60–400 records), so raw richness varies with effort while the community does not. An
// optional effect adds, in `effect_area` from `effect_date` on, records of 40 extra species
// (with probability `effect_p` per record), as the demo generator plants its measures.
struct World {
  ObservationStore store;
  AreaIndex index;
};

// growth: effort multiplied by this every year from 2015 (1 = none, as random effort); area
// a's effort is also multiplied by 1 + a * area_spread (areas recorded unequally).
inline World make_world(int areas, uint64_t seed, int effect_area = -1, int32_t effect_date = 0,
                        double effect_p = 0, double growth = 1, double area_spread = 0) {
  World w;
  ObservationStore& s = w.store;
  const int species = 150, extra = 40;
  s.taxa.resize(species + extra);
  s.observers = {""};
  std::vector<double> p;
  for (int i = 0; i < species; ++i) p.push_back(std::pow(0.97, i) / (i + 1.0));
  std::discrete_distribution<uint32_t> common(p.begin(), p.end());
  std::uniform_int_distribution<uint32_t> extra_taxon(species, species + extra - 1);
  std::uniform_int_distribution<int> effort(60, 400);
  std::uniform_real_distribution<double> u(0, 1);
  std::mt19937_64 rng(seed);
  std::vector<std::vector<uint32_t>> per_area(static_cast<size_t>(areas));
  for (int a = 0; a < areas; ++a)
    for (int y = 2015; y <= 2026; ++y) {
      const int n = static_cast<int>(effort(rng) * std::pow(growth, y - 2015) /
                                     std::pow(growth, 5) * (1 + a * area_spread));
      for (int i = 0; i < n; ++i) {
        const int32_t day = days_from_civil(y, 1, 1) + static_cast<int32_t>(u(rng) * 365);
        uint32_t t = common(rng);
        if (a == effect_area && day >= effect_date && u(rng) < effect_p) t = extra_taxon(rng);
        per_area[static_cast<size_t>(a)].push_back(static_cast<uint32_t>(s.day.size()));
        s.x.push_back(a);
        s.y.push_back(0);
        s.day.push_back(day);
        s.day_span.push_back(0);
        s.taxon.push_back(t);
        s.observer.push_back(0);
        s.count.push_back(1);
        s.quality.push_back(Quality::Research);
        s.uncertainty_m.push_back(10);
        s.source_row.push_back(static_cast<uint32_t>(s.day.size()));
      }
    }
  w.index.offset.push_back(0);
  for (const auto& obs : per_area) {
    w.index.obs.insert(w.index.obs.end(), obs.begin(), obs.end());
    w.index.offset.push_back(static_cast<uint32_t>(w.index.obs.size()));
  }
  return w;
}

}  // namespace biodash::test
