// read_occurrences on real exports. Expected values come from the fixtures' READMEs or from a
// separate naive parse in the test (split on the delimiter, csv_table's parser, GDAL VSI for
// archive members), never from the reader's own output.
#include "io/occurrence_reader.hpp"

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "../support/same_observations.hpp"
#include "io/csv_table.hpp"

namespace biodash {
namespace {

const std::string kDir = std::string(BIODASH_TEST_DATA) + "/occurrences/";

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string vsi_slurp(const std::string& path) {
  std::string out;
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  VSIFCloseL(f);
  return out;
}

std::vector<std::string> split(const std::string& line, char d) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == d) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream s(text);
  std::string l;
  while (std::getline(s, l)) out.push_back(l);
  return out;
}

size_t reason(const IngestReport& r, Reject k) {
  return r.rejected[static_cast<size_t>(k)];
}

TEST(OccurrenceReader, MuskratRdNewDecimalCommasCountsAndDates) {
  const std::string path = kDir + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv";
  // Independent parse: naive split on ';'.
  auto lines = lines_of(slurp(path));
  ASSERT_GT(lines.size(), 1u);
  std::set<std::string> types;
  size_t zero = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = split(lines[i], ';');
    ASSERT_EQ(f.size(), 8u) << i;
    types.insert(f[4]);
    zero += f[0] == "0";
  }
  const size_t n = lines.size() - 1;
  EXPECT_EQ(n, 47473u);  // README
  IngestReport rep;
  OccurrenceOptions opts;
  ObservationStore st = read_occurrences(path, opts, rep);
  EXPECT_EQ(rep.rows_read, n);
  EXPECT_EQ(rep.kept, n);
  EXPECT_EQ(rep.rejected_total(), 0u);
  EXPECT_EQ(rep.src_crs, "EPSG:28992");  // detected although named Longitude/Latitude
  // The catch types are Dutch vernacular names (no scientific names): each is a taxon.
  EXPECT_EQ(rep.species, types.size());
  EXPECT_EQ(rep.absent, zero);
  EXPECT_EQ(rep.taxa.absences, zero);  // excluded from every presence metric
  EXPECT_EQ(rep.taxa.species_records, n - zero);
  EXPECT_EQ(zero, 156u);  // README
  EXPECT_EQ(rep.first_day, days_from_civil(2019, 1, 1));
  EXPECT_EQ(rep.last_day, days_from_civil(2019, 12, 31));
  // RD New in = RD New out: the values are the file's, decimal comma read.
  EXPECT_NEAR(st.x[0], 137855.1327, 1e-6) << lines[1];
  EXPECT_EQ(st.source_row[0], 2u);
  EXPECT_EQ(st.source_row.back(), n + 1);
  EXPECT_NEAR(rep.bbox.minx, 14074, 1.0);  // README range X 14,074-277,844
  EXPECT_NEAR(rep.bbox.maxx, 277844, 1.0);
  EXPECT_LE(st.bytes_per_observation(), 48.0);
}

TEST(OccurrenceReader, MuskratToWgs84MatchesTwinFile) {
  const std::string path = kDir + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv";
  auto twin = lines_of(slurp(kDir + "muskrat/x_y_wgs84_same_row_order.csv"));
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  ObservationStore st = read_occurrences(path, opts, rep);
  ASSERT_EQ(st.size() + 1, twin.size());
  double worst = 0;
  for (size_t i = 0; i < st.size(); ++i) {
    auto f = split(twin[st.source_row[i] - 1], ',');
    ASSERT_EQ(f.size(), 2u);
    const double lon = std::stod(f[0]), lat = std::stod(f[1]);
    worst = std::max({worst, std::fabs(st.x[i] - lon), std::fabs(st.y[i] - lat)});
  }
  EXPECT_LE(worst, 1e-6);
}

TEST(OccurrenceReader, ParallelParseEqualsSingleThread) {
  const std::string path = kDir + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv";
  IngestReport r1, r2;
  OccurrenceOptions o1, o2;
  o1.threads = 1;
  o2.threads = 3;
  ObservationStore a = read_occurrences(path, o1, r1);
  ObservationStore b = read_occurrences(path, o2, r2);
  test::expect_same_observations(a, b);
}

