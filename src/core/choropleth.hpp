#pragma once
// A choropleth: per-feature values classified into colour classes, plus what a legend needs.
#include <cstdint>
#include <string>
#include <vector>

#include "core/color.hpp"

namespace biodash {

struct Choropleth {
  std::string title;                  // legend title, e.g. "Observations per polygon"
  std::string unit;                   // e.g. "records"
  std::vector<double> values;         // per feature
  std::vector<double> edges;          // class edges, ascending (classes + 1 values)
  std::vector<Rgba> class_colors;     // one per class
  std::vector<std::string> class_labels;  // one per class, e.g. "0", "1 – 4", "5 – 12"
  std::vector<uint32_t> feature_rgba; // per feature fill colour, pack_rgba()
};

// Quantile classes (at most `classes`) over the values, coloured with viridis.
// Zero-valued features get their own first class "0" so "no records" stands out.
Choropleth make_choropleth(const std::vector<double>& values, std::string title,
                           std::string unit, int classes = 5);

}  // namespace biodash
