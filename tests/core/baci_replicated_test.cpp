// core/baci_replicated: periods and verdicts by hand, a placebo test on synthetic data with no
// effect (the false-alarm rate), and the detection of a planted effect.
#include "core/baci_replicated.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/i18n.hpp"

using namespace biodash;

namespace {

// Synthetic (NOT real) records: `areas` areas observed every year 2015–2026 from one shared
// community of 150 species with log-series abundances; each area-year gets its own effort
// (60–400 records), so raw richness varies with effort while the community does not. An
// optional effect adds, in `effect_area` from `effect_date` on, records of 40 extra species
// (with probability `effect_p` per record), as the demo generator plants its measures.
struct World {
  ObservationStore store;
  AreaIndex index;
};

World make_world(int areas, uint64_t seed, int effect_area = -1, int32_t effect_date = 0,
                 double effect_p = 0) {
  World w;
  ObservationStore& s = w.store;
  const int species = 150, extra = 40;
  s.taxa.resize(species + extra);
  s.observers = {""};
  std::vector<double> p;
  for (int i = 0; i < species; ++i) p.push_back(std::pow(0.97, i) / (i + 1.0));
  std::discrete_distribution<uint32_t> common(p.begin(), p.end());
  std::uniform_int_distribution<uint32_t> extra_taxon(species, species + extra - 1);
  std::uniform_int_distribution<int> effort(60, 400);
  std::uniform_real_distribution<double> u(0, 1);
  std::mt19937_64 rng(seed);
  std::vector<std::vector<uint32_t>> per_area(static_cast<size_t>(areas));
  for (int a = 0; a < areas; ++a)
    for (int y = 2015; y <= 2026; ++y) {
      const int n = effort(rng);
      for (int i = 0; i < n; ++i) {
        const int32_t day = days_from_civil(y, 1, 1) + static_cast<int32_t>(u(rng) * 365);
        uint32_t t = common(rng);
        if (a == effect_area && day >= effect_date && u(rng) < effect_p) t = extra_taxon(rng);
        per_area[static_cast<size_t>(a)].push_back(static_cast<uint32_t>(s.day.size()));
        s.x.push_back(a);
        s.y.push_back(0);
        s.day.push_back(day);
        s.day_span.push_back(0);
        s.taxon.push_back(t);
        s.observer.push_back(0);
        s.count.push_back(1);
        s.quality.push_back(Quality::Research);
        s.uncertainty_m.push_back(10);
        s.source_row.push_back(static_cast<uint32_t>(s.day.size()));
      }
    }
  w.index.offset.push_back(0);
  for (const auto& obs : per_area) {
    w.index.obs.insert(w.index.obs.end(), obs.begin(), obs.end());
    w.index.offset.push_back(static_cast<uint32_t>(w.index.obs.size()));
  }
  return w;
}

}  // namespace

TEST(BaciReplicated, PeriodsAreWholeYearsAlignedToTheDate) {
  const World w = make_world(3, 1);
  const int32_t date = days_from_civil(2020, 6, 1);
  const BaciReplicated r = baci_replicated(w.store, w.index, {0}, {1, 2}, date);
  // Records span 2015-01-01 .. ~2026-12-31: 5 whole years before 2020-06-01 (from 2015-06-01),
  // 6 after (the last ends 2026-05-31).
  ASSERT_EQ(r.periods.size(), 11u);
  EXPECT_EQ(iso_date(r.periods.front().from), "2015-06-01");
  EXPECT_EQ(iso_date(r.periods[4].to), "2020-05-31");
  EXPECT_FALSE(r.periods[4].after);
  EXPECT_EQ(iso_date(r.periods[5].from), "2020-06-01");
  EXPECT_TRUE(r.periods[5].after);
  EXPECT_EQ(iso_date(r.periods.back().to), "2026-05-31");
  EXPECT_EQ(r.periods_before, 5);
  EXPECT_EQ(r.periods_after, 6);
  // Each used period: the difference is the impact minus the mean of the two controls.
  for (const BaciPeriod& p : r.periods) {
    ASSERT_TRUE(p.skipped.empty()) << p.skipped;
    EXPECT_NEAR(p.difference, p.impact - (p.controls[0] + p.controls[1]) / 2, 1e-12);
    EXPECT_FALSE(std::isnan(p.control_sd));
  }
  // The effect is the difference of the means of the per-period differences.
  double b = 0, a = 0;
  for (const BaciPeriod& p : r.periods) (p.after ? a : b) += p.difference;
  EXPECT_NEAR(r.test.difference, a / 6 - b / 5, 1e-9);
  EXPECT_GT(r.coverage, 0.5);
  EXPECT_LT(r.coverage, 1.0);
}

