#include "core/parse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/text.hpp"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/observations.hpp"

namespace biodash {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly n..max digits at s[i]; advances i.
bool read_digits(std::string_view s, size_t& i, int min_n, int max_n, int& v) {
  int n = 0;
  v = 0;
  while (i < s.size() && n < max_n && is_digit(s[i])) {
    v = v * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n >= min_n;
}

unsigned days_in_month(int y, int m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return kDays[m - 1];
}

// A calendar date that may be partial (month/day 0 = unknown).
struct Ymd {
  int y = 0, m = 0, d = 0;
};

bool valid(const Ymd& a) {
  if (a.y < 1000 || a.y > 2999) return false;
  if (a.m == 0) return a.d == 0;
  if (a.m < 1 || a.m > 12) return false;
  return a.d == 0 || (a.d >= 1 && static_cast<unsigned>(a.d) <= days_in_month(a.y, a.m));
}

int32_t first_of(const Ymd& a) {
  return days_from_civil(a.y, a.m ? a.m : 1, a.d ? a.d : 1);
}
int32_t last_of(const Ymd& a) {
  if (a.m == 0) return days_from_civil(a.y, 12, 31);
  if (a.d == 0) return days_from_civil(a.y, a.m, days_in_month(a.y, a.m));
  return days_from_civil(a.y, a.m, a.d);
}

// The rest after a date: empty, or 'T'/' ' and a time/zone made of [0-9:.+-Z A-Za-z].
bool time_tail_ok(std::string_view rest) {
  if (rest.empty()) return true;
  if (rest[0] != 'T' && rest[0] != ' ') return false;
  for (char c : rest.substr(1)) {
    const bool ok = is_digit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == ' ' ||
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!ok) return false;
  }
  return true;
}

// One date (no range). Forms listed at parse_event_date.
bool parse_single(std::string_view s, Ymd& out) {
  size_t i = 0;
  int a = 0;
  if (!read_digits(s, i, 1, 8, a)) return false;
  const size_t n1 = i;
  if (n1 == 8) {  // YYYYMMDD
    out = {a / 10000, (a / 100) % 100, a % 100};
    return valid(out) && time_tail_ok(s.substr(i));
  }
  if (n1 == 4) {  // YYYY, YYYY-MM, YYYY-MM-DD, YYYY/MM/DD
    out = {a, 0, 0};
    if (i == s.size()) return valid(out);
    const char sep = s[i];
    if (sep != '-' && sep != '/') return time_tail_ok(s.substr(i)) && valid(out);
    ++i;
    int m = 0;
    if (!read_digits(s, i, 1, 2, m)) return false;
    out.m = m;
    if (i < s.size() && s[i] == sep) {
      ++i;
      int d = 0;
      if (!read_digits(s, i, 1, 2, d)) return false;
      out.d = d;
    } else if (sep == '/') {
      return false;  // "YYYY/MM" is not a form we accept (ambiguous with ranges)
    }
    return valid(out) && time_tail_ok(s.substr(i));
  }
  if (n1 <= 2) {  // D-M-YYYY, D/M/YYYY, D.M.YYYY
    if (i >= s.size()) return false;
    const char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.') return false;
    ++i;
    int m = 0, y = 0;
    if (!read_digits(s, i, 1, 2, m)) return false;
    if (i >= s.size() || s[i] != sep) return false;
    ++i;
    if (!read_digits(s, i, 4, 4, y)) return false;
    out = {y, m, a};
    return a >= 1 && valid(out) && time_tail_ok(s.substr(i));
  }
  return false;
}

// Abbreviated end of an ISO range ("07", "06-02"), completed from the start date.
bool parse_range_end(std::string_view b, const Ymd& start, Ymd& out) {
  if (parse_single(b, out)) return true;
  size_t i = 0;
  int x = 0;
  if (!read_digits(b, i, 1, 2, x)) return false;
  if (i == b.size() || (b[i] != '-' && time_tail_ok(b.substr(i)))) {
    if (start.d == 0) {
      if (start.m == 0) return false;
      out = {start.y, x, 0};  // "2019-05/07" = May..July
    } else {
      out = {start.y, start.m, x};
    }
    return valid(out);
  }
  if (b[i] != '-') return false;
  ++i;
  int d = 0;
  if (!read_digits(b, i, 1, 2, d)) return false;
  out = {start.y, x, d};
  return valid(out) && time_tail_ok(b.substr(i));
}

// Java Date.toString() as found in 2013 GBIF downloads: "Fri Mar 01 00:00:00 CET 1935".
bool parse_java_date(std::string_view s, Ymd& out) {
  static const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string_view tok[8];
  size_t n = 0, i = 0;
  while (i < s.size() && n < 8) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) tok[n++] = s.substr(b, i - b);
  }
  if (n != 6 || tok[1].size() != 3) return false;
  int m = 0;
  for (int k = 0; k < 12; ++k)
    if (tok[1] == kMon[k]) m = k + 1;
  size_t p = 0;
  int d = 0, y = 0;
  if (!m || !read_digits(tok[2], p, 1, 2, d) || p != tok[2].size()) return false;
  p = 0;
  if (!read_digits(tok[5], p, 4, 4, y) || p != tok[5].size()) return false;
  if (!time_tail_ok(" " + std::string(tok[3]))) return false;
  out = {y, m, d};
  return d >= 1 && valid(out);
}

