#version 330 core
// Heatmap accumulation: each point adds a Gaussian kernel to an R32F texture (additive blend).
// The sprite is u_size = 2 * radius pixels; sigma = radius / 3, nothing beyond the radius.
flat in vec4 v_color;
uniform float u_size;
out vec4 frag_color;

void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;  // -1..1 across the sprite
  float r2 = dot(p, p);
  if (r2 > 1.0) discard;
  // exp(-d^2 / (2 sigma^2)) with d = r * radius, sigma = radius / 3: exp(-4.5 r^2).
  frag_color = vec4(exp(-4.5 * r2), 0.0, 0.0, 0.0);
}
