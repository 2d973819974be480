#include "app/cli_args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"

namespace biodash::app {

ArgParser& ArgParser::value(std::initializer_list<const char*> names, std::string* out) {
  options_.push_back({{names.begin(), names.end()}, Kind::Value, out});
  return *this;
}

ArgParser& ArgParser::list(std::initializer_list<const char*> names,
                           std::vector<std::string>* out) {
  options_.push_back({{names.begin(), names.end()}, Kind::List, out});
  return *this;
}

ArgParser& ArgParser::flag(std::initializer_list<const char*> names, bool* out) {
  options_.push_back({{names.begin(), names.end()}, Kind::Flag, out});
  return *this;
}

ArgParser& ArgParser::positionals(std::vector<std::string>* out, size_t max) {
  positionals_ = out;
  max_positionals_ = max;
  return *this;
}

ArgsResult ArgParser::parse(int argc, char** argv, std::string& error) const {
  bool options_ended = false;
  size_t npos = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const bool is_option = !options_ended && a.size() > 1 && a[0] == '-';
    if (!is_option) {
      if (!positionals_ || npos >= max_positionals_) {
        error = "unexpected argument '" + a + "'";
        return ArgsResult::Error;
      }
      positionals_->push_back(a);
      ++npos;
      continue;
    }
    if (a == "--") {
      options_ended = true;
      continue;
    }
    if (a == "--help" || a == "-h") return ArgsResult::Help;
    // "--name=value"
    std::string inline_value;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      const size_t eq = a.find('=');
      if (eq != std::string::npos) {
        inline_value = a.substr(eq + 1);
        a.resize(eq);
        has_inline = true;
      }
    }
    const Option* hit = nullptr;
    for (const Option& o : options_)
      for (const std::string& n : o.names)
        if (a == n) hit = &o;
    if (!hit) {
      error = "unknown option '" + a + "'";
      return ArgsResult::Error;
    }
    if (hit->kind == Kind::Flag) {
      if (has_inline) {
        error = a + " takes no value";
        return ArgsResult::Error;
      }
      *static_cast<bool*>(hit->out) = true;
      continue;
    }
    std::string v;
    if (has_inline) {
      v = inline_value;
    } else if (i + 1 < argc) {
      v = argv[++i];
    } else {
      error = "missing value after " + a;
      return ArgsResult::Error;
    }
    if (hit->kind == Kind::Value)
      *static_cast<std::string*>(hit->out) = v;
    else
      static_cast<std::vector<std::string>*>(hit->out)->push_back(v);
  }
  return ArgsResult::Ok;
}

void parse_size(const std::string& option, const std::string& text, int lo, int hi, int& w,
                int& h) {
  int x = 0, y = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &x, &y, &tail) != 2 || x < lo || y < lo || x > hi ||
      y > hi) {
    throw Error(option + " wants WIDTHxHEIGHT between " + std::to_string(lo) + " and " +
                std::to_string(hi) + " pixels, got '" + text + "'");
  }
  w = x;
  h = y;
}

double parse_decimal(const std::string& option, const std::string& text, double lo, double hi) {
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(text.c_str(), &end);
  if (text.empty() || !end || *end || errno == ERANGE || !std::isfinite(d) || d < lo || d > hi) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s needs a number from %g to %g, got '%s'", option.c_str(), lo,
                  hi, text.substr(0, 40).c_str());
    throw Error(buf);
  }
  return d;
}

long parse_whole(const std::string& option, const std::string& text, long lo, long hi) {
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || !end || *end || errno == ERANGE || n < lo || n > hi)
    throw Error(option + " needs a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi) + ", got '" + text + "'");
  return n;
}

uint16_t parse_months(const std::string& text) {
  unsigned a = 0, b = 0;
  if (std::sscanf(text.c_str(), "%u-%u", &a, &b) != 2 || a < 1 || a > 12 || b < 1 || b > 12)
    throw Error("--months: expected a range like 4-9 (April to September)");
  uint16_t months = 0;
  for (unsigned m = a;; m = m % 12 + 1) {
    months |= static_cast<uint16_t>(1u << (m - 1));
    if (m == b) break;
  }
  return months;
}

Quality parse_quality(const std::string& text) {
  if (text == "research") return Quality::Research;
  if (text == "needs_id") return Quality::NeedsId;
  if (text == "casual") return Quality::Casual;
  throw Error("--quality: expected research, needs_id or casual");
}

}  // namespace biodash::app
