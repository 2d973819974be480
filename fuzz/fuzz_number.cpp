// Fuzzes the coordinate/number parsers and the column-name -> term mapping.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/occurrence_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  double v = 0;
  if (biodash::parse_decimal(s, v) && !std::isfinite(v)) __builtin_trap();
  uint32_t c = 0;
  biodash::parse_count(s, c);
  biodash::Term t;
  biodash::term_from_name(s, t);
  biodash::term_from_key(s, t);
  biodash::to_utf8(s);
  return 0;
}
