#include "ui/dashboard.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>

#include "core/aggregate.hpp"
#include "core/choropleth.hpp"
#include "core/error.hpp"
#include "io/vector_reader.hpp"
#include "render/demo_style.hpp"
#include "ui/format.hpp"
#include "ui/observation_load.hpp"

namespace biodash::ui {
namespace {

constexpr float kPickTolerancePx = 4.0f;  // extra pixels around points and lines for clicks


double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Dashboard::Dashboard(const DashboardOptions& opts)
    : demo_(opts.demo),
      observations_by_extension_(opts.observations_by_extension),
      fallback_crs_(opts.src_crs) {
  scene.map_crs = opts.map_crs.empty() ? std::string(kDefaultMapCrs) : opts.map_crs;
  if (!crs_valid(scene.map_crs)) {
    messages.error("Map CRS '" + scene.map_crs + "' is not a CRS PROJ knows; using " +
                   kDefaultMapCrs);
    scene.map_crs = kDefaultMapCrs;
  }
  target_map_crs_ = scene.map_crs;
  if (!fallback_crs_.empty() && !crs_valid(fallback_crs_)) {
    messages.error("Source CRS '" + fallback_crs_ + "' is not a CRS PROJ knows; ignored");
    fallback_crs_.clear();
  }
  if (demo_) {
    attribution = "CBS/Kadaster CC BY 4.0 · UVW CC0";
    messages.info(
        "Opening the Leiden demo: CBS 2024 boundaries, UVW muskrat catches 2019, BiodiverCity, "
        "LBSP and Polderlab layers (illustrative) and citizen observations (synthetic)");
  }
  demo_pending_ = demo_ ? opts.files.size() : 0;
  for (const auto& f : opts.files) {
    if (!demo_ && observations_by_extension_ && looks_like_observations(f)) {
      open_observations(f, {}, fallback_crs_);
    } else {
      open_impl(f, "", demo_);
    }
  }
  if (opts.files.empty()) messages.info("No files: drop files on the window or use Add layer");
}

Dashboard::~Dashboard() {
  cancel_observations();  // the JobQueue waits for its workers: let the reads stop early
}

// ---- loading ----------------------------------------------------------------------------

void Dashboard::open(const std::string& spec, const std::string& src_crs) {
  if (spec.empty()) return;
  if (!src_crs.empty() && !crs_valid(src_crs)) {
    messages.error(base_name(spec) + ": source CRS '" + src_crs + "' is not a CRS PROJ knows");
    return;
  }
  if (observations_by_extension_ && looks_like_observations(spec)) {
    open_observations(spec, {}, src_crs);
    return;
  }
  open_impl(spec, src_crs, false);
}

// ---- observations -------------------------------------------------------------------------

void Dashboard::open_observations(const std::string& spec, const ColumnMapping& mapping,
                                  const std::string& src_crs_in) {
  if (spec.empty()) return;
  std::string src_crs = src_crs_in;
  src_crs.erase(0, src_crs.find_first_not_of(" \t"));
  src_crs.erase(src_crs.find_last_not_of(" \t") + 1);
  const std::string name = base_name(spec);
  if (!src_crs.empty() && !crs_valid(src_crs)) {
    messages.error(name + ": source CRS '" + src_crs + "' is not a CRS PROJ knows");
    return;
  }
  ObservationLoad load;
  load.seq = next_seq_++;
  load.spec = spec;
  load.fraction = std::make_shared<std::atomic<float>>(0.0f);
  load.cancel = std::make_shared<std::atomic<bool>>(false);
  observation_loads.push_back(load);
  OccurrenceOptions o;
  o.project_crs = target_map_crs_;
  o.src_crs = src_crs;
  o.mapping = mapping;
  const uint64_t seq = load.seq;
  auto cancelled = [this, seq, name]() -> JobQueue::Completion {
    return [this, seq, name] {
      finish_observation_load(seq);
      messages.info(name + ": loading cancelled");
    };
  };
  jobs.submit(
      "Loading observations " + name,
      [this, spec, o, load, name, cancelled]() -> JobQueue::Completion {
        auto rep = std::make_shared<IngestReport>();
        std::shared_ptr<const ObservationStore> store;
        try {
          store = std::make_shared<const ObservationStore>(
              read_occurrences(spec, o, *rep, [load](double f) {
                load.fraction->store(static_cast<float>(std::clamp(f, 0.0, 1.0)));
                return !load.cancel->load();
              }));
        } catch (const Cancelled&) {
          return cancelled();
        }
        std::shared_ptr<PreparedLayer> p;
        if (store->size() > 0) {
          std::unique_ptr<Layer> l = observation_layer(*store, name, spec);
          if (load.cancel->load()) return cancelled();
          p = std::make_shared<PreparedLayer>(prepare(std::shared_ptr<const Layer>(std::move(l))));
        }
        if (load.cancel->load()) return cancelled();
        return [this, load, o, store, rep, p] { observations_loaded(load, o, store, rep, p); };
      },
      [this, seq, spec, name, mapping, src_crs](const std::string& err) {
        finish_observation_load(seq);
        if (is_mapping_failure(err)) {
          messages.warn(name + ": no coordinate columns found by name; map the columns");
          mapping_request = MappingRequest{spec, err, mapping, src_crs};
          return;
        }
        messages.error(err.find(name) == std::string::npos ? "Cannot open " + spec + ": " + err
                                                           : err);
      });
}

void Dashboard::cancel_observations(uint64_t seq) {
  for (auto& l : observation_loads) {
    if (seq == 0 || l.seq == seq) l.cancel->store(true);
  }
}

void Dashboard::finish_observation_load(uint64_t seq) {
  observation_loads.erase(std::remove_if(observation_loads.begin(), observation_loads.end(),
                                         [&](const ObservationLoad& l) { return l.seq == seq; }),
                          observation_loads.end());
}

void Dashboard::observations_loaded(const ObservationLoad& load, const OccurrenceOptions& o,
                                    std::shared_ptr<const ObservationStore> store,
                                    std::shared_ptr<const IngestReport> rep,
                                    std::shared_ptr<PreparedLayer> p) {
  finish_observation_load(load.seq);
  const IngestReport& r = *rep;
  const std::string name = base_name(load.spec);
  std::string line = name + ": " + with_separators(r.kept) + " of " + with_separators(r.rows_read) +
                     " rows kept as observations";
  if (r.rejected_total()) line += ", " + with_separators(r.rejected_total()) + " rejected";
  line += " (" + r.format + ", " + (r.src_crs.empty() ? "?" : r.src_crs) + " -> " + r.project_crs +
          ", " + format_seconds(r.seconds) + ")";
  messages.add(r.rejected_total() ? MsgLevel::Warning : MsgLevel::Info, line);
  for (const auto& n : r.notes) messages.info("  " + name + ": " + n);
  ObservationSet set;
  set.name = name;
  set.store = store;
  set.report = rep;
  if (!p) {
    messages.warn(name + ": no observation kept; not added to the map");
    const uint64_t unknown_crs = r.rejected[static_cast<size_t>(Reject::UnknownCrs)];
    const uint64_t out_of_range = r.rejected[static_cast<size_t>(Reject::OutOfRange)];
    if (r.rows_read > 0 && unknown_crs + out_of_range == r.rows_read) {
      mapping_request = MappingRequest{
          load.spec,
          "No row could be placed: the coordinates are not in " +
              (r.src_crs.empty() ? std::string("WGS84 degrees or RD New metres") : r.src_crs) +
              ". Set the source CRS (or the coordinate columns).",
          o.mapping, o.src_crs};
    }
  } else {
    const uint64_t id = next_id_++;
    set.layer_id = id;
    const bool stale = p->layer->map_crs != target_map_crs_;
    add_prepared(std::move(*p), id, load.seq);
    if (stale) replace_job(id);  // the map CRS changed while it was loading
  }
  observations.push_back(std::move(set));
  auto_fit();
}

void Dashboard::open_impl(const std::string& spec, const std::string& src_crs, bool demo_file) {
  const uint64_t seq = next_seq_++;
  OpenOptions o;
  o.map_crs = target_map_crs_;
  o.fallback_crs = src_crs.empty() ? fallback_crs_ : src_crs;
  jobs.submit(
      "Loading " + base_name(spec),
      [this, spec, o, seq, demo_file]() mutable -> JobQueue::Completion {
        auto [path, layer_name] = split_layer_spec(spec);
        if (!layer_name.empty()) o.layers = {layer_name};
        std::vector<Layer> layers = read_vector_file(path, o);
        auto prepared = std::make_shared<std::vector<PreparedLayer>>();
        for (auto& l : layers)
          prepared->push_back(prepare(std::make_shared<const Layer>(std::move(l))));
        return [this, prepared, seq, demo_file] {
          loaded(*prepared, seq);
          if (demo_file) demo_file_done();
        };
      },
      [this, spec, demo_file](const std::string& err) {
        const std::string name = base_name(split_layer_spec(spec).first);
        // The core's errors usually name the file already; make sure the user sees which.
        if (err.find(name) == std::string::npos) {
          messages.error("Cannot open " + spec + ": " + err);
        } else {
          messages.error(err);
        }
        if (demo_file) demo_file_done();
      });
}

void Dashboard::loaded(std::vector<PreparedLayer>& layers, uint64_t seq) {
  for (auto& p : layers) {
    const Layer& l = *p.layer;
    const LoadReport& r = l.report;
    const bool trouble = r.null_skipped || r.empty_skipped || r.unrepairable ||
                         r.reproject_failed || r.loaded < r.features_read;
    messages.add(trouble ? MsgLevel::Warning : MsgLevel::Info, r.summary());
    const std::string summary = r.summary();
    for (const auto& note : r.notes) {
      if (summary.find(note) == std::string::npos) messages.info("  " + l.name + ": " + note);
    }
    if (l.kind == GeomKind::None || l.size() == 0) {
      messages.warn(l.name + ": no geometries to show; not added to the map");
      continue;
    }
    const uint64_t id = next_id_++;
    if (!l.placed()) {
      messages.warn(l.name + ": its CRS is unknown; enter one under Layers (e.g. EPSG:28992)");
      add_unplaced(p.layer, id, seq);
    } else {
      const bool stale = l.map_crs != target_map_crs_;
      add_prepared(std::move(p), id, seq);
      if (stale) replace_job(id);  // the map CRS changed while it was loading
    }
  }
  auto_fit();
}

void Dashboard::add_prepared(PreparedLayer p, uint64_t id, uint64_t seq) {
  size_t same_kind = 0;
  for (const auto& sl : scene.layers) same_kind += sl.layer->kind == p.layer->kind;
  SceneLayer sl;
  sl.style = default_style(same_kind, p.layer->kind);
  // The demo's layers get their demo look at once, not after the last file has loaded.
  if (demo_) {
    const DemoRole role = demo_role(*p.layer);
    sl.style = demo_style(role, sl.style);
    if (role == DemoRole::PolderlabPlots) sl.categories = treatment_categories(*p.layer);
  }
  sl.layer = p.layer;
  sl.mesh = p.mesh;
  meta_[p.layer.get()] = LayerMeta{id, seq, p.feature_bounds};

  auto rank_of = [this](const Layer& l) {
    return demo_ ? demo_rank(demo_role(l), l.kind) : draw_rank(l.kind);
  };
  const int rank = rank_of(*p.layer);
  auto pos = std::find_if(scene.layers.begin(), scene.layers.end(), [&](const SceneLayer& o) {
    const LayerMeta* m = meta(o.layer.get());
    const int orank = rank_of(*o.layer);
    return orank > rank || (orank == rank && m && m->seq > seq);
  });
  scene.layers.insert(pos, std::move(sl));
}

void Dashboard::add_unplaced(std::shared_ptr<const Layer> l, uint64_t id, uint64_t seq) {
  UnplacedLayer u;
  u.id = id;
  u.seq = seq;
  u.layer = std::move(l);
  u.crs_input = fallback_crs_;
  unplaced.push_back(std::move(u));
}

void Dashboard::demo_file_done() {
  if (demo_pending_ > 0 && --demo_pending_ == 0) demo_loaded();
}

void Dashboard::demo_loaded() {
  // The layers got their demo look and place as they arrived (add_prepared: the render CLI's
  // look, from render/demo_style). Now colour the sites (or, without the generated demo, the
  // buurten) by a live count.
  attribution = demo_attribution(scene.layers);
  const DemoCount c = demo_count(scene.layers);
  if (c.polygons >= 0 && c.points >= 0) {
    agg_polygons_id = layer_id(static_cast<size_t>(c.polygons));
    agg_points_id = layer_id(static_cast<size_t>(c.points));
    count_points(agg_polygons_id, agg_points_id);
  } else {
    messages.warn("Demo: no site (or buurten) polygon layer and point layer to count");
  }
  auto_fit();
}

// ---- CRS ----------------------------------------------------------------------------------

void Dashboard::apply_crs(uint64_t unplaced_id, const std::string& crs_in) {
  auto it = std::find_if(unplaced.begin(), unplaced.end(),
                         [&](const UnplacedLayer& u) { return u.id == unplaced_id; });
  if (it == unplaced.end() || it->placing) return;
  std::string crs = crs_in;
  crs.erase(0, crs.find_first_not_of(" \t"));
  crs.erase(crs.find_last_not_of(" \t") + 1);
  if (crs.empty() || !crs_valid(crs)) {
    it->last_error = "'" + crs + "' is not a CRS PROJ knows";
    messages.error(it->layer->name + ": " + it->last_error);
    return;
  }
  it->placing = true;
  it->last_error.clear();
  std::shared_ptr<const Layer> src = it->layer;
  const std::string target = target_map_crs_;
  jobs.submit(
      "Placing " + src->name,
      [this, src, crs, target, unplaced_id]() -> JobQueue::Completion {
        std::unique_ptr<Layer> copy = copy_unplaced(*src);
        copy->source_crs = crs;
        copy->source_crs_assumed = false;
        place_layer(*copy, target);
        auto p =
            std::make_shared<PreparedLayer>(prepare(std::shared_ptr<const Layer>(std::move(copy))));
        return [this, p, unplaced_id, crs] {
          auto u = std::find_if(unplaced.begin(), unplaced.end(),
                                [&](const UnplacedLayer& x) { return x.id == unplaced_id; });
          if (u == unplaced.end()) return;  // removed meanwhile
          const uint64_t seq = u->seq;
          unplaced.erase(u);
          messages.info(p->layer->name + ": placed from " + crs + " into " + p->layer->map_crs);
          if (p->layer->report.reproject_failed) {
            messages.warn(p->layer->name + ": " +
                          with_separators(p->layer->report.reproject_failed) +
                          " geometries could not be reprojected from " + crs);
          }
          const bool stale = p->layer->map_crs != target_map_crs_;
          add_prepared(std::move(*p), unplaced_id, seq);
          if (stale) replace_job(unplaced_id);
          auto_fit();
        };
      },
      [this, unplaced_id](const std::string& err) {
        auto u = std::find_if(unplaced.begin(), unplaced.end(),
                              [&](const UnplacedLayer& x) { return x.id == unplaced_id; });
        if (u == unplaced.end()) return;
        u->placing = false;
        u->last_error = err;
        messages.error(u->layer->name + ": cannot place: " + err);
      });
}

void Dashboard::swap_in(SceneLayer& sl, PreparedLayer p) {
  auto m = meta_.find(sl.layer.get());
  LayerMeta moved = m != meta_.end() ? m->second : LayerMeta{};
  if (m != meta_.end()) meta_.erase(m);
  moved.feature_bounds = p.feature_bounds;
  queue_free(sl);
  sl.layer = p.layer;
  sl.mesh = p.mesh;
  meta_[sl.layer.get()] = moved;
}

void Dashboard::replace_job(uint64_t id) {
  const int idx = scene_index(id);
  if (idx < 0) return;
  std::shared_ptr<const Layer> src = scene.layers[idx].layer;
  const std::string target = target_map_crs_;
  jobs.submit(
      "Reprojecting " + src->name,
      [this, src, target, id]() -> JobQueue::Completion {
        auto p = std::make_shared<PreparedLayer>(replace_into(*src, target));
        return [this, p, id, target] {
          const int i = scene_index(id);
          if (i < 0) return;
          if (target != target_map_crs_) {
            replace_job(id);  // superseded by another change
            return;
          }
          swap_in(scene.layers[i], std::move(*p));
        };
      },
      [this, id](const std::string& err) {
        messages.error(layer_label(id) + ": cannot reproject: " + err);
      });
}

void Dashboard::set_map_crs(const std::string& crs) {
  if (crs == target_map_crs_) return;
  if (!crs_valid(crs)) {
    messages.error("Map CRS '" + crs + "' is not a CRS PROJ knows");
    return;
  }
  const std::string old = scene.map_crs;
  target_map_crs_ = crs;
  to_wgs84_failed_ = false;

  // Keep the view: where the centre and a point 100 px right of it go in the new CRS.
  MapCamera next = camera;
  bool keep_view = false;
  try {
    CrsTransform t(old, crs);
    double x[2] = {camera.center_x, camera.center_x + 100 * camera.units_per_pixel};
    double y[2] = {camera.center_y, camera.center_y};
    if (t.transform(x, y, 2) == 0 && std::isfinite(x[0]) && std::isfinite(x[1])) {
      const double d = std::hypot(x[1] - x[0], y[1] - y[0]) / 100.0;
      if (d > 0 && std::isfinite(d)) {
        next.center_x = x[0];
        next.center_y = y[0];
        next.units_per_pixel = d;
        keep_view = true;
      }
    }
  } catch (const std::exception&) {
    // Fit everything instead.
  }

  std::vector<std::pair<uint64_t, std::shared_ptr<const Layer>>> todo;
  for (size_t i = 0; i < scene.layers.size(); ++i)
    todo.emplace_back(layer_id(i), scene.layers[i].layer);
  messages.info("Map CRS to " + crs + ": reprojecting " + std::to_string(todo.size()) + " layers");
  jobs.submit(
      "Reprojecting to " + crs,
      [this, todo, crs, next, keep_view]() -> JobQueue::Completion {
        auto done = std::make_shared<std::vector<std::pair<uint64_t, PreparedLayer>>>();
        auto errors = std::make_shared<std::vector<std::string>>();
        for (const auto& [id, layer] : todo) {
          try {
            done->emplace_back(id, replace_into(*layer, crs));
          } catch (const std::exception& e) {
            errors->push_back(layer->name + ": cannot reproject to " + crs + ": " + e.what());
          }
        }
        return [this, done, errors, crs, next, keep_view] {
          for (const auto& e : *errors) messages.error(e);
          if (crs != target_map_crs_) return;  // superseded by a later change
          scene.map_crs = crs;
          for (auto& [id, p] : *done) {
            const int i = scene_index(id);
            if (i >= 0) swap_in(scene.layers[i], std::move(p));
          }
          for (size_t i = 0; i < scene.layers.size(); ++i) {
            if (scene.layers[i].layer->map_crs != crs) replace_job(layer_id(i));
          }
          if (keep_view) {
            camera.center_x = next.center_x;
            camera.center_y = next.center_y;
            camera.units_per_pixel = next.units_per_pixel;
          } else {
            fit_all();
          }
          messages.info("Map CRS is now " + crs);
        };
      },
      [this](const std::string& err) { messages.error("Reprojection failed: " + err); });
}

// ---- layers -------------------------------------------------------------------------------

int Dashboard::scene_index(uint64_t id) const {
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    if (layer_id(i) == id) return static_cast<int>(i);
  }
  return -1;
}

uint64_t Dashboard::layer_id(size_t i) const {
  const LayerMeta* m = i < scene.layers.size() ? meta(scene.layers[i].layer.get()) : nullptr;
  return m ? m->id : 0;
}

const LayerMeta* Dashboard::meta(const Layer* l) const {
  auto it = meta_.find(l);
  return it == meta_.end() ? nullptr : &it->second;
}

std::string Dashboard::layer_label(uint64_t id) const {
  const int i = scene_index(id);
  return i >= 0 ? scene.layers[i].layer->name : "layer";
}

void Dashboard::queue_free(SceneLayer& sl) {
  if (sl.handle >= 0) {
    free_queue_.push_back(sl.handle);
    if (highlighted_handle_ == sl.handle) highlighted_handle_ = -1;
  }
  sl.handle = -1;
  sl.mesh_uploaded = false;
  sl.colors_uploaded = false;
}

void Dashboard::remove_layer(uint64_t id) {
  if (selection.layer_id == id) clear_selection();
  if (agg_polygons_id == id) agg_polygons_id = 0;
  if (agg_points_id == id) agg_points_id = 0;
  observations.erase(std::remove_if(observations.begin(), observations.end(),
                                    [&](const ObservationSet& o) { return o.layer_id == id; }),
                     observations.end());
  const int i = scene_index(id);
  if (i >= 0) {
    SceneLayer& sl = scene.layers[i];
    messages.info("Removed " + sl.layer->name);
    queue_free(sl);
    meta_.erase(sl.layer.get());
    scene.layers.erase(scene.layers.begin() + i);
    return;
  }
  unplaced.erase(std::remove_if(unplaced.begin(), unplaced.end(),
                                [&](const UnplacedLayer& u) { return u.id == id; }),
                 unplaced.end());
}

void Dashboard::move_layer(uint64_t id, int delta) {
  const int i = scene_index(id);
  const int j = i + delta;
  if (i < 0 || j < 0 || j >= static_cast<int>(scene.layers.size())) return;
  std::swap(scene.layers[i], scene.layers[j]);
}

// ---- view ---------------------------------------------------------------------------------

void Dashboard::fit_envelope(const Envelope& e) {
  if (e.empty()) return;
  ScreenRect r = map_rect;
  if (r.width() < 50 || r.height() < 50) r = {0, 0, float(camera.width), float(camera.height)};
  const double margin = 0.06;
  const double w = std::max(1.0, r.width() * (1 - 2 * margin));
  const double h = std::max(1.0, r.height() * (1 - 2 * margin));
  double upp = std::max(e.width() / w, e.height() / h);
  if (!(upp > 0) || !std::isfinite(upp)) upp = camera.units_per_pixel;  // a single point
  const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
  const double rcx = (r.x0 + r.x1) / 2, rcy = (r.y0 + r.y1) / 2;
  camera.units_per_pixel = upp;
  camera.center_x = cx - (rcx - camera.width / 2.0) * upp;
  camera.center_y = cy + (rcy - camera.height / 2.0) * upp;
}

void Dashboard::fit_all() {
  Envelope e;
  for (const auto& sl : scene.layers) {
    if (sl.style.visible && sl.layer->placed() && sl.layer->map_crs == scene.map_crs) {
      e.expand(sl.layer->bounds);
    }
  }
  fit_envelope(e);
}

void Dashboard::auto_fit() {
  if (view_touched) return;
  if (demo_) {
    // The demo opens on Leiden (its buurten), not on the whole region with Oud Ade.
    const Envelope e = demo_first_view(scene.layers);
    if (!e.empty()) {
      fit_envelope(e);
      return;
    }
  }
  fit_all();
}

void Dashboard::zoom_to_layer(uint64_t id) {
  const int i = scene_index(id);
  if (i < 0) return;
  view_touched = true;
  fit_envelope(scene.layers[i].layer->bounds);
}

void Dashboard::zoom_to_selection() {
  const int i = scene_index(selection.layer_id);
  if (i < 0 || selection.feature < 0) return;
  const LayerMeta* m = meta(scene.layers[i].layer.get());
  if (!m || !m->feature_bounds || size_t(selection.feature) >= m->feature_bounds->size()) return;
  Envelope e = (*m->feature_bounds)[selection.feature];
  if (e.width() == 0 && e.height() == 0) {  // a point: keep a sensible neighbourhood
    const double half = 100 * camera.units_per_pixel;
    e.expand(e.minx - half, e.miny - half);
    e.expand(e.maxx + half, e.maxy + half);
  }
  view_touched = true;
  fit_envelope(e);
}

Selection Dashboard::pick(float sx, float sy) const {
  double mx = 0, my = 0;
  camera.screen_to_map(sx, sy, mx, my);
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (!sl.style.visible || !sl.layer->placed() || sl.layer->map_crs != scene.map_crs) continue;
    const LayerMeta* m = meta(sl.layer.get());
    if (!m || !m->feature_bounds) continue;
    const float px = sl.layer->kind == GeomKind::Point ? sl.style.point_size / 2 : 0.0f;
    const double tol = (px + kPickTolerancePx) * camera.units_per_pixel;
    const bool filled = (sl.choropleth && sl.style.use_feature_colors) ||
                        sl.style.fill.a * sl.style.opacity >= 0.05f;
    const int64_t f = pick_feature(*sl.layer, *m->feature_bounds, mx, my, tol, !filled);
    if (f >= 0) return {m->id, f};
  }
  return {};
}

