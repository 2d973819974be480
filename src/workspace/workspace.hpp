#pragma once
// The dashboard's state and the operations its panels trigger: opening files, placing layers
// whose CRS is unknown, changing the map CRS, ordering/removing layers, selection by click,
// and point-in-polygon aggregation. Heavy work goes to JobQueue workers; results are applied
// on the GUI thread in update(). No ImGui and no GLFW here: panels and the window loop
// (src/app/gui_app.cpp) drive it; GL objects are touched only in render() on the GL thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analysis.hpp"
#include "core/basemap.hpp"
#include "core/choropleth.hpp"
#include "core/crs.hpp"
#include "core/engine.hpp"
#include "core/i18n.hpp"
#include "core/session.hpp"
#include "core/thematic.hpp"
#include "io/occurrence_reader.hpp"
#include "render/map_camera.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "workspace/job_queue.hpp"
#include "workspace/layer_ops.hpp"
#include "workspace/message_log.hpp"

namespace biodash {

// A screen rectangle in window coordinates (pixels, origin top-left).
struct ScreenRect {
  float x0 = 0, y0 = 0;  // top-left
  float x1 = 0, y1 = 0;  // bottom-right
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

// Per-layer bookkeeping that survives re-placement into another map CRS.
struct LayerMeta {
  uint64_t id = 0;   // stable id (selection, combos, re-placement refer to it)
  uint64_t seq = 0;  // order the file was requested in (initial stacking)
  std::shared_ptr<const FeatureIndex> features;  // per-feature envelopes (map CRS), indexed
  std::string spec;  // FILE[:LAYER] it was opened from ("" = made here, e.g. a hex grid)
};

// A layer whose CRS is unknown: listed with a warning until the user supplies one.
struct UnplacedLayer {
  uint64_t id = 0;                     // stable id
  uint64_t seq = 0;                    // request order
  std::shared_ptr<const Layer> layer;  // as read, geoms empty
  std::string crs_input;               // what the user typed ("EPSG:28992")
  bool placing = false;                // a placement job is running
  std::string last_error;              // why the last attempt failed ("" if none)
};

struct Selection {
  uint64_t layer_id = 0;  // 0 = nothing selected
  int64_t feature = -1;   // feature index within the layer
};

// Outcome of the last aggregation, for the panel.
struct AggregationResult {
  uint64_t polygon_layer_id = 0;                 // layer that got the choropleth
  size_t points = 0;                             // points counted
  size_t points_skipped = 0;                     // non-point features in the point layer
  size_t polygons = 0;                           // polygons
  uint64_t inside = 0;                           // sum of counts (points inside some polygon)
  double seconds = 0;                            // wall time of the count (worker)
  std::vector<std::pair<size_t, uint64_t>> top;  // (feature, count), largest first, <= 10
};

// A citizen-observation load in flight (Observations section: progress bar and Cancel).
struct ObservationLoad {
  uint64_t seq = 0;                              // request order (also its layer's seq)
  std::string spec;                              // file as given
  std::shared_ptr<std::atomic<float>> fraction;  // 0..1, written by the worker
  std::shared_ptr<std::atomic<bool>> cancel;     // set by cancel_observations()
};

// One loaded observation file: the store (kept for aggregation) and what happened to its rows.
struct ObservationSet {
  uint64_t layer_id = 0;                          // its point layer (0 = nothing kept, no layer)
  std::string name;                               // file name shown in the panel
  std::shared_ptr<const ObservationStore> store;  // in the map CRS of the time of loading
  std::shared_ptr<const IngestReport> report;     // IngestReport::summary() for the panel
  std::string spec;                               // FILE[:LAYER] as opened
};

// A file whose columns (or CRS) could not be worked out: the UI opens the mapping dialog.
struct MappingRequest {
  std::string path;       // file to map
  std::string reason;     // why the automatic reading failed
  ColumnMapping mapping;  // mapping of the failed attempt (empty: the automatic one)
  std::string src_crs;    // source CRS of the failed attempt ("" = detected)
};

// The thematic map and filters, edited by the panels: the ThematicSpec (core/thematic.hpp)
// plus which areas and observations it is drawn for. Workspace::update() notices changes and
// recomputes on a worker (latest wins).
struct AnalysisView : ThematicSpec {
  uint64_t area_layer_id = 0;  // polygon layer aggregated (0 = none); a hex grid is a layer
  double hex_size_m = 0;       // >0: a hex grid layer of this edge length is (re)built
  size_t observation_set = 0;  // index into Workspace::observations
  bool playing = false;        // time slider animates
  float play_days_per_second = 120;
  int play_days_per_update = 0;  // > 0: the slider moves this many days per update() instead
                                 // (the frame benchmark: the same windows whatever the speed)
  std::vector<int64_t> compare;  // areas (feature indices of area layer) shown side by side
  const ThematicSpec& spec() const { return *this; }
};

// The last finished analysis computation.
struct AnalysisResult {
  uint64_t area_layer_id = 0;
  std::vector<AreaMetrics> metrics;  // per area feature
  Filter filter;                     // as applied
  std::string filter_text;           // thematic_filter_text() of its spec
  double seconds = 0;                // compute time (worker)
  uint64_t revision = 0;             // increments per result
  uint64_t generation = 0;           // analysis generation it was computed for
};

// Day and taxon group per store row (feature i of the store's point layer = row i), for the
// renderer's GPU time window and group colours. group_labels: the store's taxon groups by
// number of records, most first, at most 15 (the rest are index 15, "other").
PointAttributes store_point_attributes(const ObservationStore& s);

struct WorkspaceOptions {
  std::vector<std::string> files;          // FILE[:LAYER] specs to open
  std::string map_crs = kDefaultMapCrs;    // initial map CRS
  std::string src_crs;                     // fallback source CRS for files that declare none
  bool demo = false;                       // files are the embedded demo: arrange + aggregate
  bool observations_by_extension = false;  // open .csv/.tsv/.txt/.zip... as observations
};

class BasemapLoader;

class Workspace {
 public:
  explicit Workspace(const WorkspaceOptions& opts);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // ---- per frame (GUI thread) ----
  // Applies finished background work. Call once per frame before drawing panels.
  void update();
  // Frees GPU objects of removed layers, applies the highlight, draws the map (GL thread).
  void render(MapRenderer& r);
  // Frees all GPU objects (before the renderer goes away).
  void release(MapRenderer& r);

