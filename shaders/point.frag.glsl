#version 330 core
// Disc with a thin darker rim; pixels outside the circle are discarded.
flat in vec4 v_color;
uniform float u_size;      // diameter in pixels
uniform vec4 u_rim_color;  // rim colour (alpha 0: no rim)
uniform float u_rim_px;    // rim width in pixels
out vec4 frag_color;

void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  if (r > 1.0) discard;
  float rim_start = 1.0 - 2.0 * u_rim_px / max(u_size, 1.0);
  vec4 c = v_color;
  if (u_rim_color.a > 0.0 && r > rim_start) c = vec4(u_rim_color.rgb, u_rim_color.a * v_color.a);
  frag_color = c;
}
