#pragma once
// The one argument parser of biodash: the window, the kiosk and every subcommand (aggregate,
// baci, inspect, render) declare their options in a table and read argv through it, so that
// "--flag VALUE", "--flag=VALUE", a missing value, an unknown option and --help behave the
// same everywhere. Checks of a value's meaning (a size, a number) use the converters below.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/observations.hpp"

namespace biodash::app {

// What ArgParser::parse() found.
enum class ArgsResult { Ok, Help, Error };

class ArgParser {
 public:
  // An option with one value ("--out FILE"); a later one wins. `names`: the option and its
  // aliases ("--observations", "--points").
  ArgParser& value(std::initializer_list<const char*> names, std::string* out);
  // An option that may be given several times; each value is appended.
  ArgParser& list(std::initializer_list<const char*> names, std::vector<std::string>* out);
  // A switch without value ("--quiet"); sets *out to true.
  ArgParser& flag(std::initializer_list<const char*> names, bool* out);
  // Arguments that are not options (files), at most `max`; without this, any is an error.
  ArgParser& positionals(std::vector<std::string>* out, size_t max = static_cast<size_t>(-1));

  // Reads argv[1..argc). "--help"/"-h" gives Help. An unknown option, an option without its
  // value, a value given to a switch or one positional too many gives Error with the reason in
  // `error` ("unknown option '--x'", "missing value after --out", "unexpected argument 'b'").
  // A lone "-" is a positional; "--" ends the options.
  ArgsResult parse(int argc, char** argv, std::string& error) const;

 private:
  enum class Kind { Value, List, Flag };
  struct Option {
    std::vector<std::string> names;
    Kind kind;
    void* out;
  };
  std::vector<Option> options_;
  std::vector<std::string>* positionals_ = nullptr;
  size_t max_positionals_ = 0;
};

// ---- converters (throw Error naming the option and the value) -----------------------------

// "WIDTHxHEIGHT" with both in [lo, hi].
void parse_size(const std::string& option, const std::string& text, int lo, int hi, int& w, int& h);
// A finite decimal number in [lo, hi] ("250", "2.5e2").
double parse_decimal(const std::string& option, const std::string& text, double lo, double hi);
// A whole number in [lo, hi].
long parse_whole(const std::string& option, const std::string& text, long lo, long hi);
// --months "4-9" (April to September; "11-2" wraps the year) -> Filter::months bits.
uint16_t parse_months(const std::string& text);
// --quality research|needs_id|casual -> the lowest quality kept.
Quality parse_quality(const std::string& text);

}  // namespace biodash::app
