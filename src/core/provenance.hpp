#pragma once
// What an exported table records about how its numbers were made: the software and date, the
// observations, the filter, the species rule in force (core/species), the standardisation and
// the metric columns. One recipe for every export (`biodash aggregate --out`, the window's CSV
// and GeoPackage export): the GeoPackage keeps the items as layer metadata, a CSV gets them in
// a sidecar `<file>.json` (io/result_writer). Keys and values are in English, whatever the
// interface language, so that a file reads the same everywhere.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace biodash {

struct ProvenanceInputs {
  std::string observations;          // the observation source as the user named it
  std::string areas;                 // the area layer (file:layer) or hex grid description
  std::string filter;                // the filter in words ("" none)
  std::vector<std::string> columns;  // the metric columns written
  bool names_as_given = false;       // species counted as the values of a column, unparsed
  uint64_t rarefy_m = 0;             // rarefied_<m> columns (0 none)
  double coverage = 0;               // q*_cov columns: the common sample coverage (0 none)
  int bootstrap = 0;                 // bootstrap samples behind the intervals
  uint64_t seed = 0;                 // their seed
};

using Provenance = std::vector<std::pair<std::string, std::string>>;

// The items, in a fixed order: software, created (UTC, ISO 8601), observations, areas, filter,
// species_rule, standardisation, columns.
Provenance export_provenance(const ProvenanceInputs& in);

// The items as one JSON object (keys in order, strings escaped).
std::string provenance_json(const Provenance& p);

}  // namespace biodash
