#version 330 core
// Flat colour from the vertex stage (fill and lines).
flat in vec4 v_color;
out vec4 frag_color;

void main() {
  frag_color = v_color;
}
