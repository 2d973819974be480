#include "workspace/layer_ops.hpp"

#include <limits>

#include "core/error.hpp"

namespace biodash {

std::unique_ptr<Layer> copy_unplaced(const Layer& src) {
  auto out = std::make_unique<Layer>();
  out->name = src.name;
  out->source_path = src.source_path;
  out->source_layer = src.source_layer;
  out->source_crs = src.source_crs;
  out->source_crs_assumed = src.source_crs_assumed;
  out->kind = src.kind;
  out->fields = src.fields;
  out->fids = src.fids;
  out->values = src.values;
  out->report = src.report;
  out->store = src.store;  // a store-backed layer: the columns are shared, never copied
  out->source_geoms.reserve(src.source_geoms.size());
  for (const auto& g : src.source_geoms) out->source_geoms.push_back(g ? clone(g.get()) : nullptr);
  return out;
}

PreparedLayer prepare(std::shared_ptr<const Layer> layer) {
  PreparedLayer p;
  p.layer = std::move(layer);
  if (!p.layer->placed()) return p;
  p.mesh = std::make_shared<const Mesh>(build_mesh(*p.layer));
  if (p.mesh->point_identity) {  // a store-backed layer: picking reads the mesh's points
    p.features = std::make_shared<const FeatureIndex>(p.mesh);
    return p;
  }
  std::vector<Envelope> bounds;
  bounds.reserve(p.layer->geoms.size());
  for (const auto& g : p.layer->geoms) bounds.push_back(g ? envelope_of(g.get()) : Envelope{});
  p.features = std::make_shared<const FeatureIndex>(std::move(bounds));
  return p;
}

PreparedLayer replace_into(const Layer& layer, const std::string& map_crs) {
  std::unique_ptr<Layer> copy = copy_unplaced(layer);
  place_layer(*copy, map_crs);
  return prepare(std::shared_ptr<const Layer>(std::move(copy)));
}

int64_t pick_feature(const Layer& layer, const FeatureIndex& index, double x, double y,
                     double tolerance, bool outlines_only) {
  if (!layer.placed() || index.size() != layer.size()) return -1;
  thread_local std::vector<uint32_t> near_features;  // reused: no allocation per mouse move
  index.query(x - tolerance, y - tolerance, x + tolerance, y + tolerance, near_features);
  if (layer.store) {  // points without geometries: the nearest within the tolerance
    int64_t best = -1;
    double best_d2 = tolerance * tolerance;
    for (const uint32_t k : near_features) {  // topmost first: it wins a tie
      const Envelope e = index.bounds(k);
      const double dx = e.minx - x, dy = e.miny - y, d2 = dx * dx + dy * dy;
      if (d2 < best_d2 || (best < 0 && d2 <= best_d2)) {
        best_d2 = d2;
        best = static_cast<int64_t>(k);
      }
    }
    return best;
  }
  GEOSContextHandle_t ctx = geos_ctx();
  GeomPtr point(GEOSGeom_createPointFromXY_r(ctx, x, y));
  if (!point) return -1;
  GeomPtr near;  // the point buffered by the tolerance, made on first need
  int64_t best = -1;
  double best_distance = std::numeric_limits<double>::infinity();
  for (const uint32_t k : near_features) {  // topmost first
    const GEOSGeometry* g = layer.geoms[k].get();
    if (!g) continue;
    const int type = GEOSGeomTypeId_r(ctx, g);
    const bool polygonal = type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
    if (polygonal && !outlines_only) {
      if (GEOSIntersects_r(ctx, g, point.get()) == 1) return static_cast<int64_t>(k);
      continue;
    }
    GeomPtr boundary;
    if (polygonal) {
      boundary.reset(GEOSBoundary_r(ctx, g));
      if (!boundary) continue;
      g = boundary.get();
    }
    if (!near) near.reset(GEOSBuffer_r(ctx, point.get(), tolerance, 8));
    if (!near || GEOSIntersects_r(ctx, g, near.get()) != 1) continue;
    double d = 0;
    if (GEOSDistance_r(ctx, g, point.get(), &d) == 1 && d < best_distance) {
      best_distance = d;
      best = static_cast<int64_t>(k);
    }
  }
  return best;
}

double feature_measure(const Layer& layer, size_t feature, bool& is_area) {
  is_area = false;
  if (feature >= layer.geoms.size() || !layer.geoms[feature]) return 0;
  GEOSContextHandle_t ctx = geos_ctx();
  const GEOSGeometry* g = layer.geoms[feature].get();
  double v = 0;
  switch (GEOSGeomTypeId_r(ctx, g)) {
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
      is_area = true;
      if (GEOSArea_r(ctx, g, &v) != 1) v = 0;
      return v;
    case GEOS_LINESTRING:
    case GEOS_MULTILINESTRING:
    case GEOS_LINEARRING:
      if (GEOSLength_r(ctx, g, &v) != 1) v = 0;
      return v;
    default:
      return 0;
  }
}

}  // namespace biodash
