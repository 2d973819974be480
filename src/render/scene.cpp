// Scene: layers + styles + choropleths, shared by the GUI and `biodash render`.
#include "render/scene.hpp"

#include <array>

#include "core/label_placement.hpp"
#include "render/demo_style.hpp"

namespace biodash {

const std::vector<uint32_t>* SceneLayer::feature_colors() const {
  if (choropleth) return &choropleth->feature_rgba;
  if (categories) return &categories->feature_rgba;
  return nullptr;
}

Envelope Scene::bounds() const {
  Envelope e;
  for (const SceneLayer& l : layers) {
    if (l.layer && l.style.visible && l.layer->placed()) e.expand(l.layer->bounds);
  }
  return e;
}

void Scene::build_missing_meshes() {
  for (SceneLayer& l : layers) {
    if (l.mesh || !l.layer || !l.layer->placed()) continue;
    l.mesh = std::make_shared<const Mesh>(build_mesh(*l.layer));
    l.mesh_uploaded = false;
  }
}

namespace {
const std::vector<uint8_t> kNoFlags;
}  // namespace

void Scene::sync(MapRenderer& r) {
  for (SceneLayer& l : layers) {
    if (!l.mesh) continue;
    if (!l.mesh_uploaded) {
      if (l.handle < 0) {
        l.handle = r.add_layer(*l.mesh);
      } else {
        r.update_layer(l.handle, *l.mesh);
      }
      l.mesh_uploaded = true;
    }
    if (l.feature_colors() != nullptr && !l.colors_uploaded) {
      r.set_feature_colors(l.handle, *l.feature_colors());
      // Low-effort features are hatched over their class colour (empty: none).
      r.set_feature_hatch(l.handle, l.choropleth ? l.choropleth->low_effort : kNoFlags);
      l.colors_uploaded = true;  // whether they are used is the style's choice
    }
    if (!l.attributes_uploaded) {
      static const std::vector<float> kNoDays;
      if (l.point_attributes) {
        r.set_point_attributes(l.handle, l.point_attributes->day, l.point_attributes->group);
      } else {
        r.set_point_attributes(l.handle, kNoDays, kNoFlags);
      }
      l.attributes_uploaded = true;
    }
  }
}

void Scene::draw(MapRenderer& r, const MapCamera& cam) {
  sync(r);
  std::vector<std::pair<LayerHandle, LayerStyle>> order;
  order.reserve(layers.size());
  for (const SceneLayer& l : layers) {
    if (l.handle < 0 || !l.style.visible) continue;
    LayerStyle s = l.style;
    // Per-feature colours only while a choropleth (or categories) is attached and uploaded.
    if (l.feature_colors() == nullptr || !l.colors_uploaded) s.use_feature_colors = false;
    // Low-effort hatching belongs to the choropleth: only while its colours are drawn.
    if (!l.choropleth || !s.use_feature_colors) s.hatch = false;
    if (basemap && s.land) s.fill.a = 0;  // the basemap is the land
    order.emplace_back(l.handle, s);
  }
  r.draw(cam, order);
}

void Scene::release(MapRenderer& r) {
  for (SceneLayer& l : layers) {
    if (l.handle >= 0) r.remove_layer(l.handle);
    l.handle = -1;
    l.mesh_uploaded = false;
    l.colors_uploaded = false;
    l.attributes_uploaded = false;
  }
}

namespace {

Rgba hex(uint32_t rgb, float a = 1.0f) {
  return Rgba{((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f,
              a};
}

Rgba darker(Rgba c, float f) {
  return Rgba{c.r * f, c.g * f, c.b * f, c.a};
}

// Okabe & Ito (2008) colour-blind-safe palette, black left out.
constexpr std::array<uint32_t, 7> kOkabeIto = {
    0x0072B2,  // blue
    0x009E73,  // bluish green
    0xCC79A7,  // reddish purple
    0x56B4E9,  // sky blue
    0xE69F00,  // orange
    0xD55E00,  // vermillion
    0xF0E442,  // yellow
};

}  // namespace

int draw_rank(GeomKind k) {
  switch (k) {
    case GeomKind::Polygon:
      return 0;
    case GeomKind::Mixed:
      return 1;
    case GeomKind::Line:
      return 2;
    case GeomKind::Point:
      return 3;
    default:
      return 4;
  }
}

LayerStyle default_style(size_t index, GeomKind kind) {
  LayerStyle s;
  switch (kind) {
    case GeomKind::Point: {
      // Points start at vermillion/orange so they stand out over blue/green polygons.
      static constexpr std::array<uint32_t, 5> kPoint = {0xD55E00, 0xE69F00, 0xCC79A7, 0x0072B2,
                                                         0x009E73};
      const Rgba c = hex(kPoint[index % kPoint.size()]);
      s.point = c;
      s.fill = c;
      s.stroke = darker(c, 0.45f);
      s.opacity = 0.9f;
      s.point_size = 7.0f;
      s.line_width = 1.0f;
      break;
    }
    case GeomKind::Line: {
      const Rgba c = hex(kOkabeIto[index % kOkabeIto.size()]);
      s.stroke = c;
      s.fill = hex(kOkabeIto[index % kOkabeIto.size()], 0.3f);
      s.point = c;
      s.opacity = 1.0f;
      s.line_width = 2.0f;
      break;
    }
    case GeomKind::Polygon:
    case GeomKind::Mixed:
    case GeomKind::None:
    default: {
      const Rgba c = hex(kOkabeIto[index % kOkabeIto.size()]);
      s.fill = Rgba{c.r, c.g, c.b, 0.30f};  // semi-transparent: lower layers show through
      s.stroke = darker(c, 0.6f);
      s.point = c;
      s.opacity = 1.0f;
      s.line_width = 1.25f;
      s.point_size = 6.0f;
      break;
    }
  }
  return s;
}

int default_label_field(const Layer& l, bool demo) {
  if (demo) {
    const DemoRole role = demo_role(l);
    const bool named = role == DemoRole::Gemeenten || role == DemoRole::Wijken ||
                       role == DemoRole::Buurten || role == DemoRole::Sites ||
                       role == DemoRole::Water || role == DemoRole::Landmarks;
    return named ? default_label_field(l) : -1;
  }
  if (l.kind != GeomKind::Polygon && l.kind != GeomKind::Mixed) return -1;
  return l.size() <= 20000 ? default_label_field(l) : -1;
}

}  // namespace biodash
