// `biodash aggregate`: biodiversity metrics per polygon or hex cell, headless, through the
// same core functions the GUI uses (read_occurrences, assign_points, compute_metrics).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/aggregate.hpp"
#include "core/analysis.hpp"
#include "core/engine.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/hexgrid.hpp"
#include "core/metrics.hpp"
#include "core/output_guard.hpp"
#include "core/provenance.hpp"
#include "core/spatial_sort.hpp"
#include "io/gdal_dataset.hpp"
#include "io/occurrence_parse.hpp"
#include "io/occurrence_reader.hpp"
#include "io/result_writer.hpp"
#include "io/vector_reader.hpp"

namespace biodash::app {
namespace {

int usage(const char* msg) {
  std::fprintf(
      stderr,
      "biodash aggregate: %s\n"
      "usage: biodash aggregate (--polygons FILE[:LAYER] | --hex SIZE_M)\n"
      "                         --observations FILE[:LAYER] --out RESULT.csv|RESULT.gpkg\n"
      "         [--id-field NAME] [--metrics LIST] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
      "         [--months 4-9] [--taxon NAME] [--quality research|needs_id|casual]\n"
      "         [--max-uncertainty M] [--src-crs EPSG:CODE] [--map-crs EPSG:CODE]\n"
      "         [--species-field COLUMN] [--threads N]\n"
      "         [--coverage C] [--bootstrap B] [--seed N]\n"
      "Metrics (default n_obs,n_species): n_obs, n_species, n_observers, n_days, first_date,\n"
      "last_date; plug-in shannon, simpson; estimators (docs/metrics.md): coverage, chao1,\n"
      "chao1_se, chao1_lcl, chao1_ucl, hill1, hill2, hill1_asy, hill2_asy, rarefied_<m>\n"
      "(extrapolated up to twice an area's records, empty beyond), and diversity standardised\n"
      "to sample coverage C (--coverage, default 0.9): q0_cov, q1_cov, q2_cov and the size\n"
      "m_cov reaching it, each with _lcl/_ucl 95%% bootstrap limits (--bootstrap samples,\n"
      "default 200; --seed, default 1: the same seed gives the same limits).\n"
      "An undefined value is an empty field (NULL in a GeoPackage), never 0.\n"
      "Species are resolved from GBIF keys and scientific names (authorship stripped,\n"
      "subspecies under their species; records above species rank count as records, not\n"
      "species; absences are excluded). --species-field COLUMN: each distinct value of that\n"
      "column is a species, as written.\n"
      "A point exactly on a polygon boundary counts in no polygon (GEOS contains = PostGIS\n"
      "ST_Contains). Observations are reprojected into the polygon layer's CRS (polygons are\n"
      "never warped); --hex cells are built in --map-crs (default EPSG:28992, metres).\n"
      "Prints TIMING load_s=.. agg_s=.. on stdout.\n",
      msg);
  return 2;
}

// A date argument: any form the ingest accepts (occurrence_parse), e.g. 2019, 2019-06 or
// 2019-06-30; `last` picks the last day a partial date covers.
bool parse_date(const std::string& s, int32_t& day, bool last) {
  uint16_t span = 0;
  if (parse_event_date(s, day, span) != DateParse::Ok) return false;
  if (last) day += span;
  return true;
}

struct Metric {
  std::string name;     // as given
  uint64_t m = 0;       // rarefaction depth for rarefied_<m>
  bool numeric = true;  // GeoPackage column type
};

}  // namespace

int run_aggregate(int argc, char** argv) {
  std::string polygons, observations, out, id_field, src_crs, map_crs = "EPSG:28992",
                                                              metrics = "n_obs,n_species";
  std::string from, to, months, taxon, quality, species_field, hex, max_unc;
  std::string threads_text, coverage_text, bootstrap_text, seed_text;
  bool allow_network = false;  // --allow-network: files may fetch remote data
  std::string error;
  ArgParser args;
  args.value({"--polygons"}, &polygons)
      .value({"--observations", "--points"}, &observations)
      .value({"--out"}, &out)
      .value({"--id-field"}, &id_field)
      .value({"--src-crs"}, &src_crs)
      .value({"--map-crs"}, &map_crs)
      .value({"--metrics"}, &metrics)
      .value({"--from"}, &from)
      .value({"--to"}, &to)
      .value({"--months"}, &months)
      .value({"--taxon"}, &taxon)
      .value({"--quality"}, &quality)
      .value({"--max-uncertainty"}, &max_unc)
      .value({"--species-field"}, &species_field)
      .value({"--hex"}, &hex)
      .value({"--threads"}, &threads_text)
      .value({"--coverage"}, &coverage_text)
      .value({"--bootstrap"}, &bootstrap_text)
      .value({"--seed"}, &seed_text)
      .flag({"--allow-network"}, &allow_network);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      usage("help");
      return 0;
    case ArgsResult::Error:
      return usage(error.c_str());
    case ArgsResult::Ok:
      break;
  }
  unsigned threads = 0;  // 0: all cores
  double hex_size = 0, max_uncertainty = -1, coverage = kDefaultCoverage;
  int bootstrap = 200;
  uint64_t seed = 1;
  try {
    if (!coverage_text.empty()) coverage = parse_decimal("--coverage", coverage_text, 0.01, 0.999);
    if (!bootstrap_text.empty())
      bootstrap = static_cast<int>(parse_whole("--bootstrap", bootstrap_text, 0, 100000));
    if (!seed_text.empty())
      seed = static_cast<uint64_t>(parse_whole("--seed", seed_text, 0, 2147483647));
    if (!hex.empty()) hex_size = parse_decimal("--hex", hex, kMinHexSizeM, kMaxHexSizeM);
    if (!max_unc.empty()) max_uncertainty = parse_decimal("--max-uncertainty", max_unc, 0, 1e7);
    if (!threads_text.empty())
      threads = static_cast<unsigned>(parse_whole("--threads", threads_text, 0, 1024));
  } catch (const Error& e) {
    return usage(e.what());
  }
  if ((polygons.empty() == hex.empty()) || observations.empty() || out.empty())
    return usage("one of --polygons or --hex, and --observations and --out are required");

