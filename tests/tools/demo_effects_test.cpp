// Recovers the effects the generator planted (planted_effects.json) from the generated CSV by
// an independent computation: own tab split, PROJ for lat/lon -> RD New, GEOS prepared
// `contains` against the impact/control/plot polygons read from the GeoPackage with OGR, and
// species richness counted here. Nothing of biodash's aggregation or the generator is used.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "independent_geo.hpp"

using namespace demotest;

namespace {

// BIODASH_DEMO_TEST_DIR=DIR checks another generated demo (e.g. another seed).
const std::string kDir =
    std::getenv("BIODASH_DEMO_TEST_DIR") ? std::getenv("BIODASH_DEMO_TEST_DIR") : BIODASH_DEMO_DIR;

struct Record {
  double x = 0, y = 0;  // RD New
  std::string species;  // scientificName
  std::string date;     // first day of the event, "YYYY-MM-DD" (partial dates: day 01)
};

// The generated CSV, parsed by hand.
const std::vector<Record>& records() {
  static const std::vector<Record> recs = [] {
    std::vector<Record> out;
    std::ifstream in(kDir + "/leiden_citizen_observations.csv");
    EXPECT_TRUE(in.good()) << "run the build first: " << kDir;
    std::string line;
    std::getline(in, line);
    const auto header = split_tabs(line);
    auto col = [&](const char* n) {
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == n) return static_cast<int>(i);
      ADD_FAILURE() << "no column " << n;
      return 0;
    };
    const int lat = col("decimalLatitude"), lon = col("decimalLongitude"),
              sp = col("scientificName"), ev = col("eventDate");
    std::vector<double> xs, ys;
    while (std::getline(in, line)) {
      auto f = split_tabs(line);
      Record r;
      r.species = f[sp];
      r.date = f[ev].substr(0, 10);
      if (r.date.size() == 7) r.date += "-01";
      xs.push_back(std::stod(f[lon]));
      ys.push_back(std::stod(f[lat]));
      out.push_back(std::move(r));
    }
    wgs84_to_rd(xs, ys);
    for (size_t i = 0; i < out.size(); ++i) out[i].x = xs[i], out[i].y = ys[i];
    return out;
  }();
  return recs;
}

// Indices of the records inside `area`.
std::vector<size_t> inside(const GEOSGeometry* area) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx(), area);
  double minx, miny, maxx, maxy;
  GEOSGeom_getXMin_r(ctx(), area, &minx);
  GEOSGeom_getYMin_r(ctx(), area, &miny);
  GEOSGeom_getXMax_r(ctx(), area, &maxx);
  GEOSGeom_getYMax_r(ctx(), area, &maxy);
  std::vector<size_t> out;
  const auto& rs = records();
  for (size_t i = 0; i < rs.size(); ++i) {
    const Record& r = rs[i];
    if (r.x < minx || r.x > maxx || r.y < miny || r.y > maxy) continue;
    if (contains_xy(p, r.x, r.y)) out.push_back(i);
  }
  GEOSPreparedGeom_destroy_r(ctx(), p);
  return out;
}

// Distinct species among `idx` before / on-or-after `date`, optionally only those in `only`.
std::pair<size_t, size_t> richness(const std::vector<size_t>& idx, const std::string& date,
                                   const std::set<std::string>* only = nullptr) {
  std::set<std::string> before, after;
  for (size_t i : idx) {
    const Record& r = records()[i];
    if (only && !only->count(r.species)) continue;
    (r.date < date ? before : after).insert(r.species);
  }
  return {before.size(), after.size()};
}

std::vector<std::string> split(const std::string& s, char c) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, c))
    if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

