#pragma once
// User-visible names of engine values, each a literal tr("...") entry (so the i18n scanner,
// tests/app/i18n_test.cpp, sees every one): metric titles and units, month abbreviations,
// time-window lengths, taxon groups and Polderlab treatments. Values not in the tables (a
// taxon group or treatment named differently in a user's file) are shown as given.
#include <cstdint>
#include <string>

#include "core/analysis.hpp"
#include "core/layer.hpp"

namespace biodash {

const char* metric_title(Metric m);    // tr("Species richness"), ...
const char* metric_unit(Metric m);     // tr("species"), ...
const char* month_abbrev(unsigned m);  // 1..12: tr("Jan") ... tr("Dec"); "?" otherwise
std::string taxon_group_label(const std::string& group);    // tr("birds"), ... else as given
std::string treatment_label(const std::string& treatment);  // tr("control"), ... else as given
// The name of feature `feature` of `l` as lists, legends and reports show it: the value of a
// field that names it ("...naam", "name", "title"), else "Feature FID".
std::string feature_title(const Layer& l, size_t feature);
// The name of a hex grid of edge `edge_m` as legends and lists show it: "Hex grid 250 m".
std::string hex_grid_name(double edge_m);

// Time-window lengths of the time bar.
struct WindowLength {
  int32_t days;
  const char* label;  // translated
};
// The lengths offered (1 month .. 5 years), shortest first; labels in the UI language.
const WindowLength* window_lengths(size_t& n);

}  // namespace biodash
