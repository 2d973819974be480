#version 330 core
// Round points: one vertex per point, sized with gl_PointSize (GL_PROGRAM_POINT_SIZE).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;

uniform mat4 u_mvp;
uniform float u_size;               // diameter in pixels
uniform vec4 u_color;
uniform bool u_use_feature_colors;
uniform samplerBuffer u_feature_colors;
uniform float u_opacity;
uniform int u_only_feature;         // >= 0: draw only this feature (highlight pass)

flat out vec4 v_color;

void main() {
  if (u_only_feature >= 0 && int(a_feature) != u_only_feature) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: culled
    gl_PointSize = 1.0;
    v_color = vec4(0.0);
    return;
  }
  gl_Position = u_mvp * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  vec4 c = u_color;
  if (u_use_feature_colors && int(a_feature) < textureSize(u_feature_colors)) {
    c = texelFetch(u_feature_colors, int(a_feature));
  }
  v_color = vec4(c.rgb, c.a * u_opacity);
}
