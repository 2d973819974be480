#pragma once
// The renderer's GL programs: embedded shader sources compiled and linked with the info log in
// the error, and the uniform locations of a program looked up once. GL thread only.
#include <glad/gl.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "render/gl_handle.hpp"

namespace biodash {

// An embedded shader's source by file name (shaders/*.glsl); throws Error when missing.
const std::string& shader_source(const std::string& name);
// Compiles one embedded shader; throws Error with the compiler's log.
gl::Shader compile(GLenum type, const std::string& name);
// Compiles and links a program from embedded shaders; throws Error with the linker's log.
gl::Program link(const std::string& label,
                 std::initializer_list<std::pair<GLenum, const char*>> parts);

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
  GLint rect = -1;                // vec4 u_rect (basemap tile)
  GLint tile = -1;                // sampler2D u_tile (basemap tile)
  GLint greyscale = -1;           // bool u_greyscale (basemap tile)
  GLint dim = -1;                 // float u_dim (basemap tile)

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
    rect = glGetUniformLocation(p, "u_rect");
    tile = glGetUniformLocation(p, "u_tile");
    greyscale = glGetUniformLocation(p, "u_greyscale");
    dim = glGetUniformLocation(p, "u_dim");
  }
};

}  // namespace biodash
