#pragma once
// A saved view: layers, styling, filters, time slider, camera and selection, as a small UTF-8
// text file ("biodash-session 1" first line, then `key = value` lines; lists repeat the key;
// strings are written verbatim to the end of the line, so values never need quoting; '#'
// starts a comment line). Read back exactly: read_session(write_session(s)) == s.
// Used by the GUI (File > Save/Open view) and by `biodash render --session FILE`.
// Implemented in session.cpp; tests in tests/core/session_test.cpp.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis.hpp"
#include "core/basemap.hpp"
#include "core/classify.hpp"
#include "core/thematic.hpp"

namespace biodash {

struct SessionLayer {
  std::string spec;  // FILE[:LAYER] as opened (absolute or relative to the session file)
  bool visible = true;
  bool observations = false;  // opened as citizen observations (read_occurrences)
  bool operator==(const SessionLayer&) const = default;
};

struct Session {
  std::string language = "en";  // "en" | "nl"
  std::string map_crs = "EPSG:28992";
  double center_x = 0, center_y = 0;  // camera centre, map CRS
  double units_per_pixel = 0;         // camera scale (0 = fit all)
  std::vector<SessionLayer> layers;   // bottom to top
  // Thematic map. Areas: a polygon layer (spec as in `layers`) or a hex grid (hex_size_m > 0).
  std::string area_layer;    // "" = none / hex
  double hex_size_m = 0;     // hex edge length in metres (0 = no hex grid)
  std::string observations;  // spec of the observation layer aggregated ("" = first)
  Metric metric = Metric::Records;
  uint64_t rarefy_m = 50;  // m of Metric::Rarefied
  ChoroplethStyle style;
  uint64_t low_effort_records = 0;     // areas with fewer records are marked (0 = off)
  double coverage = kDefaultCoverage;  // Q0Cov..Q2Cov: the common sample coverage
  double min_coverage = 0.5;           // diversity metrics: coverage below this is marked (0 = off)
  ViewFilter filter;
  TimeSlider time;
  std::vector<int64_t> selection;  // selected/compared feature indices of the area layer
  std::string title;               // map title for exports ("" = automatic)
  // BACI view: impact/control feature indices of the area layer and the intervention date.
  std::vector<int64_t> baci_impact, baci_control;
  std::string baci_date;  // ISO date, "" = none
  // The basemap under the layers (core/basemap): source (a raster file, relative like the
  // layers, or "preset:NAME"), opacity, greyscale, dim.
  BasemapSettings basemap;

  bool operator==(const Session&) const = default;
  // The thematic map it saves (a baci_date that is not YYYY-MM-DD gives day 0: no BACI date).
  ThematicSpec thematic() const;
};

std::string write_session(const Session& s);
// Parses a session; unknown keys are ignored (forward compatibility) but a malformed value
// throws Error naming `origin`, the line number and the key.
Session read_session(std::string_view text, const std::string& origin = "session");
// File helpers: save is atomic (temp file + rename, the old file survives a failure); load
// throws Error naming the path.
void save_session_file(const std::string& path, const Session& s);
Session load_session_file(const std::string& path);

}  // namespace biodash
