#pragma once
// The kiosk tour: a plain-text file of scenes (layers, camera, time animation, captions in
// Dutch and English) shown by `biodash --kiosk TOUR_FILE`. GL-free, so tests parse tours
// without a display. The format is documented in data/tours/README.md:
//
//   [tour]                        # optional settings for the whole tour
//   data = @demo                  # GeoPackage the layer names refer to (@demo: the demo)
//   idle_seconds = 60             # back to the tour after this long without input
//   transition_seconds = 3        # camera glide between scenes
//   quit_chord = ctrl+shift+q     # the only way out
//   sensitive_taxa = sensitive_taxa.txt   # names never shown as points
//   sensitive_cell_m = 1000       # ... but as hexagon cells of this area (m², as a side)
//   [scene]
//   duration = 20                 # seconds
//   layers = gemeenten, biodiversity_sites, citizen_observations
//   camera = fit biodiversity_sites | extent MINX,MINY,MAXX,MAXY | centre X,Y width METRES
//   time = 2021 .. 2025 step 1 cumulative | window
//   choropleth = polderlab_plots species   # colour by species (or records) in the time window
//   view = birds.biodash          # the thematic map of a view saved in the window
//   caption_nl = ...
//   caption_en = ...
#include <string>
#include <vector>

#include "core/envelope.hpp"
#include "core/error.hpp"
#include "core/thematic.hpp"

namespace biodash::kiosk {

// A tour file that cannot be used: the message starts with "FILE:LINE: ".
class TourError : public Error {
 public:
  explicit TourError(const std::string& what) : Error(what) {}
};

struct CameraSpec {
  enum class Kind { Fit, Extent, Centre };
  Kind kind = Kind::Fit;                // how the view is given
  std::vector<std::string> fit_layers;  // Fit: these layers (empty: all layers of the scene)
  Envelope extent;                      // Extent: map CRS rectangle
  double cx = 0, cy = 0;                // Centre: map CRS point ...
  double width_m = 5000;                // ... and the map width shown (metres)
};

struct TimeSpec {
  bool enabled = false;    // the scene animates through time
  int from_year = 2015;    // first step
  int to_year = 2025;      // last step (inclusive)
  int step_years = 1;      // years per step
  bool cumulative = true;  // all records up to the step (else only the step's window)
  int steps() const { return enabled ? (to_year - from_year) / step_years + 1 : 1; }
};

struct SceneSpec {
  int line = 0;                     // line of the [scene] header (for messages)
  double duration_s = 20;           // seconds the scene plays
  std::vector<std::string> layers;  // demo layer names, or FILE[:LAYER] (relative to the tour)
  CameraSpec camera;                // where to look
  TimeSpec time;                    // time animation
  // Polygon layer coloured by the thematic map ("" none; "@hex": a hex grid of
  // choropleth_hex_m over the observations), and the map (metric, filter, classes...): the
  // same recipe as the window (core/thematic.hpp). A time animation replaces its time window
  // per step.
  std::string choropleth_layer;
  double choropleth_hex_m = 0;
  ThematicSpec thematic = [] {
    ThematicSpec t;
    t.metric = Metric::Species;
    t.low_effort_records = 0;
    return t;
  }();
  std::string view;                    // session file the thematic map was read from ("" none)
  std::string title_nl, title_en;      // short headline (optional)
  std::string caption_nl, caption_en;  // one or two sentences
};

struct Tour {
  std::string path;                         // tour file ("" when parsed from text)
  std::string base_dir;                     // relative paths are resolved against this
  std::string data = "@demo";               // default GeoPackage for bare layer names
  double idle_s = 60;                       // seconds alone before gliding back to the tour
  double transition_s = 3;                  // camera glide between scenes
  std::string quit_chord = "ctrl+shift+q";  // key chord that quits
  std::string sensitive_taxa;               // list file (resolved path; "" none)
  double sensitive_cell_m = 1000;           // side of a square of the same area as one cell (m)
  std::vector<SceneSpec> scenes;            // at least one
  std::string problem;  // why the tour file could not be used ("" fine): fallback_tour()
};

// Parses tour text. `name` is used in messages ("tour.txt:12: ..."), `base_dir` resolves
// relative paths. Throws TourError on unknown keys, bad values or no scenes.
Tour parse_tour(const std::string& text, const std::string& name, const std::string& base_dir);
// Reads and parses a tour file; throws TourError (unreadable file included).
Tour load_tour(const std::string& path);
// The tour of a kiosk whose tour file is missing or broken: one scene, the friendly fallback
// (the demo's base map and caption), `problem` saying why. The screen never shows a bare
// desktop, and the supervisor does not restart it in a loop.
Tour fallback_tour(const std::string& problem);

// A sensitive-taxa list: one name per line (scientific name, genus, family, order, class or
// taxon group), '#' comments. Throws Error when the file cannot be read.
std::vector<std::string> load_name_list(const std::string& path);

// A key chord such as "ctrl+shift+q": modifiers and one key (lower case letter or F1..F12).
struct KeyChord {
  bool ctrl = false, shift = false, alt = false;  // modifiers held
  std::string key;                                // "q", "f12", "escape"
};
// Throws TourError for an empty or malformed chord.
KeyChord parse_chord(const std::string& s);

std::string trim(const std::string& s);

}  // namespace biodash::kiosk
