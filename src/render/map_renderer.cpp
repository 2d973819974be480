// MapRenderer: uploads meshes once, draws fills, outlines, lines and round points per frame.
#include "render/map_renderer.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "render/gl_handle.hpp"
#include "render/shaders.hpp"

namespace biodash {

bool load_gl_functions(GlProcLoader loader) {
  if (loader == nullptr) return false;
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(loader));
  if (version == 0) return false;
  return GLAD_VERSION_MAJOR(version) > 3 ||
         (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) >= 3);
}

namespace {

const std::string& shader_source(const std::string& name) {
  const auto& all = shaders::all();
  auto it = all.find(name);
  if (it == all.end()) throw Error("embedded shader missing: " + name);
  return it->second;
}

gl::Shader compile(GLenum type, const std::string& name) {
  gl::Shader s(glCreateShader(type));
  const char* src = shader_source(name).c_str();
  glShaderSource(s.get(), 1, &src, nullptr);
  glCompileShader(s.get());
  GLint ok = 0;
  glGetShaderiv(s.get(), GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetShaderiv(s.get(), GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
    glGetShaderInfoLog(s.get(), len, nullptr, log.data());
    throw Error("compiling shader " + name + " failed: " + log);
  }
  return s;
}

gl::Program link(const std::string& label,
                 std::initializer_list<std::pair<GLenum, const char*>> parts) {
  gl::Program p = gl::Program::create();
  std::vector<gl::Shader> shaders;
  for (const auto& [type, name] : parts) {
    shaders.push_back(compile(type, name));
    glAttachShader(p.get(), shaders.back().get());
  }
  glLinkProgram(p.get());
  GLint ok = 0;
  glGetProgramiv(p.get(), GL_LINK_STATUS, &ok);
  for (const auto& s : shaders) glDetachShader(p.get(), s.get());
  if (!ok) {
    GLint len = 0;
    glGetProgramiv(p.get(), GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
    glGetProgramInfoLog(p.get(), len, nullptr, log.data());
    throw Error("linking shader program " + label + " failed: " + log);
  }
  return p;
}

// Uniform locations of one program, looked up once.
struct Uniforms {
  GLint mvp = -1;                 // mat4 u_mvp
  GLint color = -1;               // vec4 u_color
  GLint opacity = -1;             // float u_opacity
  GLint use_feature_colors = -1;  // bool u_use_feature_colors
  GLint feature_colors = -1;      // samplerBuffer u_feature_colors
  GLint viewport = -1;            // vec2 u_viewport (lines)
  GLint width = -1;               // float u_width (lines)
  GLint only_feature = -1;        // int u_only_feature (lines, points)
  GLint vertex_is_feature = -1;   // bool u_vertex_is_feature (points, heat)
  GLint size = -1;                // float u_size (points)
  GLint rim_color = -1;           // vec4 u_rim_color (points)
  GLint rim_px = -1;              // float u_rim_px (points)
  GLint use_feature_flags = -1;   // bool u_use_feature_flags (fill)
  GLint feature_flags = -1;       // samplerBuffer u_feature_flags (fill)
  GLint hatch_spacing = -1;       // float u_hatch_spacing (fill)
  GLint hatch_width = -1;         // float u_hatch_width (fill)
  GLint hatch_color = -1;         // vec4 u_hatch_color (fill)
  GLint hatch_fade = -1;          // float u_hatch_fade (fill)
  GLint frag_origin = -1;         // vec2 u_frag_origin (fill)
  GLint has_attributes = -1;      // bool u_has_attributes (points, heat)
  GLint attributes = -1;          // samplerBuffer u_attributes (points, heat)
  GLint window = -1;              // bool u_window (points, heat)
  GLint day_from = -1;            // float u_day_from (points, heat)
  GLint day_to = -1;              // float u_day_to (points, heat)
  GLint hidden_groups = -1;       // int u_hidden_groups (points, heat)
  GLint color_by_group = -1;      // bool u_color_by_group (points)
  GLint group_colors = -1;        // vec4 u_group_colors[16] (points)
  GLint src = -1;                 // sampler2D u_src (heat max reduction)
  GLint offset = -1;              // ivec2 u_offset (heat reduction and colouring)
  GLint region = -1;              // ivec2 u_region (heat reduction)
  GLint density = -1;             // sampler2D u_density (heat colouring)
  GLint max = -1;                 // sampler2D u_max (heat colouring)

  explicit Uniforms(GLuint p) {
    mvp = glGetUniformLocation(p, "u_mvp");
    color = glGetUniformLocation(p, "u_color");
    opacity = glGetUniformLocation(p, "u_opacity");
    use_feature_colors = glGetUniformLocation(p, "u_use_feature_colors");
    feature_colors = glGetUniformLocation(p, "u_feature_colors");
    viewport = glGetUniformLocation(p, "u_viewport");
    width = glGetUniformLocation(p, "u_width");
    only_feature = glGetUniformLocation(p, "u_only_feature");
    vertex_is_feature = glGetUniformLocation(p, "u_vertex_is_feature");
    size = glGetUniformLocation(p, "u_size");
    rim_color = glGetUniformLocation(p, "u_rim_color");
    rim_px = glGetUniformLocation(p, "u_rim_px");
    use_feature_flags = glGetUniformLocation(p, "u_use_feature_flags");
    feature_flags = glGetUniformLocation(p, "u_feature_flags");
    hatch_spacing = glGetUniformLocation(p, "u_hatch_spacing");
    hatch_width = glGetUniformLocation(p, "u_hatch_width");
    hatch_color = glGetUniformLocation(p, "u_hatch_color");
    hatch_fade = glGetUniformLocation(p, "u_hatch_fade");
    frag_origin = glGetUniformLocation(p, "u_frag_origin");
    has_attributes = glGetUniformLocation(p, "u_has_attributes");
    attributes = glGetUniformLocation(p, "u_attributes");
    window = glGetUniformLocation(p, "u_window");
    day_from = glGetUniformLocation(p, "u_day_from");
    day_to = glGetUniformLocation(p, "u_day_to");
    hidden_groups = glGetUniformLocation(p, "u_hidden_groups");
    color_by_group = glGetUniformLocation(p, "u_color_by_group");
    group_colors = glGetUniformLocation(p, "u_group_colors");
    src = glGetUniformLocation(p, "u_src");
    offset = glGetUniformLocation(p, "u_offset");
    region = glGetUniformLocation(p, "u_region");
    density = glGetUniformLocation(p, "u_density");
    max = glGetUniformLocation(p, "u_max");
  }
};

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

// Offscreen targets of the heatmap: level 0 is the density (viewport plus a margin of the
// kernel radius on every side, so kernels of points just off screen still count), levels
// 1.. the 4x4 max reductions of the visible part down to 1x1.
struct HeatTargets {
  int vw = 0, vh = 0, margin = -1;  // what they were made for
  bool ok = false;                  // R32F framebuffers complete
  std::vector<gl::Texture> tex;     // R32F, nearest, no mipmaps
  std::vector<gl::Framebuffer> fbo;
  std::vector<std::array<int, 2>> size;

  void ensure(int w, int h, int m) {
    if (w == vw && h == vh && m == margin) return;
    vw = w;
    vh = h;
    margin = m;
    tex.clear();
    fbo.clear();
    size.clear();
    size.push_back({w + 2 * m, h + 2 * m});
    std::array<int, 2> s{w, h};
    do {
      s = {(s[0] + 3) / 4, (s[1] + 3) / 4};
      size.push_back(s);
    } while (s[0] > 1 || s[1] > 1);
    ok = true;
    for (const auto& sz : size) {
      gl::Texture t = gl::Texture::create();
      glBindTexture(GL_TEXTURE_2D, t.get());
      glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, sz[0], sz[1], 0, GL_RED, GL_FLOAT, nullptr);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
      gl::Framebuffer f = gl::Framebuffer::create();
      glBindFramebuffer(GL_FRAMEBUFFER, f.get());
      glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.get(), 0);
      if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) ok = false;
      tex.push_back(std::move(t));
      fbo.push_back(std::move(f));
    }
    glBindTexture(GL_TEXTURE_2D, 0);
  }
};

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

}  // namespace

