#pragma once
// The look of the embedded Leiden demo, shared by the GUI (Workspace) and `biodash render`
// so both show the same map: which demo layer is which, stacking, styles, the first view and
// which layers the live observation count uses.
//
// Layers are recognised by their OGR layer name (Layer::source_layer: "biodiversity_sites"),
// not by their display name, which may be a GeoPackage identifier ("BiodiverCity sites").
#include <optional>
#include <string>
#include <vector>

#include "core/envelope.hpp"
#include "core/layer.hpp"
#include "render/scene.hpp"

namespace biodash {

enum class DemoRole {
  Other,           // not a demo layer: keeps its default style
  Gemeenten,       // CBS municipalities around Leiden
  Neighbours,      // wijken of neighbouring municipalities (data/leiden fallback)
  Wijken,          // Leiden districts
  Buurten,         // Leiden neighbourhoods
  Observations,    // synthetic citizen observations (200k points)
  Sites,           // BiodiverCity sites
  ImpactAreas,     // LBSP impact areas (buffers around the measures)
  Controls,        // LBSP control stretches
  LevendLab,       // the Levend Lab site
  PolderlabPlots,  // Polderlab Vrouw Venne plots
  Measures,        // LBSP measures (points and lines)
  Muskrat,         // UVW muskrat catches 2019
  Water,           // map context: the Rijn and the singels (illustrative polygons)
  Landmarks,       // map context: Naturalis (a point)
};

// The role of a layer in the demo, from its OGR layer name (else its file or display name).
DemoRole demo_role(const Layer& l);

// Stacking rank of a demo layer (drawn bottom to top by ascending rank).
int demo_rank(DemoRole role, GeomKind kind);

// The demo style of a layer of `role`; `base` (the layer's default style) for Other.
LayerStyle demo_style(DemoRole role, const LayerStyle& base);

// Polderlab treatment colours (control blue, shallow orange, deep vermillion: the controls
// share the LBSP controls' blue) from the `treatment` attribute; nullopt without one.
std::optional<Categories> treatment_categories(const Layer& l);

// Stable-sorts the layers by demo_rank and applies the demo styles and categories. Layers
// that are not demo layers keep their style and go by their geometry kind.
void arrange_demo(std::vector<SceneLayer>& layers);

// Which layers the demo's live count uses (indices into the scene, -1 when absent):
// BiodiverCity sites x citizen observations when both are there, else buurten x muskrat
// catches (the data/leiden fallback).
struct DemoCount {
  int polygons = -1;  // polygon layer that gets the choropleth
  int points = -1;    // point layer counted
};
DemoCount demo_count(const std::vector<SceneLayer>& layers);

// Legend title and unit for counting `points` in `polygons` when both are demo layers
// ("Observations per site", "records"); false otherwise (the caller keeps its generic ones).
bool demo_count_legend(const Layer& polygons, const Layer& points, std::string& title,
                       std::string& unit);

// The demo's first view: Leiden's buurten (else wijken) extent; empty when neither is there.
Envelope demo_first_view(const std::vector<SceneLayer>& layers);

// Data credits for the demo map.
std::string demo_attribution(const std::vector<SceneLayer>& layers);

}  // namespace biodash
