#include "core/choropleth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/i18n.hpp"

namespace biodash {
namespace {

const Rgba kZeroGrey{0.85f, 0.85f, 0.85f, 1.0f};    // the "0" (no records) class
const Rgba kNoDataGrey{0.62f, 0.62f, 0.62f, 1.0f};  // NaN: metric undefined ("no data")

// A legend number: whole numbers as such, others with 3 significant digits ("0.52", "1.3",
// "-12"); large magnitudes without exponent notation.
std::string format_number(double v, bool integers) {
  if (v == 0) v = 0;  // no "-0"
  char b[48];
  if (integers || std::fabs(v) >= 1000)
    std::snprintf(b, sizeof b, "%.0f", v);
  else
    std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

// Labels of right-closed classes [e0,e1], (e1,e2], ...: for whole numbers the open lower end
// is written as the next integer, so "(0, 26]" reads "1 – 26".
std::vector<std::string> class_labels(const std::vector<double>& edges, bool integers) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < edges.size(); ++i) {
    double lo = edges[i], hi = edges[i + 1];
    if (integers) {
      if (i > 0) lo = std::floor(lo) + 1;
      hi = std::floor(hi);
    }
    const std::string a = format_number(lo, integers), b = format_number(hi, integers);
    out.push_back(lo >= hi || a == b ? b : a + " \u2013 " + b);
  }
  return out;
}

}  // namespace

Choropleth make_choropleth(const std::vector<double>& values, std::string title, std::string unit,
                           const ChoroplethStyle& style, std::vector<uint8_t> low_effort) {
  Choropleth c;
  c.title = std::move(title);
  c.unit = std::move(unit);
  c.values = values;
  c.low_effort = std::move(low_effort);
  c.map_title = c.title;
  const int classes = std::max(1, style.classes);
  std::vector<double> finite;
  bool has_nan = false;
  for (double v : values) {
    if (std::isfinite(v))
      finite.push_back(v);
    else
      has_nan = true;
  }
  std::vector<double> edges;
  if (!finite.empty() && is_diverging(style.palette)) {
    // Symmetric classes around 0 with a neutral centre class [-c1, c1]: the break method runs
    // on |v| for the half (classes/2 + 1 classes, so an even count becomes the next odd one),
    // its lowest edge pinned to 0, and is mirrored.
    std::vector<double> a;
    for (double v : finite) a.push_back(std::fabs(v));
    const double amax = *std::max_element(a.begin(), a.end());
    if (amax == 0) {
      edges = {0, 0};
    } else {
      std::vector<double> h = class_breaks(a, classes / 2 + 1, style.method);
      h[0] = 0;
      for (size_t i = h.size() - 1; i >= 1; --i) edges.push_back(-h[i]);
      for (size_t i = 1; i < h.size(); ++i) edges.push_back(h[i]);
    }
    const int n = static_cast<int>(edges.size()) - 1;
    const int mid = (n - 1) / 2;
    for (int i = 0; i < n; ++i) {
      const double t = mid == 0 ? 0.5 : 0.5 + 0.5 * static_cast<double>(i - mid) / mid;
      c.class_colors.push_back(palette_color(style.palette, t));
    }
  } else if (!finite.empty()) {
    const double lo = *std::min_element(finite.begin(), finite.end());
    const bool zero = style.zero_class && lo == 0;
    if (zero) {
      // [0,0] first ("0", grey), then the classes of the positive values.
      std::vector<double> positive;
      for (double v : finite)
        if (v > 0) positive.push_back(v);
      edges = {0, 0};
      if (!positive.empty()) {
        const std::vector<double> q =
            class_breaks(positive, std::max(1, classes - 1), style.method);
        for (size_t i = 1; i < q.size(); ++i) edges.push_back(q[i]);
      }
    } else {
      edges = class_breaks(finite, classes, style.method);
    }
    const int n = static_cast<int>(edges.size()) - 1;
    const int first = zero ? 1 : 0;
    for (int i = 0; i < n; ++i) {
      if (i < first) {
        c.class_colors.push_back(kZeroGrey);
        continue;
      }
      const int k = n - first;  // coloured classes
      const double t = k == 1 ? 0.5 : static_cast<double>(i - first) / (k - 1);
      c.class_colors.push_back(palette_color(style.palette, t));
    }
  }
  c.edges = edges;
  const bool integers =
      std::all_of(finite.begin(), finite.end(), [](double v) { return std::floor(v) == v; });
  c.class_labels = class_labels(edges, integers);
  const size_t n_classes = c.class_colors.size();
  if (has_nan) {
    c.class_colors.push_back(kNoDataGrey);
    c.class_labels.push_back(tr("no data"));
  }
  c.feature_rgba.reserve(values.size());
  for (double v : values) {
    const Rgba& col =
        !std::isfinite(v) || n_classes == 0 ? kNoDataGrey : c.class_colors[class_of(v, edges)];
    c.feature_rgba.push_back(pack_rgba(col));
  }
  if (std::any_of(c.low_effort.begin(), c.low_effort.end(), [](uint8_t f) { return f != 0; }))
    c.low_effort_label = tr("low effort (too few records)");
  return c;
}

Choropleth make_choropleth(const std::vector<double>& values, std::string title, std::string unit,
                           int classes) {
  ChoroplethStyle style;
  style.classes = classes;
  return make_choropleth(values, std::move(title), std::move(unit), style);
}

std::string legend_text(const Choropleth& c) {
  std::string t = c.title;
  if (!c.unit.empty()) t += " (" + c.unit + ")";
  if (!c.filter_text.empty()) t += " \u00b7 " + c.filter_text;
  std::string classes;
  for (const std::string& l : c.class_labels) classes += (classes.empty() ? "" : " | ") + l;
  if (!c.low_effort_label.empty()) classes += (classes.empty() ? "" : " | ") + c.low_effort_label;
  return classes.empty() ? t : t + ": " + classes;
}

Choropleth reclassify(const Choropleth& fixed, const std::vector<double>& values) {
  Choropleth c = fixed;
  c.values = values;
  c.low_effort.clear();
  c.low_effort_label.clear();
  const size_t n_classes =
      std::min(c.class_colors.size(), c.edges.empty() ? 0 : c.edges.size() - 1);
  c.feature_rgba.clear();
  for (double v : values) {
    const Rgba& col =
        !std::isfinite(v) || n_classes == 0 ? kNoDataGrey : c.class_colors[class_of(v, c.edges)];
    c.feature_rgba.push_back(pack_rgba(col));
  }
  return c;
}

}  // namespace biodash
