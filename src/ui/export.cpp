#include "ui/export.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "render/headless.hpp"
#include "render/map_camera.hpp"
#include "ui/map_labels.hpp"
#include "ui/offscreen_imgui.hpp"
#include "ui/overlay.hpp"

namespace biodash::ui {
namespace {

void check_size(int w, int h) {
  if (w < kMinExportPx || h < kMinExportPx || w > kMaxExportPx || h > kMaxExportPx) {
    throw Error("image size " + std::to_string(w) + "x" + std::to_string(h) + " is outside " +
                std::to_string(kMinExportPx) + ".." + std::to_string(kMaxExportPx) + " pixels");
  }
}

// An RGBA8 framebuffer of the current GL context (multisampled when asked and possible, with a
// single-sample resolve target). Restores the previous framebuffer and viewport when done.
class Offscreen {
 public:
  Offscreen(int w, int h, int samples) : w_(w), h_(h) {
    check_size(w, h);
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo_);
    glGetIntegerv(GL_VIEWPORT, prev_viewport_);
    GLint max_rb = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
    if (w > max_rb || h > max_rb) {
      throw Error("image size " + std::to_string(w) + "x" + std::to_string(h) +
                  " is larger than this GPU allows (" + std::to_string(max_rb) + " pixels)");
    }
    make(resolve_fbo_, resolve_rb_, 0);
    if (samples > 1) {
      GLint max_samples = 0;
      glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
      samples = std::min(samples, static_cast<int>(max_samples));
      if (samples > 1 && !make(msaa_fbo_, msaa_rb_, samples)) {
        free(msaa_fbo_, msaa_rb_);  // no multisampling then
      }
    }
    if (!resolve_fbo_) throw Error("cannot create an offscreen framebuffer");
    bind();
  }
  ~Offscreen() {
    free(msaa_fbo_, msaa_rb_);
    free(resolve_fbo_, resolve_rb_);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo_));
    glViewport(prev_viewport_[0], prev_viewport_[1], prev_viewport_[2], prev_viewport_[3]);
  }
  Offscreen(const Offscreen&) = delete;
  Offscreen& operator=(const Offscreen&) = delete;

  void bind() {
    glBindFramebuffer(GL_FRAMEBUFFER, msaa_fbo_ ? msaa_fbo_ : resolve_fbo_);
    glViewport(0, 0, w_, h_);
  }
  // Resolves (when multisampled) into the single-sample target, which is then bound for reading.
  void resolve() {
    if (msaa_fbo_) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, msaa_fbo_);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolve_fbo_);
      glBlitFramebuffer(0, 0, w_, h_, 0, 0, w_, h_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, resolve_fbo_);
  }
  GLuint resolved_fbo() const { return resolve_fbo_; }
  // RGBA8, top row first, opaque.
  std::vector<uint8_t> read() {
    resolve();
    std::vector<uint8_t> px(size_t(w_) * h_ * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    std::vector<uint8_t> out(px.size());
    const size_t row = size_t(w_) * 4;
    for (int y = 0; y < h_; ++y)
      std::memcpy(&out[size_t(y) * row], &px[size_t(h_ - 1 - y) * row], row);
    for (size_t i = 3; i < out.size(); i += 4) out[i] = 255;
    bind();
    return out;
  }

 private:
  bool make(GLuint& fbo, GLuint& rb, int samples) {
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    if (samples > 1) {
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w_, h_);
    } else {
      glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w_, h_);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (!ok && samples <= 1) {
      free(fbo, rb);
      glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo_));
      throw Error("offscreen framebuffer of " + std::to_string(w_) + "x" + std::to_string(h_) +
                  " is incomplete");
    }
    return ok;
  }
  static void free(GLuint& fbo, GLuint& rb) {
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (rb) glDeleteRenderbuffers(1, &rb);
    fbo = rb = 0;
  }

  int w_, h_;
  GLint prev_fbo_ = 0;           // framebuffer bound before (restored)
  GLint prev_viewport_[4] = {};  // viewport before (restored)
  GLuint msaa_fbo_ = 0, msaa_rb_ = 0;
  GLuint resolve_fbo_ = 0, resolve_rb_ = 0;
};

