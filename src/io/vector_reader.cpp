#include "io/vector_reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "core/crs.hpp"
#include "core/error.hpp"
#include "core/input_file.hpp"
#include "io/csv_table.hpp"
#include "io/gdal_dataset.hpp"

namespace biodash {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string file_stem(const std::string& path) {
  return fs::path(path).stem().string();
}

bool is_delimited_text(const std::string& path) {
  std::string ext = lower(fs::path(path).extension().string());
  return ext == ".csv" || ext == ".tsv" || ext == ".tab" || ext == ".txt";
}

// Collects GDAL's error messages on this thread while alive (GDAL would print them to stderr).
class GdalErrorCollector {
 public:
  GdalErrorCollector() {
    CPLErrorReset();
    CPLPushErrorHandlerEx(&GdalErrorCollector::handler, this);
  }
  ~GdalErrorCollector() { CPLPopErrorHandler(); }
  std::string last_error() const { return errors_.empty() ? "" : errors_.back(); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorCollector*>(CPLGetErrorHandlerUserData());
    std::string m = msg ? msg : "";
    if (cls >= CE_Failure)
      self->errors_.push_back(m);
    else if (cls == CE_Warning && self->warnings_.size() < 20)
      self->warnings_.push_back(m);
  }
  std::vector<std::string> errors_;    // CE_Failure and worse
  std::vector<std::string> warnings_;  // first warnings
};

using DatasetPtr = GdalDataset;

struct OgrGeomDeleter {
  void operator()(OGRGeometryH g) const {
    if (g) OGR_G_DestroyGeometry(g);
  }
};
using OgrGeomPtr = std::unique_ptr<void, OgrGeomDeleter>;

struct FeatureDeleter {
  void operator()(OGRFeatureH f) const {
    if (f) OGR_F_Destroy(f);
  }
};
using FeaturePtr = std::unique_ptr<void, FeatureDeleter>;

// CRS of an OGR layer as a definition PROJ understands ("EPSG:4326" or WKT2); "" if none.
std::string layer_crs(OGRLayerH layer) {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  if (!srs) return "";
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE || !wkt) {
    CPLFree(wkt);
    return "";
  }
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

bool is_polygonal_type(int t) {
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

// Keeps only the polygonal parts of a make-valid result; null when nothing polygonal is left.
GeomPtr polygonal_part(GeomPtr g) {
  GEOSContextHandle_t h = geos_ctx();
  if (!g) return nullptr;
  int t = GEOSGeomTypeId_r(h, g.get());
  if (is_polygonal_type(t)) return g;
  if (t != GEOS_GEOMETRYCOLLECTION) return nullptr;
  std::vector<GEOSGeometry*> polys;
  int n = GEOSGetNumGeometries_r(h, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, g.get(), i);
    int pt = GEOSGeomTypeId_r(h, p);
    if (pt == GEOS_POLYGON) {
      polys.push_back(GEOSGeom_clone_r(h, p));
    } else if (pt == GEOS_MULTIPOLYGON) {
      for (int k = 0; k < GEOSGetNumGeometries_r(h, p); ++k)
        polys.push_back(GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, p, k)));
    }
  }
  if (polys.empty()) return nullptr;
  if (polys.size() == 1) return GeomPtr(polys[0]);
  return GeomPtr(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(),
                                             static_cast<unsigned>(polys.size())));
}

// Makes a GEOS geometry valid where needed; counts into the report. Returns null when the
// feature must be skipped (the reason is counted).
GeomPtr clean_geos(GeomPtr g, LoadReport& rep) {
  GEOSContextHandle_t h = geos_ctx();
  if (!g) return nullptr;
  if (GEOSisEmpty_r(h, g.get())) {
    ++rep.empty_skipped;
    return nullptr;
  }
  int t = GEOSGeomTypeId_r(h, g.get());
  if (is_polygonal_type(t) && GEOSisValid_r(h, g.get()) != 1) {
    GeomPtr fixed = polygonal_part(GeomPtr(GEOSMakeValid_r(h, g.get())));
    if (!fixed || GEOSisEmpty_r(h, fixed.get())) {
      ++rep.unrepairable;
      return nullptr;
    }
    ++rep.invalid_repaired;
    return fixed;
  }
  return g;
}

