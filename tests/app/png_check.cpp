// Checks a GUI screenshot: it decodes, is at least 640x400, and is not uniform (at least
// MIN_COLOURS distinct colours, and no single colour covers more than 95% of the pixels).
// Usage: biodash_png_check FILE.png [MIN_COLOURS]
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_map>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.png [MIN_COLOURS]\n", argv[0]);
    return 2;
  }
  const long min_colours = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 50;
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 4);
  if (!px) {
    std::fprintf(stderr, "%s: cannot decode: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::unordered_map<unsigned, size_t> hist;
  const size_t count = size_t(w) * h;
  for (size_t i = 0; i < count; ++i) {
    const unsigned char* p = px + 4 * i;
    ++hist[unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]];
  }
  stbi_image_free(px);
  size_t top = 0;
  for (const auto& [c, k] : hist) top = k > top ? k : top;
  const double top_share = count ? double(top) / double(count) : 1.0;
  std::printf("%s: %dx%d, %zu colours, most common covers %.1f%%\n", argv[1], w, h, hist.size(),
              100 * top_share);
  if (w < 640 || h < 400) return std::fprintf(stderr, "too small\n"), 1;
  if (long(hist.size()) < min_colours) return std::fprintf(stderr, "too few colours\n"), 1;
  if (top_share > 0.95) return std::fprintf(stderr, "nearly uniform\n"), 1;
  return 0;
}
