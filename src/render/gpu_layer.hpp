#pragma once
// A map layer on the GPU (internal to the renderer): its primitive streams, per-feature
// texture buffers, the day index that lays point vertices out by random stratum and day, and
// the point pass that draws a day window within the point budget. GL thread only.
#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "render/gl_handle.hpp"
#include "render/map_renderer.hpp"

namespace biodash {

// One primitive stream of a mesh on the GPU: positions + feature indices in a VAO.
struct GpuStream {
  gl::VertexArray vao;   // attribute 0: vec2 offset, attribute 1: uint feature
  gl::Buffer positions;  // float x,y per vertex
  gl::Buffer features;   // uint32 per vertex
  GLsizei count = 0;     // vertices

  // identity: vertex i is feature i (Mesh::point_identity): no feature buffer at all, the
  // shader takes gl_VertexID.
  void upload(const std::vector<float>& xy, const std::vector<uint32_t>& feature,
              bool identity = false) {
    const size_t n = xy.size() / 2;
    if (identity || feature.size() >= n) {
      upload(xy.data(), identity ? nullptr : feature.data(), n);
      return;
    }
    // A mesh with fewer feature entries than vertices gets feature 0 for the rest.
    std::vector<uint32_t> padded = feature;
    padded.resize(n, 0);
    upload(xy.data(), padded.data(), n);
  }
  // n vertices: xy (2n floats) and their features (nullptr: vertex i is feature i).
  void upload(const float* xy, const uint32_t* feature, size_t n) {
    count = static_cast<GLsizei>(n);
    if (count == 0) {
      *this = GpuStream{};
      return;
    }
    if (!vao) {
      vao = gl::VertexArray::create();
      positions = gl::Buffer::create();
    }
    glBindVertexArray(vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, positions.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count) * 2 * sizeof(float), xy,
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    if (feature == nullptr) {
      features.reset();
      glDisableVertexAttribArray(1);
      glVertexAttribI4ui(1, 0, 0, 0, 0);
    } else {
      if (!features) features = gl::Buffer::create();
      glBindBuffer(GL_ARRAY_BUFFER, features.get());
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count) * sizeof(uint32_t), feature,
                   GL_STATIC_DRAW);
      glEnableVertexAttribArray(1);
      glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
  bool identity() const { return count > 0 && !features; }
  // Draws vertices [first, first + n) as GL_POINTS with this stream's VAO bound, as a draw
  // from vertex 0 of attribute pointers moved to `first`: a software renderer (llvmpipe) sizes
  // its vertex storage by the highest vertex of a draw, not by the vertices drawn, so a range
  // at the end of ten million vertices would cost as much as drawing them all.
  void draw_range(GLint first, GLsizei n) const {
    if (n <= 0) return;
    if (first == 0 || !features) {  // identity streams keep gl_VertexID = feature
      glDrawArrays(GL_POINTS, first, n);
      return;
    }
    glBindBuffer(GL_ARRAY_BUFFER, positions.get());
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0,
                          reinterpret_cast<const void*>(static_cast<uintptr_t>(first) * 8));
    glBindBuffer(GL_ARRAY_BUFFER, features.get());
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0,
                           reinterpret_cast<const void*>(static_cast<uintptr_t>(first) * 4));
    glDrawArrays(GL_POINTS, 0, n);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, positions.get());
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
  // Reads the vertices back from the GL buffers (features: vertex numbers when identity).
  void read_back(std::vector<float>& xy, std::vector<uint32_t>& feature) const {
    const size_t n = static_cast<size_t>(count);
    xy.resize(2 * n);
    feature.resize(n);
    if (n == 0) return;
    glBindBuffer(GL_ARRAY_BUFFER, positions.get());
    glGetBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(n * 2 * sizeof(float)),
                       xy.data());
    if (features) {
      glBindBuffer(GL_ARRAY_BUFFER, features.get());
      glGetBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(n * sizeof(uint32_t)),
                         feature.data());
    } else {
      for (size_t v = 0; v < n; ++v) feature[v] = static_cast<uint32_t>(v);
    }
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
};

