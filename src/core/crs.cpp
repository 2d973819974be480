#include "core/crs.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

#include "core/error.hpp"

namespace biodash {
namespace {

std::string proj_error(PJ_CONTEXT* ctx) {
  int err = proj_context_errno(ctx);
  const char* s = err ? proj_context_errno_string(ctx, err) : nullptr;
  return s ? s : "unknown PROJ error";
}

struct TransformCtx {
  const CrsTransform* t;  // transform to apply
  bool failed;            // set when a coordinate did not transform
};

}  // namespace

CrsTransform::CrsTransform(const std::string& from, const std::string& to) {
  ctx_ = proj_context_create();
  proj_log_level(ctx_, PJ_LOG_NONE);  // errors are reported through Error, not stderr
  PJ* src = proj_create(ctx_, from.c_str());
  if (!src) {
    std::string msg = proj_error(ctx_);
    proj_context_destroy(ctx_);
    throw Error("unknown source CRS '" + from.substr(0, 80) + "': " + msg);
  }
  PJ* dst = proj_create(ctx_, to.c_str());
  if (!dst) {
    std::string msg = proj_error(ctx_);
    proj_destroy(src);
    proj_context_destroy(ctx_);
    throw Error("unknown target CRS '" + to.substr(0, 80) + "': " + msg);
  }
  identity_ = proj_is_equivalent_to(src, dst, PJ_COMP_EQUIVALENT);
  PJ* op = proj_create_crs_to_crs_from_pj(ctx_, src, dst, nullptr, nullptr);
  proj_destroy(src);
  proj_destroy(dst);
  if (!op) {
    std::string msg = proj_error(ctx_);
    proj_context_destroy(ctx_);
    throw Error("no transformation from '" + from.substr(0, 80) + "' to '" + to.substr(0, 80) +
                "': " + msg);
  }
  pj_ = proj_normalize_for_visualization(ctx_, op);
  proj_destroy(op);
  if (!pj_) {
    std::string msg = proj_error(ctx_);
    proj_context_destroy(ctx_);
    throw Error("cannot normalise axis order: " + msg);
  }
}

CrsTransform::~CrsTransform() {
  if (pj_) proj_destroy(pj_);
  if (ctx_) proj_context_destroy(ctx_);
}

size_t CrsTransform::transform(double* x, double* y, size_t n) const {
  if (identity_ || n == 0) return 0;
  proj_trans_generic(pj_, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
  size_t failed = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      x[i] = y[i] = std::numeric_limits<double>::infinity();
      ++failed;
    }
  }
  return failed;
}

GeomPtr CrsTransform::transform(const GEOSGeometry* g) const {
  if (!g) return nullptr;
  if (identity_) return clone(g);
  TransformCtx tc{this, false};
  auto cb = [](double* x, double* y, void* user) -> int {
    auto* c = static_cast<TransformCtx*>(user);
    PJ_COORD in = proj_coord(*x, *y, 0, 0);
    PJ_COORD out = proj_trans(c->t->pj_, PJ_FWD, in);
    if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y) || out.xy.x == HUGE_VAL) {
      c->failed = true;
      return 0;
    }
    *x = out.xy.x;
    *y = out.xy.y;
    return 1;
  };
  GeomPtr r(GEOSGeom_transformXY_r(geos_ctx(), g, cb, &tc));
  if (!r || tc.failed) throw Error("coordinate outside the transformation's domain");
  return r;
}

std::string CrsTransform::operation_name() const {
  PJ_PROJ_INFO info = proj_pj_info(pj_);
  return info.description ? info.description : "";
}

namespace {

// Idle transforms per (from, to). Bounded: a few per pair (one per reading thread is the most
// used at once) and a few dozen pairs; beyond that an idle transform is simply destroyed.
struct TransformPool {
  static constexpr size_t kPerKey = 16;
  static constexpr size_t kKeys = 32;
  std::mutex mu;
  std::map<std::string, std::vector<std::unique_ptr<CrsTransform>>> idle;
  std::atomic<size_t> created{0};
};

TransformPool& pool() {
  static TransformPool* p = new TransformPool;  // never destroyed: leases may end at exit
  return *p;
}

}  // namespace

TransformLease::~TransformLease() {
  if (!t_) return;
  TransformPool& p = pool();
  std::lock_guard lk(p.mu);
  auto it = p.idle.find(key_);
  if (it == p.idle.end()) {
    if (p.idle.size() >= TransformPool::kKeys) return;  // t_ destroyed
    it = p.idle.emplace(key_, std::vector<std::unique_ptr<CrsTransform>>{}).first;
  }
  if (it->second.size() < TransformPool::kPerKey) it->second.push_back(std::move(t_));
}

TransformLease borrow_transform(const std::string& from, const std::string& to) {
  std::string key = from;
  key += '\0';
  key += to;
  TransformPool& p = pool();
  {
    std::lock_guard lk(p.mu);
    auto it = p.idle.find(key);
    if (it != p.idle.end() && !it->second.empty()) {
      std::unique_ptr<CrsTransform> t = std::move(it->second.back());
      it->second.pop_back();
      return TransformLease(std::move(key), std::move(t));
    }
  }
  auto t = std::make_unique<CrsTransform>(from, to);  // outside the lock: slow
  p.created.fetch_add(1, std::memory_order_relaxed);
  return TransformLease(std::move(key), std::move(t));
}

size_t transforms_created() {
  return pool().created.load(std::memory_order_relaxed);
}

std::string crs_short_name(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_context_create();
  proj_log_level(ctx, PJ_LOG_NONE);
  PJ* crs = proj_create(ctx, definition.c_str());
  std::string out;
  if (crs) {
    const char* auth = proj_get_id_auth_name(crs, 0);
    const char* code = proj_get_id_code(crs, 0);
    if (!auth || !code) {
      // Many WKT1 files (e.g. .prj) carry no id: ask PROJ for the best EPSG match.
      int n = 0;
      int* conf = nullptr;
      PJ_OBJ_LIST* list = proj_identify(ctx, crs, "EPSG", nullptr, &conf);
      if (list) n = proj_list_get_count(list);
      if (n > 0 && conf[0] >= 90) {
        PJ* m = proj_list_get(ctx, list, 0);
        const char* c = proj_get_id_code(m, 0);
        if (c) out = std::string("EPSG:") + c;
        proj_destroy(m);
      }
      if (list) proj_list_destroy(list);
      if (conf) proj_int_list_destroy(conf);
      if (out.empty()) {
        const char* name = proj_get_name(crs);
        out = name ? name : "custom CRS";
      }
    } else {
      out = std::string(auth) + ":" + code;
    }
    proj_destroy(crs);
  }
  proj_context_destroy(ctx);
  return out;
}

bool crs_valid(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_context_create();
  proj_log_level(ctx, PJ_LOG_NONE);
  PJ* crs = proj_create(ctx, definition.c_str());
  bool ok = crs && proj_is_crs(crs);
  if (crs) proj_destroy(crs);
  proj_context_destroy(ctx);
  return ok;
}

}  // namespace biodash
