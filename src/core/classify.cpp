#include "core/classify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace biodash {
namespace {

// Sorted finite values.
std::vector<double> finite_sorted(std::vector<double>& values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  std::sort(values.begin(), values.end());
  return std::move(values);
}

std::vector<double> equal_breaks(const std::vector<double>& v, int classes) {
  const double lo = v.front(), hi = v.back();
  std::vector<double> e{lo};
  for (int k = 1; k < classes; ++k) e.push_back(lo + (hi - lo) * k / classes);
  e.push_back(hi);
  return e;
}

// Fisher's exact optimal partition of sorted values into `classes` groups of consecutive
// values minimising the summed within-group squared deviation (what Jenks' natural breaks
// approximate). Works on the distinct values with their multiplicities; the layer-by-layer
// dynamic programme uses divide and conquer over the split point, which is exact here because
// the optimal split is monotone in the right end for 1-D squared-error clustering
// (Grønlund et al. 2017, "Fast exact k-means, k-medians and Bregman divergence clustering in
// 1D"). O(classes · d log d) for d distinct values.
std::vector<double> natural_breaks(const std::vector<double>& v, int classes) {
  std::vector<double> x;  // distinct values
  std::vector<double> w;  // multiplicities
  for (double a : v) {
    if (x.empty() || a != x.back()) {
      x.push_back(a);
      w.push_back(1);
    } else {
      w.back() += 1;
    }
  }
  const size_t d = x.size();
  const int k = static_cast<int>(std::min<size_t>(static_cast<size_t>(classes), d));
  // Prefix sums of weights, centred values and their squares (centring keeps S2 - S1²/W exact
  // enough for large magnitudes).
  const double centre = (x.front() + x.back()) / 2;
  std::vector<double> W(d + 1, 0), S1(d + 1, 0), S2(d + 1, 0);
  for (size_t i = 0; i < d; ++i) {
    const double c = x[i] - centre;
    W[i + 1] = W[i] + w[i];
    S1[i + 1] = S1[i] + w[i] * c;
    S2[i + 1] = S2[i] + w[i] * c * c;
  }
  // Squared deviation of distinct values [a, b).
  auto cost = [&](size_t a, size_t b) {
    const double ww = W[b] - W[a], s1 = S1[b] - S1[a], s2 = S2[b] - S2[a];
    return std::max(0.0, s2 - s1 * s1 / ww);
  };
  const double inf = std::numeric_limits<double>::infinity();
  // prev[j]: best cost of the first j values in (layer) groups; arg[layer][j]: start of the
  // last group.
  std::vector<double> prev(d + 1, inf), cur(d + 1, inf);
  std::vector<std::vector<size_t>> arg(static_cast<size_t>(k) + 1, std::vector<size_t>(d + 1, 0));
  for (size_t j = 1; j <= d; ++j) prev[j] = cost(0, j);
  for (int layer = 2; layer <= k; ++layer) {
    std::fill(cur.begin(), cur.end(), inf);
    auto& a = arg[static_cast<size_t>(layer)];
    // cur[j] for j in [jlo, jhi], optimal split known to lie in [olo, ohi].
    struct Frame {
      size_t jlo, jhi, olo, ohi;
    };
    std::vector<Frame> stack{
        {static_cast<size_t>(layer), d, static_cast<size_t>(layer - 1), d - 1}};
    while (!stack.empty()) {
      const Frame f = stack.back();
      stack.pop_back();
      if (f.jlo > f.jhi) continue;
      const size_t j = f.jlo + (f.jhi - f.jlo) / 2;
      double best = inf;
      size_t best_i = f.olo;
      for (size_t i = f.olo; i <= std::min(f.ohi, j - 1); ++i) {
        const double c = prev[i] + cost(i, j);
        if (c < best) {
          best = c;
          best_i = i;
        }
      }
      cur[j] = best;
      a[j] = best_i;
      if (j > f.jlo) stack.push_back({f.jlo, j - 1, f.olo, best_i});
      stack.push_back({j + 1, f.jhi, best_i, f.ohi});
    }
    std::swap(prev, cur);
  }
  // Walk back: group starts.
  std::vector<size_t> starts;
  size_t j = d;
  for (int layer = k; layer >= 2; --layer) {
    j = arg[static_cast<size_t>(layer)][j];
    starts.push_back(j);
  }
  std::reverse(starts.begin(), starts.end());
  std::vector<double> e{x.front()};
  for (size_t s : starts) e.push_back(x[s - 1]);  // a group's edge is its largest value
  e.push_back(x.back());
  return e;
}

struct Stop {
  float r, g, b;
};

Rgba lerp_stops(const Stop* stops, int n, double t) {
  if (!(t >= 0)) t = 0;
  if (t > 1) t = 1;
  const double f = t * (n - 1);
  const int i = std::min(n - 2, static_cast<int>(f));
  const float u = static_cast<float>(f - i);
  return Rgba{stops[i].r + (stops[i + 1].r - stops[i].r) * u,
              stops[i].g + (stops[i + 1].g - stops[i].g) * u,
              stops[i].b + (stops[i + 1].b - stops[i].b) * u, 1.0f};
}

constexpr Stop hex(uint32_t rgb) {
  return Stop{static_cast<float>((rgb >> 16) & 0xFF) / 255.0f,
              static_cast<float>((rgb >> 8) & 0xFF) / 255.0f,
              static_cast<float>(rgb & 0xFF) / 255.0f};
}

// Cividis (Nuñez, Anderton & Renslow 2018, PLoS ONE 13(7): e0199239), the 256-entry table of
// pnnl/cmaputil sampled at entries 0, 32, 64, 96, 127.5, 159, 191, 223, 255; from #00204D to
// #FFEA46.
constexpr Stop kCividis[9] = {
    {0.0000f, 0.1262f, 0.3015f}, {0.0236f, 0.2130f, 0.4314f}, {0.2556f, 0.3032f, 0.4201f},
    {0.3798f, 0.3933f, 0.4346f}, {0.4879f, 0.4841f, 0.4711f}, {0.6089f, 0.5803f, 0.4680f},
    {0.7392f, 0.6844f, 0.4352f}, {0.8769f, 0.7962f, 0.3684f}, {1.0000f, 0.9169f, 0.2731f}};
// ColorBrewer 2.0 (Brewer, Penn State) 7-class diverging schemes, low to high.
constexpr Stop kPuOr[7] = {hex(0xb35806), hex(0xf1a340), hex(0xfee0b6), hex(0xf7f7f7),
                           hex(0xd8daeb), hex(0x998ec3), hex(0x542788)};
constexpr Stop kBrBG[7] = {hex(0x8c510a), hex(0xd8b365), hex(0xf6e8c3), hex(0xf5f5f5),
                           hex(0xc7eae5), hex(0x5ab4ac), hex(0x01665e)};

}  // namespace