// OGR geometry -> cleaned GEOS geometry (2D, linear, valid). Null when skipped (counted).
GeomPtr convert_ogr_geometry(OGRGeometryH og, LoadReport& rep, std::string& why) {
  if (!og) {
    ++rep.null_skipped;
    return nullptr;
  }
  if (OGR_G_IsEmpty(og)) {
    ++rep.empty_skipped;
    return nullptr;
  }
  OgrGeomPtr owned;
  OGRwkbGeometryType flat = wkbFlatten(OGR_G_GetGeometryType(og));
  if (flat == wkbTriangle || flat == wkbTIN || flat == wkbPolyhedralSurface) {
    owned.reset(OGR_G_ForceTo(OGR_G_Clone(og), wkbMultiPolygon, nullptr));
    og = owned.get();
  } else if (OGR_G_HasCurveGeometry(og, FALSE)) {
    owned.reset(OGR_G_GetLinearGeometry(og, 0, nullptr));
    og = owned.get();
    ++rep.curves_linearised;
  }
  if (!og) {
    ++rep.unrepairable;
    why = "cannot convert geometry type";
    return nullptr;
  }
  if (OGR_G_Is3D(og) || OGR_G_IsMeasured(og)) {
    if (!owned) {
      owned.reset(OGR_G_Clone(og));
      og = owned.get();
    }
    OGR_G_Set3D(og, FALSE);
    OGR_G_SetMeasured(og, FALSE);
    ++rep.zm_dropped;
  }
  const int size = OGR_G_WkbSize(og);
  std::vector<unsigned char> wkb(static_cast<size_t>(std::max(0, size)));
  if (size <= 0 || OGR_G_ExportToIsoWkb(og, wkbNDR, wkb.data()) != OGRERR_NONE) {
    ++rep.unrepairable;
    why = "cannot export geometry as WKB";
    return nullptr;
  }
  GEOSContextHandle_t h = geos_ctx();
  GEOSWKBReader* r = GEOSWKBReader_create_r(h);
  GeomPtr g(GEOSWKBReader_read_r(h, r, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, r);
  if (!g) {
    ++rep.unrepairable;
    why = "GEOS rejects the geometry: " + geos_last_error();
    return nullptr;
  }
  return clean_geos(std::move(g), rep);
}

GeomKind kind_of(const GEOSGeometry* g) {
  GEOSContextHandle_t h = geos_ctx();
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT:
      return GeomKind::Point;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING:
      return GeomKind::Line;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
      return GeomKind::Polygon;
    default:
      return GeomKind::Mixed;
  }
}

void finish_layer(Layer& layer, const OpenOptions& opts) {
  layer.report.loaded = layer.source_geoms.size();
  GeomKind k = GeomKind::None;
  for (const auto& g : layer.source_geoms) {
    GeomKind gk = kind_of(g.get());
    k = (k == GeomKind::None || k == gk) ? gk : GeomKind::Mixed;
  }
  layer.kind = k;
  if (layer.source_crs.empty() && !opts.fallback_crs.empty()) {
    layer.source_crs = opts.fallback_crs;
    layer.source_crs_assumed = true;
    layer.report.notes.push_back("no CRS in the data; using " + opts.fallback_crs + " as given");
  }
  if (layer.source_crs.empty()) {
    layer.report.notes.push_back("no CRS in the data: set the source CRS to place it on the map");
    return;
  }
  try {
    place_layer(layer, opts.map_crs);
  } catch (const Error& e) {
    layer.report.notes.push_back(std::string("cannot reproject: ") + e.what());
    layer.geoms.clear();
    layer.map_crs.clear();
  }
}

// Guesses the CRS of bare coordinates: WGS84 lon/lat when all fit, RD New when all fit its
// area of use; "" otherwise. The guess is always reported to the user as an assumption.
std::string guess_crs(const std::vector<double>& xs, const std::vector<double>& ys) {
  if (xs.empty()) return "";
  bool lonlat = true, rd = true;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!(std::fabs(xs[i]) <= 180 && std::fabs(ys[i]) <= 90)) lonlat = false;
    if (!(xs[i] >= -7000 && xs[i] <= 300000 && ys[i] >= 289000 && ys[i] <= 629000)) rd = false;
  }
  if (lonlat) return "EPSG:4326";
  if (rd) return "EPSG:28992";
  return "";
}

