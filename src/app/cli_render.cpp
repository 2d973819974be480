// `biodash render`: draws layers (and optionally a points-per-polygon choropleth) headlessly
// with EGL and writes a PNG. Same Scene/MapRenderer/overlay code as the GUI.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/aggregate.hpp"
#include "core/choropleth.hpp"
#include "core/crs.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/output_guard.hpp"
#include "core/session.hpp"
#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"
#include "render/demo_style.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "ui/map_labels.hpp"
#include "ui/offscreen_imgui.hpp"
#include "ui/overlay.hpp"
#include "workspace/basemap_loader.hpp"
#include "workspace/workspace.hpp"

namespace biodash::app {

namespace {

constexpr const char* kUsage =
    "usage: biodash render [FILE[:LAYER]...] --out shot.png [--size WxH] [--map-crs EPSG:CODE]\n"
    "                      [--src-crs EPSG:CODE] [--choropleth POLY:POINTS]\n"
    "                      [--fit NAME[,NAME...]] [--extent MINX,MINY,MAXX,MAXY]\n"
    "                      [--hide NAME[,NAME...]] [--title TEXT] [--attribution TEXT]\n"
    "                      [--basemap FILE|preset:NAME] [--basemap-opacity A]\n"
    "                      [--basemap-lighten D] [--basemap-greyscale] [--no-labels]\n"
    "       biodash render --session VIEW.biodash --out shot.png [--size WxH] [--title TEXT]\n"
    "  Draws the layers (no files: the Leiden demo, styled as in the dashboard) without any\n"
    "  display and writes a PNG. NAME is a layer's name or its layer name inside the file\n"
    "  (e.g. biodiversity_sites); the loaded layers are listed on stderr with their indices.\n"
    "  --size        image size in pixels (default 1600x900)\n"
    "  --map-crs     CRS of the map (default EPSG:28992, RD New)\n"
    "  --src-crs     CRS assumed for data that declares none\n"
    "  --choropleth  colour polygon layer POLY by the number of points of layer POINTS inside\n"
    "                each polygon; each a NAME or an index (from 0 in load order), e.g. 0:1 or\n"
    "                biodiversity_sites:citizen_observations (demo default)\n"
    "  --fit         show these layers' extent (default: all layers; the demo: Leiden)\n"
    "  --extent      show this rectangle of the map CRS exactly (overrides --fit); the extent\n"
    "                drawn is printed as 'view:' on stderr\n"
    "  --hide        do not draw these layers (they can still be counted and fitted)\n"
    "  --title       text drawn top-centre\n"
    "  --attribution text shown bottom-left (default: data sources)\n"
    "  --basemap     a raster drawn under the layers, reprojected into the map CRS: a\n"
    "                GeoTIFF/COG, MBTiles, GeoPackage tiles or GDAL WMS/WMTS description file,\n"
    "                or preset:pdok-brt, preset:pdok-brt-grey, preset:pdok-aerial, preset:osm\n"
    "                (online: only with --allow-network); its attribution is added. A session's\n"
    "                basemap is drawn unless --basemap none\n"
    "  --basemap-opacity 0..1 (default 1); --basemap-lighten 0..1: white mixed in (default 0);\n"
    "  --basemap-greyscale\n"
    "  --no-labels   no names on the map (by default polygon layers with a name field, e.g.\n"
    "                CBS statnaam, are labelled where there is room)\n"
    "  --session     draw a saved view (File > Save view): its layers (paths relative to the\n"
    "                session file), its thematic map (metric of the observations per area or\n"
    "                hex cell under its filter and time window, its classes and palette, low\n"
    "                effort hatched), its camera and title; the legend shows the filter\n";

struct Args {
  std::vector<std::string> specs;          // FILE[:LAYER] as given
  std::string out;                         // PNG path
  int width = 1600;                        // image width in pixels
  int height = 900;                        // image height in pixels
  std::string map_crs = kDefaultMapCrs;    // map CRS
  std::string src_crs;                     // fallback source CRS ("" none)
  std::string choropleth;                  // --choropleth POLY:POINTS as given ("" none)
  std::vector<std::string> fit;            // --fit layer names
  std::optional<Envelope> extent;          // --extent in map CRS
  std::vector<std::string> hide;           // --hide layer names
  std::string title;                       // --title ("" none)
  std::string attribution;                 // "" = automatic
  std::string session;                     // --session FILE ("" none)
  std::optional<BasemapSettings> basemap;  // --basemap and its style ("none": no basemap)
  bool help = false;                       // --help given
  bool allow_network = false;              // --allow-network: files may fetch remote data
  bool no_labels = false;                  // --no-labels: no names on the map
};

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    const size_t comma = v.find(',', start);
    std::string item =
        v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Parses argv (argv[0] == "render"); throws Error with a user-facing message.
Args parse_args(int argc, char** argv) {
  Args a;
  std::string size, choropleth, extent, error, basemap, basemap_opacity, basemap_dim;
  bool basemap_grey = false;
  std::vector<std::string> fit, hide;
  ArgParser args;
  args.value({"--out", "-o"}, &a.out)
      .value({"--size"}, &size)
      .value({"--map-crs"}, &a.map_crs)
      .value({"--src-crs"}, &a.src_crs)
      .value({"--choropleth"}, &a.choropleth)
      .list({"--fit"}, &fit)
      .list({"--hide"}, &hide)
      .value({"--extent"}, &extent)
      .value({"--title"}, &a.title)
      .value({"--attribution"}, &a.attribution)
      .value({"--session"}, &a.session)
      .flag({"--allow-network"}, &a.allow_network)
      .value({"--basemap"}, &basemap)
      .value({"--basemap-opacity"}, &basemap_opacity)
      .value({"--basemap-lighten"}, &basemap_dim)
      .flag({"--basemap-greyscale"}, &basemap_grey)
      .flag({"--no-labels"}, &a.no_labels)
      .positionals(&a.specs);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      a.help = true;
      return a;
    case ArgsResult::Error:
      throw Error(error);
    case ArgsResult::Ok:
      break;
  }
  if (!size.empty()) parse_size("--size", size, 16, 8192, a.width, a.height);
  if (!basemap.empty()) {
    BasemapSettings b;
    b.source = basemap == "none" ? "" : basemap;
    if (!basemap_opacity.empty())
      b.opacity = static_cast<float>(parse_decimal("--basemap-opacity", basemap_opacity, 0, 1));
    if (!basemap_dim.empty())
      b.dim = static_cast<float>(parse_decimal("--basemap-lighten", basemap_dim, 0, 1));
    b.greyscale = basemap_grey;
    if (b.source.rfind("preset:", 0) == 0 && !find_basemap_preset(b.source)) {
      std::string names;
      for (const BasemapPreset& p : basemap_presets()) names += " preset:" + p.name;
      throw Error("--basemap: no preset " + b.source + " (known:" + names + ")");
    }
    a.basemap = b;
  } else if (!basemap_opacity.empty() || !basemap_dim.empty() || basemap_grey) {
    throw Error("--basemap-opacity, --basemap-lighten and --basemap-greyscale need --basemap");
  }
  if (!a.choropleth.empty() && a.choropleth.find(':') == std::string::npos) {
    throw Error("--choropleth wants POLY:POINTS (names or indices, e.g. 0:1), got '" +
                a.choropleth + "'");
  }
  for (const std::string& v : fit) {
    const std::vector<std::string> names = split_list(v);
    if (names.empty()) throw Error("--fit needs a layer name");
    a.fit.insert(a.fit.end(), names.begin(), names.end());
  }
  for (const std::string& v : hide)
    for (auto& n : split_list(v)) a.hide.push_back(n);
  if (!extent.empty()) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    char tail = 0;
    if (std::sscanf(extent.c_str(), "%lf,%lf,%lf,%lf%c", &x0, &y0, &x1, &y1, &tail) != 4 ||
        !std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1) ||
        !(x1 > x0) || !(y1 > y0)) {
      throw Error("--extent wants MINX,MINY,MAXX,MAXY with MINX < MAXX and MINY < MAXY, got '" +
                  extent + "'");
    }
    Envelope e;
    e.expand(x0, y0);
    e.expand(x1, y1);
    a.extent = e;
  }
  return a;
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Layers (indices in load order) whose name or OGR layer name is `name` (case-insensitive), or
// the layer with that index.
std::vector<size_t> find_layers(const std::vector<std::shared_ptr<const Layer>>& layers,
                                const std::string& name) {
  std::vector<size_t> out;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (iequals(layers[i]->name, name) || iequals(layers[i]->source_layer, name)) out.push_back(i);
  }
  if (out.empty() && !name.empty() &&
      std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(c); })) {
    const unsigned long i = std::strtoul(name.c_str(), nullptr, 10);
    if (i < layers.size()) out.push_back(i);
  }
  return out;
}

