#pragma once
// Small charts drawn with ImGui draw lists (no plotting library): axes with round ticks and
// labels, bars and lines. Used by the Selection and Before/after panels.
#include <imgui.h>

#include <string>
#include <utility>
#include <vector>

namespace biodash::ui {

struct ChartSeries {
  ChartSeries(std::string name_, std::vector<double> y_, ImU32 color_, bool bars_ = false,
              bool right_axis_ = false)
      : name(std::move(name_)),
        y(std::move(y_)),
        color(color_),
        bars(bars_),
        right_axis(right_axis_) {}
  std::string name;       // legend text
  std::vector<double> y;  // one value per x (NaN = gap)
  ImU32 color = 0;
  bool bars = false;              // bars (else a line with dots)
  bool right_axis = false;        // scaled on the right-hand axis
  std::vector<double> lo, hi;     // a band (e.g. a 95 % interval) per x, drawn under the line
  size_t dashed_from = SIZE_MAX;  // segments from this x index on are dashed (extrapolated)
  bool points_only = false;       // dots without lines (values per period)
};

// A vertical line at a (fractional) x index with a label, e.g. an intervention date.
struct ChartMarker {
  double at = 0;  // x index (0.5 = between the first and second value)
  std::string label;
};

// A chart `height` pixels high over the available width. `x` ascending (e.g. years); bars of
// several series are drawn side by side. x labels are printed as integers.
void draw_chart(const char* id, const std::vector<double>& x,
                const std::vector<ChartSeries>& series, float height,
                const std::string& x_label = "", const std::string& y_label = "",
                const std::string& y2_label = "", const std::vector<ChartMarker>& markers = {});

// Round tick values (1, 2, 5 × 10^k) covering [lo, hi], at most about `max_ticks`.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

}  // namespace biodash::ui
