#version 330 core
// Polygon fill. Hatched features (low effort) get diagonal stripes fixed in screen space,
// u_hatch_spacing pixels apart (measured across the stripes) and u_hatch_width wide, in
// u_hatch_color; between the stripes the feature's own colour is faded to u_hatch_fade of its
// alpha, so the class stays readable but nobody mistakes "unvisited" for "poor".
flat in vec4 v_color;
flat in float v_hatch;
uniform float u_hatch_spacing;  // pixels between stripe starts (DPI-scaled)
uniform float u_hatch_width;    // stripe width in pixels (DPI-scaled)
uniform vec4 u_hatch_color;     // stripe colour (alpha multiplied by the layer opacity)
uniform float u_hatch_fade;     // alpha factor of the fill between stripes
uniform float u_opacity;
uniform vec2 u_frag_origin;     // this framebuffer's corner in the whole image (tiled exports)
out vec4 frag_color;

void main() {
  if (v_hatch < 0.5) {
    frag_color = v_color;
    return;
  }
  // Distance along the diagonal normal, (x - y) / sqrt(2): stripes are the lines x - y = const
  // in window pixels (y up), i.e. "/" on screen at 45 degrees.
  vec2 p = gl_FragCoord.xy + u_frag_origin;
  float d = (p.x - p.y) * 0.70710678;
  float spacing = max(u_hatch_spacing, 2.0);
  if (mod(d, spacing) < clamp(u_hatch_width, 0.5, spacing - 0.5)) {
    frag_color = vec4(u_hatch_color.rgb, u_hatch_color.a * u_opacity);
  } else {
    frag_color = vec4(v_color.rgb, v_color.a * u_hatch_fade);
  }
}
