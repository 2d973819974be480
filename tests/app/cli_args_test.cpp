// The one argument parser (app/cli_args): values, aliases, --name=value, repeated options,
// switches, positionals, and the errors every face reports the same way.
#include "app/cli_args.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace biodash::app {
namespace {

// argv from words; argv[0] is the command.
struct Argv {
  explicit Argv(std::vector<std::string> w) : words(std::move(w)) {
    for (auto& s : words) ptrs.push_back(s.data());
  }
  int argc() { return static_cast<int>(ptrs.size()); }
  char** argv() { return ptrs.data(); }
  std::vector<std::string> words;
  std::vector<char*> ptrs;
};

struct Parsed {
  std::string out, lang;
  std::vector<std::string> maps, files;
  bool quiet = false;
  ArgsResult result = ArgsResult::Ok;
  std::string error;
};

Parsed parse(std::vector<std::string> words, size_t max_files = 2) {
  Parsed p;
  ArgParser a;
  a.value({"--out", "-o"}, &p.out)
      .value({"--lang"}, &p.lang)
      .list({"--map"}, &p.maps)
      .flag({"--quiet"}, &p.quiet)
      .positionals(&p.files, max_files);
  words.insert(words.begin(), "cmd");
  Argv v(words);
  p.result = a.parse(v.argc(), v.argv(), p.error);
  return p;
}

TEST(ArgParser, ValuesAliasesInlineValuesListsSwitchesAndFiles) {
  const Parsed p = parse({"a.csv", "-o", "x.png", "--map", "eventDate=Datum", "--quiet",
                          "--map=decimalLatitude=lat", "--lang=nl", "--out", "y.png", "b.gpkg"});
  ASSERT_EQ(p.result, ArgsResult::Ok) << p.error;
  EXPECT_EQ(p.out, "y.png");  // a later value wins
  EXPECT_EQ(p.lang, "nl");
  EXPECT_EQ(p.maps, (std::vector<std::string>{"eventDate=Datum", "decimalLatitude=lat"}));
  EXPECT_TRUE(p.quiet);
  EXPECT_EQ(p.files, (std::vector<std::string>{"a.csv", "b.gpkg"}));
}

TEST(ArgParser, ValuesMayStartWithADashAndDashDashEndsOptions) {
  const Parsed p = parse({"--out", "-", "--", "--odd-file-name.csv"});
  ASSERT_EQ(p.result, ArgsResult::Ok) << p.error;
  EXPECT_EQ(p.out, "-");
  EXPECT_EQ(p.files, (std::vector<std::string>{"--odd-file-name.csv"}));
}

TEST(ArgParser, ErrorsNameTheArgument) {
  Parsed p = parse({"--out"});
  EXPECT_EQ(p.result, ArgsResult::Error);
  EXPECT_EQ(p.error, "missing value after --out");
  p = parse({"--bogus", "1"});
  EXPECT_EQ(p.result, ArgsResult::Error);
  EXPECT_EQ(p.error, "unknown option '--bogus'");
  p = parse({"--quiet=yes"});
  EXPECT_EQ(p.result, ArgsResult::Error);
  EXPECT_EQ(p.error, "--quiet takes no value");
  p = parse({"a", "b", "c"});
  EXPECT_EQ(p.result, ArgsResult::Error);
  EXPECT_EQ(p.error, "unexpected argument 'c'");
  p = parse({"a"}, 0);
  EXPECT_EQ(p.error, "unexpected argument 'a'");
  p = parse({"a", "--help", "--bogus"});
  EXPECT_EQ(p.result, ArgsResult::Help);
  EXPECT_EQ(parse({"-h"}).result, ArgsResult::Help);
}

TEST(ArgParser, SizesAndWholeNumbers) {
  int w = 0, h = 0;
  parse_size("--size", "1600x900", 16, 8192, w, h);
  EXPECT_EQ(w, 1600);
  EXPECT_EQ(h, 900);
  EXPECT_THROW(parse_size("--size", "1600x900px", 16, 8192, w, h), Error);
  EXPECT_THROW(parse_size("--size", "8x900", 16, 8192, w, h), Error);
  EXPECT_THROW(parse_size("--size", "1600", 16, 8192, w, h), Error);
  try {
    parse_size("--window", "big", 64, 8192, w, h);
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--window wants WIDTHxHEIGHT between 64 and 8192 pixels, got 'big'");
  }
  EXPECT_EQ(parse_whole("--frames", "300", 0, 1000), 300);
  EXPECT_THROW(parse_whole("--frames", "3e2", 0, 1000), Error);
  EXPECT_THROW(parse_whole("--frames", "", 0, 1000), Error);
  EXPECT_THROW(parse_whole("--frames", "1001", 0, 1000), Error);
  EXPECT_THROW(parse_whole("--frames", "99999999999999999999999", 0, 1000), Error);
}

}  // namespace
}  // namespace biodash::app
