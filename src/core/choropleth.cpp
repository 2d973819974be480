#include "core/choropleth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace biodash {

Choropleth make_choropleth(const std::vector<double>& values, std::string title, std::string unit,
                           int classes) {
  Choropleth c;
  c.title = std::move(title);
  c.unit = std::move(unit);
  c.values = values;
  // Zero gets a class of its own ([0,0]); positive values get quantile classes.
  std::vector<double> positive;
  bool has_zero = false;
  for (double v : values) {
    if (v > 0)
      positive.push_back(v);
    else
      has_zero = true;
  }
  std::vector<double> edges;
  if (has_zero) edges.push_back(0.0);
  if (!positive.empty()) {
    auto q = quantile_breaks(positive, std::max(1, classes - (has_zero ? 1 : 0)));
    if (has_zero) {
      edges.push_back(0.0);  // [0,0] zero class; next class is (0, q1]
      for (size_t i = 1; i < q.size(); ++i) edges.push_back(q[i]);
      if (q.size() == 1) edges.push_back(q[0]);
    } else {
      edges = q;
      if (edges.size() == 1) edges.push_back(edges[0]);
    }
  } else if (has_zero) {
    edges.push_back(0.0);
  }
  c.edges = edges;
  const int n_classes = std::max(1, static_cast<int>(edges.size()) - 1);
  for (int i = 0; i < n_classes; ++i) {
    Rgba col = viridis(n_classes == 1 ? 0.5 : static_cast<double>(i) / (n_classes - 1));
    if (has_zero && i == 0) col = Rgba{0.85f, 0.85f, 0.85f, 1.0f};  // "no records": neutral grey
    c.class_colors.push_back(col);
  }
  // Labels. Classes are right-closed: [e0,e1], (e1,e2], ... For whole numbers (counts) the
  // open lower end is written as the next integer, so "(0, 26]" reads "1 – 26".
  bool integers = std::all_of(values.begin(), values.end(),
                              [](double v) { return std::floor(v) == v; });
  auto fmt = [&](double v) {
    char b[32];
    if (integers)
      std::snprintf(b, sizeof b, "%.0f", v);
    else
      std::snprintf(b, sizeof b, "%.3g", v);
    return std::string(b);
  };
  for (int i = 0; i < n_classes && i + 1 < static_cast<int>(edges.size()); ++i) {
    double lo = edges[i], hi = edges[i + 1];
    if (integers) {
      if (i > 0) lo = std::floor(lo) + 1;
      hi = std::floor(hi);
    }
    c.class_labels.push_back(lo >= hi ? fmt(hi) : fmt(lo) + " \u2013 " + fmt(hi));
  }
  c.feature_rgba.reserve(values.size());
  for (double v : values) c.feature_rgba.push_back(pack_rgba(c.class_colors[class_of(v, edges)]));
  return c;
}

}  // namespace biodash
