#pragma once
// Low-level, allocation-free parsers of the occurrence ingest: dates, numbers, delimited
// records and Darwin Core term names. Pure functions over byte ranges, safe on any input
// (they are the libFuzzer targets in fuzz/). Thread-safe: no shared state.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace biodash {

// ---- dates -------------------------------------------------------------------------------

enum class DateParse : uint8_t { Ok, Empty, Unparseable };

// Parses an event date into its first day (days since 1970-01-01) and the number of extra
// days it covers. Accepted: ISO 8601 "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYYMMDD", with an
// optional time part after 'T' or ' ' (ignored); ranges "A/B" where B may be abbreviated
// ("2019-05-03/07", "2019-05-03/06-02"); local forms "D-M-YYYY", "D/M/YYYY", "D.M.YYYY"
// (day first, European order, optional " H:MM[:SS]") and "YYYY/MM/DD". Partial dates cover
// their whole month/year. Years 1000..2999 only. Spans longer than 65535 days are clamped.
DateParse parse_event_date(std::string_view s, int32_t& first_day, uint16_t& span_days);
// One whole day in any form parse_event_date reads (2019-11-20, GeoPackage's 2019/11/20, ...);
// false for partial dates (2019-11), ranges and text: an intervention date must be one day.
bool parse_whole_day(std::string_view s, int32_t& day);

// Builds a date from separate year/month/day fields (GBIF "year","month","day"); month and
// day may be empty (partial date). Same rules as parse_event_date.
DateParse parse_ymd_fields(std::string_view y, std::string_view m, std::string_view d,
                           int32_t& first_day, uint16_t& span_days);

// ---- numbers -----------------------------------------------------------------------------

// Decimal number with '.' or ',' as the decimal separator (one at most, no thousands
// separators), optional sign, surrounding blanks allowed. False for empty, text, NaN, inf.
bool parse_decimal(std::string_view s, double& out);

// Non-negative integer count; "" is not a count. Accepts "3", "3.0", " 12 ". False otherwise.
bool parse_count(std::string_view s, uint32_t& out);

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

// ---- text encoding -----------------------------------------------------------------------

bool is_valid_utf8(std::string_view s);
// Converts Windows-1252 (a superset of printable Latin-1) to UTF-8.
std::string cp1252_to_utf8(std::string_view s);
// Returns s unchanged when it is valid UTF-8, else converted from Windows-1252.
std::string to_utf8(std::string_view s);

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
  LatLonPair,  // "(lat, lon)" or "lat,lon" in one field (iNaturalist flattened API CSV)
  Count_       // number of terms (not a term)
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