struct CsvGeometryColumns {
  int wkt = -1;  // WKT column
  int x = -1;    // x / longitude / easting column
  int y = -1;    // y / latitude / northing column
};

CsvGeometryColumns find_csv_geometry(const CsvTable& t) {
  CsvGeometryColumns c;
  c.wkt = find_column(
      t.header, {"wkt", "geom", "geometry", "the_geom", "wkb_geometry", "shape", "footprintwkt"});
  // Pairs in priority order; the first pair present wins.
  static const std::pair<const char*, const char*> pairs[] = {
      {"decimallongitude", "decimallatitude"},
      {"longitude", "latitude"},
      {"lon", "lat"},
      {"lng", "lat"},
      {"long", "lat"},
      {"x", "y"},
      {"easting", "northing"},
      {"xcoord", "ycoord"},
      {"x_coord", "y_coord"},
      {"point_x", "point_y"},
      {"lon_wgs84", "lat_wgs84"}};
  for (const auto& [xn, yn] : pairs) {
    int xi = find_column(t.header, {xn}), yi = find_column(t.header, {yn});
    if (xi >= 0 && yi >= 0) {
      c.x = xi;
      c.y = yi;
      break;
    }
  }
  return c;
}

// Counts a rejected CSV row by reason, keeping the first line number as an example.
struct RowRejects {
  struct Reason {
    size_t count = 0;       // rows with this reason
    size_t first_line = 0;  // example line number
  };
  std::vector<std::pair<std::string, Reason>> reasons;  // in order of first appearance
  void add(const std::string& why, size_t line) {
    for (auto& [w, r] : reasons)
      if (w == why) {
        ++r.count;
        return;
      }
    reasons.push_back({why, Reason{1, line}});
  }
  void report(LoadReport& rep) const {
    for (const auto& [w, r] : reasons)
      rep.notes.push_back(std::to_string(r.count) + (r.count == 1 ? " row" : " rows") +
                          " skipped: " + w + " (first at line " + std::to_string(r.first_line) +
                          ")");
  }
};

Layer read_csv_layer(const std::string& path, const OpenOptions& opts) {
  CsvTable t = read_csv_file(path);
  Layer layer;
  layer.name = file_stem(path);
  layer.source_path = path;
  layer.source_layer = layer.name;
  layer.report.source = path;
  layer.report.layer = layer.name;
  layer.fields = t.header;
  CsvGeometryColumns gc = find_csv_geometry(t);
  if (gc.wkt < 0 && gc.x < 0)
    throw Error(path + ": no geometry column (expected a WKT column such as 'WKT'/'geometry', " +
                "or x/y columns such as 'decimalLongitude'/'decimalLatitude', 'lon'/'lat', " +
                "'x'/'y')");
  if (t.latin1) layer.report.notes.push_back("not UTF-8: read as Latin-1");
  for (size_t i = 0; i < std::min<size_t>(t.problems.size(), 3); ++i)
    layer.report.notes.push_back(t.problems[i]);
  if (t.problems.size() > 3)
    layer.report.notes.push_back(std::to_string(t.problems.size() - 3) + " more malformed rows");

  RowRejects rejects;
  std::vector<double> xs, ys;  // for the CRS guess
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    ++layer.report.features_read;
    GeomPtr g;
    if (gc.wkt >= 0) {
      const std::string& w = static_cast<size_t>(gc.wkt) < row.size() ? row[gc.wkt] : "";
      if (w.empty()) {
        ++layer.report.null_skipped;
        continue;
      }
      try {
        g = from_wkt(w);
      } catch (const Error& e) {
        rejects.add(std::string("unparseable WKT (") + geos_last_error() + ")", t.row_line[r]);
        continue;
      }
      g = clean_geos(std::move(g), layer.report);
      if (!g) continue;
    } else {
      const std::string& xv = static_cast<size_t>(gc.x) < row.size() ? row[gc.x] : "";
      const std::string& yv = static_cast<size_t>(gc.y) < row.size() ? row[gc.y] : "";
      if (xv.empty() && yv.empty()) {
        ++layer.report.null_skipped;
        continue;
      }
      double x, y;
      if (!parse_number(xv, x) || !parse_number(yv, y)) {
        rejects.add("unparseable coordinate in '" + t.header[gc.x] + "'/'" + t.header[gc.y] + "'",
                    t.row_line[r]);
        continue;
      }
      xs.push_back(x);
      ys.push_back(y);
      g.reset(GEOSGeom_createPointFromXY_r(geos_ctx(), x, y));
    }
    layer.source_geoms.push_back(std::move(g));
    layer.fids.push_back(static_cast<int64_t>(r + 1));
    std::vector<std::string> vals = row;
    vals.resize(t.header.size());
    layer.values.push_back(std::move(vals));
  }
  rejects.report(layer.report);
  if (opts.fallback_crs.empty()) {
    std::string guess = gc.x >= 0 ? guess_crs(xs, ys) : "";
    if (!guess.empty()) {
      layer.source_crs = guess;
      layer.source_crs_assumed = true;
      layer.report.notes.push_back(
          "CSV declares no CRS; the coordinates in '" + t.header[gc.x] + "'/'" + t.header[gc.y] +
          "' fit " + guess + (guess == "EPSG:4326" ? " (WGS84 lon/lat)" : " (RD New metres)") +
          ", assumed — set the source CRS if that is wrong");
    }
  }
  finish_layer(layer, opts);
  return layer;
}

