#pragma once
// Low-level, allocation-free parsers of the occurrence ingest: delimited records and Darwin
// Core term names (dates, numbers and text encodings: core/parse.hpp). Pure functions over byte
// ranges, safe on any input (they are the libFuzzer targets in fuzz/). Thread-safe: no shared
// state.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/parse.hpp"

namespace biodash {

// ---- delimited records -------------------------------------------------------------------

// How a delimited file is written (CSV, TSV, Darwin Core Archive text files).
struct Dialect {
  char delimiter = ',';  // field separator
  char quote = '"';      // field enclosure; '\0' = fields are never quoted
};

// Outcome of scanning one record.
struct RecordScan {
  size_t next = 0;              // offset just after the record's line terminator
  uint32_t newlines = 0;        // line terminators consumed (>1 with quoted newlines)
  bool unclosed_quote = false;  // a quoted field ran to the end of the data
  bool stray_quote = false;     // text followed a closing quote before the delimiter
};

// Splits the record that starts at data[pos] into fields. Views point into `data`, or into
// `scratch` for quoted fields that contained doubled quotes; they stay valid until the next
// call with the same scratch. Lines end at '\n' (a preceding '\r' is dropped). Never reads
// outside data.
RecordScan scan_record(std::string_view data, size_t pos, const Dialect& d,
                       std::vector<std::string_view>& fields, std::vector<std::string>& scratch);

// scan_record for data known to hold no quote character (or a dialect without quotes):
// splits the record at data[pos] on `delim`, the line ends at '\n' (a preceding '\r' is
// dropped). Returns the offset after the record; `newlines` = 1, or 0 at the end of data.
// Same fields as scan_record, several times faster (SIMD).
size_t split_plain_record(std::string_view data, size_t pos, char delim,
                          std::vector<std::string_view>& fields, uint32_t& newlines);

// Picks the delimiter of a header line among , ; TAB | (most frequent outside quotes).
char detect_delimiter(std::string_view first_line);

// True when lines end in a lone '\r' (classic Mac OS, Excel's "CSV (Macintosh)"): the data
// holds a carriage return and no line feed. Such data is read through to_unix_line_ends().
bool classic_mac_line_ends(std::string_view data);
// A copy of data with every '\r' turned into '\n'.
std::string to_unix_line_ends(std::string_view data);

// ---- Darwin Core terms -------------------------------------------------------------------

// The Darwin Core terms the store uses. Column names of any export map onto these.
enum class Term : uint8_t {
  OccurrenceId,
  ScientificName,
  TaxonRank,
  Kingdom,
  Phylum,
  Class,
  Order,
  Family,
  Genus,
  Species,
  VernacularName,
  VernacularNameEn,
  TaxonGroup,
  EventDate,
  Year,
  Month,
  Day,
  Longitude,  // decimalLongitude, or an easting in a projected CRS
  Latitude,   // decimalLatitude, or a northing in a projected CRS
  Uncertainty,
  RecordedBy,
  IndividualCount,
  OccurrenceStatus,
  Quality,
  GeodeticDatum,
  LatLonPair,        // "(lat, lon)" or "lat,lon" in one field (iNaturalist flattened API CSV)
  SpeciesKey,        // GBIF speciesKey: the accepted species (synonyms resolved)
  AcceptedTaxonKey,  // GBIF acceptedTaxonKey
  TaxonKey,          // GBIF taxonKey (with taxonRank)
  Count_             // number of terms (not a term)
};
inline constexpr size_t kTermCount = static_cast<size_t>(Term::Count_);

// Darwin Core name of a term ("decimalLatitude").
const char* term_name(Term t);
// Maps a column name or term URI to a term: case, '_', '-', ' ' and namespace prefixes
// ("dwc:", "http://rs.tdwg.org/dwc/terms/") are ignored; common export names are known
// (latitude/lat/y, observed_on, user_login, quality_grade, positional_accuracy, datum,
// aantal, waarnemer, NumberOfCatches, CreatedOn...). Returns false for unknown columns.
bool term_from_name(std::string_view name, Term& out);
// As term_from_name, returning the alias' preference (0 = best) or -1: when two columns map
// to one term, the one with the lower rank wins (user_login beats user_id).
int term_alias_rank(std::string_view name, Term& out);
// Exact term name match only (for --map KEY=COLUMN keys); case-insensitive.
bool term_from_key(std::string_view key, Term& out);

}  // namespace biodash
