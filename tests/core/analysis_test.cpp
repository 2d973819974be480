// Workspace computations (core/analysis.hpp) against hand-computed values on tiny stores.
#include "core/analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "../support/baci_world.hpp"
#include "core/baci_replicated.hpp"
#include "core/error.hpp"
#include "core/species.hpp"
#include "core/thematic.hpp"

using namespace biodash;

namespace {

int32_t day(const char* iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(iso, "%d-%u-%u", &y, &m, &d);
  return days_from_civil(y, m, d);
}

void add(ObservationStore& s, const char* date, uint32_t taxon, uint32_t observer = 1,
         Quality q = Quality::Research, float unc = 10) {
  s.x.push_back(static_cast<double>(s.x.size()));
  s.y.push_back(0);
  s.day.push_back(date[0] ? day(date) : kUnknownDay);
  s.day_span.push_back(0);
  s.taxon.push_back(taxon);
  s.observer.push_back(observer);
  s.count.push_back(1);
  s.quality.push_back(q);
  s.uncertainty_m.push_back(unc);
  s.source_row.push_back(static_cast<uint32_t>(s.source_row.size() + 1));
}

Taxon taxon(const char* sci, const char* genus, const char* group, const char* nl = "",
            const char* en = "") {
  Taxon t;
  t.scientific_name = sci;
  t.species = sci;
  t.genus = genus;
  t.group = group;
  t.vernacular_nl = nl;
  t.vernacular_en = en;
  return t;
}

// Taxa: 0 Turdus merula, 1 Turdus philomelos, 2 Quercus robur. Area 0: records 0..3,
// area 1: records 4..5 (assignment by hand: one area per record).
ObservationStore tiny() {
  ObservationStore s;
  s.crs = "EPSG:28992";
  s.taxa = {taxon("Turdus merula", "Turdus", "birds", "Merel", "Common blackbird"),
            taxon("Turdus philomelos", "Turdus", "birds", "Zanglijster"),
            taxon("Quercus robur", "Quercus", "vascular plants", "Zomereik")};
  s.observers = {"", "obs_1", "obs_2"};
  add(s, "2020-05-01", 0, 1);
  add(s, "2020-05-20", 0, 1, Quality::NeedsId, 200);
  add(s, "2020-06-15", 1, 2);
  add(s, "2021-01-10", 2, 2, Quality::Casual);
  add(s, "2021-07-01", 2, 1);
  add(s, "", 0, 0);
  return s;
}

AreaIndex index_of(const std::vector<uint32_t>& area_of_record, uint32_t n_areas) {
  Assignment a;
  a.n_polygons = n_areas;
  a.offset.push_back(0);
  for (uint32_t p : area_of_record) {
    a.polygon.push_back(p);
    a.offset.push_back(static_cast<uint32_t>(a.polygon.size()));
  }
  return invert(a);
}

size_t passing(const ObservationStore& s, const Filter& f) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) n += f.pass(s, i);
  return n;
}

}  // namespace

TEST(Analysis, MetricKeysAndValues) {
  for (int i = 0; i < kMetricCount; ++i) {
    const Metric m = static_cast<Metric>(i);
    EXPECT_EQ(parse_metric(metric_key(m)), m);
    EXPECT_STRNE(metric_title_en(m), "");
    EXPECT_STRNE(metric_unit_en(m), "");
  }
  EXPECT_EQ(parse_metric("n_obs"), Metric::Records);
  EXPECT_EQ(parse_metric("nope"), std::nullopt);
  AreaMetrics empty;
  EXPECT_EQ(metric_value(empty, Metric::Records), 0.0);
  EXPECT_EQ(metric_value(empty, Metric::Species), 0.0);
  EXPECT_TRUE(std::isnan(metric_value(empty, Metric::Shannon)));  // undefined, not 0
  EXPECT_TRUE(std::isnan(metric_value(empty, Metric::Rarefied)));
  AreaMetrics a;
  a.n_obs = 4;
  a.n_species = 2;
  a.shannon = 0.5;
  a.n_days = 3;
  EXPECT_EQ(metric_value(a, Metric::Shannon), 0.5);
  EXPECT_EQ(metric_value(a, Metric::Days), 3.0);
  EXPECT_TRUE(std::isnan(metric_value(a, Metric::BaciContrast)));
}

