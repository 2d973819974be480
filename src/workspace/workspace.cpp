#include "workspace/workspace.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <string_view>

#include "core/aggregate.hpp"
#include "core/baci.hpp"
#include "core/choropleth.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/hexgrid.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_parse.hpp"
#include "io/vector_reader.hpp"
#include "render/demo_style.hpp"
#include "workspace/basemap_loader.hpp"
#include "workspace/observation_load.hpp"

namespace biodash {

namespace {

constexpr float kPickTolerancePx = 4.0f;  // extra pixels around points and lines for clicks

// Reads an observation file into a store (worker thread) for the demo and for sessions: the
// job's bar shows the progress and the status bar's Cancel stops the reading (Cancelled).
std::pair<std::shared_ptr<const ObservationStore>, std::shared_ptr<const IngestReport>> read_store(
    const std::string& spec, const OccurrenceOptions& o, JobQueue::Control& c) {
  auto rep = std::make_shared<IngestReport>();
  auto store =
      std::make_shared<const ObservationStore>(read_occurrences(spec, o, *rep, [&c](double f) {
        c.progress.store(static_cast<float>(std::clamp(f, 0.0, 1.0)));
        return !c.stop.load();
      }));
  return {store, rep};
}

// A reader's error with the file's name in front, unless it names the file already.
std::string naming(const std::string& name, const std::string& err) {
  return err.find(name) == std::string::npos ? name + ": " + err : err;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The name the vector reader would give OGR layer `lname` of `path`: its GeoPackage
// identifier when it has one, else "file:layer". Worker thread.
std::string ogr_layer_title(const std::string& path, const std::string& lname) {
  const std::string stem = std::filesystem::path(path).stem().string();
  std::string title = lname.empty() ? stem : stem + ":" + lname;
  const std::string ident = gpkg_layer_identifier(path, lname);
  return ident.empty() ? title : ident;
}

}  // namespace

Workspace::Workspace(const WorkspaceOptions& opts)
    : demo_(opts.demo),
      observations_by_extension_(opts.observations_by_extension),
      fallback_crs_(opts.src_crs) {
  scene.map_crs = opts.map_crs.empty() ? std::string(kDefaultMapCrs) : opts.map_crs;
  if (!crs_valid(scene.map_crs)) {
    messages.error(fill(tr("Map CRS '%s' is not a CRS PROJ knows; using %s"),
                        {scene.map_crs, kDefaultMapCrs}));
    scene.map_crs = kDefaultMapCrs;
  }
  target_map_crs_ = scene.map_crs;
  if (!fallback_crs_.empty() && !crs_valid(fallback_crs_)) {
    messages.error(fill(tr("Source CRS '%s' is not a CRS PROJ knows; ignored"), {fallback_crs_}));
    fallback_crs_.clear();
  }
  if (demo_) {
    attribution = "CBS/Kadaster CC BY 4.0 · UVW CC0";
    messages.info(
        tr("Opening the Leiden demo: CBS 2024 boundaries, UVW muskrat catches 2019, BiodiverCity, "
           "LBSP and Polderlab layers (illustrative) and citizen observations (synthetic)"));
  }
  demo_pending_ = demo_ ? opts.files.size() : 0;
  for (const auto& f : opts.files) {
    if (!demo_ && observations_by_extension_ && looks_like_observations(f)) {
      open_observations(f, {}, fallback_crs_);
    } else if (demo_ && demo_store_spec_.empty() &&
               split_layer_spec(f).second == "citizen_observations") {
      // The demo's citizen observations: read once into a store for the thematic maps; the
      // map's point layer is built from that store.
      demo_store_spec_ = f;
      open_demo_observations(f);
    } else {
      open_impl(f, "", demo_);
    }
  }
  if (opts.files.empty()) messages.info(tr("No files: drop files on the window or use Add layer"));
}

Workspace::~Workspace() {
  cancel_observations();  // the JobQueue waits for its workers: let the reads stop early
}

// ---- loading ----------------------------------------------------------------------------

void Workspace::open(const std::string& spec, const std::string& src_crs) {
  if (spec.empty()) return;
  if (!src_crs.empty() && !crs_valid(src_crs)) {
    messages.error(
        fill(tr("%s: source CRS '%s' is not a CRS PROJ knows"), {base_name(spec), src_crs}));
    return;
  }
  if (observations_by_extension_ && looks_like_observations(spec)) {
    open_observations(spec, {}, src_crs);
    return;
  }
  open_impl(spec, src_crs, false);
}

// ---- observations -------------------------------------------------------------------------

void Workspace::open_observations(const std::string& spec, const ColumnMapping& mapping,
                                  const std::string& src_crs_in) {
  if (spec.empty()) return;
  std::string src_crs = src_crs_in;
  src_crs.erase(0, src_crs.find_first_not_of(" \t"));
  src_crs.erase(src_crs.find_last_not_of(" \t") + 1);
  const std::string name = base_name(spec);
  if (!src_crs.empty() && !crs_valid(src_crs)) {
    messages.error(fill(tr("%s: source CRS '%s' is not a CRS PROJ knows"), {name, src_crs}));
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
      messages.info(name + ": " + tr("loading cancelled"));
    };
  };
  jobs.submit_controlled(
      fill(tr("Loading observations %s"), {name}),
      [this, spec, o, load, name, cancelled](JobQueue::Control& c) -> JobQueue::Completion {
        // Stopped by the Observations panel's Cancel or the status bar's.
        auto stop = [&c, &load] { return load.cancel->load() || c.stop.load(); };
        auto rep = std::make_shared<IngestReport>();
        std::shared_ptr<const ObservationStore> store;
        try {
          store = std::make_shared<const ObservationStore>(
              read_occurrences(spec, o, *rep, [&c, load, stop](double f) {
                const float v = static_cast<float>(std::clamp(f, 0.0, 1.0));
                load.fraction->store(v);
                c.progress.store(v);
                return !stop();
              }));
        } catch (const Cancelled&) {
          return cancelled();
        }
        std::shared_ptr<PreparedLayer> p;
        if (store->size() > 0) {
          std::unique_ptr<Layer> l = store_point_layer(store, name, spec);
          if (stop()) return cancelled();
          p = std::make_shared<PreparedLayer>(prepare(std::shared_ptr<const Layer>(std::move(l))));
        }
        if (stop()) return cancelled();
        return [this, load, o, store, rep, p] { observations_loaded(load, o, store, rep, p); };
      },
      [this, seq, spec, name, mapping, src_crs](const std::string& err) {
        finish_observation_load(seq);
        if (is_mapping_failure(err)) {
          messages.warn(name + ": " + tr("no coordinate columns found by name; map the columns"));
          mapping_request = MappingRequest{spec, err, mapping, src_crs};
          return;
        }
        messages.error(err.find(name) == std::string::npos
                           ? fill(tr("Cannot open %s: %s"), {spec, err})
                           : err);
      });
}

void Workspace::cancel_observations(uint64_t seq) {
  for (auto& l : observation_loads) {
    if (seq == 0 || l.seq == seq) l.cancel->store(true);
  }
}

void Workspace::finish_observation_load(uint64_t seq) {
  observation_loads.erase(std::remove_if(observation_loads.begin(), observation_loads.end(),
                                         [&](const ObservationLoad& l) { return l.seq == seq; }),
                          observation_loads.end());
}

void Workspace::observations_loaded(const ObservationLoad& load, const OccurrenceOptions& o,
                                    std::shared_ptr<const ObservationStore> store,
                                    std::shared_ptr<const IngestReport> rep,
                                    std::shared_ptr<PreparedLayer> p) {
  finish_observation_load(load.seq);
  const IngestReport& r = *rep;
  const std::string name = base_name(load.spec);
  std::string line = fill(tr("%s: %s of %s rows kept as observations"),
                          {name, with_separators(r.kept), with_separators(r.rows_read)});
  if (r.rejected_total()) line += fill(tr(", %s rejected"), {with_separators(r.rejected_total())});
  line += " (" + r.format + ", " + (r.src_crs.empty() ? "?" : r.src_crs) + " -> " + r.project_crs +
          ", " + format_seconds(r.seconds) + ")";
  messages.add(r.rejected_total() ? MsgLevel::Warning : MsgLevel::Info, line);
  for (const auto& n : r.notes) messages.info("  " + name + ": " + n);
  ObservationSet set;
  set.name = name;
  set.store = store;
  set.report = rep;
  set.spec = load.spec;
  if (!p) {
    messages.warn(name + ": " + tr("no observation kept; not added to the map"));
    const uint64_t unknown_crs = r.rejected[static_cast<size_t>(Reject::UnknownCrs)];
    const uint64_t out_of_range = r.rejected[static_cast<size_t>(Reject::OutOfRange)];
    if (r.rows_read > 0 && unknown_crs + out_of_range == r.rows_read) {
      mapping_request = MappingRequest{
          load.spec,
          fill(tr("No row could be placed: the coordinates are not in %s. Set the source CRS "
                  "(or the coordinate columns)."),
               {r.src_crs.empty() ? std::string(tr("WGS84 degrees or RD New metres")) : r.src_crs}),
          o.mapping, o.src_crs};
    }
  } else {
    const uint64_t id = next_id_++;
    set.layer_id = id;
    const bool stale = p->layer->map_crs != target_map_crs_;
    const Layer* lp = p->layer.get();
    add_prepared(std::move(*p), id, load.seq);
    meta_[lp].spec = load.spec;
    if (stale) replace_job(id);  // the map CRS changed while it was loading
  }
  observations.push_back(std::move(set));
  auto_fit();
}

void Workspace::open_impl(const std::string& spec, const std::string& src_crs, bool demo_file) {
  const uint64_t seq = next_seq_++;
  OpenOptions o;
  o.map_crs = target_map_crs_;
  o.fallback_crs = src_crs.empty() ? fallback_crs_ : src_crs;
  loading_specs_.push_back(spec);
  jobs.submit_controlled(
      fill(tr("Loading %s"), {base_name(spec)}),
      [this, spec, o, seq, demo_file](JobQueue::Control& c) mutable -> JobQueue::Completion {
        auto [path, layer_name] = split_layer_spec(spec);
        if (!layer_name.empty()) o.layers = {layer_name};
        // Reading is ~90 % of a load, making the meshes the rest; Cancel stops either.
        o.progress = [&c](double f) {
          if (f >= 0) c.progress.store(static_cast<float>(0.9 * f));
          return !c.stop.load();
        };
        std::vector<Layer> layers = read_vector_file(path, o);
        auto prepared = std::make_shared<std::vector<PreparedLayer>>();
        for (auto& l : layers) {
          if (c.stop.load()) throw Cancelled(path + ": loading cancelled");
          prepared->push_back(prepare(std::make_shared<const Layer>(std::move(l))));
        }
        return [this, prepared, seq, demo_file, spec] {
          loading_done(spec);
          loaded(*prepared, seq, spec);
          if (demo_file) demo_file_done();
        };
      },
      [this, spec, demo_file](const std::string& err) {
        loading_done(spec);
        const std::string name = base_name(split_layer_spec(spec).first);
        // The core's errors usually name the file already; make sure the user sees which.
        if (err.find(name) == std::string::npos) {
          messages.error(fill(tr("Cannot open %s: %s"), {spec, err}));
        } else {
          messages.error(err);
        }
        if (demo_file) demo_file_done();
      });
}

void Workspace::loaded(std::vector<PreparedLayer>& layers, uint64_t seq, const std::string& spec) {
  const bool named = !split_layer_spec(spec).second.empty();
  for (auto& p : layers) {
    // The spec that reopens this very layer (sessions): the file alone names its first layer.
    const std::string layer_spec = named || layers.size() == 1 || p.layer->source_layer.empty()
                                       ? spec
                                       : split_layer_spec(spec).first + ":" + p.layer->source_layer;
    const Layer& l = *p.layer;
    const LoadReport& r = l.report;
    const bool trouble = r.null_skipped || r.empty_skipped || r.unrepairable ||
                         r.reproject_failed || r.loaded < r.features_read;
    messages.add(trouble ? MsgLevel::Warning : MsgLevel::Info, r.summary(&tr));
    const std::string summary = r.summary();
    for (const auto& note : r.notes) {
      if (summary.find(note) == std::string::npos) messages.info("  " + l.name + ": " + note);
    }
    if (l.kind == GeomKind::None || l.size() == 0) {
      messages.warn(l.name + ": " + tr("no geometries to show; not added to the map"));
      continue;
    }
    const uint64_t id = next_id_++;
    if (!l.placed()) {
      messages.warn(l.name + ": " +
                    tr("its CRS is unknown; enter one under Layers (e.g. EPSG:28992)"));
      add_unplaced(p.layer, id, seq);
    } else {
      const bool stale = l.map_crs != target_map_crs_;
      const Layer* lp = p.layer.get();
      add_prepared(std::move(p), id, seq);
      meta_[lp].spec = layer_spec;
      if (stale) replace_job(id);  // the map CRS changed while it was loading
    }
  }
  auto_fit();
}

void Workspace::add_prepared(PreparedLayer p, uint64_t id, uint64_t seq) {
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
  sl.label_field = default_label_field(*p.layer, demo_);  // names on the map
  meta_[p.layer.get()] = LayerMeta{id, seq, p.features, {}};

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

void Workspace::add_unplaced(std::shared_ptr<const Layer> l, uint64_t id, uint64_t seq) {
  UnplacedLayer u;
  u.id = id;
  u.seq = seq;
  u.layer = std::move(l);
  u.crs_input = fallback_crs_;
  unplaced.push_back(std::move(u));
}

void Workspace::demo_file_done() {
  if (demo_pending_ > 0 && --demo_pending_ == 0) demo_loaded();
}

void Workspace::demo_loaded() {
  // The layers got their demo look and place as they arrived (add_prepared: the render CLI's
  // look, from render/demo_style). Now colour the sites (or, without the generated demo, the
  // buurten) by a live count.
  attribution = demo_attribution(scene.layers);
  const DemoCount c = demo_count(scene.layers);
  if (!demo_store_spec_.empty()) {
    demo_analysis_defaults();  // the thematic map once the store is there too
  } else if (c.polygons >= 0 && c.points >= 0) {
    agg_polygons_id = layer_id(static_cast<size_t>(c.polygons));
    agg_points_id = layer_id(static_cast<size_t>(c.points));
    count_points(agg_polygons_id, agg_points_id);
  } else {
    messages.warn(tr("Demo: no site (or buurten) polygon layer and point layer to count"));
  }
  auto_fit();
}

// ---- CRS ----------------------------------------------------------------------------------

void Workspace::apply_crs(uint64_t unplaced_id, const std::string& crs_in) {
  auto it = std::find_if(unplaced.begin(), unplaced.end(),
                         [&](const UnplacedLayer& u) { return u.id == unplaced_id; });
  if (it == unplaced.end() || it->placing) return;
  std::string crs = crs_in;
  crs.erase(0, crs.find_first_not_of(" \t"));
  crs.erase(crs.find_last_not_of(" \t") + 1);
  if (crs.empty() || !crs_valid(crs)) {
    it->last_error = fill(tr("'%s' is not a CRS PROJ knows"), {crs});
    messages.error(it->layer->name + ": " + it->last_error);
    return;
  }
  it->placing = true;
  it->last_error.clear();
  std::shared_ptr<const Layer> src = it->layer;
  const std::string target = target_map_crs_;
  jobs.submit(
      fill(tr("Placing %s"), {src->name}),
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
          messages.info(
              fill(tr("%s: placed from %s into %s"), {p->layer->name, crs, p->layer->map_crs}));
          if (p->layer->report.reproject_failed) {
            messages.warn(
                fill(tr("%s: %s geometries could not be reprojected from %s"),
                     {p->layer->name, with_separators(p->layer->report.reproject_failed), crs}));
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
        messages.error(fill(tr("%s: cannot place: %s"), {u->layer->name, err}));
      });
}

void Workspace::swap_in(SceneLayer& sl, PreparedLayer p) {
  auto m = meta_.find(sl.layer.get());
  LayerMeta moved = m != meta_.end() ? m->second : LayerMeta{};
  if (m != meta_.end()) meta_.erase(m);
  moved.features = p.features;
  queue_free(sl);
  sl.layer = p.layer;
  sl.mesh = p.mesh;
  meta_[sl.layer.get()] = moved;
}

void Workspace::replace_job(uint64_t id) {
  const int idx = scene_index(id);
  if (idx < 0) return;
  std::shared_ptr<const Layer> src = scene.layers[idx].layer;
  const std::string target = target_map_crs_;
  jobs.submit(
      fill(tr("Reprojecting %s"), {src->name}),
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
        messages.error(fill(tr("%s: cannot reproject: %s"), {layer_label(id), err}));
      });
}

void Workspace::set_map_crs(const std::string& crs) {
  if (crs == target_map_crs_) return;
  if (!crs_valid(crs)) {
    messages.error(fill(tr("Map CRS '%s' is not a CRS PROJ knows"), {crs}));
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
  messages.info(
      fill(tr("Map CRS to %s: reprojecting %s layers"), {crs, std::to_string(todo.size())}));
  jobs.submit(
      fill(tr("Reprojecting to %s"), {crs}),
      [this, todo, crs, next, keep_view]() -> JobQueue::Completion {
        auto done = std::make_shared<std::vector<std::pair<uint64_t, PreparedLayer>>>();
        auto errors = std::make_shared<std::vector<std::string>>();
        for (const auto& [id, layer] : todo) {
          try {
            done->emplace_back(id, replace_into(*layer, crs));
          } catch (const std::exception& e) {
            errors->push_back(
                fill(tr("%s: cannot reproject to %s: %s"), {layer->name, crs, e.what()}));
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
          messages.info(fill(tr("Map CRS is now %s"), {crs}));
        };
      },
      [this](const std::string& err) {
        messages.error(fill(tr("Reprojection failed: %s"), {err}));
      });
}

// ---- layers -------------------------------------------------------------------------------

int Workspace::scene_index(uint64_t id) const {
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    if (layer_id(i) == id) return static_cast<int>(i);
  }
  return -1;
}

uint64_t Workspace::layer_id(size_t i) const {
  const LayerMeta* m = i < scene.layers.size() ? meta(scene.layers[i].layer.get()) : nullptr;
  return m ? m->id : 0;
}

const LayerMeta* Workspace::meta(const Layer* l) const {
  auto it = meta_.find(l);
  return it == meta_.end() ? nullptr : &it->second;
}

std::string Workspace::layer_label(uint64_t id) const {
  const int i = scene_index(id);
  return i >= 0 ? scene.layers[i].layer->name : "layer";
}

void Workspace::queue_free(SceneLayer& sl) {
  if (sl.handle >= 0) {
    free_queue_.push_back(sl.handle);
    if (highlighted_handle_ == sl.handle) highlighted_handle_ = -1;
  }
  sl.handle = -1;
  sl.mesh_uploaded = false;
  sl.colors_uploaded = false;
}

void Workspace::remove_layer(uint64_t id) {
  if (selection.layer_id == id) clear_selection();
  if (agg_polygons_id == id) agg_polygons_id = 0;
  if (agg_points_id == id) agg_points_id = 0;
  if (analysis.area_layer_id == id) analysis.area_layer_id = 0;
  observations.erase(std::remove_if(observations.begin(), observations.end(),
                                    [&](const ObservationSet& o) { return o.layer_id == id; }),
                     observations.end());
  const int i = scene_index(id);
  if (i >= 0) {
    SceneLayer& sl = scene.layers[i];
    messages.info(fill(tr("Removed %s"), {sl.layer->name}));
    queue_free(sl);
    meta_.erase(sl.layer.get());
    scene.layers.erase(scene.layers.begin() + i);
    return;
  }
  unplaced.erase(std::remove_if(unplaced.begin(), unplaced.end(),
                                [&](const UnplacedLayer& u) { return u.id == id; }),
                 unplaced.end());
}

void Workspace::move_layer(uint64_t id, int delta) {
  const int i = scene_index(id);
  const int j = i + delta;
  if (i < 0 || j < 0 || j >= static_cast<int>(scene.layers.size())) return;
  std::swap(scene.layers[i], scene.layers[j]);
}

// ---- view ---------------------------------------------------------------------------------

void Workspace::fit_envelope(const Envelope& e) {
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

void Workspace::fit_all() {
  Envelope e;
  for (const auto& sl : scene.layers) {
    if (sl.style.visible && sl.layer->placed() && sl.layer->map_crs == scene.map_crs) {
      e.expand(sl.layer->bounds);
    }
  }
  fit_envelope(e);
}

void Workspace::auto_fit() {
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

void Workspace::zoom_to_layer(uint64_t id) {
  const int i = scene_index(id);
  if (i < 0) return;
  view_touched = true;
  fit_envelope(scene.layers[i].layer->bounds);
}

void Workspace::zoom_to_selection() {
  const int i = scene_index(selection.layer_id);
  if (i < 0 || selection.feature < 0) return;
  const LayerMeta* m = meta(scene.layers[i].layer.get());
  if (!m || !m->features || size_t(selection.feature) >= m->features->size()) return;
  Envelope e = m->features->bounds(static_cast<uint32_t>(selection.feature));
  if (e.width() == 0 && e.height() == 0) {  // a point: keep a sensible neighbourhood
    const double half = 100 * camera.units_per_pixel;
    e.expand(e.minx - half, e.miny - half);
    e.expand(e.maxx + half, e.maxy + half);
  }
  view_touched = true;
  fit_envelope(e);
}

Selection Workspace::pick(float sx, float sy) const {
  double mx = 0, my = 0;
  camera.screen_to_map(sx, sy, mx, my);
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (!sl.style.visible || !sl.layer->placed() || sl.layer->map_crs != scene.map_crs) continue;
    const LayerMeta* m = meta(sl.layer.get());
    if (!m || !m->features) continue;
    const float px = sl.layer->kind == GeomKind::Point ? sl.style.point_size / 2 : 0.0f;
    const double tol = (px + kPickTolerancePx) * camera.units_per_pixel;
    const bool filled = (sl.choropleth && sl.style.use_feature_colors) ||
                        sl.style.fill.a * sl.style.opacity >= 0.05f;
    const int64_t f = pick_feature(*sl.layer, *m->features, mx, my, tol, !filled);
    if (f >= 0) return {m->id, f};
  }
  return {};
}

void Workspace::select_at(float sx, float sy) {
  selection = pick(sx, sy);
}

void Workspace::clear_selection() {
  selection = {};
}

bool Workspace::cursor_position(float sx, float sy, double& mx, double& my, double& lon,
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
      messages.warn(fill(tr("No WGS84 cursor position: %s"), {e.what()}));
    }
  }
  lon = mx;
  lat = my;
  if (!to_wgs84_) return false;
  return to_wgs84_->transform(&lon, &lat, 1) == 0 && std::isfinite(lon) && std::isfinite(lat);
}

size_t Workspace::feature_count() const {
  size_t n = 0;
  for (const auto& sl : scene.layers) n += sl.layer->size();
  return n;
}

const Choropleth* Workspace::legend_choropleth() const {
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (sl.style.visible && sl.choropleth && sl.style.use_feature_colors) return &*sl.choropleth;
  }
  return nullptr;
}

