// Real Leiden data: CBS 2024 boundaries and UVW muskrat catches (copies in data/leiden).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/aggregate.hpp"
#include "core/error.hpp"
#include "io/csv_table.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

namespace {

std::string demo(const std::string& f) {
  return std::string(BIODASH_DEMO_DATA) + "/leiden/" + f;
}

// Counts per polygon keyed by statcode, points and polygons in `crs`.
std::map<std::string, uint64_t> counts_by_statcode(const std::string& polys,
                                                   const std::string& crs) {
  OpenOptions o;
  o.map_crs = crs;
  Layer l = std::move(read_vector_file(demo(polys), o).at(0));
  PointSet p = read_points(demo("leiden_region_subset_with_wgs84.csv"), o);
  std::vector<const GEOSGeometry*> g;
  for (auto& x : l.geoms) g.push_back(x.get());
  auto c = count_points_in_polygons(g, p.x.data(), p.y.data(), p.size());
  std::map<std::string, uint64_t> out;
  int code = l.field_index("statcode");
  for (size_t i = 0; i < c.size(); ++i)
    if (c[i]) out[l.values[i][code]] = c[i];
  return out;
}

}  // namespace

TEST(Leiden, BoundaryFilesLoadWithCountsFromTheirReadme) {
  EXPECT_EQ(read_vector_file(demo("leiden_buurten_2024.geojson")).at(0).size(), 54u);
  EXPECT_EQ(read_vector_file(demo("leiden_wijken_2024.geojson")).at(0).size(), 10u);
  EXPECT_EQ(read_vector_file(demo("leiden_region_gemeenten_2024.geojson")).at(0).size(), 12u);
}

// The dashboard's progress bar and Cancel for layer loads: the reader reports the fraction
// read (GeoJSON can count its 54 features cheaply) rising to the end, and stops with Cancelled
// when the callback says so.
TEST(Leiden, ProgressRisesAndCancelStopsTheRead) {
  OpenOptions o;
  std::vector<double> seen;
  o.progress = [&](double f) {
    seen.push_back(f);
    return true;
  };
  EXPECT_EQ(read_vector_file(demo("leiden_buurten_2024.geojson"), o).at(0).size(), 54u);
  ASSERT_FALSE(seen.empty());
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_TRUE(seen[i] == -1.0 || (seen[i] >= 0.0 && seen[i] <= 1.0)) << seen[i];
    if (i > 0 && seen[i] >= 0 && seen[i - 1] >= 0) {
      EXPECT_GE(seen[i], seen[i - 1]);
    }
  }
  int calls = 0;
  o.progress = [&](double) { return ++calls < 1; };  // stop at the first report
  EXPECT_THROW(read_vector_file(demo("leiden_buurten_2024.geojson"), o), biodash::Cancelled);
  EXPECT_EQ(calls, 1);
}

TEST(Leiden, EdgeCasesAreSkippedRepairedAndReported) {
  // README: 6 features: one empty MultiPolygon, one null geometry, one polygon with 2 holes,
  // the two island buurten filling them, one 4-part MultiPolygon.
  Layer l = std::move(read_vector_file(demo("buurten_2024_edgecases.geojson")).at(0));
  EXPECT_EQ(l.report.features_read, 6u);
  EXPECT_EQ(l.report.null_skipped, 1u);
  EXPECT_EQ(l.report.empty_skipped, 1u);
  EXPECT_EQ(l.size(), 4u);
  const std::string s = l.report.summary();
  EXPECT_NE(s.find("buurten_2024_edgecases.geojson"), std::string::npos) << s;
  EXPECT_NE(s.find("1 null geometry skipped"), std::string::npos) << s;
}

TEST(Leiden, MarewijkIsRepaired) {
  // README: Marewijk (BU05460101) is invalid (collapsed spike).
  Layer l = std::move(read_vector_file(demo("leiden_buurten_2024.geojson")).at(0));
  EXPECT_EQ(l.report.invalid_repaired, 1u) << l.report.summary();
  for (const auto& g : l.source_geoms) EXPECT_EQ(GEOSisValid_r(geos_ctx(), g.get()), 1);
  EXPECT_NE(l.report.summary().find("1 invalid polygon repaired"), std::string::npos);
}

TEST(Leiden, MuskratCsvIsReadWithDecimalCommasAndRdGuess) {
  OpenOptions o;
  o.map_crs = "EPSG:4326";
  Layer l = std::move(read_vector_file(demo("leiden_region_subset_with_wgs84.csv"), o).at(0));
  EXPECT_EQ(l.size(), 2653u);
  EXPECT_EQ(l.source_crs, "EPSG:28992");
  EXPECT_TRUE(l.source_crs_assumed);
  // Reprojected RD coordinates equal the file's own WGS84 columns (from sf/PROJ) within 1e-6 deg.
  int lon = l.field_index("lon_wgs84"), lat = l.field_index("lat_wgs84");
  double worst = 0;
  for (size_t i = 0; i < l.size(); ++i) {
    double x, y;
    GEOSGeomGetX_r(geos_ctx(), l.geoms[i].get(), &x);
    GEOSGeomGetY_r(geos_ctx(), l.geoms[i].get(), &y);
    worst = std::max(worst, std::fabs(x - std::stod(l.values[i][lon])));
    worst = std::max(worst, std::fabs(y - std::stod(l.values[i][lat])));
  }
  EXPECT_LT(worst, 1e-6);
}

// Reference: derived_pip_counts_leiden_region.json (even-odd ray casting in WGS84, by the
// data's README authors).
TEST(Leiden, MuskratCountsPerWijkMatchReference) {
  for (const char* crs : {"EPSG:4326", "EPSG:28992"}) {
    auto c = counts_by_statcode("leiden_wijken_2024.geojson", crs);
    EXPECT_EQ(c.size(), 3u) << crs;
    EXPECT_EQ(c["WK054605"], 11u) << crs;
    EXPECT_EQ(c["WK054604"], 7u) << crs;
    EXPECT_EQ(c["WK054606"], 7u) << crs;
  }
}

TEST(Leiden, MuskratCountsPerBuurtMatchReference) {
  for (const char* crs : {"EPSG:4326", "EPSG:28992"}) {
    auto c = counts_by_statcode("leiden_buurten_2024.geojson", crs);
    EXPECT_EQ(c.size(), 6u) << crs;
    EXPECT_EQ(c["BU05460903"], 4u) << crs;
    EXPECT_EQ(c["BU05460900"], 2u) << crs;
    EXPECT_EQ(c["BU05460505"], 11u) << crs;
    EXPECT_EQ(c["BU05460407"], 3u) << crs;
    EXPECT_EQ(c["BU05460601"], 6u) << crs;
    EXPECT_EQ(c["BU05460602"], 1u) << crs;
  }
}

TEST(Leiden, MuskratCountsPerGemeenteMatchReference) {
  auto c = counts_by_statcode("leiden_region_gemeenten_2024.geojson", "EPSG:4326");
  EXPECT_EQ(c["GM0546"], 37u);   // Leiden
  EXPECT_EQ(c["GM1884"], 141u);  // Kaag en Braassem
  EXPECT_EQ(c["GM0484"], 839u);  // Alphen aan den Rijn
}