// The camera of a map image: `o.view` (else the whole scene) fitted with a 2 % margin.
MapCamera image_camera(const Scene& scene, const MapImageOptions& o) {
  MapCamera cam;
  cam.width = o.width;
  cam.height = o.height;
  const Envelope view = o.view.empty() ? scene.bounds() : o.view;
  if (!view.empty()) cam.fit(view, 0.02);
  return cam;
}

// Legend, title, scale bar and attribution of a map image laid out into the current ImGui
// context's foreground list (an OffscreenImGui of the image's size).
void lay_out_furniture(const MapImageOptions& o, const MapCamera& cam, const Scene& scene) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const float fs = ImGui::GetFontSize();
  const float margin = fs;
  const float w = static_cast<float>(o.width), h = static_cast<float>(o.height);
  draw_map_labels(dl, scene, cam, {0, 0, w, h, 0, 0});  // names under the furniture
  const float attribution_h = o.attribution.empty() ? 0.0f : fs * 1.6f;
  if (o.legend) draw_legend(dl, *o.legend, ImVec2(margin, h - margin - attribution_h));
  if (!o.title.empty()) draw_title(dl, o.title, ImVec2(w * 0.5f, margin * 0.75f));
  const bool crowded = ImGui::CalcTextSize(o.attribution.c_str()).x + 16 * fs > w;
  draw_scale_bar(dl, cam, ImVec2(w - margin, h - margin - (crowded ? attribution_h : 0)));
  if (!o.attribution.empty())
    draw_attribution(dl, o.attribution, ImVec2(margin, h - margin * 0.5f), w - 2 * margin);
}

// An exported image draws every point: the window's point budget (a sample on a software
// renderer) is lifted while it draws.
void draw_all_points(MapRenderer& r, Scene& scene, const MapCamera& cam) {
  const size_t budget = r.point_budget();
  r.set_point_budget(0);
  scene.draw(r, cam);
  r.set_point_budget(budget);
}

// Map + legend + title + scale bar + attribution into `target` (bound, w x h) in one pass (the
// site report's map; the exported map image is a TiledMapImage).
void draw_map(MapRenderer& r, Scene& scene, const MapImageOptions& o, Offscreen& target) {
  const MapCamera cam = image_camera(scene, o);
  scene.build_missing_meshes();
  target.bind();
  draw_all_points(r, scene, cam);
  OffscreenImGui gui(o.width, o.height, image_font_px(o.width, o.height));
  lay_out_furniture(o, cam, scene);
  target.bind();
  gui.render();
}

}  // namespace

// ---- TiledMapImage ----------------------------------------------------------------------

struct TiledMapImage::Impl {
  MapImageOptions o;
  std::optional<Choropleth> legend;     // a copy: the scene's may be replaced meanwhile
  MapCamera cam;                        // the whole image
  int tile = 0;                         // interior edge of a tile, pixels
  int margin = 0;                       // drawn around each tile and cut away (points near edges)
  int cols = 1, rows = 1;               // tiles
  size_t next = 0;                      // next tile, row-major
  std::vector<uint8_t> pixels;          // RGBA8, top row first
  std::unique_ptr<OffscreenImGui> gui;  // the overlays, laid out once for the whole image
};

TiledMapImage::TiledMapImage(Scene& scene, const MapImageOptions& o, int tile_px)
    : impl_(std::make_unique<Impl>()) {
  check_size(o.width, o.height);
  Impl& m = *impl_;
  m.o = o;
  if (o.legend) m.legend = *o.legend;
  m.o.legend = m.legend ? &*m.legend : nullptr;
  m.cam = image_camera(scene, o);
  // A heatmap is normalised by the maximum of what one draw sees: tiles would each have their
  // own. With a visible heatmap layer the image is one tile.
  bool heatmap = false;
  for (const SceneLayer& l : scene.layers) heatmap |= l.style.visible && l.style.heatmap;
  m.tile = heatmap ? std::max(o.width, o.height) : std::max(tile_px, 64);
  m.cols = (o.width + m.tile - 1) / m.tile;
  m.rows = (o.height + m.tile - 1) / m.tile;
  // A point is drawn only when its centre is inside the target: draw each tile with a margin
  // of the largest point radius so points across a tile edge appear in both.
  if (m.cols * m.rows > 1) {
    float largest = 1.0f;
    for (const SceneLayer& l : scene.layers) largest = std::max(largest, l.style.point_size);
    m.margin = static_cast<int>(std::ceil(largest * 2.0f + 4.0f));  // also the highlight ring
  }
  m.pixels.assign(size_t(o.width) * size_t(o.height) * 4, 0);
}