std::string Workspace::state_text() const {
  std::string out;
  for (const SceneLayer& sl : scene.layers) {
    out += "layer " + sl.layer->name + ": ";
    out += sl.choropleth ? "classes " + std::to_string(sl.choropleth->class_labels.size())
                         : std::string("no classes");
    if (!sl.style.visible) out += ", hidden";
    out += "\n";
  }
  const Choropleth* c = legend_choropleth();
  out += "legend: " + (c ? legend_text(*c) : std::string()) + "\n";
  out += "title: " + (c ? c->map_title : std::string()) + "\n";
  return out;
}

// ---- aggregation --------------------------------------------------------------------------

void Workspace::count_points(uint64_t polygon_layer_id, uint64_t point_layer_id) {
  const int pi = scene_index(polygon_layer_id), qi = scene_index(point_layer_id);
  if (pi < 0 || qi < 0 || aggregation_running_) return;
  std::shared_ptr<const Layer> polys = scene.layers[pi].layer;
  std::shared_ptr<const Layer> pts = scene.layers[qi].layer;
  if (polys->map_crs != pts->map_crs) {
    messages.error(
        fill(tr("Count points: %s and %s are in different CRSs (reprojection still running?)"),
             {polys->name, pts->name}));
    return;
  }
  aggregation_running_ = true;
  // The worker gets its own copies of the polygons: GEOS geometries must not be used by two
  // threads at once (picking reads them on this thread). Cloning costs milliseconds.
  auto own = std::make_shared<std::vector<GeomPtr>>();
  own->reserve(polys->geoms.size());
  for (const auto& g : polys->geoms) own->push_back(clone(g.get()));
  jobs.submit(
      fill(tr("Counting %s in %s"), {pts->name, polys->name}),
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
          if (!show_choropleth(res->polygon_layer_id, std::move(*c))) return;
          messages.info(
              fill(tr("Counted %s points of %s in %s polygons of %s: %s inside, in %s"),
                   {with_separators(res->points), pts->name, with_separators(res->polygons),
                    polys->name, with_separators(res->inside), format_seconds(res->seconds)}));
          if (res->points_skipped) {
            messages.warn(fill(tr("%s: %s features are not points and were not counted"),
                               {pts->name, with_separators(res->points_skipped)}));
          }
          aggregation = std::move(*res);
        };
      },
      [this](const std::string& err) {
        aggregation_running_ = false;
        messages.error(fill(tr("Count points failed: %s"), {err}));
      });
}

