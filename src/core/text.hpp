#pragma once
// Small text helpers shared by the CLI and the UI.
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace biodash {

// `s` without leading and trailing blanks (space, tab, carriage return).
// The first bytes of s, at most `max`, cut at a UTF-8 character boundary (for messages that
// quote user text).
inline std::string utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The non-empty items of a `sep`-separated list, as written (no trimming): "M1,,M2" -> M1, M2.
// Used for id lists in attribute fields (control_ids, control_for) and --impact-ids.
inline std::vector<std::string> split_nonempty(const std::string& s, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace biodash
