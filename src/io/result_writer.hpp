#pragma once
// Writes aggregation results: CSV (one row per polygon, id column then the metric columns) or
// GeoPackage (the polygons with the metric columns, opens in QGIS). Both are written
// atomically: a temporary file in the target folder, renamed over the target only when
// complete, so an existing file is never left half-written.
#include <string>
#include <vector>

#include "core/atomic_file.hpp"  // write_file_atomically
#include "core/layer.hpp"
#include "core/provenance.hpp"

namespace biodash {

struct ResultTable {
  std::string id_name;                           // first column's name (e.g. "poly_id", "fid")
  std::vector<std::string> ids;                  // per row
  std::vector<std::string> columns;              // metric names, in output order
  std::vector<std::vector<std::string>> values;  // [row][column] as text
  std::vector<bool> numeric;                     // per column: written as a number in GeoPackage
  Provenance provenance;  // how the numbers were made (core/provenance; empty: not recorded)
};

// CSV with a header row; fields quoted when needed. With provenance, also `<path>.json` (the
// sidecar: provenance_json), written atomically after the CSV.
void write_result_csv(const std::string& path, const ResultTable& t);

// GeoPackage: layer `layer_name` with the geometries (in `crs`) and the id + metric columns;
// the provenance items as the layer's metadata (GDAL keeps them in gpkg_metadata).
// `geoms[i]` belongs to row i.
void write_result_gpkg(const std::string& path, const std::string& layer_name,
                       const std::string& crs, const std::vector<const GEOSGeometry*>& geoms,
                       const ResultTable& t);

// A one-page PDF holding an RGBA page (width w, height h, top row first) as an image at `dpi`
// (GDAL's PDF driver), atomically: written under a temporary name, checked, then renamed.
void write_pdf_page(const std::string& path, const std::vector<uint8_t>& rgba, int w, int h,
                    int dpi = 150);

}  // namespace biodash
