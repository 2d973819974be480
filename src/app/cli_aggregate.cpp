// `biodash aggregate`: points per polygon, headless, through the same core the GUI uses.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "app/commands.hpp"
#include "core/aggregate.hpp"
#include "core/error.hpp"
#include "io/vector_reader.hpp"

namespace biodash::app {
namespace {

namespace fs = std::filesystem;

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Writes `content` to `path` atomically: a temp file in the same folder, then rename.
void write_atomically(const std::string& path, const std::string& content) {
  fs::path p(path);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  fs::path tmp = dir / ("." + p.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(path + ": cannot write (folder missing or not writable)");
    f << content;
    f.flush();
    if (!f) {
      f.close();
      fs::remove(tmp);
      throw Error(path + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp);
    throw Error(path + ": cannot replace: " + ec.message());
  }
}

bool has_polygons(const Layer& l) {
  GEOSContextHandle_t h = geos_ctx();
  for (const auto& g : l.source_geoms) {
    int t = GEOSGeomTypeId_r(h, g.get());
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) return true;
    if (t == GEOS_GEOMETRYCOLLECTION)
      for (int i = 0; i < GEOSGetNumGeometries_r(h, g.get()); ++i) {
        int c = GEOSGeomTypeId_r(h, GEOSGetGeometryN_r(h, g.get(), i));
        if (c == GEOS_POLYGON || c == GEOS_MULTIPOLYGON) return true;
      }
  }
  return false;
}

int usage(const char* msg) {
  std::fprintf(stderr,
               "biodash aggregate: %s\n"
               "usage: biodash aggregate --polygons FILE[:LAYER] --observations FILE[:LAYER]\n"
               "                         --out RESULT.csv [--id-field NAME] [--src-crs EPSG:CODE]\n"
               "                         [--metrics n_obs[,n_species]] [--species-field NAME]\n"
               "                         [--threads N]\n"
               "Writes one row per polygon: the id field (default: the FID), then n_obs, the\n"
               "number of observations the polygon contains. A point exactly on a boundary is\n"
               "counted in no polygon (GEOS contains = PostGIS ST_Contains). Points are\n"
               "reprojected into the polygon layer's CRS.\n",
               msg);
  return 2;
}

}  // namespace

int run_aggregate(int argc, char** argv) {
  std::string polygons, observations, out, id_field, src_crs, metrics = "n_obs",
                                                               species_field = "scientificName";
  unsigned threads = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--polygons") ok = value(polygons);
    else if (a == "--observations" || a == "--points") ok = value(observations);
    else if (a == "--out") ok = value(out);
    else if (a == "--id-field") ok = value(id_field);
    else if (a == "--src-crs") ok = value(src_crs);
    else if (a == "--metrics") ok = value(metrics);
    else if (a == "--species-field") ok = value(species_field);
    else if (a == "--threads") {
      std::string t;
      ok = value(t);
      threads = static_cast<unsigned>(std::strtoul(t.c_str(), nullptr, 10));
    } else if (a == "--help" || a == "-h") {
      usage("help");
      return 0;
    } else {
      return usage(("unknown argument '" + a + "'").c_str());
    }
    if (!ok) return usage(("missing value after " + a).c_str());
  }
  if (polygons.empty() || observations.empty() || out.empty())
    return usage("--polygons, --observations and --out are required");
  std::vector<std::string> metric_list;
  for (size_t b = 0; b <= metrics.size();) {
    size_t e = metrics.find(',', b);
    if (e == std::string::npos) e = metrics.size();
    std::string m = metrics.substr(b, e - b);
    if (m != "n_obs" && m != "n_species")
      return usage(("unknown metric '" + m + "' (known: n_obs, n_species)").c_str());
    metric_list.push_back(m);
    b = e + 1;
  }
  const bool want_species =
      std::find(metric_list.begin(), metric_list.end(), "n_species") != metric_list.end();

  try {
    auto t0 = std::chrono::steady_clock::now();
    OpenOptions popts;
    popts.fallback_crs = src_crs;
    std::vector<Layer> layers = read_vector_file(polygons, popts);
    Layer* poly = nullptr;
    for (auto& l : layers)
      if (l.kind == GeomKind::Polygon || (l.kind == GeomKind::Mixed && has_polygons(l))) {
        poly = &l;
        break;
      }
    if (!poly)
      throw Error(polygons + ": no polygon layer (" +
                  (layers.size() == 1 ? std::string("its geometries are ") +
                                            to_string(layers[0].kind) + "s"
                                      : std::string("none of its layers has polygons")) +
                  ")");
    std::fprintf(stderr, "%s\n", poly->report.summary().c_str());
    if (poly->source_crs.empty())
      throw Error(polygons + ": the polygon layer declares no CRS; give one with --src-crs");
    int id_col = -1;
    if (!id_field.empty()) {
      id_col = poly->field_index(id_field);
      if (id_col < 0) throw Error(polygons + ": no field named '" + id_field + "'");
    }
    OpenOptions oopts;
    oopts.map_crs = poly->source_crs;  // aggregate in the polygons' own CRS: no polygon warping
    oopts.fallback_crs = src_crs;
    if (want_species) oopts.category_field = species_field;
    PointSet pts = read_points(observations, oopts);
    std::fprintf(stderr, "%s\n", pts.report.summary().c_str());
    auto t1 = std::chrono::steady_clock::now();

    std::vector<const GEOSGeometry*> geoms;
    for (const auto& g : poly->source_geoms) geoms.push_back(g.get());
    AggregateOptions aopts;
    aopts.threads = threads;
    Assignment asg = assign_points(geoms, pts.x.data(), pts.y.data(), pts.size(), aopts);
    std::vector<uint64_t> counts = count_per_polygon(asg);
    std::vector<uint64_t> species;
    if (want_species) species = distinct_per_polygon(asg, pts.category);
    auto t2 = std::chrono::steady_clock::now();

    std::string csv;
    csv.reserve(counts.size() * 16);
    csv += id_col >= 0 ? csv_field(poly->fields[id_col]) : std::string("fid");
    for (const auto& m : metric_list) csv += "," + m;
    csv += '\n';
    for (size_t i = 0; i < counts.size(); ++i) {
      csv += id_col >= 0 ? csv_field(poly->values[i][id_col]) : std::to_string(poly->fids[i]);
      for (const auto& m : metric_list) {
        csv += ',';
        csv += std::to_string(m == "n_obs" ? counts[i] : species[i]);
      }
      csv += '\n';
    }
    write_atomically(out, csv);
    auto t3 = std::chrono::steady_clock::now();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("TIMING load_s=%.3f agg_s=%.3f write_s=%.3f\n", secs(t0, t1), secs(t1, t2),
                secs(t2, t3));
    std::fprintf(stderr, "%zu polygons, %zu observations -> %s\n", counts.size(), pts.size(),
                 out.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash aggregate: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