// A per-feature texture buffer: one texel of `format` (texel_bytes wide) per feature.
struct GpuTexBuffer {
  gl::Buffer buffer;    // the texels
  gl::Texture texture;  // GL_TEXTURE_BUFFER view of `buffer`
  size_t count = 0;     // texels

  void upload(const void* texels, size_t n_texels, size_t texel_bytes, GLenum format,
              GLenum usage = GL_STATIC_DRAW) {
    if (!buffer) {
      buffer = gl::Buffer::create();
      texture = gl::Texture::create();
    }
    // Never zero-sized: a 1-texel zero buffer when empty (the shaders bounds-check `count`
    // through textureSize or the use_* uniforms).
    static const uint8_t kNone[16] = {};
    const void* data = n_texels == 0 ? kNone : texels;
    const size_t n = n_texels == 0 ? 1 : n_texels;
    count = n_texels;
    glBindBuffer(GL_TEXTURE_BUFFER, buffer.get());
    glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(n * texel_bytes), data, usage);
    glBindBuffer(GL_TEXTURE_BUFFER, 0);
    glBindTexture(GL_TEXTURE_BUFFER, texture.get());
    glTexBuffer(GL_TEXTURE_BUFFER, format, buffer.get());
    glBindTexture(GL_TEXTURE_BUFFER, 0);
  }
  void upload(const std::vector<uint32_t>& rgba) {
    // Choropleth colours change with every re-classification.
    upload(rgba.data(), rgba.size(), sizeof(uint32_t), GL_RGBA8, GL_DYNAMIC_DRAW);
  }
};
using GpuColors = GpuTexBuffer;

// Day index of a point layer with attributes: its point vertices laid out again on the GPU
// in day order (counting sort, stable, so the mesh's order holds within a day), with where each
// day starts, so a day window draws contiguous vertex ranges instead of every point: a one-year
// window over ten years of records processes a tenth of the vertices. The shader still tests
// the exact window; the ranges only leave out points it would cull (unknown days under a
// window, days outside the window's whole days). Vertices whose feature has no attributes go
// last, outside every range.
//
// Contiguous vertex ranges, not an element buffer: a software renderer (llvmpipe) sizes its
// per-draw vertex storage by the span of the indices drawn, so day-ordered indices over ten
// million vertices cost half a gigabyte whatever their number (measured, docs/performance.md).
//
// Level of detail: the vertices are first dealt into kStrata strata by a hash of their feature
// (each stratum a uniform random sample of 1/kStrata of the points, the same every frame),
// each stratum day-ordered on its own. When a frame would draw more than the point budget,
// only the first m strata are drawn: a uniform m/kStrata sample, so that a software renderer
// (where every point costs CPU time and binning memory) stays responsive at ten million
// observations. Every number on the map still counts every record.
struct DayIndex {
  static constexpr size_t kStrata = 64;
  static constexpr int64_t kMaxSlots = (int64_t(1) << 24) / int64_t(kStrata);  // ~700 years
  int64_t first_day = 0;        // day of slot 1 (slot 0: unknown days)
  size_t slots = 0;             // 1 + days covered
  std::vector<GLsizei> starts;  // starts[s * slots + k]: first vertex of slot k of stratum s;
                                // back(): vertices with attributes (the rest follow)
  bool ok() const { return !starts.empty(); }

  static size_t stratum_of(uint32_t f) {  // splitmix64 finaliser: uniform, deterministic
    uint64_t z = static_cast<uint64_t>(f) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<size_t>((z ^ (z >> 31)) % kStrata);
  }

