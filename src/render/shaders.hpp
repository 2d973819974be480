#pragma once
// GLSL sources from shaders/*.glsl, embedded at build time by cmake/embed_shaders.cmake.
#include <map>
#include <string>

namespace biodash::shaders {

// Every embedded shader source keyed by file name ("fill.vert.glsl", "point.frag.glsl", ...).
const std::map<std::string, std::string>& all();

}  // namespace biodash::shaders