std::string layer_names(const std::vector<std::shared_ptr<const Layer>>& layers) {
  std::string s;
  for (size_t i = 0; i < layers.size(); ++i) {
    s += (i ? ", " : "") + std::to_string(i) + " '" + layers[i]->name + "'";
    if (!layers[i]->source_layer.empty() && layers[i]->source_layer != layers[i]->name)
      s += " (" + layers[i]->source_layer + ")";
  }
  return s;
}

// The one layer `name` (for --choropleth); throws naming the loaded layers otherwise.
size_t one_layer(const std::vector<std::shared_ptr<const Layer>>& layers, const std::string& name,
                 const char* opt) {
  const std::vector<size_t> found = find_layers(layers, name);
  if (found.empty()) {
    throw Error(std::string(opt) + ": no layer '" + name + "' (loaded: " + layer_names(layers) +
                ")");
  }
  return found.front();
}

// Resolves --choropleth POLY:POINTS; a name may itself hold ':' ("file:layer"), so every ':'
// is tried as the separator.
std::pair<size_t, size_t> choropleth_layers(const std::vector<std::shared_ptr<const Layer>>& layers,
                                            const std::string& spec) {
  for (size_t c = spec.find(':'); c != std::string::npos; c = spec.find(':', c + 1)) {
    const auto p = find_layers(layers, spec.substr(0, c));
    const auto q = find_layers(layers, spec.substr(c + 1));
    if (!p.empty() && !q.empty()) return {p.front(), q.front()};
  }
  const size_t c = spec.find(':');
  one_layer(layers, spec.substr(0, c), "--choropleth");
  one_layer(layers, spec.substr(c + 1), "--choropleth");
  throw Error("--choropleth: cannot read '" + spec + "' as POLY:POINTS");
}

