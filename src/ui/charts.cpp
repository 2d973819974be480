// Draw-list charts for the panels (see charts.hpp).
#include "ui/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace biodash::ui {

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || max_ticks < 1) {
    if (std::isfinite(lo)) out.push_back(lo);
    return out;
  }
  const double raw = (hi - lo) / max_ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * p;
    if (step >= raw) break;
  }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return out;
}

namespace {

std::string tick_text(double v) {
  char b[32];
  if (std::abs(v) >= 10000)
    std::snprintf(b, sizeof b, "%.0fk", v / 1000);
  else if (v == std::floor(v))
    std::snprintf(b, sizeof b, "%.0f", v);
  else
    std::snprintf(b, sizeof b, "%.2g", v);
  return b;
}

// The range of one axis' values and bands, 0 included: {lowest, highest}.
std::pair<double, double> range_of(const std::vector<ChartSeries>& s, bool right) {
  double lo = 0, hi = 0;
  for (const auto& c : s)
    if (c.right_axis == right)
      for (const auto* v : {&c.y, &c.lo, &c.hi})
        for (double x : *v)
          if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  return {lo, hi};
}

// A dashed segment a -> b.
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width, float dash) {
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  for (float t = 0; t < len; t += 2 * dash) {
    const float t1 = std::min(len, t + dash);
    dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len),
                ImVec2(a.x + dx * t1 / len, a.y + dy * t1 / len), col, width);
  }
}

}  // namespace