  // Metrics, validated before any work.
  std::vector<Metric> list;
  bool diversity = false, estimators = false, coverage_std = false;
  uint64_t rarefy_m = 0;
  for (size_t b = 0; b <= metrics.size();) {
    size_t e = metrics.find(',', b);
    if (e == std::string::npos) e = metrics.size();
    Metric k{metrics.substr(b, e - b)};
    b = e + 1;
    static const char* known[] = {"n_obs",  "n_species",   "shannon",    "simpson",  "chao1",
                                  "n_days", "n_observers", "first_date", "last_date"};
    if (k.name.rfind("rarefied_", 0) == 0) {
      const std::string m = k.name.substr(9);
      uint64_t depth = 0;
      try {
        depth = static_cast<uint64_t>(
            parse_whole("--metrics rarefied_<m>", m, 1, static_cast<long>(kMaxRarefyDepth)));
      } catch (const Error& e) {
        return usage((std::string(e.what()) + " (use e.g. rarefied_50)").c_str());
      }
      if (rarefy_m && rarefy_m != depth) return usage("only one rarefaction depth per run");
      k.m = rarefy_m = depth;
    } else if (is_estimator_metric(k.name)) {
      estimators = true;
      coverage_std = coverage_std || is_coverage_metric(k.name);
    } else if (std::find_if(std::begin(known), std::end(known),
                            [&](const char* n) { return k.name == n; }) == std::end(known)) {
      return usage(("unknown metric '" + k.name +
                    "' (known: n_obs, n_species, n_observers, n_days, first_date, last_date, "
                    "shannon, simpson, chao1, rarefied_<m>, coverage, chao1_se, chao1_lcl, "
                    "chao1_ucl, hill1, hill2, hill1_asy, hill2_asy, q0_cov, q1_cov, q2_cov, "
                    "m_cov and their _lcl/_ucl)")
                       .c_str());
    }
    if (k.name == "shannon" || k.name == "simpson" || k.name == "chao1") diversity = true;
    k.numeric = k.name != "first_date" && k.name != "last_date";
    list.push_back(k);
  }
  const bool gpkg_out = out.size() > 5 && out.compare(out.size() - 5, 5, ".gpkg") == 0;