bool is_polygonal(GeomKind k) {
  return k == GeomKind::Polygon || k == GeomKind::Mixed;
}

// A polygon layer drawn as outlines only (no visible fill).
bool polygonal_fill_invisible(const SceneLayer& sl) {
  return sl.layer->kind == GeomKind::Polygon && sl.style.fill.a * sl.style.opacity < 0.02f;
}

Choropleth points_per_polygon(const Layer& polys, const Layer& points) {
  std::vector<double> x, y;
  size_t skipped = 0;
  point_coordinates(points, x, y, skipped);
  std::vector<const GEOSGeometry*> g;
  g.reserve(polys.geoms.size());
  for (const GeomPtr& p : polys.geoms) g.push_back(p.get());
  const std::vector<uint64_t> counts = count_points_in_polygons(g, x.data(), y.data(), x.size());
  std::vector<double> values(counts.begin(), counts.end());
  std::string title = points.name, unit = "records per polygon";
  demo_count_legend(polys, points, title, unit);
  return make_choropleth(values, title, unit);
}

double area(const Envelope& e) {
  return e.empty() ? 0.0 : e.width() * e.height();
}

bool intersects(const Envelope& a, const Envelope& b) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy &&
         b.miny <= a.maxy;
}

// Whether some feature of the layer lies (by its envelope) in the view.
bool in_view(const Layer& l, const Envelope& view) {
  if (!intersects(l.bounds, view)) return false;
  for (const GeomPtr& g : l.geoms) {
    if (intersects(envelope_of(g.get()), view)) return true;
  }
  return false;
}