Layer read_ogr_layer(const std::string& path, OGRLayerH ol, bool single, const OpenOptions& opts) {
  Layer layer;
  const std::string lname = OGR_L_GetName(ol);
  layer.name = single ? file_stem(path) : file_stem(path) + ":" + lname;
  // A GeoPackage layer's human-readable identifier (gpkg_contents.identifier) names it better.
  const char* ident = GDALGetMetadataItem(ol, "IDENTIFIER", nullptr);
  if (ident && *ident && lname != ident) layer.name = ident;
  layer.source_path = path;
  layer.source_layer = lname;
  layer.report.source = path;
  layer.report.layer = lname;
  layer.source_crs = layer_crs(ol);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol);
  const int nf = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < nf; ++i)
    layer.fields.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  OGR_L_ResetReading(ol);
  RowRejects rejects;
  // Progress: the driver's count when it is cheap (GeoPackage, Shapefile, FlatGeobuf), else -1.
  const GIntBig total = opts.progress ? OGR_L_GetFeatureCount(ol, FALSE) : -1;
  while (true) {
    if (opts.progress && (layer.report.features_read & 4095) == 0) {
      const double f =
          total > 0 ? std::min(1.0, double(layer.report.features_read) / double(total)) : -1.0;
      if (!opts.progress(f)) throw Cancelled(path + ": loading cancelled");
    }
    CPLErrorReset();
    FeaturePtr f(OGR_L_GetNextFeature(ol));
    if (!f) {
      if (CPLGetLastErrorType() >= CE_Failure)
        layer.report.notes.push_back(std::string("reading stopped early: ") + gdal_last_error());
      break;
    }
    ++layer.report.features_read;
    std::string why;
    GeomPtr g = convert_ogr_geometry(OGR_F_GetGeometryRef(f.get()), layer.report, why);
    if (!why.empty()) rejects.add(why, static_cast<size_t>(OGR_F_GetFID(f.get())));
    if (!g) continue;
    std::vector<std::string> vals(nf);
    for (int i = 0; i < nf; ++i)
      if (OGR_F_IsFieldSetAndNotNull(f.get(), i)) vals[i] = OGR_F_GetFieldAsString(f.get(), i);
    layer.fids.push_back(OGR_F_GetFID(f.get()));
    layer.values.push_back(std::move(vals));
    layer.source_geoms.push_back(std::move(g));
  }
  for (const auto& [w, r] : rejects.reasons)
    layer.report.notes.push_back(std::to_string(r.count) + " features skipped: " + w +
                                 " (first: FID " + std::to_string(r.first_line) + ")");
  finish_layer(layer, opts);
  return layer;
}

