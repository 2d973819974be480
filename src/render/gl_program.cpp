#include "render/gl_program.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "render/shaders.hpp"

namespace biodash {

const std::string& shader_source(const std::string& name) {
  const auto& all = shaders::all();
  auto it = all.find(name);
  if (it == all.end()) throw Error("embedded shader missing: " + name);
  return it->second;
}

gl::Shader compile(GLenum type, const std::string& name) {
  gl::Shader s(glCreateShader(type));
  const char* src = shader_source(name).c_str();
  glShaderSource(s.get(), 1, &src, nullptr);
  glCompileShader(s.get());
  GLint ok = 0;
  glGetShaderiv(s.get(), GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetShaderiv(s.get(), GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
    glGetShaderInfoLog(s.get(), len, nullptr, log.data());
    throw Error("compiling shader " + name + " failed: " + log);
  }
  return s;
}

gl::Program link(const std::string& label,
                 std::initializer_list<std::pair<GLenum, const char*>> parts) {
  gl::Program p = gl::Program::create();
  std::vector<gl::Shader> shaders;
  for (const auto& [type, name] : parts) {
    shaders.push_back(compile(type, name));
    glAttachShader(p.get(), shaders.back().get());
  }
  glLinkProgram(p.get());
  GLint ok = 0;
  glGetProgramiv(p.get(), GL_LINK_STATUS, &ok);
  for (const auto& s : shaders) glDetachShader(p.get(), s.get());
  if (!ok) {
    GLint len = 0;
    glGetProgramiv(p.get(), GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
    glGetProgramInfoLog(p.get(), len, nullptr, log.data());
    throw Error("linking shader program " + label + " failed: " + log);
  }
  return p;
}

}  // namespace biodash