// Key rows, topmost layer first: one per visible layer with something in the view, plus one
// per category.
std::vector<ui::LayerKeyEntry> layer_key(const Scene& scene, const Envelope& view) {
  std::vector<ui::LayerKeyEntry> key;
  for (size_t k = scene.layers.size(); k-- > 0;) {
    const SceneLayer& sl = scene.layers[k];
    if (!sl.style.visible || !in_view(*sl.layer, view)) continue;
    const Layer& l = *sl.layer;
    ui::LayerKeyEntry e{l.name, l.kind, l.kind == GeomKind::Point ? sl.style.point : sl.style.fill,
                        sl.style.stroke};
    if (l.kind == GeomKind::Mixed) e.fill = sl.style.point;
    if (l.kind == GeomKind::Point) {
      e.fill.a = std::max(e.fill.a, 0.85f);  // faint points still need a visible swatch
      e.stroke = e.fill;
    }
    const bool choro = sl.choropleth && sl.style.use_feature_colors;
    if (choro) e.fill = viridis(0.6);
    if (!choro && sl.categories && sl.style.use_feature_colors) e.fill.a = 0;  // rows below
    if (polygonal_fill_invisible(sl) && !choro) e.kind = GeomKind::Line;       // outlines only
    key.push_back(e);
    if (!choro && sl.categories && sl.style.use_feature_colors) {
      for (size_t c = 0; c < sl.categories->labels.size(); ++c) {
        ui::LayerKeyEntry ce{sl.categories->labels[c], GeomKind::Polygon, sl.categories->colors[c],
                             sl.style.stroke};
        ce.sub = true;
        key.push_back(ce);
      }
    }
  }
  return key;
}

// Drives a headless Workspace (the window's model) until nothing is loading or computing
// over three consecutive updates: the same loading, placement, assignment and thematic recipe
// as the window, on its worker threads.
void settle(Workspace& ws) {
  const auto t0 = std::chrono::steady_clock::now();
  int idle = 0;
  while (idle < 3) {
    ws.update();
    idle = ws.idle() ? idle + 1 : 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (std::chrono::steady_clock::now() - t0 > std::chrono::minutes(10))
      throw Error("--session: loading and computing did not finish within 10 minutes");
  }
}