void Workspace::drop_choropleth(uint64_t layer_id) {
  const int i = scene_index(layer_id);
  if (i < 0) return;
  SceneLayer& sl = scene.layers[i];
  sl.choropleth.reset();
  sl.colors_uploaded = false;  // its categories (if any) are uploaded again
}

bool Workspace::show_choropleth(uint64_t layer_id, Choropleth c) {
  const int i = scene_index(layer_id);
  if (i < 0) return false;  // layer removed meanwhile
  SceneLayer& sl = scene.layers[i];
  if (sl.layer->size() != c.feature_rgba.size()) return false;  // layer replaced meanwhile
  sl.choropleth = std::move(c);
  sl.colors_uploaded = false;
  sl.style.use_feature_colors = true;
  return true;
}

// ---- per frame ----------------------------------------------------------------------------

void Workspace::update() {
  jobs.drain();
  analysis_update();
  basemap_update();
}

std::string Workspace::basemap_source_for_gdal(const std::string& source,
                                               std::string& error) const {
  error.clear();
  if (source.empty()) return "";
  if (const BasemapPreset* p = find_basemap_preset(source)) {
    if (!network_allowed()) {
      error = fill(tr("Basemap %s needs the network: turn on View ▸ Allow network access "
                      "first (nothing was fetched)"),
                   {p->title});
      return "";
    }
    return p->gdal_xml;
  }
  return source;
}