TEST(OccurrenceReader, BelgianLambert72NeedsSourceCrs) {
  const std::string path =
      std::string(BIODASH_TEST_DATA) + "/muskrat/RATO_data_RAW_excel_BE_lambert72_latin1.csv";
  IngestReport rep;
  read_occurrences(path, {}, rep);
  EXPECT_EQ(rep.rows_read, 142u);  // README
  EXPECT_EQ(reason(rep, Reject::UnknownCrs), 142u);
  ASSERT_FALSE(rep.examples[static_cast<size_t>(Reject::UnknownCrs)].empty());
  EXPECT_EQ(rep.examples[static_cast<size_t>(Reject::UnknownCrs)][0], path + ":2");
  OccurrenceOptions opts;
  opts.src_crs = "EPSG:31370";
  ObservationStore st = read_occurrences(path, opts, rep);
  EXPECT_EQ(rep.kept, 142u);
  // First row x=82434.65 y=217328.73 (Maldegem, BE) lies south-west of the RD origin area.
  EXPECT_GT(st.x[0], 0);
  EXPECT_LT(st.y[0], 380000);
  EXPECT_EQ(rep.first_day, days_from_civil(2018, 1, 12));
}

TEST(OccurrenceReader, GbifDownloadWithoutHeader) {
  const std::string zip = kDir + "gbif-dwca/gbif-results.zip";
  // Independent: occurrence.txt through GDAL's VSI, naive tab split; lat/lon = fields 24/25
  // (0-based, meta.xml), scientificName = 6.
  auto lines = lines_of(vsi_slurp("/vsizip/" + zip + "/occurrence.txt"));
  ASSERT_EQ(lines.size(), 158u);  // README: 158 rows, no header
  size_t with_xy = 0, zero = 0;
  std::set<std::string> names;
  for (const auto& l : lines) {
    auto f = split(l, '\t');
    ASSERT_EQ(f.size(), 64u);
    if (f[24].empty() || f[25].empty()) continue;
    if (std::stod(f[24]) == 0 && std::stod(f[25]) == 0) {
      ++zero;
      continue;
    }
    ++with_xy;
    names.insert(f[6]);
  }
  IngestReport rep;
  read_occurrences(zip, {}, rep);
  EXPECT_EQ(rep.format, "Darwin Core Archive");
  EXPECT_EQ(rep.rows_read, 158u);
  EXPECT_EQ(rep.kept, with_xy);
  EXPECT_EQ(reason(rep, Reject::ZeroCoordinates), zero);
  EXPECT_EQ(reason(rep, Reject::NoCoordinates), 158u - with_xy - zero);
  EXPECT_EQ(rep.species, names.size());
  EXPECT_GT(rep.date_from_ymd + rep.no_date, 0u);  // Java-style dates / missing dates
}

TEST(OccurrenceReader, BgbmArchiveAllRowsKept) {
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  ObservationStore st = read_occurrences(kDir + "gbif-dwca/archive-occ.zip", opts, rep);
  EXPECT_EQ(rep.rows_read, 1534u);  // README: 1,534 georeferenced rows
  EXPECT_EQ(rep.kept, 1534u);
  // Turkey.
  EXPECT_GT(rep.bbox.minx, 25.0);
  EXPECT_LT(rep.bbox.maxx, 45.0);
  EXPECT_GT(rep.bbox.miny, 35.0);
  EXPECT_LT(rep.bbox.maxy, 43.0);
}

TEST(OccurrenceReader, Utf8NelInsideFieldIsNotALineBreak) {
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  ObservationStore st = read_occurrences(kDir + "gbif-dwca/dwca-utf8-eol-test.zip", opts, rep);
  ASSERT_EQ(rep.kept, 1u);
  EXPECT_NEAR(st.x[0], 96.0833, 1e-9);  // README
  EXPECT_NEAR(st.y[0], 22.0, 1e-9);
  EXPECT_EQ(st.day[0], days_from_civil(1935, 3, 1));  // "Fri Mar 01 00:00:00 CET 1935"
}