int render(const Args& args) {
  set_network_allowed(args.allow_network);
  if (!crs_valid(args.map_crs)) throw Error("--map-crs: PROJ does not know '" + args.map_crs + "'");
  if (!args.src_crs.empty() && !crs_valid(args.src_crs)) {
    throw Error("--src-crs: PROJ does not know '" + args.src_crs + "'");
  }
  {
    // Fail before the (slow) rendering when the PNG cannot be written there.
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::absolute(args.out, ec).parent_path();
    if (ec || !std::filesystem::is_directory(dir, ec)) {
      throw Error("--out " + args.out + ": directory " + dir.string() + " does not exist");
    }
  }
  std::vector<std::string> specs = args.specs;
  std::string map_crs = args.map_crs;
  std::optional<Session> session;
  std::filesystem::path session_dir;  // relative specs of the session are taken from here
  if (!args.session.empty()) {
    if (!specs.empty() || !args.choropleth.empty()) {
      throw Error("--session: give either a session or layer files/--choropleth, not both");
    }
    session = load_session_file(args.session);
    std::error_code ec;
    session_dir = std::filesystem::absolute(args.session, ec).parent_path();
    if (session->area_layer.empty() && !(session->hex_size_m > 0)) {
      throw Error("--session " + args.session +
                  ": no area_layer and no hex_size_m: nothing to map");
    }
    bool observations = !session->observations.empty();
    for (const SessionLayer& l : session->layers) observations |= l.observations;
    if (!observations) {
      throw Error("--session " + args.session +
                  ": no observations (set 'observations' or mark a layer 'layer.observations')");
    }
    map_crs = session->map_crs;
    if (!crs_valid(map_crs))
      throw Error("--session: map_crs: PROJ does not know '" + map_crs + "'");
  }
  {
    // The PNG must not replace a file it draws (or the view it draws).
    std::vector<std::string> inputs = specs;
    if (session) {
      inputs.push_back(args.session);
      for (const SessionLayer& l : session->layers) {
        const std::filesystem::path p(l.spec);
        inputs.push_back(p.is_absolute() ? l.spec : (session_dir / p).string());
      }
    }
    refuse_output_onto_input(args.out, inputs);
  }
  const bool demo = specs.empty() && !session;
  if (demo) {
    for (const char* const* f = demo_files(); f != nullptr && *f != nullptr; ++f) {
      specs.emplace_back(*f);
    }
    if (specs.empty()) throw Error("no files given and no demo files found");
  }

  std::vector<std::shared_ptr<const Layer>> layers;
  std::vector<size_t> hide;  // layers not drawn (--hide, or saved hidden in the session)
  std::vector<std::string> sources;
  auto add_source = [&](const std::string& path) {
    const std::string source = std::filesystem::path(path).filename().string();
    if (std::find(sources.begin(), sources.end(), source) == sources.end())
      sources.push_back(source);
  };
  // The session's thematic map, by the window's own model: a headless Workspace opens the
  // view (layers, observations, hex grid, analysis) and computes it with the one recipe.
  Choropleth session_map;
  int sa = -1;  // index of the session's area layer
  if (session) {
    WorkspaceOptions wo;
    wo.map_crs = map_crs;
    wo.src_crs = args.src_crs;
    Workspace ws(wo);
    ws.apply_session(*session, session_dir.string());
    settle(ws);
    std::vector<Message> messages;
    ws.messages.snapshot(0, messages);
    std::string last_error;
    for (const Message& m : messages) {
      const char* level = m.level == MsgLevel::Error     ? "error: "
                          : m.level == MsgLevel::Warning ? "warning: "
                                                         : "";
      std::fprintf(stderr, "%s%s\n", level, m.text.c_str());
      if (m.level == MsgLevel::Error) last_error = m.text;
    }
    const SceneLayer* area = ws.analysis_layer();
    if (area == nullptr || !area->choropleth) {
      throw Error("--session " + args.session + ": no thematic map" +
                  (last_error.empty() ? std::string(" (is the area layer a polygon layer?)")
                                      : ": " + last_error));
    }
    session_map = *area->choropleth;
    for (const SceneLayer& sl : ws.scene.layers) {
      if (&sl == area) sa = static_cast<int>(layers.size());
      if (!sl.style.visible) hide.push_back(layers.size());
      layers.push_back(sl.layer);
      if (!sl.layer->source_path.empty()) add_source(sl.layer->source_path);
    }
  } else {
    OpenOptions opts;
    opts.map_crs = map_crs;
    opts.fallback_crs = args.src_crs;
    for (const std::string& spec : specs) {
      auto [path, layer_name] = split_layer_spec(spec);
      OpenOptions o = opts;
      if (!layer_name.empty()) o.layers = {layer_name};
      std::vector<Layer> read = read_vector_file(path, o);
      add_source(path);
      for (Layer& l : read) {
        std::fprintf(stderr, "%s\n", l.report.summary().c_str());
        layers.push_back(std::make_shared<Layer>(std::move(l)));
      }
    }
  }
  if (session) {
    std::fprintf(stderr, "session: %s, %zu areas\n", session_map.title.c_str(),
                 session_map.values.size());
    // The legend as drawn, one line each (tests compare them with the window and the kiosk).
    std::string classes;
    for (size_t k = 0; k < session_map.class_labels.size(); ++k)
      classes += (k ? " | " : "") + session_map.class_labels[k];
    std::string edges;
    for (size_t k = 0; k < session_map.edges.size(); ++k) {
      char b[32];
      std::snprintf(b, sizeof b, "%s%.10g", k ? " " : "", session_map.edges[k]);
      edges += b;
    }
    std::fprintf(stderr,
                 "legend title: %s\nlegend unit: %s\nlegend filter: %s\n"
                 "legend classes: %s\nlegend edges: %s\nmap title: %s\n",
                 session_map.title.c_str(), session_map.unit.c_str(),
                 session_map.filter_text.c_str(), classes.c_str(), edges.c_str(),
                 session_map.map_title.c_str());
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = *layers[i];
    std::fprintf(
        stderr, "layer %zu: %s%s (%s, %zu features%s)\n", i, l.name.c_str(),
        l.source_layer.empty() || l.source_layer == l.name ? ""
                                                           : (" [" + l.source_layer + "]").c_str(),
        to_string(l.kind), l.size(), l.placed() ? "" : ", NOT placed: unknown CRS, use --src-crs");
  }

  // Names given to --fit and --hide must exist: a typo should not silently change the picture.
  std::vector<size_t> fit;
  for (const auto& n : args.fit) {
    const auto f = find_layers(layers, n);
    if (f.empty()) throw Error("--fit: no layer '" + n + "' (loaded: " + layer_names(layers) + ")");
    fit.insert(fit.end(), f.begin(), f.end());
  }
  for (const auto& n : args.hide) {
    const auto f = find_layers(layers, n);
    if (f.empty())
      throw Error("--hide: no layer '" + n + "' (loaded: " + layer_names(layers) + ")");
    hide.insert(hide.end(), f.begin(), f.end());
  }

  // Choropleth: explicit, or for the demo what the dashboard counts (demo_count).
  int cp = -1, cq = -1;
  if (!args.choropleth.empty()) {
    const auto [p, q] = choropleth_layers(layers, args.choropleth);
    cp = static_cast<int>(p);
    cq = static_cast<int>(q);
    if (!is_polygonal(layers[cp]->kind)) {
      throw Error("--choropleth: layer " + std::to_string(cp) + " (" + layers[cp]->name +
                  ") is not a polygon layer");
    }
    if (layers[cq]->kind != GeomKind::Point) {
      throw Error("--choropleth: layer " + std::to_string(cq) + " (" + layers[cq]->name +
                  ") is not a point layer");
    }
    if (!layers[cp]->placed() || !layers[cq]->placed()) {
      throw Error("--choropleth: both layers need a known CRS (use --src-crs)");
    }
  }

  Scene scene;
  scene.map_crs = map_crs;
  std::vector<size_t> order(layers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const int ra = draw_rank(layers[a]->kind), rb = draw_rank(layers[b]->kind);
    if (ra != rb) return ra < rb;
    if (ra <= 1) return area(layers[a]->bounds) > area(layers[b]->bounds);
    return false;
  });
  std::vector<size_t> per_kind(5, 0);
  for (size_t i : order) {
    const std::shared_ptr<const Layer>& l = layers[i];
    if (!l->placed() || l->size() == 0) continue;
    SceneLayer sl;
    sl.layer = l;
    const int rank = draw_rank(l->kind);
    sl.style = default_style(per_kind[static_cast<size_t>(rank)]++, l->kind);
    scene.layers.push_back(std::move(sl));
  }
  if (scene.layers.empty()) throw Error("nothing to draw: no layer with placed geometries");
  for (SceneLayer& sl : scene.layers)
    sl.label_field = args.no_labels ? -1 : default_label_field(*sl.layer, demo);
  // The demo: the dashboard's stacking, styles and count (one definition: render/demo_style).
  if (demo) {
    arrange_demo(scene.layers);
    if (cp < 0) {
      const DemoCount c = demo_count(scene.layers);
      for (size_t i = 0; i < layers.size() && c.polygons >= 0 && c.points >= 0; ++i) {
        if (layers[i] == scene.layers[c.polygons].layer) cp = static_cast<int>(i);
        if (layers[i] == scene.layers[c.points].layer) cq = static_cast<int>(i);
      }
    }
  }
  const Choropleth* legend = nullptr;
  for (SceneLayer& sl : scene.layers) {
    const Layer& l = *sl.layer;
    // Smaller images get smaller points so clusters stay readable.
    sl.style.point_size = std::clamp(static_cast<float>(std::min(args.width, args.height)) / 130.0f,
                                     std::min(sl.style.point_size, 3.0f), sl.style.point_size);
    for (size_t h : hide) sl.style.visible &= layers[h] != sl.layer;
    if (cp >= 0 && layers[cp] == sl.layer) {
      std::fprintf(stderr, "choropleth: %s per polygon of %s\n", layers[cq]->name.c_str(),
                   l.name.c_str());
      sl.choropleth = points_per_polygon(l, *layers[cq]);
      sl.style.use_feature_colors = true;
      if (!demo) sl.style.opacity = 0.85f;
      legend = &*sl.choropleth;
    } else if (sa >= 0 && layers[sa] == sl.layer) {
      sl.choropleth = session_map;  // low-effort features hatched by the renderer
      sl.style.use_feature_colors = true;
      sl.style.opacity = 0.85f;
      legend = &*sl.choropleth;
    } else if (!demo && (cp >= 0 || sa >= 0) && is_polygonal(l.kind)) {
      // Over a choropleth, other polygon layers are mostly outlines so its colours stay true.
      sl.style.fill.a = std::min(sl.style.fill.a, 0.08f);
      sl.style.line_width = std::max(sl.style.line_width, 1.5f);
    }
  }
  // What to show: --extent exactly, else --fit's layers, else (demo) Leiden, else everything.
  Envelope view;
  if (args.extent) {
    view = *args.extent;
  } else {
    for (size_t i : fit) {
      if (layers[i]->placed()) view.expand(layers[i]->bounds);
    }
    if (fit.empty() && demo) view = demo_first_view(scene.layers);
    if (fit.empty() && sa >= 0 && layers[sa]->placed()) view = layers[sa]->bounds;
    if (view.empty()) view = scene.bounds();
    if (view.empty()) throw Error("--fit: the layers to fit have no placed geometries");
  }
  // Key and legend for what is in that view (refined below once the camera is set).
  std::vector<ui::LayerKeyEntry> key = layer_key(scene, view);
  const Choropleth* const counted = legend;
  auto legend_in = [&](const Envelope& v) -> const Choropleth* {
    for (const SceneLayer& sl : scene.layers) {
      if (sl.choropleth && counted == &*sl.choropleth && sl.style.visible && in_view(*sl.layer, v))
        return counted;
    }
    return nullptr;
  };
  legend = legend_in(view);

  // The legend (ui::draw_legend) shows the choropleth's filter text and low-effort row.
  // The window's export default when the view names no title: the recipe's map title.
  std::string title = !args.title.empty() ? args.title : session ? session->title : "";
  if (title.empty() && session) title = session_map.map_title;

  scene.build_missing_meshes();
  MapCamera cam;
  cam.width = args.width;
  cam.height = args.height;

  HeadlessContext gl(args.width, args.height);
  std::vector<uint8_t> pixels;
  {
    MapRenderer renderer;
    gl.bind();
    ui::OffscreenImGui frame(args.width, args.height, ui::image_font_px(args.width, args.height));
    ImDrawList* dl = frame.draw_list();
    const float fs = ImGui::GetFontSize();
    const float margin = fs;
    const float w = static_cast<float>(args.width), h = static_cast<float>(args.height);
    const float attribution_h = fs * 1.6f;
    const ImVec2 key_size = ui::layer_key_size(key);
    const ImVec2 legend_size = legend ? ui::legend_size(*legend) : ImVec2(0, 0);
    // The key goes top-left, the legend bottom-left; small images drop the key when both
    // would overlap.
    const bool show_key =
        !key.empty() && key_size.y + legend_size.y + 3 * margin + attribution_h <= h;
    if (!key.empty() && !show_key) std::fprintf(stderr, "image too small for the layer key\n");

    if (args.extent) {
      cam.fit(*args.extent, 0.0);
    } else if (session && session->units_per_pixel > 0) {
      cam.center_x = session->center_x;  // the saved camera, exactly
      cam.center_y = session->center_y;
      cam.units_per_pixel = session->units_per_pixel;
    } else {
      // Keep the fitted layers clear of the key/legend column and the title when there is room.
      float x0 = 0, y0 = 0;
      const float column = std::max(show_key ? key_size.x : 0.0f, legend_size.x);
      if (column > 0 && w - (column + 2 * margin) >= 0.55f * w) x0 = column + 1.5f * margin;
      if (!title.empty()) y0 = 2.8f * fs + margin;
      cam.fit_rect(view, x0, y0, w, h - attribution_h * 0.5f, 0.04);
    }
    const Envelope shown = cam.visible();
    // The image shows more than the fitted layers (aspect ratio): key what is really there.
    key = layer_key(scene, shown);
    legend = legend_in(shown);
    std::fprintf(stderr, "view: %.2f,%.2f,%.2f,%.2f (%s)\n", shown.minx, shown.miny, shown.maxx,
                 shown.maxy, map_crs.c_str());

    // The basemap (--basemap, else the session's): read now, all tiles of this view.
    const BasemapSettings basemap = args.basemap ? *args.basemap
                                    : session    ? session->basemap
                                                 : BasemapSettings{};
    std::string basemap_credit;
    if (!basemap.source.empty()) {
      std::string source = basemap.source;
      if (session && !args.basemap && !find_basemap_preset(source) &&
          std::filesystem::path(source).is_relative())
        source = (session_dir / source).string();
      const BasemapPreset* preset = find_basemap_preset(source);
      if (preset) {
        if (!network_allowed())
          throw Error("--basemap " + basemap.source +
                      ": an online basemap needs the network; add --allow-network (nothing was "
                      "fetched)");
        source = preset->gdal_xml;
      }
      const std::string own = load_basemap_now(renderer, source, map_crs, cam,
                                               {basemap.opacity, basemap.greyscale, basemap.dim});
      basemap_credit = preset        ? preset->attribution
                       : own.empty() ? "Basemap: " + base_name(basemap.source)
                                     : own;
      scene.basemap = basemap.opacity > 0;
      std::fprintf(stderr, "basemap: %s (%zu tiles)\n", basemap.source.c_str(),
                   renderer.basemap_tiles());
    }
    scene.draw(renderer, cam);
    std::string attribution = args.attribution;
    if (attribution.empty()) {
      if (demo) {
        attribution = demo_attribution(scene.layers);
      } else {
        attribution = "Data: ";
        for (size_t i = 0; i < sources.size(); ++i) attribution += (i ? ", " : "") + sources[i];
      }
    }
    ui::draw_map_labels(dl, scene, cam, {0, 0, w, h, 0, 0});  // names under the furniture
    if (show_key) ui::draw_layer_key(dl, key, ImVec2(margin, margin));
    if (legend != nullptr) ui::draw_legend(dl, *legend, ImVec2(margin, h - margin - attribution_h));
    if (!title.empty()) ui::draw_title(dl, title, ImVec2(w * 0.5f, margin * 0.75f));
    if (!basemap_credit.empty()) attribution += "  \u00b7  " + basemap_credit;
    const std::string attribution_line = attribution + "  \u00b7  " + crs_short_name(map_crs);
    // Narrow images: the scale bar goes above the attribution line instead of beside it.
    const bool crowded = ImGui::CalcTextSize(attribution_line.c_str()).x + 16 * fs > w;
    ui::draw_scale_bar(dl, cam, ImVec2(w - margin, h - margin - (crowded ? attribution_h : 0)));
    ui::draw_attribution(dl, attribution_line, ImVec2(margin, h - margin * 0.5f), w - 2 * margin);
    frame.render();
    pixels = gl.read_pixels();
    scene.release(renderer);
  }
  std::vector<PngText> text{{"Title", title}};
  if (legend != nullptr) text.push_back({"Description", legend_text(*legend)});
  text.push_back({"Software", "biodash"});
  write_png(args.out, pixels, args.width, args.height, text);
  std::fprintf(stderr, "wrote %s (%dx%d)\n", args.out.c_str(), args.width, args.height);
  return 0;
}

}  // namespace

int run_render(int argc, char** argv) {
  Args args;
  try {
    args = parse_args(argc, argv);
    if (args.help) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (args.out.empty()) throw Error("--out FILE.png is required");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash render: %s\n%s", e.what(), kUsage);
    return 2;  // a usage error, as in every subcommand
  }
  try {
    return render(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash render: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