  // ---- operations (GUI thread) ----
  // Opens a file: as observations when looks_like_observations() and
  // WorkspaceOptions::observations_by_extension, else as a vector layer.
  void open(const std::string& spec, const std::string& src_crs);
  // Reads citizen observations (read_occurrences) on a worker into the map CRS. On success a
  // point layer and an ObservationSet appear; when no coordinate columns are found (or no
  // row has a usable CRS) mapping_request is set for the mapping dialog.
  void open_observations(const std::string& spec, const ColumnMapping& mapping = {},
                         const std::string& src_crs = "");
  // Asks running observation loads to stop (seq 0 = all); they end with "loading cancelled".
  void cancel_observations(uint64_t seq = 0);
  void apply_crs(uint64_t unplaced_id, const std::string& crs);
  void set_map_crs(const std::string& crs);
  void remove_layer(uint64_t id);
  void move_layer(uint64_t id, int delta);  // +1 = one up (drawn later, on top)
  void zoom_to_layer(uint64_t id);
  void zoom_to_selection();
  void fit_all();                      // every placed, visible layer
  void select_at(float sx, float sy);  // click at window pixel
  // The feature at a window pixel, topmost visible layer first (layer_id 0: none).
  Selection pick(float sx, float sy) const;
  void clear_selection();
  void count_points(uint64_t polygon_layer_id, uint64_t point_layer_id);

  // ---- analysis (thematic map, filters, time slider, selection) ----
  const AnalysisResult* analysis_result() const;                   // null until the first result
  std::shared_ptr<const ObservationStore> analysis_store() const;  // null: no observations
  std::shared_ptr<const AreaIndex> analysis_index() const;         // null: not built yet
  const SceneLayer* analysis_layer() const;  // the area layer in the scene or null
  // First and last dated day of analysis_store() (kUnknownDay twice when none or no store):
  // the time bar's range, read every frame, so the day column is scanned once per store.
  std::pair<int32_t, int32_t> analysis_day_range() const;
  bool analysis_busy() const;  // assignment or metrics job running
  // Nothing loading or computing: no job, no analysis, no observation file being read.
  bool idle() const {
    return !jobs.busy() && !analysis_busy() && observation_loads.empty() && !basemap_busy();
  }
  // Basemap tiles being opened or read (the frame loop keeps drawing until they arrive).
  bool basemap_busy() const;
  // Selects the area-layer feature whose title (feature_title) equals `name`
  // (case-insensitive) and zooms to it; false if not found.
  bool select_area_by_name(const std::string& name);
  // Settings ▸ Allow network access (default off; the kiosk never turns it on): lets GDAL
  // fetch remote data named by a file (VRT over a URL, WFS, linked CRS), with timeouts.
  void set_network_allowed(bool on);
  bool network_allowed() const;
  Session to_session() const;  // current view as a Session (relative specs: as opened)
  // The view to be saved as `view_file`: relative specs (opened relative to the working folder)
  // re-expressed relative to the view file's folder, which is how apply_session() reads them,
  // so the view reopens from any working folder.
  Session to_session_for(const std::string& view_file) const;
  // Opens what is missing (layers by spec, relative to base_dir) and applies the rest (view,
  // camera, selection) once loaded.
  void apply_session(const Session& s, const std::string& base_dir);