void Workspace::basemap_update() {
  if (basemap.source == basemap_opened_source_ && scene.map_crs == basemap_opened_crs_ &&
      network_allowed() == basemap_opened_network_)
    return;
  basemap_opened_source_ = basemap.source;
  basemap_opened_crs_ = scene.map_crs;
  basemap_opened_network_ = network_allowed();
  basemap_reported_ = false;
  if (!basemap_loader_) basemap_loader_ = std::make_unique<BasemapLoader>();
  std::string error;
  const std::string gdal = basemap_source_for_gdal(basemap.source, error);
  basemap_loader_->open(gdal, scene.map_crs);
  if (!error.empty()) {
    basemap_error_ = error;
    messages.error(error);
    basemap_reported_ = true;
  } else {
    basemap_error_.clear();
  }
}

bool Workspace::basemap_busy() const {
  return basemap_loader_ && !basemap.source.empty() &&
         (basemap_loader_->pending() > 0 || !basemap_upload_.empty());
}

std::string Workspace::basemap_status() const {
  if (!basemap_error_.empty()) return basemap_error_;
  if (!basemap_loader_ || basemap.source.empty()) return "";
  switch (basemap_loader_->state()) {
    case BasemapLoader::State::Opening:
      return tr("Opening the basemap…");
    case BasemapLoader::State::Failed:
      return basemap_loader_->error();
    case BasemapLoader::State::Ready:
      return basemap_loader_->pending() ? fill(tr("Reading %s basemap tiles…"),
                                               {std::to_string(basemap_loader_->pending())})
                                        : std::string();
    case BasemapLoader::State::None:
      break;
  }
  return "";
}

std::string Workspace::basemap_attribution() const {
  if (basemap.source.empty()) return "";
  if (const BasemapPreset* p = find_basemap_preset(basemap.source)) return p->attribution;
  if (!basemap_loader_) return "";
  const std::string own = basemap_loader_->attribution();
  return own.empty() ? fill(tr("Basemap: %s"), {base_name(basemap.source)}) : own;
}

std::string Workspace::map_attribution() const {
  const std::string b = basemap_attribution();
  if (b.empty()) return attribution;
  return attribution.empty() ? b : attribution + " \u00b7 " + b;
}

void Workspace::basemap_render(MapRenderer& r) {
  if (!basemap_loader_) return;
  const uint64_t gen = basemap_loader_->generation();
  if (gen != basemap_drawn_generation_) {
    r.clear_basemap();
    basemap_upload_.clear();
    basemap_drawn_generation_ = gen;
  }
  // At most a few uploads per frame (each with its mipmaps): a burst of finished tiles is
  // spread over frames instead of making one frame long.
  for (BasemapLoader::Tile& t : basemap_loader_->take()) basemap_upload_.push_back(std::move(t));
  constexpr size_t kUploadsPerFrame = 4;
  const size_t n = std::min(kUploadsPerFrame, basemap_upload_.size());
  for (size_t i = 0; i < n; ++i) {
    const BasemapLoader::Tile& t = basemap_upload_[i];
    r.set_basemap_tile(t.key, t.extent, t.rgba, kBasemapTilePx, kBasemapTilePx);
  }
  basemap_upload_.erase(basemap_upload_.begin(), basemap_upload_.begin() + long(n));
  const BasemapStyle style{basemap.opacity, basemap.greyscale, basemap.dim};
  if (basemap_loader_->state() == BasemapLoader::State::Failed && !basemap_reported_) {
    messages.error(basemap_loader_->error());
    basemap_reported_ = true;
  }
  scene.basemap = false;
  if (basemap.source.empty() || basemap_loader_->state() != BasemapLoader::State::Ready) {
    r.set_basemap_draw({}, style);
    return;
  }
  scene.basemap = style.opacity > 0;
  const BasemapDrawList list =
      basemap_draw_list(basemap_loader_->pyramid(), camera.visible(), camera.units_per_pixel,
                        [&r](const TileKey& k) { return r.has_basemap_tile(k); });
  basemap_loader_->want(list.missing);
  r.set_basemap_draw(list.draw, style);
}

