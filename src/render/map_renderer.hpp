#pragma once
// Draws map layers with OpenGL 3.3 core. Geometry is uploaded once per Mesh (when data
// changes); per frame only uniforms and, for choropleths, a small per-feature colour buffer
// change. Needs a current GL 3.3 context with the glad loader initialised (see
// load_gl_functions). Not thread-safe: use from the GL thread only.
//
// Per-feature data lives in buffer textures indexed by the mesh's feature index (the same
// index as set_feature_colors): RGBA8 colours, R8 hatch flags, RG32F point attributes
// (day, group). Time window, hidden groups, hatching and heatmap settings are LayerStyle
// fields that only become uniforms: changing them re-uploads nothing.
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "core/basemap.hpp"
#include "core/color.hpp"
#include "core/mesh.hpp"
#include "render/map_camera.hpp"

namespace biodash {

// Loads GL function pointers through glad with the given loader (glfwGetProcAddress or
// eglGetProcAddress). Returns false when GL 3.3 core is not available.
using GlProcLoader = void* (*)(const char*);
bool load_gl_functions(GlProcLoader loader);

struct LayerStyle {
  bool visible = true;                     // draw at all
  Rgba fill{0.55f, 0.75f, 0.55f, 1.0f};    // polygon fill (when no per-feature colours)
  Rgba stroke{0.15f, 0.25f, 0.15f, 1.0f};  // polygon outline and line colour
  Rgba point{0.85f, 0.35f, 0.10f, 1.0f};   // point colour
  float opacity = 0.8f;                    // multiplies all alphas, 0..1
  float line_width = 1.0f;                 // pixels (1 is what core profile guarantees)
  float point_size = 6.0f;                 // pixels, round points
  bool use_feature_colors = false;         // fill polygons from set_feature_colors()
  bool land = false;  // a background land fill (e.g. the demo's municipalities): not filled
                      // while a basemap is drawn under the layers (Scene::basemap)

  // Hatching of flagged features (set_feature_hatch, e.g. choropleth low effort): diagonal
  // stripes fixed in screen space, the feature's colour faded between them.
  bool hatch = true;                             // draw the flags when the layer has them
  Rgba hatch_color{0.20f, 0.20f, 0.20f, 0.85f};  // stripe colour
  float hatch_fade = 0.35f;                      // fill alpha factor between stripes, 0..1
  float hatch_spacing_px = 6.0f;                 // stripe period across the stripes, at scale 1
  float hatch_width_px = 1.5f;                   // stripe width, at scale 1
  float dpi_scale = 1.0f;                        // framebuffer pixels per logical pixel
                                                 // (multiplies the hatch sizes)

  // Point layers with set_point_attributes (ignored without): a day window (days since
  // 1970, inclusive; points outside are discarded on the GPU; unknown days are shown only
  // when no window is set, i.e. both bounds infinite), hidden groups and colour by group.
  float day_from = -std::numeric_limits<float>::infinity();
  float day_to = std::numeric_limits<float>::infinity();
  uint16_t hidden_groups = 0;  // bit g set: points of group g are not drawn
  bool color_by_group = true;  // colour points by group_colors[group] (per-feature colours,
                               // when use_feature_colors, still win)
  std::array<Rgba, 16> group_colors = default_group_palette();

  // Heatmap instead of points (point layers): Gaussian kernels (sigma = radius / 3, cut at
  // the radius) summed in an R32F texture, coloured with viridis normalised by the frame's
  // max density (reduced on the GPU, never read back), transparent where the density is ~0.
  // Same day window and hidden groups as the points. Radius in pixels (times dpi_scale).
  bool heatmap = false;
  float heatmap_radius_px = 20.0f;

