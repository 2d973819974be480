#pragma once
// Small text helpers shared by the CLI and the UI.
#include <sstream>
#include <string>
#include <vector>

namespace biodash {

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
