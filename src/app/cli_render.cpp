// `biodash render`: draws layers (and optionally a points-per-polygon choropleth) headlessly
// with EGL and writes a PNG. Same Scene/MapRenderer/overlay code as the GUI.
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/aggregate.hpp"
#include "core/choropleth.hpp"
#include "core/crs.hpp"
#include "core/error.hpp"
#include "io/vector_reader.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "ui/overlay.hpp"

namespace biodash::app {

namespace {

constexpr const char* kUsage =
    "usage: biodash render [FILE[:LAYER]...] --out shot.png [--size WxH] [--map-crs EPSG:CODE]\n"
    "                      [--src-crs EPSG:CODE] [--choropleth POLY_INDEX:POINT_INDEX]\n"
    "                      [--attribution TEXT]\n"
    "  Draws the layers (no files: the demo) without any display and writes a PNG.\n"
    "  --size        image size in pixels (default 1600x900)\n"
    "  --map-crs     CRS of the map (default EPSG:28992, RD New)\n"
    "  --src-crs     CRS assumed for data that declares none\n"
    "  --choropleth  colour polygon layer POLY_INDEX by the number of points of layer\n"
    "                POINT_INDEX inside each polygon (indices count loaded layers from 0)\n"
    "  --attribution text shown bottom-left (default: data sources)\n";

struct Args {
  std::vector<std::string> specs;        // FILE[:LAYER] as given
  std::string out;                       // PNG path
  int width = 1600;                      // image width in pixels
  int height = 900;                      // image height in pixels
  std::string map_crs = kDefaultMapCrs;  // map CRS
  std::string src_crs;                   // fallback source CRS ("" none)
  int choro_poly = -1;                   // --choropleth polygon layer index, -1 none
  int choro_points = -1;                 // --choropleth point layer index
  std::string attribution;               // "" = automatic
  bool help = false;                     // --help given
};

// Parses argv (argv[0] == "render"); throws Error with a user-facing message.
Args parse_args(int argc, char** argv) {
  Args a;
  auto value = [&](int& i, const char* opt) -> std::string {
    if (i + 1 >= argc) throw Error(std::string(opt) + " needs a value");
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      a.help = true;
    } else if (arg == "--out" || arg == "-o") {
      a.out = value(i, "--out");
    } else if (arg == "--size") {
      const std::string v = value(i, "--size");
      int w = 0, h = 0;
      char tail = 0;
      if (std::sscanf(v.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 16 || h < 16 || w > 8192 ||
          h > 8192) {
        throw Error("--size wants WIDTHxHEIGHT between 16 and 8192 pixels, got '" + v + "'");
      }
      a.width = w;
      a.height = h;
    } else if (arg == "--map-crs") {
      a.map_crs = value(i, "--map-crs");
    } else if (arg == "--src-crs") {
      a.src_crs = value(i, "--src-crs");
    } else if (arg == "--choropleth") {
      const std::string v = value(i, "--choropleth");
      int p = -1, q = -1;
      char tail = 0;
      if (std::sscanf(v.c_str(), "%d:%d%c", &p, &q, &tail) != 2 || p < 0 || q < 0) {
        throw Error("--choropleth wants POLY_INDEX:POINT_INDEX (e.g. 0:1), got '" + v + "'");
      }
      a.choro_poly = p;
      a.choro_points = q;
    } else if (arg == "--attribution") {
      a.attribution = value(i, "--attribution");
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw Error("unknown option '" + arg + "'");
    } else {
      a.specs.push_back(arg);
    }
  }
  return a;
}

bool is_polygonal(GeomKind k) {
  return k == GeomKind::Polygon || k == GeomKind::Mixed;
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
  return make_choropleth(values, points.name, "records per polygon");
}


double area(const Envelope& e) {
  return e.empty() ? 0.0 : e.width() * e.height();
}

// Owns an ImGui context and its OpenGL3 backend for one headless frame.
class ImGuiFrame {
 public:
  ImGuiFrame(int width, int height) {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DeltaTime = 1.0f / 60.0f;
    ui::load_fonts(std::clamp(static_cast<float>(std::min(width, height)) / 55.0f, 13.0f, 40.0f));
    if (!ImGui_ImplOpenGL3_Init("#version 330")) {
      throw Error("ImGui OpenGL3 backend failed to initialise");
    }
    backend_ = true;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
  }
  ~ImGuiFrame() {
    if (backend_) ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext(ctx_);
  }
  ImGuiFrame(const ImGuiFrame&) = delete;
  ImGuiFrame& operator=(const ImGuiFrame&) = delete;

  ImDrawList* draw_list() { return ImGui::GetForegroundDrawList(); }
  void render() {
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }

 private:
  ImGuiContext* ctx_ = nullptr;  // our own context
  bool backend_ = false;         // OpenGL3 backend initialised
};

int render(const Args& args) {
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
  const bool demo = specs.empty();
  if (demo) {
    for (const char* const* f = demo_files(); f != nullptr && *f != nullptr; ++f) {
      specs.emplace_back(*f);
    }
    if (specs.empty()) throw Error("no files given and no demo files found");
  }

  OpenOptions opts;
  opts.map_crs = args.map_crs;
  opts.fallback_crs = args.src_crs;
  std::vector<std::shared_ptr<Layer>> layers;
  std::vector<std::string> sources;
  for (const std::string& spec : specs) {
    auto [path, layer_name] = split_layer_spec(spec);
    OpenOptions o = opts;
    if (!layer_name.empty()) o.layers = {layer_name};
    std::vector<Layer> read = read_vector_file(path, o);
    sources.push_back(std::filesystem::path(path).filename().string());
    for (Layer& l : read) {
      std::fprintf(stderr, "%s\n", l.report.summary().c_str());
      layers.push_back(std::make_shared<Layer>(std::move(l)));
    }
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    std::fprintf(stderr, "layer %zu: %s (%s, %zu features%s)\n", i, layers[i]->name.c_str(),
                 to_string(layers[i]->kind), layers[i]->size(),
                 layers[i]->placed() ? "" : ", NOT placed: unknown CRS, use --src-crs");
  }

  // Choropleth: explicit, or for the demo the first polygon layer x first point layer.
  int cp = args.choro_poly, cq = args.choro_points;
  if (cp >= 0) {
    const int n = static_cast<int>(layers.size());
    if (cp >= n || cq >= n) {
      throw Error("--choropleth " + std::to_string(cp) + ":" + std::to_string(cq) + ": only " +
                  std::to_string(n) + " layers loaded (indices start at 0)");
    }
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
  } else if (demo) {
    for (size_t i = 0; i < layers.size() && cp < 0; ++i) {
      if (is_polygonal(layers[i]->kind) && layers[i]->placed()) cp = static_cast<int>(i);
    }
    for (size_t i = 0; i < layers.size() && cq < 0; ++i) {
      if (layers[i]->kind == GeomKind::Point && layers[i]->placed()) cq = static_cast<int>(i);
    }
    if (cq < 0) cp = -1;
  }

  Scene scene;
  scene.map_crs = args.map_crs;
  std::vector<size_t> order(layers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const int ra = draw_rank(layers[a]->kind), rb = draw_rank(layers[b]->kind);
    if (ra != rb) return ra < rb;
    if (ra <= 1) return area(layers[a]->bounds) > area(layers[b]->bounds);
    return false;
  });
  std::vector<size_t> per_kind(5, 0);
  std::vector<ui::LayerKeyEntry> key;
  const Choropleth* legend = nullptr;
  for (size_t i : order) {
    const std::shared_ptr<Layer>& l = layers[i];
    if (!l->placed() || l->size() == 0) continue;
    SceneLayer sl;
    sl.layer = l;
    const int rank = draw_rank(l->kind);
    sl.style = default_style(per_kind[static_cast<size_t>(rank)]++, l->kind);
    // Smaller images get smaller points so clusters stay readable.
    sl.style.point_size = std::clamp(static_cast<float>(std::min(args.width, args.height)) / 130.0f,
                                     3.0f, sl.style.point_size);
    if (static_cast<int>(i) == cp) {
      std::fprintf(stderr, "choropleth: %s per polygon of %s\n", layers[cq]->name.c_str(),
                   l->name.c_str());
      sl.choropleth = points_per_polygon(*l, *layers[cq]);
      sl.style.use_feature_colors = true;
      sl.style.opacity = 0.85f;
    } else if (cp >= 0 && is_polygonal(l->kind)) {
      // Over a choropleth, other polygon layers are mostly outlines so its colours stay true.
      sl.style.fill.a = std::min(sl.style.fill.a, 0.08f);
      sl.style.line_width = std::max(sl.style.line_width, 1.5f);
    }
    key.push_back({l->name, l->kind, l->kind == GeomKind::Point ? sl.style.point : sl.style.fill,
                   sl.style.stroke});
    scene.layers.push_back(std::move(sl));
  }
  if (scene.layers.empty()) throw Error("nothing to draw: no layer with placed geometries");
  for (const SceneLayer& sl : scene.layers) {
    if (sl.choropleth) legend = &*sl.choropleth;
  }

  scene.build_missing_meshes();
  MapCamera cam;
  cam.width = args.width;
  cam.height = args.height;
  cam.fit(scene.bounds(), 0.04);

  HeadlessContext gl(args.width, args.height);
  std::vector<uint8_t> pixels;
  {
    MapRenderer renderer;
    gl.bind();
    scene.draw(renderer, cam);
    {
      ImGuiFrame frame(args.width, args.height);
      ImDrawList* dl = frame.draw_list();
      const float fs = ImGui::GetFontSize();
      const float margin = fs;
      const float w = static_cast<float>(args.width), h = static_cast<float>(args.height);
      std::string attribution = args.attribution;
      if (attribution.empty()) {
        attribution = demo ? "CBS/Kadaster CC BY 4.0 \u00b7 UVW CC0 \u00b7 biodash" : "Data: ";
        if (!demo) {
          for (size_t i = 0; i < sources.size(); ++i) {
            attribution += (i ? ", " : "") + sources[i];
          }
        }
      }
      ui::draw_layer_key(dl, key, ImVec2(margin, margin));
      const float attribution_h = fs * 1.6f;
      if (legend != nullptr)
        ui::draw_legend(dl, *legend, ImVec2(margin, h - margin - attribution_h));
      const std::string attribution_line =
          attribution + "  \u00b7  " + crs_short_name(args.map_crs);
      // Narrow images: the scale bar goes above the attribution line instead of beside it.
      const bool crowded = ImGui::CalcTextSize(attribution_line.c_str()).x + 16 * fs > w;
      ui::draw_scale_bar(dl, cam, ImVec2(w - margin, h - margin - (crowded ? attribution_h : 0)));
      ui::draw_attribution(dl, attribution_line, ImVec2(margin, h - margin * 0.5f));
      frame.render();
    }
    pixels = gl.read_pixels();
    scene.release(renderer);
  }
  write_png(args.out, pixels, args.width, args.height);
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
    return 1;
  }
  try {
    return render(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash render: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
