#include "io/occurrence_parse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/observations.hpp"
#include "core/text.hpp"

namespace biodash {

RecordScan scan_record(std::string_view data, size_t pos, const Dialect& d,
                       std::vector<std::string_view>& fields, std::vector<std::string>& scratch) {
  RecordScan r;
  fields.clear();
  const char* base = data.data();
  const size_t n = data.size();
  const char delim = d.delimiter, quote = d.quote;
  size_t i = pos;
  while (true) {
    // One field starting at i.
    if (quote && i < n && base[i] == quote) {
      ++i;
      const size_t start = i;
      bool doubled = false;
      size_t end = n;
      while (i < n) {
        const char c = base[i];
        if (c == quote) {
          if (i + 1 < n && base[i + 1] == quote) {
            doubled = true;
            i += 2;
            continue;
          }
          end = i;
          ++i;
          break;
        }
        if (c == '\n') ++r.newlines;
        ++i;
      }
      if (end == n) r.unclosed_quote = true;
      std::string_view f(base + start, end - start);
      // The field with "" collapsed to ", built in this field's scratch string.
      auto unescaped = [&]() -> std::string& {
        const size_t k = fields.size();
        if (scratch.size() <= k) {
          // Growing `scratch` moves its strings: a short one's bytes live inside the string
          // object, so views of this record's earlier unescaped fields are re-pointed (found
          // by fuzz_dwca: a use after free).
          std::vector<const char*> old(scratch.size());
          for (size_t j = 0; j < scratch.size(); ++j) old[j] = scratch[j].data();
          scratch.resize(k + 1);
          for (size_t j = 0; j < fields.size() && j < old.size(); ++j)
            if (fields[j].data() == old[j])
              fields[j] = std::string_view(scratch[j].data(), fields[j].size());
        }
        std::string& out = scratch[k];
        out.clear();
        for (size_t j = 0; j < f.size(); ++j) {
          out.push_back(f[j]);
          if (f[j] == quote && j + 1 < f.size() && f[j + 1] == quote) ++j;
        }
        return out;
      };
      if (i < n && base[i] != delim && base[i] != '\n' && base[i] != '\r') {
        // Lenient: text after the closing quote belongs to the field (e.g. "a"b).
        r.stray_quote = true;
        const size_t s2 = i;
        while (i < n && base[i] != delim && base[i] != '\n') ++i;
        size_t e2 = i;
        if (e2 > s2 && base[e2 - 1] == '\r' && (i >= n || base[i] == '\n')) --e2;
        std::string& out = unescaped();
        out.append(base + s2, e2 - s2);
        fields.emplace_back(out);
      } else if (doubled) {
        fields.emplace_back(unescaped());
      } else {
        fields.push_back(f);
      }
      if (i < n && base[i] == '\r' && (i + 1 >= n || base[i + 1] == '\n')) ++i;
    } else {
      const size_t start = i;
      while (i < n && base[i] != delim && base[i] != '\n') ++i;
      size_t end = i;
      if (end > start && base[end - 1] == '\r' && (i >= n || base[i] == '\n')) --end;
      fields.emplace_back(base + start, end - start);
    }
    if (i >= n) {
      r.next = n;
      return r;
    }
    if (base[i] == delim) {
      ++i;
      continue;
    }
    // '\n'
    ++r.newlines;
    r.next = i + 1;
    return r;
  }
}

size_t split_plain_record(std::string_view data, size_t pos, char delim,
                          std::vector<std::string_view>& fields, uint32_t& newlines) {
  fields.clear();
  const char* base = data.data();
  const size_t n = data.size();
  size_t start = pos, i = pos;
#if defined(__SSE2__)
  // 16 bytes at a time: a bit per delimiter or '\n', then walk the set bits.
  const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n');
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + i));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, vd), _mm_cmpeq_epi8(v, vn))));
    while (mask) {
      const size_t j = i + static_cast<size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
      if (base[j] == '\n') {
        size_t end = j;
        if (end > start && base[end - 1] == '\r') --end;
        fields.emplace_back(base + start, end - start);
        newlines = 1;
        return j + 1;
      }
      fields.emplace_back(base + start, j - start);
      start = j + 1;
    }
    i += 16;
  }
