#version 330 core
// Polygon fill: vertices are float offsets from the mesh origin; u_mvp maps them to clip space.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;

uniform mat4 u_mvp;
uniform vec4 u_color;               // fill colour when per-feature colours are off
uniform bool u_use_feature_colors;  // look the colour up in u_feature_colors
uniform samplerBuffer u_feature_colors;
uniform bool u_use_feature_flags;   // look the hatch flag up in u_feature_flags
uniform samplerBuffer u_feature_flags;  // R8 per feature: > 0 = hatched (low effort)
uniform float u_opacity;

flat out vec4 v_color;
flat out float v_hatch;  // 1: hatched feature, 0: plain

void main() {
  gl_Position = u_mvp * vec4(a_pos, 0.0, 1.0);
  vec4 c = u_color;
  if (u_use_feature_colors && int(a_feature) < textureSize(u_feature_colors)) {
    c = texelFetch(u_feature_colors, int(a_feature));
  }
  v_color = vec4(c.rgb, c.a * u_opacity);
  v_hatch = 0.0;
  if (u_use_feature_flags && int(a_feature) < textureSize(u_feature_flags)) {
    v_hatch = texelFetch(u_feature_flags, int(a_feature)).r > 0.0 ? 1.0 : 0.0;
  }
}
