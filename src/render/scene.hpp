#pragma once
// What the map shows: an ordered list of layers with their styles and optional choropleth.
// Shared by the GUI and the headless `biodash render` command so both draw the same map.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/choropleth.hpp"
#include "core/crs.hpp"
#include "core/layer.hpp"
#include "core/mesh.hpp"
#include "render/map_renderer.hpp"

namespace biodash {

// Qualitative per-feature colours from a text attribute (e.g. Polderlab plot treatment).
struct Categories {
  std::string field;                   // attribute the classes come from ("treatment")
  std::vector<std::string> labels;     // one per class, as in the data
  std::vector<Rgba> colors;            // one per class
  std::vector<uint32_t> feature_rgba;  // per feature fill colour, pack_rgba()
};

// Per-feature attributes of a point layer for GPU time filtering and colour by taxon group
// (MapRenderer::set_point_attributes). Indexed by feature, like the choropleth colours.
struct PointAttributes {
  std::vector<float> day;                 // days since 1970-01-01, NaN unknown
  std::vector<uint8_t> group;             // palette index 0..15 (LayerStyle::group_colors)
  std::vector<std::string> group_labels;  // legend label per group index ("Birds", ...)
};

struct SceneLayer {
  std::shared_ptr<const Layer> layer;    // immutable once in the scene
  LayerStyle style;                      // visibility, colours, opacity
  std::optional<Choropleth> choropleth;  // per-feature colours + legend; drawn when
                                         // style.use_feature_colors is set
  std::optional<Categories> categories;  // qualitative colours, drawn like the choropleth
                                         // when there is none
  // Day + taxon group per feature of a point layer, or null; filtered by style.day_from/to
  // and style.hidden_groups on the GPU.
  std::shared_ptr<const PointAttributes> point_attributes;
  std::shared_ptr<const Mesh> mesh;  // built off the GL thread (build_mesh)
  int label_field = -1;          // attribute drawn as names on the map (ui/map_labels; -1: none)
  LayerHandle handle = -1;       // renderer handle once uploaded
  bool mesh_uploaded = false;    // mesh is on the GPU
  bool colors_uploaded = false;  // choropleth (or category) colours, and the
                                 // choropleth's low_effort hatch flags, are on the GPU
  bool attributes_uploaded = false;  // the GPU has point_attributes (or none when null);
                                     // clear it after replacing point_attributes

  // The per-feature colours to draw: the choropleth's, else the categories', else null.
  const std::vector<uint32_t>* feature_colors() const;
};

struct Scene {
  std::vector<SceneLayer> layers;        // bottom to top
  std::string map_crs = kDefaultMapCrs;  // CRS of every placed layer
  bool basemap = false;  // a basemap is drawn under the layers: land fills are left out

  // Union of the bounds of placed, visible layers (map CRS).
  Envelope bounds() const;
  // Builds any missing mesh (synchronously, on the calling thread).
  void build_missing_meshes();
  // Uploads meshes/colours that are not on the GPU yet (GL thread only).
  void sync(MapRenderer& r);
  // sync() then draws all layers bottom to top.
  void draw(MapRenderer& r, const MapCamera& cam);
  // Frees this scene's GPU objects (GL thread only).
  void release(MapRenderer& r);
};

// Default stacking rank of a layer kind: polygons at the bottom (0), then mixed, lines,
// points on top (3).
int draw_rank(GeomKind k);

// The attribute a layer is labelled with by default (-1: none): polygon layers of up to
// 20,000 features with a name field (core/label_placement default_label_field); in the demo
// only the municipalities, districts, neighbourhoods and BiodiverCity sites.
int default_label_field(const Layer& l, bool demo);

// A distinct, colour-blind-friendly default style for the index-th layer of a kind.
LayerStyle default_style(size_t index, GeomKind kind);

}  // namespace biodash
