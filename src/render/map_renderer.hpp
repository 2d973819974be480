#pragma once
// Draws map layers with OpenGL 3.3 core. Geometry is uploaded once per Mesh (when data
// changes); per frame only uniforms and, for choropleths, a small per-feature colour buffer
// change. Needs a current GL 3.3 context with the glad loader initialised (see
// load_gl_functions). Not thread-safe: use from the GL thread only.
#include <cstdint>
#include <memory>
#include <vector>

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
};

using LayerHandle = int;

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
  // Highlights one feature (outline drawn thicker / brighter); -1 for none.
  void set_highlight(LayerHandle h, int64_t feature_index);

  // Clears to `background` and draws the layers bottom to top (order[0] first) into the bound
  // framebuffer. Sets the viewport to (0, 0, cam.width, cam.height): give the camera the
  // framebuffer size in pixels. Handles not (or no longer) in the renderer are skipped.
  void draw(const MapCamera& cam, const std::vector<std::pair<LayerHandle, LayerStyle>>& order,
            Rgba background = {0.96f, 0.96f, 0.94f, 1.0f});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace biodash
