#pragma once
// Point-in-polygon aggregation: GEOS prepared geometries behind an STRtree.
// Boundary rule: a point counts in a polygon only when the polygon *contains* it (GEOS
// `contains`, same as PostGIS ST_Contains): a point exactly on an edge or vertex counts in no
// polygon; a point in a hole counts in none. Overlapping polygons each count the point.
#include <cstdint>
#include <vector>

#include "core/geos_handle.hpp"

namespace biodash {

struct AggregateOptions {
  unsigned threads = 0;  // 0 = hardware concurrency
};

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
