#include "core/layer.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/crs.hpp"
#include "core/error.hpp"

namespace biodash {

const char* to_string(GeomKind k) {
  switch (k) {
    case GeomKind::None:
      return "none";
    case GeomKind::Point:
      return "point";
    case GeomKind::Line:
      return "line";
    case GeomKind::Polygon:
      return "polygon";
    case GeomKind::Mixed:
      return "mixed";
  }
  return "?";
}

std::string LoadReport::summary(const char* (*translate)(const char*)) const {
  const auto T = translate ? translate : +[](const char* x) { return x; };
  std::ostringstream s;
  std::string file = source;
  auto slash = file.find_last_of("/\\");
  if (slash != std::string::npos) file = file.substr(slash + 1);
  s << file;
  std::string stem = file.substr(0, file.find_last_of('.'));
  if (!layer.empty() && layer != file && layer != stem) s << ":" << layer;
  s << ": " << features_read << " " << (features_read == 1 ? T("feature") : T("features")) << ", "
    << loaded << " " << T("loaded");
  auto add = [&](size_t n, const char* one, const char* many) {
    if (n) s << "; " << n << " " << (n == 1 ? T(one) : T(many));
  };
  add(null_skipped, "null geometry skipped", "null geometries skipped");
  add(empty_skipped, "empty geometry skipped", "empty geometries skipped");
  add(invalid_repaired, "invalid polygon repaired", "invalid polygons repaired");
  add(unrepairable, "unrepairable geometry skipped", "unrepairable geometries skipped");
  add(curves_linearised, "curve linearised", "curves linearised");
  add(zm_dropped, "Z/M dropped", "Z/M dropped");
  add(reproject_failed, "geometry outside the CRS domain skipped",
      "geometries outside the CRS domain skipped");
  for (const auto& n : notes) s << "; " << n;
  return s.str();
}

int Layer::field_index(const std::string& name) const {
  auto lower = [](std::string v) {
    for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  const std::string want = lower(name);
  for (size_t i = 0; i < fields.size(); ++i)
    if (lower(fields[i]) == want) return static_cast<int>(i);
  return -1;
}

void point_coordinates(const Layer& layer, std::vector<double>& x, std::vector<double>& y,
                       size_t& skipped) {
  GEOSContextHandle_t ctx = geos_ctx();
  skipped = 0;
  x.reserve(x.size() + layer.geoms.size());
  y.reserve(y.size() + layer.geoms.size());
  auto add_point = [&](const GEOSGeometry* p) {
    double px = 0, py = 0;
    if (GEOSisEmpty_r(ctx, p) == 0 && GEOSGeomGetX_r(ctx, p, &px) == 1 &&
        GEOSGeomGetY_r(ctx, p, &py) == 1) {
      x.push_back(px);
      y.push_back(py);
    } else {
      ++skipped;
    }
  };
  for (const auto& g : layer.geoms) {
    if (!g) {
      ++skipped;
      continue;
    }
    switch (GEOSGeomTypeId_r(ctx, g.get())) {
      case GEOS_POINT:
        add_point(g.get());
        break;
      case GEOS_MULTIPOINT: {
        const int n = GEOSGetNumGeometries_r(ctx, g.get());
        for (int i = 0; i < n; ++i) add_point(GEOSGetGeometryN_r(ctx, g.get(), i));
        break;
      }
      default:
        ++skipped;
    }
  }
}

void place_layer(Layer& layer, const std::string& map_crs) {
  if (layer.source_crs.empty())
    throw Error(layer.report.source + ": the data declares no CRS; set the source CRS");
  CrsTransform t(layer.source_crs, map_crs);
  std::vector<GeomPtr> out;
  out.reserve(layer.source_geoms.size());
  Envelope bounds;
  size_t failed = 0;
  for (const auto& g : layer.source_geoms) {
    try {
      out.push_back(t.transform(g.get()));
      warm_caches(out.back().get());
      bounds.expand(envelope_of(out.back().get()));
    } catch (const Error&) {
      // Keep feature indices aligned with attributes: an empty geometry stands in.
      out.emplace_back(GEOSGeom_createEmptyCollection_r(geos_ctx(), GEOS_GEOMETRYCOLLECTION));
      ++failed;
    }
  }
  layer.geoms = std::move(out);
  layer.bounds = bounds;
  layer.map_crs = map_crs;
  layer.report.reproject_failed = failed;
}

}  // namespace biodash