TEST(BaciReplicated, TooFewPeriodsIsInsufficientDataAndSkippedPeriodsSayWhy) {
  const World w = make_world(2, 2);
  // One whole year after 2025-06-01 .. 2026-05-31: insufficient.
  BaciReplicated r = baci_replicated(w.store, w.index, {0}, {1}, days_from_civil(2025, 6, 1));
  EXPECT_EQ(r.periods_after, 1);
  EXPECT_EQ(r.verdict, Verdict::InsufficientData);
  EXPECT_STREQ(verdict_key(r.verdict), "insufficient data");
  set_language(Language::English);
  EXPECT_NE(baci_verdict_sentence(r).find("Insufficient data: 10 usable periods before and 1 "),
            std::string::npos)
      << baci_verdict_sentence(r);
  // Demanding more records than any area-year has: every period skipped, with its reason.
  BaciDesign d;
  d.min_records = 1000;
  r = baci_replicated(w.store, w.index, {0}, {1}, days_from_civil(2020, 6, 1), {}, d);
  EXPECT_EQ(r.verdict, Verdict::InsufficientData);
  for (const BaciPeriod& p : r.periods)
    EXPECT_NE(p.skipped.find("fewer than 1000"), std::string::npos) << p.skipped;
}

// Placebo: no effect anywhere; 250 random impact / control(s) / date draws, each in its own
// synthetic world of 8 areas (draws within one world share its chance fluctuations, so their
// verdicts are not independent). The 95 % interval must exclude 0 ("increase" or "decrease")
// in at most 7 % of them.
TEST(BaciReplicated, PlaceboDrawsRarelyClaimAChange) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> area(0, 7), n_controls(1, 3);
  std::uniform_int_distribution<int32_t> date(days_from_civil(2017, 1, 1),
                                              days_from_civil(2024, 12, 31));
  int claims = 0, decided = 0;
  const int draws = 250;
  for (int k = 0; k < draws; ++k) {
    const World w = make_world(8, 5000 + static_cast<uint64_t>(k));
    const uint32_t impact = static_cast<uint32_t>(area(rng));
    std::vector<uint32_t> controls;
    const int nc = n_controls(rng);
    while (static_cast<int>(controls.size()) < nc) {
      const uint32_t c = static_cast<uint32_t>(area(rng));
      if (c != impact && std::find(controls.begin(), controls.end(), c) == controls.end())
        controls.push_back(c);
    }
    const BaciReplicated r = baci_replicated(w.store, w.index, {impact}, controls, date(rng));
    decided += r.verdict != Verdict::InsufficientData;
    claims += r.verdict == Verdict::Increase || r.verdict == Verdict::Decrease;
  }
  std::printf("placebo: %d of %d draws claimed a change (%d decided)\n", claims, draws, decided);
  EXPECT_GE(decided, 0.95 * draws);  // dates late in 2024 leave only one whole year after
  EXPECT_LE(claims, 0.07 * draws);
}

// A planted effect of the demo's size (35 % of the records after the date from 40 species not
// seen before) is reported as an increase; the same draw without the effect is not.
TEST(BaciReplicated, PlantedEffectIsAnIncrease) {
  const int32_t date = days_from_civil(2020, 5, 15);
  const World with = make_world(4, 11, 0, date, 0.35), without = make_world(4, 11);
  const BaciReplicated r = baci_replicated(with.store, with.index, {0}, {1, 2, 3}, date);
  EXPECT_EQ(r.verdict, Verdict::Increase) << r.test.lcl << " " << r.test.ucl;
  EXPECT_GT(r.test.lcl, 0);
  const BaciReplicated n = baci_replicated(without.store, without.index, {0}, {1, 2, 3}, date);
  EXPECT_EQ(n.verdict, Verdict::NoClearEvidence) << n.test.lcl << " " << n.test.ucl;
  set_language(Language::English);
  EXPECT_EQ(baci_verdict_sentence(r).rfind("Increase: +", 0), 0u) << baci_verdict_sentence(r);
  set_language(Language::Dutch);
  EXPECT_EQ(baci_verdict_sentence(r).rfind("Toename: +", 0), 0u) << baci_verdict_sentence(r);
  set_language(Language::English);
}
