#include "core/place_search.hpp"

#include <algorithm>
#include <cctype>

namespace biodash {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 0 exact, 1 prefix, 2 word prefix, 3 substring, -1 none (both lower case).
int rank_of(const std::string& text, const std::string& q) {
  if (text == q) return 0;
  const size_t at = text.find(q);
  if (at == std::string::npos) return -1;
  if (at == 0) return 1;
  for (size_t p = at; p != std::string::npos; p = text.find(q, p + 1)) {
    const unsigned char before = static_cast<unsigned char>(text[p - 1]);
    if (!std::isalnum(before) && before < 0x80) return 2;
  }
  return 3;
}

}  // namespace

std::vector<PlaceMatch> search_places(const std::vector<const Layer*>& layers,
                                      std::string_view query, size_t max, size_t max_features) {
  std::vector<PlaceMatch> out;
  size_t b = 0, e = query.size();
  while (b < e && std::isspace(static_cast<unsigned char>(query[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(query[e - 1]))) --e;
  const std::string q = lower(query.substr(b, e - b));
  if (q.size() < 2) return out;
  for (size_t li = 0; li < layers.size(); ++li) {
    const Layer* l = layers[li];
    if (l == nullptr || l->size() > max_features) continue;
    for (size_t f = 0; f < l->values.size() && f < l->size(); ++f) {
      PlaceMatch best;
      best.rank = -1;
      for (size_t c = 0; c < l->values[f].size() && c < l->fields.size(); ++c) {
        const std::string& v = l->values[f][c];
        if (v.size() < q.size()) continue;
        const int r = rank_of(lower(v), q);
        if (r >= 0 && (best.rank < 0 || r < best.rank)) {
          best = {li, f, v, l->fields[c], r};
        }
      }
      if (best.rank >= 0) out.push_back(std::move(best));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PlaceMatch& a, const PlaceMatch& b) { return a.rank < b.rank; });
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace biodash
