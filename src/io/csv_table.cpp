#include "io/csv_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/occurrence_parse.hpp"

namespace biodash {
namespace {

bool valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& source) {
  CsvTable t;
  std::string converted;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    t.had_bom = true;
    text.remove_prefix(3);
  }
  if (!valid_utf8(text)) {
    converted = latin1_to_utf8(text);
    text = converted;
    t.latin1 = true;
  }
  t.delimiter = detect_delimiter(text);
  const char d = t.delimiter;

  std::vector<std::string> row;
  std::string field;
  size_t line = 1, row_start = 1;
  size_t i = 0, n = text.size();
  bool header_done = false;
  auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      if (!header_done) {
        t.header = std::move(row);
        header_done = true;
      } else {
        if (row.size() != t.header.size() && t.problems.size() < 1000) {
          std::ostringstream m;
          m << source << ":" << row_start << ": " << row.size() << " fields, header has "
            << t.header.size();
          t.problems.push_back(m.str());
        }
        t.rows.push_back(std::move(row));
        t.row_line.push_back(row_start);
      }
    }
    row.clear();
  };
  while (i < n) {
    char c = text[i];
    if (c == '"' && field.empty()) {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      size_t open_line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed && t.problems.size() < 1000)
        t.problems.push_back(source + ":" + std::to_string(open_line) +
                             ": quoted field is never closed");
      continue;
    }
    if (c == d) {
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_row();
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      row_start = line;
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (!field.empty() || !row.empty()) end_row();
  return t;
}

CsvTable read_csv_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  if (text.empty()) throw Error(path + ": file is empty");
  CsvTable t = parse_csv(text, path);
  if (t.header.empty()) throw Error(path + ": no header row");
  return t;
}

bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty() || s.size() > 64) return false;
  char buf[65];
  size_t commas = 0, dots = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ',') {
      ++commas;
      c = '.';
    } else if (c == '.') {
      ++dots;
    }
    buf[i] = c;
  }
  if (commas + dots > 1) return false;
  const char* b = buf;
  const char* e = buf + s.size();
  if (*b == '+') ++b;
  auto r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

int find_column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* want : names) {
    for (size_t i = 0; i < header.size(); ++i) {
      std::string h = header[i];
      for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (h == want) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace biodash
