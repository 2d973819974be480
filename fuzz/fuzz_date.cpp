// Fuzzes the event-date parsers (ISO 8601, ranges, local forms, year/month/day fields).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/occurrence_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  int32_t day = 0;
  uint16_t span = 0;
  if (biodash::parse_event_date(s, day, span) == biodash::DateParse::Ok && span > 65535)
    __builtin_trap();
  const size_t a = s.find('|'), b = a == std::string_view::npos ? a : s.find('|', a + 1);
  if (b != std::string_view::npos)
    biodash::parse_ymd_fields(s.substr(0, a), s.substr(a + 1, b - a - 1), s.substr(b + 1), day,
                              span);
  return 0;
}