TEST(Analysis, ResolvePartialDatesCoverTheirPeriod) {
  const ObservationStore s = tiny();
  ViewFilter v;
  v.from = "2020-05";
  v.to = "2020";
  Filter f = resolve(v, s);
  EXPECT_EQ(f.from_day, day("2020-05-01"));
  EXPECT_EQ(f.to_day, day("2020-12-31"));
  EXPECT_EQ(passing(s, f), 3u);  // the three 2020 records
  v.to = "2020-05";
  EXPECT_EQ(resolve(v, s).to_day, day("2020-05-31"));
  v.from = "2020-13-01";
  try {
    resolve(v, s);
    FAIL() << "no error for a bad date";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("from"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2020-13-01"), std::string::npos) << e.what();
  }
}

TEST(Analysis, ResolveTaxaGroupsQualityObservers) {
  const ObservationStore s = tiny();
  ViewFilter v;
  v.taxa = {"Turdus"};  // genus: both thrushes
  EXPECT_EQ(passing(s, resolve(v, s)), 4u);
  v.taxa = {"zanglijster", "Quercus robur"};  // OR-ed, vernacular case-insensitive
  EXPECT_EQ(passing(s, resolve(v, s)), 3u);
  v.groups = {"birds"};  // and only birds: the song thrush
  EXPECT_EQ(passing(s, resolve(v, s)), 1u);
  v = {};
  v.taxa = {"Nothing here"};
  EXPECT_EQ(passing(s, resolve(v, s)), 0u);
  v = {};
  v.min_quality = Quality::Research;
  EXPECT_EQ(passing(s, resolve(v, s)), 4u);
  v = {};
  v.max_uncertainty_m = 100;
  EXPECT_EQ(passing(s, resolve(v, s)), 5u);
  v = {};
  v.observers = {"obs_2"};
  EXPECT_EQ(passing(s, resolve(v, s)), 2u);
  v.observers = {"nobody"};
  EXPECT_EQ(passing(s, resolve(v, s)), 0u);
  v = {};
  v.months = (1u << 4) | (1u << 5);  // May, June
  EXPECT_EQ(passing(s, resolve(v, s)), 3u);
  EXPECT_EQ(passing(s, resolve(ViewFilter{}, s)), 6u);
}

TEST(Analysis, DescribeFilter) {
  EXPECT_EQ(ViewFilter{}.describe(), "");
  ViewFilter v;
  v.taxa = {"Turdus merula"};
  v.from = "2019";
  v.to = "2019";
  v.months = (1u << 3) | (1u << 4) | (1u << 5);
  v.min_quality = Quality::Research;
  EXPECT_EQ(v.describe(),
            "Turdus merula \u00b7 2019-01-01 \u2013 2019-12-31 \u00b7 Apr\u2013Jun \u00b7 research "
            "grade");
  ViewFilter w;
  w.months = (1u << 10) | (1u << 11) | 1u;  // Nov, Dec, Jan: wraps
  EXPECT_EQ(w.describe(), "Nov\u2013Jan");
  w.months = 1u | (1u << 2);
  w.to = "2020-06";
  EXPECT_EQ(w.describe(), "until 2020-06-30 \u00b7 Jan, Mar");
}

TEST(Analysis, TimeSlider) {
  Filter f;
  TimeSlider t;
  t.end_day = day("2020-06-30");
  t.length_days = 30;
  apply_time(t, f);  // disabled: no change
  EXPECT_FALSE(f.has_time());
  t.enabled = true;
  apply_time(t, f);
  EXPECT_EQ(f.from_day, day("2020-06-01"));
  EXPECT_EQ(f.to_day, day("2020-06-30"));
  // Intersection with a filter that already ends earlier.
  Filter g;
  g.to_day = day("2020-06-10");
  apply_time(t, g);
  EXPECT_EQ(g.to_day, day("2020-06-10"));
  // Cumulative: everything up to the end day.
  Filter c;
  t.mode = TimeMode::Cumulative;
  apply_time(t, c);
  EXPECT_EQ(c.from_day, Filter{}.from_day);
  EXPECT_EQ(c.to_day, day("2020-06-30"));
  // Seasonal: 91 days ending 30 June = 1 April .. 30 June: Apr-Jun of every year.
  Filter se;
  t.mode = TimeMode::Seasonal;
  t.length_days = 91;
  apply_time(t, se);
  EXPECT_EQ(se.months, (1u << 3) | (1u << 4) | (1u << 5));
  EXPECT_EQ(se.from_day, Filter{}.from_day);
  EXPECT_EQ(parse_time_mode("seasonal"), TimeMode::Seasonal);
  EXPECT_EQ(parse_time_mode("x"), std::nullopt);
  const ObservationStore s = tiny();
  EXPECT_EQ(day_range(s), std::make_pair(day("2020-05-01"), day("2021-07-01")));
  EXPECT_EQ(day_range(ObservationStore{}), std::make_pair(kUnknownDay, kUnknownDay));
}

TEST(Analysis, TaxonSuggestionsOrdering) {
  ObservationStore s;
  s.taxa = {taxon("Turdus merula", "Turdus", "birds", "Merel", "Common blackbird"),
            taxon("Turdus philomelos", "Turdus", "birds", "Zanglijster"),
            taxon("Sturnus vulgaris", "Sturnus", "birds", "Spreeuw"),
            taxon("Quercus robur", "Quercus", "vascular plants")};
  s.observers = {""};
  add(s, "2020-01-01", 0);
  for (int i = 0; i < 3; ++i) add(s, "2020-01-01", 1);
  for (int i = 0; i < 1234; ++i) add(s, "2020-01-01", 2);
  // "tu": prefix matches first (Turdus genus 4 records, T. philomelos 3, T. merula 1), then
  // the contains-matches by records (Sturnus and Sturnus vulgaris, 1234 each, by name).
  const auto sug = taxon_suggestions(s, "tu");
  ASSERT_EQ(sug.size(), 5u);
  EXPECT_EQ(sug[0].name, "Turdus");
  EXPECT_EQ(sug[0].records, 4u);
  EXPECT_EQ(sug[1].name, "Turdus philomelos");
  EXPECT_EQ(sug[2].name, "Turdus merula");
  EXPECT_EQ(sug[2].label, "Turdus merula \u2014 Merel / Common blackbird (1)");
  EXPECT_EQ(sug[3].name, "Sturnus");
  EXPECT_EQ(sug[4].name, "Sturnus vulgaris");
  EXPECT_EQ(sug[4].label, "Sturnus vulgaris \u2014 Spreeuw (1,234)");
  // Dutch names, case-insensitive; max respected.
  const auto m = taxon_suggestions(s, "MEREL");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "Turdus merula");
  EXPECT_EQ(taxon_suggestions(s, "u", 2).size(), 2u);
  // Each suggestion resolves to its records.
  ViewFilter v;
  v.taxa = {sug[0].name};
  EXPECT_EQ(passing(s, resolve(v, s)), 4u);
  EXPECT_EQ(taxon_groups(s), (std::vector<std::string>{"birds", "vascular plants"}));
}

