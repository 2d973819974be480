#include "io/csv_table.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

#include "core/error.hpp"
#include "core/input_file.hpp"
#include "io/occurrence_parse.hpp"

namespace biodash {

CsvTable parse_csv(std::string_view text, const std::string& source) {
  CsvTable t;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    t.had_bom = true;
    text.remove_prefix(3);
  }
  // The occurrence reader's record scanner (io/occurrence_parse), so that a CSV layer, the
  // mapping dialog's preview and the observation load split every file the same way.
  std::string unix_ends;
  if (classic_mac_line_ends(text)) {
    unix_ends = to_unix_line_ends(text);
    text = unix_ends;
  }
  t.latin1 = !is_valid_utf8(text);
  const size_t eol = text.find('\n');
  t.delimiter = detect_delimiter(text.substr(0, eol));
  const Dialect dialect{t.delimiter, '"'};
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  size_t pos = 0, line = 1;
  bool header_done = false;
  while (pos < text.size()) {
    const RecordScan r = scan_record(text, pos, dialect, fields, scratch);
    const size_t row_start = line;
    pos = r.next;
    line += r.newlines;
    if (r.unclosed_quote && t.problems.size() < 1000)
      t.problems.push_back(source + ":" + std::to_string(row_start) +
                           ": quoted field is never closed");
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    std::vector<std::string> row;
    row.reserve(fields.size());
    for (std::string_view f : fields) row.push_back(t.latin1 ? cp1252_to_utf8(f) : std::string(f));
    if (!header_done) {
      t.header = std::move(row);
      header_done = true;
      continue;
    }
    if (row.size() != t.header.size() && t.problems.size() < 1000) {
      std::ostringstream m;
      m << source << ":" << row_start << ": " << row.size() << " fields, header has "
        << t.header.size();
      t.problems.push_back(m.str());
    }
    t.rows.push_back(std::move(row));
    t.row_line.push_back(row_start);
  }
  return t;
}

CsvTable read_csv_file(const std::string& path) {
  // A regular file only (a FIFO or device is refused without blocking), read checked; a first
  // line without a line end in its first MiB is not a table (a binary or sparse file).
  uint64_t size = 0;
  const int fd = open_regular_file(path, "a delimited text file", &size);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::string text;
  auto read_to = [&](size_t upto) {
    const size_t got = text.size();
    try {
      text.resize(upto);
    } catch (const std::bad_alloc&) {
      throw Error(path + ": too large to read (" + std::to_string(size) + " bytes)");
    }
    text.resize(got + read_upto(fd, text.data() + got, upto - got, path));
  };
  const size_t kFirstLine = size_t{1} << 20;
  read_to(std::min<size_t>(static_cast<size_t>(size), kFirstLine));
  if (text.size() >= kFirstLine && text.find('\n') == std::string::npos)
    throw Error(path + ": no line end in the first 1 MiB: not delimited text (binary data?)");
  if (text.size() == kFirstLine) read_to(static_cast<size_t>(size));
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
