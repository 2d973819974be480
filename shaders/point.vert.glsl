#version 330 core
// Round points: one vertex per point, sized with gl_PointSize (GL_PROGRAM_POINT_SIZE).
// With per-point attributes (u_has_attributes) points are filtered on the GPU: outside the day
// window [u_day_from, u_day_to] or in a hidden group they are moved out of the clip volume, so
// changing the window or the hidden groups only changes uniforms.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;  // unused when u_vertex_is_feature

uniform mat4 u_mvp;
uniform float u_size;               // diameter in pixels
uniform vec4 u_color;
uniform bool u_use_feature_colors;
uniform samplerBuffer u_feature_colors;
uniform float u_opacity;
uniform int u_only_feature;         // >= 0: draw only this feature (highlight pass)
uniform bool u_vertex_is_feature;   // point i is feature i (a store-backed layer: no a_feature)

uniform bool u_has_attributes;      // u_attributes holds (day, group) per feature
uniform samplerBuffer u_attributes;  // RG32F: day since 1970 (< -1e29: unknown), group index
uniform bool u_window;              // a day window is set
uniform float u_day_from;           // inclusive
uniform float u_day_to;             // inclusive
uniform int u_hidden_groups;        // bit g set: group g hidden
uniform bool u_color_by_group;      // colour from u_group_colors (unless feature colours)
uniform vec4 u_group_colors[16];

flat out vec4 v_color;

void cull() {
  gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: culled
  gl_PointSize = 1.0;
  v_color = vec4(0.0);
}

void main() {
  int feature = u_vertex_is_feature ? gl_VertexID : int(a_feature);
  if (u_only_feature >= 0 && feature != u_only_feature) {
    cull();
    return;
  }
  vec4 c = u_color;
  if (u_has_attributes) {
    if (feature >= textureSize(u_attributes)) {
      cull();
      return;
    }
    vec2 attr = texelFetch(u_attributes, feature).rg;
    int group = clamp(int(attr.y + 0.5), 0, 15);
    bool unknown_day = attr.x < -1e29;
    if (u_window && (unknown_day || attr.x < u_day_from || attr.x > u_day_to)) {
      cull();
      return;
    }
    if ((u_hidden_groups & (1 << group)) != 0) {
      cull();
      return;
    }
    if (u_color_by_group) c = u_group_colors[group];
  }
  gl_Position = u_mvp * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  if (u_use_feature_colors && feature < textureSize(u_feature_colors)) {
    c = texelFetch(u_feature_colors, feature);
  }
  v_color = vec4(c.rgb, c.a * u_opacity);
}