  try {
    set_network_allowed(allow_network);
    refuse_output_onto_input(out, {polygons, observations});
    const auto t0 = std::chrono::steady_clock::now();
    // ---- polygons (or hex cells, after the observations) ----
    std::vector<Layer> layers;
    Layer* poly = nullptr;
    std::string agg_crs = map_crs;
    if (!polygons.empty()) {
      OpenOptions popts;
      popts.fallback_crs = src_crs;
      layers = read_vector_file(polygons, popts);
      for (auto& l : layers)
        if (l.kind == GeomKind::Polygon || l.kind == GeomKind::Mixed) {
          poly = &l;
          break;
        }
      if (!poly)
        throw Error(polygons + ": no polygon layer (its geometries are " +
                    to_string(layers.front().kind) + "s)");
      std::fprintf(stderr, "%s\n", poly->report.summary().c_str());
      if (poly->source_crs.empty())
        throw Error(polygons + ": the polygon layer declares no CRS; give one with --src-crs");
      agg_crs = poly->source_crs;  // aggregate in the polygons' own CRS: no polygon warping
    }
    // ---- observations ----
    OccurrenceOptions oopts;
    oopts.project_crs = agg_crs;
    oopts.src_crs = src_crs;
    if (!species_field.empty()) {
      oopts.mapping["scientificName"] = species_field;
      oopts.names_as_given = true;  // the user's column: each distinct value is a species
    }
    IngestReport rep;
    ObservationStore store = read_occurrences(observations, oopts, rep);
    std::fprintf(stderr, "%s\n", rep.summary().c_str());
    // Building the store ends with its memory layout: spatial order (as the GUI does on load).
    sort_spatially(store);
    if (store.bounds.empty())
      for (size_t i = 0; i < store.size(); ++i) store.bounds.expand(store.x[i], store.y[i]);
    const auto t1 = std::chrono::steady_clock::now();

    // ---- assignment ----
    std::vector<const GEOSGeometry*> geoms;
    std::unique_ptr<HexGrid> grid;
    Layer hexes;
    Assignment asg;
    AggregateOptions aopts;
    aopts.threads = threads;
    if (poly) {
      int id_check = id_field.empty() ? 0 : poly->field_index(id_field);
      if (id_check < 0) throw Error(polygons + ": no field named '" + id_field + "'");
      for (const auto& g : poly->source_geoms) geoms.push_back(g.get());
      asg = assign_points(geoms, store.x.data(), store.y.data(), store.size(), aopts);
    } else {
      const double size = hex_size;
      grid = std::make_unique<HexGrid>(size,
                                       store.bounds.empty() ? Envelope{0, 0, 0, 0} : store.bounds);
      asg = assign_hex(*grid, store.x.data(), store.y.data(), store.size());
    }
    const AreaIndex idx = invert(asg);
    const double assign_bytes_per_obs =
        store.size() ? static_cast<double>((asg.offset.capacity() + asg.polygon.capacity()) *
                                           sizeof(uint32_t)) /
                           static_cast<double>(store.size())
                     : 0.0;
    const double index_bytes_per_obs =
        store.size() ? static_cast<double>(idx.bytes()) / static_cast<double>(store.size()) : 0.0;
    asg = Assignment{};  // the per-polygon index is all the metrics need

    // ---- filter and metrics ----
    Filter f;
    if (!from.empty() && !parse_date(from, f.from_day, false))
      throw Error("--from: not a date: " + from);
    if (!to.empty() && !parse_date(to, f.to_day, true)) throw Error("--to: not a date: " + to);
    if (!months.empty()) f.months = parse_months(months);
    if (!taxon.empty()) {
      f.taxon_allowed = taxon_mask(store, taxon);
      if (std::find(f.taxon_allowed.begin(), f.taxon_allowed.end(), 1) == f.taxon_allowed.end())
        std::fprintf(stderr, "biodash aggregate: note: no taxon matches '%s'\n", taxon.c_str());
    }
    if (!quality.empty()) f.min_quality = parse_quality(quality);
    if (max_uncertainty >= 0) f.max_uncertainty_m = static_cast<float>(max_uncertainty);
    MetricsOptions mopts;
    mopts.diversity = diversity;
    mopts.rarefy_m = rarefy_m;
    mopts.threads = threads;
    mopts.estimators = estimators;
    if (coverage_std) {
      mopts.coverage = coverage;
      mopts.bootstrap = bootstrap;
      mopts.seed = seed;
    }
    mopts.effort = std::any_of(list.begin(), list.end(), [](const Metric& k) {
      return k.name == "n_observers" || k.name == "n_days" || k.name == "first_date" ||
             k.name == "last_date";
    });
    const std::vector<AreaMetrics> m = compute_metrics(store, idx, f, mopts);
    const auto t2 = std::chrono::steady_clock::now();

    // ---- output ----
    ResultTable t;
    const int id_col = poly && !id_field.empty() ? poly->field_index(id_field) : -1;
    t.id_name = poly ? (id_col >= 0 ? poly->fields[id_col] : "fid") : "hex_id";
    for (const Metric& k : list) {
      t.columns.push_back(k.name);
      t.numeric.push_back(k.numeric);
    }
    for (size_t i = 0; i < m.size(); ++i) {
      t.ids.push_back(poly ? (id_col >= 0 ? poly->values[i][id_col] : std::to_string(poly->fids[i]))
                           : std::to_string(i + 1));
      std::vector<std::string> row;
      for (const Metric& k : list) row.push_back(metric_cell(m[i], k.name, k.m));
      t.values.push_back(std::move(row));
    }
    // How the numbers were made (core/provenance): GeoPackage metadata or the CSV's sidecar.
    ViewFilter said;  // the filter as given, in words
    said.from = from;
    said.to = to;
    said.months = f.months;
    if (!taxon.empty()) said.taxa = {taxon};
    said.min_quality = f.min_quality;
    if (max_uncertainty > 0) said.max_uncertainty_m = static_cast<float>(max_uncertainty);
    ProvenanceInputs pin;
    pin.observations = observations;
    pin.areas = poly ? polygons : "hexagons of " + format_number(hex_size, 0) + " m";
    pin.filter = said.describe();
    pin.columns = t.columns;
    pin.names_as_given = oopts.names_as_given;
    pin.rarefy_m = rarefy_m;
    pin.coverage = coverage_std ? coverage : 0;
    pin.bootstrap = coverage_std ? bootstrap : 0;
    pin.seed = seed;
    t.provenance = export_provenance(pin);
    if (gpkg_out) {
      std::vector<GeomPtr> hex_geoms;
      if (grid) {
        for (size_t i = 0; i < grid->size(); ++i) hex_geoms.push_back(grid->polygon(i));
        for (const auto& g : hex_geoms) geoms.push_back(g.get());
      }
      write_result_gpkg(out, poly ? poly->source_layer : "hexagons", agg_crs, geoms, t);
    } else {
      write_result_csv(out, t);
    }
    const auto t3 = std::chrono::steady_clock::now();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("TIMING load_s=%.3f agg_s=%.3f write_s=%.3f\n", secs(t0, t1), secs(t1, t2),
                secs(t2, t3));
    if (coverage_std)
      std::fprintf(stderr,
                   "q0_cov, q1_cov, q2_cov: diversity at sample coverage %.3g (Chao et al. 2014), "
                   "95%% intervals from %d bootstrap samples per area, seed %llu\n",
                   coverage, bootstrap, static_cast<unsigned long long>(seed));
    std::fprintf(stderr,
                 "%zu %s, %zu observations -> %s (assignment %.1f bytes/observation while "
                 "built, per-area index %.1f bytes/observation kept)\n",
                 m.size(), poly ? "polygons" : "hex cells", store.size(), out.c_str(),
                 assign_bytes_per_obs, index_bytes_per_obs);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash aggregate: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
