#include "kiosk/kiosk_tour.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/input_file.hpp"
#include "core/session.hpp"

namespace biodash::kiosk {

namespace fs = std::filesystem;

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& v, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(v);
  std::string item;
  while (std::getline(ss, item, sep)) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

struct Ctx {
  std::string name;  // file name for messages
  int line = 0;      // current line
  [[noreturn]] void fail(const std::string& msg) const {
    throw TourError(name + ":" + std::to_string(line) + ": " + msg);
  }
  double number(const std::string& key, const std::string& v, double lo, double hi) const {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || end == nullptr || *end != '\0' || !std::isfinite(d) || d < lo || d > hi) {
      fail(key + " wants a number between " + std::to_string(lo) + " and " + std::to_string(hi) +
           ", got '" + v + "'");
    }
    return d;
  }
  std::vector<double> numbers(const std::string& key, const std::string& v, size_t n) const {
    std::vector<double> out;
    for (const std::string& p : split(v, ',')) out.push_back(number(key, p, -1e9, 1e9));
    if (out.size() != n) fail(key + " wants " + std::to_string(n) + " comma-separated numbers");
    return out;
  }
};

std::string resolve(const std::string& base_dir, const std::string& p) {
  if (p.empty() || p[0] == '@' || fs::path(p).is_absolute()) return p;
  return (fs::path(base_dir) / p).lexically_normal().string();
}

void parse_camera(const Ctx& c, const std::string& v, CameraSpec& cam) {
  std::istringstream is(v);
  std::string kind;
  is >> kind;
  std::string rest;
  std::getline(is, rest);
  rest = trim(rest);
  kind = lower(kind);
  if (kind == "fit") {
    cam.kind = CameraSpec::Kind::Fit;
    cam.fit_layers = split(rest, ',');
  } else if (kind == "extent") {
    const auto n = c.numbers("camera extent", rest, 4);
    if (!(n[2] > n[0]) || !(n[3] > n[1])) c.fail("camera extent wants MINX,MINY,MAXX,MAXY");
    cam.kind = CameraSpec::Kind::Extent;
    cam.extent = Envelope();
    cam.extent.expand(n[0], n[1]);
    cam.extent.expand(n[2], n[3]);
  } else if (kind == "centre" || kind == "center") {
    const size_t w = lower(rest).find("width");
    if (w == std::string::npos) c.fail("camera centre wants 'centre X,Y width METRES'");
    const auto n = c.numbers("camera centre", trim(rest.substr(0, w)), 2);
    cam.kind = CameraSpec::Kind::Centre;
    cam.cx = n[0];
    cam.cy = n[1];
    cam.width_m = c.number("camera width", trim(rest.substr(w + 5)), 10, 1e6);
  } else {
    c.fail(
        "camera wants 'fit LAYER[,LAYER]', 'extent MINX,MINY,MAXX,MAXY' or "
        "'centre X,Y width METRES', got '" +
        v + "'");
  }
}

// "2021 .. 2025 step 1 cumulative"
void parse_time(const Ctx& c, const std::string& v, TimeSpec& t) {
  std::istringstream is(v);
  std::string a, dots, b;
  is >> a >> dots >> b;
  if (dots != "..") c.fail("time wants 'FROM .. TO [step N] [cumulative|window]', got '" + v + "'");
  t.enabled = true;
  t.from_year = static_cast<int>(c.number("time from", a, 1800, 2200));
  t.to_year = static_cast<int>(c.number("time to", b, 1800, 2200));
  if (t.to_year < t.from_year) c.fail("time: TO is before FROM");
  std::string w;
  while (is >> w) {
    w = lower(w);
    if (w == "step") {
      std::string n;
      is >> n;
      t.step_years = static_cast<int>(c.number("time step", n, 1, 100));
    } else if (w == "cumulative") {
      t.cumulative = true;
    } else if (w == "window") {
      t.cumulative = false;
    } else {
      c.fail("time: unknown word '" + w + "' (step N, cumulative, window)");
    }
  }
}

}  // namespace

KeyChord parse_chord(const std::string& s) {
  KeyChord k;
  for (const std::string& part : split(lower(s), '+')) {
    if (part == "ctrl" || part == "control") {
      k.ctrl = true;
    } else if (part == "shift") {
      k.shift = true;
    } else if (part == "alt") {
      k.alt = true;
    } else if (k.key.empty()) {
      const bool letter = part.size() == 1 && std::isalnum(static_cast<unsigned char>(part[0]));
      const bool fkey = part.size() >= 2 && part[0] == 'f' && std::atoi(part.c_str() + 1) >= 1 &&
                        std::atoi(part.c_str() + 1) <= 12;
      if (!letter && !fkey && part != "escape")
        throw TourError("quit chord: unknown key '" + part + "'");
      k.key = part;
    } else {
      throw TourError("quit chord: more than one key in '" + s + "'");
    }
  }
  if (k.key.empty()) throw TourError("quit chord: no key in '" + s + "'");
  if (!k.ctrl && !k.alt && k.key.size() == 1) {
    throw TourError("quit chord '" + s + "': a plain letter is too easy to press; add ctrl or alt");
  }
  return k;
}

