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

// A transformation borrowed from a process-wide pool. Creating a CrsTransform costs tens of
// milliseconds (PROJ opens its database and searches the candidate operations); every chunk
// of every file read needs one, so finished ones are kept and lent again. A lease is used by
// one thread at a time, like the transform itself, and goes back to the pool when it ends.
class TransformLease {
 public:
  TransformLease(TransformLease&&) noexcept = default;
  TransformLease& operator=(TransformLease&&) = delete;
  TransformLease(const TransformLease&) = delete;
  ~TransformLease();
  const CrsTransform& operator*() const { return *t_; }
  const CrsTransform* operator->() const { return t_.get(); }

 private:
  friend TransformLease borrow_transform(const std::string& from, const std::string& to);
  TransformLease(std::string key, std::unique_ptr<CrsTransform> t)
      : key_(std::move(key)), t_(std::move(t)) {}
  std::string key_;
  std::unique_ptr<CrsTransform> t_;
};

// A transform from `from` to `to`, from the pool when one is idle, else newly made (throws
// Error as the CrsTransform constructor does; failures are not cached).
TransformLease borrow_transform(const std::string& from, const std::string& to);
// How many transforms the pool has made since start (for tests of reuse).
size_t transforms_created();

// Short name for a CRS definition: "EPSG:28992" when it has an EPSG code, else its name.
// Returns "" if PROJ cannot parse it.
std::string crs_short_name(const std::string& definition);
// True when PROJ can parse the definition as a CRS.
bool crs_valid(const std::string& definition);

}  // namespace biodash
