#pragma once
// Helpers for the demo tests that deliberately do NOT use biodash's core or the generator:
// plain OGR reading, PROJ transforms and GEOS predicates, so the checks are independent of the
// code under test.
#include <geos_c.h>

#include <map>
#include <string>
#include <vector>

namespace demotest {

// Owns a GEOS geometry created in the tests' own GEOS context.
struct Geom {
  GEOSGeometry* g = nullptr;  // owned
  Geom() = default;
  explicit Geom(GEOSGeometry* p) : g(p) {}
  Geom(Geom&& o) noexcept : g(o.g) { o.g = nullptr; }
  Geom& operator=(Geom&& o) noexcept;
  Geom(const Geom&) = delete;
  ~Geom();
};

// The tests' GEOS context (one, main thread).
GEOSContextHandle_t ctx();

// One feature read with OGR: attributes as text, geometry converted to GEOS.
struct Feature {
  std::map<std::string, std::string> attr;  // field name -> value as text
  Geom geom;                                // geometry in the layer's CRS
};

// Reads every feature of `layer` in `path` (OGR C API); fails the test on error.
std::vector<Feature> read_ogr_layer(const std::string& path, const std::string& layer);
// Authority code of the layer's CRS ("28992"), "" when none.
std::string layer_epsg(const std::string& path, const std::string& layer);
// All layer names of a dataset.
std::vector<std::string> layer_names(const std::string& path);

// Transforms lon/lat (WGS84) to RD New in place with PROJ directly (axis order normalised).
void wgs84_to_rd(std::vector<double>& x, std::vector<double>& y);

// A gemeente polygon from the real CBS GeoJSON, reprojected to RD New.
Geom cbs_gemeente_rd(const std::string& statcode);

// True when the prepared polygon contains the point (GEOS).
bool contains_xy(const GEOSPreparedGeometry* p, double x, double y);

// Splits a line on tabs.
std::vector<std::string> split_tabs(const std::string& line);

}  // namespace demotest
