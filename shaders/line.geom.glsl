#version 330 core
// Expands each segment into a quad u_width pixels wide (core profile only guarantees 1-pixel
// glLineWidth). With u_only_feature >= 0 only that feature's segments are drawn (highlight).
layout(lines) in;
layout(triangle_strip, max_vertices = 4) out;

uniform vec2 u_viewport;   // framebuffer size in pixels
uniform float u_width;     // pixels
uniform vec4 u_color;
uniform float u_opacity;
uniform int u_only_feature;

flat in uint v_feature[];
flat out vec4 v_color;

void main() {
  if (u_only_feature >= 0 && int(v_feature[0]) != u_only_feature) return;
  vec4 p0 = gl_in[0].gl_Position;
  vec4 p1 = gl_in[1].gl_Position;
  // 2D map: w == 1, clip xy are already normalised device coordinates.
  vec2 s0 = p0.xy * u_viewport * 0.5;
  vec2 s1 = p1.xy * u_viewport * 0.5;
  vec2 d = s1 - s0;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x) * (u_width * 0.5);
  vec2 e = dir * (u_width * 0.5);  // square caps so joints have no gaps
  vec2 to_clip = 2.0 / u_viewport;
  vec4 c = vec4(u_color.rgb, u_color.a * u_opacity);
  v_color = c;
  gl_Position = vec4((s0 - e + n) * to_clip, 0.0, 1.0);
  EmitVertex();
  v_color = c;
  gl_Position = vec4((s0 - e - n) * to_clip, 0.0, 1.0);
  EmitVertex();
  v_color = c;
  gl_Position = vec4((s1 + e + n) * to_clip, 0.0, 1.0);
  EmitVertex();
  v_color = c;
  gl_Position = vec4((s1 + e - n) * to_clip, 0.0, 1.0);
  EmitVertex();
  EndPrimitive();
}
