#pragma once
// Headless rendering without any X server: an EGL (Mesa surfaceless platform) GL 3.3 core
// context drawing into a framebuffer object; pixels read back and written as PNG.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace biodash {

// GL objects made while it is current (MapRenderer, ImGui's backend) must be destroyed before it.
// Several may exist; bind() makes one current on the calling thread.
class HeadlessContext {
 public:
  // Creates the EGL context and an RGBA8 FBO (with 4x MSAA resolve) of width x height and
  // makes it current; loads GL functions. Throws Error with the EGL error when it cannot.
  HeadlessContext(int width, int height);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  int width() const;
  int height() const;
  void bind();  // binds the FBO as draw target (call before drawing)
  // Reads the finished frame: RGBA8, top row first.
  std::vector<uint8_t> read_pixels();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes RGBA8 pixels (top row first) as PNG atomically (temp file + rename).
// Throws Error naming the path on failure.
// A text chunk of a PNG (iTXt, UTF-8): keyword (1-79 Latin-1 letters, e.g. "Title",
// "Description", "Copyright", "Software") and its text.
struct PngText {
  std::string key;
  std::string text;
};
void write_png(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height,
               const std::vector<PngText>& text = {});

}  // namespace biodash