// (Re)builds a layer's day index from its point vertices and feature days (laying the
// vertices out again); returns the bytes uploaded.
size_t rebuild_days(GpuLayer& l) {
  l.days.starts.clear();
  size_t bytes = 0;
  if (l.points.count > 0 && !l.feature_day.empty()) bytes = l.days.build(l.points, l.feature_day);
  l.find_highlight_vertices();
  return bytes;
}

struct MapRenderer::Impl {
  gl::Program fill;                        // fill.vert + color.frag
  gl::Program line;                        // line.vert + line.geom + color.frag
  gl::Program point;                       // point.vert + point.frag
  gl::Program heat;                        // point.vert + heat.frag (kernel accumulation)
  gl::Program heat_max;                    // screen.vert + heat_max.frag (max reduction)
  gl::Program heat_color;                  // screen.vert + heat_color.frag (colour map)
  std::unique_ptr<Uniforms> fill_u;        // locations in `fill`
  std::unique_ptr<Uniforms> line_u;        // locations in `line`
  std::unique_ptr<Uniforms> point_u;       // locations in `point`
  std::unique_ptr<Uniforms> heat_u;        // locations in `heat`
  std::unique_ptr<Uniforms> heat_max_u;    // locations in `heat_max`
  std::unique_ptr<Uniforms> heat_color_u;  // locations in `heat_color`
  GpuColors no_colors;                     // bound when a layer has none
  GpuTexBuffer no_texels;                  // bound for flags/attributes when a layer has none
  gl::VertexArray empty_vao;               // full-screen triangles (no attributes)
  HeatTargets heat_targets;                // heatmap offscreen textures
  float max_point_size = 64.0f;            // GL_POINT_SIZE_RANGE upper bound
  size_t uploaded = 0;                     // bytes given to glBufferData by the API calls
  size_t point_budget = 0;                 // set_point_budget (0: none)
  std::array<float, 2> frame_origin{};     // set_frame_origin()

