#version 330 core
// One step of the heatmap's max reduction: each output texel is the max of a 4x4 block of
// u_src, read from the region u_offset .. u_offset + u_region (texels outside count as 0).
// Repeated down to 1x1, the frame's max density stays on the GPU (no read-back stall).
uniform sampler2D u_src;
uniform ivec2 u_offset;
uniform ivec2 u_region;
out vec4 frag_color;

void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * 4;
  float m = 0.0;
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) {
      ivec2 q = base + ivec2(x, y);
      if (q.x < u_region.x && q.y < u_region.y) {
        m = max(m, texelFetch(u_src, u_offset + q, 0).r);
      }
    }
  }
  frag_color = vec4(m, 0.0, 0.0, 0.0);
}