TiledMapImage::~TiledMapImage() = default;

int TiledMapImage::width() const {
  return impl_->o.width;
}
int TiledMapImage::height() const {
  return impl_->o.height;
}
size_t TiledMapImage::tiles() const {
  return size_t(impl_->cols) * size_t(impl_->rows);
}
size_t TiledMapImage::tiles_done() const {
  return impl_->next;
}
bool TiledMapImage::done() const {
  return impl_->next >= tiles();
}

void TiledMapImage::step(MapRenderer& r, Scene& scene) {
  Impl& m = *impl_;
  if (done()) return;
  const int W = m.o.width, H = m.o.height;
  if (!m.gui) {
    // Legend, title, scale bar and attribution, laid out once for the whole image.
    m.gui = std::make_unique<OffscreenImGui>(W, H, image_font_px(W, H));
    lay_out_furniture(m.o, m.cam, scene);
    m.gui->finish();
  }
  const int col = static_cast<int>(m.next % size_t(m.cols));
  const int row = static_cast<int>(m.next / size_t(m.cols));
  // Interior of this tile (top-left origin) and the region drawn: interior plus margin.
  const int tx = col * m.tile, ty = row * m.tile;
  const int tw = std::min(m.tile, W - tx), th = std::min(m.tile, H - ty);
  const int rx = tx - m.margin, ry = ty - m.margin;
  const int rw = tw + 2 * m.margin, rh = th + 2 * m.margin;
  MapCamera cam = m.cam;
  cam.width = rw;
  cam.height = rh;
  cam.center_x = m.cam.center_x + (rx + rw * 0.5 - W * 0.5) * m.cam.units_per_pixel;
  cam.center_y = m.cam.center_y - (ry + rh * 0.5 - H * 0.5) * m.cam.units_per_pixel;
  {
    Offscreen target(rw, rh, 4);
    scene.build_missing_meshes();
    // The hatching is fixed to the whole image's pixels (GL: y up from its bottom edge).
    r.set_frame_origin(static_cast<float>(rx), static_cast<float>(H - (ry + rh)));
    target.bind();
    draw_all_points(r, scene, cam);
    r.set_frame_origin(0, 0);
    target.bind();
    m.gui->render_region(rx, ry, rw, rh);
    const std::vector<uint8_t> px = target.read();
    for (int y = 0; y < th; ++y)
      std::memcpy(&m.pixels[(size_t(ty + y) * W + tx) * 4],
                  &px[(size_t(m.margin + y) * rw + m.margin) * 4], size_t(tw) * 4);
  }
  ++m.next;
  if (done()) m.gui.reset();
}

std::vector<uint8_t> TiledMapImage::take_pixels() {
  return std::move(impl_->pixels);
}

std::vector<uint8_t> render_map_image(MapRenderer& r, Scene& scene, const MapImageOptions& o) {
  TiledMapImage image(scene, o, std::max(o.width, o.height));  // one tile
  while (!image.done()) image.step(r, scene);
  return image.take_pixels();
}

std::vector<PngText> map_png_text(const MapImageOptions& o) {
  std::vector<PngText> t;
  t.push_back({"Title", o.title});
  if (o.legend) t.push_back({"Description", legend_text(*o.legend)});
  t.push_back({"Copyright", o.attribution});
  t.push_back({"Software", "biodash"});
  return t;
}

void export_map_png(const std::string& path, MapRenderer& r, Scene& scene,
                    const MapImageOptions& o) {
  const std::vector<uint8_t> px = render_map_image(r, scene, o);
  write_png(path, px, o.width, o.height, map_png_text(o));
}

std::vector<AreaMetrics> export_metrics(const ObservationStore& s, const AreaIndex& idx,
                                        const Filter& f, uint64_t rarefy_m) {
  MetricsOptions mo;
  mo.diversity = true;
  mo.effort = true;
  mo.rarefy_m = rarefy_m;
  return compute_metrics(s, idx, f, mo);
}

