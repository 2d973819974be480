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
#include "render/map_renderer_impl.hpp"

namespace biodash {

bool load_gl_functions(GlProcLoader loader) {
  if (loader == nullptr) return false;
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(loader));
  if (version == 0) return false;
  return GLAD_VERSION_MAJOR(version) > 3 ||
         (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) >= 3);
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
  impl_->basemap = link("basemap", {{GL_VERTEX_SHADER, "basemap.vert.glsl"},
                                    {GL_FRAGMENT_SHADER, "basemap.frag.glsl"}});
  impl_->basemap_u = std::make_unique<Uniforms>(impl_->basemap.get());
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
  impl_->draw_basemap(cam);  // under everything

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

}  // namespace biodash