  // ---- queries ----
  int scene_index(uint64_t id) const;  // -1 if not in the scene
  uint64_t layer_id(size_t scene_index) const;
  const LayerMeta* meta(const Layer* l) const;
  bool demo() const { return demo_; }
  const std::string& target_map_crs() const { return target_map_crs_; }
  size_t feature_count() const;  // over all scene layers
  // Points of the visible point layers in their day windows, and of those the last frame
  // drew: fewer when the renderer's point budget drew a random sample (render()).
  struct MapSampling {
    size_t in_window = 0;
    size_t drawn = 0;
    bool sampled() const { return drawn < in_window; }
  };
  MapSampling map_sampling;
  // The topmost visible choropleth (for the legend), or null.
  const Choropleth* legend_choropleth() const;
  // What the map shows, for tests and `--script dump_state`: one line per scene layer, bottom
  // to top, "layer NAME: classes N" or "layer NAME: no classes" (+ ", hidden"), then
  // "legend: legend_text()" and "title: Choropleth::map_title" of legend_choropleth().
  std::string state_text() const;
  // Cursor position in map CRS and WGS84 (lon, lat); false when off the map or unknown.
  bool cursor_position(float sx, float sy, double& mx, double& my, double& lon, double& lat);

  // ---- state read and edited by the panels ----
  Scene scene;                                     // what the map shows, bottom to top
  std::vector<UnplacedLayer> unplaced;             // layers waiting for a CRS
  MapCamera camera;                                // map view; width/height = window size
  ScreenRect map_rect;                             // part of the window not covered by panels
  MessageLog messages;                             // Messages panel
  JobQueue jobs;                                   // background work
  Selection selection;                             // clicked feature
  std::optional<AggregationResult> aggregation;    // last count, for the panel
  uint64_t agg_polygons_id = 0;                    // demo fallback count: polygon layer
  uint64_t agg_points_id = 0;                      // demo fallback count: point layer
  bool view_touched = false;                       // the user moved the map: stop auto-fitting
  std::string attribution;                         // data credits drawn on the map ("" = none)
  std::vector<ObservationLoad> observation_loads;  // observation files being read
  std::vector<ObservationSet> observations;        // observation files loaded, oldest first
  std::optional<MappingRequest> mapping_request;   // set: the UI should open the mapping dialog
  AnalysisView analysis;                           // thematic map + filters (panels edit it)
  BasemapSettings basemap;                         // the basemap under the layers (Map panel)

  // The basemap's state in words ("" when drawn, or none): opening, reading N tiles, or why it
  // is not shown (a file GDAL cannot read, a preset while network access is off).
  std::string basemap_status() const;
  // What the basemap requires to be shown ("" none): a preset's attribution, the file's own,
  // else "Basemap: FILE".
  std::string basemap_attribution() const;
  // Everything the map must credit: the data's attribution and the basemap's.
  std::string map_attribution() const;
  // The string GDAL opens for a basemap source (a preset's description, else the path); ""
  // with `error` set when it must not be opened (a preset while network access is off).
  std::string basemap_source_for_gdal(const std::string& source, std::string& error) const;

 private:
  void open_impl(const std::string& spec, const std::string& src_crs, bool demo_file);
  void loaded(std::vector<PreparedLayer>& layers, uint64_t seq, const std::string& spec);
  void add_prepared(PreparedLayer p, uint64_t id, uint64_t seq);
  void finish_observation_load(uint64_t seq);
  void observations_loaded(const ObservationLoad& load, const OccurrenceOptions& o,
                           std::shared_ptr<const ObservationStore> store,
                           std::shared_ptr<const IngestReport> rep,
                           std::shared_ptr<PreparedLayer> p);
  void add_unplaced(std::shared_ptr<const Layer> l, uint64_t id, uint64_t seq);
  void swap_in(SceneLayer& sl, PreparedLayer p);
  void replace_job(uint64_t id);
  void queue_free(SceneLayer& sl);
  void auto_fit();
  void fit_envelope(const Envelope& e);
  void demo_loaded();
  void demo_file_done();
  std::string layer_label(uint64_t id) const;
  // Colours scene layer `layer_id` with `c` (a worker's result); false when the layer is gone
  // or no longer has c's feature count.
  bool show_choropleth(uint64_t layer_id, Choropleth c);
  // Removes the classes of scene layer `layer_id` (its categories, if any, show again).
  void drop_choropleth(uint64_t layer_id);

