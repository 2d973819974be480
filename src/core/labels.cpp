// Literal tr("...") tables for names of engine values (see labels.hpp).
#include "core/labels.hpp"

#include <cstring>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/observations.hpp"

namespace biodash {

const char* metric_title(Metric m) {
  switch (m) {
    case Metric::Records:
      return tr("Records");
    case Metric::Species:
      return tr("Species richness");
    case Metric::Shannon:
      return tr("Shannon diversity");
    case Metric::Simpson:
      return tr("Simpson diversity");
    case Metric::Chao1:
      return tr("Chao1 richness estimate");
    case Metric::Rarefied:
      return tr("Rarefied richness");
    case Metric::Observers:
      return tr("Observers");
    case Metric::Days:
      return tr("Observation days");
    case Metric::BaciContrast:
      return tr("BACI effect");
    case Metric::Coverage:
      return tr("Sample coverage");
    case Metric::Q0Cov:
      return tr("Richness at equal coverage");
    case Metric::Q1Cov:
      return tr("Shannon diversity at equal coverage");
    case Metric::Q2Cov:
      return tr("Simpson diversity at equal coverage");
  }
  return metric_title_en(m);
}

const char* metric_unit(Metric m) {
  switch (m) {
    case Metric::Records:
      return tr("records");
    case Metric::Species:
      return tr("species");
    case Metric::Shannon:
      return "H'";  // a symbol, the same in every language
    case Metric::Simpson:
      return "1 \u2212 \u03a3p\u00b2";
    case Metric::Chao1:
      return tr("species (estimated)");
    case Metric::Rarefied:
      return tr("expected species");
    case Metric::Observers:
      return tr("observers");
    case Metric::Days:
      return tr("days");
    case Metric::BaciContrast:
      return tr("Δ species");
    case Metric::Coverage:
      return tr("share of individuals");
    case Metric::Q0Cov:
      return tr("species");
    case Metric::Q1Cov:
    case Metric::Q2Cov:
      return tr("effective species");
  }
  return metric_unit_en(m);
}

const char* month_abbrev(unsigned m) {
  switch (m) {
    case 1:
      return tr("Jan");
    case 2:
      return tr("Feb");
    case 3:
      return tr("Mar");
    case 4:
      return tr("Apr");
    case 5:
      return tr("May");
    case 6:
      return tr("Jun");
    case 7:
      return tr("Jul");
    case 8:
      return tr("Aug");
    case 9:
      return tr("Sep");
    case 10:
      return tr("Oct");
    case 11:
      return tr("Nov");
    case 12:
      return tr("Dec");
    default:
      return "?";
  }
}

std::string taxon_group_label(const std::string& g) {
  // The demo's groups (taxonGroup column) and a few more common ones.
  const char* const table[][2] = {
      {"amphibians", tr("amphibians")},
      {"arachnids", tr("arachnids")},
      {"birds", tr("birds")},
      {"fish", tr("fish")},
      {"fungi", tr("fungi")},
      {"insects", tr("insects")},
      {"mammals", tr("mammals")},
      {"molluscs", tr("molluscs")},
      {"mosses", tr("mosses")},
      {"reptiles", tr("reptiles")},
      {"vascular plants", tr("vascular plants")},
      {"plants", tr("plants")},
      {"lichens", tr("lichens")},
      {"other", tr("other")},
  };
  for (const auto& row : table)
    if (g == row[0]) return row[1];
  return g;
}

std::string treatment_label(const std::string& t) {
  // Polderlab Vrouw Venne treatments (the plots layer's `treatment` field).
  const char* const table[][2] = {
      {"control", tr("control")},
      {"shallow", tr("shallow rewetting")},
      {"deep", tr("deep rewetting")},
  };
  // The demo writes "shallow rewetting" / "deep rewetting"; "shallow" / "deep" also occur.
  const std::string key = t.size() > 10 && t.compare(t.size() - 10, 10, " rewetting") == 0
                              ? t.substr(0, t.size() - 10)
                              : t;
  for (const auto& row : table)
    if (key == row[0]) return row[1];
  return t;
}

const WindowLength* window_lengths(size_t& n) {
  // Rebuilt per call: the labels follow the UI language.
  static thread_local WindowLength table[6];
  const WindowLength now[] = {{30, tr("1 month")}, {91, tr("3 months")}, {182, tr("6 months")},
                              {365, tr("1 year")}, {730, tr("2 years")}, {1826, tr("5 years")}};
  std::memcpy(table, now, sizeof now);
  n = sizeof now / sizeof now[0];
  return table;
}

std::string hex_grid_name(double edge_m) {
  return std::string(tr("Hex grid")) + " " + format_number(edge_m, 0) + " m";
}

std::string feature_title(const Layer& l, size_t feature) {
  if (l.store) {  // an observation: its taxon (vernacular name in the UI language) and date
    const ObservationStore& s = *l.store;
    if (feature >= s.size()) return "#" + std::to_string(feature);
    std::string title = fill(tr("Record %s"), {std::to_string(feature_fid(l, feature))});
    if (s.taxon[feature] < s.taxa.size()) {
      const Taxon& t = s.taxa[s.taxon[feature]];
      const std::string& v = language() == Language::Dutch ? t.vernacular_nl : t.vernacular_en;
      title = v.empty() ? t.scientific_name : v + " (" + t.scientific_name + ")";
    }
    if (s.day[feature] != kUnknownDay) title += " · " + iso_date(s.day[feature]);
    return title;
  }
  if (feature >= l.values.size()) return "#" + std::to_string(feature);
  // A field that names the feature: "...naam", "name", "title" (CBS: buurtnaam, wijknaam).
  for (size_t f = 0; f < l.fields.size() && f < l.values[feature].size(); ++f) {
    std::string lower = l.fields[f];
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((lower.find("naam") != std::string::npos || lower == "name" ||
         lower.find("name") != std::string::npos || lower == "title") &&
        !l.values[feature][f].empty()) {
      return l.values[feature][f];
    }
  }
  return fill(tr("Feature %s"), {std::to_string(feature_fid(l, feature))});
}

}  // namespace biodash
