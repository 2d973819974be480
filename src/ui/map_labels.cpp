#include "ui/map_labels.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "core/label_placement.hpp"

namespace biodash::ui {
namespace {

// Candidates (anchors, texts) per (layer, field), computed once per layer: GEOS work that
// must not run every frame. Weak keys: a layer that is gone is dropped on the next lookup.
struct CachedCandidates {
  std::weak_ptr<const Layer> layer;
  int field = -1;
  std::vector<LabelCandidate> candidates;
};

const std::vector<LabelCandidate>& candidates_of(const std::shared_ptr<const Layer>& l, int field) {
  static std::map<const Layer*, CachedCandidates> cache;
  for (auto it = cache.begin(); it != cache.end();)
    it = it->second.layer.expired() ? cache.erase(it) : std::next(it);
  CachedCandidates& c = cache[l.get()];
  if (c.layer.lock() != l || c.field != field) {
    c.layer = l;
    c.field = field;
    c.candidates = layer_label_candidates(*l, field);
  }
  return c.candidates;
}

}  // namespace

void draw_map_labels(ImDrawList* dl, const Scene& scene, const MapCamera& cam, const LabelTarget& t,
                     const Layer* selected, int64_t feature) {
  if (dl == nullptr || t.x1 <= t.x0 || t.y1 <= t.y0 || !(cam.units_per_pixel > 0)) return;
  // The placement's view: the target rectangle, its centre in map units.
  double cx = 0, cy = 0;
  cam.screen_to_map((t.x0 + t.x1) / 2 - t.dx, (t.y0 + t.y1) / 2 - t.dy, cx, cy);
  LabelView view;
  view.center_x = cx;
  view.center_y = cy;
  view.pixels_per_unit = 1.0 / cam.units_per_pixel;
  view.width = static_cast<int>(t.x1 - t.x0);
  view.height = static_cast<int>(t.y1 - t.y0);
  const Envelope shown = cam.visible();
  std::vector<LabelCandidate> all;
  const float fs = ImGui::GetFontSize();
  // Upper layers first: a district's name beats its neighbourhoods'.
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (!sl.style.visible || sl.label_field < 0 || !sl.layer || !sl.layer->placed()) continue;
    const Envelope& b = sl.layer->bounds;
    if (b.empty() || b.minx > shown.maxx || shown.minx > b.maxx || b.miny > shown.maxy ||
        shown.miny > b.maxy)
      continue;
    for (const LabelCandidate& c : candidates_of(sl.layer, sl.label_field)) {
      if (!shown.contains(c.x, c.y) &&
          !(sl.layer.get() == selected && int64_t(c.feature) == feature))
        continue;
      LabelCandidate m = c;
      const ImVec2 size = ImGui::CalcTextSize(m.text.c_str());
      m.width_px = size.x + 0.4f * fs;
      m.height_px = size.y;
      // A point's name goes to the right of its marker, not over it.
      if (sl.layer->kind == GeomKind::Point)
        m.x += (0.5 * m.width_px + 0.6 * sl.style.point_size) * cam.units_per_pixel;
      m.priority = static_cast<int>(k);
      m.always = sl.layer.get() == selected && int64_t(m.feature) == feature;
      all.push_back(std::move(m));
    }
  }
  const std::vector<PlacedLabel> placed = place_labels(all, view);
  const ImU32 halo = IM_COL32(255, 255, 255, 215), ink = IM_COL32(35, 35, 40, 255);
  for (const PlacedLabel& p : placed) {
    const LabelCandidate& c = all[p.candidate];
    const ImVec2 at(t.x0 + p.x_px + 0.2f * fs, t.y0 + p.y_px);
    const float o = std::max(1.0f, 0.08f * fs);
    for (const ImVec2 d : {ImVec2(-o, 0), ImVec2(o, 0), ImVec2(0, -o), ImVec2(0, o), ImVec2(-o, -o),
                           ImVec2(o, o), ImVec2(-o, o), ImVec2(o, -o)})
      dl->AddText(ImVec2(at.x + d.x, at.y + d.y), halo, c.text.c_str());
    dl->AddText(at, c.always ? IM_COL32(0, 0, 0, 255) : ink, c.text.c_str());
  }
}

}  // namespace biodash::ui