  // Lays out the stream's vertices by stratum and day of their feature (`fday`: NaN or
  // infinite = unknown) and uploads them again. Returns the bytes uploaded; leaves the stream
  // as it is (ok() false) when the days span too long.
  size_t build(GpuStream& stream, const std::vector<float>& fday) {
    starts.clear();
    std::vector<float> xy;
    std::vector<uint32_t> feat;
    stream.read_back(xy, feat);
    const size_t n = feat.size();
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (uint32_t f : feat) {
      if (f >= fday.size() || !std::isfinite(fday[f])) continue;
      const int64_t d = static_cast<int64_t>(std::floor(static_cast<double>(fday[f])));
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    if (lo > hi) lo = hi = 0;               // no known day: only the unknown slot is used
    if (hi - lo + 2 > kMaxSlots) return 0;  // too wide: every vertex is drawn, no sampling
    first_day = lo;
    slots = static_cast<size_t>(hi - lo + 2);
    // Bucket of a vertex: stratum * slots + slot; kStrata * slots: no attributes (last).
    const size_t none = kStrata * slots;
    auto bucket = [&](uint32_t f) -> size_t {
      if (f >= fday.size()) return none;
      const size_t k =
          std::isfinite(fday[f])
              ? static_cast<size_t>(
                    1 + static_cast<int64_t>(std::floor(static_cast<double>(fday[f]))) - first_day)
              : 0;
      return stratum_of(f) * slots + k;
    };
    starts.assign(none + 2, 0);
    for (uint32_t f : feat) ++starts[bucket(f) + 1];
    for (size_t i = 1; i < starts.size(); ++i) starts[i] += starts[i - 1];
    std::vector<float> out_xy(2 * n);
    std::vector<uint32_t> out_feat(n);
    {
      std::vector<GLsizei> next(starts.begin(), starts.end() - 1);
      for (size_t v = 0; v < n; ++v) {
        const size_t to = static_cast<size_t>(next[bucket(feat[v])]++);
        out_xy[2 * to] = xy[2 * v];
        out_xy[2 * to + 1] = xy[2 * v + 1];
        out_feat[to] = feat[v];
      }
    }
    starts.pop_back();  // back(): the first vertex without attributes
    xy = {};
    feat = {};
    stream.upload(out_xy.data(), out_feat.data(), n);
    return n * (2 * sizeof(float) + sizeof(uint32_t));
  }

  // The slots [a, b) holding every point whose day lies in [from, to] (a bound that is not
  // finite is open); with no window at all, every slot including the unknown days.
  std::pair<size_t, size_t> slot_range(float from, float to) const {
    if (!std::isfinite(from) && !std::isfinite(to)) return {0, slots};
    auto slot_at = [&](double day) -> size_t {  // first slot with whole day >= floor(day)
      const double k = std::floor(day) - static_cast<double>(first_day) + 1.0;
      return static_cast<size_t>(std::clamp(k, 1.0, static_cast<double>(slots)));
    };
    const size_t a = std::isfinite(from) ? slot_at(from) : 1;
    const size_t b = std::isfinite(to) ? slot_at(std::floor(static_cast<double>(to)) + 1.0) : slots;
    return {a, std::max(a, b)};
  }
  // Vertices [first, first + count) of stratum s in slots [a, b).
  std::pair<GLsizei, GLsizei> run(size_t s, size_t a, size_t b) const {
    const GLsizei first = starts[s * slots + a];
    return {first, starts[s * slots + b] - first};
  }
};

struct GpuLayer {
  double origin_x = 0, origin_y = 0;      // mesh origin, map CRS
  GpuStream fill;                         // triangles
  GpuStream lines;                        // segments (polygon rings and lines)
  GpuStream points;                       // points
  GpuColors colors;                       // per-feature fill colours
  GpuTexBuffer flags;                     // per-feature hatch flags, R8
  GpuTexBuffer attributes;                // per-feature (day, group), RG32F
  int64_t highlight = -1;                 // highlighted feature, -1 none
  std::vector<GLint> highlight_vertices;  // its point vertices (find_highlight_vertices)
  // For the day index (kept so new attributes or a new mesh can rebuild it; 4 bytes a point):
  std::vector<float> feature_day;  // day per feature (set_point_attributes; empty: none)
  DayIndex days;                   // built when both are there