TEST(Analysis, RarefactionCurveEnds) {
  ObservationStore s;
  s.taxa = {taxon("A a", "A", "g"), taxon("B b", "B", "g"), taxon("C c", "C", "g")};
  s.observers = {"", "o"};
  for (int i = 0; i < 3; ++i) add(s, "2020-01-01", 0);
  add(s, "2020-01-01", 1);
  add(s, "2020-01-01", 2);
  add(s, "2020-01-01", 2);  // area 1 only
  const AreaIndex idx = index_of({0, 0, 0, 0, 0, 1}, 2);
  // Area 0: n = {3, 1, 1}, N = 5, S = 3. E[S_2] = (1 - C(2,2)/C(5,2)) + 2 (1 - C(4,2)/C(5,2))
  //       = 0.9 + 2 * 0.4 = 1.7.
  // The curve runs from 1 to 2N records (here every whole size); its point at N is S.
  auto at = [](const std::vector<DiversityPoint>& c, double m) {
    for (const DiversityPoint& p : c)
      if (p.m == m) return p;
    ADD_FAILURE() << "no point at m = " << m;
    return DiversityPoint{};
  };
  const auto c = diversity_curve(s, idx, {0}, Filter{}, 40, 0);
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c.front().m, 1u);
  EXPECT_NEAR(c.front().species.value, 1.0, 1e-12);
  EXPECT_NEAR(c[1].species.value, 1.7, 1e-12);
  EXPECT_NEAR(at(c, 5).species.value, 3.0, 1e-12);
  EXPECT_FALSE(at(c, 5).extrapolated);
  EXPECT_TRUE(at(c, 6).extrapolated);
  EXPECT_EQ(c.back().m, 10u);
  // The union of both areas: N = 6, S = 3; union counts a record once.
  const auto u = diversity_curve(s, idx, {0, 1, 1}, Filter{}, 40, 0);
  EXPECT_EQ(u.back().m, 12u);
  EXPECT_NEAR(at(u, 6).species.value, 3.0, 1e-12);
  // Sampled: at most `points` values and N, ascending, 1, N and 2N included.
  ObservationStore big = s;
  for (int i = 0; i < 994; ++i) add(big, "2020-01-01", i % 3);
  std::vector<uint32_t> all(big.size(), 0);
  const auto b = diversity_curve(big, index_of(all, 1), {0}, Filter{}, 10, 0);
  ASSERT_LE(b.size(), 11u);
  EXPECT_EQ(b.front().m, 1u);
  EXPECT_NEAR(at(b, 1000).species.value, 3.0, 1e-12);
  EXPECT_EQ(b.back().m, 2000u);
  for (size_t i = 1; i < b.size(); ++i) EXPECT_GT(b[i].m, b[i - 1].m);
  EXPECT_TRUE(diversity_curve(s, idx, {}, Filter{}).empty());
}

