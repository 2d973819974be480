#version 330 core
// One basemap tile: a quad from gl_VertexID (triangle strip of 4, no vertex buffer) over the
// tile's rectangle, given relative to the origin of u_mvp (float precision near the tile).
uniform mat4 u_mvp;
uniform vec4 u_rect;  // minx, miny, maxx, maxy relative to the matrix's origin
out vec2 v_uv;
void main() {
  vec2 c = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));  // (0,0) (1,0) (0,1) (1,1)
  v_uv = vec2(c.x, 1.0 - c.y);  // texture rows run from the north
  gl_Position = u_mvp * vec4(mix(u_rect.xy, u_rect.zw, c), 0.0, 1.0);
}