ResultTable metrics_table(const Layer& areas, const std::vector<AreaMetrics>& m,
                          uint64_t rarefy_m) {
  if (m.size() != areas.size()) {
    throw Error("the metrics (" + std::to_string(m.size()) + " areas) do not belong to layer " +
                areas.name + " (" + std::to_string(areas.size()) + " features)");
  }
  ResultTable t;
  t.id_name = "fid";
  std::string list = kExportMetrics;
  for (size_t b = 0; b <= list.size();) {
    size_t e = list.find(',', b);
    if (e == std::string::npos) e = list.size();
    std::string name = list.substr(b, e - b);
    b = e + 1;
    if (name == "rarefied") {
      if (!rarefy_m) continue;
      name = "rarefied_" + std::to_string(rarefy_m);
    }
    t.numeric.push_back(name != "first_date" && name != "last_date");
    t.columns.push_back(name);
  }
  for (size_t i = 0; i < m.size(); ++i) {
    const AreaMetrics& a = m[i];
    t.ids.push_back(std::to_string(i < areas.fids.size() ? areas.fids[i] : int64_t(i)));
    std::vector<std::string> row;
    for (const std::string& c : t.columns) row.push_back(metric_cell(a, c, rarefy_m));  // core
    t.values.push_back(std::move(row));
  }
  return t;
}

void export_table_csv(const std::string& path, const ResultTable& t) {
  write_result_csv(path, t);
}

void export_table_gpkg(const std::string& path, const Layer& areas, const std::string& crs,
                       const ResultTable& t) {
  if (!areas.placed() || areas.geoms.size() != t.ids.size()) {
    throw Error("layer " + areas.name + " has no geometries in the map CRS for " +
                std::to_string(t.ids.size()) + " rows");
  }
  std::vector<const GEOSGeometry*> geoms;
  geoms.reserve(areas.geoms.size());
  for (const auto& g : areas.geoms) geoms.push_back(g.get());
  std::string name = areas.source_layer.empty() ? areas.name : areas.source_layer;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  if (name.empty()) name = "areas";
  // write_result_gpkg names an id column "fid" "area_fid" (GeoPackage has its own fid).
  write_result_gpkg(path, name, crs, geoms, t);
}

SiteReport site_report_data(const ObservationStore& s, const AreaIndex& idx, uint32_t area,
                            const Filter& f, uint64_t rarefy_m, size_t max_species) {
  if (area >= idx.n_polygons()) {
    throw Error("area " + std::to_string(area) + " is not in the index (" +
                std::to_string(idx.n_polygons()) + " areas)");
  }
  SiteReport rep;
  rep.rarefy_m = rarefy_m;
  rep.metrics = metrics_of_union(s, idx, {area}, f, rarefy_m);
  std::map<int, uint64_t> years;
  for (uint32_t k = idx.offset[area]; k < idx.offset[area + 1]; ++k) {
    const uint32_t i = idx.obs[k];
    if (s.day[i] == kUnknownDay || !f.pass(s, i)) continue;
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(s.day[i], y, m, d);
    ++years[y];
  }
  if (!years.empty()) {
    for (int y = years.begin()->first; y <= years.rbegin()->first; ++y) {
      auto it = years.find(y);
      rep.records_per_year.emplace_back(y, it == years.end() ? 0 : it->second);
    }
  }
  const auto counts = species_counts(s, idx, area, f);
  for (size_t k = 0; k < counts.size() && k < max_species; ++k) {
    const Taxon& t = s.taxon_of_species(counts[k].first);
    std::string name = s.species_name(counts[k].first);
    const std::string& vern = language() == Language::Dutch ? t.vernacular_nl : t.vernacular_en;
    if (!vern.empty()) name += " (" + vern + ")";
    rep.top_species.emplace_back(name, counts[k].second);
  }
  return rep;
}

