#include "core/session.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hexgrid.hpp"
#include "core/input_file.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"
#include "core/text.hpp"

namespace biodash {
namespace {

constexpr const char* kMagic = "biodash-session";
constexpr int kVersion = 1;

std::string num(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

const char* quality_key(Quality q) {
  switch (q) {
    case Quality::Research:
      return "research";
    case Quality::NeedsId:
      return "needs_id";
    case Quality::Casual:
      return "casual";
    case Quality::Unknown:
      return "any";
  }
  return "any";
}

// "1,2,3" for the months set; "none" when empty.
std::string months_text(uint16_t months) {
  std::string s;
  for (int m = 0; m < 12; ++m)
    if (months & (1u << m)) s += (s.empty() ? "" : ",") + std::to_string(m + 1);
  return s.empty() ? "none" : s;
}

// ISO date when the ingest's parser reads it back (years 1000..2999), else the day number.
std::string day_text(int32_t day) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  if (y >= 1000 && y <= 2999) return iso_date(day);
  return std::to_string(day);
}

class Writer {
 public:
  void line(const char* key, const std::string& value) {
    if (value.find_first_of("\r\n") != std::string::npos)
      throw Error(std::string("session: ") + key + ": a value cannot hold a line break");
    out_ += key;
    out_ += " = ";
    out_ += value;
    out_ += '\n';
  }
  void line(const char* key, bool v) { line(key, std::string(v ? "true" : "false")); }
  void comment(const std::string& c) { out_ += "# " + c + "\n"; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

struct Reader {
  const std::string& origin;
  size_t line_no = 0;
  std::string key;

  [[noreturn]] void fail(const std::string& why) const {
    // A value is quoted in `why`; a huge line is not echoed in full.
    constexpr size_t kMax = 200;
    const std::string k = key.size() > 64 ? key.substr(0, 64) + "..." : key;
    const std::string w = why.size() > kMax ? utf8_prefix(why, kMax) + "... (" +
                                                  std::to_string(why.size()) + " bytes)"
                                            : why;
    throw Error(origin + ":" + std::to_string(line_no) + ": " + k + ": " + w);
  }
  double real(const std::string& v, double min = -HUGE_VAL) const {
    const char* b = v.c_str();
    char* e = nullptr;
    errno = 0;
    const double d = std::strtod(b, &e);
    if (v.empty() || e == b || *e != '\0' || errno == ERANGE || !std::isfinite(d))
      fail("not a number: '" + v + "'");
    if (d < min) fail("must be at least " + num(min) + ", got '" + v + "'");
    return d;
  }
  uint64_t count(const std::string& v) const {
    if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos)
      fail("not a whole number: '" + v + "'");
    return std::stoull(v);
  }
  int64_t integer(const std::string& v) const {
    const std::string digits = !v.empty() && v[0] == '-' ? v.substr(1) : v;
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      fail("not a whole number: '" + v + "'");
    return std::stoll(v);
  }
  bool boolean(const std::string& v) const {
    if (v == "true" || v == "1" || v == "yes") return true;
    if (v == "false" || v == "0" || v == "no") return false;
    fail("not true/false: '" + v + "'");
  }
  int32_t day(const std::string& v) const {
    if (v.size() == 10 && v[4] == '-' && v[7] == '-') {
      int32_t d = 0;
      uint16_t span = 0;
      if (parse_event_date(v, d, span) != DateParse::Ok || span != 0)
        fail("not a date: '" + v + "'");
      return d;
    }
    const int64_t d = integer(v);
    if (d < INT32_MIN + 1 || d > INT32_MAX) fail("day out of range: '" + v + "'");
    return static_cast<int32_t>(d);
  }
  // A date as the filter keeps it (partial dates allowed, "" = open).
  void date(const std::string& v) const {
    if (v.empty()) return;
    int32_t d = 0;
    uint16_t span = 0;
    if (parse_event_date(v, d, span) != DateParse::Ok)
      fail("not a date: '" + v + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
  }
};

}  // namespace

std::string write_session(const Session& s) {
  Writer w;
  std::string out = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
  w.comment("biodash saved view: `key = value`, the value to the end of the line");
  w.line("language", s.language);
  w.line("map_crs", s.map_crs);
  w.line("center_x", num(s.center_x));
  w.line("center_y", num(s.center_y));
  w.line("units_per_pixel", num(s.units_per_pixel));
  for (const SessionLayer& l : s.layers) {
    w.line("layer", l.spec);  // starts a layer; the layer.* lines below belong to it
    w.line("layer.visible", l.visible);
    w.line("layer.observations", l.observations);
  }
  w.line("area_layer", s.area_layer);
  w.line("hex_size_m", num(s.hex_size_m));
  w.line("observations", s.observations);
  w.line("metric", std::string(metric_key(s.metric)));
  w.line("rarefy_m", std::to_string(s.rarefy_m));
  w.line("style.method", std::string(to_string(s.style.method)));
  w.line("style.classes", std::to_string(s.style.classes));
  w.line("style.palette", std::string(to_string(s.style.palette)));
  w.line("style.zero_class", s.style.zero_class);
  w.line("low_effort_records", std::to_string(s.low_effort_records));
  w.line("coverage", num(s.coverage));
  w.line("min_coverage", num(s.min_coverage));
  w.line("filter.from", s.filter.from);
  w.line("filter.to", s.filter.to);
  w.line("filter.months", months_text(s.filter.months));
  for (const auto& t : s.filter.taxa) w.line("filter.taxon", t);
  for (const auto& g : s.filter.groups) w.line("filter.group", g);
  w.line("filter.min_quality", std::string(quality_key(s.filter.min_quality)));
  w.line("filter.max_uncertainty_m", num(s.filter.max_uncertainty_m));
  for (const auto& o : s.filter.observers) w.line("filter.observer", o);
  w.line("time.enabled", s.time.enabled);
  w.line("time.mode", std::string(to_string(s.time.mode)));
  w.line("time.end_day", day_text(s.time.end_day));
  w.line("time.length_days", std::to_string(s.time.length_days));
  for (int64_t i : s.selection) w.line("selection", std::to_string(i));
  w.line("title", s.title);
  for (int64_t i : s.baci_impact) w.line("baci.impact", std::to_string(i));
  for (int64_t i : s.baci_control) w.line("baci.control", std::to_string(i));
  w.line("baci.date", s.baci_date);
  w.line("basemap", s.basemap.source);
  w.line("basemap.opacity", num(s.basemap.opacity));
  w.line("basemap.greyscale", s.basemap.greyscale);
  w.line("basemap.dim", num(s.basemap.dim));
  return out + w.take();
}

Session read_session(std::string_view text, const std::string& origin) {
  Session s;
  Reader r{origin, 0, {}};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  bool header = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    ++r.line_no;
    r.key.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!is_valid_utf8(line)) {
      throw Error(origin + ":" + std::to_string(r.line_no) + ": not UTF-8 text");
    }
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;  // blank or comment
    if (!header) {
      int version = 0;
      char tail = 0;
      if (std::sscanf(line.c_str(), "biodash-session %d%c", &version, &tail) != 1)
        throw Error(origin + ":" + std::to_string(r.line_no) +
                    ": not a biodash session (the first line must be 'biodash-session 1')");
      if (version != kVersion)
        throw Error(origin + ":" + std::to_string(r.line_no) + ": session version " +
                    std::to_string(version) + " is not supported (this biodash reads version " +
                    std::to_string(kVersion) + ")");
      header = true;
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw Error(origin + ":" + std::to_string(r.line_no) + ": expected 'key = value', got '" +
                  line + "'");
    std::string key = line.substr(0, eq);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    std::string v = line.substr(eq + 1);
    if (!v.empty() && v[0] == ' ') v.erase(0, 1);  // "key = value": the value is verbatim
    r.key = key;
    auto last_layer = [&]() -> SessionLayer& {
      if (s.layers.empty()) r.fail("belongs to a 'layer' line, but none came before");
      return s.layers.back();
    };
    if (key == "language") {
      if (v != "en" && v != "nl") r.fail("expected en or nl, got '" + v + "'");
      s.language = v;
    } else if (key == "map_crs") {
      if (v.empty()) r.fail("empty CRS");
      s.map_crs = v;
    } else if (key == "center_x") {
      s.center_x = r.real(v);
    } else if (key == "center_y") {
      s.center_y = r.real(v);
    } else if (key == "units_per_pixel") {
      s.units_per_pixel = r.real(v, 0);
      // Zoom: 0 (no camera saved), or a micrometre to 100 km per pixel (1e300 would overflow a
      // view).
      if (s.units_per_pixel != 0 && !(s.units_per_pixel >= 1e-6 && s.units_per_pixel <= 1e5))
        r.fail("must be 0 or between 1e-06 and 1e+05 map units per pixel, got '" + v + "'");
    } else if (key == "layer") {
      if (v.empty()) r.fail("empty layer spec");
      s.layers.push_back(SessionLayer{v});
    } else if (key == "layer.visible") {
      last_layer().visible = r.boolean(v);
    } else if (key == "layer.observations") {
      last_layer().observations = r.boolean(v);
    } else if (key == "area_layer") {
      s.area_layer = v;
    } else if (key == "hex_size_m") {
      s.hex_size_m = r.real(v, 0);
      if (s.hex_size_m != 0) {  // 0: no hex grid
        if (const std::string p = hex_size_problem(s.hex_size_m); !p.empty()) r.fail(p);
      }
    } else if (key == "observations") {
      s.observations = v;
    } else if (key == "metric") {
      const auto m = parse_metric(v);
      if (!m) r.fail("unknown metric '" + v + "'");
      s.metric = *m;
    } else if (key == "rarefy_m") {
      s.rarefy_m = r.count(v);
      if (s.rarefy_m > kMaxRarefyDepth)
        r.fail("rarefaction depth above " + std::to_string(kMaxRarefyDepth) + ": '" + v + "'");
      if (s.rarefy_m == 0) r.fail("must be at least 1");
    } else if (key == "style.method") {
      const auto m = parse_break_method(v);
      if (!m) r.fail("expected quantile, equal or natural, got '" + v + "'");
      s.style.method = *m;
    } else if (key == "style.classes") {
      const uint64_t c = r.count(v);
      if (c < 1 || c > 12) r.fail("expected 1 to 12 classes, got '" + v + "'");
      s.style.classes = static_cast<int>(c);
    } else if (key == "style.palette") {
      const auto p = parse_palette(v);
      if (!p) r.fail("expected viridis, cividis, puor or brbg, got '" + v + "'");
      s.style.palette = *p;
    } else if (key == "style.zero_class") {
      s.style.zero_class = r.boolean(v);
    } else if (key == "coverage") {
      s.coverage = r.real(v, 0);
      if (!(s.coverage >= 0.01 && s.coverage <= 0.999))
        r.fail("expected 0.01 to 0.999: '" + v + "'");
    } else if (key == "basemap") {
      s.basemap.source = v;
    } else if (key == "basemap.opacity" || key == "basemap.dim") {
      const double x = r.real(v, 0);
      if (!(x >= 0 && x <= 1)) r.fail("expected 0 to 1: '" + v + "'");
      (key == "basemap.opacity" ? s.basemap.opacity : s.basemap.dim) = static_cast<float>(x);
    } else if (key == "basemap.greyscale") {
      s.basemap.greyscale = r.boolean(v);
    } else if (key == "min_coverage") {
      s.min_coverage = r.real(v, 0);
      if (!(s.min_coverage >= 0 && s.min_coverage < 1)) r.fail("expected 0 to 0.99: '" + v + "'");
    } else if (key == "low_effort_records") {
      s.low_effort_records = r.count(v);
      if (s.low_effort_records > 1000000000) r.fail("above 1e9 records: '" + v + "'");
    } else if (key == "filter.from") {
      r.date(v);
      s.filter.from = v;
    } else if (key == "filter.to") {
      r.date(v);
      s.filter.to = v;
    } else if (key == "filter.months") {
      uint16_t m = 0;
      if (v != "none") {
        size_t b = 0;
        while (b <= v.size()) {
          size_t e = v.find(',', b);
          if (e == std::string::npos) e = v.size();
          const std::string item = v.substr(b, e - b);
          const uint64_t k = r.count(item);
          if (k < 1 || k > 12) r.fail("month " + item + " is not 1..12");
          m |= static_cast<uint16_t>(1u << (k - 1));
          b = e + 1;
        }
      }
      s.filter.months = m;
    } else if (key == "filter.taxon") {
      s.filter.taxa.push_back(v);
    } else if (key == "filter.group") {
      s.filter.groups.push_back(v);
    } else if (key == "filter.min_quality") {
      if (v == "any")
        s.filter.min_quality = Quality::Unknown;
      else if (v == "casual")
        s.filter.min_quality = Quality::Casual;
      else if (v == "needs_id")
        s.filter.min_quality = Quality::NeedsId;
      else if (v == "research")
        s.filter.min_quality = Quality::Research;
      else
        r.fail("expected any, casual, needs_id or research, got '" + v + "'");
    } else if (key == "filter.max_uncertainty_m") {
      s.filter.max_uncertainty_m = static_cast<float>(r.real(v, 0));
    } else if (key == "filter.observer") {
      s.filter.observers.push_back(v);
    } else if (key == "time.enabled") {
      s.time.enabled = r.boolean(v);
    } else if (key == "time.mode") {
      const auto m = parse_time_mode(v);
      if (!m) r.fail("expected window, cumulative or seasonal, got '" + v + "'");
      s.time.mode = *m;
    } else if (key == "time.end_day") {
      s.time.end_day = r.day(v);
    } else if (key == "time.length_days") {
      const uint64_t n = r.count(v);
      if (n < 1 || n > 1000000) r.fail("expected 1 to 1000000 days, got '" + v + "'");
      s.time.length_days = static_cast<int32_t>(n);
    } else if (key == "selection") {
      s.selection.push_back(r.integer(v));
    } else if (key == "title") {
      s.title = v;
    } else if (key == "baci.impact") {
      s.baci_impact.push_back(r.integer(v));
    } else if (key == "baci.control") {
      s.baci_control.push_back(r.integer(v));
    } else if (key == "baci.date") {
      if (!v.empty()) {
        int32_t d = 0;
        uint16_t span = 0;
        if (parse_event_date(v, d, span) != DateParse::Ok) r.fail("not a date: '" + v + "'");
      }
      s.baci_date = v;
    }
    // Unknown keys: written by a newer biodash; ignored.
  }
  if (!header) throw Error(origin + ": empty file, not a biodash session");
  return s;
}

void save_session_file(const std::string& path, const Session& s) {
  write_file_atomically(path, write_session(s));  // temp + fsync + rename (core/atomic_file)
}

Session load_session_file(const std::string& path) {
  // A regular file of at most 16 MiB (no FIFO, no /dev/zero: core/input_file).
  return read_session(read_small_file(path, 16u << 20, "a saved view"), path);
}

ThematicSpec Session::thematic() const {
  ThematicSpec t;
  t.metric = metric;
  t.rarefy_m = rarefy_m;
  t.style = style;
  t.low_effort_records = low_effort_records;
  t.coverage = coverage;
  t.min_coverage = min_coverage;
  t.filter = filter;
  t.time = time;
  t.baci_impact = baci_impact;
  t.baci_control = baci_control;
  int y = 0;
  unsigned m = 0, d = 0;
  if (!baci_date.empty() && std::sscanf(baci_date.c_str(), "%d-%u-%u", &y, &m, &d) == 3)
    t.baci_date = days_from_civil(y, m, d);
  return t;
}

}  // namespace biodash
