#include "core/feature_index.hpp"

#include <algorithm>
#include <cmath>

namespace biodash {

namespace {
constexpr long kMaxCellsPerFeature = 256;  // larger features go to the always-checked list
}

FeatureIndex::FeatureIndex(std::vector<Envelope> bounds) : bounds_(std::move(bounds)) {
  size_t n = 0;
  for (const Envelope& e : bounds_) {
    if (e.empty()) continue;
    extent_.expand(e);
    ++n;
  }
  build(n);
}

FeatureIndex::FeatureIndex(std::shared_ptr<const Mesh> points) : points_(std::move(points)) {
  if (!points_ || !points_->point_identity) {
    points_.reset();
    return;
  }
  size_t n = 0;
  for (uint32_t f = 0; f < size(); ++f) {
    const Envelope e = bounds(f);
    if (e.empty()) continue;
    extent_.expand(e);
    ++n;
  }
  build(n);
}

Envelope FeatureIndex::bounds(uint32_t f) const {
  if (!points_) return f < bounds_.size() ? bounds_[f] : Envelope{};
  Envelope e;
  if (f >= size()) return e;
  const double x = points_->origin_x + static_cast<double>(points_->point_xy[2 * size_t(f)]);
  const double y = points_->origin_y + static_cast<double>(points_->point_xy[2 * size_t(f) + 1]);
  if (std::isfinite(x) && std::isfinite(y)) e.expand(x, y);
  return e;
}

void FeatureIndex::build(size_t n) {
  if (n == 0) return;
  // About two features per cell, at most 4M cells; cells as square as the extent allows.
  const double w = std::max(extent_.width(), 1e-9), h = std::max(extent_.height(), 1e-9);
  const double cells = std::clamp(static_cast<double>(n) / 2.0, 1.0, 4.0e6);
  nx_ = std::clamp(static_cast<int>(std::ceil(std::sqrt(cells * w / h))), 1, 65536);
  ny_ = std::clamp(static_cast<int>(std::ceil(cells / nx_)), 1, 65536);
  cw_ = w / nx_;
  ch_ = h / ny_;
  offset_.assign(static_cast<size_t>(nx_) * ny_ + 1, 0);
  // Two passes: count per cell, then fill (features ascending within each cell).
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<uint32_t> fill;
    if (pass == 1) {
      for (size_t c = 1; c < offset_.size(); ++c) offset_[c] += offset_[c - 1];
      items_.resize(offset_.back());
      fill.assign(offset_.begin(), offset_.end() - 1);
    }
    for (uint32_t f = 0; f < size(); ++f) {
      const Envelope e = bounds(f);
      if (e.empty()) continue;
      int cx0, cy0, cx1, cy1;
      cell_range(e.minx, e.miny, e.maxx, e.maxy, cx0, cy0, cx1, cy1);
      if (long(cx1 - cx0 + 1) * long(cy1 - cy0 + 1) > kMaxCellsPerFeature) {
        if (pass == 0) large_.push_back(static_cast<uint32_t>(f));
        continue;
      }
      for (int cy = cy0; cy <= cy1; ++cy) {
        for (int cx = cx0; cx <= cx1; ++cx) {
          const size_t c = static_cast<size_t>(cy) * nx_ + cx;
          if (pass == 0)
            ++offset_[c + 1];
          else
            items_[fill[c]++] = static_cast<uint32_t>(f);
        }
      }
    }
  }
}

void FeatureIndex::cell_range(double x0, double y0, double x1, double y1, int& cx0, int& cy0,
                              int& cx1, int& cy1) const {
  auto cx = [&](double x) {
    return std::clamp(static_cast<int>(std::floor((x - extent_.minx) / cw_)), 0, nx_ - 1);
  };
  auto cy = [&](double y) {
    return std::clamp(static_cast<int>(std::floor((y - extent_.miny) / ch_)), 0, ny_ - 1);
  };
  cx0 = cx(x0);
  cx1 = cx(x1);
  cy0 = cy(y0);
  cy1 = cy(y1);
}

void FeatureIndex::query(double x0, double y0, double x1, double y1,
                         std::vector<uint32_t>& out) const {
  out.clear();
  if (nx_ == 0 || !(x0 <= x1 && y0 <= y1)) return;
  auto hits = [&](uint32_t f) {
    const Envelope e = bounds(f);
    return e.minx <= x1 && e.maxx >= x0 && e.miny <= y1 && e.maxy >= y0;
  };
  for (uint32_t f : large_)
    if (hits(f)) out.push_back(f);
  if (x1 >= extent_.minx && x0 <= extent_.maxx && y1 >= extent_.miny && y0 <= extent_.maxy) {
    int cx0, cy0, cx1, cy1;
    cell_range(x0, y0, x1, y1, cx0, cy0, cx1, cy1);
    for (int cy = cy0; cy <= cy1; ++cy) {
      for (int cx = cx0; cx <= cx1; ++cx) {
        const size_t c = static_cast<size_t>(cy) * nx_ + cx;
        for (uint32_t k = offset_[c]; k < offset_[c + 1]; ++k)
          if (hits(items_[k])) out.push_back(items_[k]);
      }
    }
  }
  std::sort(out.begin(), out.end(), std::greater<uint32_t>());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

size_t FeatureIndex::bytes() const {
  return bounds_.capacity() * sizeof(Envelope) +
         (offset_.capacity() + items_.capacity() + large_.capacity()) * sizeof(uint32_t);
}

}  // namespace biodash
