#include "demo_sources.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/vector_reader.hpp"

namespace biodash::demo {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    out.push_back(line.substr(start, t == std::string::npos ? std::string::npos : t - start));
    if (t == std::string::npos) break;
    start = t + 1;
  }
  return out;
}

// Buffers g by `distance` metres (8 segments per quarter circle); throws with GEOS's message.
GeomPtr buffer(const GEOSGeometry* g, double distance, const std::string& what) {
  GeomPtr b(GEOSBuffer_r(geos_ctx(), g, distance, 8));
  if (!b) throw Error(what + ": GEOS buffer failed: " + geos_last_error());
  return b;
}

DemoSource load_source(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name + ".tsv";
  TsvTable t = read_tsv(path);
  const int wkt = t.column("wkt");
  const int id = t.column("id");
  const int buf = t.column("buffer_m");
  if (wkt < 0 || id < 0) throw Error(path + ": needs columns 'id' and 'wkt'");
  DemoSource s;
  s.name = name;
  for (size_t c = 0; c < t.header.size(); ++c)
    if (static_cast<int>(c) != wkt) s.header.push_back(t.header[c]);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string where = path + ": row " + std::to_string(r + 2) + " (" + row[id] + ")";
    DemoFeature f;
    f.id = row[id];
    for (size_t c = 0; c < row.size(); ++c)
      if (static_cast<int>(c) != wkt) f.values.push_back(row[c]);
    try {
      f.geom = from_wkt(row[wkt]);
    } catch (const Error& e) {
      throw Error(where + ": " + e.what());
    }
    if (buf >= 0 && !row[buf].empty()) {
      size_t used = 0;
      try {
        f.buffer_m = std::stod(row[buf], &used);
      } catch (...) {
        used = 0;
      }
      if (used != row[buf].size() || f.buffer_m < 0)
        throw Error(where + ": buffer_m '" + row[buf] + "' is not a non-negative number");
    }
    const int type = GEOSGeomTypeId_r(geos_ctx(), f.geom.get());
    const bool polygonal = type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
    if (f.buffer_m > 0) {
      f.area = buffer(f.geom.get(), f.buffer_m, where);
    } else if (polygonal) {
      f.area = clone(f.geom.get());
    } else {
      throw Error(where + ": a point or line feature needs buffer_m > 0");
    }
    if (GEOSisValid_r(geos_ctx(), f.area.get()) != 1)
      throw Error(where + ": geometry is not valid: " + geos_last_error());
    s.features.push_back(std::move(f));
  }
  return s;
}

}  // namespace

int TsvTable::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

TsvTable read_tsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  TsvTable t;
  t.path = path;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto fields = split_tabs(line);
    if (t.header.empty()) {
      t.header = std::move(fields);
      continue;
    }
    if (fields.size() != t.header.size())
      throw Error(path + ":" + std::to_string(lineno) + ": " + std::to_string(fields.size()) +
                  " fields, header has " + std::to_string(t.header.size()));
    t.rows.push_back(std::move(fields));
  }
  if (t.header.empty()) throw Error(path + ": empty file");
  return t;
}

std::string DemoFeature::value(const std::vector<std::string>& header,
                               const std::string& col) const {
  for (size_t i = 0; i < header.size() && i < values.size(); ++i)
    if (header[i] == col) return values[i];
  return "";
}

std::string DemoSource::value(size_t feature, const std::string& col) const {
  return features.at(feature).value(header, col);
}

DemoSources load_demo_sources(const std::string& source_dir) {
  const std::string dir = source_dir + "/data/demo";
  DemoSources s;
  s.sites = load_source(dir, "biodiversity_sites");
  s.measures = load_source(dir, "lbsp_measures");
  s.levend_lab = load_source(dir, "levend_lab");
  s.controls = load_source(dir, "lbsp_controls");
  s.plots = load_source(dir, "polderlab_plots");
  s.water = load_source(dir, "water");
  s.landmarks = load_source(dir, "landmarks");

  const std::string gm = source_dir + "/data/leiden/leiden_region_gemeenten_2024.geojson";
  OpenOptions o;
  o.map_crs = kDemoCrs;
  Layer l = std::move(read_vector_file(gm, o).at(0));
  const int code = l.field_index("statcode");
  if (code < 0 || !l.placed()) throw Error(gm + ": no 'statcode' field or no CRS");
  for (size_t i = 0; i < l.size(); ++i) {
    if (l.values[i][code] == "GM0546") s.leiden = clone(l.geoms[i].get());
    if (l.values[i][code] == "GM1884") s.kaag_braassem = clone(l.geoms[i].get());
  }
  if (!s.leiden || !s.kaag_braassem)
    throw Error(gm + ": gemeente GM0546 (Leiden) or GM1884 (Kaag en Braassem) missing");
  return s;
}

// Howard Hinnant's algorithms (public domain), exact for the proleptic Gregorian calendar.
int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

int64_t parse_iso_day(const std::string& s) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31)
    throw Error("not an ISO date (YYYY-MM-DD): '" + s + "'");
  return days_from_civil(y, m, d);
}

}  // namespace biodash::demo