TEST(Analysis, RecordsPerMonthWithGaps) {
  const ObservationStore s = tiny();
  const AreaIndex idx = index_of({0, 0, 0, 0, 1, 1}, 2);
  // Area 0: May 2020 two records of one taxon, June 2020 one, Jan 2021 one; Jul-Dec zeros.
  const auto m = records_per_month(s, idx, {0}, Filter{});
  ASSERT_EQ(m.size(), 9u);
  EXPECT_EQ(m[0].year, 2020);
  EXPECT_EQ(m[0].month, 5);
  EXPECT_EQ(m[0].records, 2u);
  EXPECT_EQ(m[0].species, 1u);
  EXPECT_EQ(m[1].month, 6);
  EXPECT_EQ(m[1].records, 1u);
  for (size_t i = 2; i < 8; ++i) {
    EXPECT_EQ(m[i].year, 2020);
    EXPECT_EQ(m[i].month, static_cast<int>(i) + 5);
    EXPECT_EQ(m[i].records, 0u);
    EXPECT_EQ(m[i].species, 0u);
  }
  EXPECT_EQ(m[8].year, 2021);
  EXPECT_EQ(m[8].month, 1);
  EXPECT_EQ(m[8].records, 1u);
  // Both areas: + July 2021 (the undated record is left out).
  const auto both = records_per_month(s, idx, {0, 1}, Filter{});
  ASSERT_EQ(both.size(), 15u);
  EXPECT_EQ(both.back().year, 2021);
  EXPECT_EQ(both.back().month, 7);
  // Filtered: research grade only drops the May 20 and Jan 10 records.
  Filter f;
  f.min_quality = Quality::Research;
  const auto r = records_per_month(s, idx, {0}, f);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].records, 1u);
}