TEST(OccurrenceReader, MalformedArchivesAnsweredWithReasons) {
  IngestReport rep;
  // Taxon core: refused by name.
  try {
    read_occurrences(kDir + "gbif-dwca/dwca-star-test-archive.zip", {}, rep);
    ADD_FAILURE() << "taxon archive accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rowType Taxon"), std::string::npos) << e.what();
  }
  // No meta.xml and several files.
  try {
    read_occurrences(kDir + "gbif-dwca/dwca-invalid-simple-toomuch.zip", {}, rep);
    ADD_FAILURE() << "archive without meta.xml accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no meta.xml"), std::string::npos) << e.what();
  }
  // Descriptor declares one field more than the rows have.
  read_occurrences(kDir + "gbif-dwca/dwca-malformed-descriptor", {}, rep);
  EXPECT_EQ(rep.rows_read, 4u);
  EXPECT_EQ(reason(rep, Reject::FieldCount), 4u);
  bool noted = false;
  for (const auto& n : rep.notes) noted = noted || n.find("index 234") != std::string::npos;
  EXPECT_TRUE(noted);
  // DMS-like coordinates are not numbers.
  read_occurrences(kDir + "gbif-dwca/csv_unquoted_coordinates.txt", {}, rep);
  EXPECT_EQ(reason(rep, Reject::BadCoordinates), 3u);
  // Archives without coordinate terms: rows counted, all without coordinates.
  for (const char* f : {"dwca-simple-test-archive.tgz", "dwca-noheaders-1.zip"}) {
    read_occurrences(kDir + "gbif-dwca/" + f, {}, rep);
    EXPECT_EQ(rep.rows_read, 2u) << f;
    EXPECT_EQ(reason(rep, Reject::NoCoordinates), 2u) << f;
  }
  // Single CSV zipped without meta.xml: read as delimited text.
  read_occurrences(kDir + "gbif-dwca/dwca-simple-csv.zip", {}, rep);
  EXPECT_EQ(rep.rows_read, rep.kept + rep.rejected_total());
  EXPECT_GT(rep.rows_read, 0u);
  // JSON with escaped quotes inside a quoted CSV field: one row, no crash.
  read_occurrences(kDir + "gbif-dwca/csv-json-escaped-quotes", {}, rep);
  EXPECT_EQ(rep.rows_read, 1u);
  // Missing file, empty file.
  EXPECT_THROW(read_occurrences(kDir + "does-not-exist.csv", {}, rep), Error);
}

TEST(OccurrenceReader, INaturalistExport) {
  const std::string path = kDir + "inaturalist/observations_export.csv";
  // Independent: csv_table's RFC 4180 parser.
  CsvTable t = read_csv_file(path);
  const int sci = find_column(t.header, {"scientific_name"});
  const int q = find_column(t.header, {"quality_grade"});
  ASSERT_GE(sci, 0);
  std::set<std::string> names, binomials;
  size_t research = 0, above_species = 0;
  for (const auto& r : t.rows) {
    names.insert(r[sci]);
    // In this file every name is a plain binomial or one word (a genus, "Argia", or a family,
    // "Coenagrionidae"): a space tells species from higher ranks.
    if (r[sci].find(' ') != std::string::npos)
      binomials.insert(r[sci]);
    else
      ++above_species;
    research += r[q] == "research";
  }
  IngestReport rep;
  ObservationStore st = read_occurrences(path, {}, rep);
  EXPECT_EQ(rep.rows_read, 47u);  // README
  EXPECT_EQ(rep.kept, t.rows.size());
  EXPECT_EQ(rep.names, names.size());                      // 21
  EXPECT_EQ(rep.species, binomials.size());                // 19
  EXPECT_EQ(rep.taxa.higher_rank_records, above_species);  // 4
  EXPECT_EQ(rep.taxa.species_records, t.rows.size() - above_species);
  size_t got_research = 0;
  for (auto qq : st.quality) got_research += qq == Quality::Research;
  EXPECT_EQ(got_research, research);
}