  // Draws the points (GL_POINTS, VAO bound by the caller): with a day index, the ranges of
  // its window (or of every day) in as many strata as the point budget allows (0: no
  // budget); without one, every vertex. Returns what it did.
  PointDrawStats draw_points(const LayerStyle& style, size_t budget) const {
    PointDrawStats st;
    if (!days.ok() || attributes.count == 0) {
      st.in_window = st.drawn = static_cast<size_t>(points.count);
      if (budget == 0 || st.in_window <= budget) {
        glDrawArrays(GL_POINTS, 0, points.count);
        return st;
      }
      // No day index (yet): the head of each of kStrata equal slices of the vertices, spread
      // over the whole layer (a large layer drawn in full even once would cost a software
      // renderer the memory of binning all its points, kept after the frame).
      const size_t slice = (st.in_window + DayIndex::kStrata - 1) / DayIndex::kStrata;
      const size_t head = std::max<size_t>(1, budget / DayIndex::kStrata);
      st.drawn = 0;
      st.strata_drawn = 0;
      for (size_t k = 0; k < DayIndex::kStrata; ++k) {
        const size_t first = k * slice;
        if (first >= st.in_window) break;
        const size_t n = std::min(head, st.in_window - first);
        points.draw_range(static_cast<GLint>(first), static_cast<GLsizei>(n));
        st.drawn += n;
      }
      return st;
    }
    const auto [a, b] = days.slot_range(style.day_from, style.day_to);
    for (size_t s = 0; s < DayIndex::kStrata; ++s)
      st.in_window += static_cast<size_t>(days.run(s, a, b).second);
    size_t m = DayIndex::kStrata;
    if (budget > 0 && st.in_window > budget)
      m = std::max<size_t>(1, DayIndex::kStrata * budget / st.in_window);
    st.strata_drawn = m;
    // One draw per stratum's range; ranges that touch (no window: whole strata) merged.
    GLsizei first = 0, count = 0;
    for (size_t s = 0; s < m; ++s) {
      const auto [f, c] = days.run(s, a, b);
      st.drawn += static_cast<size_t>(c);
      if (c == 0) continue;
      if (count > 0 && first + count == f) {
        count += c;
        continue;
      }
      points.draw_range(first, count);
      first = f;
      count = c;
    }
    points.draw_range(first, count);
    return st;
  }
  // The highlighted feature's point vertices alone.
  void draw_highlight() const {
    for (GLint v : highlight_vertices) points.draw_range(v, 1);
  }
  // Where the highlighted feature's point vertices are now (after a new mesh or layout).
  void find_highlight_vertices() {
    highlight_vertices.clear();
    if (highlight < 0 || points.count == 0) return;
    if (points.identity()) {
      if (highlight < points.count) highlight_vertices.push_back(static_cast<GLint>(highlight));
      return;
    }
    std::vector<float> xy;
    std::vector<uint32_t> feat;
    points.read_back(xy, feat);
    for (size_t v = 0; v < feat.size(); ++v)
      if (feat[v] == static_cast<uint64_t>(highlight)) highlight_vertices.push_back(GLint(v));
  }
  mutable PointDrawStats last;  // of the last frame's draw_points (points, heatmap)
};

// (Re)builds a layer's day index from its point vertices and feature days (laying the
// vertices out again); returns the bytes uploaded.
inline size_t rebuild_days(GpuLayer& l) {
  l.days.starts.clear();
  size_t bytes = 0;
  if (l.points.count > 0 && !l.feature_day.empty()) bytes = l.days.build(l.points, l.feature_day);
  l.find_highlight_vertices();
  return bytes;
}

}  // namespace biodash
