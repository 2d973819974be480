#pragma once
// A delimited-text file as a table of strings: UTF-8 (BOM stripped) or Windows-1252/Latin-1
// (converted to UTF-8), delimiter detected among , ; TAB |, RFC 4180 quoting with embedded
// delimiters, quotes and newlines, classic Mac line ends. Used for CSV layers and the column
// mapping dialog's preview. Records are split by the one record scanner of the occurrence
// reader (io/occurrence_parse: scan_record, detect_delimiter), so what the preview shows is
// what the observation load reads.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace biodash {

struct CsvTable {
  char delimiter = ',';                        // detected delimiter
  bool had_bom = false;                        // UTF-8 byte order mark was present
  bool latin1 = false;                         // input was not UTF-8; converted from Latin-1
  std::vector<std::string> header;             // column names (first row)
  std::vector<std::vector<std::string>> rows;  // data rows
  std::vector<size_t> row_line;                // 1-based line number where each row starts
  std::vector<std::string> problems;           // malformed rows, with line numbers
};

// Parses text already in memory. `source` names the file in problem messages.
CsvTable parse_csv(std::string_view text, const std::string& source);
// Reads and parses a file; throws Error naming the file when it cannot be read or is empty.
CsvTable read_csv_file(const std::string& path);

// Parses a number written with '.' or ',' as decimal separator (no thousands separators);
// surrounding blanks allowed. Returns false for anything else (empty, text, NaN, inf).
bool parse_number(std::string_view s, double& out);

// Index of the column whose lower-cased name equals one of `names`, checked in that order;
// -1 when none matches.
int find_column(const std::vector<std::string>& header, std::initializer_list<const char*> names);

}  // namespace biodash
