// Prints a digest of everything read_occurrences produces for a file (every column, the
// dictionaries in order, the report minus timing), to check that reader optimisations keep
// results bit-identical. Build against a biodash build tree, e.g.
//   g++ -O2 -std=c++20 -I src -I /usr/include/gdal bench/occurrence_digest.cpp \
//       build-perf/libbiodash_io.a build-perf/libbiodash_core.a -lgdal -lgeos_c -lproj -o
//       /tmp/occ-digest
//   /tmp/occ-digest FILE[:LAYER] [threads]
#include <cstdio>
#include <cstring>
#include <string>

#include "io/occurrence_reader.hpp"

namespace {
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void add(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    size_t n = v.size();
    add(&n, sizeof n);
    if (n) add(v.data(), n * sizeof(T));
  }
  void str(const std::string& s) {
    size_t n = s.size();
    add(&n, sizeof n);
    add(s.data(), n);
  }
};
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  biodash::OccurrenceOptions o;
  if (argc > 2) o.threads = std::atoi(argv[2]);
  biodash::IngestReport r;
  biodash::ObservationStore st = biodash::read_occurrences(argv[1], o, r);
  Fnv cols, dict;
  cols.vec(st.x), cols.vec(st.y), cols.vec(st.day), cols.vec(st.day_span), cols.vec(st.taxon);
  cols.vec(st.observer), cols.vec(st.count), cols.vec(st.quality), cols.vec(st.uncertainty_m);
  cols.vec(st.source_row);
  for (const auto& t : st.taxa)
    for (const std::string* s :
         {&t.scientific_name, &t.rank, &t.kingdom, &t.phylum, &t.class_name, &t.order, &t.family,
          &t.genus, &t.species, &t.vernacular_nl, &t.vernacular_en, &t.group})
      dict.str(*s);
  for (const auto& s : st.observers) dict.str(s);
  std::string sum = r.summary();
  sum = sum.substr(0, sum.rfind("time:"));
  Fnv rep;
  rep.str(sum);
  std::printf("rows %zu columns %016llx dictionaries %016llx report %016llx\n", st.size(),
              (unsigned long long)cols.h, (unsigned long long)dict.h, (unsigned long long)rep.h);
  if (argc > 3) std::fputs(sum.c_str(), stdout);
  return 0;
}