TEST(Analysis, LowEffortFlags) {
  std::vector<AreaMetrics> m(3);
  m[0].n_obs = 0;
  m[1].n_obs = 4;
  m[1].n_species = 2;
  m[1].shannon = 0.6;
  m[2].n_obs = 30;
  m[2].n_species = 9;
  m[2].shannon = 2.0;
  EXPECT_EQ(low_effort_flags(m, 5), (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(low_effort_flags(m, 0), (std::vector<uint8_t>{0, 0, 0}));
}

// The one thematic recipe (core/thematic) on the tiny store, values by hand. Areas: 0 = records
// 0..3, 1 = records 4..5, 2 = none.
// Records and effort count no species: their legends carry no species rule.
TEST(Thematic, SpeciesRuleOnlyUnderMetricsThatCountSpecies) {
  const ObservationStore s = tiny();
  const AreaIndex idx = index_of({0, 0, 0, 0, 1, 1}, 3);
  ThematicSpec spec;
  for (const Metric m : {Metric::Records, Metric::Observers, Metric::Days}) {
    spec.metric = m;
    EXPECT_EQ(thematic_map(s, idx, spec, "Sites", Language::English).choropleth.note, "")
        << metric_key(m);
  }
  const LanguageScope english(Language::English);
  for (const Metric m : {Metric::Species, Metric::Rarefied, Metric::Chao1, Metric::Q0Cov,
                         Metric::Coverage, Metric::Shannon}) {
    spec.metric = m;
    EXPECT_EQ(thematic_map(s, idx, spec, "Sites", Language::English).choropleth.note,
              species_rule_text())
        << metric_key(m);
  }
}

TEST(Thematic, SpeciesWithLowEffortLegendWordsInBothLanguages) {
  const ObservationStore s = tiny();
  const AreaIndex idx = index_of({0, 0, 0, 0, 1, 1}, 3);
  ThematicSpec spec;
  spec.metric = Metric::Species;
  spec.style.method = BreakMethod::EqualInterval;
  spec.style.classes = 3;
  spec.low_effort_records = 3;
  spec.filter.groups = {"birds"};  // area 0: records 0, 1, 2 (2 taxa); area 1: record 5
  ThematicMap m = thematic_map(s, idx, spec, "Sites", Language::English);
  const Choropleth& c = m.choropleth;
  EXPECT_EQ(c.values, (std::vector<double>{2, 1, 0}));
  EXPECT_EQ(m.metrics[0].n_obs, 3u);
  EXPECT_EQ(c.low_effort, (std::vector<uint8_t>{0, 1, 1}));  // 3, 1, 0 records
  // Zero class, then equal intervals over 1..2 in two classes.
  EXPECT_EQ(c.edges, (std::vector<double>{0, 0, 1.5, 2}));
  EXPECT_EQ(c.class_labels, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(c.title, "Species richness \u00b7 Sites");
  EXPECT_EQ(c.unit, "species");
  EXPECT_EQ(c.filter_text, "birds");
  EXPECT_EQ(c.map_title, "Species richness \u00b7 Sites \u00b7 birds");
  // Richness judges diversity: areas with too few records or too incomplete a sample (coverage
  // below 50 %) are hatched, and the legend says both.
  EXPECT_EQ(c.low_effort_label, "incomplete: fewer than 3 records or coverage below 50%");
  // The legend says which species rule is in force (core/species).
  EXPECT_EQ(c.note,
            "species: records identified to species; higher ranks are records, not species");
  // Dutch, on whatever thread, whatever the UI language.
  m = thematic_map(s, idx, spec, "Sites", Language::Dutch);
  EXPECT_EQ(m.choropleth.note,
            "soorten: tot op soort gedetermineerd; hogere rangen tellen als waarneming, niet als "
            "soort");
  EXPECT_EQ(m.choropleth.title, "Soortenrijkdom \u00b7 Sites");
  EXPECT_EQ(m.choropleth.unit, "soorten");
  EXPECT_EQ(m.choropleth.low_effort_label,
            "onvolledig: minder dan 3 waarnemingen of dekking onder 50%");
  // Without the coverage rule, the records rule alone.
  spec.min_coverage = 0;
  m = thematic_map(s, idx, spec, "Sites", Language::English);
  EXPECT_EQ(m.choropleth.low_effort_label, "low effort (too few records)");
  EXPECT_EQ(m.choropleth.low_effort, (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(m.choropleth.edges, c.edges);
  EXPECT_EQ(language(), Language::English) << "the recipe's language scope leaked";
}

TEST(Thematic, UndefinedIsNoDataAndTheTimeWindowIsInTheWords) {
  const ObservationStore s = tiny();
  const AreaIndex idx = index_of({0, 0, 0, 0, 1, 1}, 3);
  ThematicSpec spec;
  spec.metric = Metric::Shannon;
  spec.low_effort_records = 0;
  spec.min_coverage = 0;                                         // no marking rule: no flags at all
  spec.time = {true, TimeMode::Window, day("2020-12-31"), 366};  // all of 2020
  const Choropleth c = thematic_map(s, idx, spec, "", Language::English).choropleth;
  // Area 0 in 2020: Turdus merula x2, T. philomelos x1; areas 1 and 2: no dated 2020 record.
  ASSERT_EQ(c.values.size(), 3u);
  EXPECT_NEAR(c.values[0], -(2.0 / 3 * std::log(2.0 / 3) + 1.0 / 3 * std::log(1.0 / 3)), 1e-12);
  EXPECT_TRUE(std::isnan(c.values[1]));
  EXPECT_TRUE(std::isnan(c.values[2]));
  EXPECT_EQ(c.class_labels.back(), "no data");
  EXPECT_TRUE(c.low_effort.empty());
  EXPECT_EQ(c.title, "Shannon diversity");
  EXPECT_EQ(c.filter_text, "2020-01-01 \u2013 2020-12-31");
}

// Coverage-standardised richness on the map: the engine's own values (one recipe), NA where
// the coverage needs more than twice an area's records, the standardisation in the title.
TEST(Thematic, CoverageStandardisedRichnessIsTheEnginesValue) {
  const test::World w = test::make_world(3, 5);
  ThematicSpec spec;
  spec.metric = Metric::Q0Cov;
  spec.coverage = 0.8;
  const Choropleth c = thematic_map(w.store, w.index, spec, "Plots", Language::English).choropleth;
  MetricsOptions mo;
  mo.coverage = 0.8;
  mo.bootstrap = 0;
  const std::vector<AreaMetrics> m = compute_metrics(w.store, w.index, Filter{}, mo);
  ASSERT_EQ(c.values.size(), 3u);
  for (size_t a = 0; a < 3; ++a) {
    EXPECT_DOUBLE_EQ(c.values[a], m[a].cov.q[0]);
    EXPECT_LT(c.values[a], m[a].n_species);  // standardised below the whole sample's richness
  }
  EXPECT_EQ(c.title, "Species richness at 80% coverage \u00b7 Plots");
  // A coverage beyond reach of every area: no data, never a number.
  spec.coverage = 0.999;
  const Choropleth none = thematic_map(w.store, w.index, spec, "", Language::English).choropleth;
  for (double v : none.values) EXPECT_TRUE(std::isnan(v));
}

// The BACI map colours each area's replicated before/after effect against the controls
// (core/baci_replicated, the same numbers as `biodash baci`) and hatches the areas whose
// interval includes 0. Synthetic world: area 0 has a planted effect, 1 and 2 are the controls,
// 3 has none and 4 is another area without effect.
TEST(Thematic, BaciEffectPerAreaAgainstTheControls) {
  const int32_t date = day("2020-05-15");
  const test::World w = test::make_world(5, 11, 0, date, 0.35);
  ThematicSpec spec;
  spec.metric = Metric::BaciContrast;
  spec.baci_control = {1, 2};
  spec.baci_date = date;
  const Choropleth c = thematic_map(w.store, w.index, spec, "Plots", Language::English).choropleth;
  ASSERT_EQ(c.values.size(), 5u);
  const BaciReplicated r0 = baci_replicated(w.store, w.index, {0}, {1, 2}, date);
  ASSERT_EQ(r0.verdict, Verdict::Increase);
  EXPECT_DOUBLE_EQ(c.values[0], r0.test.difference);
  EXPECT_EQ(c.low_effort[0], 0);         // its interval excludes 0: not hatched
  EXPECT_TRUE(std::isnan(c.values[1]));  // the controls themselves: no data
  EXPECT_TRUE(std::isnan(c.values[2]));
  for (size_t a : {3u, 4u}) {
    const BaciReplicated r = baci_replicated(w.store, w.index, {uint32_t(a)}, {1, 2}, date);
    EXPECT_DOUBLE_EQ(c.values[a], r.test.difference);
    EXPECT_EQ(c.low_effort[a],
              r.verdict == Verdict::NoClearEvidence || r.verdict == Verdict::InsufficientData);
  }
  EXPECT_TRUE(is_diverging(thematic_style(spec).palette)) << "signed values, diverging palette";
  EXPECT_EQ(c.title, "BACI effect \u00b7 Plots");
  if (c.low_effort[3] || c.low_effort[4]) {
    EXPECT_EQ(c.low_effort_label, "no clear evidence (interval includes 0)");
  }
}