TEST(OccurrenceReader, INaturalistOpenDataTsvWithBrokenRows) {
  const std::string path = kDir + "inaturalist/open_data_observations.tsv";
  auto lines = lines_of(slurp(path));
  size_t bad_fields = 0, no_xy = 0, good = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = split(lines[i], '\t');
    if (f.size() != 8)
      ++bad_fields;
    else if (f[2].empty())
      ++no_xy;
    else
      ++good;
  }
  IngestReport rep;
  read_occurrences(path, {}, rep);
  EXPECT_EQ(rep.rows_read, lines.size() - 1);
  EXPECT_EQ(rep.kept, good);
  EXPECT_EQ(reason(rep, Reject::FieldCount), bad_fields);
  EXPECT_EQ(reason(rep, Reject::NoCoordinates), no_xy);
  EXPECT_EQ(rep.observers, 10u);
}

TEST(OccurrenceReader, SimpleDarwinCoreXml) {
  IngestReport rep;
  OccurrenceOptions opts;
  opts.project_crs = "EPSG:4326";
  ObservationStore st = read_occurrences(kDir + "inaturalist/observations.dwc", opts, rep);
  EXPECT_EQ(rep.format, "Simple Darwin Core XML");
  ASSERT_EQ(rep.kept, 1u);
  // Values from the file: decimalLatitude 32.8430971478, decimalLongitude -117.2815829044.
  EXPECT_NEAR(st.y[0], 32.843097, 1e-5);
  EXPECT_NEAR(st.x[0], -117.281583, 1e-5);
}

// Absence: occurrenceStatus "absent", or (as GBIF infers it) no status and a count of 0; an
// explicit "present" with a count of 0 (plants not counted) stays a presence. Written by hand.
TEST(OccurrenceReader, AbsenceFromStatusOrFromACountWithoutStatus) {
  const std::string path = testing::TempDir() + "/absences.csv";
  {
    std::ofstream f(path);
    f << "scientificName,decimalLatitude,decimalLongitude,occurrenceStatus,individualCount\n"
      << "Turdus merula,52.16,4.49,present,0\n"  // present: the 0 is an uncounted count
      << "Turdus merula,52.16,4.49,PRESENT,3\n"  // present
      << "Turdus merula,52.16,4.49,absent,\n"    // absent
      << "Turdus merula,52.16,4.49,Absent,2\n"   // absent, whatever the count
      << "Turdus merula,52.16,4.49,,0\n"         // no status, count 0: absent
      << "Turdus merula,52.16,4.49,,\n";         // no status, no count: present
  }
  IngestReport rep;
  const ObservationStore st = read_occurrences(path, {}, rep);
  ASSERT_EQ(st.size(), 6u);
  EXPECT_EQ(rep.absent, 3u);
  EXPECT_EQ(rep.taxa.absences, 3u);
  EXPECT_EQ(rep.taxa.species_records, 3u);
  const bool absent[] = {false, false, true, true, true, false};
  for (size_t i = 0; i < st.size(); ++i) {
    EXPECT_EQ(st.is_absence(i), absent[st.source_row[i] - 2]) << "line " << st.source_row[i];
  }
}

TEST(OccurrenceReader, ExplicitMappingAndCancel) {
  const std::string path = kDir + "muskrat/Vangstgegevens_muskus_en_beverratten_NL_2019.csv";
  IngestReport rep;
  OccurrenceOptions opts;
  opts.mapping["scientificName"] = "HourSquareName";  // any column can be the taxon
  read_occurrences(path, opts, rep);
  EXPECT_GT(rep.names, 100u);
  EXPECT_EQ(rep.species, 0u);  // hour-square codes are no scientific names
  opts.names_as_given = true;  // unless the user says the column names the species
  read_occurrences(path, opts, rep);
  EXPECT_EQ(rep.species, rep.names);
  opts.mapping["decimalLatitude"] = "NoSuchColumn";
  EXPECT_THROW(read_occurrences(path, opts, rep), Error);
  EXPECT_THROW(read_occurrences(path, {}, rep, [](double) { return false; }), Cancelled);
}

TEST(OccurrenceReader, OgrPointLayer) {
  const std::string path =
      std::string(BIODASH_TEST_DATA) + "/gis-testdata/pyogrio/test_gpkg_nulls.gpkg";
  IngestReport rep;
  read_occurrences(path, {}, rep);
  EXPECT_EQ(rep.rows_read, 4u);  // README: 4 points
  EXPECT_EQ(rep.rows_read, rep.kept + rep.rejected_total());
}

}  // namespace
}  // namespace biodash
