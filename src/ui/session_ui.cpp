#include "ui/session_ui.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/geos_handle.hpp"
#include "core/i18n.hpp"
#include "core/input_file.hpp"
#include "core/output_guard.hpp"
#include "core/provenance.hpp"
#include "core/session.hpp"
#include "core/thematic.hpp"
#include "io/result_writer.hpp"
#include "render/headless.hpp"
#include "ui/export.hpp"
#include "ui/panels.hpp"

namespace biodash::ui {
namespace fs = std::filesystem;

namespace {

std::string format(const char* fmt, const std::string& a) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, fmt, a.c_str());
  return buf;
}

// Logs a failure and returns its text.
std::string fail(Workspace& d, const char* fmt, const std::string& why) {
  const std::string msg = format(fmt, why);
  d.messages.error(msg);
  return msg;
}

// An output onto a file the window has open is refused (core/output_guard): logs and returns
// the reason, or "" when `path` may be written.
std::string refuse_open_file(Workspace& d, const std::string& path) {
  const std::string in = input_replaced_by(path, d.open_files());
  if (in.empty()) return "";
  return fail(d, "%s", fill(tr("This file is open in biodash (%s); choose another file."), {in}));
}

void remember(Workspace& d, ShellState& s, const std::string& path) {
  add_recent(s.recent, path);
  s.last_view_path = path;
  if (s.recent_file.empty()) return;
  try {
    save_recent(s.recent_file, s.recent);
  } catch (const std::exception& e) {
    d.messages.warn(e.what());
  }
}

// The part of the map the window shows unobstructed, in map coordinates.
Envelope visible_map(const Workspace& d) {
  const ScreenRect& r = d.map_rect;
  if (r.width() < 2 || r.height() < 2) return d.camera.visible();
  Envelope e;
  double x = 0, y = 0;
  d.camera.screen_to_map(r.x0, r.y0, x, y);
  e.expand(x, y);
  d.camera.screen_to_map(r.x1, r.y1, x, y);
  e.expand(x, y);
  return e;
}

const char* dialog_title(ShellDialog k) {
  switch (k) {
    case ShellDialog::SaveView:
      return tr("Save view");
    case ShellDialog::OpenView:
      return tr("Open view");
    case ShellDialog::ExportPng:
      return tr("Export map");
    case ShellDialog::ExportCsv:
      return tr("Export table as CSV");
    case ShellDialog::ExportGpkg:
      return tr("Export table as GeoPackage");
    case ShellDialog::SiteReport:
      return tr("Export site report");
    default:
      return "";
  }
}

const char* default_name(ShellDialog k) {
  switch (k) {
    case ShellDialog::SaveView:
    case ShellDialog::OpenView:
      return "view.biodash";
    case ShellDialog::ExportPng:
      return "map.png";
    case ShellDialog::ExportCsv:
      return "metrics.csv";
    case ShellDialog::ExportGpkg:
      return "metrics.gpkg";
    case ShellDialog::SiteReport:
      return "site_report.png";
    default:
      return "";
  }
}

bool input_text(const char* label, std::string& s, ImGuiInputTextFlags flags = 0) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", s.c_str());
  const bool r = ImGui::InputText(label, buf, sizeof buf, flags);
  s = buf;
  return r;
}

}  // namespace

// ---- recent files ----

std::string recent_file_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    return (fs::path(x) / "biodash" / "recent.txt").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".config" / "biodash" / "recent.txt").string();
  return "";
}

std::vector<std::string> load_recent(const std::string& file) {
  std::vector<std::string> out;
  std::error_code ec;
  if (file.empty() || !fs::exists(file, ec)) return out;
  std::istringstream in(read_small_file(file, 1u << 20, "the recent-files list"));
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || std::find(out.begin(), out.end(), line) != out.end()) continue;
    out.push_back(line);
    if (out.size() == kMaxRecent) break;
  }
  return out;
}

void save_recent(const std::string& file, const std::vector<std::string>& list) {
  std::error_code ec;
  const fs::path dir = fs::path(file).parent_path();
  if (!dir.empty()) fs::create_directories(dir, ec);
  if (ec) throw Error(dir.string() + tr(": cannot create folder: ") + ec.message());
  std::string text;
  for (size_t i = 0; i < list.size() && i < kMaxRecent; ++i) text += list[i] + "\n";
  write_file_atomically(file, text);
}

