#pragma once
// A choropleth: per-feature values classified into colour classes, plus what a legend needs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/classify.hpp"
#include "core/color.hpp"

namespace biodash {

struct Choropleth {
  std::string title;                      // legend title, e.g. "Observations per polygon"
  std::string unit;                       // e.g. "records"
  std::vector<double> values;             // per feature
  std::vector<double> edges;              // class edges, ascending (classes + 1 values)
  std::vector<Rgba> class_colors;         // one per class
  std::vector<std::string> class_labels;  // one per class, e.g. "0", "1 – 4", "5 – 12"
  std::vector<uint32_t> feature_rgba;     // per feature fill colour, pack_rgba()
  std::vector<uint8_t> low_effort;        // per feature: 1 = too few records to judge (drawn
                                          // hatched/faded, "low effort" legend entry); may be empty
  std::string filter_text;                // active filter shown under the legend title ("" none)
  std::string map_title;                  // title of an exported map: title · filter_text
  std::string low_effort_label;           // legend row of the hatched areas ("" none flagged)
  std::string note;  // the rule behind the values, under the classes (e.g. the species rule)
};

// How values become classes and colours.
struct ChoroplethStyle {
  BreakMethod method = BreakMethod::Quantile;
  int classes = 5;
  Palette palette = Palette::Viridis;
  bool zero_class = true;  // sequential palettes: value 0 gets its own grey class "0"
  // Diverging palettes: classes are symmetric around 0 (edges -a..+a, a = max |value|), and the
  // class containing 0 takes the neutral centre colour.
  bool operator==(const ChoroplethStyle&) const = default;
};

// Classifies `values` with `style` (the one place class breaks are made: core/thematic.hpp
// calls it for every face). Its fixed words ("no data", the low-effort row) are in language().
// `low_effort` (per feature, may be empty) is copied into the result; those features are still
// classified (their colour is kept for the fill underneath the hatching). NaN values (metric
// undefined, e.g. Shannon of an empty area) get the neutral grey "no data" colour and take no part
// in the breaks.
Choropleth make_choropleth(const std::vector<double>& values, std::string title, std::string unit,
                           const ChoroplethStyle& style, std::vector<uint8_t> low_effort = {});

// Quantile classes (at most `classes`) over the values, coloured with viridis; zero gets its
// own grey class "0" so "no records" stands out (make_choropleth with the default style).
Choropleth make_choropleth(const std::vector<double>& values, std::string title, std::string unit,
                           int classes = 5);

// The legend on one line, as written into an exported PNG's metadata and compared by tests:
// "TITLE (UNIT) · FILTER: CLASS | CLASS | ... | LOW-EFFORT ROW" (parts left out when empty).
std::string legend_text(const Choropleth& c);

// `values` coloured with the classes of `fixed` (its edges, colours and labels kept), e.g. the
// kiosk's time steps, which keep the last step's classes so colours keep their meaning.
Choropleth reclassify(const Choropleth& fixed, const std::vector<double>& values);

}  // namespace biodash
