// Checks the files of the scripted UI test (run_gui_script.cmake) against an independent count
// made here with GDAL/OGR directly on the demo GeoPackage: for every biodiversity site, the
// observations of one taxon whose (first) event date lies in the time window, counted with
// OGR's point-in-polygon (GEOS contains, as the engine documents).
//   biodash_script_check DEMO.gpkg AREA_LAYER TAXON END_DATE WINDOW_DAYS OUT_DIR PNG_W PNG_H
// OUT_DIR holds table.csv, table.gpkg, map.png, report.png, report.pdf, view.biodash, window.png.
#include <gdal.h>
#include <ogr_api.h>
#include <stb_image.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

int failures = 0;
void fail(const std::string& what) {
  std::fprintf(stderr, "script_check: FAIL: %s\n", what.c_str());
  ++failures;
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil), written here again on purpose.
long days(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// First day of "YYYY-MM-DD", "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD"; false when none.
bool first_day(const std::string& s, long& out) {
  int y = 0, m = 0, d = 1;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) < 2) return false;
  out = days(y, m, d);
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Expect {
  long n_obs = 0;
  std::set<std::string> species, observers;
  std::string first = "~", last;  // ISO dates, as text (first/last event date)
};

// CSV with a header and no quoted commas (ids and numbers only): rows by the first column.
std::map<std::string, std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::map<std::string, std::map<std::string, std::string>> rows;
  std::ifstream in(path);
  if (!in) {
    fail(path + ": missing");
    return rows;
  }
  auto split = [](const std::string& l) {
    std::vector<std::string> v;
    size_t b = 0;
    for (size_t e; (e = l.find(',', b)) != std::string::npos; b = e + 1)
      v.push_back(l.substr(b, e - b));
    v.push_back(l.substr(b));
    return v;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> head = split(line);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> v = split(line);
    if (v.size() != head.size()) {
      fail(path + ": row with " + std::to_string(v.size()) + " fields: " + line);
      continue;
    }
    for (size_t i = 0; i < v.size(); ++i) rows[v[0]][head[i]] = v[i];
  }
  return rows;
}