void Workspace::render(MapRenderer& r) {
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

  basemap_render(r);

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
  map_sampling = {};
  for (const SceneLayer& sl : scene.layers) {
    if (!sl.style.visible || sl.handle < 0 || sl.layer->kind != GeomKind::Point) continue;
    const PointDrawStats st = r.point_stats(sl.handle);
    map_sampling.in_window += st.in_window;
    map_sampling.drawn += st.drawn;
  }
  for (size_t i : hidden_) scene.layers[i].style.visible = true;
}

// ---- analysis ----------------------------------------------------------------------------

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Everything of the view that changes the computed metrics (not: playing, speed, compare).
bool same_computation(const AnalysisView& a, const AnalysisView& b) {
  return a.area_layer_id == b.area_layer_id && a.observation_set == b.observation_set &&
         a.spec() == b.spec();
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_relative(const std::string& path) {
  return !path.empty() && path[0] != '/';
}

}  // namespace

const AnalysisResult* Workspace::analysis_result() const {
  return analysis_result_ ? &*analysis_result_ : nullptr;
}

std::shared_ptr<const ObservationStore> Workspace::analysis_store() const {
  if (analysis.observation_set < observations.size())
    return observations[analysis.observation_set].store;
  return nullptr;
}

std::shared_ptr<const AreaIndex> Workspace::analysis_index() const {
  // Only while it belongs to the current area layer and store.
  const SceneLayer* sl = analysis_layer();
  const auto store = analysis_store();
  if (!analysis_index_ || !sl || sl->layer != index_layer_ || store != index_store_) return nullptr;
  return analysis_index_;
}

const SceneLayer* Workspace::analysis_layer() const {
  const int i = scene_index(analysis.area_layer_id);
  return i >= 0 ? &scene.layers[i] : nullptr;
}

bool Workspace::analysis_busy() const {
  return assign_running_ || metrics_running_;
}

bool Workspace::select_area_by_name(const std::string& name) {
  const SceneLayer* sl = analysis_layer();
  if (!sl) return false;
  const std::string want = lower(name);
  for (size_t f = 0; f < sl->layer->size(); ++f) {
    if (lower(feature_title(*sl->layer, f)) == want) {
      selection = {analysis.area_layer_id, static_cast<int64_t>(f)};
      zoom_to_selection();
      return true;
    }
  }
  return false;
}

void Workspace::loading_done(const std::string& spec) {
  const auto it = std::find(loading_specs_.begin(), loading_specs_.end(), spec);
  if (it != loading_specs_.end()) loading_specs_.erase(it);
}

void Workspace::set_network_allowed(bool on) {
  if (on == biodash::network_allowed()) return;
  biodash::set_network_allowed(on);
  messages.info(on ? tr("Network access on: files may fetch remote data (30 s timeout).")
                   : tr("Network access off: nothing is fetched from the network."));
}

bool Workspace::network_allowed() const {
  return biodash::network_allowed();
}

std::vector<std::string> Workspace::open_files() const {
  std::vector<std::string> out;
  for (const auto& [layer, m] : meta_)
    if (!m.spec.empty()) out.push_back(m.spec);
  for (const ObservationSet& o : observations) out.push_back(o.spec);
  return out;
}

std::string Workspace::spec_of_layer(uint64_t id) const {
  const int i = scene_index(id);
  if (i < 0) return "";
  const LayerMeta* m = meta(scene.layers[i].layer.get());
  return m ? m->spec : "";
}

void Workspace::load_store_only(const std::string& spec) {
  OccurrenceOptions o;
  o.project_crs = target_map_crs_;
  const std::string name = base_name(spec);
  loading_specs_.push_back(spec);
  jobs.submit_controlled(
      fill(tr("Reading observations %s"), {name}),
      [this, spec, o, name](JobQueue::Control& c) -> JobQueue::Completion {
        auto [store, rep] = read_store(spec, o, c);
        return [this, spec, name, store, rep] {
          loading_done(spec);
          messages.info(fill(tr("%s: %s observations ready for the thematic maps (%s)"),
                             {name, with_separators(store->size()), format_seconds(rep->seconds)}));
          observations.push_back({0, name, store, rep, spec});  // no layer of its own
          if (demo_) demo_analysis_defaults();
        };
      },
      [this, spec, name](const std::string& err) {
        loading_done(spec);
        messages.error(naming(name, err));
      });
}

void Workspace::open_demo_observations(const std::string& spec) {
  const uint64_t seq = next_seq_++;
  OccurrenceOptions o;
  o.project_crs = target_map_crs_;
  const std::string name = base_name(spec);
  loading_specs_.push_back(spec);
  jobs.submit_controlled(
      fill(tr("Reading observations %s"), {name}),
      [this, spec, o, name, seq](JobQueue::Control& c) -> JobQueue::Completion {
        auto [store, rep] = read_store(spec, o, c);
        if (store->size() == 0) throw Error(fill(tr("%s: no observation could be read"), {name}));
        const auto [path, lname] = split_layer_spec(spec);
        std::shared_ptr<const Layer> layer =
            store_point_layer(store, ogr_layer_title(path, lname), path, lname);
        auto p = std::make_shared<PreparedLayer>(prepare(layer));
        return [this, spec, name, store, rep, p, seq] {
          loading_done(spec);
          messages.info(
              fill(tr("%s: %s observations on the map and ready for the thematic maps (%s)"),
                   {name, with_separators(store->size()), format_seconds(rep->seconds)}));
          const uint64_t id = next_id_++;
          const bool stale = p->layer->map_crs != target_map_crs_;
          const Layer* lp = p->layer.get();
          add_prepared(std::move(*p), id, seq);
          meta_[lp].spec = spec;
          if (stale) replace_job(id);
          observations.push_back({id, name, store, rep, spec});
          demo_file_done();
          auto_fit();
        };
      },
      [this, spec, name](const std::string& err) {
        loading_done(spec);
        messages.error(naming(name, err));
        messages.info(fill(tr("%s: shown as a plain point layer (no thematic maps)"), {name}));
        demo_store_spec_.clear();
        open_impl(spec, "", true);  // ends with demo_file_done()
      });
}

void Workspace::demo_analysis_defaults() {
  if (analysis.area_layer_id != 0 || analysis.hex_size_m > 0) return;  // already chosen
  if (observations.empty() || demo_pending_ > 0) return;  // both the layers and the store
  // BiodiverCity sites, else what the demo's count would use (buurten).
  int area = -1;
  for (size_t i = 0; i < scene.layers.size() && area < 0; ++i)
    if (demo_role(*scene.layers[i].layer) == DemoRole::Sites) area = static_cast<int>(i);
  if (area < 0) area = demo_count(scene.layers).polygons;
  if (area < 0) return;
  analysis.area_layer_id = layer_id(static_cast<size_t>(area));
  analysis.metric = Metric::Species;
  analysis.style = ChoroplethStyle{};
  analysis.style.method = BreakMethod::Quantile;
  analysis.style.palette = Palette::Viridis;
  analysis.low_effort_records = 5;
  const auto [first, last] = day_range(*observations.front().store);
  if (first != kUnknownDay) analysis.time.end_day = last;
}

