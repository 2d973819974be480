// core/baci_replicated: periods and verdicts by hand, a placebo test on synthetic data with no
// effect (the false-alarm rate), and the detection of a planted effect.
#include "core/baci_replicated.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "../support/baci_world.hpp"
#include "core/analysis.hpp"
#include "core/estimators.hpp"
#include "core/i18n.hpp"

using namespace biodash;
using biodash::test::make_world;
using biodash::test::World;

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
  // A random impact area and 1–3 distinct other areas as its controls.
  auto draw_areas = [](std::mt19937_64& g) {
    std::uniform_int_distribution<int> area(0, 7), n_controls(1, 3);
    const uint32_t impact = static_cast<uint32_t>(area(g));
    std::vector<uint32_t> controls;
    const int nc = n_controls(g);
    while (static_cast<int>(controls.size()) < nc) {
      const uint32_t c = static_cast<uint32_t>(area(g));
      if (c != impact && std::find(controls.begin(), controls.end(), c) == controls.end())
        controls.push_back(c);
    }
    return std::make_pair(impact, controls);
  };
  std::uniform_int_distribution<int32_t> date(days_from_civil(2017, 1, 1),
                                              days_from_civil(2024, 12, 31));
  int claims = 0, decided = 0;
  const int draws = 250;
  for (int k = 0; k < draws; ++k) {
    const World w = make_world(8, 5000 + static_cast<uint64_t>(k));
    const auto [impact, controls] = draw_areas(rng);
    const BaciReplicated r = baci_replicated(w.store, w.index, {impact}, controls, date(rng));
    decided += r.verdict != Verdict::InsufficientData;
    claims += r.verdict == Verdict::Increase || r.verdict == Verdict::Decrease;
  }
  std::printf("placebo: %d of %d draws claimed a change (%d decided)\n", claims, draws, decided);
  EXPECT_GE(decided, 0.95 * draws);  // dates late in 2024 leave only one whole year after
  EXPECT_LE(claims, 0.07 * draws);
  // The demo's kind of effort: 20 % more records every year, and areas recorded unequally (up
  // to 4.5 times): periods before the date are small and extrapolated, after it large and
  // rarefied, in impact and controls alike; still no more false alarms.
  claims = 0;
  for (int k = 0; k < draws; ++k) {
    const World w = make_world(8, 9000 + static_cast<uint64_t>(k), -1, 0, 0, 1.2, 0.5);
    const auto [impact, controls] = draw_areas(rng);
    const BaciReplicated r = baci_replicated(w.store, w.index, {impact}, controls, date(rng));
    claims += r.verdict == Verdict::Increase || r.verdict == Verdict::Decrease;
  }
  std::printf("placebo with growing, unequal effort: %d of %d claimed a change\n", claims, draws);
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

// compare_years (the kiosk's claim of change): the planted effect between 2016 and 2025 is an
// increase; without it, more records in a year are no increase.
TEST(BaciReplicated, CompareYearsNeedsNonOverlappingIntervals) {
  const int32_t date = days_from_civil(2019, 1, 1);
  const World with = make_world(2, 3, 0, date, 0.35), without = make_world(2, 3);
  YearChange c = compare_years(with.store, with.index, {0}, Filter{}, 2016, 2025);
  EXPECT_EQ(c.verdict, Verdict::Increase) << c.a.ucl << " " << c.b.lcl;
  EXPECT_GT(c.b.lcl, c.a.ucl);
  EXPECT_EQ(c.size, static_cast<double>(std::min(c.records_a, c.records_b)));
  c = compare_years(without.store, without.index, {0}, Filter{}, 2016, 2025);
  EXPECT_NE(c.verdict, Verdict::Increase);
  EXPECT_NE(c.verdict, Verdict::Decrease);
  // Too few records in a year: insufficient data.
  c = compare_years(without.store, without.index, {0}, Filter{}, 2016, 2025, 100000);
  EXPECT_EQ(c.verdict, Verdict::InsufficientData);
}

