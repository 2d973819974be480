#pragma once
// The illustrative project layers of the Leiden demo (data/demo/*.tsv) and the real base
// polygons they must lie in. The .tsv sources are tab-separated text with a header row and a
// `wkt` column in EPSG:28992 (RD New); no quoting, no tabs or newlines inside values.
#include <cstdint>
#include <string>
#include <vector>

#include "core/geos_handle.hpp"

namespace biodash::demo {

inline constexpr const char* kDemoCrs = "EPSG:28992";  // CRS of every demo source and output

// A tab-separated table as read from disk.
struct TsvTable {
  std::string path;                            // file it came from
  std::vector<std::string> header;             // column names
  std::vector<std::vector<std::string>> rows;  // one vector of values per data row
  int column(const std::string& name) const;   // index of a column; -1 when absent
};

// Reads a TSV file; throws Error naming the file and line for a missing file or a row whose
// field count differs from the header's.
TsvTable read_tsv(const std::string& path);

// One feature of an illustrative source file.
struct DemoFeature {
  std::string id;                   // "BC01", "M3", "C2", "P7"
  std::vector<std::string> values;  // all attribute values, in the table's column order (no wkt)
  GeomPtr geom;                     // geometry as digitised (RD New)
  GeomPtr area;                     // polygonal area: geom buffered by buffer_m, or geom itself
  double buffer_m = 0;              // buffer distance applied to make `area` (0 = none)
  std::string value(const std::vector<std::string>& header, const std::string& col) const;
};

// One source file: its attribute columns (without `wkt`) and features.
struct DemoSource {
  std::string name;                   // layer name ("biodiversity_sites", ...)
  std::vector<std::string> header;    // attribute column names, file order, `wkt` removed
  std::vector<DemoFeature> features;  // rows in file order
  std::string value(size_t feature, const std::string& col) const;  // "" when absent
};

// All illustrative sources of data/demo plus the real CBS gemeente polygons they lie in.
struct DemoSources {
  DemoSource sites;       // biodiversity_sites.tsv: BiodiverCity sites
  DemoSource measures;    // lbsp_measures.tsv: LBSP greening measures (points/lines)
  DemoSource levend_lab;  // levend_lab.tsv: the Levend Lab site (polygon, also a measure)
  DemoSource controls;    // lbsp_controls.tsv: control stretches for the measures
  DemoSource plots;       // polderlab_plots.tsv: Polderlab Vrouw Venne plots
  DemoSource water;       // water.tsv: map context, the Rijn and the singels (buffered lines)
  DemoSource landmarks;   // landmarks.tsv: map context, Naturalis (a point)
  GeomPtr leiden;         // CBS 2024 gemeente Leiden (GM0546), RD New, valid
  GeomPtr kaag_braassem;  // CBS 2024 gemeente Kaag en Braassem (GM1884), RD New, valid
};

// Reads <source_dir>/data/demo/*.tsv and the two gemeente polygons from
// <source_dir>/data/leiden/leiden_region_gemeenten_2024.geojson (reprojected to RD New).
// Throws Error naming the file for anything unreadable or invalid.
DemoSources load_demo_sources(const std::string& source_dir);

// Parses "YYYY-MM-DD" into days since 1970-01-01; throws Error for anything else.
int64_t parse_iso_day(const std::string& s);
// Days since 1970-01-01 -> civil date (proleptic Gregorian).
void civil_from_days(int64_t z, int& y, int& m, int& d);
// Civil date -> days since 1970-01-01.
int64_t days_from_civil(int y, int m, int d);

}  // namespace biodash::demo
