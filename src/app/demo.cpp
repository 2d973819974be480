// The embedded demo: real Leiden boundaries (CBS/Kadaster 2024) and real muskrat catches
// (UVW 2019, CC0) shipped in data/.
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"

namespace biodash::app {
namespace {

namespace fs = std::filesystem;

fs::path find_data_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path p : {exe.parent_path() / "data", exe.parent_path().parent_path() / "data",
                       exe.parent_path().parent_path() / "share" / "biodash" / "data"})
      if (fs::exists(p / "leiden", ec)) return p;
  }
  return fs::path(BIODASH_SOURCE_DIR) / "data";
}

fs::path find_demo_gpkg() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(exe.parent_path() / "demo" / "leiden_demo.gpkg", ec))
    return exe.parent_path() / "demo" / "leiden_demo.gpkg";
#ifdef BIODASH_DEMO_GPKG
  if (fs::exists(BIODASH_DEMO_GPKG, ec)) return BIODASH_DEMO_GPKG;
#endif
  return {};
}

}  // namespace

const char* const* demo_files() {
  static const std::vector<std::string> files = [] {
    // The generated demo GeoPackage (build/demo/leiden_demo.gpkg), bottom layer first.
    fs::path gpkg = find_demo_gpkg();
    if (!gpkg.empty()) {
      std::vector<std::string> v;
      for (const char* layer :
           {"gemeenten", "water", "wijken", "buurten", "biodiversity_sites", "lbsp_impact_areas",
            "lbsp_controls", "levend_lab", "polderlab_plots", "lbsp_measures", "muskrat_catches",
            "citizen_observations", "landmarks"})
        v.push_back(gpkg.string() + ":" + layer);
      return v;
    }
    // Without the generated demo: the real Leiden data shipped in data/leiden.
    fs::path d = find_data_dir() / "leiden";
    return std::vector<std::string>{
        (d / "leiden_region_gemeenten_2024.geojson").string(),
        (d / "leiden_wijken_2024.geojson").string(),
        (d / "leiden_buurten_2024.geojson").string(),
        (d / "leiden_region_subset_with_wgs84.csv").string(),
    };
  }();
  static const std::vector<const char*> ptrs = [] {
    std::vector<const char*> p;
    for (const auto& f : files) p.push_back(f.c_str());
    p.push_back(nullptr);
    return p;
  }();
  return ptrs.data();
}

}  // namespace biodash::app