#endif
  for (; i < n; ++i) {
    const char c = base[i];
    if (c == '\n') {
      size_t end = i;
      if (end > start && base[end - 1] == '\r') --end;
      fields.emplace_back(base + start, end - start);
      newlines = 1;
      return i + 1;
    }
    if (c == delim) {
      fields.emplace_back(base + start, i - start);
      start = i + 1;
    }
  }
  size_t end = n;
  if (end > start && base[end - 1] == '\r') --end;
  fields.emplace_back(base + start, end - start);
  newlines = 0;
  return n;
}

char detect_delimiter(std::string_view line) {
  const char cands[] = {',', ';', '\t', '|'};
  size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\n') break;
    if (quoted) continue;
    for (int k = 0; k < 4; ++k)
      if (c == cands[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return cands[best];
}

bool classic_mac_line_ends(std::string_view data) {
  return data.find('\r') != std::string_view::npos && data.find('\n') == std::string_view::npos;
}

std::string to_unix_line_ends(std::string_view data) {
  std::string out(data);
  std::replace(out.begin(), out.end(), '\r', '\n');
  return out;
}

// ---- terms -------------------------------------------------------------------------------

namespace {

struct TermName {
  Term term;        // the term
  const char* dwc;  // Darwin Core name
};
const TermName kTermNames[] = {
    {Term::OccurrenceId, "occurrenceID"},
    {Term::ScientificName, "scientificName"},
    {Term::TaxonRank, "taxonRank"},
    {Term::Kingdom, "kingdom"},
    {Term::Phylum, "phylum"},
    {Term::Class, "class"},
    {Term::Order, "order"},
    {Term::Family, "family"},
    {Term::Genus, "genus"},
    {Term::Species, "species"},
    {Term::VernacularName, "vernacularName"},
    {Term::VernacularNameEn, "vernacularName_en"},
    {Term::TaxonGroup, "taxonGroup"},
    {Term::EventDate, "eventDate"},
    {Term::Year, "year"},
    {Term::Month, "month"},
    {Term::Day, "day"},
    {Term::Longitude, "decimalLongitude"},
    {Term::Latitude, "decimalLatitude"},
    {Term::Uncertainty, "coordinateUncertaintyInMeters"},
    {Term::RecordedBy, "recordedBy"},
    {Term::IndividualCount, "individualCount"},
    {Term::OccurrenceStatus, "occurrenceStatus"},
    {Term::Quality, "quality_grade"},
    {Term::GeodeticDatum, "geodeticDatum"},
    {Term::LatLonPair, "location"},
    {Term::SpeciesKey, "speciesKey"},
    {Term::AcceptedTaxonKey, "acceptedTaxonKey"},
    {Term::TaxonKey, "taxonKey"},
};

// Normalised column names (lower case, no '_', '-', ' ', '.') and their terms.
struct Alias {
  const char* name;  // normalised column name
  Term term;         // the term it means
};
const Alias kAliases[] = {
    {"occurrenceid", Term::OccurrenceId},
    {"scientificname", Term::ScientificName},
    {"wetenschappelijkenaam", Term::ScientificName},
    {"taxonname", Term::ScientificName},
    {"latinname", Term::ScientificName},
    {"taxonrank", Term::TaxonRank},
    {"rank", Term::TaxonRank},
    {"kingdom", Term::Kingdom},
    {"phylum", Term::Phylum},
    {"class", Term::Class},
    {"order", Term::Order},
    {"family", Term::Family},
    {"genus", Term::Genus},
    {"species", Term::Species},
    {"vernacularname", Term::VernacularName},
    {"commonname", Term::VernacularName},
    {"naam", Term::VernacularName},
    {"nederlandsenaam", Term::VernacularName},
    {"soort", Term::VernacularName},
    {"speciesname", Term::VernacularName},
    {"catchtypename", Term::VernacularName},
    {"vernacularnameen", Term::VernacularNameEn},
    {"taxongroup", Term::TaxonGroup},
    {"iconictaxonname", Term::TaxonGroup},
    {"soortgroep", Term::TaxonGroup},
    {"eventdate", Term::EventDate},
    {"observedon", Term::EventDate},
    {"date", Term::EventDate},
    {"datum", Term::EventDate},
    {"createdon", Term::EventDate},
    {"observationdate", Term::EventDate},
    {"year", Term::Year},
    {"month", Term::Month},
    {"day", Term::Day},
    {"decimallongitude", Term::Longitude},
    {"longitude", Term::Longitude},
    {"lon", Term::Longitude},
    {"lng", Term::Longitude},
    {"long", Term::Longitude},
    {"x", Term::Longitude},
    {"xcoord", Term::Longitude},
    {"xcoordinate", Term::Longitude},
    {"decimallatitude", Term::Latitude},
    {"latitude", Term::Latitude},
    {"lat", Term::Latitude},
    {"y", Term::Latitude},
    {"ycoord", Term::Latitude},
    {"ycoordinate", Term::Latitude},
    {"coordinateuncertaintyinmeters", Term::Uncertainty},
    {"positionalaccuracy", Term::Uncertainty},
    {"accuracy", Term::Uncertainty},
    {"nauwkeurigheid", Term::Uncertainty},
    {"recordedby", Term::RecordedBy},
    {"userlogin", Term::RecordedBy},
    {"observerid", Term::RecordedBy},
    {"observer", Term::RecordedBy},
    {"waarnemer", Term::RecordedBy},
    {"userid", Term::RecordedBy},
    {"individualcount", Term::IndividualCount},
    {"count", Term::IndividualCount},
    {"number", Term::IndividualCount},
    {"aantal", Term::IndividualCount},
    {"numberofcatches", Term::IndividualCount},
    {"occurrencestatus", Term::OccurrenceStatus},
    {"qualitygrade", Term::Quality},
    {"geodeticdatum", Term::GeodeticDatum},
    {"location", Term::LatLonPair},
    {"specieskey", Term::SpeciesKey},
    {"acceptedtaxonkey", Term::AcceptedTaxonKey},
    {"taxonkey", Term::TaxonKey},
};

std::string normalise(std::string_view name) {
  name = trim_blanks(name);
  // Strip a URI or prefix namespace: keep what follows the last '/', '#' or ':'.
  const size_t cut = name.find_last_of("/#:");
  if (cut != std::string_view::npos && cut + 1 < name.size()) name.remove_prefix(cut + 1);
  std::string out;
  for (char c : name) {
    if (c == '_' || c == '-' || c == ' ' || c == '.' || c == '"') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

const char* term_name(Term t) {
  for (const auto& tn : kTermNames)
    if (tn.term == t) return tn.dwc;
  return "?";
}

int term_alias_rank(std::string_view name, Term& out) {
  // Alias -> (rank, term); the first listing of an alias wins, as in a linear search.
  static const std::unordered_map<std::string_view, std::pair<int, Term>> index = [] {
    std::unordered_map<std::string_view, std::pair<int, Term>> m;
    int rank = 0;
    for (const auto& a : kAliases) m.emplace(a.name, std::make_pair(rank++, a.term));
    return m;
  }();
  const auto it = index.find(normalise(name));
  if (it == index.end()) return -1;
  out = it->second.second;
  return it->second.first;
}

bool term_from_name(std::string_view name, Term& out) {
  return term_alias_rank(name, out) >= 0;
}

bool term_from_key(std::string_view key, Term& out) {
  // The terms' own names, normalised once (meta.xml files name hundreds of fields).
  static const std::vector<std::pair<std::string, Term>> keys = [] {
    std::vector<std::pair<std::string, Term>> v;
    for (const auto& tn : kTermNames) v.emplace_back(normalise(tn.dwc), tn.term);
    return v;
  }();
  const std::string k = normalise(key);
  for (const auto& [name, term] : keys) {
    if (name == k) {
      out = term;
      return true;
    }
  }
  return term_from_name(key, out);
}

}  // namespace biodash
