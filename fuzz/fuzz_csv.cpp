// Fuzzes delimited-text ingest: the record tokenizer on several dialects, then the whole
// read_occurrences pipeline (delimiter detection, header mapping, CRS detection, dates,
// interning) on the input written to a temporary file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "io/occurrence_parse.hpp"
#include "io/occurrence_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  for (biodash::Dialect d :
       {biodash::Dialect{',', '"'}, biodash::Dialect{'\t', '\0'}, biodash::Dialect{';', '\''}}) {
    size_t pos = 0;
    while (pos < s.size()) {
      const biodash::RecordScan r = biodash::scan_record(s, pos, d, fields, scratch);
      if (r.next <= pos || r.next > s.size()) __builtin_trap();
      pos = r.next;
    }
  }
  static const std::string path = "/tmp/biodash_fuzz_csv_" + std::to_string(getpid()) + ".csv";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    biodash::IngestReport rep;
    biodash::OccurrenceOptions opts;
    opts.threads = 1 + (size % 2);
    biodash::read_occurrences(path, opts, rep);
    if (rep.rows_read != rep.kept + rep.rejected_total()) __builtin_trap();  // a row was lost
  } catch (const biodash::Error&) {
  }
  return 0;
}