void Dashboard::select_at(float sx, float sy) {
  selection = pick(sx, sy);
}

void Dashboard::clear_selection() {
  selection = {};
}

bool Dashboard::cursor_position(float sx, float sy, double& mx, double& my, double& lon,
                                double& lat) {
  camera.screen_to_map(sx, sy, mx, my);
  if (to_wgs84_crs_ != scene.map_crs) {
    to_wgs84_.reset();
    to_wgs84_crs_ = scene.map_crs;
    to_wgs84_failed_ = false;
  }
  if (!to_wgs84_ && !to_wgs84_failed_) {
    try {
      to_wgs84_ = std::make_unique<CrsTransform>(scene.map_crs, "EPSG:4326");
    } catch (const std::exception& e) {
      to_wgs84_failed_ = true;
      messages.warn(std::string("No WGS84 cursor position: ") + e.what());
    }
  }
  lon = mx;
  lat = my;
  if (!to_wgs84_) return false;
  return to_wgs84_->transform(&lon, &lat, 1) == 0 && std::isfinite(lon) && std::isfinite(lat);
}

size_t Dashboard::feature_count() const {
  size_t n = 0;
  for (const auto& sl : scene.layers) n += sl.layer->size();
  return n;
}

const Choropleth* Dashboard::legend_choropleth() const {
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (sl.style.visible && sl.choropleth && sl.style.use_feature_colors) return &*sl.choropleth;
  }
  return nullptr;
}

