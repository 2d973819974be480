// core/provenance: the items every export records, in English whatever the UI language, and
// their JSON (checked by Python's json module in the CLI test's sidecar, by hand here).
#include "core/provenance.hpp"

#include <gtest/gtest.h>

#include "core/i18n.hpp"

using namespace biodash;

TEST(Provenance, ItemsInOrderAndInEnglish) {
  set_language(Language::Dutch);  // the UI's language does not reach a file
  ProvenanceInputs in;
  in.observations = "obs.csv";
  in.areas = "wijken.gpkg:wijken";
  in.columns = {"n_obs", "q0_cov", "q0_cov_lcl"};
  in.coverage = 0.9;
  in.bootstrap = 200;
  in.seed = 7;
  const Provenance p = export_provenance(in);
  set_language(Language::English);
  std::vector<std::string> keys;
  for (const auto& [k, v] : p) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"software", "created", "observations", "areas",
                                            "filter", "species_rule", "standardisation", "columns",
                                            "definitions"}));
  EXPECT_EQ(p[0].second.rfind("biodash ", 0), 0u);
  EXPECT_EQ(p[1].second.size(), 20u);  // 2026-12-06T05:13:30Z
  EXPECT_EQ(p[1].second.back(), 'Z');
  EXPECT_EQ(p[4].second, "none");
  EXPECT_EQ(p[5].second,
            "species: records identified to species; higher ranks are records, not species");
  EXPECT_EQ(p[6].second,
            "q0_cov, q1_cov, q2_cov: Hill numbers at sample coverage 0.900 (Chao et al. 2014; NA "
            "beyond twice an area's records); 95% intervals from 200 bootstrap samples, seed 7");
  EXPECT_EQ(p[7].second, "n_obs,q0_cov,q0_cov_lcl");
  in = {};
  in.names_as_given = true;
  EXPECT_EQ(export_provenance(in)[5].second,
            "species: each distinct value of the species column, as given");
  EXPECT_EQ(export_provenance(in)[6].second, "none (observed values)");
}

TEST(Provenance, JsonEscapesQuotesBackslashesAndControls) {
  const Provenance p = {{"a", "say \"hi\"\\"}, {"b", "line\nnext\ttab\x01"}, {"c", "\u00e9"}};
  EXPECT_EQ(provenance_json(p),
            "{\n  \"a\": \"say \\\"hi\\\"\\\\\",\n  \"b\": \"line\\nnext\\ttab\\u0001\",\n"
            "  \"c\": \"\u00e9\"\n}\n");
}
