// MapRenderer: uploads meshes once, draws fills, outlines, lines and round points per frame.
#include "render/map_renderer.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_map>

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
  GLint size = -1;                // float u_size (points)
  GLint rim_color = -1;           // vec4 u_rim_color (points)
  GLint rim_px = -1;              // float u_rim_px (points)

  explicit Uniforms(GLuint p) {
    mvp = glGetUniformLocation(p, "u_mvp");
    color = glGetUniformLocation(p, "u_color");
    opacity = glGetUniformLocation(p, "u_opacity");
    use_feature_colors = glGetUniformLocation(p, "u_use_feature_colors");
    feature_colors = glGetUniformLocation(p, "u_feature_colors");
    viewport = glGetUniformLocation(p, "u_viewport");
    width = glGetUniformLocation(p, "u_width");
    only_feature = glGetUniformLocation(p, "u_only_feature");
    size = glGetUniformLocation(p, "u_size");
    rim_color = glGetUniformLocation(p, "u_rim_color");
    rim_px = glGetUniformLocation(p, "u_rim_px");
  }
};

// One primitive stream of a mesh on the GPU: positions + feature indices in a VAO.
struct GpuStream {
  gl::VertexArray vao;   // attribute 0: vec2 offset, attribute 1: uint feature
  gl::Buffer positions;  // float x,y per vertex
  gl::Buffer features;   // uint32 per vertex
  GLsizei count = 0;     // vertices

  void upload(const std::vector<float>& xy, const std::vector<uint32_t>& feature) {
    count = static_cast<GLsizei>(xy.size() / 2);
    if (count == 0) {
      *this = GpuStream{};
      return;
    }
    if (!vao) {
      vao = gl::VertexArray::create();
      positions = gl::Buffer::create();
      features = gl::Buffer::create();
    }
    glBindVertexArray(vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, positions.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count) * 2 * sizeof(float), xy.data(),
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    // A mesh with fewer feature entries than vertices gets feature 0 for the rest.
    std::vector<uint32_t> padded;
    const uint32_t* fdata = feature.data();
    if (feature.size() < static_cast<size_t>(count)) {
      padded = feature;
      padded.resize(static_cast<size_t>(count), 0);
      fdata = padded.data();
    }
    glBindBuffer(GL_ARRAY_BUFFER, features.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count) * sizeof(uint32_t), fdata,
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
};

// A colour texture buffer: one RGBA8 texel per feature.
struct GpuColors {
  gl::Buffer buffer;    // the texels
  gl::Texture texture;  // GL_TEXTURE_BUFFER view of `buffer`
  size_t count = 0;     // texels

  void upload(const std::vector<uint32_t>& rgba) {
    if (!buffer) {
      buffer = gl::Buffer::create();
      texture = gl::Texture::create();
    }
    // Never zero-sized: a 1-texel transparent buffer when empty (the shader bounds-checks).
    static const uint32_t kNone = 0;
    const uint32_t* data = rgba.empty() ? &kNone : rgba.data();
    const size_t n = rgba.empty() ? 1 : rgba.size();
    count = rgba.size();
    glBindBuffer(GL_TEXTURE_BUFFER, buffer.get());
    glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(n * sizeof(uint32_t)), data,
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_TEXTURE_BUFFER, 0);
    glBindTexture(GL_TEXTURE_BUFFER, texture.get());
    glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA8, buffer.get());
    glBindTexture(GL_TEXTURE_BUFFER, 0);
  }
};

struct GpuLayer {
  double origin_x = 0, origin_y = 0;  // mesh origin, map CRS
  GpuStream fill;                     // triangles
  GpuStream lines;                    // segments (polygon rings and lines)
  GpuStream points;                   // points
  GpuColors colors;                   // per-feature fill colours
  int64_t highlight = -1;             // highlighted feature, -1 none
};

}  // namespace