void add_recent(std::vector<std::string>& list, const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  const std::string a = ec ? path : p.lexically_normal().string();
  list.erase(std::remove(list.begin(), list.end(), a), list.end());
  list.insert(list.begin(), a);
  if (list.size() > kMaxRecent) list.resize(kMaxRecent);
}

void init_shell(Workspace& d, ShellState& s) {
  s.recent_file = recent_file_path();
  try {
    s.recent = load_recent(s.recent_file);
  } catch (const std::exception& e) {
    d.messages.warn(e.what());
  }
}

// ---- operations ----

std::string save_view(Workspace& d, ShellState& s, const std::string& path) {
  if (std::string e = refuse_open_file(d, path); !e.empty()) return e;
  try {
    Session sess = d.to_session_for(path);
    sess.language = language_code(language());
    save_session_file(path, sess);
  } catch (const std::exception& e) {
    return fail(d, tr("Cannot save the view: %s"), e.what());
  }
  d.messages.info(format(tr("Saved view to %s"), path));
  remember(d, s, path);
  return "";
}

std::string open_view(Workspace& d, ShellState& s, const std::string& path) {
  try {
    const Session sess = load_session_file(path);
    Language l = language();
    if (parse_language(sess.language, l)) set_language(l);
    std::error_code ec;
    const fs::path abs = fs::absolute(path, ec);
    d.apply_session(sess, (ec ? fs::path(path) : abs).parent_path().string());
  } catch (const std::exception& e) {
    return fail(d, tr("Cannot open the view: %s"), e.what());
  }
  d.messages.info(format(tr("Opened view %s"), path));
  remember(d, s, path);
  return "";
}

std::string automatic_title(const Workspace& d) {
  const Choropleth* c = d.legend_choropleth();
  return c ? c->map_title : "";
}

MapImageOptions map_image_options(const Workspace& d, int w, int h, const std::string& title) {
  MapImageOptions o;
  o.width = w;
  o.height = h;
  o.view = visible_map(d);
  o.title = title.empty() ? automatic_title(d) : title;
  o.attribution = d.map_attribution();
  o.legend = d.legend_choropleth();
  return o;
}

namespace {

void report_map_export(Workspace& d, const std::string& path, int w, int h) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, tr("Exported the map to %s (%d × %d pixels)"), path.c_str(), w, h);
  d.messages.info(buf);
}

// One tile of s.drawing; when it is complete, the PNG goes to a worker.
void step_map_export(Workspace& d, MapRenderer& r, ShellState& s) {
  if (!s.drawing) return;
  const std::string path = s.drawing_path;
  if (s.cancel_drawing) {
    s.drawing.reset();
    s.cancel_drawing = false;
    d.messages.warn(format(tr("Export of %s cancelled"), path));
    return;
  }
  try {
    s.drawing->step(r, d.scene);
  } catch (const std::exception& e) {
    s.drawing.reset();
    fail(d, tr("Export failed: %s"), e.what());
    return;
  }
  if (!s.drawing->done()) return;
  const int w = s.drawing->width(), h = s.drawing->height();
  auto px = std::make_shared<const std::vector<uint8_t>>(s.drawing->take_pixels());
  s.drawing.reset();
  d.jobs.submit(
      format(tr("Writing %s"), path),
      [px, path, w, h, &d, text = s.drawing_text]() -> JobQueue::Completion {
        write_png(path, *px, w, h, text);  // atomic: an existing file survives a failure
        return [&d, path, w, h] { report_map_export(d, path, w, h); };
      },
      [&d](const std::string& e) { fail(d, tr("Export failed: %s"), e); });
}

}  // namespace

std::string start_map_export(Workspace& d, ShellState& s, const std::string& path, int w, int h,
                             const std::string& title) {
  if (s.drawing) return fail(d, tr("Export failed: %s"), tr("another map image is being drawn"));
  if (std::string e = refuse_open_file(d, path); !e.empty()) return e;
  try {
    const MapImageOptions o = map_image_options(d, w, h, title);
    s.drawing = std::make_unique<TiledMapImage>(d.scene, o);
    s.drawing_text = map_png_text(o);
    s.drawing_path = path;
    s.cancel_drawing = false;
  } catch (const std::exception& e) {
    return fail(d, tr("Export failed: %s"), e.what());
  }
  return "";
}

