#pragma once
// A vector layer loaded into memory: attributes plus GEOS geometries, once in the source CRS
// as read (cleaned: 2D, linear, valid) and once reprojected into the map CRS.
#include <cstdint>
#include <string>
#include <vector>

#include "core/envelope.hpp"
#include "core/geos_handle.hpp"

namespace biodash {

enum class GeomKind { None, Point, Line, Polygon, Mixed };
const char* to_string(GeomKind k);

// What happened while loading one layer: every feature is accounted for.
struct LoadReport {
  std::string source;              // file path as given
  std::string layer;               // layer name inside the file
  size_t features_read = 0;        // features/rows seen
  size_t loaded = 0;               // features kept with a geometry
  size_t null_skipped = 0;         // null geometry
  size_t empty_skipped = 0;        // empty geometry
  size_t invalid_repaired = 0;     // invalid polygon repaired by GEOS make-valid
  size_t unrepairable = 0;         // geometry make-valid could not turn into the right kind
  size_t curves_linearised = 0;    // curved geometry approximated by line segments
  size_t zm_dropped = 0;           // Z and/or M dropped
  size_t reproject_failed = 0;     // geometry PROJ could not transform (skipped)
  std::vector<std::string> notes;  // other messages (CRS assumed/missing, bad rows with reasons)

  // One line such as "buurten.geojson: 6 features, 4 loaded; 1 null geometry skipped, ...".
  // `translate` (e.g. the UI's tr) is applied to each fixed English phrase.
  std::string summary(const char* (*translate)(const char*) = nullptr) const;
};

struct Layer {
  std::string name;                 // display name ("leiden_wijken_2024" or "file:layer")
  std::string source_path;          // file the layer came from
  std::string source_layer;         // OGR layer name inside the file
  std::string source_crs;           // CRS of the data as read (WKT/"EPSG:xxxx"); "" when unknown
  bool source_crs_assumed = false;  // true when source_crs was guessed, not declared
  std::string map_crs;              // CRS of `geoms` (""/unplaced while source_crs is unknown)
  GeomKind kind = GeomKind::None;

  std::vector<std::string> fields;               // attribute names
  std::vector<int64_t> fids;                     // feature id per feature (OGR FID or row)
  std::vector<std::vector<std::string>> values;  // [feature][field] as text
  std::vector<GeomPtr> source_geoms;             // cleaned geometry in source CRS, per feature
  std::vector<GeomPtr> geoms;                    // same in map CRS (empty until placed)
  Envelope bounds;                               // of `geoms`, map CRS

  LoadReport report;

  size_t size() const { return source_geoms.size(); }
  bool placed() const { return !map_crs.empty() && geoms.size() == source_geoms.size(); }
  int field_index(const std::string& name) const;  // -1 if absent (case-insensitive)
};

// Appends the coordinates (map CRS) of the layer's Point and MultiPoint features to x, y;
// other geometry types are skipped and counted in `skipped`.
void point_coordinates(const Layer& layer, std::vector<double>& x, std::vector<double>& y,
                       size_t& skipped);

// Reprojects layer.source_geoms into `map_crs` (fills geoms, bounds, map_crs).
// Throws Error when the layer has no source CRS or PROJ fails to build the transform.
void place_layer(Layer& layer, const std::string& map_crs);

}  // namespace biodash
