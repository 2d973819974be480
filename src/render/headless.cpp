// HeadlessContext: EGL on Mesa's surfaceless platform (no X server, no window), a desktop GL
// 3.3 core context, a 4x MSAA framebuffer resolved into an RGBA8 one for readback.
#include "render/headless.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "render/gl_handle.hpp"
#include "render/map_renderer.hpp"

namespace biodash {

namespace {

std::string egl_error_text(EGLint e) {
  switch (e) {
    case EGL_SUCCESS:
      return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED:
      return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS:
      return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC:
      return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE:
      return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG:
      return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT:
      return "EGL_BAD_CONTEXT";
    case EGL_BAD_CURRENT_SURFACE:
      return "EGL_BAD_CURRENT_SURFACE";
    case EGL_BAD_DISPLAY:
      return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH:
      return "EGL_BAD_MATCH";
    case EGL_BAD_NATIVE_PIXMAP:
      return "EGL_BAD_NATIVE_PIXMAP";
    case EGL_BAD_NATIVE_WINDOW:
      return "EGL_BAD_NATIVE_WINDOW";
    case EGL_BAD_PARAMETER:
      return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE:
      return "EGL_BAD_SURFACE";
    case EGL_CONTEXT_LOST:
      return "EGL_CONTEXT_LOST";
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "EGL error 0x%04x", static_cast<unsigned>(e));
      return buf;
    }
  }
}

[[noreturn]] void fail(const std::string& what) {
  throw Error("headless GL: " + what + " (" + egl_error_text(eglGetError()) + ")");
}

// The surfaceless EGLDisplay is one per process; it is initialised by the first context and
// terminated when the last one goes away.
std::mutex g_display_mutex;
EGLDisplay g_display = EGL_NO_DISPLAY;
int g_display_users = 0;

EGLDisplay acquire_display() {
  std::lock_guard lock(g_display_mutex);
  if (g_display_users == 0) {
    const char* exts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (exts == nullptr || std::strstr(exts, "EGL_MESA_platform_surfaceless") == nullptr) {
      fail("EGL_MESA_platform_surfaceless is not available (needs Mesa's EGL)");
    }
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_platform_display == nullptr) fail("eglGetPlatformDisplayEXT is missing");
    EGLDisplay d =
        get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (d == EGL_NO_DISPLAY) fail("no surfaceless EGL display");
    EGLint major = 0, minor = 0;
    if (!eglInitialize(d, &major, &minor)) fail("eglInitialize failed");
    g_display = d;
  }
  ++g_display_users;
  return g_display;
}

void release_display() {
  std::lock_guard lock(g_display_mutex);
  if (g_display_users > 0 && --g_display_users == 0) {
    eglTerminate(g_display);
    g_display = EGL_NO_DISPLAY;
  }
}

}  // namespace

struct HeadlessContext::Impl {
  int width = 0;                        // framebuffer width in pixels
  int height = 0;                       // framebuffer height in pixels
  EGLDisplay display = EGL_NO_DISPLAY;  // shared surfaceless display
  EGLContext context = EGL_NO_CONTEXT;  // our GL 3.3 core context
  int samples = 0;                      // MSAA samples of the draw FBO (0: none)
  gl::Framebuffer draw_fbo;             // multisampled draw target
  gl::Renderbuffer draw_color;          // its colour attachment
  gl::Framebuffer resolve_fbo;          // single-sampled RGBA8, read back
  gl::Renderbuffer resolve_color;       // its colour attachment

  void make_current() {
    if (eglGetCurrentContext() != context &&
        !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
      fail("eglMakeCurrent failed");
    }
  }

  void destroy_gl() {
    draw_fbo.reset();
    draw_color.reset();
    resolve_fbo.reset();
    resolve_color.reset();
  }
};

