#pragma once
// Test helper: the iTXt text chunks of a PNG file (keyword -> text), read byte by byte here
// rather than with biodash's writer. Uncompressed chunks only (biodash writes those).
// `complete` tells whether the file ends with IEND (a truncated PNG does not).
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace biodash::test {

inline std::map<std::string, std::string> png_text(const std::string& path,
                                                   bool* complete = nullptr) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string b = ss.str();
  std::map<std::string, std::string> out;
  if (complete) *complete = false;
  if (b.size() < 8 || b.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return out;
  size_t p = 8;
  while (p + 12 <= b.size()) {
    const auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(b[i])); };
    const uint32_t len = u(p) << 24 | u(p + 1) << 16 | u(p + 2) << 8 | u(p + 3);
    const std::string type = b.substr(p + 4, 4);
    if (p + 12 + len > b.size()) break;
    const std::string data = b.substr(p + 8, len);
    if (type == "iTXt") {
      // keyword \0 flag method language \0 translated-keyword \0 text
      const size_t k = data.find('\0');
      if (k != std::string::npos && k + 3 <= data.size() && data[k + 1] == 0) {
        const size_t lang_end = data.find('\0', k + 3);
        const size_t trans_end =
            lang_end == std::string::npos ? lang_end : data.find('\0', lang_end + 1);
        if (trans_end != std::string::npos) out[data.substr(0, k)] = data.substr(trans_end + 1);
      }
    }
    if (type == "IEND") {
      if (complete) *complete = true;
      return out;
    }
    p += 12 + len;
  }
  return out;
}

}  // namespace biodash::test
