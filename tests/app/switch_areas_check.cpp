// Checks the files of the scripted "switch areas" window test (run_gui_switch_areas.cmake):
// after switching the thematic map's areas from the BiodiverCity sites to the CBS
// neighbourhoods, the exported PNG's title and legend (its iTXt metadata, parsed here byte by
// byte, not with biodash's code) name the neighbourhoods and not the sites, the exported CSV has
// one row per neighbourhood (counted with OGR on the demo GeoPackage), and the window's state
// dump shows the sites layer without classes.
//   biodash_switch_areas_check DEMO.gpkg OUT_DIR
// OUT_DIR holds state_sites.txt, state_buurten.txt, sites.png, buurten.png, buurten.csv.
#include <gdal.h>
#include <ogr_api.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../support/png_text.hpp"

namespace {

int failures = 0;
void fail(const std::string& what) {
  std::fprintf(stderr, "switch_areas_check: FAIL: %s\n", what.c_str());
  ++failures;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path + ": missing");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::map<std::string, std::string> png_text(const std::string& path) {
  bool complete = false;
  auto t = biodash::test::png_text(path, &complete);
  if (!complete) fail(path + ": missing, not a PNG or truncated (no IEND)");
  return t;
}

// "layer NAME: classes N" lines of a state dump: name -> "classes N" / "no classes".
std::map<std::string, std::string> layer_classes(const std::string& state) {
  std::map<std::string, std::string> out;
  std::istringstream in(state);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("layer ", 0) != 0) continue;
    const size_t c = line.rfind(": ");
    std::string what = line.substr(c + 2);
    const size_t comma = what.find(',');
    if (comma != std::string::npos) what = what.substr(0, comma);
    out[line.substr(6, c - 6)] = what;
  }
  return out;
}

// The one layer of a state dump with classes ("" when none or several).
std::string coloured(const std::map<std::string, std::string>& layers) {
  std::string name;
  int n = 0;
  for (const auto& [l, c] : layers)
    if (c.rfind("classes ", 0) == 0) name = l, ++n;
  return n == 1 ? name : "";
}

long ogr_count(const std::string& gpkg, const std::string& layer) {
  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) return -1;
  OGRLayerH l = GDALDatasetGetLayerByName(ds, layer.c_str());
  const long n = l ? static_cast<long>(OGR_L_GetFeatureCount(l, TRUE)) : -1;
  GDALClose(ds);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DEMO.gpkg OUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string gpkg = argv[1], out = std::string(argv[2]) + "/";
  const auto before = layer_classes(read_file(out + "state_sites.txt"));
  const auto after = layer_classes(read_file(out + "state_buurten.txt"));
  const std::string sites = coloured(before), buurten = coloured(after);
  if (sites.empty()) fail("before the switch, not exactly one layer has classes");
  if (buurten.empty()) fail("after the switch, not exactly one layer has classes");
  if (!sites.empty() && sites == buurten) fail("the classes stayed on " + sites);
  if (!sites.empty() && after.count(sites) && after.at(sites) != "no classes")
    fail("after the switch the sites layer '" + sites + "' still has " + after.at(sites));
  std::printf("before: %s; after: %s\n", sites.c_str(), buurten.c_str());

  for (const char* png : {"sites.png", "buurten.png"}) {
    const auto text = png_text(out + png);
    const std::string title = text.count("Title") ? text.at("Title") : "";
    const std::string legend = text.count("Description") ? text.at("Description") : "";
    std::printf("%s: title '%s'; legend '%s'\n", png, title.c_str(), legend.c_str());
    const std::string& want = std::string(png) == "sites.png" ? sites : buurten;
    const std::string& other = std::string(png) == "sites.png" ? buurten : sites;
    if (want.empty()) continue;
    for (const auto& [what, s] : {std::pair{"title", title}, std::pair{"legend", legend}}) {
      if (s.find(want) == std::string::npos)
        fail(std::string(png) + ": the " + what + " does not name '" + want + "': " + s);
      if (!other.empty() && s.find(other) != std::string::npos)
        fail(std::string(png) + ": the " + what + " names '" + other + "': " + s);
      if (s.find("Species richness") == std::string::npos)
        fail(std::string(png) + ": the " + what + " does not name the metric: " + s);
    }
  }

  // The table: one row per neighbourhood of the demo (header first).
  const std::string csv = read_file(out + "buurten.csv");
  long rows = -1;
  for (char c : csv) rows += c == '\n';
  const long n = ogr_count(gpkg, "buurten");
  std::printf("buurten.csv: %ld rows; OGR: %ld neighbourhoods\n", rows, n);
  if (n <= 0 || rows != n) fail("the CSV does not hold one row per neighbourhood");
  if (failures) return 1;
  std::printf("switch_areas_check: all checks passed\n");
  return 0;
}
