#include "observation_generator.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/crs.hpp"
#include "core/error.hpp"
#include "demo_places.hpp"
#include "demo_sources.hpp"
#include "generator_output.hpp"
#include "generator_random.hpp"
#include "record_sampling.hpp"
#include "taxon_pools.hpp"

namespace biodash::demo {
namespace {

constexpr size_t kBatch = 16384;  // records per batch (one PROJ call, one sink call)

// Phase 4: draws cfg.count records and writes them to cfg.csv_path, handing each batch to
// `sink` after it is written.
void write_records(const GeneratorConfig& cfg, const DemoPlaces& places, const TaxonTables& tables,
                   const Effort& effort, GenerationSummary& summary, ObservationSink* sink) {
  const std::vector<Taxon>& taxa = summary.taxa;
  Rng rng(cfg.seed);
  CrsTransform to_wgs84(kDemoCrs, "EPSG:4326");
  AtomicWriter out(cfg.csv_path);  // core/atomic_file
  std::string buf = observation_csv_header();
  buf += '\n';
  const std::string seed_text = std::to_string(cfg.seed);

  std::vector<Observation> batch;
  std::vector<double> xs, ys;
  batch.reserve(kBatch);
  for (uint64_t done = 0; done < cfg.count;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kBatch, cfg.count - done));
    batch.assign(n, Observation{});
    xs.resize(n);
    ys.resize(n);
    for (size_t k = 0; k < n; ++k) {
      Observation& o = batch[k];
      o.index = done + k;
      sample_record(o, places, tables, taxa, effort, rng);
      xs[k] = o.x;
      ys[k] = o.y;
    }
    if (to_wgs84.transform(xs.data(), ys.data(), n) != 0)
      throw Error("PROJ could not transform generated points to WGS84");
    for (size_t k = 0; k < n; ++k) {
      Observation& o = batch[k];
      append_csv_row(buf, o, xs[k], ys[k], taxa[o.taxon], summary.localities[o.place], seed_text);
      if (buf.size() > (1u << 20)) {
        out.write(buf);
        buf.clear();
      }
    }
    if (sink) sink->add(batch, summary);
    done += n;
  }
  out.write(buf);
  out.commit();
  summary.records = cfg.count;
}

}  // namespace

// The generator's phases, each in a file of its own:
//   1. inputs: the taxa table (taxon_pools.cpp) and the demo sources (demo_sources.cpp);
//   2. the places and their shares of the records, with the planted effects (demo_places.cpp);
//   3. the taxon tables per habitat profile, pool and month (taxon_pools.cpp) and the observer
//      effort (record_sampling.cpp);
//   4. the records, drawn one after the other from one Rng (record_sampling.cpp), projected
//      to WGS84 and written as CSV rows (generator_output.cpp) in batches, each batch then
//      handed to the sink;
//   5. the planted-effects JSON (generator_output.cpp).
// Randomness is generator_random.hpp; point tests and paths are sampling_geometry.cpp.
GenerationSummary generate_observations(const GeneratorConfig& cfg, ObservationSink* sink) {
  if (cfg.csv_path.empty()) throw Error("generate_observations: no output path");
  // 1. Inputs: the taxa and the illustrative sources with their gemeenten.
  GenerationSummary summary;
  summary.taxa = read_taxa(cfg.source_dir + "/tools/demo/taxa.tsv");
  const DemoSources src = load_demo_sources(cfg.source_dir);

  // 2. Where records are made: the places, their shares and the planted effects.
  const DemoPlaces places = build_places(src, cfg.seed);
  for (const Place& p : places.places) summary.localities.push_back(p.locality);

  // 3. What and when: the taxon tables and the observer effort.
  const TaxonTables tables = build_taxon_tables(summary.taxa);
  const Effort effort = build_effort();

  // 4. The records, to the CSV and the sink.
  write_records(cfg, places, tables, effort, summary, sink);

  // 5. The planted-effects JSON, when asked for.
  if (!cfg.effects_path.empty()) {
    AtomicWriter ef(cfg.effects_path);
    ef.write(planted_effects_json(cfg, places, tables, summary.taxa));
    ef.commit();
  }
  return summary;
}

}  // namespace biodash::demo