void Workspace::start_hex_job(std::shared_ptr<const ObservationStore> store) {
  const double edge = analysis.hex_size_m;
  assign_running_ = true;
  jobs.submit(
      tr("Building hex grid"),
      [this, store, edge]() -> JobQueue::Completion {
        if (store->bounds.empty()) throw Error(tr("the observations have no extent"));
        const HexGrid g(edge, store->bounds);
        if (g.size() > 2'000'000)
          throw Error(fill(tr("a %s m hex grid over these observations has %s cells; choose a "
                              "larger size"),
                           {format_number(edge, 0), with_separators(g.size())}));
        Layer l = hex_layer(g, store->crs);
        l.name = "Hex grid " + format_number(edge, 0) + " m";  // stable (panel lists by it)
        auto p =
            std::make_shared<PreparedLayer>(prepare(std::make_shared<const Layer>(std::move(l))));
        const Assignment a = assign_hex(g, store->x.data(), store->y.data(), store->size());
        auto idx = std::make_shared<const AreaIndex>(invert(a));
        return [this, store, edge, p, idx] {
          assign_running_ = false;
          if (hex_layer_id_) remove_layer(hex_layer_id_);
          const uint64_t id = next_id_++;
          const Layer* lp = p->layer.get();
          add_prepared(std::move(*p), id, next_seq_++);
          hex_layer_id_ = id;
          hex_layer_size_ = edge;
          hex_store_ = store.get();
          index_layer_ = scene.layers[scene_index(id)].layer;
          index_store_ = store;
          analysis_index_ = idx;
          (void)lp;
          if (analysis.hex_size_m == edge) analysis.area_layer_id = id;
          computed_view_.reset();
        };
      },
      [this, edge, attempted = store.get()](const std::string& err) {
        assign_running_ = false;
        hex_store_ = attempted;  // with hex_layer_size_: this size over this store is not retried
        if (err == tr("cancelled")) {  // the user stopped it: back to no hex grid
          analysis.hex_size_m = 0;
          analysis.area_layer_id = 0;
          messages.info(fill(tr("Hex grid: %s"), {err}));
          return;
        }
        hex_layer_size_ = edge;  // do not retry the same size
        messages.error(fill(tr("Hex grid: %s"), {err}));
      });
}

void Workspace::start_assign_job(const SceneLayer& sl,
                                 std::shared_ptr<const ObservationStore> store) {
  std::shared_ptr<const Layer> layer = sl.layer;
  assign_running_ = true;
  // The worker gets its own copies of the polygons (GEOS geometries are not shared between
  // threads; picking reads these on the GUI thread).
  auto own = std::make_shared<std::vector<GeomPtr>>();
  own->reserve(layer->geoms.size());
  for (const auto& g : layer->geoms) own->push_back(clone(g.get()));
  jobs.submit_controlled(
      fill(tr("Assigning observations to %s"), {layer->name}),
      [this, layer, store, own](JobQueue::Control& c) -> JobQueue::Completion {
        std::vector<const GEOSGeometry*> pg;
        pg.reserve(own->size());
        for (const auto& g : *own) pg.push_back(g.get());
        AggregateOptions ao;
        ao.stop = &c.stop;  // the status bar's Cancel stops the worker threads too
        const Assignment a = assign_points(pg, store->x.data(), store->y.data(), store->size(), ao);
        auto idx = std::make_shared<const AreaIndex>(invert(a));
        return [this, layer, store, idx] {
          assign_running_ = false;
          index_layer_ = layer;
          index_store_ = store;
          analysis_index_ = idx;
          computed_view_.reset();
        };
      },
      [this, layer, store](const std::string& err) {
        assign_running_ = false;
        if (err == tr("cancelled")) {
          // Cancelled by the user (status bar): no thematic map until an area layer is chosen
          // again, which starts the assignment afresh.
          analysis.area_layer_id = 0;
          messages.info(fill(tr("Assigning observations to %s: cancelled"), {layer->name}));
          return;
        }
        assign_failed_layer_ = layer.get();
        assign_failed_store_ = store.get();
        messages.error(fill(tr("Assigning observations to %s failed: %s"), {layer->name, err}));
      });
}

void Workspace::start_metrics_job(std::shared_ptr<const ObservationStore> store) {
  const SceneLayer* sl = analysis_layer();
  if (!sl) return;
  std::shared_ptr<const AreaIndex> idx = analysis_index_;
  const AnalysisView v = analysis;
  computed_view_ = v;
  computed_language_ = language();
  metrics_running_ = true;
  const Language lang = language();
  const bool hex = hex_layer_id_ && v.area_layer_id == hex_layer_id_;
  const std::string area_name = hex ? hex_grid_name(hex_layer_size_) : sl->layer->name;
  const uint64_t layer_id = v.area_layer_id;
  const uint64_t generation = ++analysis_generation_;
  jobs.submit(
      fill(tr("Computing %s"), {metric_title(v.metric)}),
      [this, store, idx, v, lang, area_name, layer_id, generation]() -> JobQueue::Completion {
        const auto t0 = std::chrono::steady_clock::now();
        // While the time slider plays, a new state follows every frame: one worker thread, so
        // the frame (and a software renderer's threads) keep a core on a small machine.
        ThematicMap map =
            thematic_map(*store, *idx, v.spec(), area_name, lang, true, v.playing ? 1u : 0u);
        auto res = std::make_shared<AnalysisResult>();
        res->metrics = std::move(map.metrics);
        res->area_layer_id = layer_id;
        res->filter = std::move(map.filter);
        res->filter_text = map.choropleth.filter_text;
        res->generation = generation;
        auto c = std::make_shared<Choropleth>(std::move(map.choropleth));
        res->seconds = seconds_since(t0);
        return [this, res, c, layer_id, generation] {
          metrics_running_ = false;
          // A newer state was submitted meanwhile (or the areas changed): drop this one.
          if (generation != analysis_generation_) return;
          if (!show_choropleth(layer_id, std::move(*c))) return;
          // The thematic classes live on the area layer only (a count's colours elsewhere go).
          for (const SceneLayer& other : scene.layers) {
            const LayerMeta* m = meta(other.layer.get());
            if (m && m->id != layer_id && other.choropleth) drop_choropleth(m->id);
          }
          coloured_layer_id_ = layer_id;
          res->revision = ++analysis_revision_;
          analysis_result_ = std::move(*res);
        };
      },
      [this](const std::string& err) {
        metrics_running_ = false;
        messages.error(fill(tr("Analysis: %s"), {err}));
      });
}

std::pair<int32_t, int32_t> Workspace::analysis_day_range() const {
  const auto store = analysis_store();
  if (!store) return {kUnknownDay, kUnknownDay};
  if (day_range_store_.lock() != store) {
    day_range_ = day_range(*store);
    day_range_store_ = store;
  }
  return day_range_;
}

void Workspace::advance_time_slider() {
  const double t = now_s();
  const double dt = last_update_s_ < 0 ? 0 : std::min(0.25, t - last_update_s_);
  last_update_s_ = t;
  if (!analysis.playing || !analysis.time.enabled) {
    play_accum_days_ = 0;
    return;
  }
  const auto [first, last] = analysis_day_range();
  if (first == kUnknownDay) return;
  play_accum_days_ += analysis.play_days_per_update > 0 ? double(analysis.play_days_per_update)
                                                        : dt * analysis.play_days_per_second;
  const int step = static_cast<int>(play_accum_days_);
  play_accum_days_ -= step;
  int32_t end = analysis.time.end_day + step;
  if (end > last) end = std::min(last, first + std::max(0, analysis.time.length_days - 1));
  if (end < first) end = first;
  analysis.time.end_day = end;
}

void Workspace::set_point_attributes(uint64_t id, const std::shared_ptr<const Layer>& layer,
                                     std::shared_ptr<const PointAttributes> a) {
  const int k = scene_index(id);
  if (k < 0 || scene.layers[k].layer != layer) return;  // removed or replaced meanwhile
  scene.layers[k].point_attributes = std::move(a);
  scene.layers[k].attributes_uploaded = false;
  // The demo's points stay a faint neutral backdrop under the thematic map (Layers panel:
  // "Colour by taxon group" turns the colours on).
  if (demo_ && demo_role(*layer) == DemoRole::Observations)
    scene.layers[k].style.color_by_group = false;
}

