#pragma once
// Colour ramps and class breaks for choropleths (core: used by GUI, render CLI and tests).
#include <cstdint>
#include <string>
#include <vector>

namespace biodash {

struct Rgba {
  float r = 0, g = 0, b = 0, a = 1;  // 0..1
};

// Viridis (perceptually uniform, colour-blind safe), t in [0,1].
Rgba viridis(double t);

// Class breaks for a choropleth: `classes` classes, quantile breaks over the values.
// Returns classes+1 ascending edges (first = min, last = max); fewer when values repeat.
std::vector<double> quantile_breaks(std::vector<double> values, int classes);
// Index of the class for v given edges (0..edges.size()-2).
int class_of(double v, const std::vector<double>& edges);

// Packs to 0xAABBGGRR (GL RGBA8 byte order on little-endian).
uint32_t pack_rgba(const Rgba& c);

}  // namespace biodash
