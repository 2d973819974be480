#pragma once
// Exports of the dashboard: the current map as a PNG at any resolution (legend, title, attribution,
// scale bar), the aggregated table as CSV or GeoPackage (the writer and columns of `biodash
// aggregate`), and a one-page site report PNG for a selected area. The images are drawn into an
// offscreen framebuffer of the current GL context with the window's MapRenderer and the overlay
// functions `biodash render` uses (ui/overlay.hpp); no window content is read back.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/choropleth.hpp"
#include "core/engine.hpp"
#include "core/layer.hpp"
#include "core/observations.hpp"
#include "io/result_writer.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"

namespace biodash::ui {

// What an exported map shows besides the layers.
struct MapImageOptions {
  int width = 1920;                    // pixels
  int height = 1080;                   // pixels
  Envelope view;                       // map-CRS extent to show (aspect kept); empty = all
  std::string title;                   // top centre ("" none)
  std::string attribution;             // bottom left ("" none)
  const Choropleth* legend = nullptr;  // bottom-left legend (null none)
};

// Smallest and largest accepted export image edge, pixels.
inline constexpr int kMinExportPx = 16;
inline constexpr int kMaxExportPx = 16384;

// Tile edge of a map image drawn in parts (one tile per frame in the dashboard).
inline constexpr int kExportTilePx = 1024;

// A map image drawn tile by tile, one tile per step() (GL thread), so that a large export never
// holds up a frame for long: each tile is the map drawn with a camera over that part of the
// image, plus a margin (so points across a tile edge are whole), with the hatching fixed to the
// whole image's pixels (MapRenderer::set_frame_origin), and the overlays (legend, title, scale
// bar, attribution) laid out once for the whole image and drawn clipped to the tile. The scene's
// layers, styles and colours must not change between steps (the dashboard pauses its updates
// and map input meanwhile; the legend is copied). A visible heatmap makes it one tile: the
// heatmap is normalised by the maximum of what one draw sees.
class TiledMapImage {
 public:
  // Throws Error for a size outside kMinExportPx..kMaxExportPx.
  TiledMapImage(Scene& scene, const MapImageOptions& o, int tile_px = kExportTilePx);
  ~TiledMapImage();
  TiledMapImage(const TiledMapImage&) = delete;
  TiledMapImage& operator=(const TiledMapImage&) = delete;

  // Draws the next tile (offscreen; restores the framebuffer, viewport and ImGui context).
  // Throws Error for a framebuffer the GL cannot make.
  void step(MapRenderer& r, Scene& scene);
  bool done() const;
  int width() const;
  int height() const;
  size_t tiles() const;
  size_t tiles_done() const;
  // RGBA8, top row first, opaque (width * height * 4); once, after done().
  std::vector<uint8_t> take_pixels();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Draws `scene` with `o`'s furniture into an offscreen framebuffer of the current GL context and
// returns RGBA8 pixels, top row first (width * height * 4): TiledMapImage in one tile. Uploads
// missing meshes with `r`; leaves the framebuffer and the ImGui context that were current,
// current. Throws Error for a bad size or an incomplete framebuffer.
std::vector<uint8_t> render_map_image(MapRenderer& r, Scene& scene, const MapImageOptions& o);
// What an exported map says in its PNG metadata (iTXt): Title (the map title), Description (the
// legend on one line, legend_text()), Copyright (the attribution), Software. Searchable, read
// by screen readers and by the tests that check an export describes what it shows.
std::vector<PngText> map_png_text(const MapImageOptions& o);
// render_map_image() written as PNG (atomically: an existing file survives a failure).
void export_map_png(const std::string& path, MapRenderer& r, Scene& scene,
                    const MapImageOptions& o);

// The per-area metrics as `biodash aggregate --metrics kExportMetrics` writes them: id column "fid"
// (the layer's feature ids), then one column per metric ("rarefied" becomes rarefied_<rarefy_m>;
// left out when rarefy_m is 0). Throws Error when the sizes differ.
inline constexpr const char* kExportMetrics =
    "n_obs,n_species,shannon,simpson,chao1,rarefied,n_observers,n_days,first_date,last_date";
ResultTable metrics_table(const Layer& areas, const std::vector<AreaMetrics>& m, uint64_t rarefy_m);
// All metrics (diversity, effort, rarefaction at rarefy_m) of every area under `f`, i.e. what the
// table needs whatever the map shows (compute_metrics).
std::vector<AreaMetrics> export_metrics(const ObservationStore& s, const AreaIndex& idx,
                                        const Filter& f, uint64_t rarefy_m);
// The table as CSV (write_result_csv) or as GeoPackage with the area polygons in the map CRS `crs`
// (write_result_gpkg, layer named after the area layer; the id column "fid" is called "area_fid"
// there because a GeoPackage's own feature id is "fid").
void export_table_csv(const std::string& path, const ResultTable& t);
void export_table_gpkg(const std::string& path, const Layer& areas, const std::string& crs,
                       const ResultTable& t);

// A one-page site report of one area: the map zoomed to it, its metrics, records per year and the
// most recorded species.
struct SiteReport {
  std::string area_name;                                      // heading
  std::string layer_name;                                     // area layer, under the heading
  std::string filter_text;                                    // filter in force ("" none)
  AreaMetrics metrics;                                        // of the area under the filter
  uint64_t rarefy_m = 0;                                      // depth of metrics.rarefied (0 none)
  std::vector<std::pair<int, uint64_t>> records_per_year;     // (year, records), ascending
  std::vector<std::pair<std::string, uint64_t>> top_species;  // (name, records), most first
  Envelope bounds;                                            // the area, map CRS
  std::string attribution;                                    // data credits
};
// The report's data for polygon `area` of `idx` under `f` (top `max_species` species).
SiteReport site_report_data(const ObservationStore& s, const AreaIndex& idx, uint32_t area,
                            const Filter& f, uint64_t rarefy_m, size_t max_species = 15);
// Draws the report page (A4 portrait proportions at `width` pixels) and writes it as PNG, or as a
// one-page PDF (the page at 150 dpi) when `path` ends in ".pdf".
void export_site_report_png(const std::string& path, MapRenderer& r, Scene& scene,
                            const SiteReport& rep, const Choropleth* legend, int width = 1240);
// The two halves of export_site_report_png: drawing the page (GL thread; returns RGBA8 pixels,
// top row first, and the page height) and writing it as PNG or PDF (any thread).
std::vector<uint8_t> render_site_report(MapRenderer& r, Scene& scene, const SiteReport& rep,
                                        const Choropleth* legend, int width, int& height);
void write_site_report(const std::string& path, const std::vector<uint8_t>& px, int width,
                       int height);

// Whether `path` can be written: non-empty and its folder exists. Returns "" when fine, else the
// reason (English; the dialog translates).
std::string check_export_path(const std::string& path);

}  // namespace biodash::ui
