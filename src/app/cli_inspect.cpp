// `biodash inspect FILE [--src-crs EPSG:x] [--map-crs EPSG:x] [--map TERM=COLUMN ...]
//                       [--threads N] [--quiet]`
// Reads an occurrence file the way the dashboard does and accounts for every row: rows read,
// kept, rejected by reason with file:line examples, species, observers, dates, bbox.
// Exit 0 when the file could be read (even with rejected rows), 1 when not at all, 2 on usage.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "app/commands.hpp"
#include "io/occurrence_reader.hpp"

namespace biodash::app {
namespace {

int usage() {
  std::fprintf(stderr,
               "usage: biodash inspect FILE[:LAYER] [--src-crs EPSG:CODE] [--map-crs EPSG:CODE]\n"
               "                       [--map TERM=COLUMN ...] [--threads N] [--quiet]\n"
               "  FILE: Darwin Core Archive (zip/tgz/dir), GBIF occurrence.txt or simple CSV,\n"
               "        iNaturalist/observation.org CSV, any delimited text, Simple Darwin Core\n"
               "        XML, or an OGR point layer (GeoPackage, FlatGeobuf, GeoJSON, ...)\n"
               "  --map TERM=COLUMN  e.g. --map decimalLongitude=X --map eventDate=Datum\n");
  return 2;
}

}  // namespace

int run_inspect(int argc, char** argv) {
  std::string file;
  OccurrenceOptions opts;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--src-crs" && has_value) {
      opts.src_crs = argv[++i];
    } else if (a == "--map-crs" && has_value) {
      opts.project_crs = argv[++i];
    } else if (a == "--map" && has_value) {
      const std::string kv = argv[++i];
      const size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) return usage();
      opts.mapping[kv.substr(0, eq)] = kv.substr(eq + 1);
    } else if (a == "--threads" && has_value) {
      opts.threads = std::atoi(argv[++i]);
    } else if (a == "--quiet") {
      quiet = true;
    } else if (a == "--help" || a == "-h") {
      return usage();
    } else if (!a.empty() && a[0] != '-' && file.empty()) {
      file = a;
    } else {
      return usage();
    }
  }
  if (file.empty()) return usage();
  const auto t0 = std::chrono::steady_clock::now();
  bool printed = false;
  int last_pct = -1;
  auto progress = [&](double f) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int pct = static_cast<int>(f * 100);
    if (!quiet && secs > 0.5 && pct != last_pct) {
      std::fprintf(stderr, "\rreading %s: %3d%%", file.c_str(), pct);
      printed = true;
      last_pct = pct;
    }
    return true;
  };
  IngestReport rep;
  try {
    read_occurrences(file, opts, rep, progress);
  } catch (const std::exception& e) {
    if (printed) std::fputc('\n', stderr);
    std::fprintf(stderr, "biodash inspect: %s\n", e.what());
    return 1;
  }
  if (printed) std::fputc('\n', stderr);
  std::fputs(rep.summary().c_str(), stdout);
  return 0;
}

}  // namespace biodash::app
