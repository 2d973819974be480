#version 330 core
// Polygon fill: vertices are float offsets from the mesh origin; u_mvp maps them to clip space.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;

uniform mat4 u_mvp;
uniform vec4 u_color;               // fill colour when per-feature colours are off
uniform bool u_use_feature_colors;  // look the colour up in u_feature_colors
uniform samplerBuffer u_feature_colors;
uniform float u_opacity;

flat out vec4 v_color;

void main() {
  gl_Position = u_mvp * vec4(a_pos, 0.0, 1.0);
  vec4 c = u_color;
  if (u_use_feature_colors && int(a_feature) < textureSize(u_feature_colors)) {
    c = texelFetch(u_feature_colors, int(a_feature));
  }
  v_color = vec4(c.rgb, c.a * u_opacity);
}