  // One heatmap layer: kernels, max reduction, colouring; ends bound to the caller's
  // framebuffers again (target_draw, target_read).
  void draw_heatmap(const GpuLayer& l, const std::array<float, 16>& mvp, const LayerStyle& style,
                    int vw, int vh, float scale, float opacity, GLuint target_draw,
                    GLuint target_read);
  std::unordered_map<int, GpuLayer> layers;  // by handle
  int next_handle = 1;                       // handles are never reused

  GpuLayer& get(LayerHandle h) {
    auto it = layers.find(h);
    if (it == layers.end()) throw Error("MapRenderer: unknown layer handle " + std::to_string(h));
    return it->second;
  }
};

MapRenderer::MapRenderer() : impl_(std::make_unique<Impl>()) {
  if (glCreateShader == nullptr) {
    throw Error("MapRenderer: GL functions are not loaded (call load_gl_functions first)");
  }
  impl_->fill =
      link("fill", {{GL_VERTEX_SHADER, "fill.vert.glsl"}, {GL_FRAGMENT_SHADER, "fill.frag.glsl"}});
  impl_->line = link("line", {{GL_VERTEX_SHADER, "line.vert.glsl"},
                              {GL_GEOMETRY_SHADER, "line.geom.glsl"},
                              {GL_FRAGMENT_SHADER, "color.frag.glsl"}});
  impl_->point = link(
      "point", {{GL_VERTEX_SHADER, "point.vert.glsl"}, {GL_FRAGMENT_SHADER, "point.frag.glsl"}});
  impl_->fill_u = std::make_unique<Uniforms>(impl_->fill.get());
  impl_->line_u = std::make_unique<Uniforms>(impl_->line.get());
  impl_->heat =
      link("heat", {{GL_VERTEX_SHADER, "point.vert.glsl"}, {GL_FRAGMENT_SHADER, "heat.frag.glsl"}});
  impl_->heat_max = link("heat_max", {{GL_VERTEX_SHADER, "screen.vert.glsl"},
                                      {GL_FRAGMENT_SHADER, "heat_max.frag.glsl"}});
  impl_->heat_color = link("heat_color", {{GL_VERTEX_SHADER, "screen.vert.glsl"},
                                          {GL_FRAGMENT_SHADER, "heat_color.frag.glsl"}});
  impl_->point_u = std::make_unique<Uniforms>(impl_->point.get());
  impl_->heat_u = std::make_unique<Uniforms>(impl_->heat.get());
  impl_->heat_max_u = std::make_unique<Uniforms>(impl_->heat_max.get());
  impl_->heat_color_u = std::make_unique<Uniforms>(impl_->heat_color.get());
  impl_->no_colors.upload({});
  impl_->no_texels.upload(nullptr, 0, 8, GL_RG32F);
  impl_->empty_vao = gl::VertexArray::create();
  GLfloat range[2] = {1.0f, 64.0f};
  glGetFloatv(GL_POINT_SIZE_RANGE, range);
  if (range[1] >= 1.0f) impl_->max_point_size = range[1];
}

