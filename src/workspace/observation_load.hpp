#pragma once
// Helpers of the GUI's citizen-observation loads (no ImGui): which files open as observations,
// the preview and automatic column mapping the mapping dialog starts from, and the point layer
// the map draws for an ObservationStore.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/layer.hpp"
#include "core/observations.hpp"
#include "io/occurrence_parse.hpp"
#include "io/occurrence_reader.hpp"

namespace biodash {

// True for files the dashboard opens as observations by default: delimited text (.csv, .tsv,
// .txt), Darwin Core Archives (.zip, .tgz, .tar.gz, a directory with meta.xml), Simple
// Darwin Core XML (.xml). GIS formats keep the vector-layer path.
bool looks_like_observations(const std::string& spec);

// True when read_occurrences failed because it found no coordinate columns by name (the
// case the mapping dialog is for).
bool is_mapping_failure(const std::string& error);

// The terms the mapping dialog offers, in its order.
const std::vector<Term>& mapping_dialog_terms();

// The first rows of a delimited file, as the mapping dialog shows them.
struct ObservationPreview {
  std::string path;                            // file previewed
  char delimiter = ',';                        // detected delimiter
  std::vector<std::string> header;             // column names
  std::vector<std::vector<std::string>> rows;  // first data rows (<= max_rows)
  ColumnMapping automatic;                     // term name -> column the name matching picks
  std::string error;                           // why there is no preview ("" = ok)
};

// Reads the first 64 KiB of `path` (delimited text only; archives and XML give `error`).
ObservationPreview preview_observation_file(const std::string& path, size_t max_rows = 8);

// The mapping the dialog hands to Workspace::open_observations: term name -> column name for
// every term of the dialog (choice[i] = column index for mapping_dialog_terms()[i], -1 =
// "(none)"). A duplicated column name is given by its index; "(none)" gives "" (this term: no
// column), so a column the automatic name matching would pick is not read.
ColumnMapping mapping_from_choices(const std::vector<std::string>& header,
                                   const std::vector<int>& choice);
// The dialog's initial choice per mapping_dialog_terms(): `mapping` (a previous attempt)
// over the automatic mapping; an empty column in `mapping` is "(none)".
std::vector<int> initial_choices(const ObservationPreview& p, const ColumnMapping& mapping);
// The mapping a "Remap" of a loaded file starts from: the columns the load read
// (IngestReport::columns) and "" for the dialog's terms it did not read.
ColumnMapping mapping_of_load(const std::map<std::string, std::string>& columns);

// IngestReport::summary() split into rows for a table: level 0 "key: value" lines, level 1
// rejection reasons, level 2 their file:line examples (key only).
struct SummaryRow {
  int level = 0;      // indentation level (0, 1, 2)
  std::string key;    // text before the first ':' (trimmed), or the whole example
  std::string value;  // text after it (trimmed)
};
std::vector<SummaryRow> summary_rows(const std::string& summary);

}  // namespace biodash
