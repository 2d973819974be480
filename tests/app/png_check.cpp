// Checks a GUI screenshot: it decodes, is at least 640x400, and is not uniform (at least
// MIN_COLOURS distinct colours, and no single colour covers more than 95% of the pixels).
// Usage: biodash_png_check FILE.png [MIN_COLOURS [W H]]
// With W H: the image must be exactly W x H and no corner pixel may be black (a screenshot of
// the X root window: a fullscreen window covers all of it, Xvfb's own background is black).
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <utility>

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
  if (argc > 4) {
    const long want_w = std::strtol(argv[3], nullptr, 10),
               want_h = std::strtol(argv[4], nullptr, 10);
    if (w != want_w || h != want_h) {
      std::fprintf(stderr, "%s: %dx%d, expected %ldx%ld\n", argv[1], w, h, want_w, want_h);
      return 1;
    }
    for (const auto& [cx, cy] : {std::pair{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) {
      const unsigned char* p = px + 4 * (size_t(cy) * w + cx);
      if (p[0] == 0 && p[1] == 0 && p[2] == 0) {
        std::fprintf(stderr, "%s: corner (%d,%d) is black: not covered by the window\n", argv[1],
                     cx, cy);
        return 1;
      }
    }
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
