// BACI through biodash's own engine (read_occurrences -> assign_points -> baci) recovers the
// effects the generator planted (planted_effects.json): after each LBSP measure, richness in
// its impact area rises more than in its control area, also effort-fair (rarefied).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/baci.hpp"
#include "core/spatial_sort.hpp"
#include "io/occurrence_reader.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

const std::string kDir = BIODASH_DEMO_DIR;

struct Planted {
  std::string id, date, control;  // measure, ISO date, first control id
};

std::vector<Planted> planted_measures() {
  std::ifstream f(kDir + "/planted_effects.json");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string j = ss.str();
  std::vector<Planted> out;
  std::regex re(
      R"re(\{"id": "(M\d+)", "type": "[a-z_]+", "date": "([0-9-]+)", "impact_area": "M\d+", "controls": \["(C\d+)")re");
  for (auto it = std::sregex_iterator(j.begin(), j.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back({(*it)[1], (*it)[2], (*it)[3]});
  return out;
}

int find_id(const Layer& l, const char* field, const std::string& id) {
  const int c = l.field_index(field);
  for (size_t i = 0; i < l.size(); ++i)
    if (l.values[i][c] == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST(DemoBaci, EngineRecoversEveryPlantedLbspEffect) {
  const auto measures = planted_measures();
  ASSERT_GE(measures.size(), 6u);
  Layer imp = std::move(read_vector_file(kDir + "/leiden_demo.gpkg:lbsp_impact_areas").at(0));
  Layer ctl = std::move(read_vector_file(kDir + "/leiden_demo.gpkg:lbsp_controls").at(0));
  OccurrenceOptions o;
  IngestReport rep;
  ObservationStore s = read_occurrences(kDir + "/leiden_citizen_observations.csv", o, rep);
  ASSERT_GT(s.size(), 100000u);
  sort_spatially(s);
  std::vector<const GEOSGeometry*> polys;
  for (const auto& g : imp.geoms) polys.push_back(g.get());
  for (const auto& g : ctl.geoms) polys.push_back(g.get());
  const AreaIndex idx = invert(assign_points(polys, s.x.data(), s.y.data(), s.size()));
  for (const Planted& m : measures) {
    const int i = find_id(imp, "measure_id", m.id), c = find_id(ctl, "id", m.control);
    ASSERT_GE(i, 0) << m.id;
    ASSERT_GE(c, 0) << m.control;
    int y;
    unsigned mo, d;
    ASSERT_EQ(std::sscanf(m.date.c_str(), "%d-%u-%u", &y, &mo, &d), 3);
    BaciResult r = baci(s, idx, {static_cast<uint32_t>(i)}, {static_cast<uint32_t>(imp.size() + c)},
                        days_from_civil(y, mo, d));
    EXPECT_GT(r.contrast_species, 10) << m.id;
    EXPECT_GT(r.contrast_rarefied, 5) << m.id << " (effort-fair)";
    EXPECT_GT(r.impact_before.m.n_obs, 50u) << m.id << ": enough records before";
  }
}
