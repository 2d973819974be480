#pragma once
// Map labels: where a feature's name goes (label_anchor), which layer field names it
// (default_label_field), and which labels of a view are drawn where, with collision avoidance
// and zoom-dependent density (place_labels). Computed here so that the window, the map
// exports and the kiosk place labels the same way: a face measures each text with its font,
// calls place_labels and draws exactly what it returns.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/envelope.hpp"
#include "core/geos_handle.hpp"

namespace biodash {

struct Layer;  // core/layer.hpp

// The view the labels are placed in: which map point is at the centre of a width x height
// pixel image and how many pixels one map unit spans (render's MapCamera: 1/units_per_pixel).
// Map y is up, screen y is down (origin top-left):
//   screen(x, y) = ((x - center_x) * ppu + width / 2, height / 2 - (y - center_y) * ppu).
struct LabelView {
  double center_x = 0, center_y = 0;  // map CRS
  double pixels_per_unit = 1;         // > 0
  int width = 0, height = 0;          // pixels

  void to_screen(double x, double y, double& sx, double& sy) const {
    sx = (x - center_x) * pixels_per_unit + width * 0.5;
    sy = height * 0.5 - (y - center_y) * pixels_per_unit;
  }
};

struct LabelCandidate {
  std::string text;
  double x = 0, y = 0;      // anchor in map units (see label_anchor)
  Envelope feature_bounds;  // the feature's bounds in map units; empty or zero-size for a
                            // point (density rule, order, offset positions)
  float width_px = 0;       // the text's size on screen, measured by the face with its
  float height_px = 0;      //   font; a candidate with no size (<= 0) is never placed
  int priority = 0;         // higher first (e.g. a layer's rank); among equal priorities
                            //   larger features (feature_bounds area) first, then index
  bool always = false;      // the selected feature: placed first, even when it overlaps
  size_t feature = 0;       // the feature's index in its layer (not used for placement)
};

// A label to draw: candidate index into place_labels' input and the top-left corner of its
// text box on screen (pixels; the box is width_px x height_px).
struct PlacedLabel {
  size_t candidate = 0;
  float x_px = 0, y_px = 0;
};

struct LabelRules {
  float min_feature_px = 40;  // a feature whose bounds span less than this on screen in both
                              //   width and height is not labelled (zoom-dependent density)
  float padding_px = 4;       // least gap between two placed boxes (and anchor to offset box)
  float margin_px = 2;        // least gap between a box and the image edge
};

// Places labels greedily in order: `always` candidates first, then priority (higher first),
// then feature_bounds area (larger first), then candidate index. A candidate is skipped when
//  - its text is empty, its size is not positive or its anchor is not finite;
//  - it is not `always` and its feature spans less than min_feature_px on screen in both
//    width and height (a point feature — feature_bounds empty or zero-size — never is);
//  - every position tried for it overlaps an already placed box (boxes must stay padding_px
//    apart) or leaves the image minus margin_px.
// Positions tried, in order: the box centred on the anchor; for a point feature only, then
// the box above, below, left and right of the anchor (its near edge padding_px from it).
// An `always` label is clamped into the image (left/top edge first when it does not fit) and
// placed even when every position overlaps (it then takes its first position); it still
// blocks the labels placed after it. Returns the placed labels in placement order.
// Deterministic. Collision queries go through a uniform grid of ~64 px cells over the image,
// so the cost is about linear in the number of candidates (10,000 crowded ones on 1920 x 1080:
// ~2 ms, RelWithDebInfo).
std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates,
                                      const LabelView& view, const LabelRules& rules = {});

// The anchor of a feature's label, in the geometry's CRS:
//  - polygonal: the centre of the maximum inscribed circle (GEOSMaximumInscribedCircle_r,
//    tolerance 1% of the larger bbox side; of a multipolygon, in its widest part), a point
//    well inside even a concave polygon whose centroid lies outside; GEOSPointOnSurface_r
//    when that fails;
//  - a line: the point halfway along it (a multi-line: halfway along its longest part);
//  - a point: the point itself; anything else (multipoint, collection): GEOSPointOnSurface_r.
// {NaN, NaN} for a null or empty geometry or when GEOS fails.
std::pair<double, double> label_anchor(const GEOSGeometry* g);

// One candidate per feature of a placed layer (layer.geoms, map CRS) whose value of field
// `field` is not blank: that value (trimmed) as text, its label_anchor, its envelope as
// feature_bounds and priority `priority_bias` (place_labels then puts larger features first, ties
// by feature index, i.e. by the order returned). width_px/height_px are left 0 for the face to
// measure. `feature` is the feature index (the face sets `always` on the selected one). Features
// whose anchor cannot be computed are left out. Empty for an unplaced or store-backed layer or a
// field out of range. Calls GEOS: not concurrently with other users of the layer's geometries
// (core/geos_handle.hpp).
std::vector<LabelCandidate> layer_label_candidates(const Layer& layer, int field,
                                                   int priority_bias = 0);

// The field to label a layer with by default (case-insensitive), best first: a field named
// exactly "name", "naam" or "statnaam" (CBS); else one named "title"/"titel"/"label" or ending in
// "naam"/"name" (buurtnaam, wijknaam, gemeentenaam); else one containing "naam"/"name"
// (name_en, NAME_1). Among equals the first field. -1 when none fits.
int default_label_field(const Layer& layer);

}  // namespace biodash
