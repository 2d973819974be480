#include "core/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/error.hpp"

namespace biodash {
namespace {

bool is_polygonal(GEOSContextHandle_t h, const GEOSGeometry* g) {
  if (!g || GEOSisEmpty_r(h, g)) return false;
  int t = GEOSGeomTypeId_r(h, g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION;
}

// Counts the points [begin, end) on the calling thread with its own GEOS context, prepared
// geometries and STRtree; adds into `counts`.
void count_range(const std::vector<const GEOSGeometry*>& polygons, const double* x,
                 const double* y, size_t begin, size_t end, std::vector<uint64_t>& counts) {
  GEOSContextHandle_t h = geos_ctx();
  std::vector<PreparedPtr> prepared(polygons.size());
  STRtreePtr tree(GEOSSTRtree_create_r(h, 10));
  if (!tree) throw Error("GEOS STRtree creation failed: " + geos_last_error());
  for (size_t i = 0; i < polygons.size(); ++i) {
    if (!is_polygonal(h, polygons[i])) continue;
    prepared[i].reset(GEOSPrepare_r(h, polygons[i]));
    if (!prepared[i]) throw Error("GEOS prepare failed: " + geos_last_error());
    // The tree stores index+1 so that polygon 0 is not a null item.
    GEOSSTRtree_insert_r(h, tree.get(), const_cast<GEOSGeometry*>(polygons[i]),
                         reinterpret_cast<void*>(i + 1));
  }
  struct Query {
    GEOSContextHandle_t h;                      // this thread's context
    const std::vector<PreparedPtr>* prepared;   // per polygon
    std::vector<uint64_t>* counts;              // per polygon
    const GEOSGeometry* point;                  // point being classified
  } q{h, &prepared, &counts, nullptr};
  auto visit = [](void* item, void* user) {
    auto* qq = static_cast<Query*>(user);
    size_t i = reinterpret_cast<size_t>(item) - 1;
    if (GEOSPreparedContains_r(qq->h, (*qq->prepared)[i].get(), qq->point) == 1)
      ++(*qq->counts)[i];
  };
  for (size_t k = begin; k < end; ++k) {
    if (!std::isfinite(x[k]) || !std::isfinite(y[k])) continue;
    GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
    q.point = pt.get();
    GEOSSTRtree_query_r(h, tree.get(), pt.get(), visit, &q);
  }
}

}  // namespace

std::vector<uint64_t> count_points_in_polygons(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n,
                                               const AggregateOptions& opts) {
  unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  // Below ~20k points a second thread costs more (prepare + tree) than it saves.
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / 20000)));
  std::vector<std::vector<uint64_t>> partial(threads, std::vector<uint64_t>(polygons.size(), 0));
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  const size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    size_t b = std::min(n, t * chunk), e = std::min(n, b + chunk);
    auto work = [&, t, b, e] {
      try {
        count_range(polygons, x, y, b, e, partial[t]);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    };
    if (t + 1 == threads)
      work();  // the calling thread takes the last chunk
    else
      pool.emplace_back(work);
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<uint64_t> counts(polygons.size(), 0);
  for (const auto& p : partial)
    for (size_t i = 0; i < counts.size(); ++i) counts[i] += p[i];
  return counts;
}

std::vector<uint64_t> count_points_brute_force(const std::vector<const GEOSGeometry*>& polygons,
                                               const double* x, const double* y, size_t n) {
  GEOSContextHandle_t h = geos_ctx();
  std::vector<uint64_t> counts(polygons.size(), 0);
  for (size_t k = 0; k < n; ++k) {
    GeomPtr pt(GEOSGeom_createPointFromXY_r(h, x[k], y[k]));
    for (size_t i = 0; i < polygons.size(); ++i)
      if (polygons[i] && GEOSContains_r(h, polygons[i], pt.get()) == 1) ++counts[i];
  }
  return counts;
}

}  // namespace biodash
