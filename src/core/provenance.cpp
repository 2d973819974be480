#include "core/provenance.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/species.hpp"

#ifndef BIODASH_VERSION
#define BIODASH_VERSION "unknown"
#endif

namespace biodash {
namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return b;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", u);
      out += b;
    } else {
      out += c;  // UTF-8 passes through
    }
  }
  return out + "\"";
}

}  // namespace

Provenance export_provenance(const ProvenanceInputs& in) {
  const LanguageScope english(Language::English);
  Provenance p;
  p.emplace_back("software", std::string("biodash ") + BIODASH_VERSION);
  p.emplace_back("created", utc_now());
  p.emplace_back("observations", in.observations);
  p.emplace_back("areas", in.areas);
  p.emplace_back("filter", in.filter.empty() ? "none" : in.filter);
  p.emplace_back("species_rule", species_rule_text(in.names_as_given));
  std::string st;
  auto add = [&st](const std::string& s) { st += (st.empty() ? "" : "; ") + s; };
  if (in.rarefy_m > 0)
    add("rarefied_" + std::to_string(in.rarefy_m) + ": expected species in " +
        std::to_string(in.rarefy_m) +
        " records (Hurlbert rarefaction; extrapolated up to twice an area's records, NA beyond)");
  if (in.coverage > 0)
    add("q0_cov, q1_cov, q2_cov: Hill numbers at sample coverage " + format_number(in.coverage, 3) +
        " (Chao et al. 2014; NA beyond twice an area's records)");
  if (in.bootstrap > 0)
    add("95% intervals from " + std::to_string(in.bootstrap) + " bootstrap samples, seed " +
        std::to_string(in.seed));
  p.emplace_back("standardisation", st.empty() ? "none (observed values)" : st);
  std::string cols;
  for (const std::string& c : in.columns) cols += (cols.empty() ? "" : ",") + c;
  p.emplace_back("columns", cols);
  p.emplace_back("definitions", "docs/metrics.md of biodash; NA (empty, NULL) = undefined");
  return p;
}

std::string provenance_json(const Provenance& p) {
  std::string out = "{\n";
  for (size_t i = 0; i < p.size(); ++i)
    out += "  " + json_string(p[i].first) + ": " + json_string(p[i].second) +
           (i + 1 < p.size() ? ",\n" : "\n");
  return out + "}\n";
}

}  // namespace biodash
