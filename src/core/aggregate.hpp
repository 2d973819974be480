#pragma once
// Point-in-polygon aggregation: GEOS prepared geometries behind an STRtree.
// Boundary rule: a point counts in a polygon only when the polygon *contains* it (GEOS
// `contains`, same as PostGIS ST_Contains): a point exactly on an edge or vertex counts in no
// polygon; a point in a hole counts in none. Overlapping polygons each count the point.
#include <atomic>
#include <cstdint>
#include <vector>

#include "core/geos_handle.hpp"

namespace biodash {

struct AggregateOptions {
  unsigned threads = 0;  // 0 = hardware concurrency
  bool use_grid = true;  // PolygonGrid fast path (exact); false = STRtree for every point
  // assign_points: when set and raised (by another thread), every worker stops within 65,536
  // points and the call throws Cancelled.
  const std::atomic<bool>* stop = nullptr;
};

// Which polygons contain each point, in compressed-row form: the polygons of point i are
// polygon[offset[i] .. offset[i+1]). About 8 bytes per point for one non-overlapping layer.
struct Assignment {
  std::vector<uint32_t> offset;   // size n_points + 1
  std::vector<uint32_t> polygon;  // polygon indices, ascending per point
  size_t n_polygons = 0;          // number of polygons in the layer
  size_t n_points() const { return offset.empty() ? 0 : offset.size() - 1; }
};

// Assigns every point to the polygons that contain it (GEOS prepared `contains` behind an
// STRtree; see the boundary rule above). Runs on opts.threads threads.
Assignment assign_points(const std::vector<const GEOSGeometry*>& polygons, const double* x,
                         const double* y, size_t n, const AggregateOptions& opts = {});

// Points per polygon from an assignment.
std::vector<uint64_t> count_per_polygon(const Assignment& a);
// Distinct values of `category` (e.g. taxon id per point) per polygon.
std::vector<uint64_t> distinct_per_polygon(const Assignment& a,
                                           const std::vector<uint32_t>& category);

// For each polygon (map CRS, same CRS as the points), the number of points it contains.
// Non-polygonal or null entries get 0. Each worker thread builds its own GEOS context,
// prepared geometries and STRtree, so the input geometries are only read.
std::vector<uint64_t> count_points_in_polygons(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n,
                                               const AggregateOptions& opts = {});

// Reference implementation for tests: plain GEOSContains for every (polygon, point) pair.
std::vector<uint64_t> count_points_brute_force(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n);

}  // namespace biodash
