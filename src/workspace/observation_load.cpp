#include "workspace/observation_load.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/i18n.hpp"
#include "core/input_file.hpp"
#include "io/csv_table.hpp"

namespace biodash {
namespace {

constexpr size_t kPreviewBytes = 64 * 1024;  // read for the mapping dialog's preview

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool looks_like_observations(const std::string& spec) {
  const std::string l = lower(spec);
  for (const char* ext : {".csv", ".tsv", ".txt", ".zip", ".tgz", ".tar.gz", ".tar", ".xml"}) {
    if (ends_with(l, ext)) return true;
  }
  std::error_code ec;
  return std::filesystem::is_directory(spec, ec) &&
         std::filesystem::exists(std::filesystem::path(spec) / "meta.xml", ec);
}

bool is_mapping_failure(const std::string& error) {
  return error.find("no coordinate columns found") != std::string::npos;
}

const std::vector<Term>& mapping_dialog_terms() {
  static const std::vector<Term> terms = {
      Term::Latitude,
      Term::Longitude,
      Term::EventDate,
      Term::ScientificName,
      Term::RecordedBy,
      Term::IndividualCount,
      Term::Quality,
      Term::Uncertainty,
      Term::VernacularName,
      Term::OccurrenceId,
      Term::Year,
      Term::Month,
      Term::Day,
  };
  return terms;
}

ObservationPreview preview_observation_file(const std::string& path, size_t max_rows) {
  ObservationPreview p;
  p.path = path;
  try {  // never blocks on a FIFO or reads a device (core/input_file)
    require_regular_file(path, "an observation file");
  } catch (const std::exception& e) {
    p.error = e.what();
    return p;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    p.error = path + ": " + tr("cannot open file");
    return p;
  }
  std::string text(kPreviewBytes, '\0');
  f.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(f.gcount()));
  if (text.empty()) {
    p.error = path + ": " + tr("file is empty");
    return p;
  }
  if (text.compare(0, 2, "PK") == 0 || text.compare(0, 2, "\x1f\x8b") == 0) {
    p.error = path + ": " + tr("an archive; its meta.xml declares the columns");
    return p;
  }
  // Only whole lines: a row cut at 64 KiB would look malformed.
  if (f.gcount() == static_cast<std::streamsize>(kPreviewBytes)) {
    const size_t eol = text.rfind('\n');
    if (eol != std::string::npos) text.resize(eol + 1);
  }
  CsvTable t = parse_csv(text, path);
  p.delimiter = t.delimiter;
  p.header = std::move(t.header);
  if (p.header.empty()) {
    p.error = path + ": " + tr("no header line");
    return p;
  }
  for (size_t i = 0; i < t.rows.size() && p.rows.size() < max_rows; ++i)
    p.rows.push_back(std::move(t.rows[i]));
  // The name matching of the reader (best alias wins), so the dialog preselects the same.
  std::vector<int> best(kTermCount, 1 << 30);
  for (const auto& name : p.header) {
    Term t;
    const int r = term_alias_rank(name, t);
    if (r < 0) continue;
    if (r < best[static_cast<size_t>(t)]) {
      best[static_cast<size_t>(t)] = r;
      p.automatic[term_name(t)] = name;
    }
  }
  return p;
}

ColumnMapping mapping_from_choices(const std::vector<std::string>& header,
                                   const std::vector<int>& choice) {
  ColumnMapping m;
  const auto& terms = mapping_dialog_terms();
  for (size_t i = 0; i < terms.size() && i < choice.size(); ++i) {
    const int c = choice[i];
    if (c < 0 || static_cast<size_t>(c) >= header.size()) {
      m[term_name(terms[i])] = "";  // "(none)": not read, even if the name matching finds one
      continue;
    }
    const bool duplicate = std::count(header.begin(), header.end(), header[c]) > 1;
    m[term_name(terms[i])] = duplicate ? std::to_string(c) : header[c];
  }
  return m;
}

std::vector<int> initial_choices(const ObservationPreview& p, const ColumnMapping& mapping) {
  const auto& terms = mapping_dialog_terms();
  std::vector<int> choice(terms.size(), -1);
  auto column_of = [&](const std::string& col) {
    for (size_t c = 0; c < p.header.size(); ++c)
      if (p.header[c] == col) return static_cast<int>(c);
    if (!col.empty() &&
        std::all_of(col.begin(), col.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      const size_t c = std::stoul(col);
      if (c < p.header.size()) return static_cast<int>(c);
    }
    return -1;
  };
  for (size_t i = 0; i < terms.size(); ++i) {
    for (const ColumnMapping* m : {&p.automatic, &mapping}) {
      for (const auto& [key, col] : *m) {
        Term k;
        if (term_from_key(key, k) && k == terms[i]) {
          const int c = column_of(col);
          if (c >= 0)
            choice[i] = c;
          else if (col.empty() && m == &mapping)
            choice[i] = -1;  // explicitly "(none)"
        }
      }
    }
  }
  return choice;
}

ColumnMapping mapping_of_load(const std::map<std::string, std::string>& columns) {
  ColumnMapping m(columns.begin(), columns.end());
  for (Term t : mapping_dialog_terms()) m.emplace(term_name(t), "");  // keeps those read
  return m;
}

std::vector<SummaryRow> summary_rows(const std::string& summary) {
  std::vector<SummaryRow> rows;
  size_t pos = 0;
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(' '));
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
  };
  while (pos < summary.size()) {
    size_t eol = summary.find('\n', pos);
    if (eol == std::string::npos) eol = summary.size();
    const std::string line = summary.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    SummaryRow r;
    r.level = indent >= 6 ? 2 : indent >= 2 ? 1 : 0;
    if (r.level == 2) {
      r.key = trim(line);
    } else {
      const size_t colon = line.find(':');
      r.key = trim(line.substr(0, colon));
      if (colon != std::string::npos) r.value = trim(line.substr(colon + 1));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace biodash
