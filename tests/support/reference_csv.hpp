#pragma once
// The committed outputs of the reference scripts in tests/core/reference: plain CSV without
// quoting, one header row. Rows as fields (the header left out).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace biodash::test {

inline std::vector<std::vector<std::string>> reference_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    rows.push_back(std::move(f));
  }
  return rows;
}

}  // namespace biodash::test
