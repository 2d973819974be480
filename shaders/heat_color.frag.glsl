#version 330 core
// Heatmap colouring: density / frame max through viridis; transparent where density ~0.
uniform sampler2D u_density;  // accumulated kernels (with a margin of u_offset texels)
uniform sampler2D u_max;      // 1x1: the max density of the visible region
uniform ivec2 u_offset;       // margin: window pixel (x, y) is density texel (x, y) + u_offset
uniform float u_opacity;
out vec4 frag_color;

// Viridis at 0, 1/8, ..., 1 (matplotlib's table), linearly interpolated.
const vec3 kViridis[9] = vec3[9](
    vec3(0.267004, 0.004874, 0.329415), vec3(0.277018, 0.185228, 0.489898),
    vec3(0.229739, 0.322361, 0.545706), vec3(0.172719, 0.448791, 0.557885),
    vec3(0.127568, 0.566949, 0.550556), vec3(0.157851, 0.683765, 0.501686),
    vec3(0.369214, 0.788888, 0.382914), vec3(0.678489, 0.863742, 0.189503),
    vec3(0.993248, 0.906157, 0.143936));

vec3 viridis(float t) {
  float x = clamp(t, 0.0, 1.0) * 8.0;
  int i = min(int(x), 7);
  return mix(kViridis[i], kViridis[i + 1], x - float(i));
}

void main() {
  float d = texelFetch(u_density, ivec2(gl_FragCoord.xy) + u_offset, 0).r;
  float m = texelFetch(u_max, ivec2(0, 0), 0).r;
  if (m <= 0.0) discard;
  float t = d / m;
  if (t < 0.004) discard;  // ~0: the map shows through
  // Fade in over the lowest 15 % so the edge of the density has no hard rim.
  float a = u_opacity * smoothstep(0.0, 0.15, t);
  frag_color = vec4(viridis(t), a);
}
