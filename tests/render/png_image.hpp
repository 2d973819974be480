#pragma once
// Test helpers: a decoded PNG (stb_image) and colour distances, for pixel checks of rendered
// images.
#include <stb/stb_image.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/color.hpp"

namespace biodash::test {

struct Image {
  int w = 0, h = 0;                 // size in pixels (0 when the file did not decode)
  std::vector<unsigned char> rgba;  // top row first
  std::array<int, 3> at(int x, int y) const {
    const size_t i = (size_t(y) * w + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
};

inline Image load_png(const std::string& path) {
  Image im;
  int n = 0;
  unsigned char* px = stbi_load(path.c_str(), &im.w, &im.h, &n, 4);
  if (px == nullptr) return im;
  im.rgba.assign(px, px + size_t(im.w) * im.h * 4);
  stbi_image_free(px);
  return im;
}

// Manhattan distance of two RGB triples (0..765).
inline int distance(const std::array<int, 3>& a, const std::array<int, 3>& b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

inline std::array<int, 3> rgb(const Rgba& c) {
  return {int(std::lround(c.r * 255)), int(std::lround(c.g * 255)), int(std::lround(c.b * 255))};
}

}  // namespace biodash::test