std::array<Rgba, 16> LayerStyle::default_group_palette() {
  static const std::array<Rgba, 16> kPalette = [] {
    static constexpr std::array<uint32_t, 16> kHex = {
        0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7,  // Okabe-Ito
        0x332288, 0x117733, 0x44AA99, 0x88CCEE, 0xDDCC77, 0xCC6677, 0xAA4499,  // Tol muted
        0x882255,                                                              // Tol wine
        0x888888};                                                             // other
    std::array<Rgba, 16> p{};
    for (size_t i = 0; i < kHex.size(); ++i) {
      p[i] = Rgba{((kHex[i] >> 16) & 0xff) / 255.0f, ((kHex[i] >> 8) & 0xff) / 255.0f,
                  (kHex[i] & 0xff) / 255.0f, 1.0f};
    }
    return p;
  }();
  return kPalette;
}

MapRenderer::~MapRenderer() = default;

LayerHandle MapRenderer::add_layer(const Mesh& mesh) {
  const LayerHandle h = impl_->next_handle++;
  impl_->layers.emplace(h, GpuLayer{});
  update_layer(h, mesh);
  return h;
}

void MapRenderer::update_layer(LayerHandle h, const Mesh& mesh) {
  GpuLayer& l = impl_->get(h);
  l.origin_x = mesh.origin_x;
  l.origin_y = mesh.origin_y;
  l.fill.upload(mesh.fill_xy, mesh.fill_feature);
  l.lines.upload(mesh.line_xy, mesh.line_feature);
  l.points.upload(mesh.point_xy, mesh.point_feature, mesh.point_identity);
  // Positions (2 floats) and a feature index per vertex of every stream (none for identity
  // points).
  const size_t vertices = (mesh.fill_xy.size() + mesh.line_xy.size() + mesh.point_xy.size()) / 2;
  impl_->uploaded += vertices * (2 * sizeof(float) + sizeof(uint32_t));
  if (mesh.point_identity) impl_->uploaded -= mesh.point_xy.size() / 2 * sizeof(uint32_t);
  // The day index lays out the new point vertices (features past the mesh's feature list are
  // feature 0, as GpuStream::upload pads them).
  impl_->uploaded += rebuild_days(l);
}

void MapRenderer::set_frame_origin(float x, float y) {
  impl_->frame_origin = {x, y};
}

size_t MapRenderer::uploaded_bytes() const {
  return impl_->uploaded;
}

void MapRenderer::set_point_budget(size_t points) {
  impl_->point_budget = points;
}

size_t MapRenderer::point_budget() const {
  return impl_->point_budget;
}

PointDrawStats MapRenderer::point_stats(LayerHandle h) const {
  auto it = impl_->layers.find(h);
  return it == impl_->layers.end() ? PointDrawStats{} : it->second.last;
}

void MapRenderer::remove_layer(LayerHandle h) {
  impl_->layers.erase(h);
}

void MapRenderer::set_feature_colors(LayerHandle h, const std::vector<uint32_t>& rgba) {
  impl_->get(h).colors.upload(rgba);
  impl_->uploaded += rgba.size() * sizeof(uint32_t);
}

void MapRenderer::set_feature_hatch(LayerHandle h, const std::vector<uint8_t>& flags) {
  GpuLayer& l = impl_->get(h);
  // All-zero flags hatch nothing: keep the layer on the plain path.
  const bool any = std::any_of(flags.begin(), flags.end(), [](uint8_t f) { return f != 0; });
  if (!any) {
    l.flags.upload(nullptr, 0, 1, GL_R8);
    return;
  }
  l.flags.upload(flags.data(), flags.size(), 1, GL_R8);
  impl_->uploaded += flags.size();
}

