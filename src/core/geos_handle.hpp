#pragma once
// RAII owners for GEOS C-API handles. One GEOS context per thread (geos_ctx()), created on
// first use and destroyed at thread exit; its error/notice handlers store the last message so
// errors can carry GEOS's own text. GEOS geometries are plain heap objects: they may be created
// on one thread and used or destroyed on another, but never concurrently.
#include <geos_c.h>

#include <memory>
#include <string>

#include "core/envelope.hpp"

namespace biodash {

// The calling thread's GEOS context (never null).
GEOSContextHandle_t geos_ctx();
// The last error/notice message GEOS reported on this thread ("" if none).
std::string geos_last_error();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* g) const;
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct STRtreeDeleter {
  void operator()(GEOSSTRtree* t) const;
};
using STRtreePtr = std::unique_ptr<GEOSSTRtree, STRtreeDeleter>;

// Deep copy.
GeomPtr clone(const GEOSGeometry* g);
// Envelope of a geometry (empty Envelope for an empty geometry).
Envelope envelope_of(const GEOSGeometry* g);
// WKT, for messages and tests.
std::string to_wkt(const GEOSGeometry* g, int precision = 6);
// Parses WKT; throws Error with GEOS's message.
GeomPtr from_wkt(const std::string& wkt);

}  // namespace biodash