// ---- aggregation --------------------------------------------------------------------------

void Dashboard::count_points(uint64_t polygon_layer_id, uint64_t point_layer_id) {
  const int pi = scene_index(polygon_layer_id), qi = scene_index(point_layer_id);
  if (pi < 0 || qi < 0 || aggregation_running_) return;
  std::shared_ptr<const Layer> polys = scene.layers[pi].layer;
  std::shared_ptr<const Layer> pts = scene.layers[qi].layer;
  if (polys->map_crs != pts->map_crs) {
    messages.error("Count points: " + polys->name + " and " + pts->name +
                   " are in different CRSs (reprojection still running?)");
    return;
  }
  aggregation_running_ = true;
  // The worker gets its own copies of the polygons: GEOS geometries must not be used by two
  // threads at once (picking reads them on this thread). Cloning costs milliseconds.
  auto own = std::make_shared<std::vector<GeomPtr>>();
  own->reserve(polys->geoms.size());
  for (const auto& g : polys->geoms) own->push_back(clone(g.get()));
  jobs.submit(
      "Counting " + pts->name + " in " + polys->name,
      [this, polys, pts, own, polygon_layer_id]() -> JobQueue::Completion {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<double> x, y;
        size_t skipped = 0;
        point_coordinates(*pts, x, y, skipped);
        std::vector<const GEOSGeometry*> pg;
        pg.reserve(own->size());
        for (const auto& g : *own) pg.push_back(g.get());
        const std::vector<uint64_t> counts =
            count_points_in_polygons(pg, x.data(), y.data(), x.size());
        auto res = std::make_shared<AggregationResult>();
        res->polygon_layer_id = polygon_layer_id;
        res->points = x.size();
        res->points_skipped = skipped;
        res->polygons = pg.size();
        std::vector<double> values(counts.begin(), counts.end());
        for (size_t i = 0; i < counts.size(); ++i) {
          res->inside += counts[i];
          if (counts[i] > 0) res->top.emplace_back(i, counts[i]);
        }
        std::stable_sort(res->top.begin(), res->top.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        if (res->top.size() > 10) res->top.resize(10);
        std::string title = "Observations per polygon", unit = "records";
        demo_count_legend(*polys, *pts, title, unit);
        auto c = std::make_shared<Choropleth>(make_choropleth(values, title, unit));
        res->seconds = seconds_since(t0);
        return [this, res, c, polys, pts] {
          aggregation_running_ = false;
          const int i = scene_index(res->polygon_layer_id);
          if (i < 0) return;  // layer removed meanwhile
          SceneLayer& sl = scene.layers[i];
          if (sl.layer->size() != c->feature_rgba.size()) return;
          sl.choropleth = std::move(*c);
          sl.colors_uploaded = false;
          sl.style.use_feature_colors = true;
          messages.info("Counted " + with_separators(res->points) + " points of " + pts->name +
                        " in " + with_separators(res->polygons) + " polygons of " + polys->name +
                        ": " + with_separators(res->inside) + " inside, in " +
                        format_seconds(res->seconds));
          if (res->points_skipped) {
            messages.warn(pts->name + ": " + with_separators(res->points_skipped) +
                          " features are not points and were not counted");
          }
          aggregation = std::move(*res);
        };
      },
      [this](const std::string& err) {
        aggregation_running_ = false;
        messages.error("Count points failed: " + err);
      });
}

// ---- per frame ----------------------------------------------------------------------------

void Dashboard::update() {
  jobs.drain();
}

void Dashboard::render(MapRenderer& r) {
  for (LayerHandle h : free_queue_) r.remove_layer(h);
  free_queue_.clear();
  scene.sync(r);

  LayerHandle want_h = -1;
  int64_t want_f = -1;
  if (selection.layer_id) {
    const int i = scene_index(selection.layer_id);
    if (i >= 0 && scene.layers[i].handle >= 0) {
      want_h = scene.layers[i].handle;
      want_f = selection.feature;
    }
  }
  if (want_h != highlighted_handle_ || want_f != highlighted_feature_) {
    if (highlighted_handle_ >= 0) r.set_highlight(highlighted_handle_, -1);
    if (want_h >= 0) r.set_highlight(want_h, want_f);
    highlighted_handle_ = want_h;
    highlighted_feature_ = want_f;
  }

  // A layer still in another CRS (re-placement in flight) is hidden for those frames.
  hidden_.clear();
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    SceneLayer& sl = scene.layers[i];
    if (sl.style.visible && sl.layer->map_crs != scene.map_crs) {
      sl.style.visible = false;
      hidden_.push_back(i);
    }
  }
  scene.draw(r, camera);
  for (size_t i : hidden_) scene.layers[i].style.visible = true;
}

void Dashboard::release(MapRenderer& r) {
  for (LayerHandle h : free_queue_) r.remove_layer(h);
  free_queue_.clear();
  scene.release(r);
  highlighted_handle_ = -1;
}

}  // namespace biodash::ui
