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
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_reader.hpp"

namespace biodash::app {
namespace {

int usage(const std::string& error = {}) {
  if (!error.empty()) std::fprintf(stderr, "biodash inspect: %s\n", error.c_str());
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
  OccurrenceOptions opts;
  bool quiet = false;
  bool allow_network = false;  // --allow-network: files may fetch remote data
  std::vector<std::string> files, maps;
  std::string threads, error;
  ArgParser args;
  args.value({"--src-crs"}, &opts.src_crs)
      .value({"--map-crs"}, &opts.project_crs)
      .list({"--map"}, &maps)
      .value({"--threads"}, &threads)
      .flag({"--quiet"}, &quiet)
      .flag({"--allow-network"}, &allow_network)
      .positionals(&files, 1);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      usage();
      return 0;
    case ArgsResult::Error:
      return usage(error);
    case ArgsResult::Ok:
      break;
  }
  for (const std::string& kv : maps) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return usage("--map wants TERM=COLUMN, got '" + kv + "'");
    opts.mapping[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  try {
    if (!threads.empty())
      opts.threads = static_cast<int>(parse_whole("--threads", threads, 0, 1024));
  } catch (const std::exception& e) {
    return usage(e.what());
  }
  if (files.empty()) return usage("no FILE given");
  const std::string& file = files[0];
  set_network_allowed(allow_network);
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
