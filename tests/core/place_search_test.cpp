// core/place_search: ranking rules on a hand-made layer, and names and CBS codes in the real
// Leiden boundaries (data/leiden; counts from the GeoJSON: 54 buurten, all with a statcode
// starting BU0546, one named Leeuwenhoek).
#include "core/place_search.hpp"

#include <gtest/gtest.h>

#include "io/vector_reader.hpp"

using namespace biodash;

TEST(PlaceSearch, ExactThenPrefixThenWordThenSubstring) {
  Layer l;
  l.fields = {"name", "code"};
  l.values = {{"Oude Rijn", "W1"},         {"Rijnsburg", "GM0537"}, {"Rijn", "W9"},
              {"Kanaal Rijn-Schie", "W3"}, {"Merijnhof", "X"},      {"Leiden", "GM0546"}};
  l.source_geoms.resize(l.values.size());
  const auto m = search_places({&l}, "  rijn ");
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].text, "Rijn");  // exact
  EXPECT_EQ(m[0].rank, 0);
  EXPECT_EQ(m[1].text, "Rijnsburg");  // starts with
  EXPECT_EQ(m[2].text, "Oude Rijn");  // a word starts with it
  EXPECT_EQ(m[3].text, "Kanaal Rijn-Schie");
  EXPECT_EQ(m[4].text, "Merijnhof");  // inside a word
  EXPECT_EQ(m[4].rank, 3);
  // Codes are searched too, and one match per feature (its best field).
  const auto c = search_places({&l}, "gm0546");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].feature, 5u);
  EXPECT_EQ(c[0].field, "code");
  // Too short, or a layer too large (the observation points): nothing.
  EXPECT_TRUE(search_places({&l}, "r").empty());
  EXPECT_TRUE(search_places({&l}, "rijn", 50, 3).empty());
  EXPECT_EQ(search_places({&l}, "rijn", 2).size(), 2u);
}

TEST(PlaceSearch, RealLeidenNamesAndCbsCodes) {
  OpenOptions o;
  const std::string dir = std::string(BIODASH_SOURCE_DIR) + "/data/leiden/";
  Layer buurten = std::move(read_vector_file(dir + "leiden_buurten_2024.geojson", o).at(0));
  Layer wijken = std::move(read_vector_file(dir + "leiden_wijken_2024.geojson", o).at(0));
  const std::vector<const Layer*> layers{&wijken, &buurten};
  const auto m = search_places(layers, "Leeuwenhoek");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].layer, 1u);
  EXPECT_EQ(m[0].rank, 0);
  EXPECT_EQ(m[0].field, "statnaam");
  EXPECT_EQ(buurten.values[m[0].feature][size_t(buurten.field_index("statnaam"))], "Leeuwenhoek");
  // Every buurt of Leiden by its code's prefix (statcode BU0546…, also in jrstatcode).
  size_t bu = 0;
  for (const PlaceMatch& p : search_places(layers, "BU0546", 500)) bu += p.layer == 1;
  EXPECT_EQ(bu, 54u);
}