// Per-period intervals: each period's difference carries a sampling 95 % interval from the
// bootstrap s.e. of its cells, combined as √(s_I² + Σ s_Cj² / k²) — checked against the
// estimators called directly with the documented streams, deterministic for a seed, absent
// without bootstrap. With no effect (two areas sampled from one synthetic community) the
// intervals cover the true difference 0 in about 95 % of periods.
TEST(BaciReplicated, PerPeriodDifferencesHaveSamplingIntervals) {
  const World w = make_world(3, 21);
  const int32_t date = days_from_civil(2020, 6, 1);
  BaciDesign d;
  EXPECT_EQ(d.bootstrap, 0);  // the map's default: no per-period intervals
  const BaciReplicated none = baci_replicated(w.store, w.index, {0}, {1, 2}, date, {}, d);
  for (const BaciPeriod& p : none.periods) EXPECT_TRUE(std::isnan(p.difference_lcl));
  d.bootstrap = 50;
  d.seed = 9;
  const BaciReplicated r = baci_replicated(w.store, w.index, {0}, {1, 2}, date, {}, d);
  const BaciReplicated again = baci_replicated(w.store, w.index, {0}, {1, 2}, date, {}, d);
  ASSERT_FALSE(r.periods.empty());
  for (size_t k = 0; k < r.periods.size(); ++k) {
    const BaciPeriod& p = r.periods[k];
    ASSERT_TRUE(p.skipped.empty());
    EXPECT_EQ(p.difference_lcl, again.periods[k].difference_lcl);  // same seed, same interval
    EXPECT_NEAR(p.difference, none.periods[k].difference, 1e-12);  // values unchanged
    EXPECT_NEAR(p.difference_ucl - p.difference, p.difference - p.difference_lcl, 1e-9);
    // The cells' s.e. straight from the estimators (streams k·3, k·3+1, k·3+2 of seed 9).
    std::vector<std::vector<uint64_t>> cells(3);
    for (uint32_t a = 0; a < 3; ++a) {
      std::map<uint32_t, uint64_t> by_taxon;
      for (uint32_t o = w.index.offset[a]; o < w.index.offset[a + 1]; ++o) {
        const uint32_t i = w.index.obs[o];
        if (w.store.day[i] >= p.from && w.store.day[i] <= p.to) ++by_taxon[w.store.taxon[i]];
      }
      for (const auto& [t, n] : by_taxon) cells[a].push_back(n);
    }
    double var = 0;
    for (uint32_t a = 0; a < 3; ++a) {
      const uint64_t seed = 9 * 0x9E3779B97F4A7C15ULL + k * 3 + a;
      const double s =
          coverage_standardised(Abundances::of(cells[a]), r.coverage, 50, seed).q_se[0];
      var += a == 0 ? s * s : s * s / 4;
    }
    EXPECT_NEAR(p.difference_se, std::sqrt(var), 1e-9);
    EXPECT_NEAR(p.difference_ucl, p.difference + kZ975 * std::sqrt(var), 1e-9);
  }
  // Coverage of the true difference (0) over 20 synthetic worlds × 11 periods, both ways of
  // standardising.
  for (const Standardise by : {Standardise::Coverage, Standardise::Size}) {
    int covered = 0, total = 0;
    for (uint64_t seed = 0; seed < 20; ++seed) {
      const World v = make_world(2, 700 + seed);
      BaciDesign e;
      e.bootstrap = 100;
      e.by = by;
      const BaciReplicated q = baci_replicated(v.store, v.index, {0}, {1}, date, {}, e);
      for (const BaciPeriod& p : q.periods) {
        if (std::isnan(p.difference_lcl)) continue;
        ++total;
        covered += p.difference_lcl <= 0 && 0 <= p.difference_ucl;
      }
    }
    std::printf("per-period intervals (%s): %d of %d cover 0\n",
                by == Standardise::Coverage ? "coverage" : "size", covered, total);
    EXPECT_GE(total, 200);
    EXPECT_GE(covered, 0.88 * total);
    EXPECT_LE(covered, 0.995 * total);
  }
}
