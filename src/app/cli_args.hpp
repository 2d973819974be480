#pragma once
// The `--flag VALUE` arguments of the headless subcommands (aggregate, baci): a table of flags
// with one string value each, read in one place.
#include <string>
#include <utility>
#include <vector>

namespace biodash::app {

// A flag ("--out") or its aliases, and where its value goes.
struct ValueFlag {
  std::vector<const char*> names;
  std::string* value;
};

// What parse_value_flags() found besides the values.
enum class FlagsResult { Ok, Help, Error };

// Reads argv[1..argc): each listed flag takes the next argument as its value (a later one wins);
// "--help" / "-h" gives Help. Anything else, or a flag without a value, gives Error with the
// reason in `error` ("unknown argument 'x'", "missing value after --out").
inline FlagsResult parse_value_flags(int argc, char** argv, const std::vector<ValueFlag>& flags,
                                     std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return FlagsResult::Help;
    const ValueFlag* hit = nullptr;
    for (const ValueFlag& f : flags)
      for (const char* n : f.names)
        if (a == n) hit = &f;
    if (!hit) {
      error = "unknown argument '" + a + "'";
      return FlagsResult::Error;
    }
    if (i + 1 >= argc) {
      error = "missing value after " + a;
      return FlagsResult::Error;
    }
    *hit->value = argv[++i];
  }
  return FlagsResult::Ok;
}

}  // namespace biodash::app
