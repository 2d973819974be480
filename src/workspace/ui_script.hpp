#pragma once
// The scripted UI test mode (`biodash --script FILE`): one command per line, run one per frame
// step by the real window through the same Workspace operations the panels use.
//   wait_idle                   until loading and the analysis are done (timeout: error)
//   taxon NAME                  filter to one taxon (any rank or vernacular); "taxon" = all
//   time END_DATE [WINDOW_DAYS] time slider on, window of WINDOW_DAYS (default 365) ending at
//                               END_DATE (ISO date)
//   play on|off                 time slider animation
//   area LAYER_NAME             the thematic map's area layer (name as in the Layers panel)
//   metric KEY                  n_obs, n_species, shannon, ... (biodash aggregate names)
//   select NAME                 select the area with that title (and zoom to it)
//   language nl|en
//   export_png PATH W H         the current map as PNG (legend, title, scale bar)
//   export_csv PATH | export_gpkg PATH   the aggregated table
//   export_report PATH          site report of the selected area
//   save_session PATH | open_session PATH
//   dialog save|open|png|csv|gpkg|report   opens that dialog (for screenshots)
//   screenshot PATH             the window as drawn (after the next frame)
//   dump_state PATH             Workspace::state_text(): each layer with its classes, the legend
//                               and the export's default title (tests read it)
//   quit
// Blank lines and lines starting with '#' are ignored. Arguments are separated by blanks; the
// last argument of taxon/select/area takes the rest of the line (names contain spaces).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace biodash {

enum class ScriptOp {
  WaitIdle,
  Taxon,
  Time,
  Play,
  Area,
  Metric,
  Select,
  Language,
  ExportPng,
  ExportCsv,
  ExportGpkg,
  ExportReport,
  SaveSession,
  OpenSession,
  Screenshot,
  DumpState,
  Dialog,
  Quit
};

struct ScriptCommand {
  ScriptOp op = ScriptOp::Quit;
  int line = 0;               // 1-based line in the script
  std::string text;           // name / path / language / metric key / "on" "off"
  int width = 0, height = 0;  // ExportPng
  int32_t end_day = 0;        // Time: days since 1970-01-01
  int32_t window_days = 365;  // Time
};

// Parses a script; throws Error "ORIGIN:LINE: reason" for an unknown command or
// a bad argument.
std::vector<ScriptCommand> parse_script(std::string_view text, const std::string& origin);
// Reads and parses a script file (Error names the file when it cannot be read).
std::vector<ScriptCommand> load_script(const std::string& path);

}  // namespace biodash
