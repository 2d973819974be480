// Low-level parsers of the occurrence ingest: dates, numbers, records, terms. Expected day
// numbers are computed by hand (days since 1970-01-01).
#include "io/occurrence_parse.hpp"

#include <gtest/gtest.h>

#include "core/observations.hpp"

namespace biodash {
namespace {

// 2019-01-01: 49 years after 1970 with 12 leap days (1972..2016) = 49*365 + 12.
constexpr int32_t k2019_01_01 = 49 * 365 + 12;

// Several short quoted fields with doubled quotes in one record, scratch starting empty: each
// keeps its own text while the scratch space grows (fuzz_dwca found views left dangling).
TEST(OccurrenceParse, UnescapedFieldsSurviveScratchGrowth) {
  const std::string line = "\"a\"\"b\",\"c\"\"d\",plain,\"e\"\"f\"\n";
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  const RecordScan r = scan_record(line, 0, Dialect{}, fields, scratch);
  EXPECT_EQ(r.next, line.size());
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], "a\"b");
  EXPECT_EQ(fields[1], "c\"d");
  EXPECT_EQ(fields[2], "plain");
  EXPECT_EQ(fields[3], "e\"f");
}

TEST(OccurrenceParse, IsoDatesAndPartialDates) {
  int32_t d = 0;
  uint16_t span = 9;
  ASSERT_EQ(parse_event_date("2019-01-01", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01);
  EXPECT_EQ(span, 0);
  ASSERT_EQ(parse_event_date("2019-01-01T10:31:00Z", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01);
  ASSERT_EQ(parse_event_date("2019", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01);
  EXPECT_EQ(span, 364);
  ASSERT_EQ(parse_event_date("2019-02", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 + 31);
  EXPECT_EQ(span, 27);
  ASSERT_EQ(parse_event_date("20190105", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 + 4);
  ASSERT_EQ(parse_event_date("2013-03-12T00:00:00.000+0000", d, span), DateParse::Ok);
}

TEST(OccurrenceParse, DateRanges) {
  int32_t d = 0;
  uint16_t span = 0;
  ASSERT_EQ(parse_event_date("2019-01-03/07", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 + 2);
  EXPECT_EQ(span, 4);
  ASSERT_EQ(parse_event_date("2019-01-30/02-02", d, span), DateParse::Ok);
  EXPECT_EQ(span, 3);
  ASSERT_EQ(parse_event_date("2018/2019", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 - 365);
  EXPECT_EQ(span, 729);
  ASSERT_EQ(parse_event_date("2019-01-01T10:00/2019-01-02T12:00", d, span), DateParse::Ok);
  EXPECT_EQ(span, 1);
  EXPECT_EQ(parse_event_date("2019-02-01/2019-01-01", d, span), DateParse::Unparseable);
}

TEST(OccurrenceParse, LocalDateForms) {
  int32_t d = 0;
  uint16_t span = 0;
  ASSERT_EQ(parse_event_date("1-1-2019 11:31", d, span), DateParse::Ok);  // muskrat export
  EXPECT_EQ(d, k2019_01_01);
  ASSERT_EQ(parse_event_date("23-4-2019 09:15", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 + 31 + 28 + 31 + 22);
  ASSERT_EQ(parse_event_date("20/02/2018", d, span), DateParse::Ok);  // Belgian RATO file
  EXPECT_EQ(d, k2019_01_01 - 365 + 31 + 19);
  ASSERT_EQ(parse_event_date("2018/02/20", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01 - 365 + 31 + 19);
  ASSERT_EQ(parse_event_date("Fri Mar 01 00:00:00 CET 1935", d, span), DateParse::Ok);
  int y;
  unsigned m, dd;
  civil_from_days(d, y, m, dd);
  EXPECT_EQ(y, 1935);
  EXPECT_EQ(m, 3u);
  EXPECT_EQ(dd, 1u);
}

TEST(OccurrenceParse, BadDates) {
  int32_t d = 0;
  uint16_t span = 0;
  EXPECT_EQ(parse_event_date("", d, span), DateParse::Empty);
  EXPECT_EQ(parse_event_date("   ", d, span), DateParse::Empty);
  for (const char* s : {"2019-02-29", "2019-13-01", "31-4-2019", "yesterday", "2019-01-01x",
                        "12/25/2020", "0000-01-01", "2019/", "/2019", "99999-01-01"})
    EXPECT_EQ(parse_event_date(s, d, span), DateParse::Unparseable) << s;
  ASSERT_EQ(parse_event_date("2020-02-29", d, span), DateParse::Ok);
}

// An intervention date (biodash baci, the Before/after section): exactly one day.
TEST(OccurrenceParse, WholeDayOnly) {
  int32_t d = 7;
  EXPECT_TRUE(parse_whole_day("2019-11-20", d));
  EXPECT_EQ(d, days_from_civil(2019, 11, 20));
  d = 7;
  EXPECT_TRUE(parse_whole_day("2019/11/20", d));  // as GDAL prints a GeoPackage date
  EXPECT_EQ(d, days_from_civil(2019, 11, 20));
  d = 7;
  for (const char* bad : {"2019-11", "2019", "2019-05-03/07", "", "soon"})
    EXPECT_FALSE(parse_whole_day(bad, d)) << bad;
  EXPECT_EQ(d, 7) << "a refused date leaves the day as it was";
}

TEST(OccurrenceParse, YearMonthDayFields) {
  int32_t d = 0;
  uint16_t span = 0;
  ASSERT_EQ(parse_ymd_fields("2019", "1", "1", d, span), DateParse::Ok);
  EXPECT_EQ(d, k2019_01_01);
  ASSERT_EQ(parse_ymd_fields("2019", "", "", d, span), DateParse::Ok);
  EXPECT_EQ(span, 364);
  EXPECT_EQ(parse_ymd_fields("", "", "", d, span), DateParse::Empty);
  EXPECT_EQ(parse_ymd_fields("2019", "", "5", d, span), DateParse::Unparseable);
}

TEST(OccurrenceParse, Numbers) {
  double v = 0;
  ASSERT_TRUE(parse_decimal("137855,1327", v));
  EXPECT_DOUBLE_EQ(v, 137855.1327);
  ASSERT_TRUE(parse_decimal(" -93.732823 ", v));
  EXPECT_DOUBLE_EQ(v, -93.732823);
  ASSERT_TRUE(parse_decimal("+4.5", v));
  EXPECT_DOUBLE_EQ(v, 4.5);
  for (const char* s : {"", "10'12\"", "1,2.3", "1.2.3", "nan", "inf", "abc", "1,2,3", "+"})
    EXPECT_FALSE(parse_decimal(s, v)) << s;
  uint32_t c = 9;
  ASSERT_TRUE(parse_count("3", c));
  EXPECT_EQ(c, 3u);
  EXPECT_FALSE(parse_count("-1", c));
  EXPECT_FALSE(parse_count("2.5", c));
}

TEST(OccurrenceParse, RecordsWithQuotes) {
  std::vector<std::string_view> f;
  std::vector<std::string> scratch;
  const std::string_view data = "a,\"b,\"\"c\"\"\nd\",e\r\nx,y,z";
  Dialect d;
  RecordScan r = scan_record(data, 0, d, f, scratch);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[1], "b,\"c\"\nd");
  EXPECT_EQ(f[2], "e");
  EXPECT_EQ(r.newlines, 2u);
  r = scan_record(data, r.next, d, f, scratch);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[2], "z");
  EXPECT_EQ(r.next, data.size());
  r = scan_record("\"open", 0, d, f, scratch);
  EXPECT_TRUE(r.unclosed_quote);
  Dialect tsv{'\t', '\0'};
  scan_record("a\"b\tc", 0, tsv, f, scratch);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0], "a\"b");
  EXPECT_EQ(detect_delimiter("a;b;c,d"), ';');
  EXPECT_EQ(detect_delimiter("a\tb\tc"), '\t');
}

TEST(OccurrenceParse, TermsAndEncoding) {
  Term t;
  ASSERT_TRUE(term_from_name("http://rs.tdwg.org/dwc/terms/decimalLatitude", t));
  EXPECT_EQ(t, Term::Latitude);
  ASSERT_TRUE(term_from_name("DECIMAL_LONGITUDE", t));
  EXPECT_EQ(t, Term::Longitude);
  ASSERT_TRUE(term_from_name("quality_grade", t));
  EXPECT_EQ(t, Term::Quality);
  ASSERT_TRUE(term_from_name("dwc:eventDate", t));
  EXPECT_EQ(t, Term::EventDate);
  EXPECT_FALSE(term_from_name("HourSquareName", t));
  EXPECT_EQ(cp1252_to_utf8("Rat musqu\xE9 \x80"), "Rat musqu\xC3\xA9 \xE2\x82\xAC");
  EXPECT_FALSE(is_valid_utf8("\xE9t\xE9"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9t\xC3\xA9"));
}

}  // namespace
}  // namespace biodash
