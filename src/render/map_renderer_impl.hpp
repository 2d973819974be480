#pragma once
// MapRenderer's state (internal to the renderer: map_renderer.cpp draws fills, lines and
// points; heatmap_pass.cpp the heatmap).
#include <glad/gl.h>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "render/gl_program.hpp"
#include "render/gpu_layer.hpp"
#include "render/map_renderer.hpp"

namespace biodash {

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

// Texture units: 0 per-feature colours, 1 flags or point attributes, 2-3 heatmap textures.
constexpr GLint kUnitColors = 0;
constexpr GLint kUnitPerFeature = 1;
constexpr GLint kUnitDensity = 2;
constexpr GLint kUnitMax = 3;

// One basemap tile on the GPU.
struct BasemapTile {
  gl::Texture texture;
  Envelope extent;
  size_t bytes = 0;
  uint64_t last_drawn = 0;  // frame number
};

struct MapRenderer::Impl {
  gl::Program basemap;                                          // basemap.vert + basemap.frag
  std::unique_ptr<Uniforms> basemap_u;                          // locations in `basemap`
  std::unordered_map<TileKey, BasemapTile, TileKeyHash> tiles;  // by key
  std::vector<TileKey> basemap_draw;                            // set_basemap_draw
  BasemapStyle basemap_style;
  size_t basemap_bytes = 0, basemap_cap = size_t(192) << 20;
  uint64_t frame = 0;  // draw() calls so far
  void draw_basemap(const MapCamera& cam);
  void evict_tiles();
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

// Uniforms shared by the point and heat programs: the per-point filter (day window, hidden
// groups) and the colours.
void set_point_uniforms(const Uniforms& u, const GpuLayer& l, const LayerStyle& style,
                        bool per_feature, float opacity);

}  // namespace biodash
