#include "io/csv_table.hpp"

#include <gtest/gtest.h>

#include "core/crs.hpp"
#include "io/vector_reader.hpp"

using namespace biodash;

TEST(CsvTable, QuotesDelimitersNewlinesAndBom) {
  CsvTable t = parse_csv(
      "\xEF\xBB\xBFname;note;x\r\n\"a;b\";\"say \"\"hi\"\"\nthere\";1,5\r\nc;;2\n", "t.csv");
  EXPECT_TRUE(t.had_bom);
  EXPECT_EQ(t.delimiter, ';');
  ASSERT_EQ(t.header, (std::vector<std::string>{"name", "note", "x"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "a;b");
  EXPECT_EQ(t.rows[0][1], "say \"hi\"\nthere");
  EXPECT_EQ(t.row_line[1], 4u);  // the quoted newline moves the next row to line 4
  EXPECT_TRUE(t.problems.empty());
}

TEST(CsvTable, RaggedRowsAndUnclosedQuotesAreReportedWithLines) {
  CsvTable t = parse_csv("a,b\n1,2,3\n\"open,4\n", "bad.csv");
  ASSERT_GE(t.problems.size(), 2u);
  EXPECT_EQ(t.problems[0], "bad.csv:2: 3 fields, header has 2");
  EXPECT_NE(t.problems[1].find("bad.csv:3: quoted field is never closed"), std::string::npos)
      << t.problems[1];
}

TEST(CsvTable, ClassicMacLineEndsAndWindows1252) {
  // Excel's "CSV (Macintosh)": lines end in a lone CR; text in Windows-1252 (0x80 is the euro).
  CsvTable t = parse_csv("naam,x\r\"Caf\xE9, \x80 5\",1\r\rb,2\r", "mac.csv");
  EXPECT_TRUE(t.latin1);
  ASSERT_EQ(t.header, (std::vector<std::string>{"naam", "x"}));
  ASSERT_EQ(t.rows.size(), 2u);  // the blank line is skipped
  EXPECT_EQ(t.rows[0][0], "Caf\xC3\xA9, \xE2\x82\xAC 5");
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"b", "2"}));
  EXPECT_EQ(t.row_line[1], 4u);
  EXPECT_TRUE(t.problems.empty());
}

TEST(CsvTable, NumbersWithPointOrComma) {
  double v;
  EXPECT_TRUE(parse_number("137855,1327", v));
  EXPECT_DOUBLE_EQ(v, 137855.1327);
  EXPECT_TRUE(parse_number(" -4.5 ", v));
  EXPECT_DOUBLE_EQ(v, -4.5);
  EXPECT_FALSE(parse_number("1.234,5", v));  // thousands separators are ambiguous: refused
  EXPECT_FALSE(parse_number("abc", v));
  EXPECT_FALSE(parse_number("", v));
  EXPECT_FALSE(parse_number("nan", v));
}

TEST(CsvTable, Latin1BelgianFileNeedsItsCrs) {
  const std::string f =
      std::string(BIODASH_TEST_DATA) + "/muskrat/RATO_data_RAW_excel_BE_lambert72_latin1.csv";
  Layer l = std::move(read_vector_file(f).at(0));
  EXPECT_EQ(l.report.features_read, 142u);
  EXPECT_FALSE(l.placed());  // Lambert 72 numbers fit neither WGS84 nor RD New: not guessed
  EXPECT_NE(l.report.summary().find("Latin-1"), std::string::npos);
  // "Rat musqué" decoded from Latin-1 into UTF-8.
  int fr = l.field_index("kind_fr");
  ASSERT_GE(fr, 0);
  EXPECT_EQ(l.values[0][fr], "Rat musqu\xC3\xA9");
  OpenOptions o;
  o.fallback_crs = "EPSG:31370";
  o.map_crs = "EPSG:4326";
  Layer b = std::move(read_vector_file(f, o).at(0));
  ASSERT_TRUE(b.placed());
  // East Flanders: roughly 3.3–4.3 E, 50.8–51.4 N.
  EXPECT_GT(b.bounds.minx, 3.0);
  EXPECT_LT(b.bounds.maxx, 4.6);
  EXPECT_GT(b.bounds.miny, 50.6);
  EXPECT_LT(b.bounds.maxy, 51.5);
}
