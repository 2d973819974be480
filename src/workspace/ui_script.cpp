#include "workspace/ui_script.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/error.hpp"
#include "core/input_file.hpp"
#include "core/observations.hpp"
#include "io/occurrence_parse.hpp"

namespace biodash {
namespace {

std::string trim(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r");
  return std::string(s.substr(a, b - a + 1));
}

// Splits off the first blank-separated word of `rest`.
std::string word(std::string& rest) {
  rest = trim(rest);
  const size_t sp = rest.find_first_of(" \t");
  std::string w = rest.substr(0, sp);
  rest = sp == std::string::npos ? "" : trim(rest.substr(sp));
  return w;
}

bool to_int(const std::string& s, long lo, long hi, long& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtol(s.c_str(), &end, 10);
  return end && !*end && out >= lo && out <= hi;
}

}  // namespace

std::vector<ScriptCommand> parse_script(std::string_view text, const std::string& origin) {
  std::vector<ScriptCommand> out;
  std::istringstream in{std::string(text)};
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string rest = trim(raw);
    if (rest.empty() || rest[0] == '#') continue;
    auto bad = [&](const std::string& why) {
      return Error(origin + ":" + std::to_string(line) + ": " + why);
    };
    const std::string cmd = word(rest);
    ScriptCommand c;
    c.line = line;
    auto need_path = [&](ScriptOp op) {
      c.op = op;
      c.text = word(rest);
      if (c.text.empty()) throw bad(cmd + " needs a file path");
      if (!rest.empty()) throw bad(cmd + ": unexpected '" + rest + "' after the path");
    };
    if (cmd == "wait_idle") {
      c.op = ScriptOp::WaitIdle;
    } else if (cmd == "taxon") {
      c.op = ScriptOp::Taxon;
      c.text = rest;  // "" = all taxa
    } else if (cmd == "time") {
      c.op = ScriptOp::Time;
      const std::string date = word(rest);
      uint16_t span = 0;
      if (date.empty() || parse_event_date(date, c.end_day, span) != DateParse::Ok || span != 0)
        throw bad("time needs an end date like 2021-06-30, got '" + date + "'");
      const std::string days = word(rest);
      long n = 365;
      if (!days.empty() && !to_int(days, 1, 100000, n))
        throw bad("time: window must be 1..100000 days, got '" + days + "'");
      c.window_days = static_cast<int32_t>(n);
      if (!rest.empty()) throw bad("time: unexpected '" + rest + "'");
    } else if (cmd == "play") {
      c.op = ScriptOp::Play;
      c.text = word(rest);
      if (c.text != "on" && c.text != "off") throw bad("play needs on or off");
    } else if (cmd == "area" || cmd == "select") {
      c.op = cmd == "area" ? ScriptOp::Area : ScriptOp::Select;
      c.text = rest;
      if (c.text.empty()) throw bad(cmd + " needs a name");
    } else if (cmd == "metric") {
      c.op = ScriptOp::Metric;
      c.text = word(rest);
      if (c.text.empty()) throw bad("metric needs a key such as n_species");
    } else if (cmd == "language") {
      c.op = ScriptOp::Language;
      c.text = word(rest);
      if (c.text != "nl" && c.text != "en")
        throw bad("language needs nl or en, got '" + c.text + "'");
    } else if (cmd == "export_png") {
      c.op = ScriptOp::ExportPng;
      c.text = word(rest);
      long w = 0, h = 0;
      const std::string ws = word(rest), hs = word(rest);
      if (c.text.empty() || !to_int(ws, 16, 16384, w) || !to_int(hs, 16, 16384, h) || !rest.empty())
        throw bad("export_png needs PATH WIDTH HEIGHT (16..16384 pixels)");
      c.width = static_cast<int>(w);
      c.height = static_cast<int>(h);
    } else if (cmd == "export_csv") {
      need_path(ScriptOp::ExportCsv);
    } else if (cmd == "export_gpkg") {
      need_path(ScriptOp::ExportGpkg);
    } else if (cmd == "export_report") {
      need_path(ScriptOp::ExportReport);
    } else if (cmd == "save_session") {
      need_path(ScriptOp::SaveSession);
    } else if (cmd == "open_session") {
      need_path(ScriptOp::OpenSession);
    } else if (cmd == "screenshot") {
      need_path(ScriptOp::Screenshot);
    } else if (cmd == "dump_state") {
      need_path(ScriptOp::DumpState);
    } else if (cmd == "dialog") {
      c.op = ScriptOp::Dialog;
      c.text = word(rest);
      static const char* kinds[] = {"save", "open", "png", "csv", "gpkg", "report"};
      if (std::find(std::begin(kinds), std::end(kinds), c.text) == std::end(kinds))
        throw bad("dialog needs save, open, png, csv, gpkg or report");
    } else if (cmd == "quit") {
      c.op = ScriptOp::Quit;
    } else {
      throw bad("unknown command '" + cmd + "'");
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ScriptCommand> load_script(const std::string& path) {
  return parse_script(read_small_file(path, 4u << 20, "a UI script"), path);
}

}  // namespace biodash
