#pragma once
// Synthetic citizen-science observations for the Leiden demo (clearly labelled synthetic).
//
// Writes Darwin Core records in the column layout of a GBIF "simple" download (tab-separated,
// UTF-8, header row, no quoting) plus iNaturalist's quality_grade and a taxon group, for
// Leiden and Oud-Ade, 2015-01-01 .. 2026-12-31. The output is a pure function of
// (count, seed, source files): one PRNG (xoshiro256**), no library distributions, integers
// and doubles formatted with std::to_chars, no unordered containers, one thread.
//
// What it models: real Dutch taxa with tiered abundance and seasonality (tools/demo/taxa.tsv);
// observer effort bias (Zipf-like activity of 3,000 pseudonymous observers, weekends, spring
// and summer, growth per year; in space: most records in the green sites (each with a busy
// core), along the Singel, the Rijn and the banks, in the old town and in observers' gardens,
// a thin uniform background);
// coordinate uncertainty, partial dates and ranges, quality grades. Planted effects (written
// to the effects JSON): after each LBSP measure's date, an extra species pool appears in its
// impact area (not in its control); after 2021-09-01, rewetted Polderlab plots receive
// wetland taxa (deep rewetting more than shallow), control plots do not.
#include <cstdint>
#include <string>
#include <vector>

namespace biodash::demo {

// One taxon of tools/demo/taxa.tsv.
struct Taxon {
  std::string scientific;  // binomial, e.g. "Turdus merula" (no authorship)
  std::string dutch;       // Dutch vernacular name
  std::string english;     // English vernacular name
  std::string group;       // taxon group: birds, vascular plants, insects, ...
  std::string kingdom;     // Darwin Core kingdom
  std::string phylum;      // phylum
  std::string cls;         // class
  std::string order;       // order
  std::string family;      // family
  std::string genus;       // first word of `scientific`
  unsigned habitat = 0;    // bit set of kUrban|kTrees|kMeadow|kWetland
  unsigned months = 0;     // bit m-1 set when month m is in season (flight/flowering/presence)
  int abundance = 3;       // 1 (very common) .. 5 (rare)
};

inline constexpr unsigned kUrban = 1;    // 'u': streets, gardens, buildings
inline constexpr unsigned kTrees = 2;    // 't': trees, parks with woodland
inline constexpr unsigned kMeadow = 4;   // 'm': grassland, verges, meadows
inline constexpr unsigned kWetland = 8;  // 'w': water, banks, marsh, peat meadow ditches

// Reads tools/demo/taxa.tsv; throws Error naming the file and row on a malformed row.
std::vector<Taxon> read_taxa(const std::string& path);

struct GeneratorConfig {
  uint64_t count = 200000;   // records to write
  uint64_t seed = 2021;      // PRNG seed: same seed, count and sources give the same bytes
  std::string source_dir;    // repository root: data/demo/*.tsv, data/leiden, tools/demo/taxa.tsv
  std::string csv_path;      // output observations (tab-separated), written atomically
  std::string effects_path;  // output planted-effects JSON ("" = not written), atomically
};

// One generated record, handed to an ObservationSink in batches.
struct Observation {
  uint64_t index = 0;                // 0-based record number (gbifID = 5000000001 + index)
  uint32_t taxon = 0;                // index into the taxa table
  uint32_t observer = 0;             // 0-based; recordedBy is "obs_%04d" of observer + 1
  uint32_t place = 0;                // index into the generator's places (locality)
  double x = 0, y = 0;               // RD New, as sampled
  double lon = 0, lat = 0;           // WGS84 as written (6 decimals)
  int year = 0, month = 0, day = 0;  // first day of the event
  std::string event_date;            // ISO 8601 as written: 2019-06-13, 2019-06 or a range
  int uncertainty_m = 0;             // coordinateUncertaintyInMeters, 0 = blank
  int individual_count = 0;          // 0 = blank
  const char* quality = "";          // research / needs_id / casual
};

struct GenerationSummary {
  uint64_t records = 0;                 // records written
  std::vector<Taxon> taxa;              // the taxa table used (Observation::taxon indexes it)
  std::vector<std::string> localities;  // Observation::place -> locality text
};

// Receives every record after it is written to the CSV (e.g. to fill a GeoPackage layer).
class ObservationSink {
 public:
  virtual ~ObservationSink() = default;
  // `info` holds the taxa and localities the batch's indices refer to.
  virtual void add(const std::vector<Observation>& batch, const GenerationSummary& info) = 0;
};

// Generates config.count records into config.csv_path (and the effects JSON). Throws Error
// (naming the file and carrying the library's message) on I/O, GEOS or PROJ failure.
GenerationSummary generate_observations(const GeneratorConfig& config,
                                        ObservationSink* sink = nullptr);

// The CSV header, tab-separated, without newline.
const char* observation_csv_header();

}  // namespace biodash::demo
