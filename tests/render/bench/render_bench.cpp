// Draw time of many observation points with the day window changing every frame (headless
// EGL, glFinish per frame). Nothing is uploaded after the first frame: the window and the
// hidden groups are uniforms. Prints the GL renderer (llvmpipe = software GL on the CPU).
//
//   biodash_render_bench [--points N] [--frames F] [--size WxH] [--heatmap] [--radius PX]
//                        [--png FILE] [--plain]
#include <glad/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "render/headless.hpp"
#include "render/map_renderer.hpp"

namespace {

struct Options {
  long points = 1000000;
  int frames = 30;
  int width = 1600, height = 900;
  bool heatmap = false;
  float radius = 12.0f;
  std::string png;     // write the last frame here ("" none)
  bool plain = false;  // baseline: no attributes, so no window and every point drawn
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--points" && has_value) {
      o.points = std::atol(argv[++i]);
    } else if (a == "--frames" && has_value) {
      o.frames = std::atoi(argv[++i]);
    } else if (a == "--size" && has_value) {
      if (std::sscanf(argv[++i], "%dx%d", &o.width, &o.height) != 2) return false;
    } else if (a == "--radius" && has_value) {
      o.radius = static_cast<float>(std::atof(argv[++i]));
    } else if (a == "--png" && has_value) {
      o.png = argv[++i];
    } else if (a == "--plain") {
      o.plain = true;
    } else if (a == "--heatmap") {
      o.heatmap = true;
    } else {
      return false;
    }
  }
  return o.points > 0 && o.frames > 0 && o.width >= 16 && o.height >= 16 && o.width <= 8192 &&
         o.height <= 8192;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: biodash_render_bench [--points N>0] [--frames F>0] [--size WxH] "
                 "[--heatmap] [--radius PX] [--png FILE] [--plain]\n");
    return 1;
  }
  try {
    biodash::HeadlessContext ctx(o.width, o.height);
    biodash::MapRenderer renderer;
    GLfloat point_range[2] = {0, 0};
    glGetFloatv(GL_POINT_SIZE_RANGE, point_range);
    std::printf("GL renderer: %s | %s | max point size %.0f px\n",
                reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
                reinterpret_cast<const char*>(glGetString(GL_VERSION)), point_range[1]);

    // Points spread over a 20 x 11 km view around Leiden (RD New), days over 2015..2026.
    biodash::Mesh mesh;
    mesh.origin_x = 94000;
    mesh.origin_y = 463900;
    const size_t n = static_cast<size_t>(o.points);
    mesh.point_xy.resize(2 * n);
    mesh.point_feature.resize(n);
    std::vector<float> day(n);
    std::vector<uint8_t> group(n);
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> ux(-10000.0f, 10000.0f), uy(-5600.0f, 5600.0f);
    std::uniform_real_distribution<float> ud(16436.0f, 20454.0f);  // 2015-01-01 .. 2026-01-01
    std::uniform_int_distribution<int> ug(0, 11);
    for (size_t i = 0; i < n; ++i) {
      mesh.point_xy[2 * i] = ux(rng);
      mesh.point_xy[2 * i + 1] = uy(rng);
      mesh.point_feature[i] = static_cast<uint32_t>(i);
      day[i] = i % 50 == 0 ? std::nanf("") : ud(rng);
      group[i] = static_cast<uint8_t>(ug(rng));
    }
    mesh.n_features = n;

    auto t0 = std::chrono::steady_clock::now();
    const biodash::LayerHandle h = renderer.add_layer(mesh);
    if (!o.plain) renderer.set_point_attributes(h, day, group);
    glFinish();
    const double upload_ms = ms_since(t0);

    biodash::MapCamera cam;
    cam.width = o.width;
    cam.height = o.height;
    cam.center_x = 94000;
    cam.center_y = 463900;
    cam.units_per_pixel = 20000.0 / o.width;
    biodash::LayerStyle style;
    style.point_size = 3.0f;
    style.opacity = 0.9f;
    style.heatmap = o.heatmap;
    style.heatmap_radius_px = o.radius;
    style.hidden_groups = 1u << 3;

    // Warm-up frame (shader compile on first use, heatmap targets).
    ctx.bind();
    renderer.draw(cam, {{h, style}});
    glFinish();
    std::vector<double> ms;
    for (int f = 0; f < o.frames; ++f) {
      // A one-year window sliding by a month every frame.
      style.day_from = 16436.0f + 30.0f * static_cast<float>(f % 120);
      style.day_to = style.day_from + 365.0f;
      const auto t = std::chrono::steady_clock::now();
      ctx.bind();
      renderer.draw(cam, {{h, style}});
      glFinish();
      ms.push_back(ms_since(t));
    }
    if (!o.png.empty()) {
      biodash::write_png(o.png, ctx.read_pixels(), o.width, o.height);
    }
    std::sort(ms.begin(), ms.end());
    const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    std::printf(
        "%s: %ld points, %dx%d, %d frames, window changing every frame: mean %.1f ms, median "
        "%.1f ms, min %.1f ms, max %.1f ms per frame (glFinish each); upload once %.1f ms\n",
        o.heatmap ? "heatmap" : (o.plain ? "points, no attributes (all drawn)" : "points"),
        o.points, o.width, o.height, o.frames, mean, ms[ms.size() / 2], ms.front(), ms.back(),
        upload_ms);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash_render_bench: %s\n", e.what());
    return 1;
  }
}
