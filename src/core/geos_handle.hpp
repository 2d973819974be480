#pragma once
// RAII owners for GEOS C-API handles. One GEOS context per thread (geos_ctx()), created on
// first use and destroyed at thread exit; its error/notice handlers store the last message so
// errors can carry GEOS's own text. GEOS geometries are plain heap objects: they may be created
// on one thread and used or destroyed on another, but never concurrently — not even for
// read-only calls, because GEOS fills derived data (envelopes, indexes) lazily and without
// locks. A worker thread gets its own clone(); layers warm their envelopes when placed
// (warm_caches) so that the GUI's read-only picking and a mesh build do not race on them.
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
// Computes and caches the envelopes of g and all its parts and rings now, on this thread.
void warm_caches(const GEOSGeometry* g);
// WKT, for messages and tests.
std::string to_wkt(const GEOSGeometry* g, int precision = 6);
// Parses WKT; throws Error with GEOS's message.
GeomPtr from_wkt(const std::string& wkt);

}  // namespace biodash
