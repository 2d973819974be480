#pragma once
// What the demo generator writes (internal to it): locale-free number, date and JSON text,
// the file both outputs are written to atomically, one CSV row of a record, and the
// planted-effects JSON. The public observation_csv_header() is defined here too.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "demo_places.hpp"
#include "observation_generator.hpp"
#include "taxon_pools.hpp"

namespace biodash::demo {

// v in decimal (std::to_chars).
void append_int(std::string& s, int64_t v);
// v with `decimals` fixed decimals (std::to_chars).
void append_fixed(std::string& s, double v, int decimals);
// "YYYY-MM-DD".
void append_date(std::string& s, int y, int m, int d);
// v as a JSON string: quoted, with '"' and '\' escaped (nothing else is).
std::string json_string(const std::string& v);

// Appends record o as one CSV row (observation_csv_header()'s columns, with its newline) to
// `buf`. (lon, lat) are o's WGS84 coordinates: they are written with 6 decimals and o.lon,
// o.lat set to exactly what is written. `seed_text` is the seed in decimal (occurrenceID).
void append_csv_row(std::string& buf, Observation& o, double lon, double lat, const Taxon& t,
                    const std::string& locality, const std::string& seed_text);

// The planted-effects JSON for the records of `cfg`: each LBSP measure with its controls,
// expectation and pool, the Polderlab plots with their treatment and the wetland pool.
std::string planted_effects_json(const GeneratorConfig& cfg, const DemoPlaces& d,
                                 const TaxonTables& tables, const std::vector<Taxon>& taxa);

}  // namespace biodash::demo
