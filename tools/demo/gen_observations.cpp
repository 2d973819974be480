// biodash-gen-observations: writes the synthetic citizen observations of the Leiden demo.
//   biodash-gen-observations [--count N] [--seed S] --out OBS.csv [--effects EFFECTS.json]
//                            [--source-dir REPO_ROOT]
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "observation_generator.hpp"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: biodash-gen-observations [--count N (default 200000)] [--seed S "
               "(default 2021)]\n"
               "                                --out OBS.csv [--effects EFFECTS.json]\n"
               "                                [--source-dir REPO_ROOT (default %s)]\n"
               "Writes synthetic (NOT REAL) Darwin Core observations for Leiden and Oud Ade,\n"
               "tab-separated in GBIF simple-download columns plus quality_grade, taxonGroup\n"
               "and vernacularName_en; same seed and count give the same bytes.\n",
               BIODASH_SOURCE_DIR);
  return 2;
}

bool parse_u64(const char* s, uint64_t& v) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long x = std::strtoull(s, &end, 10);
  if (errno || !end || *end || *s == '-' || *s == '\0') return false;
  v = x;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  biodash::demo::GeneratorConfig cfg;
  cfg.source_dir = BIODASH_SOURCE_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--count" && has_value) {
      if (!parse_u64(argv[++i], cfg.count)) return usage();
    } else if (a == "--seed" && has_value) {
      if (!parse_u64(argv[++i], cfg.seed)) return usage();
    } else if (a == "--out" && has_value) {
      cfg.csv_path = argv[++i];
    } else if (a == "--effects" && has_value) {
      cfg.effects_path = argv[++i];
    } else if (a == "--source-dir" && has_value) {
      cfg.source_dir = argv[++i];
    } else {
      return usage();
    }
  }
  if (cfg.csv_path.empty()) return usage();
  try {
    const auto t0 = std::chrono::steady_clock::now();
    auto s = biodash::demo::generate_observations(cfg);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr,
                 "biodash-gen-observations: %llu records (%zu taxa, seed %llu) -> %s in %.2f s\n",
                 static_cast<unsigned long long>(s.records), s.taxa.size(),
                 static_cast<unsigned long long>(cfg.seed), cfg.csv_path.c_str(), secs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "biodash-gen-observations: %s\n", e.what());
    return 1;
  }
  return 0;
}
