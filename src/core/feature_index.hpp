#pragma once
// Which features may lie near a point: per-feature envelopes in a uniform grid (CSR buckets),
// built once per placed layer on a worker and queried on every mouse move (hover tooltip,
// click). Before, picking tested every feature's envelope per move; at a million observation
// points that was a million tests a frame.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/envelope.hpp"
#include "core/mesh.hpp"

namespace biodash {

class FeatureIndex {
 public:
  FeatureIndex() = default;
  // One envelope per feature (empty envelopes: features without geometry, never returned).
  explicit FeatureIndex(std::vector<Envelope> bounds);
  // The points of a point mesh (Mesh::point_identity: point i is feature i), read from the
  // mesh it shares: 4 bytes per point (its id in a grid cell) instead of an envelope each.
  // Points with non-finite coordinates are never returned.
  explicit FeatureIndex(std::shared_ptr<const Mesh> points);

  size_t size() const { return points_ ? points_->point_xy.size() / 2 : bounds_.size(); }
  // Feature f's envelope (a point's is the point itself; empty for features without geometry).
  Envelope bounds(uint32_t f) const;
  // Appends to `out` (cleared first) the features whose envelope intersects the rectangle
  // [x0, x1] x [y0, y1] (closed), each once, in descending feature order (the topmost drawn
  // feature first, as picking wants).
  void query(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const;
  size_t bytes() const;

 private:
  std::vector<Envelope> bounds_;        // per feature (empty in the points mode)
  std::shared_ptr<const Mesh> points_;  // the points mode: feature i = point i of the mesh
  Envelope extent_;                     // of all non-empty envelopes
  int nx_ = 0, ny_ = 0;                 // grid cells
  double cw_ = 1, ch_ = 1;              // cell width, height
  std::vector<uint32_t> offset_;        // per cell, into items_ (nx * ny + 1)
  std::vector<uint32_t> items_;         // feature ids, ascending per cell
  std::vector<uint32_t> large_;         // features spanning too many cells: always candidates
  void build(size_t n_features);        // the grid over extent_ (set) from bounds(f)
  void cell_range(double x0, double y0, double x1, double y1, int& cx0, int& cy0, int& cx1,
                  int& cy1) const;
};

}  // namespace biodash