PointAttributes store_point_attributes(const ObservationStore& s) {
  // Groups by number of records: the commonest get the first (most distinguishable) colours;
  // beyond 15 groups the rest share the grey "other" (index 15).
  std::unordered_map<std::string, uint64_t> n;
  for (uint32_t t : s.taxon)
    if (t < s.taxa.size() && !s.taxa[t].group.empty()) ++n[s.taxa[t].group];
  std::vector<std::pair<std::string, uint64_t>> order(n.begin(), n.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (order.size() > 15) order.resize(15);
  PointAttributes a;
  for (const auto& [g, c] : order) a.group_labels.push_back(g);
  std::vector<uint8_t> taxon_group(s.taxa.size(), 15);
  for (size_t t = 0; t < s.taxa.size(); ++t) {
    auto it = std::find(a.group_labels.begin(), a.group_labels.end(), s.taxa[t].group);
    if (it != a.group_labels.end()) taxon_group[t] = uint8_t(it - a.group_labels.begin());
  }
  const size_t size = s.size();
  a.day.resize(size);
  a.group.resize(size);
  for (size_t i = 0; i < size; ++i) {
    a.day[i] = s.day[i] == kUnknownDay ? std::nanf("") : float(s.day[i]);
    a.group[i] = s.taxon[i] < taxon_group.size() ? taxon_group[s.taxon[i]] : uint8_t(15);
  }
  return a;
}

void Workspace::point_layers_follow_filter() {
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    SceneLayer& sl = scene.layers[i];
    if (sl.layer->kind != GeomKind::Point) continue;
    // Identity by owner (control block), not by address: a new layer at a freed one's address
    // is another layer. Expired entries are dropped as we go.
    std::erase_if(attributes_tried_, [](const auto& w) { return w.expired(); });
    const bool tried = std::any_of(
        attributes_tried_.begin(), attributes_tried_.end(),
        [&](const auto& w) { return !w.owner_before(sl.layer) && !sl.layer.owner_before(w); });
    if (!sl.point_attributes && !tried) {
      attributes_tried_.push_back(sl.layer);
      std::shared_ptr<const Layer> layer = sl.layer;
      const uint64_t id = layer_id(i);
      // An observation set's layer (feature i = store row i): day and group from the store.
      if (std::shared_ptr<const ObservationStore> store = layer->store) {
        jobs.submit(
            fill(tr("Point attributes %s"), {layer->name}),
            [this, layer, store, id]() -> JobQueue::Completion {
              auto a = std::make_shared<PointAttributes>(store_point_attributes(*store));
              return [this, a, id, layer] { set_point_attributes(id, layer, a); };
            },
            [](const std::string&) {});
        continue;
      }
      const int day_f = layer->field_index("eventDate");
      int group_f = layer->field_index("taxonGroup");
      if (group_f < 0) group_f = layer->field_index("iconic_taxon_name");
      if (day_f < 0) continue;
      // Day and taxon group per point, for the renderer's GPU time window and group colours.
      jobs.submit(
          fill(tr("Point attributes %s"), {layer->name}),
          [this, layer, day_f, group_f, id]() -> JobQueue::Completion {
            auto a = std::make_shared<PointAttributes>();
            std::vector<std::string> names;
            if (group_f >= 0) {
              for (const auto& v : layer->values)
                if (size_t(group_f) < v.size() && !v[group_f].empty()) names.push_back(v[group_f]);
              std::sort(names.begin(), names.end());
              names.erase(std::unique(names.begin(), names.end()), names.end());
              if (names.size() > 15) names.resize(15);  // the rest share the grey "other"
            }
            a->group_labels = names;
            a->day.reserve(layer->size());
            a->group.reserve(layer->size());
            for (const auto& v : layer->values) {
              int32_t day = 0;
              uint16_t span = 0;
              const bool ok = size_t(day_f) < v.size() &&
                              parse_event_date(v[day_f], day, span) == DateParse::Ok;
              a->day.push_back(ok ? float(day) : std::nanf(""));
              uint8_t g = 15;
              if (group_f >= 0 && size_t(group_f) < v.size()) {
                auto it = std::lower_bound(names.begin(), names.end(), v[group_f]);
                if (it != names.end() && *it == v[group_f]) g = uint8_t(it - names.begin());
              }
              a->group.push_back(g);
            }
            return [this, a, id, layer] { set_point_attributes(id, layer, a); };
          },
          [](const std::string&) {});
    }
    if (!sl.point_attributes) continue;
    // The analysis' time window (and groups) also filter the points, on the GPU.
    const AnalysisResult* r = analysis_result();
    const bool timed = r && r->filter.has_time();
    sl.style.day_from = timed && r->filter.from_day != std::numeric_limits<int32_t>::min()
                            ? float(r->filter.from_day)
                            : -std::numeric_limits<float>::infinity();
    sl.style.day_to = timed && r->filter.to_day != std::numeric_limits<int32_t>::max()
                          ? float(r->filter.to_day)
                          : std::numeric_limits<float>::infinity();
    uint16_t hidden = 0;
    if (!analysis.filter.groups.empty()) {
      const auto& labels = sl.point_attributes->group_labels;
      for (size_t g = 0; g < labels.size(); ++g)
        if (std::find(analysis.filter.groups.begin(), analysis.filter.groups.end(), labels[g]) ==
            analysis.filter.groups.end())
          hidden |= uint16_t(1u << g);
    }
    sl.style.hidden_groups = hidden;
  }
}

void Workspace::analysis_update() {
  advance_time_slider();
  point_layers_follow_filter();
  if (pending_session_) apply_pending_session();
  const auto store = analysis_store();
  // Hex grid: (re)built when its size or the store changed; dropped when not wanted. A size
  // out of range (a hand-edited view, a script) is said once and the areas go back to none.
  if (analysis.hex_size_m > 0) {
    if (const std::string p = hex_size_problem(analysis.hex_size_m); !p.empty()) {
      messages.error(fill(tr("Hex grid: %s"), {p}));
      analysis.hex_size_m = 0;
    }
  }
  if (analysis.hex_size_m > 0 && store) {
    const bool have = hex_layer_id_ && scene_index(hex_layer_id_) >= 0 &&
                      hex_layer_size_ == analysis.hex_size_m && hex_store_ == store.get();
    if (!have && !assign_running_ && hex_layer_size_ != analysis.hex_size_m) {
      start_hex_job(store);
    } else if (!have && !assign_running_ && hex_store_ != store.get()) {
      start_hex_job(store);
    } else if (have) {
      analysis.area_layer_id = hex_layer_id_;
    }
  } else if (analysis.hex_size_m <= 0 && hex_layer_id_ && analysis.area_layer_id != hex_layer_id_) {
    const uint64_t id = hex_layer_id_;
    hex_layer_id_ = 0;
    hex_layer_size_ = 0;
    hex_store_ = nullptr;
    remove_layer(id);
  }
  // Nothing stale: when the areas change, the previous area layer loses its classes (and the
  // legend, title and export defaults with it) at once, and results still computing for it
  // are dropped by generation.
  if (coloured_layer_id_ && coloured_layer_id_ != analysis.area_layer_id) {
    drop_choropleth(coloured_layer_id_);
    coloured_layer_id_ = 0;
    analysis_result_.reset();
    computed_view_.reset();
    ++analysis_generation_;
  }
  const SceneLayer* sl = analysis_layer();
  if (!sl || !store) return;
  if (sl->layer->map_crs != store->crs) return;  // reprojection in flight (or stale store)
  const bool index_ok = analysis_index_ && sl->layer == index_layer_ && store == index_store_;
  if (!index_ok) {
    const bool is_hex = analysis.area_layer_id == hex_layer_id_ && hex_layer_id_;
    if (!assign_running_ && !is_hex &&
        !(assign_failed_layer_ == sl->layer.get() && assign_failed_store_ == store.get()))
      start_assign_job(*sl, store);
    return;
  }
  if (metrics_running_) return;  // latest wins: the next update submits the newest state
  // The legend's title and unit are in the UI language: a switch recomputes them.
  if (computed_language_ != language()) computed_view_.reset();
  if (computed_view_ && same_computation(*computed_view_, analysis)) return;
  start_metrics_job(store);
}