TEST(DemoEffects, EffectsFileDescribesTheCsv) {
  std::ifstream in(kDir + "/planted_effects.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string j = ss.str();
  EXPECT_NE(j.find("\"synthetic\": true"), std::string::npos);
  for (const char* id : {"\"M1\"", "\"M4\"", "\"M7\"", "\"P1\"", "\"P9\""})
    EXPECT_NE(j.find(id), std::string::npos) << id;
  const auto pos = j.find("\"count\": ");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_EQ(std::stoul(j.substr(pos + 9)), records().size());
}

TEST(DemoEffects, LbspRichnessRisesAfterEachMeasureAtImpactNotControl) {
  const std::string gpkg = kDir + "/leiden_demo.gpkg";
  auto impacts = read_ogr_layer(gpkg, "lbsp_impact_areas");
  auto controls = read_ogr_layer(gpkg, "lbsp_controls");
  ASSERT_EQ(impacts.size(), 7u);
  std::map<std::string, const Feature*> control_by_id;
  for (const Feature& c : controls) control_by_id[c.attr.at("id")] = &c;
  for (const Feature& m : impacts) {
    const std::string id = m.attr.at("measure_id");
    std::string date = m.attr.at("carried_out");  // OGR prints dates as YYYY/MM/DD
    for (char& ch : date)
      if (ch == '/') ch = '-';
    const auto ii = inside(m.geom.g);
    std::vector<size_t> ci;
    for (const std::string& cid : split(m.attr.at("control_ids"), ',')) {
      ASSERT_TRUE(control_by_id.count(cid)) << id << " names unknown control " << cid;
      auto v = inside(control_by_id[cid]->geom.g);
      ci.insert(ci.end(), v.begin(), v.end());
    }
    const auto [ib, ia] = richness(ii, date);
    const auto [cb, ca] = richness(ci, date);
    const long baci = (static_cast<long>(ia) - static_cast<long>(ib)) -
                      (static_cast<long>(ca) - static_cast<long>(cb));
    std::printf(
        "  %s %s: impact %zu records, S %zu -> %zu; control %zu records, S %zu -> %zu; "
        "BACI %+ld\n",
        id.c_str(), date.c_str(), ii.size(), ib, ia, ci.size(), cb, ca, baci);
    EXPECT_GT(ii.size(), 100u) << id;
    EXPECT_GT(ci.size(), 100u) << id;
    EXPECT_GT(baci, 0) << id << ": the planted rise is not recovered";
  }
}

TEST(DemoEffects, RewettedPolderlabPlotsGainWetlandTaxaMoreThanControls) {
  // Wetland taxa: habitat flag 'w' in the taxa table (parsed here, by hand).
  std::set<std::string> wetland;
  {
    std::ifstream in(std::string(BIODASH_SOURCE_DIR) + "/tools/demo/taxa.tsv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto f = split_tabs(line);
      ASSERT_EQ(f.size(), 12u) << line;
      if (f[9].find('w') != std::string::npos) wetland.insert(f[0]);
    }
  }
  ASSERT_GT(wetland.size(), 50u);
  const std::string start = "2021-09-01";
  std::map<std::string, std::vector<size_t>> by_treatment;
  for (const Feature& p : read_ogr_layer(kDir + "/leiden_demo.gpkg", "polderlab_plots")) {
    std::string d = p.attr.at("start_date");
    EXPECT_TRUE(d == "2021/09/01" || d == "2021-09-01") << d;
    auto v = inside(p.geom.g);
    auto& dst = by_treatment[p.attr.at("treatment")];
    dst.insert(dst.end(), v.begin(), v.end());
  }
  ASSERT_EQ(by_treatment.size(), 3u);
  std::map<std::string, long> gain;
  std::map<std::string, double> share_gain;
  for (const auto& [t, idx] : by_treatment) {
    const auto [b, a] = richness(idx, start, &wetland);
    gain[t] = static_cast<long>(a) - static_cast<long>(b);
    size_t nb = 0, na = 0, wb = 0, wa = 0;
    for (size_t i : idx) {
      const Record& r = records()[i];
      const bool after = r.date >= start, w = wetland.count(r.species) > 0;
      (after ? na : nb)++;
      if (w) (after ? wa : wb)++;
    }
    share_gain[t] = static_cast<double>(wa) / na - static_cast<double>(wb) / nb;
    std::printf("  %s: %zu records; wetland taxa %zu -> %zu; wetland share %.3f -> %.3f\n",
                t.c_str(), idx.size(), b, a, static_cast<double>(wb) / nb,
                static_cast<double>(wa) / na);
  }
  EXPECT_GT(gain["shallow rewetting"], gain["control"]);
  EXPECT_GT(gain["deep rewetting"], gain["control"]);
  EXPECT_GT(share_gain["deep rewetting"], share_gain["shallow rewetting"]);
  EXPECT_GT(share_gain["shallow rewetting"], share_gain["control"]);
  EXPECT_NEAR(share_gain["control"], 0.0, 0.05);  // nothing planted in the controls
}
