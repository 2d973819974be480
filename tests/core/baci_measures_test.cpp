// How greening measures are read from an impact and a control layer (core baci_measures, used
// by both `biodash baci` and the Before/after section). Every expectation is read off the
// small attribute tables below by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/baci.hpp"
#include "core/error.hpp"
#include "core/observations.hpp"

using namespace biodash;

namespace {

Layer table(const std::vector<std::string>& fields,
            const std::vector<std::vector<std::string>>& rows) {
  Layer l;
  l.name = l.source_layer = "t";
  l.fields = fields;
  l.values = rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    l.fids.push_back(static_cast<int64_t>(i));
    l.source_geoms.emplace_back();  // attributes only: the rules never look at geometry
    l.geoms.emplace_back();
  }
  return l;
}

// M1 lists its control; M2 lists none, C2 and C3 say they serve it; M3 has no date; M4 is a
// month only (not one day); M5 has neither a listed control nor one that serves it.
const Layer kImpact =
    table({"measure_id", "carried_out", "control_ids"}, {{"M1", "2019/11/20", "C1"},
                                                         {"M2", "2021-03-10", ""},
                                                         {"M3", "", "C1"},
                                                         {"M4", "2020-05", "C1"},
                                                         {"M5", "2022-01-01", ""}});
const Layer kControl = table({"id", "control_for"}, {{"C1", "M1"}, {"C2", "M2,M9"}, {"C3", "M2"}});

}  // namespace

TEST(BaciMeasures, ControlsDatesAndProblemsByHand) {
  const std::vector<Measure> m = baci_measures(kImpact, kControl);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].id, "M1");
  EXPECT_EQ(m[0].date, days_from_civil(2019, 11, 20));  // the GeoPackage's 2019/11/20
  EXPECT_EQ(m[0].controls, (std::vector<size_t>{0}));
  EXPECT_EQ(m[0].control_ids, (std::vector<std::string>{"C1"}));
  EXPECT_EQ(m[0].problem, "");
  EXPECT_EQ(m[1].controls, (std::vector<size_t>{1, 2}));  // control_for lists M2
  EXPECT_EQ(m[1].date, days_from_civil(2021, 3, 10));
  EXPECT_NE(m[2].problem.find("no intervention date"), std::string::npos) << m[2].problem;
  EXPECT_NE(m[3].problem.find("'2020-05'"), std::string::npos) << m[3].problem;  // a month
  EXPECT_EQ(m[4].problem, "no control area");
}

TEST(BaciMeasures, CommandLineRulesOverrideTheFields) {
  MeasureRules r;
  r.date = days_from_civil(2020, 1, 1);  // --date: every impact, M3 and M4 too
  r.control_ids = {"C3"};                // --control-ids: for every impact
  r.impact_ids = {"M3", "M4"};           // --impact-ids
  const std::vector<Measure> m = baci_measures(kImpact, kControl, r);
  ASSERT_EQ(m.size(), 2u);
  for (const Measure& x : m) {
    EXPECT_EQ(x.date, days_from_civil(2020, 1, 1));
    EXPECT_EQ(x.controls, (std::vector<size_t>{2}));
    EXPECT_EQ(x.problem, "");
  }
  EXPECT_EQ(m[0].id, "M3");
  EXPECT_EQ(m[1].id, "M4");
}

TEST(BaciMeasures, WithoutControlForEveryControlServesAndIdsNeedAField) {
  const Layer controls = table({"name"}, {{"A"}, {"B"}});  // no control_for field; id = name
  const Layer impact = table({"id", "when"}, {{"X", "2018-06-01"}});
  MeasureRules r;
  r.date_field = "when";
  const std::vector<Measure> m = baci_measures(impact, controls, r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].controls, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(m[0].control_ids, (std::vector<std::string>{"A", "B"}));
  const Layer anonymous = table({"colour"}, {{"red"}});
  EXPECT_THROW(baci_measures(anonymous, controls), Error);
}
