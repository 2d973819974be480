#pragma once
// CPU-side geometry for the GPU: polygons triangulated with GEOS constrained Delaunay
// (holes and multipolygons respected), polygon rings and lines as segment pairs, points.
// Built off the render thread; vertices are float offsets from `origin` (map CRS units), so
// RD New coordinates keep centimetre precision in 32-bit floats.
#include <cstdint>
#include <vector>

#include "core/layer.hpp"

namespace biodash {

struct Mesh {
  double origin_x = 0, origin_y = 0;    // map CRS; vertex = origin + (vx, vy)
  std::vector<float> fill_xy;           // triangles, 3 vertices (6 floats) each
  std::vector<uint32_t> fill_feature;   // feature index per fill vertex
  std::vector<float> line_xy;           // GL_LINES segments, 2 vertices each
  std::vector<uint32_t> line_feature;   // feature index per line vertex
  std::vector<float> point_xy;          // one vertex per point
  std::vector<uint32_t> point_feature;  // feature index per point (empty when point_identity)
  bool point_identity = false;          // point i is feature i (a store-backed layer):
                                        // no index per point, here or on the GPU
  size_t n_features = 0;
  size_t failed_triangulations = 0;  // polygons GEOS could not triangulate (outlined only)
};

// Builds the mesh from layer.geoms (map CRS); for a store-backed layer one point per store row
// straight from its columns (point_identity; a point PROJ cannot place into the map CRS gets
// infinite coordinates and is never drawn or picked). Thread-safe for distinct layers.
Mesh build_mesh(const Layer& layer);

// Triangulates one polygonal geometry (Polygon/MultiPolygon) and appends triangle vertices
// (absolute coordinates, x,y pairs) to `out`. Returns false when GEOS fails.
bool triangulate_polygonal(const GEOSGeometry* g, std::vector<double>& out);

// Sum of |area| of the triangles in a flat x,y triangle list.
double triangles_area(const std::vector<double>& xy);

}  // namespace biodash