  std::unordered_map<const Layer*, LayerMeta> meta_;  // by the scene layer's Layer
  std::vector<LayerHandle> free_queue_;               // renderer handles to free (GL thread)
  LayerHandle highlighted_handle_ = -1;               // where the highlight is applied now
  int64_t highlighted_feature_ = -1;                  // which feature is highlighted now
  uint64_t next_id_ = 1;                              // LayerMeta::id source
  uint64_t next_seq_ = 1;                             // LayerMeta::seq source
  std::string target_map_crs_;                        // map CRS requested (scene.map_crs
                                                      // follows once layers are re-placed)
  bool aggregation_running_ = false;                  // a count job is in flight
  bool demo_ = false;                                 // started on the demo
  bool observations_by_extension_ = false;            // open() routes by extension
  size_t demo_pending_ = 0;                           // demo files still loading
  std::string fallback_crs_;                          // --src-crs
  std::unique_ptr<CrsTransform> to_wgs84_;            // map CRS -> EPSG:4326, cached
  std::string to_wgs84_crs_;                          // map CRS to_wgs84_ was made for
  bool to_wgs84_failed_ = false;                      // do not retry every frame
  std::vector<size_t> hidden_;                        // render(): scratch, reused per frame
  // ---- basemap ----
  void basemap_update();                // opens another source when the settings changed
  void basemap_render(MapRenderer& r);  // uploads finished tiles, asks for missing ones
  std::unique_ptr<BasemapLoader> basemap_loader_;
  std::vector<BasemapTileData> basemap_upload_;  // read, not on the GPU yet (a few per frame)
  std::string basemap_opened_source_, basemap_opened_crs_;
  bool basemap_opened_network_ = false;
  uint64_t basemap_drawn_generation_ = UINT64_MAX;  // the loader generation the GPU tiles are of
  std::string basemap_error_;                       // why a source was not opened
  bool basemap_reported_ = false;                   // its failure is in the messages
  // ---- analysis ----
  void analysis_update();
  void advance_time_slider();
  void load_store_only(const std::string& spec);  // session: observations as a store only
  // Demo: reads the observations once into a store; its point layer is built from the store.
  void open_demo_observations(const std::string& spec);
  void set_point_attributes(uint64_t id, const std::shared_ptr<const Layer>& layer,
                            std::shared_ptr<const PointAttributes> a);
  void start_hex_job(std::shared_ptr<const ObservationStore> store);
  void start_assign_job(const SceneLayer& sl, std::shared_ptr<const ObservationStore> store);
  void start_metrics_job(std::shared_ptr<const ObservationStore> store);
  void apply_pending_session();
  void demo_analysis_defaults();
  void point_layers_follow_filter();  // GPU day window + groups of point layers
  std::vector<std::weak_ptr<const Layer>> attributes_tried_;  // point layers given (or refused)
                                                              // attributes
  std::string spec_of_layer(uint64_t id) const;

 public:
  // Every file the window has open (layer and observation specs as opened): what an export or
  // a saved view must never replace (core/output_guard).
  std::vector<std::string> open_files() const;

 private:
  std::optional<AnalysisResult> analysis_result_;        // last finished metrics
  std::shared_ptr<const AreaIndex> analysis_index_;      // of index_layer_ x index_store_
  std::shared_ptr<const Layer> index_layer_;             // layer the index was built for
  std::shared_ptr<const ObservationStore> index_store_;  // store the index was built for
  const Layer* assign_failed_layer_ = nullptr;           // do not retry a failed assignment
  const ObservationStore* assign_failed_store_ = nullptr;
  bool assign_running_ = false;                     // assignment (or hex) job in flight
  bool metrics_running_ = false;                    // metrics job in flight
  std::optional<AnalysisView> computed_view_;       // view of the last metrics job
  Language computed_language_ = Language::English;  // UI language of its legend texts
  uint64_t hex_layer_id_ = 0;                       // the hex grid layer (0 = none)
  double hex_layer_size_ = 0;                       // its edge length
  const ObservationStore* hex_store_ = nullptr;     // store it covers
  uint64_t analysis_revision_ = 0;                  // AnalysisResult::revision source
  // Analysis generation: incremented for every state submitted to a metrics job and when the
  // areas change; a worker's result for an older generation is dropped.
  uint64_t analysis_generation_ = 0;
  uint64_t coloured_layer_id_ = 0;          // the area layer that holds the thematic classes now
  double last_update_s_ = -1;               // update(): clock of the last call
  double play_accum_days_ = 0;              // time slider: fractional days
  std::string demo_store_spec_;             // demo observations loaded as store
  std::optional<Session> pending_session_;  // apply_session(): waits for loads
  double pending_session_since_s_ = 0;      // when it was requested
  std::vector<std::string> loading_specs_;  // layer/store files being read (one each)
  mutable std::weak_ptr<const ObservationStore> day_range_store_;  // analysis_day_range() cache
  mutable std::pair<int32_t, int32_t> day_range_{kUnknownDay, kUnknownDay};
  void loading_done(const std::string& spec);  // one read of `spec` ended
};

}  // namespace biodash
