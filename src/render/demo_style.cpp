// The Leiden demo's look (see demo_style.hpp), one definition for the GUI and the render CLI.
#include "render/demo_style.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace biodash {
namespace {

bool contains_ci(const std::string& haystack, const std::string& needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

Rgba hex(uint32_t rgb, float a = 1.0f) {
  return Rgba{((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f,
              a};
}

// Okabe & Ito (2008): impact (vermillion) against control (blue) reads for every viewer.
constexpr uint32_t kVermillion = 0xD55E00;
constexpr uint32_t kBlue = 0x0072B2;
constexpr uint32_t kOrange = 0xE69F00;
constexpr uint32_t kReddishPurple = 0xCC79A7;
constexpr uint32_t kBluishGreen = 0x009E73;
constexpr uint32_t kYellow = 0xF0E442;

DemoRole role_of_name(const std::string& n) {
  if (n.empty()) return DemoRole::Other;
  if (contains_ci(n, "biodiversity_sites")) return DemoRole::Sites;
  if (contains_ci(n, "lbsp_impact")) return DemoRole::ImpactAreas;
  if (contains_ci(n, "lbsp_controls")) return DemoRole::Controls;
  if (contains_ci(n, "lbsp_measures")) return DemoRole::Measures;
  if (contains_ci(n, "levend_lab")) return DemoRole::LevendLab;
  if (contains_ci(n, "polderlab")) return DemoRole::PolderlabPlots;
  if (n == "water") return DemoRole::Water;
  if (n == "landmarks") return DemoRole::Landmarks;
  if (contains_ci(n, "citizen_observations")) return DemoRole::Observations;
  if (contains_ci(n, "muskrat") || contains_ci(n, "leiden_region_subset")) return DemoRole::Muskrat;
  if (contains_ci(n, "gemeenten")) return DemoRole::Gemeenten;
  if (contains_ci(n, "neighbour")) return DemoRole::Neighbours;
  if (contains_ci(n, "edgecases")) return DemoRole::Other;
  if (contains_ci(n, "wijken")) return DemoRole::Wijken;
  if (contains_ci(n, "buurten")) return DemoRole::Buurten;
  return DemoRole::Other;
}

bool polygonal(GeomKind k) {
  return k == GeomKind::Polygon || k == GeomKind::Mixed;
}

}  // namespace

DemoRole demo_role(const Layer& l) {
  DemoRole r = role_of_name(l.source_layer);
  if (r == DemoRole::Other && !l.source_path.empty())
    r = role_of_name(std::filesystem::path(l.source_path).stem().string());
  if (r == DemoRole::Other) r = role_of_name(l.name);
  // A role's geometry kind is part of its identity: a polygon "muskrat" layer is not one.
  switch (r) {
    case DemoRole::Observations:
    case DemoRole::Muskrat:
    case DemoRole::Landmarks:
      return l.kind == GeomKind::Point ? r : DemoRole::Other;
    case DemoRole::Measures:
    case DemoRole::Other:
      return r;
    default:
      return polygonal(l.kind) ? r : DemoRole::Other;
  }
}

int demo_rank(DemoRole role, GeomKind kind) {
  switch (role) {
    case DemoRole::Gemeenten:
      return 0;
    case DemoRole::Neighbours:
      return 1;
    case DemoRole::Water:
      return 1;  // on the land, under the observations
    case DemoRole::Observations:
      return 2;  // under every outline: the places stay readable
    case DemoRole::Buurten:
      return 3;
    case DemoRole::Wijken:
      return 4;
    case DemoRole::Sites:
      return 5;
    case DemoRole::Controls:
      return 6;
    case DemoRole::ImpactAreas:
      return 7;
    case DemoRole::LevendLab:
      return 8;
    case DemoRole::PolderlabPlots:
      return 9;
    case DemoRole::Other:
      return 10 + draw_rank(kind);  // 10..14
    case DemoRole::Measures:
      return 20;
    case DemoRole::Muskrat:
      return 21;
    case DemoRole::Landmarks:
      return 22;  // on top of everything
  }
  return 10 + draw_rank(kind);
}

LayerStyle demo_style(DemoRole role, const LayerStyle& base) {
  LayerStyle s = base;
  s.visible = true;
  s.opacity = 1.0f;
  switch (role) {
    case DemoRole::Gemeenten:
    case DemoRole::Neighbours:
      s.fill = hex(0xE6E6DE);  // light neutral land
      s.stroke = hex(0x9A9B94);
      s.line_width = 1.0f;
      s.land = true;  // over a basemap: outlines only
      break;
    case DemoRole::Wijken:
      s.fill = hex(0x000000, 0.0f);  // outlines only
      s.stroke = hex(0x2B2D33);
      s.line_width = 1.8f;
      break;
    case DemoRole::Buurten:
      s.fill = hex(0x000000, 0.0f);  // outlines only (a count fills them)
      s.stroke = hex(0x8A8D92);
      s.line_width = 1.0f;
      s.opacity = 0.9f;
      break;
    case DemoRole::Observations:
      // Taxon-neutral, tiny and faint: the density shows, single records do not shout.
      s.point = hex(0x3A4656, 0.22f);
      s.stroke = s.point;
      s.fill = s.point;
      s.point_size = 2.0f;
      break;
    case DemoRole::Sites:
      s.fill = hex(0x5EC962, 0.6f);  // until the count colours them (viridis)
      s.stroke = hex(0x17222B);
      s.line_width = 1.5f;
      s.opacity = 0.92f;
      break;
    case DemoRole::ImpactAreas:
      s.fill = hex(kVermillion, 0.45f);
      s.stroke = hex(0xA34700);
      s.line_width = 2.0f;
      break;
    case DemoRole::Controls:
      s.fill = hex(kBlue, 0.45f);
      s.stroke = hex(0x00507D);
      s.line_width = 2.0f;
      break;
    case DemoRole::LevendLab:
      s.fill = hex(kReddishPurple, 0.5f);
      s.stroke = hex(0x8E4F74);
      s.line_width = 2.0f;
      break;
    case DemoRole::PolderlabPlots:
      s.fill = hex(kBluishGreen, 0.6f);  // without a treatment attribute
      s.stroke = hex(0x1F1F1F);
      s.line_width = 1.5f;
      s.opacity = 0.9f;
      s.use_feature_colors = true;  // treatment categories when present
      break;
    case DemoRole::Measures:
      s.stroke = hex(0x1A1A1A);  // verges and banks: dark lines
      s.fill = hex(0x1A1A1A, 0.3f);
      s.point = hex(kYellow);  // trees: yellow discs with a dark rim
      s.line_width = 3.0f;
      s.point_size = 8.0f;
      break;
    case DemoRole::Muskrat:
      s.point = hex(kBluishGreen, 0.9f);
      s.fill = s.point;
      s.stroke = hex(0x005F45);
      s.point_size = 4.0f;
      break;
    case DemoRole::Water:
      s.fill = hex(0x9CC3E0);  // water blue, darker than any class of the viridis land
      s.stroke = hex(0x6D9CC0);
      s.line_width = 1.0f;
      break;
    case DemoRole::Landmarks:
      s.point = hex(0xB2182B);  // a dark red disc with a white rim
      s.fill = s.point;
      s.stroke = hex(0xFFFFFF);
      s.point_size = 14.0f;
      break;
    case DemoRole::Other:
      break;
  }
  return s;
}

std::optional<Categories> treatment_categories(const Layer& l) {
  const int fi = l.field_index("treatment");
  if (fi < 0 || l.values.size() != l.size()) return std::nullopt;
  Categories c;
  c.field = "treatment";
  auto color_of = [](const std::string& t) {
    if (contains_ci(t, "control")) return hex(kBlue, 0.75f);
    if (contains_ci(t, "deep")) return hex(kVermillion, 0.85f);
    if (contains_ci(t, "shallow")) return hex(kOrange, 0.85f);
    return hex(0x999999, 0.75f);
  };
  auto rank_of = [](const std::string& t) {
    if (contains_ci(t, "control")) return 0;
    if (contains_ci(t, "shallow")) return 1;
    if (contains_ci(t, "deep")) return 2;
    return 3;
  };
  for (const auto& row : l.values) {
    const std::string t = static_cast<size_t>(fi) < row.size() ? row[fi] : std::string();
    if (std::find(c.labels.begin(), c.labels.end(), t) == c.labels.end()) c.labels.push_back(t);
  }
  std::stable_sort(c.labels.begin(), c.labels.end(),
                   [&](const auto& a, const auto& b) { return rank_of(a) < rank_of(b); });
  for (const auto& t : c.labels) c.colors.push_back(color_of(t));
  c.feature_rgba.reserve(l.size());
  for (const auto& row : l.values) {
    const std::string t = static_cast<size_t>(fi) < row.size() ? row[fi] : std::string();
    c.feature_rgba.push_back(pack_rgba(color_of(t)));
  }
  return c;
}

void arrange_demo(std::vector<SceneLayer>& layers) {
  std::stable_sort(layers.begin(), layers.end(), [](const SceneLayer& a, const SceneLayer& b) {
    return demo_rank(demo_role(*a.layer), a.layer->kind) <
           demo_rank(demo_role(*b.layer), b.layer->kind);
  });
  for (SceneLayer& sl : layers) {
    const DemoRole role = demo_role(*sl.layer);
    if (role == DemoRole::Other) continue;
    const bool counted = sl.choropleth.has_value() && sl.style.use_feature_colors;
    sl.style = demo_style(role, sl.style);
    if (role == DemoRole::PolderlabPlots && !sl.categories) {
      sl.categories = treatment_categories(*sl.layer);
      sl.colors_uploaded = false;
    }
    if (counted) sl.style.use_feature_colors = true;
  }
}

DemoCount demo_count(const std::vector<SceneLayer>& layers) {
  auto find = [&](DemoRole r) {
    for (size_t i = 0; i < layers.size(); ++i) {
      if (layers[i].layer && layers[i].layer->placed() && demo_role(*layers[i].layer) == r)
        return static_cast<int>(i);
    }
    return -1;
  };
  DemoCount c;
  c.polygons = find(DemoRole::Sites);
  c.points = find(DemoRole::Observations);
  if (c.polygons >= 0 && c.points >= 0) return c;
  c.polygons = find(DemoRole::Buurten);
  c.points = find(DemoRole::Muskrat);
  if (c.polygons >= 0 && c.points >= 0) return c;
  return {};
}

bool demo_count_legend(const Layer& polygons, const Layer& points, std::string& title,
                       std::string& unit) {
  const DemoRole pr = demo_role(points);
  if (pr == DemoRole::Observations) {
    unit = "records";
    switch (demo_role(polygons)) {
      case DemoRole::Sites:
        title = "Observations per site";
        return true;
      case DemoRole::PolderlabPlots:
        title = "Observations per plot";
        return true;
      case DemoRole::ImpactAreas:
      case DemoRole::Controls:
      case DemoRole::LevendLab:
        title = "Observations per area";
        return true;
      case DemoRole::Buurten:
        title = "Observations per buurt";
        return true;
      case DemoRole::Wijken:
        title = "Observations per wijk";
        return true;
      case DemoRole::Gemeenten:
        title = "Observations per municipality";
        return true;
      default:
        return false;
    }
  }
  if (pr == DemoRole::Muskrat) {
    unit = "catches (UVW 2019)";
    switch (demo_role(polygons)) {
      case DemoRole::Buurten:
        title = "Muskrat catches per buurt";
        return true;
      case DemoRole::Wijken:
        title = "Muskrat catches per wijk";
        return true;
      case DemoRole::Gemeenten:
        title = "Muskrat catches per municipality";
        return true;
      case DemoRole::Sites:
        title = "Muskrat catches per site";
        return true;
      default:
        return false;
    }
  }
  return false;
}

Envelope demo_first_view(const std::vector<SceneLayer>& layers) {
  for (DemoRole want : {DemoRole::Buurten, DemoRole::Wijken}) {
    Envelope e;
    for (const SceneLayer& sl : layers) {
      if (sl.layer && sl.layer->placed() && demo_role(*sl.layer) == want)
        e.expand(sl.layer->bounds);
    }
    if (!e.empty()) return e;
  }
  return {};
}

std::string demo_attribution(const std::vector<SceneLayer>& layers) {
  bool project = false;
  for (const SceneLayer& sl : layers) {
    const DemoRole r = sl.layer ? demo_role(*sl.layer) : DemoRole::Other;
    project |= r == DemoRole::Observations || r == DemoRole::Sites;
  }
  std::string a = "CBS/Kadaster CC BY 4.0 \u00b7 UVW CC0";
  if (project) a += " \u00b7 project layers illustrative, observations synthetic (biodash)";
  return a;
}

}  // namespace biodash