void check_png(const std::string& path, int w, int h) {
  int x = 0, y = 0, n = 0;
  unsigned char* px = stbi_load(path.c_str(), &x, &y, &n, 4);
  if (!px) return fail(path + ": not a readable PNG");
  if ((w > 0 && x != w) || (h > 0 && y != h))
    fail(path + ": size " + std::to_string(x) + "x" + std::to_string(y) + ", expected " +
         std::to_string(w) + "x" + std::to_string(h));
  std::set<unsigned> colours;
  for (int i = 0; i < x * y; i += 7) {
    const unsigned char* p = px + size_t(i) * 4;
    colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
  }
  if (colours.size() < 20)
    fail(path + ": nearly uniform (" + std::to_string(colours.size()) + " colours)");
  stbi_image_free(px);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 9) {
    std::fprintf(stderr,
                 "usage: biodash_script_check DEMO.gpkg AREA_LAYER TAXON END_DATE WINDOW_DAYS "
                 "OUT_DIR PNG_W PNG_H\n");
    return 2;
  }
  const std::string gpkg = argv[1], area_layer = argv[2], taxon = argv[3], out = argv[6];
  long end = 0;
  if (!first_day(argv[4], end)) return std::fprintf(stderr, "bad END_DATE\n"), 2;
  const long from = end - (std::atol(argv[5]) - 1);
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  if (!ds) return std::fprintf(stderr, "cannot open %s\n", gpkg.c_str()), 2;

  // Areas by FID.
  std::map<long, OGRGeometryH> areas;
  OGRLayerH al = GDALDatasetGetLayerByName(ds, area_layer.c_str());
  if (!al) return std::fprintf(stderr, "no layer %s\n", area_layer.c_str()), 2;
  OGR_L_ResetReading(al);
  while (OGRFeatureH f = OGR_L_GetNextFeature(al)) {
    areas[static_cast<long>(OGR_F_GetFID(f))] = OGR_G_Clone(OGR_F_GetGeometryRef(f));
    OGR_F_Destroy(f);
  }

  // The taxon as the dashboard's filter matches it: the scientific name itself or a name that
  // starts with it followed by a space (infraspecific names, authorship).
  std::map<long, Expect> expect;
  OGRLayerH ol = GDALDatasetGetLayerByName(ds, "citizen_observations");
  if (!ol) return std::fprintf(stderr, "no layer citizen_observations\n"), 2;
  OGRFeatureDefnH def = OGR_L_GetLayerDefn(ol);
  const int f_name = OGR_FD_GetFieldIndex(def, "scientificName");
  const int f_date = OGR_FD_GetFieldIndex(def, "eventDate");
  const int f_obs = OGR_FD_GetFieldIndex(def, "recordedBy");
  long matched = 0, in_window = 0;
  OGR_L_ResetReading(ol);
  while (OGRFeatureH f = OGR_L_GetNextFeature(ol)) {
    const std::string name = lower(OGR_F_GetFieldAsString(f, f_name));
    const std::string t = lower(taxon);
    long day = 0;
    if ((name == t || name.rfind(t + " ", 0) == 0) &&
        first_day(OGR_F_GetFieldAsString(f, f_date), day)) {
      ++matched;
      if (day >= from && day <= end) {
        ++in_window;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        for (auto& [fid, poly] : areas) {
          if (!g || !OGR_G_Contains(poly, g)) continue;
          Expect& e = expect[fid];
          ++e.n_obs;
          e.species.insert(name);
          e.observers.insert(OGR_F_GetFieldAsString(f, f_obs));
          const std::string d = std::string(OGR_F_GetFieldAsString(f, f_date)).substr(0, 10);
          if (d < e.first) e.first = d;
          if (d > e.last) e.last = d;
        }
      }
    }
    OGR_F_Destroy(f);
  }
  std::printf("script_check: %ld records of %s, %ld in the window, %zu areas\n", matched,
              taxon.c_str(), in_window, areas.size());

  // The CSV: one row per area, the CLI's columns, counts as computed here.
  auto rows = read_csv(out + "/table.csv");
  if (rows.size() != areas.size())
    fail("table.csv has " + std::to_string(rows.size()) + " rows, the layer " +
         std::to_string(areas.size()) + " areas");
  long total = 0;
  for (const auto& [fid, poly] : areas) {
    const std::string id = std::to_string(fid);
    if (!rows.count(id)) {
      fail("table.csv: no row for fid " + id);
      continue;
    }
    auto& r = rows[id];
    const Expect& e = expect[fid];
    total += e.n_obs;
    auto eq = [&](const char* col, const std::string& want) {
      if (r[col] != want) fail("fid " + id + " " + col + " = '" + r[col] + "', expected " + want);
    };
    eq("n_obs", std::to_string(e.n_obs));
    eq("n_species", std::to_string(e.species.size()));
    eq("n_observers", std::to_string(e.observers.size()));
    if (e.n_obs) {
      eq("first_date", e.first);
      eq("last_date", e.last);
    }
  }
  if (total == 0) fail("no record of the taxon in any area in the window: the check is empty");

  // The GeoPackage: the same areas and counts (its own fid column; the id is area_fid).
  GDALDatasetH gp =
      GDALOpenEx((out + "/table.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  if (!gp) {
    fail("table.gpkg: cannot open");
  } else {
    OGRLayerH l = GDALDatasetGetLayer(gp, 0);
    long n = 0;
    OGR_L_ResetReading(l);
    while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
      ++n;
      const long id = OGR_F_GetFieldAsInteger64(f, OGR_F_GetFieldIndex(f, "area_fid"));
      const long n_obs = OGR_F_GetFieldAsInteger64(f, OGR_F_GetFieldIndex(f, "n_obs"));
      if (n_obs != expect[id].n_obs)
        fail("table.gpkg: area " + std::to_string(id) + " n_obs " + std::to_string(n_obs) +
             ", expected " + std::to_string(expect[id].n_obs));
      if (!OGR_F_GetGeometryRef(f))
        fail("table.gpkg: area " + std::to_string(id) + " has no geometry");
      OGR_F_Destroy(f);
    }
    if (n != static_cast<long>(areas.size())) fail("table.gpkg: " + std::to_string(n) + " rows");
    GDALClose(gp);
  }

  check_png(out + "/map.png", std::atoi(argv[7]), std::atoi(argv[8]));
  check_png(out + "/report.png", 0, 0);
  check_png(out + "/window.png", 0, 0);
  std::ifstream pdf(out + "/report.pdf", std::ios::binary);
  std::string magic(5, '\0');
  pdf.read(magic.data(), 5);
  if (magic != "%PDF-") fail("report.pdf: not a PDF");
  std::ifstream sess(out + "/view.biodash");
  std::string first;
  std::getline(sess, first);
  if (first != "biodash-session 1") fail("view.biodash: first line '" + first + "'");

  for (auto& [fid, g] : areas) OGR_G_DestroyGeometry(g);
  GDALClose(ds);
  if (failures) return 1;
  std::printf("script_check: all files agree (%ld records in the areas)\n", total);
  return 0;
}