std::string export_table(Workspace& d, const std::string& path, bool gpkg, bool background) {
  if (std::string e = refuse_open_file(d, path); !e.empty()) return e;
  const AnalysisResult* res = d.analysis_result();
  const auto store = d.analysis_store();
  const auto idx = d.analysis_index();
  const SceneLayer* sl = d.analysis_layer();
  if (!res || !store || !idx || !sl || res->area_layer_id != d.analysis.area_layer_id)
    return fail(d, "%s", tr("Nothing to export yet: no thematic map has been computed."));
  // Everything the work needs, by value or as shared immutable data.
  const std::shared_ptr<const Layer> layer = sl->layer;
  const Filter filter = res->filter;
  const uint64_t rarefy_m = d.analysis.rarefy_m;
  const std::string crs = d.scene.map_crs;
  ProvenanceInputs pin;  // how the numbers were made, in English (core/provenance)
  {
    const LanguageScope english(Language::English);
    pin.filter = thematic_filter_text(d.analysis);
  }
  pin.observations = d.observations[d.analysis.observation_set].spec;
  pin.areas =
      layer->source_path.empty() ? layer->name : layer->source_path + ":" + layer->source_layer;
  pin.rarefy_m = rarefy_m;
  auto work = [store, idx, layer, filter, rarefy_m, crs, path, gpkg, pin]() -> size_t {
    const std::vector<AreaMetrics> m = export_metrics(*store, *idx, filter, rarefy_m);
    ResultTable t = metrics_table(*layer, m, rarefy_m);
    ProvenanceInputs with_columns = pin;
    with_columns.columns = t.columns;
    t.provenance = export_provenance(with_columns);
    if (gpkg) {
      export_table_gpkg(path, *layer, crs, t);
    } else {
      export_table_csv(path, t);
    }
    return t.ids.size();
  };
  auto done = [&d, path](size_t rows) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, tr("Exported %zu areas to %s"), rows, path.c_str());
    d.messages.info(buf);
  };
  if (background) {
    d.jobs.submit(
        format(tr("Exporting %s"), path),
        [work, done]() -> JobQueue::Completion {
          const size_t rows = work();
          return [done, rows] { done(rows); };
        },
        [&d](const std::string& e) { fail(d, tr("Export failed: %s"), e); });
    return "";
  }
  try {
    done(work());
  } catch (const std::exception& e) {
    return fail(d, tr("Export failed: %s"), e.what());
  }
  return "";
}

std::string export_site_report(Workspace& d, MapRenderer& r, const std::string& path,
                               bool background) {
  if (std::string e = refuse_open_file(d, path); !e.empty()) return e;
  const AnalysisResult* res = d.analysis_result();
  const auto store = d.analysis_store();
  const auto idx = d.analysis_index();
  const SceneLayer* sl = d.analysis_layer();
  if (!res || !store || !idx || !sl)
    return fail(d, "%s", tr("Nothing to export yet: no thematic map has been computed."));
  const int64_t f = d.selection.feature;
  if (d.selection.layer_id != d.analysis.area_layer_id || f < 0 ||
      static_cast<size_t>(f) >= sl->layer->size() || static_cast<size_t>(f) >= idx->n_polygons())
    return fail(d, "%s", tr("Select an area first (click it on the map)."));
  try {
    SiteReport rep =
        site_report_data(*store, *idx, static_cast<uint32_t>(f), res->filter, d.analysis.rarefy_m);
    rep.area_name = feature_title(*sl->layer, static_cast<size_t>(f));
    rep.layer_name = sl->layer->name;
    rep.filter_text = res->filter_text;
    rep.attribution = d.attribution;
    if (static_cast<size_t>(f) < sl->layer->geoms.size())
      rep.bounds = envelope_of(sl->layer->geoms[static_cast<size_t>(f)].get());
    if (background) {
      // Drawn now (GL thread); encoded and written (PNG, or PDF through GDAL) by a worker.
      int height = 0;
      auto px = std::make_shared<const std::vector<uint8_t>>(
          render_site_report(r, d.scene, rep, d.legend_choropleth(), 1240, height));
      d.jobs.submit(
          format(tr("Writing %s"), path),
          [px, path, height, &d]() -> JobQueue::Completion {
            write_site_report(path, *px, 1240, height);
            return
                [path, &d] { d.messages.info(format(tr("Exported the site report to %s"), path)); };
          },
          [&d](const std::string& e) { fail(d, tr("Export failed: %s"), e); });
      return "";
    }
    export_site_report_png(path, r, d.scene, rep, d.legend_choropleth());
  } catch (const std::exception& e) {
    return fail(d, tr("Export failed: %s"), e.what());
  }
  d.messages.info(format(tr("Exported the site report to %s"), path));
  return "";
}

