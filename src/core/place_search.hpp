#pragma once
// Place search over every loaded layer: names and codes (any text attribute, e.g. CBS
// statnaam "Leeuwenhoek" or statcode "BU05461002"). One recipe for the window's search field;
// the face lists what comes back and flies the camera to the chosen feature.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer.hpp"

namespace biodash {

struct PlaceMatch {
  size_t layer = 0;    // index into the layers searched
  size_t feature = 0;  // feature index in that layer
  std::string text;    // the attribute value that matched
  std::string field;   // its field name
  int rank = 0;        // 0 exact, 1 starts with the query, 2 a word starts with it, 3 contains it
};

// Case-insensitive (ASCII letters) matches of `query` (trimmed; at least 2 characters) in the
// text attributes of `layers` (layers of more than `max_features` features, such as the
// observation points, are not searched), best first: by rank, then layer order, then feature;
// one match per feature (its best field); at most `max` matches.
std::vector<PlaceMatch> search_places(const std::vector<const Layer*>& layers,
                                      std::string_view query, size_t max = 50,
                                      size_t max_features = 100000);

}  // namespace biodash
