#pragma once
// Allocation-free parsers of dates, numbers and text encodings: pure functions over byte
// ranges, safe on any input (libFuzzer targets in fuzz/), thread-safe (no shared state). In
// core because the engine, sessions and legends read dates too; io/occurrence_parse.hpp adds
// delimited records and Darwin Core terms on top.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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

// ---- text encoding -----------------------------------------------------------------------

bool is_valid_utf8(std::string_view s);
// Converts Windows-1252 (a superset of printable Latin-1) to UTF-8.
std::string cp1252_to_utf8(std::string_view s);
// Returns s unchanged when it is valid UTF-8, else converted from Windows-1252.
std::string to_utf8(std::string_view s);

}  // namespace biodash
