#include "core/color.hpp"

#include <algorithm>
#include <cmath>

namespace biodash {

Rgba viridis(double t) {
  // Viridis sampled at 9 even stops (matplotlib's _viridis_data), linearly interpolated.
  static const float stops[9][3] = {
      {0.267004f, 0.004874f, 0.329415f}, {0.282623f, 0.140926f, 0.457517f},
      {0.253935f, 0.265254f, 0.529983f}, {0.206756f, 0.371758f, 0.553117f},
      {0.163625f, 0.471133f, 0.558148f}, {0.127568f, 0.566949f, 0.550556f},
      {0.134692f, 0.658636f, 0.517649f}, {0.477504f, 0.821444f, 0.318195f},
      {0.993248f, 0.906157f, 0.143936f}};
  if (!(t >= 0)) t = 0;
  if (t > 1) t = 1;
  double f = t * 8.0;
  int i = std::min(7, static_cast<int>(f));
  float u = static_cast<float>(f - i);
  Rgba c;
  c.r = stops[i][0] + (stops[i + 1][0] - stops[i][0]) * u;
  c.g = stops[i][1] + (stops[i + 1][1] - stops[i][1]) * u;
  c.b = stops[i][2] + (stops[i + 1][2] - stops[i][2]) * u;
  c.a = 1.0f;
  return c;
}

std::vector<double> quantile_breaks(std::vector<double> values, int classes) {
  std::vector<double> edges;
  if (values.empty() || classes < 1) return edges;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  edges.push_back(values.front());
  for (int k = 1; k < classes; ++k) {
    // Type-7 quantile (linear interpolation between order statistics).
    double h = (n - 1) * static_cast<double>(k) / classes;
    size_t lo = static_cast<size_t>(std::floor(h));
    size_t hi = std::min(n - 1, lo + 1);
    double q = values[lo] + (h - lo) * (values[hi] - values[lo]);
    if (q > edges.back()) edges.push_back(q);
  }
  if (values.back() > edges.back() || edges.size() == 1) edges.push_back(values.back());
  return edges;
}

int class_of(double v, const std::vector<double>& edges) {
  if (edges.size() < 2) return 0;
  const int last = static_cast<int>(edges.size()) - 2;
  // Classes are [e0,e1], (e1,e2], ... (right-closed, the first also left-closed).
  for (int i = 0; i <= last; ++i)
    if (v <= edges[i + 1]) return i;
  return last;
}

uint32_t pack_rgba(const Rgba& c) {
  auto b = [](float v) {
    return static_cast<uint32_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  };
  return b(c.r) | (b(c.g) << 8) | (b(c.b) << 16) | (b(c.a) << 24);
}

}  // namespace biodash