DatasetPtr open_dataset(const std::string& path, GdalErrorCollector& errs) {
  gdal_init();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file");
  std::string open_path = path;
  std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".zip") {  // zipped shapefile / FileGDB
    require_regular_file(path, "a vector file");
    open_path = "/vsizip/" + path;
  }
  DatasetPtr ds = open_vector_dataset(open_path);
  if (!ds) {
    std::string msg = errs.last_error();
    throw Error(path + ": cannot open as a vector file: " +
                (msg.empty() ? "no GDAL driver recognises it" : msg));
  }
  return ds;
}

// Dictionary-encodes category values into a PointSet.
class CategoryDict {
 public:
  explicit CategoryDict(PointSet& ps) : ps_(ps) {}
  void add(const std::string& v) {
    auto [it, fresh] = ids_.try_emplace(v, static_cast<uint32_t>(ps_.category_names.size()));
    if (fresh) ps_.category_names.push_back(v);
    ps_.category.push_back(it->second);
  }

 private:
  PointSet& ps_;                                   // output
  std::unordered_map<std::string, uint32_t> ids_;  // value -> id
};

}  // namespace

std::pair<std::string, std::string> split_layer_spec(const std::string& spec) {
  std::error_code ec;
  if (fs::exists(spec, ec)) return {spec, ""};
  auto pos = spec.rfind(':');
  if (pos != std::string::npos && pos > 0 && fs::exists(spec.substr(0, pos), ec))
    return {spec.substr(0, pos), spec.substr(pos + 1)};
  return {spec, ""};
}

std::vector<Layer> read_vector_file(const std::string& spec, const OpenOptions& opts_in) {
  auto [path, lname] = split_layer_spec(spec);
  OpenOptions opts = opts_in;
  if (!lname.empty()) opts.layers.push_back(lname);
  std::vector<Layer> out;
  if (is_delimited_text(path)) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path + ": no such file");
    out.push_back(read_csv_layer(path, opts));
    return out;
  }
  GdalErrorCollector errs;
  DatasetPtr ds = open_dataset(path, errs);
  const int n = GDALDatasetGetLayerCount(ds.get());
  if (n == 0) {
    std::string msg = errs.last_error();
    throw Error(path + ": holds no vector layer" + (msg.empty() ? "" : " (GDAL: " + msg + ")"));
  }
  for (const auto& want : opts.layers)
    if (!GDALDatasetGetLayerByName(ds.get(), want.c_str()))
      throw Error(path + ": no layer named '" + want + "'");
  // The layers to read, so progress can be the fraction of all of them.
  std::vector<OGRLayerH> todo;
  for (int i = 0; i < n; ++i) {
    OGRLayerH ol = GDALDatasetGetLayer(ds.get(), i);
    std::string name = OGR_L_GetName(ol);
    if (!opts.layers.empty() &&
        std::find(opts.layers.begin(), opts.layers.end(), name) == opts.layers.end())
      continue;
    // Attribute-only tables (no geometry column) are not map layers.
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(ol)) == 0) {
      if (!opts.layers.empty()) throw Error(path + ": layer '" + name + "' has no geometry");
      continue;
    }
    todo.push_back(ol);
  }
  for (size_t k = 0; k < todo.size(); ++k) {
    OpenOptions lo = opts;
    if (opts.progress) {
      const double base = double(k) / double(todo.size()), part = 1.0 / double(todo.size());
      lo.progress = [&opts, base, part](double f) {
        return opts.progress(f < 0 ? -1.0 : base + part * f);
      };
    }
    out.push_back(read_ogr_layer(path, todo[k], n == 1, lo));
    for (const auto& w : errs.warnings()) out.back().report.notes.push_back("GDAL: " + w);
  }
  if (out.empty()) throw Error(path + ": holds no layer with geometry");
  return out;
}