void draw_chart(const char* id, const std::vector<double>& x,
                const std::vector<ChartSeries>& series, float height, const std::string& x_label,
                const std::string& y_label, const std::string& y2_label,
                const std::vector<ChartMarker>& markers) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float fs = ImGui::GetFontSize();
  // The legend wraps onto more rows when the names do not fit the width; the chart grows by
  // those rows (the plot keeps its height).
  const float legend_x0 = fs * 2.4f, legend_x1 = w - fs * 0.5f;
  auto item_w = [&](const ChartSeries& s) {
    return fs * 0.9f + ImGui::CalcTextSize(s.name.c_str()).x + fs * 0.8f;
  };
  int legend_rows = 1;
  {
    float lx = legend_x0;
    for (const auto& s : series) {
      if (lx > legend_x0 && lx + item_w(s) - fs * 0.8f > legend_x1) {
        ++legend_rows;
        lx = legend_x0;
      }
      lx += item_w(s);
    }
  }
  const float extra = (legend_rows - 1) * fs * 1.2f;
  ImGui::Dummy(ImVec2(w, height + extra));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 axis = IM_COL32(120, 125, 130, 255), grid = IM_COL32(0, 0, 0, 22),
              text = IM_COL32(80, 85, 90, 255);
  const bool has_right =
      std::any_of(series.begin(), series.end(), [](const ChartSeries& s) { return s.right_axis; });
  // Plot area: room for tick labels left (and right), the x labels and a legend row below.
  const float left = p0.x + fs * 2.4f, right = p0.x + w - (has_right ? fs * 2.0f : fs * 0.5f);
  const float top = p0.y + fs * 0.6f, bottom = p0.y + height - fs * 2.6f;
  if (x.empty() || right - left < 40 || bottom - top < 30) {
    dl->AddText(ImVec2(p0.x + 4, p0.y + height / 2 - fs / 2), text, "–");
    ImGui::PopID();
    return;
  }
  const double xmin = x.front(), xmax = x.back();
  const size_t n_bars =
      std::count_if(series.begin(), series.end(), [](const ChartSeries& s) { return s.bars; });
  const double slot = (right - left) / double(x.size());
  auto px = [&](size_t i) { return float(left + slot * (i + 0.5)); };
  (void)xmin;
  (void)xmax;
  const auto [ymin_l, ymax_l] = range_of(series, false);  // below 0: signed (differences)
  const double ymax_r = range_of(series, true).second;
  const auto ticks_l = nice_ticks(ymin_l, std::max(ymin_l < 0 ? ymax_l : 1.0, ymax_l), 4);
  const auto ticks_r = nice_ticks(0, std::max(1.0, ymax_r), 4);
  const double top_l = std::max(ticks_l.back(), ymax_l), top_r = std::max(ticks_r.back(), ymax_r);
  const double base_l = std::min(ticks_l.front(), ymin_l);
  auto py = [&](double v, bool r) {
    const double lo = r ? 0 : base_l, t = r ? top_r : top_l;
    return float(bottom - (bottom - top) * (t > lo ? (v - lo) / (t - lo) : 0));
  };
  // Grid and y ticks.
  for (double t : ticks_l) {
    const float y = py(t, false);
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), grid);
    const std::string s = tick_text(t);
    dl->AddText(ImVec2(left - ImGui::CalcTextSize(s.c_str()).x - 4, y - fs / 2), text, s.c_str());
  }
  if (has_right) {
    for (double t : ticks_r) {
      const std::string s = tick_text(t);
      dl->AddText(ImVec2(right + 4, py(t, true) - fs / 2), text, s.c_str());
    }
  }
  dl->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), axis);
  dl->AddLine(ImVec2(left, top), ImVec2(left, bottom), axis);
  // x labels: as many as fit.
  const float label_w = ImGui::CalcTextSize("0000").x + 6;
  const size_t every = std::max<size_t>(1, size_t(std::ceil(label_w / slot)));
  for (size_t i = 0; i < x.size(); i += every) {
    char b[24];
    std::snprintf(b, sizeof b, "%.0f", x[i]);
    const float tw = ImGui::CalcTextSize(b).x;
    dl->AddText(ImVec2(px(i) - tw / 2, bottom + 2), text, b);
  }
  if (base_l < 0) {  // the zero line of signed values
    const float y0 = py(0, false);
    dl->AddLine(ImVec2(left, y0), ImVec2(right, y0), axis, 1.5f);
  }
  // Bands (intervals) under everything else.
  for (const auto& s : series) {
    if (s.lo.empty() || s.hi.empty()) continue;
    const ImU32 band = (s.color & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 60);
    if (s.points_only) {  // values per period: an error bar with caps at each
      const float cap = 0.2f * fs;
      for (size_t i = 0; i < x.size() && i < s.lo.size() && i < s.hi.size(); ++i) {
        if (!std::isfinite(s.lo[i]) || !std::isfinite(s.hi[i])) continue;
        const float lo = py(s.lo[i], s.right_axis), hi = py(s.hi[i], s.right_axis);
        dl->AddLine(ImVec2(px(i), lo), ImVec2(px(i), hi), s.color, 1.5f);
        dl->AddLine(ImVec2(px(i) - cap, lo), ImVec2(px(i) + cap, lo), s.color, 1.5f);
        dl->AddLine(ImVec2(px(i) - cap, hi), ImVec2(px(i) + cap, hi), s.color, 1.5f);
      }
      continue;
    }
    for (size_t i = 0; i + 1 < x.size() && i + 1 < s.lo.size() && i + 1 < s.hi.size(); ++i) {
      if (!std::isfinite(s.lo[i]) || !std::isfinite(s.hi[i]) || !std::isfinite(s.lo[i + 1]) ||
          !std::isfinite(s.hi[i + 1]))
        continue;
      const ImVec2 q[4] = {ImVec2(px(i), py(s.hi[i], s.right_axis)),
                           ImVec2(px(i + 1), py(s.hi[i + 1], s.right_axis)),
                           ImVec2(px(i + 1), py(s.lo[i + 1], s.right_axis)),
                           ImVec2(px(i), py(s.lo[i], s.right_axis))};
      dl->AddConvexPolyFilled(q, 4, band);
    }
    // A lone value with an interval (a period mean): an error bar.
    for (size_t i = 0; i < x.size() && i < s.lo.size() && i < s.hi.size(); ++i) {
      const bool prev = i > 0 && std::isfinite(s.lo[i - 1]);
      const bool next = i + 1 < s.lo.size() && std::isfinite(s.lo[i + 1]);
      if (std::isfinite(s.lo[i]) && std::isfinite(s.hi[i]) && !prev && !next)
        dl->AddLine(ImVec2(px(i), py(s.lo[i], s.right_axis)),
                    ImVec2(px(i), py(s.hi[i], s.right_axis)), s.color, 2.0f);
    }
  }
  // Markers: a vertical line and its label at the top.
  for (const ChartMarker& m : markers) {
    const float mx = float(left + slot * (m.at + 0.5));
    if (mx < left || mx > right) continue;
    dashed_line(dl, ImVec2(mx, top), ImVec2(mx, bottom), axis, 1.5f, 4.0f);
    const float tw = ImGui::CalcTextSize(m.label.c_str()).x;
    dl->AddText(ImVec2(std::min(mx + 3, right - tw), top - fs * 0.1f), text, m.label.c_str());
  }
  // Bars, side by side within a slot.
  size_t bar_k = 0;
  for (const auto& s : series) {
    if (!s.bars) continue;
    const float bw = float(slot * 0.8 / std::max<size_t>(1, n_bars));
    for (size_t i = 0; i < x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      const float x0 = float(left + slot * i + slot * 0.1 + bw * bar_k);
      dl->AddRectFilled(ImVec2(x0, py(s.y[i], s.right_axis)), ImVec2(x0 + bw - 1, bottom), s.color);
    }
    ++bar_k;
  }
  // Lines with dots.
  for (const auto& s : series) {
    if (s.bars) continue;
    ImVec2 prev;
    bool have = false;
    for (size_t i = 0; i < x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) {
        have = false;
        continue;
      }
      const ImVec2 p(px(i), py(s.y[i], s.right_axis));
      if (have && !s.points_only) {
        if (i > s.dashed_from)
          dashed_line(dl, prev, p, s.color, 2.0f, 5.0f);
        else
          dl->AddLine(prev, p, s.color, 2.0f);
      }
      if (x.size() <= 40 || s.points_only)
        dl->AddCircleFilled(p, s.points_only ? 3.5f : 2.5f, s.color);
      prev = p;
      have = true;
    }
  }
  // Axis titles and legend on one row under the x labels.
  float lx = left;
  float ly = bottom + fs * 1.35f;
  for (const auto& s : series) {
    if (lx > left && lx + item_w(s) - fs * 0.8f > p0.x + legend_x1) {
      lx = left;
      ly += fs * 1.2f;
    }
    dl->AddRectFilled(ImVec2(lx, ly + fs * 0.3f), ImVec2(lx + fs * 0.7f, ly + fs), s.color);
    lx += fs * 0.9f;
    dl->AddText(ImVec2(lx, ly), text, s.name.c_str());
    lx += ImGui::CalcTextSize(s.name.c_str()).x + fs * 0.8f;
  }
  if (!x_label.empty()) {
    const float tw = ImGui::CalcTextSize(x_label.c_str()).x;
    dl->AddText(ImVec2(std::max(lx, right - tw), ly), text, x_label.c_str());
  }
  (void)y_label;
  (void)y2_label;
  if (ImGui::IsItemHovered()) {
    const float mx = ImGui::GetIO().MousePos.x;
    const long i = long((mx - left) / slot);
    if (i >= 0 && size_t(i) < x.size()) {
      ImGui::BeginTooltip();
      ImGui::Text("%.0f", x[size_t(i)]);
      for (const auto& s : series)
        if (size_t(i) < s.y.size() && std::isfinite(s.y[size_t(i)]))
          ImGui::Text("%s: %s", s.name.c_str(), tick_text(s.y[size_t(i)]).c_str());
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
}

}  // namespace biodash::ui
