#pragma once
// A vector layer loaded into memory: attributes plus GEOS geometries, once in the source CRS
// as read (cleaned: 2D, linear, valid) and once reprojected into the map CRS. Or, for an
// observation set, a view of the columnar store: one point per store row and nothing per
// feature of its own (see Layer::store).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/envelope.hpp"
#include "core/geos_handle.hpp"

namespace biodash {

struct ObservationStore;  // core/observations.hpp

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

  // A store-backed point layer (an observation set): feature i is row i of the store, at
  // (store->x[i], store->y[i]) in store->crs (= source_crs). It holds no GEOS geometry and no
  // attribute copies: fields, fids, values, source_geoms and geoms stay empty; the mesh,
  // picking and counting compute map-CRS coordinates from the columns when they need them
  // (for_each_map_point_chunk), so the layer costs nothing per observation.
  std::shared_ptr<const ObservationStore> store;

  size_t size() const;   // features (store rows for a store-backed layer)
  bool placed() const {  // has map-CRS geometry (a store-backed layer: a map CRS)
    return !map_crs.empty() && (store || geoms.size() == source_geoms.size());
  }
  int field_index(const std::string& name) const;  // -1 if absent (case-insensitive)
};

// The feature id shown to users: the OGR FID, the data row of a store-backed layer, else the
// feature index.
int64_t feature_fid(const Layer& layer, size_t feature);

// A point layer over an observation store (see Layer::store), placed in the store's CRS.
std::unique_ptr<Layer> store_point_layer(std::shared_ptr<const ObservationStore> store,
                                         const std::string& name, const std::string& path,
                                         const std::string& layer_name = "");

// Calls fn(first, x, y, n) for consecutive chunks of a store-backed layer's points, in the
// layer's map CRS (x, y: n coordinates of rows first..first+n-1; points PROJ cannot transform
// are +inf). Throws Error when the layer is not store-backed and placed.
void for_each_map_point_chunk(
    const Layer& layer,
    const std::function<void(size_t first, const double* x, const double* y, size_t n)>& fn);

// Appends the coordinates (map CRS) of the layer's Point and MultiPoint features to x, y;
// other geometry types are skipped and counted in `skipped`.
void point_coordinates(const Layer& layer, std::vector<double>& x, std::vector<double>& y,
                       size_t& skipped);

// Reprojects layer.source_geoms into `map_crs` (fills geoms, bounds, map_crs). A store-backed
// layer keeps no reprojected copy: only its map_crs and bounds are set (the bounds of the
// transformed points). Throws Error when the layer has no source CRS or PROJ fails to build
// the transform.
void place_layer(Layer& layer, const std::string& map_crs);

}  // namespace biodash