void MapRenderer::set_point_attributes(LayerHandle h, const std::vector<float>& day,
                                       const std::vector<uint8_t>& group) {
  GpuLayer& l = impl_->get(h);
  if (day.size() != group.size()) {
    throw Error("MapRenderer::set_point_attributes: " + std::to_string(day.size()) + " days but " +
                std::to_string(group.size()) + " groups (one of each per feature)");
  }
  // Interleaved (day, group); NaN days become a sentinel the shader tests with a comparison
  // (isnan is not reliable under every driver's fast-math).
  std::vector<float> texels(day.size() * 2);
  for (size_t i = 0; i < day.size(); ++i) {
    texels[2 * i] = std::isnan(day[i]) ? -1e30f : day[i];
    texels[2 * i + 1] = static_cast<float>(std::min<int>(group[i], 15));
  }
  l.attributes.upload(texels.data(), day.size(), 2 * sizeof(float), GL_RG32F);
  impl_->uploaded += texels.size() * sizeof(float);
  texels = {};  // before the layout's own temporaries
  l.feature_day.assign(day.begin(), day.end());
  l.feature_day.shrink_to_fit();
  impl_->uploaded += rebuild_days(l);
}

void MapRenderer::set_highlight(LayerHandle h, int64_t feature_index) {
  GpuLayer& l = impl_->get(h);
  if (l.highlight == feature_index) return;
  l.highlight = feature_index;
  l.find_highlight_vertices();
}

namespace {

void set_color(GLint loc, const Rgba& c) {
  if (loc >= 0) glUniform4f(loc, c.r, c.g, c.b, c.a);
}

// A highlight colour that stands out against the stroke: dark strokes get a bright accent.
Rgba highlight_color(const Rgba& stroke) {
  const float luma = 0.299f * stroke.r + 0.587f * stroke.g + 0.114f * stroke.b;
  return luma < 0.5f ? Rgba{1.0f, 0.85f, 0.0f, 1.0f} : Rgba{0.1f, 0.1f, 0.1f, 1.0f};
}

}  // namespace

namespace {

// Texture units: 0 per-feature colours, 1 flags or point attributes, 2-3 heatmap textures.
constexpr GLint kUnitColors = 0;
constexpr GLint kUnitPerFeature = 1;
constexpr GLint kUnitDensity = 2;
constexpr GLint kUnitMax = 3;

// Uniforms shared by the point and heat programs: the per-point filter (day window, hidden
// groups) and the colours.
void set_point_uniforms(const Uniforms& u, const GpuLayer& l, const LayerStyle& style,
                        bool per_feature, float opacity) {
  glUniform1f(u.opacity, opacity);
  glUniform1i(u.use_feature_colors, per_feature ? 1 : 0);
  glUniform1i(u.feature_colors, kUnitColors);
  glUniform1i(u.attributes, kUnitPerFeature);
  const bool attrs = l.attributes.count > 0;
  glUniform1i(u.has_attributes, attrs ? 1 : 0);
  // A window is set when either bound is a finite number; an open side becomes +-3e38.
  const bool from_set = std::isfinite(style.day_from);
  const bool to_set = std::isfinite(style.day_to);
  glUniform1i(u.window, from_set || to_set ? 1 : 0);
  glUniform1f(u.day_from, from_set ? style.day_from : -3e38f);
  glUniform1f(u.day_to, to_set ? style.day_to : 3e38f);
  glUniform1i(u.hidden_groups, static_cast<GLint>(style.hidden_groups));
  glUniform1i(u.color_by_group, style.color_by_group ? 1 : 0);
  if (u.group_colors >= 0) {
    std::array<float, 64> c{};
    for (size_t i = 0; i < 16; ++i) {
      c[4 * i] = style.group_colors[i].r;
      c[4 * i + 1] = style.group_colors[i].g;
      c[4 * i + 2] = style.group_colors[i].b;
      c[4 * i + 3] = style.group_colors[i].a;
    }
    glUniform4fv(u.group_colors, 16, c.data());
  }
  set_color(u.color, style.point);
  glUniform1i(u.only_feature, -1);
  glUniform1i(u.vertex_is_feature, l.points.identity() ? 1 : 0);
}

}  // namespace