const char* to_string(BreakMethod m) {
  switch (m) {
    case BreakMethod::Quantile:
      return "quantile";
    case BreakMethod::EqualInterval:
      return "equal";
    case BreakMethod::NaturalBreaks:
      return "natural";
  }
  return "quantile";
}

std::optional<BreakMethod> parse_break_method(std::string_view s) {
  for (BreakMethod m :
       {BreakMethod::Quantile, BreakMethod::EqualInterval, BreakMethod::NaturalBreaks}) {
    if (s == to_string(m)) return m;
  }
  return std::nullopt;
}

std::vector<double> class_breaks(std::vector<double> values, int classes, BreakMethod m) {
  const std::vector<double> v = finite_sorted(values);
  if (v.empty()) return {};
  if (v.front() == v.back()) return {v.front(), v.front()};
  size_t distinct = 1;
  for (size_t i = 1; i < v.size(); ++i) distinct += v[i] != v[i - 1];
  const int k =
      static_cast<int>(std::min<size_t>(static_cast<size_t>(std::max(1, classes)), distinct));
  switch (m) {
    case BreakMethod::Quantile:
      return quantile_breaks(v, k);
    case BreakMethod::EqualInterval:
      return equal_breaks(v, k);
    case BreakMethod::NaturalBreaks:
      return natural_breaks(v, k);
  }
  return quantile_breaks(v, k);
}

const char* to_string(Palette p) {
  switch (p) {
    case Palette::Viridis:
      return "viridis";
    case Palette::Cividis:
      return "cividis";
    case Palette::PuOr:
      return "puor";
    case Palette::BrBG:
      return "brbg";
  }
  return "viridis";
}

std::optional<Palette> parse_palette(std::string_view s) {
  for (Palette p : {Palette::Viridis, Palette::Cividis, Palette::PuOr, Palette::BrBG}) {
    if (s == to_string(p)) return p;
  }
  return std::nullopt;
}

bool is_diverging(Palette p) {
  return p == Palette::PuOr || p == Palette::BrBG;
}

Rgba palette_color(Palette p, double t) {
  switch (p) {
    case Palette::Viridis:
      return viridis(t);
    case Palette::Cividis:
      return lerp_stops(kCividis, 9, t);
    case Palette::PuOr:
      return lerp_stops(kPuOr, 7, t);
    case Palette::BrBG:
      return lerp_stops(kBrBG, 7, t);
  }
  return viridis(t);
}

}  // namespace biodash