PointSet read_points(const std::string& spec, const OpenOptions& opts_in) {
  auto [path, lname] = split_layer_spec(spec);
  OpenOptions opts = opts_in;
  PointSet ps;
  ps.crs = opts.map_crs;
  std::string src_crs;
  if (is_delimited_text(path)) {
    std::vector<Layer> layers = read_vector_file(path, opts);
    Layer& l = layers.front();
    ps.report = l.report;
    if (!l.placed()) throw Error(ps.report.summary() + " (give the CRS with --src-crs EPSG:CODE)");
    GEOSContextHandle_t h = geos_ctx();
    int cat = -1;
    if (!opts.category_field.empty()) {
      cat = l.field_index(opts.category_field);
      if (cat < 0) throw Error(path + ": no field named '" + opts.category_field + "'");
    }
    CategoryDict dict(ps);
    for (size_t i = 0; i < l.geoms.size(); ++i) {
      const auto& g = l.geoms[i];
      if (GEOSGeomTypeId_r(h, g.get()) != GEOS_POINT) continue;
      if (cat >= 0) dict.add(l.values[i][cat]);
      double x, y;
      GEOSGeomGetX_r(h, g.get(), &x);
      GEOSGeomGetY_r(h, g.get(), &y);
      ps.x.push_back(x);
      ps.y.push_back(y);
    }
    return ps;
  }
  GdalErrorCollector errs;
  DatasetPtr ds = open_dataset(path, errs);
  OGRLayerH ol = lname.empty() ? GDALDatasetGetLayer(ds.get(), 0)
                               : GDALDatasetGetLayerByName(ds.get(), lname.c_str());
  if (!ol) throw Error(path + ": no layer named '" + lname + "'");
  ps.report.source = path;
  ps.report.layer = OGR_L_GetName(ol);
  src_crs = layer_crs(ol);
  if (src_crs.empty()) src_crs = opts.fallback_crs;
  if (src_crs.empty())
    throw Error(path + ": layer '" + ps.report.layer + "' declares no CRS; give one (--src-crs)");
  // Only the geometry is needed: skip attribute decoding.
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(ol);
  std::vector<std::string> names;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
    names.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  int cat = -1;
  if (!opts.category_field.empty()) {
    cat = OGR_FD_GetFieldIndex(defn, opts.category_field.c_str());
    if (cat < 0)
      throw Error(path + ": layer '" + ps.report.layer + "' has no field named '" +
                  opts.category_field + "'");
  }
  std::vector<const char*> ignored;
  for (int i = 0; i < static_cast<int>(names.size()); ++i)
    if (i != cat) ignored.push_back(names[i].c_str());
  ignored.push_back(nullptr);
  OGR_L_SetIgnoredFields(ol, ignored.data());
  const GIntBig count = OGR_L_GetFeatureCount(ol, FALSE);
  if (count > 0) {
    ps.x.reserve(static_cast<size_t>(count));
    ps.y.reserve(static_cast<size_t>(count));
  }
  size_t rejected = 0;
  CategoryDict dict(ps);
  OGR_L_ResetReading(ol);
  while (FeaturePtr f{OGR_L_GetNextFeature(ol)}) {
    ++ps.report.features_read;
    OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
    if (!g) {
      ++ps.report.null_skipped;
      continue;
    }
    if (OGR_G_IsEmpty(g)) {
      ++ps.report.empty_skipped;
      continue;
    }
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    const char* value = cat >= 0 ? OGR_F_GetFieldAsString(f.get(), cat) : nullptr;
    if (t == wkbPoint) {
      ps.x.push_back(OGR_G_GetX(g, 0));
      ps.y.push_back(OGR_G_GetY(g, 0));
      if (value) dict.add(value);
    } else if (t == wkbMultiPoint) {
      for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
        OGRGeometryH p = OGR_G_GetGeometryRef(g, i);
        ps.x.push_back(OGR_G_GetX(p, 0));
        ps.y.push_back(OGR_G_GetY(p, 0));
        if (value) dict.add(value);
      }
    } else {
      ++rejected;
      continue;
    }
    if (OGR_G_Is3D(g) || OGR_G_IsMeasured(g)) ++ps.report.zm_dropped;
  }
  if (rejected) ps.report.notes.push_back(std::to_string(rejected) + " non-point features skipped");
  const TransformLease t = borrow_transform(src_crs, opts.map_crs);
  ps.report.reproject_failed = t->transform(ps.x.data(), ps.y.data(), ps.size());
  ps.report.loaded = ps.size() - ps.report.reproject_failed;
  return ps;
}

}  // namespace biodash
