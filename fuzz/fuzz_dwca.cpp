// Fuzzes Darwin Core Archive reading: the input is "meta.xml text" + "\n@@DATA@@\n" + data
// file; both are written into a temporary archive directory that read_occurrences opens.
// Also runs the Simple Darwin Core XML reader on the whole input.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "io/occurrence_reader.hpp"

namespace {
void write(const std::string& path, std::string_view s) {
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(s.data(), 1, s.size(), f);
    std::fclose(f);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  static const std::string dir = "/tmp/biodash_fuzz_dwca_" + std::to_string(getpid());
  mkdir(dir.c_str(), 0700);
  const size_t cut = s.find("\n@@DATA@@\n");
  const std::string_view meta = s.substr(0, cut);
  const std::string_view body = cut == std::string_view::npos ? "" : s.substr(cut + 10);
  write(dir + "/meta.xml", meta);
  // The data file under every name the fuzzer is likely to reference (event.txt: the Event
  // core of a sampling-event archive, joined with its Occurrence extension).
  for (const char* name : {"/occurrence.txt", "/occurrence.csv", "/DarwinCore.txt", "/event.txt"})
    write(dir + name, body);
  biodash::IngestReport rep;
  try {
    biodash::read_occurrences(dir, {}, rep);
    if (rep.rows_read != rep.kept + rep.rejected_total()) __builtin_trap();
  } catch (const biodash::Error&) {
  }
  write(dir + "/x.dwc.xml", s);
  try {
    biodash::read_occurrences(dir + "/x.dwc.xml", {}, rep);
  } catch (const biodash::Error&) {
  }
  return 0;
}