void toggle_language(Workspace& d) {
  set_language(language() == Language::Dutch ? Language::English : Language::Dutch);
  d.messages.info(language() == Language::Dutch ? tr("Language: Dutch") : tr("Language: English"));
}

DialogCheck check_dialog(ShellDialog kind, const std::string& path, int width, int height,
                         bool overwrite_confirmed, const std::vector<std::string>& open_files) {
  DialogCheck c;
  std::error_code ec;
  c.error = check_export_path(path);
  if (c.error.empty() && kind != ShellDialog::OpenView) {
    c.arg = input_replaced_by(path, open_files);
    if (!c.arg.empty()) c.error = "This file is open in biodash (%s); choose another file.";
  }
  if (c.error.empty() && kind == ShellDialog::ExportPng &&
      (width < kMinExportPx || height < kMinExportPx || width > kMaxExportPx ||
       height > kMaxExportPx))
    c.error = tr("Width and height must be between 16 and 16384 pixels.");
  if (c.error.empty() && kind == ShellDialog::OpenView && !fs::is_regular_file(path, ec))
    c.error = tr("The file does not exist.");
  if (!c.error.empty()) {
    c.outcome = DialogOutcome::Error;
  } else if (kind != ShellDialog::OpenView && fs::exists(path, ec) && !overwrite_confirmed) {
    c.outcome = DialogOutcome::AskOverwrite;  // never overwrite without asking
  }
  return c;
}

// ---- drawing ----

void open_shell_dialog(Workspace& d, ShellState& s, ShellDialog kind) {
  s.dialog = kind;
  s.dialog_appearing = true;
  s.error.clear();
  s.confirm_overwrite = false;
  if ((kind == ShellDialog::SaveView || kind == ShellDialog::OpenView) &&
      !s.last_view_path.empty()) {
    s.path = s.last_view_path;
  } else {
    // Keep the folder of the last path, change the name to the dialog's default.
    const fs::path dir = fs::path(s.path).parent_path();
    s.path = (dir / default_name(kind)).string();
  }
  if (kind == ShellDialog::ExportPng && s.title.empty()) s.title = automatic_title(d);
}

