#pragma once
// Coordinate reference systems and transformations through PROJ.
// Axis order is always normalised for visualisation: x = longitude/easting,
// y = latitude/northing, also for EPSG:4326.
#include <proj.h>

#include <memory>
#include <string>

#include "core/geos_handle.hpp"

namespace biodash {

inline constexpr const char* kDefaultMapCrs = "EPSG:28992";  // RD New, metres

// A transformation from one CRS to another. Each instance owns its own PJ_CONTEXT, so an
// instance may be used by one thread at a time; make one per thread for parallel work.
class CrsTransform {
 public:
  // `from` and `to`: anything proj_create accepts ("EPSG:4326", WKT, PROJJSON, PROJ string).
  // Throws Error naming both CRSs and carrying PROJ's message.
  CrsTransform(const std::string& from, const std::string& to);
  ~CrsTransform();
  CrsTransform(const CrsTransform&) = delete;
  CrsTransform& operator=(const CrsTransform&) = delete;

  // Transforms n coordinate pairs in place (x[i], y[i]). Points that fail become
  // +inf (never silently left untransformed); returns how many failed.
  size_t transform(double* x, double* y, size_t n) const;
  // Returns a transformed copy of g (2D). Throws Error on failure.
  GeomPtr transform(const GEOSGeometry* g) const;
  // True when source and target are the same CRS (transform is a no-op).
  bool identity() const { return identity_; }
  // Human-readable description of the chosen operation (for docs/messages).
  std::string operation_name() const;

 private:
  PJ_CONTEXT* ctx_ = nullptr;
  PJ* pj_ = nullptr;
  bool identity_ = false;
};

// Short name for a CRS definition: "EPSG:28992" when it has an EPSG code, else its name.
// Returns "" if PROJ cannot parse it.
std::string crs_short_name(const std::string& definition);
// True when PROJ can parse the definition as a CRS.
bool crs_valid(const std::string& definition);

}  // namespace biodash