Tour parse_tour(const std::string& text, const std::string& name, const std::string& base_dir) {
  Tour tour;
  tour.base_dir = base_dir;
  Ctx c{name};
  enum class Section { None, Tour, Scene } section = Section::None;
  std::istringstream is(text);
  std::string raw;
  while (std::getline(is, raw)) {
    ++c.line;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      const std::string s = lower(line);
      if (s == "[tour]") {
        section = Section::Tour;
      } else if (s == "[scene]") {
        section = Section::Scene;
        tour.scenes.emplace_back();
        tour.scenes.back().line = c.line;
      } else {
        c.fail("unknown section " + line + " (use [tour] or [scene])");
      }
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos) c.fail("expected 'key = value', got '" + line + "'");
    const std::string key = lower(trim(line.substr(0, eq)));
    const std::string v = trim(line.substr(eq + 1));
    if (section == Section::None) c.fail("'" + key + "' before any [tour] or [scene]");
    if (section == Section::Tour) {
      if (key == "data") {
        tour.data = resolve(base_dir, v);
      } else if (key == "idle_seconds") {
        tour.idle_s = c.number(key, v, 1, 3600);
      } else if (key == "transition_seconds") {
        tour.transition_s = c.number(key, v, 0.1, 60);
      } else if (key == "quit_chord") {
        try {
          parse_chord(v);
        } catch (const TourError& e) {
          c.fail(e.what());
        }
        tour.quit_chord = v;
      } else if (key == "sensitive_taxa") {
        tour.sensitive_taxa = resolve(base_dir, v);
      } else if (key == "sensitive_cell_m") {
        tour.sensitive_cell_m = c.number(key, v, 250, 20000);
      } else {
        c.fail("unknown [tour] key '" + key + "'");
      }
      continue;
    }
    SceneSpec& s = tour.scenes.back();
    if (key == "duration") {
      s.duration_s = c.number(key, v, 1, 3600);
    } else if (key == "layers") {
      s.layers.clear();
      for (const std::string& l : split(v, ',')) {
        s.layers.push_back(l.find('/') != std::string::npos || l.find('.') != std::string::npos
                               ? resolve(base_dir, l)
                               : l);
      }
    } else if (key == "camera") {
      parse_camera(c, v, s.camera);
    } else if (key == "time") {
      parse_time(c, v, s.time);
    } else if (key == "choropleth") {
      const auto words = split(v, ' ');
      if (words.empty() || words.size() > 2) c.fail("choropleth wants 'LAYER [species|records]'");
      s.choropleth_layer = words[0];
      s.choropleth_hex_m = 0;
      if (words.size() == 2) {
        const std::string m = lower(words[1]);
        const std::optional<Metric> metric = m == "species"   ? Metric::Species
                                             : m == "records" ? Metric::Records
                                                              : parse_metric(m);
        if (!metric || *metric == Metric::BaciContrast)
          c.fail(
              "choropleth metric must be 'species', 'records' or a metric key (n_observers, "
              "shannon, ...); a BACI map comes from a saved view (view = FILE)");
        s.thematic.metric = *metric;
      }
    } else if (key == "view") {
      // The thematic map of a view saved in the window (File > Save view): its metric,
      // filter, time window, classes, palette and areas.
      const std::string path = resolve(base_dir, v);
      Session view;
      try {
        view = load_session_file(path);
      } catch (const std::exception& e) {
        c.fail(e.what());
      }
      s.view = path;
      s.thematic = view.thematic();
      if (view.hex_size_m > 0) {
        s.choropleth_layer = "@hex";
        s.choropleth_hex_m = view.hex_size_m;
      } else if (!view.area_layer.empty()) {
        // FILE[:LAYER] relative to the view's folder, as the window and `biodash render` read it.
        const std::string dir = fs::path(path).parent_path().string();
        const size_t colon = view.area_layer.rfind(':');
        const bool has_layer =
            colon != std::string::npos && colon > 0 && !fs::exists(resolve(dir, view.area_layer));
        s.choropleth_layer = has_layer ? resolve(dir, view.area_layer.substr(0, colon)) +
                                             view.area_layer.substr(colon)
                                       : resolve(dir, view.area_layer);
      } else {
        c.fail("view " + v + " has no area layer and no hex grid");
      }
    } else if (key == "title_nl") {
      s.title_nl = v;
    } else if (key == "title_en") {
      s.title_en = v;
    } else if (key == "caption_nl") {
      s.caption_nl = v;
    } else if (key == "caption_en") {
      s.caption_en = v;
    } else {
      c.fail("unknown [scene] key '" + key + "'");
    }
  }
  if (tour.scenes.empty()) throw TourError(name + ": no [scene] in the tour");
  for (const SceneSpec& s : tour.scenes) {
    if (s.layers.empty()) {
      throw TourError(name + ":" + std::to_string(s.line) + ": scene without 'layers ='");
    }
  }
  return tour;
}

Tour load_tour(const std::string& path) {
  std::string text;
  try {  // a regular file of at most 4 MiB (no FIFO, no /dev/zero: core/input_file)
    text = read_small_file(path, 4u << 20, "a kiosk tour");
  } catch (const Error& e) {
    throw TourError(std::string(e.what()) + " (cannot read the tour file)");
  }
  Tour t = parse_tour(text, path, fs::path(path).parent_path().string());
  t.path = path;
  return t;
}

std::vector<std::string> load_name_list(const std::string& path) {
  std::istringstream f(read_small_file(path, 4u << 20, "a name list"));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(f, line)) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

Tour fallback_tour(const std::string& problem) {
  Tour t;
  t.problem = problem.empty() ? "the tour could not be read" : problem;
  t.scenes.emplace_back();
  return t;
}

}  // namespace biodash::kiosk