void draw_menu_bar(Workspace& d, ShellState& s) {
  if (!ImGui::BeginMainMenuBar()) return;
  s.menu_height = ImGui::GetWindowSize().y;
  if (ImGui::BeginMenu(trid("File", "file").c_str())) {
    if (ImGui::MenuItem(trid("Save view…", "save").c_str(), "Ctrl+S"))
      open_shell_dialog(d, s, ShellDialog::SaveView);
    if (ImGui::MenuItem(trid("Open view…", "open").c_str(), "Ctrl+Shift+O"))
      open_shell_dialog(d, s, ShellDialog::OpenView);
    if (ImGui::BeginMenu(trid("Recent views", "recent").c_str())) {
      if (s.recent.empty()) ImGui::TextDisabled("%s", tr("(no recent views)"));
      std::string chosen;
      for (const std::string& p : s.recent) {
        if (ImGui::MenuItem(p.c_str())) chosen = p;
      }
      if (!chosen.empty()) open_view(d, s, chosen);
      if (!s.recent.empty()) {
        ImGui::Separator();
        if (ImGui::MenuItem(trid("Clear recent views", "clear_recent").c_str())) {
          s.recent.clear();
          if (!s.recent_file.empty()) {
            try {
              save_recent(s.recent_file, s.recent);
            } catch (const std::exception& e) {
              d.messages.warn(e.what());
            }
          }
        }
      }
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem(trid("Quit", "quit").c_str(), "Ctrl+Q")) s.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(trid("Export", "export").c_str())) {
    if (ImGui::MenuItem(trid("Map as PNG…", "png").c_str(), "Ctrl+E"))
      open_shell_dialog(d, s, ShellDialog::ExportPng);
    if (ImGui::MenuItem(trid("Table as CSV…", "csv").c_str()))
      open_shell_dialog(d, s, ShellDialog::ExportCsv);
    if (ImGui::MenuItem(trid("Table as GeoPackage…", "gpkg").c_str()))
      open_shell_dialog(d, s, ShellDialog::ExportGpkg);
    if (ImGui::MenuItem(trid("Site report…", "report").c_str()))
      open_shell_dialog(d, s, ShellDialog::SiteReport);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(trid("View", "view").c_str())) {
    if (ImGui::MenuItem(trid("Fit all layers", "fit").c_str(), "Home")) {
      d.view_touched = true;
      d.fit_all();
    }
    if (ImGui::MenuItem(trid("Fullscreen", "fullscreen").c_str(), "F11", s.fullscreen))
      s.toggle_fullscreen = true;
    if (ImGui::MenuItem(trid("Allow network access", "network").c_str(), nullptr,
                        d.network_allowed()))
      d.set_network_allowed(!d.network_allowed());
    if (ImGui::BeginMenu(trid("Language", "language").c_str())) {
      if (ImGui::MenuItem("English", nullptr, language() == Language::English) &&
          language() != Language::English)
        toggle_language(d);
      if (ImGui::MenuItem("Nederlands", "Ctrl+L", language() == Language::Dutch) &&
          language() != Language::Dutch)
        toggle_language(d);
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  // Language toggle, right-aligned: the current language highlighted.
  const float w = ImGui::CalcTextSize("EN | NL").x + 4 * ImGui::GetStyle().FramePadding.x +
                  ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(ImGui::GetWindowWidth() - w - 8);
  const bool nl = language() == Language::Dutch;
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
  for (int k = 0; k < 2; ++k) {
    const bool active = (k == 1) == nl;
    if (k) ImGui::SameLine(0, 0);
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImGui::GetStyleColorVec4(active ? ImGuiCol_Text : ImGuiCol_TextDisabled));
    if (ImGui::SmallButton(k ? "NL##lang_nl" : "EN##lang_en") && !active) toggle_language(d);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Switch language (Ctrl+L)"));
  }
  ImGui::PopStyleColor();
  ImGui::EndMainMenuBar();
}

namespace {

// While a map image is drawn tile by tile: a modal with its progress and Cancel (the modal also
// keeps the panels still, so every tile sees the same scene).
void draw_export_progress(ShellState& s) {
  const char* id = "###map_export_progress";
  if (!s.drawing) {
    if (ImGui::IsPopupOpen(id)) {
      // Closed from outside (done, failed or cancelled): close the popup with it.
      if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
      }
    }
    return;
  }
  const std::string title = std::string(tr("Exporting the map")) + id;
  if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(title.c_str());
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr,
                              ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize))
    return;
  ImGui::TextWrapped("%s", s.drawing_path.c_str());
  const size_t done = s.drawing->tiles_done(), all = std::max<size_t>(s.drawing->tiles(), 1);
  char overlay[96];
  std::snprintf(overlay, sizeof overlay, tr("drawing part %zu of %zu"), std::min(done + 1, all),
                all);
  ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(all), ImVec2(-1, 0), overlay);
  if (ImGui::Button(tr("Cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape)) s.cancel_drawing = true;
  ImGui::EndPopup();
}

}  // namespace

void draw_shell_dialogs(Workspace& d, ShellState& s) {
  draw_export_progress(s);
  if (s.dialog == ShellDialog::None) return;
  const std::string title = std::string(dialog_title(s.dialog)) + "###shell_dialog";
  if (s.dialog_appearing) ImGui::OpenPopup(title.c_str());
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 46, 0), ImGuiCond_Appearing);
  bool open = true;
  if (!ImGui::BeginPopupModal(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings)) {
    if (!s.dialog_appearing) s.dialog = ShellDialog::None;
    return;
  }
  const bool reading = s.dialog == ShellDialog::OpenView;
  ImGui::TextUnformatted(tr("File path"));
  ImGui::SetNextItemWidth(-1);
  if (s.dialog_appearing) ImGui::SetKeyboardFocusHere();
  s.dialog_appearing = false;
  bool go = input_text("##shell_path", s.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::TextDisabled("%s", tr("Paths may be absolute or relative to the working folder."));
  if (s.dialog == ShellDialog::SiteReport)
    ImGui::TextDisabled("%s", tr("A PNG image, or a PDF page when the name ends in .pdf."));
  if (s.dialog == ShellDialog::ExportPng) {
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {2560, 1440}, {3840, 2160}};
    ImGui::TextUnformatted(tr("Size"));
    for (const auto& sz : sizes) {
      ImGui::SameLine();
      char label[32];
      std::snprintf(label, sizeof label, "%d × %d", sz[0], sz[1]);
      if (ImGui::RadioButton(label, s.width == sz[0] && s.height == sz[1])) {
        s.width = sz[0];
        s.height = sz[1];
      }
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt(trid("Width", "w").c_str(), &s.width, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt(trid("Height", "h").c_str(), &s.height, 0);
    ImGui::SetNextItemWidth(-1);
    ImGui::TextUnformatted(tr("Title"));
    ImGui::SetNextItemWidth(-1);
    input_text("##shell_title", s.title);
  }
  if (!s.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.78f, 0.12f, 0.10f, 1.0f));
    ImGui::TextWrapped("%s", s.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  bool close = !open;
  if (s.confirm_overwrite) {
    ImGui::TextWrapped("%s", tr("This file already exists. Overwrite it?"));
    if (ImGui::Button(trid("Overwrite", "overwrite").c_str())) {
      go = true;
    } else {
      go = false;
    }
    ImGui::SameLine();
    if (ImGui::Button(trid("Cancel", "cancel_overwrite").c_str())) s.confirm_overwrite = false;
  } else {
    const char* action = reading                             ? tr("Open")
                         : s.dialog == ShellDialog::SaveView ? tr("Save")
                                                             : tr("Export");
    if (ImGui::Button((std::string(action) + "###shell_go").c_str())) go = true;
    ImGui::SameLine();
    if (ImGui::Button(trid("Cancel", "shell_cancel").c_str()) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      close = true;
  }
  if (go) {
    s.error.clear();
    const DialogCheck c =
        check_dialog(s.dialog, s.path, s.width, s.height, s.confirm_overwrite, d.open_files());
    if (c.outcome == DialogOutcome::Error) {
      s.error = c.arg.empty() ? tr(c.error.c_str()) : fill(tr(c.error.c_str()), {c.arg});
      s.confirm_overwrite = false;
    } else if (c.outcome == DialogOutcome::AskOverwrite) {
      s.confirm_overwrite = true;  // the question shows from the next frame
    } else {
      s.confirm_overwrite = false;
      std::string err;
      if (reading) {
        err = open_view(d, s, s.path);
      } else if (s.dialog == ShellDialog::SaveView) {
        err = save_view(d, s, s.path);
      } else {
        // Exports draw offscreen with GL: the window loop runs them after this frame.
        s.pending.push_back(ShellRequest{s.dialog, s.path, s.width, s.height, s.title});
      }
      if (err.empty())
        close = true;
      else
        s.error = err;
    }
  }
  if (close) {
    s.dialog = ShellDialog::None;
    s.confirm_overwrite = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void handle_shell_shortcuts(Workspace& d, ShellState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  // ImGui 1.86 with the GLFW backend indexes keys by GLFW key code (letters: ASCII capitals).
  constexpr int kKeyF11 = 300;  // GLFW_KEY_F11
  if (ImGui::IsKeyPressed(kKeyF11, false)) s.toggle_fullscreen = true;
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed('S', false) && !io.KeyShift)
    open_shell_dialog(d, s, ShellDialog::SaveView);
  if (ImGui::IsKeyPressed('O', false) && io.KeyShift)
    open_shell_dialog(d, s, ShellDialog::OpenView);
  if (ImGui::IsKeyPressed('E', false)) open_shell_dialog(d, s, ShellDialog::ExportPng);
  if (ImGui::IsKeyPressed('L', false)) toggle_language(d);
  if (ImGui::IsKeyPressed('Q', false)) s.quit = true;
}

void run_pending(Workspace& d, MapRenderer& r, ShellState& s) {
  std::vector<ShellRequest> todo;
  todo.swap(s.pending);
  step_map_export(d, r, s);  // a tile of the map image being drawn, if any
  for (const ShellRequest& q : todo) {
    switch (q.kind) {
      case ShellDialog::ExportPng:
        start_map_export(d, s, q.path, q.width, q.height, q.title);
        break;
      case ShellDialog::ExportCsv:
        export_table(d, q.path, false, true);
        break;
      case ShellDialog::ExportGpkg:
        export_table(d, q.path, true, true);
        break;
      case ShellDialog::SiteReport:
        export_site_report(d, r, q.path, /*background=*/true);
        break;
      default:
        break;
    }
  }
}

const std::vector<Shortcut>& shell_shortcuts() {
  static const std::vector<Shortcut> list = {
      {"Ctrl+O", "Add a layer (focus the path field)"},
      {"Ctrl+S", "Save view…"},
      {"Ctrl+Shift+O", "Open view…"},
      {"Ctrl+E", "Map as PNG…"},
      {"Ctrl+L", "Switch language"},
      {"F11", "Fullscreen"},
      {"Home", "Fit all layers"},
      {"Esc", "Clear the selection"},
      {"Ctrl+Q", "Quit"},
  };
  return list;
}

}  // namespace biodash::ui
