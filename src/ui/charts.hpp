#pragma once
// Small charts drawn with ImGui draw lists (no plotting library): axes with round ticks and
// labels, bars and lines. Used by the Selection and Before/after panels.
#include <imgui.h>

#include <string>
#include <vector>

namespace biodash::ui {

struct ChartSeries {
  std::string name;       // legend text
  std::vector<double> y;  // one value per x (NaN = gap)
  ImU32 color = 0;
  bool bars = false;        // bars (else a line with dots)
  bool right_axis = false;  // scaled on the right-hand axis
};

// A chart `height` pixels high over the available width. `x` ascending (e.g. years); bars of
// several series are drawn side by side. x labels are printed as integers.
void draw_chart(const char* id, const std::vector<double>& x,
                const std::vector<ChartSeries>& series, float height,
                const std::string& x_label = "", const std::string& y_label = "",
                const std::string& y2_label = "");

// Round tick values (1, 2, 5 × 10^k) covering [lo, hi], at most about `max_ticks`.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

}  // namespace biodash::ui
