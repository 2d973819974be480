#include "core/geos_handle.hpp"

#include <cstdarg>
#include <cstdio>

#include "core/error.hpp"

namespace biodash {
namespace {

struct ThreadGeos {
  GEOSContextHandle_t ctx = nullptr;  // this thread's context
  std::string last_error;             // last message from GEOS's handlers

  ThreadGeos() {
    ctx = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(ctx, &ThreadGeos::on_message, this);
    GEOSContext_setNoticeMessageHandler_r(ctx, &ThreadGeos::on_message, this);
  }
  ~ThreadGeos() { GEOS_finish_r(ctx); }

  static void on_message(const char* msg, void* user) {
    static_cast<ThreadGeos*>(user)->last_error = msg ? msg : "";
  }
};

ThreadGeos& thread_geos() {
  thread_local ThreadGeos g;
  return g;
}

}  // namespace

GEOSContextHandle_t geos_ctx() {
  return thread_geos().ctx;
}
std::string geos_last_error() {
  return thread_geos().last_error;
}

void GeomDeleter::operator()(GEOSGeometry* g) const {
  if (g) GEOSGeom_destroy_r(geos_ctx(), g);
}
void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const {
  if (g) GEOSPreparedGeom_destroy_r(geos_ctx(), g);
}
void STRtreeDeleter::operator()(GEOSSTRtree* t) const {
  if (t) GEOSSTRtree_destroy_r(geos_ctx(), t);
}

GeomPtr clone(const GEOSGeometry* g) {
  if (!g) return nullptr;
  GeomPtr c(GEOSGeom_clone_r(geos_ctx(), g));
  if (!c) throw Error("GEOS clone failed: " + geos_last_error());
  return c;
}

Envelope envelope_of(const GEOSGeometry* g) {
  Envelope e;
  if (!g || GEOSisEmpty_r(geos_ctx(), g)) return e;
  double minx, miny, maxx, maxy;
  if (GEOSGeom_getXMin_r(geos_ctx(), g, &minx) && GEOSGeom_getYMin_r(geos_ctx(), g, &miny) &&
      GEOSGeom_getXMax_r(geos_ctx(), g, &maxx) && GEOSGeom_getYMax_r(geos_ctx(), g, &maxy)) {
    e.expand(minx, miny);
    e.expand(maxx, maxy);
  }
  return e;
}

void warm_caches(const GEOSGeometry* g) {
  GEOSContextHandle_t h = geos_ctx();
  if (!g || GEOSisEmpty_r(h, g)) return;
  double v;
  GEOSGeom_getXMin_r(h, g, &v);  // fills the cached envelope
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    GEOSGeom_getXMin_r(h, GEOSGetExteriorRing_r(h, g), &v);
    for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i)
      GEOSGeom_getXMin_r(h, GEOSGetInteriorRingN_r(h, g, i), &v);
  } else if (type == GEOS_MULTIPOINT || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON ||
             type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) warm_caches(GEOSGetGeometryN_r(h, g, i));
  }
}

std::string to_wkt(const GEOSGeometry* g, int precision) {
  if (!g) return "NULL";
  GEOSContextHandle_t h = geos_ctx();
  GEOSWKTWriter* w = GEOSWKTWriter_create_r(h);
  GEOSWKTWriter_setRoundingPrecision_r(h, w, precision);
  GEOSWKTWriter_setTrim_r(h, w, 1);
  char* s = GEOSWKTWriter_write_r(h, w, g);
  std::string out = s ? s : "";
  GEOSFree_r(h, s);
  GEOSWKTWriter_destroy_r(h, w);
  return out;
}

GeomPtr from_wkt(const std::string& wkt) {
  GEOSContextHandle_t h = geos_ctx();
  GEOSWKTReader* r = GEOSWKTReader_create_r(h);
  GeomPtr g(GEOSWKTReader_read_r(h, r, wkt.c_str()));
  GEOSWKTReader_destroy_r(h, r);
  if (!g) throw Error("cannot parse WKT: " + geos_last_error());
  return g;
}

}  // namespace biodash