HeadlessContext::HeadlessContext(int width, int height) : impl_(std::make_unique<Impl>()) {
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
    throw Error("headless GL: bad framebuffer size " + std::to_string(width) + "x" +
                std::to_string(height));
  }
  Impl& m = *impl_;
  m.width = width;
  m.height = height;
  m.display = acquire_display();
  try {
    if (!eglBindAPI(EGL_OPENGL_API)) fail("eglBindAPI(EGL_OPENGL_API) failed");
    const EGLint config_attribs[] = {EGL_SURFACE_TYPE,
                                     EGL_PBUFFER_BIT,
                                     EGL_RENDERABLE_TYPE,
                                     EGL_OPENGL_BIT,
                                     EGL_RED_SIZE,
                                     8,
                                     EGL_GREEN_SIZE,
                                     8,
                                     EGL_BLUE_SIZE,
                                     8,
                                     EGL_ALPHA_SIZE,
                                     8,
                                     EGL_NONE};
    EGLConfig config = nullptr;
    EGLint n = 0;
    if (!eglChooseConfig(m.display, config_attribs, &config, 1, &n) || n < 1) {
      fail("no EGL config for desktop OpenGL");
    }
    const EGLint ctx_attribs[] = {EGL_CONTEXT_MAJOR_VERSION,
                                  3,
                                  EGL_CONTEXT_MINOR_VERSION,
                                  3,
                                  EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                  EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                  EGL_NONE};
    m.context = eglCreateContext(m.display, config, EGL_NO_CONTEXT, ctx_attribs);
    if (m.context == EGL_NO_CONTEXT) fail("cannot create an OpenGL 3.3 core context");
    // Surfaceless: no EGLSurface at all, we render into our own FBO.
    if (!eglMakeCurrent(m.display, EGL_NO_SURFACE, EGL_NO_SURFACE, m.context)) {
      fail("eglMakeCurrent without a surface failed (EGL_KHR_surfaceless_context?)");
    }
    if (!load_gl_functions(reinterpret_cast<GlProcLoader>(eglGetProcAddress))) {
      throw Error("headless GL: OpenGL 3.3 core functions could not be loaded");
    }

    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    m.samples = std::min(4, static_cast<int>(max_samples));

    m.resolve_color = gl::Renderbuffer::create();
    glBindRenderbuffer(GL_RENDERBUFFER, m.resolve_color.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    m.resolve_fbo = gl::Framebuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, m.resolve_fbo.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              m.resolve_color.get());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      throw Error("headless GL: RGBA8 framebuffer incomplete");
    }
    if (m.samples > 1) {
      m.draw_color = gl::Renderbuffer::create();
      glBindRenderbuffer(GL_RENDERBUFFER, m.draw_color.get());
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, m.samples, GL_RGBA8, width, height);
      m.draw_fbo = gl::Framebuffer::create();
      glBindFramebuffer(GL_FRAMEBUFFER, m.draw_fbo.get());
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                m.draw_color.get());
      if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        // MSAA unavailable: draw straight into the resolve target instead.
        m.draw_fbo.reset();
        m.draw_color.reset();
        m.samples = 0;
      }
    }
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    bind();
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
  } catch (...) {
    if (m.context != EGL_NO_CONTEXT) {
      m.destroy_gl();
      eglMakeCurrent(m.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(m.display, m.context);
    }
    release_display();
    throw;
  }
}

HeadlessContext::~HeadlessContext() {
  Impl& m = *impl_;
  if (eglMakeCurrent(m.display, EGL_NO_SURFACE, EGL_NO_SURFACE, m.context)) m.destroy_gl();
  eglMakeCurrent(m.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(m.display, m.context);
  release_display();
}

int HeadlessContext::width() const {
  return impl_->width;
}
int HeadlessContext::height() const {
  return impl_->height;
}

void HeadlessContext::bind() {
  impl_->make_current();
  const gl::Framebuffer& target = impl_->draw_fbo ? impl_->draw_fbo : impl_->resolve_fbo;
  glBindFramebuffer(GL_FRAMEBUFFER, target.get());
  glViewport(0, 0, impl_->width, impl_->height);
}

std::vector<uint8_t> HeadlessContext::read_pixels() {
  Impl& m = *impl_;
  m.make_current();
  const int w = m.width, h = m.height;
  if (m.draw_fbo) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m.draw_fbo.get());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m.resolve_fbo.get());
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m.resolve_fbo.get());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  const size_t row = static_cast<size_t>(w) * 4;
  std::vector<uint8_t> bottom_first(row * static_cast<size_t>(h));
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_first.data());
  const GLenum err = glGetError();
  bind();
  if (err != GL_NO_ERROR) {
    throw Error("headless GL: glReadPixels failed (GL error " + std::to_string(err) + ")");
  }
  std::vector<uint8_t> top_first(bottom_first.size());
  for (int y = 0; y < h; ++y) {
    std::memcpy(top_first.data() + static_cast<size_t>(y) * row,
                bottom_first.data() + static_cast<size_t>(h - 1 - y) * row, row);
  }
  return top_first;
}

namespace {

uint32_t crc32_png(const uint8_t* p, size_t n, uint32_t crc = 0xFFFFFFFFu) {
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc;
}

void put_u32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
}

// An iTXt chunk: keyword, NUL, no compression (0, 0), empty language tag and translated
// keyword (NUL, NUL), the UTF-8 text.
std::string itxt_chunk(const PngText& t) {
  std::string body = "iTXt" + t.key.substr(0, 79);
  body += std::string("\0\0\0\0\0", 5);
  body += t.text;
  std::string chunk;
  put_u32(chunk, static_cast<uint32_t>(body.size() - 4));
  chunk += body;
  put_u32(chunk, crc32_png(reinterpret_cast<const uint8_t*>(body.data()), body.size()) ^
                     0xFFFFFFFFu);
  return chunk;
}

}  // namespace

void write_png(const std::string& path, const std::vector<uint8_t>& rgba, int width, int height,
               const std::vector<PngText>& text) {
  if (width <= 0 || height <= 0 ||
      rgba.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * 4) {
    throw Error("write_png " + path + ": pixel buffer does not match " + std::to_string(width) +
                "x" + std::to_string(height));
  }
  std::string png;
  auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 4, rgba.data(), width * 4) ||
      png.size() < 33)
    throw Error("write_png " + path + ": cannot encode the image");
  // Text chunks right after IHDR (8-byte signature + 25-byte IHDR chunk).
  std::string chunks;
  for (const PngText& t : text)
    if (!t.key.empty() && !t.text.empty()) chunks += itxt_chunk(t);
  png.insert(33, chunks);
  // Checked, fsynced and renamed over `path` (core/atomic_file.hpp): a full disk is an error
  // and the old file stays.
  write_file_atomically(path, png);
}

}  // namespace biodash