Session Workspace::to_session() const {
  Session s;
  s.language = language_code(language());
  s.map_crs = target_map_crs_;
  s.center_x = camera.center_x;
  s.center_y = camera.center_y;
  s.units_per_pixel = camera.units_per_pixel;
  std::vector<std::string> seen;
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    const LayerMeta* m = meta(scene.layers[i].layer.get());
    if (!m || m->spec.empty()) continue;  // made here (hex grid)
    SessionLayer l;
    l.spec = m->spec;
    l.visible = scene.layers[i].style.visible;
    for (const auto& o : observations)
      if (o.layer_id == m->id) l.observations = true;
    seen.push_back(l.spec);
    s.layers.push_back(l);
  }
  // Observation stores without a layer of their own (the demo's).
  for (const auto& o : observations) {
    if (o.layer_id != 0 || o.spec.empty()) continue;
    if (std::find(seen.begin(), seen.end(), o.spec) != seen.end() && o.spec != demo_store_spec_)
      continue;
    SessionLayer l;
    l.spec = o.spec;
    l.observations = true;
    l.visible = false;
    s.layers.push_back(l);
  }
  s.hex_size_m = analysis.hex_size_m;
  if (s.hex_size_m <= 0) s.area_layer = spec_of_layer(analysis.area_layer_id);
  if (analysis.observation_set < observations.size())
    s.observations = observations[analysis.observation_set].spec;
  s.metric = analysis.metric;
  s.rarefy_m = analysis.rarefy_m;
  s.style = analysis.style;
  s.low_effort_records = analysis.low_effort_records;
  s.coverage = analysis.coverage;
  s.min_coverage = analysis.min_coverage;
  s.filter = analysis.filter;
  s.time = analysis.time;
  // selection[0] = the selected area (-1 none), then the compared areas.
  s.selection.push_back(
      selection.layer_id && selection.layer_id == analysis.area_layer_id ? selection.feature : -1);
  for (int64_t c : analysis.compare) s.selection.push_back(c);
  s.baci_impact = analysis.baci_impact;
  s.baci_control = analysis.baci_control;
  if (!s.baci_impact.empty() || !s.baci_control.empty()) s.baci_date = iso_date(analysis.baci_date);
  s.basemap = basemap;
  return s;
}

Session Workspace::to_session_for(const std::string& view_file) const {
  namespace fs = std::filesystem;
  Session s = to_session();
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path view_dir = fs::absolute(view_file, ec).parent_path().lexically_normal();
  if (ec) return s;
  auto rebase = [&](std::string& spec) {
    if (spec.empty()) return;
    auto [path, layer] = split_layer_spec(spec);
    if (!is_relative(path)) return;
    const fs::path rel = (cwd / path).lexically_normal().lexically_relative(view_dir);
    if (rel.empty()) return;
    spec = layer.empty() ? rel.string() : rel.string() + ":" + layer;
  };
  for (auto& l : s.layers) rebase(l.spec);
  rebase(s.area_layer);
  rebase(s.observations);
  if (!find_basemap_preset(s.basemap.source) && is_relative(s.basemap.source)) {
    const fs::path rel = (cwd / s.basemap.source).lexically_normal().lexically_relative(view_dir);
    if (!rel.empty()) s.basemap.source = rel.string();
  }
  return s;
}

void Workspace::apply_session(const Session& s, const std::string& base_dir) {
  Language lang;
  if (parse_language(s.language, lang)) set_language(lang);
  if (!s.map_crs.empty() && s.map_crs != target_map_crs_) set_map_crs(s.map_crs);
  Session resolved = s;
  auto absolute = [&](const std::string& spec) {
    if (spec.empty() || base_dir.empty()) return spec;
    auto [path, layer] = split_layer_spec(spec);
    if (!is_relative(path)) return spec;
    std::string p = base_dir;
    if (p.back() != '/') p += '/';
    p += path;
    return layer.empty() ? p : p + ":" + layer;
  };
  for (auto& l : resolved.layers) l.spec = absolute(l.spec);
  resolved.area_layer = absolute(resolved.area_layer);
  resolved.observations = absolute(resolved.observations);
  basemap = s.basemap;
  if (!basemap.source.empty() && !find_basemap_preset(basemap.source) &&
      is_relative(basemap.source) && !base_dir.empty())
    basemap.source = base_dir + (base_dir.back() == '/' ? "" : "/") + basemap.source;
  // Open what is not open yet.
  for (const auto& l : resolved.layers) {
    bool open_already = false;
    for (const auto& [ptr, m] : meta_) open_already |= m.spec == l.spec;
    for (const auto& o : observations) open_already |= o.spec == l.spec;
    for (const auto& o : observation_loads) open_already |= o.spec == l.spec;
    // Still loading (at start-up the demo's files are): the session must not open them twice.
    for (const auto& spec : loading_specs_) open_already |= spec == l.spec;
    if (open_already) continue;
    if (l.observations && !l.visible) {
      load_store_only(l.spec);
    } else if (l.observations) {
      open_observations(l.spec);
    } else {
      open_impl(l.spec, "", false);
    }
  }
  // Camera at once (auto-fit must not move it when the layers arrive).
  if (s.units_per_pixel > 0) {
    camera.center_x = s.center_x;
    camera.center_y = s.center_y;
    camera.units_per_pixel = s.units_per_pixel;
    view_touched = true;
  }
  pending_session_ = std::move(resolved);
  pending_session_since_s_ = now_s();
  apply_pending_session();
}

void Workspace::apply_pending_session() {
  const Session& s = *pending_session_;
  // Wait until every layer of the session is there (or nothing is loading any more).
  bool all = true;
  for (const auto& l : s.layers) {
    bool have = false;
    for (const auto& [ptr, m] : meta_) have |= m.spec == l.spec;
    for (const auto& o : observations) have |= o.spec == l.spec;
    all &= have;
  }
  if (!all && jobs.busy()) return;
  if (!all) messages.warn(tr("View: some of its layers could not be opened; applying the rest"));
  AnalysisView v = analysis;
  v.area_layer_id = 0;
  for (size_t i = 0; i < scene.layers.size() && !s.area_layer.empty(); ++i) {
    const LayerMeta* m = meta(scene.layers[i].layer.get());
    if (m && m->spec == s.area_layer) v.area_layer_id = m->id;
  }
  v.hex_size_m = s.hex_size_m;
  if (v.hex_size_m > 0) v.area_layer_id = hex_layer_id_;  // set when the grid is built
  v.observation_set = 0;
  for (size_t i = 0; i < observations.size(); ++i)
    if (observations[i].spec == s.observations) v.observation_set = i;
  static_cast<ThematicSpec&>(v) = s.thematic();
  v.playing = false;
  v.compare.clear();
  for (size_t i = 1; i < s.selection.size(); ++i) v.compare.push_back(s.selection[i]);
  if (!s.baci_date.empty() && v.baci_date == 0)
    messages.warn(
        fill(tr("View: intervention date '%s' is not YYYY-MM-DD; ignored"), {s.baci_date}));
  analysis = v;
  // Layers saved hidden are hidden again (the others keep what they have).
  for (const SessionLayer& l : s.layers) {
    if (l.visible) continue;
    for (SceneLayer& sl : scene.layers) {
      const LayerMeta* m = meta(sl.layer.get());
      if (m && m->spec == l.spec) sl.style.visible = false;
    }
  }
  if (!s.selection.empty() && s.selection[0] >= 0 && v.area_layer_id)
    selection = {v.area_layer_id, s.selection[0]};
  else if (!s.selection.empty() && s.selection[0] < 0)
    selection = {};
  if (s.units_per_pixel > 0) {
    camera.center_x = s.center_x;
    camera.center_y = s.center_y;
    camera.units_per_pixel = s.units_per_pixel;
    view_touched = true;
  } else {
    fit_all();
  }
  pending_session_.reset();
}

void Workspace::release(MapRenderer& r) {
  for (LayerHandle h : free_queue_) r.remove_layer(h);
  free_queue_.clear();
  scene.release(r);
  highlighted_handle_ = -1;
}

}  // namespace biodash
