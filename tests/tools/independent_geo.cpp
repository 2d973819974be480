#include "independent_geo.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>

namespace demotest {

GEOSContextHandle_t ctx() {
  static GEOSContextHandle_t h = GEOS_init_r();
  return h;
}

Geom& Geom::operator=(Geom&& o) noexcept {
  if (this != &o) {
    if (g) GEOSGeom_destroy_r(ctx(), g);
    g = o.g;
    o.g = nullptr;
  }
  return *this;
}

Geom::~Geom() {
  if (g) GEOSGeom_destroy_r(ctx(), g);
}

namespace {

Geom from_ogr(OGRGeometryH og) {
  const size_t n = OGR_G_WkbSize(og);
  std::vector<unsigned char> wkb(n);
  OGR_G_ExportToIsoWkb(og, wkbNDR, wkb.data());
  GEOSWKBReader* r = GEOSWKBReader_create_r(ctx());
  Geom g(GEOSWKBReader_read_r(ctx(), r, wkb.data(), n));
  GEOSWKBReader_destroy_r(ctx(), r);
  return g;
}

}  // namespace

std::vector<std::string> layer_names(const std::string& path) {
  GDALAllRegister();
  std::vector<std::string> out;
  GDALDatasetH ds =
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << path << ": " << CPLGetLastErrorMsg();
  if (!ds) return out;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i)
    out.push_back(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  GDALClose(ds);
  return out;
}

std::string layer_epsg(const std::string& path, const std::string& layer) {
  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) return "";
  std::string code;
  OGRLayerH l = GDALDatasetGetLayerByName(ds, layer.c_str());
  OGRSpatialReferenceH srs = l ? OGR_L_GetSpatialRef(l) : nullptr;
  if (srs) {
    const char* c = OSRGetAuthorityCode(srs, nullptr);
    if (c) code = c;
  }
  GDALClose(ds);
  return code;
}

std::vector<Feature> read_ogr_layer(const std::string& path, const std::string& layer) {
  GDALAllRegister();
  std::vector<Feature> out;
  GDALDatasetH ds =
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << path << ": " << CPLGetLastErrorMsg();
  if (!ds) return out;
  OGRLayerH l =
      layer.empty() ? GDALDatasetGetLayer(ds, 0) : GDALDatasetGetLayerByName(ds, layer.c_str());
  EXPECT_NE(l, nullptr) << path << ": no layer " << layer;
  if (l) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != nullptr) {
      Feature x;
      for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        x.attr[OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))] =
            OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
      if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) x.geom = from_ogr(g);
      out.push_back(std::move(x));
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  return out;
}

void wgs84_to_rd(std::vector<double>& x, std::vector<double>& y) {
  PJ_CONTEXT* c = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(c, "EPSG:4326", "EPSG:28992", nullptr);
  ASSERT_NE(raw, nullptr) << proj_context_errno_string(c, proj_context_errno(c));
  PJ* pj = proj_normalize_for_visualization(c, raw);  // lon, lat order
  proj_destroy(raw);
  ASSERT_NE(pj, nullptr);
  proj_trans_generic(pj, PJ_FWD, x.data(), sizeof(double), x.size(), y.data(), sizeof(double),
                     y.size(), nullptr, 0, 0, nullptr, 0, 0);
  proj_destroy(pj);
  proj_context_destroy(c);
}

Geom cbs_gemeente_rd(const std::string& statcode) {
  const std::string f =
      std::string(BIODASH_SOURCE_DIR) + "/data/leiden/leiden_region_gemeenten_2024.geojson";
  for (Feature& g : read_ogr_layer(f, "")) {
    if (g.attr["statcode"] != statcode) continue;
    // Transform every coordinate through WKT text: simple and independent of biodash.
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx());
    GEOSWKTWriter_setRoundingPrecision_r(ctx(), w, 9);
    char* wkt = GEOSWKTWriter_write_r(ctx(), w, g.geom.g);
    std::string s = wkt;
    GEOSFree_r(ctx(), wkt);
    GEOSWKTWriter_destroy_r(ctx(), w);
    // Collect the numbers, transform pairs, write them back.
    std::vector<double> xs, ys;
    std::string out, head = s.substr(0, s.find('('));
    const char* p = s.c_str() + head.size();
    std::string skeleton;  // s with each coordinate pair replaced by '@'
    while (*p) {
      if (*p == '-' || (*p >= '0' && *p <= '9')) {
        char* e;
        xs.push_back(std::strtod(p, &e));
        ys.push_back(std::strtod(e, &e));
        p = e;
        skeleton += '@';
      } else {
        skeleton += *p++;
      }
    }
    wgs84_to_rd(xs, ys);
    out = head;
    size_t k = 0;
    for (char c : skeleton) {
      if (c == '@') {
        out += std::to_string(xs[k]) + " " + std::to_string(ys[k]);
        ++k;
      } else {
        out += c;
      }
    }
    GEOSWKTReader* r = GEOSWKTReader_create_r(ctx());
    Geom rd(GEOSWKTReader_read_r(ctx(), r, out.c_str()));
    GEOSWKTReader_destroy_r(ctx(), r);
    EXPECT_NE(rd.g, nullptr) << out;
    return rd;
  }
  ADD_FAILURE() << "no gemeente " << statcode;
  return Geom();
}

bool contains_xy(const GEOSPreparedGeometry* p, double x, double y) {
  GEOSCoordSequence* cs = GEOSCoordSeq_create_r(ctx(), 1, 2);
  GEOSCoordSeq_setXY_r(ctx(), cs, 0, x, y);
  GEOSGeometry* pt = GEOSGeom_createPoint_r(ctx(), cs);
  const bool in = GEOSPreparedContains_r(ctx(), p, pt) == 1;
  GEOSGeom_destroy_r(ctx(), pt);
  return in;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  size_t a = 0;
  for (;;) {
    size_t b = line.find('\t', a);
    out.push_back(line.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) return out;
    a = b + 1;
  }
}

}  // namespace demotest