std::vector<uint8_t> render_site_report(MapRenderer& r, Scene& scene, const SiteReport& rep,
                                        const Choropleth* legend, int width, int& height) {
  const int W = width;
  const int H = static_cast<int>(std::lround(width * 1.4142));
  height = H;
  check_size(W, H);
  const float fs = std::clamp(W / 62.0f, 12.0f, 40.0f);
  const float margin = fs * 2.5f;
  // The map: top part of the page, the area with some surroundings.
  const int map_w = static_cast<int>(W - 2 * margin);
  const int map_h = static_cast<int>(H * 0.38f);
  const float map_y = margin + fs * 5.0f;
  std::vector<uint8_t> unused;
  Offscreen page(W, H, 0);
  {
    Offscreen map(map_w, map_h, 4);
    MapImageOptions mo;
    mo.width = map_w;
    mo.height = map_h;
    mo.view = rep.bounds;
    if (!mo.view.empty()) {
      const double pad = std::max(mo.view.width(), mo.view.height()) * 0.35 + 1.0;
      mo.view =
          Envelope{mo.view.minx - pad, mo.view.miny - pad, mo.view.maxx + pad, mo.view.maxy + pad};
    }
    mo.legend = legend;
    draw_map(r, scene, mo, map);
    map.resolve();
    page.bind();
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    // Into the page (GL rows go bottom-up).
    glBindFramebuffer(GL_READ_FRAMEBUFFER, map.resolved_fbo());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, page.resolved_fbo());
    const int dx0 = static_cast<int>(margin), dy1 = H - static_cast<int>(map_y);
    glBlitFramebuffer(0, 0, map_w, map_h, dx0, dy1 - map_h, dx0 + map_w, dy1, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
  }
  page.bind();
  OffscreenImGui gui(W, H, fs);
  ImDrawList* dl = gui.draw_list();
  ImFont* font = ImGui::GetFont();
  const ImU32 ink = IM_COL32(30, 33, 36, 255), grey = IM_COL32(110, 115, 120, 255);
  const ImU32 accent = IM_COL32(41, 122, 107, 255), light = IM_COL32(225, 229, 228, 255);
  auto text = [&](float x, float y, float size, ImU32 col, const std::string& s) {
    dl->AddText(font, size, ImVec2(x, y), col, s.c_str());
  };
  // Heading.
  text(margin, margin, fs * 2.0f, ink, rep.area_name.empty() ? tr("Site report") : rep.area_name);
  std::string sub =
      std::string(tr("Site report")) + (rep.layer_name.empty() ? "" : " · ") + rep.layer_name;
  text(margin, margin + fs * 2.3f, fs, grey, sub);
  text(margin, margin + fs * 3.3f, fs, grey,
       std::string(tr("Filter")) + ": " +
           (rep.filter_text.empty() ? std::string(tr("no filter")) : rep.filter_text));
  dl->AddRect(ImVec2(margin, map_y), ImVec2(margin + map_w, map_y + map_h), light);

  // Metrics (left column) and records per year (right column).
  const float top = map_y + map_h + fs * 1.5f;
  const float col_w = (W - 2 * margin - fs * 2) * 0.42f;
  text(margin, top, fs * 1.3f, accent, tr("Metrics"));
  const AreaMetrics& a = rep.metrics;
  char buf[64];
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(tr("Records"), with_separators(a.n_obs));
  rows.emplace_back(tr("Species richness"), with_separators(a.n_species));
  std::snprintf(buf, sizeof buf, "%.3f", a.shannon);
  rows.emplace_back(tr("Shannon index"), buf);
  std::snprintf(buf, sizeof buf, "%.3f", a.simpson);
  rows.emplace_back(tr("Simpson index"), buf);
  std::snprintf(buf, sizeof buf, "%.1f", a.chao1);
  rows.emplace_back(tr("Chao1 estimate"), buf);
  if (rep.rarefy_m) {
    std::snprintf(buf, sizeof buf, "%.1f", a.rarefied);
    rows.emplace_back(
        std::string(tr("Rarefied richness")) + " (m = " + std::to_string(rep.rarefy_m) + ")", buf);
  }
  rows.emplace_back(tr("Observers"), with_separators(a.n_observers));
  rows.emplace_back(tr("Observation days"), with_separators(a.n_days));
  rows.emplace_back(tr("First record"), a.first_day == kUnknownDay ? "–" : iso_date(a.first_day));
  rows.emplace_back(tr("Last record"), a.last_day == kUnknownDay ? "–" : iso_date(a.last_day));
  float y = top + fs * 2.0f;
  for (const auto& [k, v] : rows) {
    text(margin, y, fs, grey, k);
    const float vw = font->CalcTextSizeA(fs, FLT_MAX, 0, v.c_str()).x;
    text(margin + col_w - vw, y, fs, ink, v);
    y += fs * 1.45f;
  }

  // Records per year: bars with the year under every few bars and the maximum on top.
  const float cx0 = margin + col_w + fs * 3, cx1 = W - margin;
  text(cx0, top, fs * 1.3f, accent, tr("Records per year"));
  const float cy0 = top + fs * 2.5f, cy1 = y - fs * 1.6f;
  dl->AddLine(ImVec2(cx0, cy1), ImVec2(cx1, cy1), grey);
  if (!rep.records_per_year.empty()) {
    uint64_t mx = 1;
    for (const auto& [yr, n] : rep.records_per_year) mx = std::max(mx, n);
    const size_t nb = rep.records_per_year.size();
    const float bw = (cx1 - cx0) / static_cast<float>(nb);
    const size_t label_every = std::max<size_t>(1, static_cast<size_t>(std::ceil(fs * 3.2f / bw)));
    for (size_t k = 0; k < nb; ++k) {
      const auto [yr, n] = rep.records_per_year[k];
      const float x0 = cx0 + bw * k + bw * 0.12f, x1 = cx0 + bw * (k + 1) - bw * 0.12f;
      const float bh = (cy1 - cy0) * static_cast<float>(n) / static_cast<float>(mx);
      dl->AddRectFilled(ImVec2(x0, cy1 - bh), ImVec2(x1, cy1), accent);
      if (k % label_every == 0 || k + 1 == nb)
        text(x0, cy1 + fs * 0.3f, fs * 0.8f, grey, std::to_string(yr));
    }
    text(cx0, cy0 - fs * 1.1f, fs * 0.8f, grey, "max " + with_separators(mx));
  } else {
    text(cx0, cy0, fs, grey, tr("no data"));
  }

  // Top species with a bar for their records.
  float sy = y + fs * 1.2f;
  text(margin, sy, fs * 1.3f, accent, tr("Top species"));
  sy += fs * 2.0f;
  const uint64_t top_n =
      rep.top_species.empty() ? 1 : std::max<uint64_t>(1, rep.top_species[0].second);
  const float bar_x0 = margin + (W - 2 * margin) * 0.62f, bar_x1 = W - margin - fs * 4;
  for (const auto& [name, n] : rep.top_species) {
    if (sy + fs * 1.4f > H - margin - fs * 2) break;
    text(margin, sy, fs, ink, name);
    const float bw = (bar_x1 - bar_x0) * static_cast<float>(n) / static_cast<float>(top_n);
    dl->AddRectFilled(ImVec2(bar_x0, sy + fs * 0.2f), ImVec2(bar_x0 + bw, sy + fs * 1.0f), light);
    text(bar_x1 + fs * 0.5f, sy, fs, ink, with_separators(n));
    sy += fs * 1.4f;
  }
  if (rep.top_species.empty()) text(margin, sy, fs, grey, tr("no data"));

  // Footer: credits.
  std::string foot = tr("Generated by biodash");
  if (!rep.attribution.empty()) foot += " · " + rep.attribution;
  text(margin, H - margin, fs * 0.8f, grey, foot);
  page.bind();
  gui.render();
  return page.read();
}

void write_site_report(const std::string& path, const std::vector<uint8_t>& px, int width,
                       int height) {
  const bool as_pdf = path.size() > 4 && (path.compare(path.size() - 4, 4, ".pdf") == 0 ||
                                          path.compare(path.size() - 4, 4, ".PDF") == 0);
  if (as_pdf) {
    write_pdf_page(path, px, width, height);
  } else {
    write_png(path, px, width, height);
  }
}

void export_site_report_png(const std::string& path, MapRenderer& r, Scene& scene,
                            const SiteReport& rep, const Choropleth* legend, int width) {
  int height = 0;
  const std::vector<uint8_t> px = render_site_report(r, scene, rep, legend, width, height);
  write_site_report(path, px, width, height);
}

std::string check_export_path(const std::string& path) {
  if (path.empty()) return "Enter a file path.";
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec)) return "The folder does not exist.";
  return "";
}

}  // namespace biodash::ui
