#version 330 core
// Line segments (GL_LINES); widened to screen-space quads by line.geom.glsl.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;

uniform mat4 u_mvp;

flat out uint v_feature;

void main() {
  gl_Position = u_mvp * vec4(a_pos, 0.0, 1.0);
  v_feature = a_feature;
}