struct MapRenderer::Impl {
  gl::Program fill;                          // fill.vert + color.frag
  gl::Program line;                          // line.vert + line.geom + color.frag
  gl::Program point;                         // point.vert + point.frag
  std::unique_ptr<Uniforms> fill_u;          // locations in `fill`
  std::unique_ptr<Uniforms> line_u;          // locations in `line`
  std::unique_ptr<Uniforms> point_u;         // locations in `point`
  GpuColors no_colors;                       // bound when a layer has none
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
      link("fill", {{GL_VERTEX_SHADER, "fill.vert.glsl"}, {GL_FRAGMENT_SHADER, "color.frag.glsl"}});
  impl_->line = link("line", {{GL_VERTEX_SHADER, "line.vert.glsl"},
                              {GL_GEOMETRY_SHADER, "line.geom.glsl"},
                              {GL_FRAGMENT_SHADER, "color.frag.glsl"}});
  impl_->point = link(
      "point", {{GL_VERTEX_SHADER, "point.vert.glsl"}, {GL_FRAGMENT_SHADER, "point.frag.glsl"}});
  impl_->fill_u = std::make_unique<Uniforms>(impl_->fill.get());
  impl_->line_u = std::make_unique<Uniforms>(impl_->line.get());
  impl_->point_u = std::make_unique<Uniforms>(impl_->point.get());
  impl_->no_colors.upload({});
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
  l.points.upload(mesh.point_xy, mesh.point_feature);
}

void MapRenderer::remove_layer(LayerHandle h) {
  impl_->layers.erase(h);
}

void MapRenderer::set_feature_colors(LayerHandle h, const std::vector<uint32_t>& rgba) {
  impl_->get(h).colors.upload(rgba);
}

void MapRenderer::set_highlight(LayerHandle h, int64_t feature_index) {
  impl_->get(h).highlight = feature_index;
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

void MapRenderer::draw(const MapCamera& cam,
                       const std::vector<std::pair<LayerHandle, LayerStyle>>& order,
                       Rgba background) {
  const int vw = std::max(cam.width, 1);
  const int vh = std::max(cam.height, 1);
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
  glActiveTexture(GL_TEXTURE0);

  for (const auto& [h, style] : order) {
    auto it = impl_->layers.find(h);
    if (it == impl_->layers.end() || !style.visible) continue;
    GpuLayer& l = it->second;
    const std::array<float, 16> mvp = cam.clip_matrix(l.origin_x, l.origin_y);
    const float opacity = std::clamp(style.opacity, 0.0f, 1.0f);
    const bool per_feature = style.use_feature_colors && l.colors.count > 0;
    glBindTexture(GL_TEXTURE_BUFFER,
                  per_feature ? l.colors.texture.get() : impl_->no_colors.texture.get());

    if (l.fill.count > 0) {
      const Uniforms& u = *impl_->fill_u;
      glUseProgram(impl_->fill.get());
      glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
      set_color(u.color, style.fill);
      glUniform1f(u.opacity, opacity);
      glUniform1i(u.use_feature_colors, per_feature ? 1 : 0);
      glUniform1i(u.feature_colors, 0);
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
    if (l.points.count > 0) {
      const Uniforms& u = *impl_->point_u;
      glUseProgram(impl_->point.get());
      glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
      glUniform1f(u.opacity, opacity);
      glUniform1i(u.use_feature_colors, per_feature ? 1 : 0);
      glUniform1i(u.feature_colors, 0);
      glBindVertexArray(l.points.vao.get());
      const float size = std::max(style.point_size, 1.0f);
      glUniform1f(u.size, size);
      set_color(u.color, style.point);
      Rgba rim = style.stroke;
      rim.a *= size >= 5.0f ? 0.9f : 0.0f;  // tiny points: no rim, it would hide the fill
      set_color(u.rim_color, rim);
      glUniform1f(u.rim_px, 1.0f);
      glUniform1i(u.only_feature, -1);
      glDrawArrays(GL_POINTS, 0, l.points.count);
      if (l.highlight >= 0) {
        glUniform1f(u.size, size * 2.0f + 4.0f);
        set_color(u.rim_color, highlight_color(style.stroke));
        glUniform1f(u.rim_px, 3.0f);
        glUniform1i(u.only_feature, static_cast<GLint>(l.highlight));
        glDrawArrays(GL_POINTS, 0, l.points.count);
      }
    }
  }
  glBindVertexArray(0);
  glUseProgram(0);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
}

}  // namespace biodash