DateParse finish(int32_t first, int32_t last, int32_t& first_day, uint16_t& span_days) {
  if (last < first) return DateParse::Unparseable;
  first_day = first;
  span_days = static_cast<uint16_t>(std::min<int64_t>(int64_t{last} - first, 65535));
  return DateParse::Ok;
}

}  // namespace

DateParse parse_event_date(std::string_view s, int32_t& first_day, uint16_t& span_days) {
  // Fast path: exactly "YYYY-MM-DD" (the GBIF/iNaturalist common case); anything else, or a
  // value that fails a check here, takes the general path below (same result either way).
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    const auto dg = [&](size_t i) { return static_cast<unsigned>(s[i] - '0'); };
    bool digits = true;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) digits &= dg(i) <= 9;
    if (digits) {
      const int y = static_cast<int>(dg(0) * 1000 + dg(1) * 100 + dg(2) * 10 + dg(3));
      const int m = static_cast<int>(dg(5) * 10 + dg(6));
      const int d = static_cast<int>(dg(8) * 10 + dg(9));
      if (y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
          static_cast<unsigned>(d) <= days_in_month(y, m)) {
        first_day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        span_days = 0;
        return DateParse::Ok;
      }
    }
  }
  s = trim_blanks(s);
  if (s.empty()) return DateParse::Empty;
  if (s.size() > 80) return DateParse::Unparseable;
  Ymd a;
  if (parse_single(s, a)) return finish(first_of(a), last_of(a), first_day, span_days);
  if (((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && parse_java_date(s, a))
    return finish(first_of(a), last_of(a), first_day, span_days);
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0) return DateParse::Unparseable;
  if (!parse_single(s.substr(0, slash), a)) return DateParse::Unparseable;
  Ymd b;
  if (!parse_range_end(s.substr(slash + 1), a, b)) return DateParse::Unparseable;
  return finish(first_of(a), last_of(b), first_day, span_days);
}

bool parse_whole_day(std::string_view s, int32_t& day) {
  int32_t first = 0;
  uint16_t span = 0;
  if (parse_event_date(s, first, span) != DateParse::Ok || span != 0) return false;
  day = first;
  return true;
}

DateParse parse_ymd_fields(std::string_view y, std::string_view m, std::string_view d,
                           int32_t& first_day, uint16_t& span_days) {
  y = trim_blanks(y), m = trim_blanks(m), d = trim_blanks(d);
  if (y.empty()) return (m.empty() && d.empty()) ? DateParse::Empty : DateParse::Unparseable;
  Ymd a;
  size_t i = 0;
  if (!read_digits(y, i, 4, 4, a.y) || i != y.size()) return DateParse::Unparseable;
  if (!m.empty()) {
    i = 0;
    if (!read_digits(m, i, 1, 2, a.m) || i != m.size()) return DateParse::Unparseable;
  }
  if (!d.empty()) {
    i = 0;
    if (a.m == 0 || !read_digits(d, i, 1, 2, a.d) || i != d.size()) return DateParse::Unparseable;
  }
  if (!valid(a)) return DateParse::Unparseable;
  return finish(first_of(a), last_of(a), first_day, span_days);
}

bool parse_decimal(std::string_view s, double& out) {
  s = trim_blanks(s);
  if (s.empty() || s.size() > 64) return false;
  if (s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const size_t comma = s.find(',');
  double v = 0;
  if (comma == std::string_view::npos) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
      r = std::from_chars(s.data(), s.data() + s.size(), v);  // exponent form
      if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
    }
  } else {
    if (s.find('.') != std::string_view::npos || s.find(',', comma + 1) != std::string_view::npos)
      return false;
    char buf[65];
    std::memcpy(buf, s.data(), s.size());
    buf[comma] = '.';
    auto r = std::from_chars(buf, buf + s.size(), v);
    if (r.ec != std::errc() || r.ptr != buf + s.size()) return false;
  }
  if (!std::isfinite(v)) return false;
  out = v;
  return true;
}

bool parse_count(std::string_view s, uint32_t& out) {
  double v = 0;
  if (!parse_decimal(s, v) || v < 0 || v > 4e9 || v != std::floor(v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n || c == 0xC0 || c == 0xC1) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

std::string cp1252_to_utf8(std::string_view s) {
  // Windows-1252 0x80..0x9F (0 = undefined, kept as the Latin-1 control code point).
  static const uint16_t k80[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                   0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (unsigned char c : s) {
    unsigned cp = c;
    if (c >= 0x80 && c < 0xA0 && k80[c - 0x80]) cp = k80[c - 0x80];
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::string to_utf8(std::string_view s) {
  return is_valid_utf8(s) ? std::string(s) : cp1252_to_utf8(s);
}

}  // namespace biodash