void MapRenderer::draw(const MapCamera& cam,
                       const std::vector<std::pair<LayerHandle, LayerStyle>>& order,
                       Rgba background) {
  const int vw = std::max(cam.width, 1);
  const int vh = std::max(cam.height, 1);
  // Heatmaps draw into their own framebuffers and come back to the caller's.
  GLint target_draw = 0, target_read = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target_draw);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &target_read);
  glViewport(0, 0, vw, vh);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(background.r, background.g, background.b, background.a);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glEnable(GL_MULTISAMPLE);

  for (const auto& [h, style] : order) {
    auto it = impl_->layers.find(h);
    if (it == impl_->layers.end() || !style.visible) continue;
    GpuLayer& l = it->second;
    const std::array<float, 16> mvp = cam.clip_matrix(l.origin_x, l.origin_y);
    const float opacity = std::clamp(style.opacity, 0.0f, 1.0f);
    const float scale =
        std::isfinite(style.dpi_scale) && style.dpi_scale > 0 ? style.dpi_scale : 1.0f;
    const bool per_feature = style.use_feature_colors && l.colors.count > 0;
    glActiveTexture(GL_TEXTURE0 + kUnitColors);
    glBindTexture(GL_TEXTURE_BUFFER,
                  per_feature ? l.colors.texture.get() : impl_->no_colors.texture.get());

    if (l.fill.count > 0) {
      const Uniforms& u = *impl_->fill_u;
      const bool hatch = style.hatch && l.flags.count > 0;
      glActiveTexture(GL_TEXTURE0 + kUnitPerFeature);
      glBindTexture(GL_TEXTURE_BUFFER,
                    hatch ? l.flags.texture.get() : impl_->no_texels.texture.get());
      glUseProgram(impl_->fill.get());
      glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
      set_color(u.color, style.fill);
      glUniform1f(u.opacity, opacity);
      glUniform1i(u.use_feature_colors, per_feature ? 1 : 0);
      glUniform1i(u.feature_colors, kUnitColors);
      glUniform1i(u.use_feature_flags, hatch ? 1 : 0);
      glUniform1i(u.feature_flags, kUnitPerFeature);
      glUniform1f(u.hatch_spacing, std::max(style.hatch_spacing_px, 1.0f) * scale);
      glUniform1f(u.hatch_width, std::max(style.hatch_width_px, 0.5f) * scale);
      set_color(u.hatch_color, style.hatch_color);
      glUniform1f(u.hatch_fade, std::clamp(style.hatch_fade, 0.0f, 1.0f));
      glUniform2f(u.frag_origin, impl_->frame_origin[0], impl_->frame_origin[1]);
      glBindVertexArray(l.fill.vao.get());
      glDrawArrays(GL_TRIANGLES, 0, l.fill.count);
    }
    if (l.lines.count > 0) {
      const Uniforms& u = *impl_->line_u;
      glUseProgram(impl_->line.get());
      glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
      glUniform2f(u.viewport, static_cast<float>(vw), static_cast<float>(vh));
      glUniform1f(u.opacity, opacity);
      glBindVertexArray(l.lines.vao.get());
      glUniform1f(u.width, std::max(style.line_width, 0.5f));
      set_color(u.color, style.stroke);
      glUniform1i(u.only_feature, -1);
      glDrawArrays(GL_LINES, 0, l.lines.count);
      if (l.highlight >= 0) {
        glUniform1f(u.width, std::max(3.0f, style.line_width * 3.0f));
        set_color(u.color, highlight_color(style.stroke));
        glUniform1f(u.opacity, 1.0f);
        glUniform1i(u.only_feature, static_cast<GLint>(l.highlight));
        glDrawArrays(GL_LINES, 0, l.lines.count);
      }
    }
    if (l.points.count == 0) continue;
    glActiveTexture(GL_TEXTURE0 + kUnitPerFeature);
    glBindTexture(GL_TEXTURE_BUFFER, l.attributes.count > 0 ? l.attributes.texture.get()
                                                            : impl_->no_texels.texture.get());
    if (style.heatmap) {
      impl_->draw_heatmap(l, mvp, style, vw, vh, scale, opacity, static_cast<GLuint>(target_draw),
                          static_cast<GLuint>(target_read));
      continue;
    }
    const Uniforms& u = *impl_->point_u;
    glUseProgram(impl_->point.get());
    glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
    set_point_uniforms(u, l, style, per_feature, opacity);
    glBindVertexArray(l.points.vao.get());
    const float size = std::min(std::max(style.point_size, 1.0f), impl_->max_point_size);
    glUniform1f(u.size, size);
    Rgba rim = style.stroke;
    rim.a *= size >= 5.0f ? 0.9f : 0.0f;  // tiny points: no rim, it would hide the fill
    set_color(u.rim_color, rim);
    glUniform1f(u.rim_px, 1.0f);
    l.last = l.draw_points(style, impl_->point_budget);
    if (l.highlight >= 0) {
      glUniform1f(u.size, std::min(size * 2.0f + 4.0f, impl_->max_point_size));
      set_color(u.rim_color, highlight_color(style.stroke));
      glUniform1f(u.rim_px, 3.0f);
      glUniform1i(u.only_feature, static_cast<GLint>(l.highlight));
      l.draw_highlight();
    }
  }
  glBindVertexArray(0);
  glUseProgram(0);
  for (GLint unit : {kUnitMax, kUnitDensity}) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  for (GLint unit : {kUnitPerFeature, kUnitColors}) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_BUFFER, 0);
  }
}

