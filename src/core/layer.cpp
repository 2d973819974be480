#include "core/layer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>

#include "core/crs.hpp"
#include "core/error.hpp"
#include "core/observations.hpp"

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

size_t Layer::size() const {
  return store ? store->size() : source_geoms.size();
}

int64_t feature_fid(const Layer& layer, size_t feature) {
  if (layer.store)
    return feature < layer.store->size() ? int64_t(layer.store->source_row[feature])
                                         : int64_t(feature);
  return feature < layer.fids.size() ? layer.fids[feature] : int64_t(feature);
}

std::unique_ptr<Layer> store_point_layer(std::shared_ptr<const ObservationStore> store,
                                         const std::string& name, const std::string& path,
                                         const std::string& layer_name) {
  if (!store) throw Error("store_point_layer: no store");
  auto l = std::make_unique<Layer>();
  l->name = name;
  l->source_path = path;
  l->source_layer = layer_name;
  l->source_crs = store->crs;
  l->map_crs = store->crs;  // placed in the store's CRS, the project CRS it was read into
  l->bounds = store->bounds;
  l->kind = GeomKind::Point;
  const size_t n = store->size();
  l->report.source = path;
  l->report.layer = layer_name.empty() ? name : layer_name;
  l->report.features_read = n;
  l->report.loaded = n;
  l->store = std::move(store);
  return l;
}

void for_each_map_point_chunk(
    const Layer& layer,
    const std::function<void(size_t first, const double* x, const double* y, size_t n)>& fn) {
  if (!layer.store || layer.map_crs.empty())
    throw Error(layer.name + ": not a placed observation layer");
  const ObservationStore& s = *layer.store;
  std::optional<TransformLease> t;
  if (layer.map_crs != s.crs) {
    t.emplace(borrow_transform(s.crs, layer.map_crs));
    if ((*t)->identity()) t.reset();
  }
  if (!t) {  // the store's own coordinates: no copy
    constexpr size_t kChunk = size_t(1) << 20;
    for (size_t i = 0; i < s.size(); i += kChunk)
      fn(i, s.x.data() + i, s.y.data() + i, std::min(kChunk, s.size() - i));
    return;
  }
  constexpr size_t kChunk = 64 * 1024;  // 1 MiB of coordinates at a time
  std::vector<double> x, y;
  for (size_t i = 0; i < s.size(); i += kChunk) {
    const size_t n = std::min(kChunk, s.size() - i);
    x.assign(s.x.begin() + i, s.x.begin() + i + n);
    y.assign(s.y.begin() + i, s.y.begin() + i + n);
    (*t)->transform(x.data(), y.data(), n);
    fn(i, x.data(), y.data(), n);
  }
}

void point_coordinates(const Layer& layer, std::vector<double>& x, std::vector<double>& y,
                       size_t& skipped) {
  skipped = 0;
  if (layer.store) {
    x.reserve(x.size() + layer.size());
    y.reserve(y.size() + layer.size());
    for_each_map_point_chunk(layer, [&](size_t, const double* cx, const double* cy, size_t n) {
      for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(cx[i]) || !std::isfinite(cy[i])) {
          ++skipped;
          continue;
        }
        x.push_back(cx[i]);
        y.push_back(cy[i]);
      }
    });
    return;
  }
  GEOSContextHandle_t ctx = geos_ctx();
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
  if (layer.store) {
    layer.map_crs = map_crs;
    if (map_crs == layer.store->crs) {
      layer.bounds = layer.store->bounds;
      layer.report.reproject_failed = 0;
      return;
    }
    Envelope bounds;
    size_t failed = 0;
    for_each_map_point_chunk(layer, [&](size_t, const double* x, const double* y, size_t n) {
      for (size_t i = 0; i < n; ++i) {
        if (std::isfinite(x[i]) && std::isfinite(y[i]))
          bounds.expand(x[i], y[i]);
        else
          ++failed;
      }
    });
    layer.bounds = bounds;
    layer.report.reproject_failed = failed;
    return;
  }
  const TransformLease t = borrow_transform(layer.source_crs, map_crs);
  std::vector<GeomPtr> out;
  out.reserve(layer.source_geoms.size());
  Envelope bounds;
  size_t failed = 0;
  for (const auto& g : layer.source_geoms) {
    try {
      out.push_back(t->transform(g.get()));
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
