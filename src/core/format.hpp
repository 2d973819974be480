#pragma once
// Number formatting for the panels: thousands separators, map units, durations.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace biodash {

// A number as a table cell writes it (CSV, GeoPackage): 10 significant digits, "" (NA) when
// not finite.
std::string table_number(double v);
// 2653 -> "2,653".
std::string with_separators(uint64_t n);
// 94087.441 with 1 decimal -> "94,087.4".
std::string format_number(double v, int decimals);
// An area or length in map units, e.g. "12.3 ha", "1.2 km", "0.0004 deg²".
std::string format_measure(double value, bool is_area, bool metres);
// Seconds -> "850 ms" / "2.4 s".
std::string format_seconds(double s);
// `fmt` (a tr() text) with each "%s" replaced by the next of `args` and "%%" by '%': names and
// paths of any length, unlike a fixed snprintf buffer.
std::string fill(const char* fmt, std::initializer_list<std::string_view> args);
// The file name part of a path ("data/x/buurten.geojson" -> "buurten.geojson").
std::string base_name(const std::string& path);

}  // namespace biodash