void MapRenderer::Impl::draw_heatmap(const GpuLayer& l, const std::array<float, 16>& mvp,
                                     const LayerStyle& style, int vw, int vh, float scale,
                                     float opacity, GLuint target_draw, GLuint target_read) {
  Impl& im = *this;
  // The kernel is a point sprite of 2 * radius pixels, limited by the GL point size range.
  const float radius = std::clamp(style.heatmap_radius_px * scale, 1.0f, im.max_point_size / 2);
  const int margin = static_cast<int>(std::ceil(radius));
  HeatTargets& t = im.heat_targets;
  t.ensure(vw, vh, margin);
  if (!t.ok) {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target_draw);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target_read);
    std::fprintf(stderr, "biodash: heatmap needs an R32F render target; not drawn\n");
    return;
  }
  // 1. Kernels, added up. The clip matrix is squeezed so the viewport lands inside the margin.
  const int w0 = t.size[0][0], h0 = t.size[0][1];
  std::array<float, 16> m = mvp;
  const float sx = static_cast<float>(vw) / static_cast<float>(w0);
  const float sy = static_cast<float>(vh) / static_cast<float>(h0);
  for (int c = 0; c < 4; ++c) {  // column-major: row 0 is m[4c], row 1 is m[4c + 1]
    m[4 * c] *= sx;
    m[4 * c + 1] *= sy;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, t.fbo[0].get());
  glViewport(0, 0, w0, h0);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glBlendFunc(GL_ONE, GL_ONE);
  const Uniforms& hu = *im.heat_u;
  glUseProgram(im.heat.get());
  glUniformMatrix4fv(hu.mvp, 1, GL_FALSE, m.data());
  set_point_uniforms(hu, l, style, false, 1.0f);
  glUniform1f(hu.size, 2.0f * radius);
  glBindVertexArray(l.points.vao.get());
  l.last = l.draw_points(style, im.point_budget);

  // 2. Max of the visible part, 4x4 blocks at a time, down to 1x1 (stays on the GPU).
  glDisable(GL_BLEND);
  const Uniforms& mu = *im.heat_max_u;
  glUseProgram(im.heat_max.get());
  glUniform1i(mu.src, kUnitDensity);
  glBindVertexArray(im.empty_vao.get());
  glActiveTexture(GL_TEXTURE0 + kUnitDensity);
  for (size_t i = 1; i < t.size.size(); ++i) {
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo[i].get());
    glViewport(0, 0, t.size[i][0], t.size[i][1]);
    glBindTexture(GL_TEXTURE_2D, t.tex[i - 1].get());
    if (i == 1) {
      glUniform2i(mu.offset, margin, margin);
      glUniform2i(mu.region, vw, vh);
    } else {
      glUniform2i(mu.offset, 0, 0);
      glUniform2i(mu.region, t.size[i - 1][0], t.size[i - 1][1]);
    }
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  // 3. Colour-map over the map in the caller's framebuffer.
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target_draw);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target_read);
  glViewport(0, 0, vw, vh);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glActiveTexture(GL_TEXTURE0 + kUnitDensity);
  glBindTexture(GL_TEXTURE_2D, t.tex[0].get());
  glActiveTexture(GL_TEXTURE0 + kUnitMax);
  glBindTexture(GL_TEXTURE_2D, t.tex.back().get());
  const Uniforms& cu = *im.heat_color_u;
  glUseProgram(im.heat_color.get());
  glUniform1i(cu.density, kUnitDensity);
  glUniform1i(cu.max, kUnitMax);
  glUniform2i(cu.offset, margin, margin);
  glUniform1f(cu.opacity, opacity);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

}  // namespace biodash
