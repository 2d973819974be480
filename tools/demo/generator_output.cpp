#include "generator_output.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "demo_sources.hpp"

namespace biodash::demo {
namespace {

const char* const kLicences[7] = {"CC_BY_4_0", "CC_BY_4_0", "CC_BY_4_0", "CC_BY_NC_4_0",
                                  "CC0_1_0",   "CC0_1_0",   "CC0_1_0"};  // by observer % 7

}  // namespace

void append_int(std::string& s, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}
void append_fixed(std::string& s, double v, int decimals) {
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  s.append(buf, r.ptr);
}
void append_date(std::string& s, int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  s += buf;
}
std::string json_string(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* observation_csv_header() {
  return "gbifID\tdatasetName\toccurrenceID\tkingdom\tphylum\tclass\torder\tfamily\tgenus\t"
         "species\ttaxonRank\tscientificName\tvernacularName\tcountryCode\tstateProvince\t"
         "locality\toccurrenceStatus\tindividualCount\tdecimalLatitude\tdecimalLongitude\t"
         "coordinateUncertaintyInMeters\teventDate\tday\tmonth\tyear\tbasisOfRecord\tlicense\t"
         "recordedBy\tquality_grade\ttaxonGroup\tvernacularName_en";
}

void append_csv_row(std::string& buf, Observation& o, double lon, double lat, const Taxon& t,
                    const std::string& locality, const std::string& seed_text) {
  // Round to the 6 decimals written, so sinks see exactly what the CSV says.
  char lat_text[32], lon_text[32];
  auto rl = std::to_chars(lat_text, lat_text + sizeof lat_text, lat, std::chars_format::fixed, 6);
  auto ro = std::to_chars(lon_text, lon_text + sizeof lon_text, lon, std::chars_format::fixed, 6);
  std::from_chars(lat_text, rl.ptr, o.lat);
  std::from_chars(lon_text, ro.ptr, o.lon);
  const bool range = o.event_date.size() > 10;
  const bool partial = o.event_date.size() == 7;
  int y2 = 0, m2 = 0;
  if (range) std::sscanf(o.event_date.c_str() + 11, "%d-%d", &y2, &m2);

  append_int(buf, 5000000001LL + static_cast<int64_t>(o.index));
  buf += "\tbiodash synthetic citizen observations (NOT REAL DATA)\turn:biodash:synthetic:s";
  buf += seed_text;
  buf += ':';
  append_int(buf, static_cast<int64_t>(o.index) + 1);
  for (const std::string* s :
       {&t.kingdom, &t.phylum, &t.cls, &t.order, &t.family, &t.genus, &t.scientific}) {
    buf += '\t';
    buf += *s;
  }
  buf += "\tSPECIES\t";
  buf += t.scientific;
  buf += '\t';
  buf += t.dutch;
  buf += "\tNL\tZuid-Holland\t";
  buf += locality;
  buf += "\tPRESENT\t";
  if (o.individual_count > 0) append_int(buf, o.individual_count);
  buf += '\t';
  buf.append(lat_text, rl.ptr);
  buf += '\t';
  buf.append(lon_text, ro.ptr);
  buf += '\t';
  if (o.uncertainty_m > 0) append_int(buf, o.uncertainty_m);
  buf += '\t';
  buf += o.event_date;
  buf += '\t';
  if (!range && !partial) append_int(buf, o.day);
  buf += '\t';
  if (!range || (y2 == o.year && m2 == o.month)) append_int(buf, o.month);
  buf += '\t';
  if (!range || y2 == o.year) append_int(buf, o.year);
  buf += "\tHUMAN_OBSERVATION\t";
  buf += kLicences[o.observer % 7];
  buf += "\tobs_";
  char ob[12];
  std::snprintf(ob, sizeof ob, "%04u", o.observer + 1);
  buf += ob;
  buf += '\t';
  buf += o.quality;
  buf += '\t';
  buf += t.group;
  buf += '\t';
  buf += t.english;
  buf += '\n';
}

std::string planted_effects_json(const GeneratorConfig& cfg, const DemoPlaces& d,
                                 const TaxonTables& tables, const std::vector<Taxon>& taxa) {
  const std::string seed_text = std::to_string(cfg.seed);
  std::string j = "{\n  \"synthetic\": true,\n  \"generator\": \"biodash-gen-observations\",\n";
  j += "  \"seed\": " + seed_text + ",\n  \"count\": " + std::to_string(cfg.count) + ",\n";
  j += "  \"period\": [\"2015-01-01\", \"2026-12-31\"],\n";
  j += "  \"csv\": " + json_string(std::filesystem::path(cfg.csv_path).filename().string()) + ",\n";
  j += "  \"lbsp_measures\": [\n";
  for (size_t i = 0; i < d.lbsp.size(); ++i) {
    const LbspEffect& e = d.lbsp[i];
    j += "    {\"id\": " + json_string(e.id) + ", \"type\": " + json_string(e.type) +
         ", \"date\": " + json_string(e.date) + ", \"impact_area\": " + json_string(e.id) +
         ", \"controls\": [";
    for (size_t a = 0, b; a <= e.controls.size(); a = b + 1) {
      b = e.controls.find(',', a);
      if (b == std::string::npos) b = e.controls.size();
      j += (a ? ", " : "") + json_string(e.controls.substr(a, b - a));
    }
    j += "],\n     \"expected\": \"species richness rises in the impact area after the date, "
         "not in the controls: (I_after - I_before) - (C_after - C_before) > 0\",\n";
    j += "     \"pool_probability_after\": ";
    append_fixed(j, kLbspPoolProbability, 2);
    j += ", \"pool\": [";
    const auto& mem = tables.pool_members[e.pool];
    for (size_t k = 0; k < mem.size(); ++k)
      j += (k ? ", " : "") + json_string(taxa[mem[k]].scientific);
    j += "]}";
    j += i + 1 < d.lbsp.size() ? ",\n" : "\n";
  }
  j += "  ],\n  \"polderlab\": {\n    \"expected\": \"after the start date rewetted plots gain "
       "more wetland taxa (habitat flag w in taxa.tsv) than control plots; deep > shallow\",\n";
  j += "    \"plots\": [\n";
  for (size_t i = 0; i < d.plots.size(); ++i) {
    const PlotEffect& e = d.plots[i];
    int y, m, dd;
    civil_from_days(e.day, y, m, dd);
    std::string date;
    append_date(date, y, m, dd);
    j += "      {\"id\": " + json_string(e.id) + ", \"treatment\": " + json_string(e.treatment) +
         ", \"start\": " + json_string(date) + ", \"wetland_pool_probability_after\": ";
    append_fixed(j, e.probability, 2);
    j += i + 1 < d.plots.size() ? "},\n" : "}\n";
  }
  j += "    ],\n    \"wetland_pool\": [";
  const auto& wet = tables.pool_members[kPoolWetland];
  for (size_t k = 0; k < wet.size(); ++k)
    j += (k ? ", " : "") + json_string(taxa[wet[k]].scientific);
  j += "]\n  }\n}\n";
  return j;
}

}  // namespace biodash::demo
