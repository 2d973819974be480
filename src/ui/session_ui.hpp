#pragma once
// The dashboard shell around the panels: File/Export/View menu bar with the language toggle,
// session save/open with a recent-files list, the export dialogs (a path field, no native dialogs;
// an existing file is only overwritten after confirmation), and the operations behind them, which
// the scripted test mode (`biodash --script`) calls too. Errors go to the Messages panel and are
// returned as text.
#include <memory>
#include <string>
#include <vector>

#include "render/map_renderer.hpp"
#include "ui/export.hpp"
#include "workspace/workspace.hpp"

namespace biodash::ui {

// ---- recent session files ----
inline constexpr size_t kMaxRecent = 10;
// $XDG_CONFIG_HOME/biodash/recent.txt, else $HOME/.config/biodash/recent.txt ("" without both).
std::string recent_file_path();
// One path per line, newest first; a missing file is an empty list, a file that cannot be read
// throws Error naming it.
std::vector<std::string> load_recent(const std::string& file);
// Writes the list atomically (temp file + rename), creating the folder. Throws Error.
void save_recent(const std::string& file, const std::vector<std::string>& list);
// Puts `path` first (absolute, once) and keeps at most kMaxRecent entries.
void add_recent(std::vector<std::string>& list, const std::string& path);

// ---- shell state ----
enum class ShellDialog { None, SaveView, OpenView, ExportPng, ExportCsv, ExportGpkg, SiteReport };

// A file operation waiting for the GL thread outside the ImGui frame (exports draw offscreen).
struct ShellRequest {
  ShellDialog kind = ShellDialog::None;
  std::string path;
  int width = 0, height = 0;  // ExportPng
  std::string title;          // ExportPng ("" = automatic)
};

struct ShellState {
  ShellDialog dialog = ShellDialog::None;  // dialog shown
  bool dialog_appearing = false;           // focus the path field next frame
  std::string path;                        // dialog's path field
  std::string title;                       // ExportPng title field
  int width = 1920, height = 1080;         // ExportPng size
  std::string error;                       // shown in the dialog (already translated)
  bool confirm_overwrite = false;          // "already exists" question showing
  std::vector<std::string> recent;         // recent session files, newest first
  std::string recent_file;                 // where they are kept ("" = nowhere)
  std::string last_view_path;              // last saved/opened view (Ctrl+S default)
  std::vector<ShellRequest> pending;       // run by run_pending() on the GL thread
  bool fullscreen = false;                 // F11 state (the window loop applies it)
  bool toggle_fullscreen = false;          // set by the menu/F11, cleared by the window loop
  bool quit = false;                       // File > Quit
  float menu_height = 0;                   // height of the menu bar last frame
  // Map image being drawn, one tile per frame (run_pending); then a worker writes the PNG.
  // Meanwhile the window loop holds the dashboard's updates and the map input, and a modal
  // progress dialog (with Cancel) keeps the panels still: the tiles must see one scene.
  std::unique_ptr<TiledMapImage> drawing;
  std::string drawing_path;           // where it goes
  std::vector<PngText> drawing_text;  // its PNG metadata (title, legend), as drawn
  bool cancel_drawing = false;        // the progress dialog's Cancel: dropped at the next step
};

// Loads the recent list (errors become a warning in the Messages panel).
void init_shell(Workspace& d, ShellState& s);

// ---- operations (GUI thread; the exports need the GL context current) ----
// Each returns "" on success, else the reason (also logged to d.messages as an error).
std::string save_view(Workspace& d, ShellState& s, const std::string& path);
std::string open_view(Workspace& d, ShellState& s, const std::string& path);
// The map image as PNG: starts s.drawing (a TiledMapImage of the current view) that run_pending()
// advances one tile per frame; when complete a worker job encodes and writes the PNG (a 4K PNG
// takes longer to compress than to draw). "" or the reason it cannot start (also logged).
std::string start_map_export(Workspace& d, ShellState& s, const std::string& path, int w, int h,
                             const std::string& title);
// The table: metrics computed and written on a worker when `background` (the result is reported in
// the Messages panel), else now (the script mode).
std::string export_table(Workspace& d, const std::string& path, bool gpkg, bool background = false);
// The report page is drawn now; with `background` it is written (PNG or PDF) by a worker job.
std::string export_site_report(Workspace& d, MapRenderer& r, const std::string& path,
                               bool background = false);
// English <-> Dutch (Ctrl+L).
void toggle_language(Workspace& d);
// The automatic map title: metric and filter of the thematic map ("" when there is none).
std::string automatic_title(const Workspace& d);
// What a map export of the current view draws besides the layers: the visible map, `title`
// (automatic_title() when empty), the attribution and the legend.
MapImageOptions map_image_options(const Workspace& d, int w, int h, const std::string& title);

// What the dialog's OK button leads to: an error to show, the overwrite question (the file exists
// and the user has not confirmed), or running the operation.
enum class DialogOutcome { Error, AskOverwrite, Run };
struct DialogCheck {
  DialogOutcome outcome = DialogOutcome::Run;
  std::string error;  // English (tr() it), for Error; a "%s" in it is `arg`
  std::string arg;    // the file named by the error ("" none)
};
// `open_files`: what the window has open, which an export or a saved view must not replace.
DialogCheck check_dialog(ShellDialog kind, const std::string& path, int width, int height,
                         bool overwrite_confirmed, const std::vector<std::string>& open_files = {});

// ---- drawing (inside the ImGui frame) ----
// Height the menu bar takes at the top of the window: compute_layout() and free_map_rect()
// (theme.cpp) start below it. Set by the window loop each frame (0 = no menu bar).
void set_top_reserved(float px);
float top_reserved();
// Main menu bar (File, Export, View, language toggle right-aligned); sets s.menu_height.
void draw_menu_bar(Workspace& d, ShellState& s);
// The open dialog, if any.
void draw_shell_dialogs(Workspace& d, ShellState& s);
// Shortcuts: Ctrl+S save view, Ctrl+Shift+O open view, Ctrl+L language, Ctrl+E export map, F11
// fullscreen.
void handle_shell_shortcuts(Workspace& d, ShellState& s);
// Opens a dialog (menus, shortcuts).
void open_shell_dialog(Workspace& d, ShellState& s, ShellDialog kind);
// Runs the requests the dialogs queued (GL thread, outside the ImGui frame).
void run_pending(Workspace& d, MapRenderer& r, ShellState& s);

// The keyboard shortcuts, for the Selection panel's help: (keys, English description).
struct Shortcut {
  const char* keys;
  const char* what;
};
const std::vector<Shortcut>& shell_shortcuts();

}  // namespace biodash::ui