  // The 16 colour-blind-aware qualitative group colours: Okabe & Ito (2008) without black,
  // then Paul Tol's "muted" scheme and a neutral grey (15, for "other"). The first 7 are
  // distinguishable under the common colour-vision deficiencies; beyond that no palette is,
  // so keep the number of shown groups small.
  static std::array<Rgba, 16> default_group_palette();
};

using LayerHandle = int;

// How the basemap is drawn (BasemapSettings without the source).
struct BasemapStyle {
  float opacity = 1.0f;
  bool greyscale = false;
  float dim = 0.0f;
};

// What the last draw of a point layer did (MapRenderer::point_stats).
struct PointDrawStats {
  size_t in_window = 0;      // points of the layer inside the day window (all without one)
  size_t drawn = 0;          // of those drawn: fewer when the point budget chose a sample
  size_t strata_drawn = 64;  // of the day index's 64 random strata (64: no sampling)
  bool sampled() const { return drawn < in_window; }
};

class MapRenderer {
 public:
  MapRenderer();   // compiles the embedded shaders; throws Error with the GL info log
  ~MapRenderer();  // frees every GL object (must run on the GL thread)
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  // Uploads a mesh; returns a handle for draw/update/remove.
  LayerHandle add_layer(const Mesh& mesh);
  void update_layer(LayerHandle h, const Mesh& mesh);
  void remove_layer(LayerHandle h);
  // Per-feature fill colours (pack_rgba), used when style.use_feature_colors. Uploaded now.
  void set_feature_colors(LayerHandle h, const std::vector<uint32_t>& rgba);
  // Per-feature hatch flags (non-zero: hatched, e.g. Choropleth::low_effort), drawn while
  // style.hatch. Stored as a second R8 buffer texture next to the colours; features past the
  // end are not hatched; an empty vector clears. Uploaded now.
  void set_feature_hatch(LayerHandle h, const std::vector<uint8_t>& flags);
  // Per-point attributes of a point layer, indexed by feature (like set_feature_colors; for a
  // layer of single points one entry per point). `day`: days since 1970-01-01, NaN unknown;
  // `group`: palette index 0..15 (larger values are drawn as 15). Both vectors must have the
  // same length (else Error). Uploaded once (8 bytes per feature); the point vertices are then
  // laid out again on the GPU by random stratum and day (the day index: a day window draws
  // contiguous vertex ranges, a point budget whole strata), with a feature number per vertex
  // (4 bytes); the day window and hidden groups in LayerStyle then filter on the GPU. Points
  // of features without attributes (index past the end) are not drawn while attributes are
  // set; empty vectors clear them.
  void set_point_attributes(LayerHandle h, const std::vector<float>& day,
                            const std::vector<uint8_t>& group);
  // Bytes copied to the GPU so far by the calls above (meshes, colours, flags, attributes).
  // Drawing never adds any: a frame that only changes LayerStyle (day window, hidden groups,
  // heatmap) costs uniforms only.
  size_t uploaded_bytes() const;
  // At most about this many points drawn per point layer and frame (0, the default: no limit).
  // A layer with more points in its day window draws a uniform random sample of them (whole
  // strata of its day index, the same points every frame, at least 1/64 of them); a layer
  // without a day index (attributes not set yet) the head of 64 equal slices of its vertices.
  // On a software renderer every point costs CPU time and binning memory, and the screen
  // cannot show ten million points anyway. point_stats() says what was drawn.
  void set_point_budget(size_t points);
  size_t point_budget() const;
  PointDrawStats point_stats(LayerHandle h) const;

  // Where the framebuffer drawn into sits in a larger image (pixels, GL convention: x right, y
  // up from the image's bottom-left corner); (0, 0) by default. Screen-fixed patterns (the
  // hatching) follow the larger image, so an image drawn tile by tile has no seams.
  void set_frame_origin(float x, float y);
  // Highlights one feature (outline drawn thicker / brighter); -1 for none.
  void set_highlight(LayerHandle h, int64_t feature_index);

  // ---- basemap tiles (core/basemap) ----
  // Uploads one tile: w × h RGBA8 pixels (top row first, straight alpha) covering `extent`
  // (map CRS), with mipmaps. Replaces a tile of the same key. When the tiles' memory passes
  // the cap, the least recently drawn tiles go (never one drawn in the last frame).
  void set_basemap_tile(const TileKey& k, const Envelope& extent, const std::vector<uint8_t>& rgba,
                        int w, int h);
  bool has_basemap_tile(const TileKey& k) const;
  // Forgets every tile (another source, another map CRS).
  void clear_basemap();
  // GPU memory the tiles may use (default 192 MiB) and use now.
  void set_basemap_memory_cap(size_t bytes);
  size_t basemap_bytes() const;
  size_t basemap_tiles() const;
  // What draw() puts under the layers: these tiles in this order (basemap_draw_list), with
  // this style. An empty list draws no basemap.
  void set_basemap_draw(std::vector<TileKey> tiles, const BasemapStyle& style);

  // Clears to `background` and draws the basemap tiles (set_basemap_draw), then the layers bottom
  // to top (order[0] first) into the bound framebuffer. Sets the viewport to (0, 0, cam.width,
  // cam.height): give the camera the framebuffer size in pixels. Handles not (or no longer) in the
  // renderer are skipped. Heatmap layers render into the renderer's own offscreen textures and then
  // composite into the framebuffer that was bound on entry (which stays bound).
  void draw(const MapCamera& cam, const std::vector<std::pair<LayerHandle, LayerStyle>>& order,
            Rgba background = {0.96f, 0.96f, 0.94f, 1.0f});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace biodash
