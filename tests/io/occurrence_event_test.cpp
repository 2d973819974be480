// Darwin Core Archives with an Event core and an Occurrence extension (GBIF sampling-event
// datasets), and explicit "no column" mappings. Expected values are worked out by hand from
// the synthetic fixture tests/data/occurrences/sampling-event/ (see the comments), never taken
// from the reader's output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/occurrence_reader.hpp"

namespace biodash {
namespace {

const std::string kDir = std::string(BIODASH_TEST_DATA) + "/occurrences/";

size_t reason(const IngestReport& r, Reject k) {
  return r.rejected[static_cast<size_t>(k)];
}

bool has_note(const IngestReport& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::string observer(const ObservationStore& st, size_t i) {
  return st.observers[st.observer[i]];
}

std::string taxon(const ObservationStore& st, size_t i) {
  return st.taxa[st.taxon[i]].scientific_name;
}

// The fixture (event.txt, occurrence.txt; line 1 is the header of each):
//   events  survey-2019  (no parent)  2019-05-01/2019-05-31  52.1300 4.3400 unc 1000
//                        recordedBy "Survey Team A"
//           plot-A       parent survey-2019  2019-05-03  52.1234 4.3456 unc 30, no observer
//           plot-B       parent survey-2019  no date, no point, recordedBy
//                        "Jansen ""Jan"", P." (quoted: Jansen "Jan", P.)
//           plot-C       parent plot-A  2019-05-04, no point, no observer
//           loop-1/2     parents of each other, no point anywhere (cycle)
//           orphan       parent no-such-event  2019-07-01  52.1800 4.4000 unc 10  R. Bakker
//   occurrences (line: coreid, own values)
//     2 plot-A  Calluna vulgaris x3          -> plot-A point/date, observer of survey-2019
//     3 plot-A  Erica tetralix x1, own point 52.1250 4.3470 unc 5, own observer K. Smit
//     4 plot-B  Calluna vulgaris x1          -> point and date range of survey-2019
//     5 plot-C  Ammophila arenaria x12       -> plot-C date; point of plot-A (grandparent
//                                              chain: plot-C -> plot-A); survey observer
//     6 plot-Z  (no such event)              -> rejected: unknown event ID 'plot-Z'
//     7 loop-1  Carabus problematicus        -> no point in the cycle: no coordinates
//     8 plot-A  Erica tetralix x2, own eventDate 2019-05-05
//     9 orphan  Empetrum nigrum              -> orphan's own values (unknown parent ignored)
//    10 survey-2019  "Carex arenaria L." (quoted), absent -> count 0, survey values
void check_sampling_event(const std::string& path) {
  SCOPED_TRACE(path);
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";  // x = lon, y = lat as in the files
  const ObservationStore st = read_occurrences(path, opts, rep);
  EXPECT_EQ(rep.format, "Darwin Core Archive");
  EXPECT_NE(rep.data_file.find("occurrence.txt"), std::string::npos) << rep.data_file;
  EXPECT_EQ(rep.rows_read, 9u);
  EXPECT_EQ(rep.kept, 7u);
  EXPECT_EQ(reason(rep, Reject::UnknownEvent), 1u);
  EXPECT_EQ(reason(rep, Reject::NoCoordinates), 1u);
  EXPECT_EQ(rep.rejected_total(), 2u);
  const auto& ex = rep.examples[static_cast<size_t>(Reject::UnknownEvent)];
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_NE(ex[0].find("occurrence.txt:6"), std::string::npos) << ex[0];
  EXPECT_NE(ex[0].find("'plot-Z'"), std::string::npos) << ex[0];
  const auto& ex2 = rep.examples[static_cast<size_t>(Reject::NoCoordinates)];
  ASSERT_EQ(ex2.size(), 1u);
  EXPECT_NE(ex2[0].find("occurrence.txt:7"), std::string::npos) << ex2[0];
  // Calluna vulgaris, Erica tetralix, Ammophila arenaria, Empetrum nigrum, Carex arenaria L.
  EXPECT_EQ(rep.species, 5u);
  // Survey Team A, K. Smit, Jansen "Jan", P., R. Bakker.
  EXPECT_EQ(rep.observers, 4u);
  EXPECT_EQ(rep.absent, 1u);
  EXPECT_EQ(rep.first_day, days_from_civil(2019, 5, 1));
  EXPECT_EQ(rep.last_day, days_from_civil(2019, 7, 1));
  EXPECT_TRUE(has_note(rep, "7 events")) << rep.summary();
  EXPECT_TRUE(has_note(rep, "no-such-event")) << rep.summary();
  EXPECT_TRUE(has_note(rep, "cycle")) << rep.summary();
  EXPECT_NE(rep.summary().find("occurrence refers to unknown event ID"), std::string::npos);

  ASSERT_EQ(st.size(), 7u);
  struct Want {
    uint32_t line;
    double lon, lat;
    int32_t day;
    uint16_t span;
    float unc;
    const char* who;
    const char* name;
    uint32_t count;
  };
  const Want want[] = {
      {2, 4.3456, 52.1234, days_from_civil(2019, 5, 3), 0, 30, "Survey Team A", "Calluna vulgaris",
       3},
      {3, 4.3470, 52.1250, days_from_civil(2019, 5, 3), 0, 5, "K. Smit", "Erica tetralix", 1},
      {4, 4.3400, 52.1300, days_from_civil(2019, 5, 1), 30, 1000, "Jansen \"Jan\", P.",
       "Calluna vulgaris", 1},
      {5, 4.3456, 52.1234, days_from_civil(2019, 5, 4), 0, 30, "Survey Team A",
       "Ammophila arenaria", 12},
      {8, 4.3456, 52.1234, days_from_civil(2019, 5, 5), 0, 30, "Survey Team A", "Erica tetralix",
       2},
      {9, 4.4000, 52.1800, days_from_civil(2019, 7, 1), 0, 10, "R. Bakker", "Empetrum nigrum", 1},
      {10, 4.3400, 52.1300, days_from_civil(2019, 5, 1), 30, 1000, "Survey Team A",
       "Carex arenaria L.", 0},
  };
  for (size_t i = 0; i < 7; ++i) {
    SCOPED_TRACE("occurrence.txt line " + std::to_string(want[i].line));
    EXPECT_EQ(st.source_row[i], want[i].line);
    EXPECT_NEAR(st.x[i], want[i].lon, 1e-9);
    EXPECT_NEAR(st.y[i], want[i].lat, 1e-9);
    EXPECT_EQ(st.day[i], want[i].day);
    EXPECT_EQ(st.day_span[i], want[i].span);
    EXPECT_FLOAT_EQ(st.uncertainty_m[i], want[i].unc);
    EXPECT_EQ(observer(st, i), want[i].who);
    EXPECT_EQ(taxon(st, i), want[i].name);
    EXPECT_EQ(st.count[i], want[i].count);
  }
}

TEST(OccurrenceEventCore, DirectoryArchive) {
  check_sampling_event(kDir + "sampling-event");
}

TEST(OccurrenceEventCore, ZipArchive) {
  check_sampling_event(kDir + "sampling-event.zip");
}

// Builds a small archive directory under the test's temp dir.
std::string write_archive(const std::string& name, const std::string& meta,
                          const std::string& events, const std::string& occurrences) {
  const std::filesystem::path d = std::filesystem::path(testing::TempDir()) / name;
  std::filesystem::create_directories(d);
  std::ofstream(d / "meta.xml") << meta;
  std::ofstream(d / "event.txt") << events;
  std::ofstream(d / "occurrence.txt") << occurrences;
  return d.string();
}

const char* kEventCore =
    "<archive xmlns=\"http://rs.tdwg.org/dwc/text/\">\n"
    " <core fieldsTerminatedBy=\",\" ignoreHeaderLines=\"0\" "
    "rowType=\"http://rs.tdwg.org/dwc/terms/Event\">\n"
    "  <files><location>event.txt</location></files><id index=\"0\"/>\n"
    "  <field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/parentEventID\"/>\n"
    "  <field index=\"2\" term=\"http://rs.tdwg.org/dwc/terms/decimalLatitude\"/>\n"
    "  <field index=\"3\" term=\"http://rs.tdwg.org/dwc/terms/decimalLongitude\"/>\n"
    " </core>\n";

TEST(OccurrenceEventCore, MalformedEventArchivesAnsweredWithReasons) {
  IngestReport rep;
  // Event core without an Occurrence extension: nothing to read, said so.
  const std::string no_ext =
      write_archive("event_no_ext", std::string(kEventCore) + "</archive>\n", "e1,,52,4\n", "");
  try {
    read_occurrences(no_ext, {}, rep);
    ADD_FAILURE() << "event core without occurrences accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("needs an Occurrence extension"), std::string::npos)
        << e.what();
  }
  // Extension without <coreid>: refused by name.
  const std::string ext_no_coreid =
      " <extension fieldsTerminatedBy=\",\" rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\">"
      "<files><location>occurrence.txt</location></files>"
      "<field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/scientificName\"/></extension>\n";
  const std::string no_coreid =
      write_archive("event_no_coreid", std::string(kEventCore) + ext_no_coreid + "</archive>\n",
                    "e1,,52,4\n", "e1,Calluna vulgaris\n");
  try {
    read_occurrences(no_coreid, {}, rep);
    ADD_FAILURE() << "extension without coreid accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("coreid"), std::string::npos) << e.what();
  }
  // A self-parent and a long chain of parents (e5 -> e4 -> ... -> e1 has the point), a short
  // occurrence row, an empty coreid: no hang, every row accounted for.
  const std::string ext =
      " <extension fieldsTerminatedBy=\",\" rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\">"
      "<files><location>occurrence.txt</location></files><coreid index=\"0\"/>"
      "<field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/scientificName\"/></extension>\n";
  const std::string chain =
      write_archive("event_chain", std::string(kEventCore) + ext + "</archive>\n",
                    "e1,,52.5,4.5\ne2,e1,,\ne3,e2,,\ne4,e3,,\ne5,e4,,\nself,self,,\n",
                    "e5,Calluna vulgaris\nself,Erica tetralix\ne1\n,Empetrum nigrum\n");
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  const ObservationStore st = read_occurrences(chain, opts, rep);
  EXPECT_EQ(rep.rows_read, 4u);
  EXPECT_EQ(rep.kept, 1u);  // e5 inherits e1's point through four parents
  ASSERT_EQ(st.size(), 1u);
  EXPECT_NEAR(st.x[0], 4.5, 1e-12);
  EXPECT_NEAR(st.y[0], 52.5, 1e-12);
  EXPECT_EQ(reason(rep, Reject::NoCoordinates), 1u);  // self: its own parent, no point
  EXPECT_EQ(reason(rep, Reject::FieldCount), 1u);     // "e1": one field of two
  EXPECT_EQ(reason(rep, Reject::UnknownEvent), 1u);   // "" names no event
}

// A generated Event-core archive large enough (> 1 MiB, no quotes) for the parallel parser:
// every row is checked against a brute-force expectation computed here from the generator's
// rules, with 1 and 2 threads.
TEST(OccurrenceEventCore, ParallelJoinMatchesBruteForce) {
  const std::filesystem::path d = std::filesystem::path(testing::TempDir()) / "event_large";
  std::filesystem::create_directories(d);
  std::ofstream(d / "meta.xml")
      << "<archive xmlns=\"http://rs.tdwg.org/dwc/text/\">\n"
         " <core fieldsTerminatedBy=\"\\t\" fieldsEnclosedBy=\"\" ignoreHeaderLines=\"1\" "
         "rowType=\"http://rs.tdwg.org/dwc/terms/Event\">\n"
         "  <files><location>event.txt</location></files><id index=\"0\"/>\n"
         "  <field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/parentEventID\"/>\n"
         "  <field index=\"2\" term=\"http://rs.tdwg.org/dwc/terms/eventDate\"/>\n"
         "  <field index=\"3\" term=\"http://rs.tdwg.org/dwc/terms/decimalLatitude\"/>\n"
         "  <field index=\"4\" term=\"http://rs.tdwg.org/dwc/terms/decimalLongitude\"/>\n"
         "  <field index=\"5\" term=\"http://rs.tdwg.org/dwc/terms/recordedBy\"/>\n"
         " </core>\n"
         " <extension fieldsTerminatedBy=\"\\t\" fieldsEnclosedBy=\"\" ignoreHeaderLines=\"1\" "
         "rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\">\n"
         "  <files><location>occurrence.txt</location></files><coreid index=\"0\"/>\n"
         "  <field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/scientificName\"/>\n"
         "  <field index=\"2\" term=\"http://rs.tdwg.org/dwc/terms/decimalLatitude\"/>\n"
         "  <field index=\"3\" term=\"http://rs.tdwg.org/dwc/terms/decimalLongitude\"/>\n"
         "  <field index=\"4\" term=\"http://rs.tdwg.org/dwc/terms/occurrenceRemarks\"/>\n"
         " </extension>\n</archive>\n";
  // Events: sites k = 0..19 (point 52 + k/100, 4 + k/100; 2020-01-(k+1); observer obs-k) and
  // their samples s-k-j, j = 0..9, with a date 2020-02-(j+1) when j is even, nothing else.
  {
    std::ofstream e(d / "event.txt");
    e << "id\tparentEventID\teventDate\tdecimalLatitude\tdecimalLongitude\trecordedBy\n";
    char buf[160];
    for (int k = 0; k < 20; ++k) {
      std::snprintf(buf, sizeof buf, "site-%d\t\t2020-01-%02d\t%.2f\t%.2f\tobs-%d\n", k, k + 1,
                    52 + k / 100.0, 4 + k / 100.0, k);
      e << buf;
      for (int j = 0; j < 10; ++j) {
        if (j % 2 == 0)
          std::snprintf(buf, sizeof buf, "s-%d-%d\tsite-%d\t2020-02-%02d\t\t\t\n", k, j, k, j + 1);
        else
          std::snprintf(buf, sizeof buf, "s-%d-%d\tsite-%d\t\t\t\t\n", k, j, k);
        e << buf;
      }
    }
  }
  // Occurrences i = 0..N-1: sample s-(i%20)-((i/20)%10); every 97th refers to a missing
  // event; every 13th has its own point 51.5, 5.5.
  const int n = 60000;
  struct Want {
    uint32_t line;
    double lon, lat;
    int32_t day;
    std::string who;
  };
  std::vector<Want> want;
  size_t unknown = 0;
  {
    std::ofstream o(d / "occurrence.txt");
    o << "id\tscientificName\tdecimalLatitude\tdecimalLongitude\toccurrenceRemarks\n";
    for (int i = 0; i < n; ++i) {
      const int k = i % 20, j = (i / 20) % 10;
      const bool missing = i % 97 == 0, own = i % 13 == 0;
      o << (missing ? "missing-" + std::to_string(i)
                    : "s-" + std::to_string(k) + "-" + std::to_string(j))
        << "\tSpecies " << i % 50 << "\t" << (own ? "51.5" : "") << "\t" << (own ? "5.5" : "")
        << "\tpadding padding\n";
      if (missing) {
        ++unknown;
        continue;
      }
      want.push_back(
          {static_cast<uint32_t>(i + 2), own ? 5.5 : 4 + k / 100.0, own ? 51.5 : 52 + k / 100.0,
           j % 2 == 0 ? days_from_civil(2020, 2, j + 1) : days_from_civil(2020, 1, k + 1),
           "obs-" + std::to_string(k)});
    }
  }
  ASSERT_GT(std::filesystem::file_size(d / "occurrence.txt"), 1u << 20);
  for (int threads : {1, 2}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    IngestReport rep;
    OccurrenceOptions opts;
    opts.project_crs = "EPSG:4326";
    opts.threads = threads;
    const ObservationStore st = read_occurrences(d.string(), opts, rep);
    EXPECT_EQ(rep.rows_read, static_cast<uint64_t>(n));
    EXPECT_EQ(reason(rep, Reject::UnknownEvent), unknown);
    ASSERT_EQ(st.size(), want.size());
    size_t bad = 0;
    for (size_t i = 0; i < st.size(); ++i) {
      const Want& w = want[i];
      const bool ok = st.source_row[i] == w.line && std::fabs(st.x[i] - w.lon) < 1e-9 &&
                      std::fabs(st.y[i] - w.lat) < 1e-9 && st.day[i] == w.day &&
                      observer(st, i) == w.who;
      if (!ok && bad++ < 3) ADD_FAILURE() << "row " << i << " (line " << w.line << ")";
    }
    EXPECT_EQ(bad, 0u);
    const auto& ex = rep.examples[static_cast<size_t>(Reject::UnknownEvent)];
    ASSERT_FALSE(ex.empty());
    EXPECT_NE(ex[0].find("occurrence.txt:2 ('missing-0')"), std::string::npos) << ex[0];
  }
}

// A CSV whose "recordedBy" column the automatic mapping picks; an explicit "" unsets it.
TEST(OccurrenceMapping, EmptyColumnUnsetsAnAutomaticallyMappedTerm) {
  const std::filesystem::path p = std::filesystem::path(testing::TempDir()) / "unset_map.csv";
  std::ofstream(p) << "decimalLatitude,decimalLongitude,eventDate,scientificName,recordedBy\n"
                      "52.1,4.3,2019-05-01,Calluna vulgaris,A. Jansen\n"
                      "52.2,4.4,2019-05-02,Erica tetralix,B. de Vries\n"
                      "52.3,4.5,2019-05-03,Calluna vulgaris,A. Jansen\n";
  IngestReport rep;
  ObservationStore st = read_occurrences(p.string(), {}, rep);
  ASSERT_EQ(rep.kept, 3u);
  EXPECT_EQ(rep.observers, 2u);  // A. Jansen, B. de Vries
  EXPECT_EQ(rep.columns.count("recordedBy"), 1u);
  OccurrenceOptions opts;
  opts.mapping["recordedBy"] = "";  // "this term: no column"
  st = read_occurrences(p.string(), opts, rep);
  ASSERT_EQ(rep.kept, 3u);
  EXPECT_EQ(rep.observers, 0u);
  for (size_t i = 0; i < st.size(); ++i) EXPECT_EQ(st.observer[i], 0u);  // unknown
  EXPECT_EQ(rep.columns.count("recordedBy"), 0u);
  EXPECT_EQ(rep.species, 2u);  // other terms still mapped automatically
  // Unsetting a coordinate leaves none: the usual "no coordinate columns" error.
  opts.mapping["decimalLatitude"] = "";
  try {
    read_occurrences(p.string(), opts, rep);
    ADD_FAILURE() << "unset latitude accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no coordinate columns found"), std::string::npos)
        << e.what();
  }
}

// In an archive the mapping addresses the Occurrence file's fields: unsetting recordedBy
// there makes every occurrence take its event's observer (K. Smit's own value is not read:
// line 3 of occurrence.txt gets plot-A's inherited "Survey Team A").
TEST(OccurrenceMapping, EmptyColumnInEventArchive) {
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  opts.mapping["recordedBy"] = "";
  const ObservationStore st = read_occurrences(kDir + "sampling-event", opts, rep);
  ASSERT_EQ(st.size(), 7u);
  EXPECT_EQ(st.source_row[1], 3u);
  EXPECT_EQ(st.observers[st.observer[1]], "Survey Team A");
  EXPECT_EQ(rep.observers, 3u);  // Survey Team A, Jansen "Jan", P., R. Bakker
  // Archive fields are named by their meta.xml term: every row's basisOfRecord is
  // HumanObservation, so one observer; a name meta.xml does not declare is refused (not
  // read as field 0).
  opts.mapping["recordedBy"] = "basisOfRecord";
  read_occurrences(kDir + "sampling-event", opts, rep);
  EXPECT_EQ(rep.kept, 7u);
  EXPECT_EQ(rep.observers, 1u);
  opts.mapping["recordedBy"] = "2";  // the same field by index
  read_occurrences(kDir + "sampling-event", opts, rep);
  EXPECT_EQ(rep.observers, 1u);
  opts.mapping["recordedBy"] = "observer";
  try {
    read_occurrences(kDir + "sampling-event", opts, rep);
    ADD_FAILURE() << "unknown archive field accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no field 'observer'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace biodash
