#pragma once
// Layer helpers the GUI runs on worker threads: copying a layer for re-placement, building
// what the map and picking need (mesh, per-feature envelopes), point coordinates for
// aggregation, and finding the feature under the cursor with GEOS.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/feature_index.hpp"
#include "core/layer.hpp"
#include "core/mesh.hpp"

namespace biodash {

// A layer ready for the map: immutable layer plus what was derived from it off the GL thread.
struct PreparedLayer {
  std::shared_ptr<const Layer> layer;            // placed (or unplaced) layer
  std::shared_ptr<const Mesh> mesh;              // null while unplaced
  std::shared_ptr<const FeatureIndex> features;  // per-feature envelopes (map CRS), indexed
};

// Deep copy of everything but `geoms` (source geometries cloned), ready for place_layer.
std::unique_ptr<Layer> copy_unplaced(const Layer& layer);
// Builds mesh and the per-feature envelope index for a placed layer (worker thread).
PreparedLayer prepare(std::shared_ptr<const Layer> layer);
// Copies `layer`, places it into `map_crs` and prepares it (worker thread). Throws Error.
PreparedLayer replace_into(const Layer& layer, const std::string& map_crs);

// The feature of `layer` at map point (x, y): polygons must contain/touch the point, points
// and lines must lie within `tolerance` map units of it (nearest wins). Later features are
// drawn on top, so they are tried first. With `outlines_only` (unfilled polygons) a polygon
// is hit only near its boundary. Only the features `index` finds near the point are tested.
// Returns -1 when nothing is there. GUI thread.
int64_t pick_feature(const Layer& layer, const FeatureIndex& index, double x, double y,
                     double tolerance, bool outlines_only = false);

// Area (polygons) or length (lines) of one feature in map units; 0 for points.
double feature_measure(const Layer& layer, size_t feature, bool& is_area);

}  // namespace biodash
