#pragma once
// Reads vector layers from any OGR-readable file (GeoPackage, Shapefile, GeoJSON, FlatGeobuf,
// KML, GPX, ...) and from delimited text (CSV/TSV with a WKT column or x/y columns) into
// Layer objects. Geometries are cleaned on the way in: null/empty skipped, curves linearised,
// Z/M dropped, invalid polygons repaired with GEOS make-valid; all of it counted in the report.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/layer.hpp"

namespace biodash {

struct OpenOptions {
  std::string map_crs = "EPSG:28992";  // CRS to reproject into
  std::string fallback_crs;            // used when the data declares none ("" = leave unplaced)
  std::vector<std::string> layers;     // layer names to read; empty = every vector layer
  std::string category_field;          // read_points: attribute to dictionary-encode ("" = none)
  // read_vector_file: called every few thousand features with the fraction of the file's
  // requested layers read so far (0..1; -1 when the driver cannot count features cheaply);
  // returning false stops the read with Cancelled (core/error.hpp). Worker thread.
  std::function<bool(double)> progress;
};

// Splits "path/file.gpkg:layer" into path and layer. A ':' is only taken as a separator when
// the part before it exists as a file (so "C:\..." and plain paths are safe).
std::pair<std::string, std::string> split_layer_spec(const std::string& spec);

// Opens every requested layer of `path`. Layers whose CRS is unknown and no fallback given are
// returned unplaced (layer.placed() == false) with a note asking for a CRS.
// Throws Error (naming the file and carrying GDAL's message) when the file cannot be opened
// at all or holds no vector layer; a bad feature never throws, it is counted.
std::vector<Layer> read_vector_file(const std::string& path, const OpenOptions& opts = {});

// Point coordinates only, in the map CRS, columnar: for aggregation over large point files.
struct PointSet {
  std::vector<double> x;                    // map CRS
  std::vector<double> y;                    // map CRS
  std::string crs;                          // map CRS
  std::vector<uint32_t> category;           // per point: id into category_names (if requested)
  std::vector<std::string> category_names;  // distinct values of OpenOptions::category_field
  LoadReport report;
  size_t size() const { return x.size(); }
};

// Reads the point features of one layer (spec "file[:layer]") as a PointSet; multipoints
// contribute each part, non-point geometries are counted as rejected in the report.
PointSet read_points(const std::string& spec, const OpenOptions& opts = {});

}  // namespace biodash
