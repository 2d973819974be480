#version 330 core
// A basemap tile: greyscale and dimming (towards white) so thematic colours on top stay
// readable, then opacity. Straight alpha (the renderer blends SRC_ALPHA, ONE_MINUS_SRC_ALPHA).
uniform sampler2D u_tile;
uniform float u_opacity;    // 0..1
uniform bool u_greyscale;
uniform float u_dim;        // 0..1: share of white mixed in
in vec2 v_uv;
out vec4 frag_color;
void main() {
  vec4 c = texture(u_tile, v_uv);
  if (c.a <= 0.0) discard;
  vec3 rgb = c.rgb;
  if (u_greyscale) rgb = vec3(dot(rgb, vec3(0.2126, 0.7152, 0.0722)));
  rgb = mix(rgb, vec3(1.0), clamp(u_dim, 0.0, 1.0));
  frag_color = vec4(rgb, c.a * clamp(u_opacity, 0.0, 1.0));
}
