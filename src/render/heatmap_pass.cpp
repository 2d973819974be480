// The heatmap pass: Gaussian kernels of the filtered points into an R32F texture, a chain of
// max reductions on the GPU, and the viridis colouring normalised by the frame's maximum.
#include <algorithm>
#include <cmath>

#include "render/map_renderer_impl.hpp"

namespace biodash {

void MapRenderer::Impl::draw_heatmap(const GpuLayer& l, const std::array<float, 16>& mvp,
                                     const LayerStyle& style, int vw, int vh, float scale,
                                     float opacity, GLuint target_draw, GLuint target_read) {
  Impl& im = *this;
  // The kernel is a point sprite of 2 * radius pixels, limited by the GL point size range.
  const float radius = std::clamp(style.heatmap_radius_px * scale, 1.0f, im.max_point_size / 2);
  const int margin = static_cast<int>(std::ceil(radius));
  HeatTargets& t = im.heat_targets;
  t.ensure(vw, vh, margin);
  if (!t.ok) {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target_draw);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target_read);
    std::fprintf(stderr, "biodash: heatmap needs an R32F render target; not drawn\n");
    return;
  }
  // 1. Kernels, added up. The clip matrix is squeezed so the viewport lands inside the margin.
  const int w0 = t.size[0][0], h0 = t.size[0][1];
  std::array<float, 16> m = mvp;
  const float sx = static_cast<float>(vw) / static_cast<float>(w0);
  const float sy = static_cast<float>(vh) / static_cast<float>(h0);
  for (int c = 0; c < 4; ++c) {  // column-major: row 0 is m[4c], row 1 is m[4c + 1]
    m[4 * c] *= sx;
    m[4 * c + 1] *= sy;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, t.fbo[0].get());
  glViewport(0, 0, w0, h0);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glBlendFunc(GL_ONE, GL_ONE);
  const Uniforms& hu = *im.heat_u;
  glUseProgram(im.heat.get());
  glUniformMatrix4fv(hu.mvp, 1, GL_FALSE, m.data());
  set_point_uniforms(hu, l, style, false, 1.0f);
  glUniform1f(hu.size, 2.0f * radius);
  glBindVertexArray(l.points.vao.get());
  l.last = l.draw_points(style, im.point_budget);

  // 2. Max of the visible part, 4x4 blocks at a time, down to 1x1 (stays on the GPU).
  glDisable(GL_BLEND);
  const Uniforms& mu = *im.heat_max_u;
  glUseProgram(im.heat_max.get());
  glUniform1i(mu.src, kUnitDensity);
  glBindVertexArray(im.empty_vao.get());
  glActiveTexture(GL_TEXTURE0 + kUnitDensity);
  for (size_t i = 1; i < t.size.size(); ++i) {
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo[i].get());
    glViewport(0, 0, t.size[i][0], t.size[i][1]);
    glBindTexture(GL_TEXTURE_2D, t.tex[i - 1].get());
    if (i == 1) {
      glUniform2i(mu.offset, margin, margin);
      glUniform2i(mu.region, vw, vh);
    } else {
      glUniform2i(mu.offset, 0, 0);
      glUniform2i(mu.region, t.size[i - 1][0], t.size[i - 1][1]);
    }
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  // 3. Colour-map over the map in the caller's framebuffer.
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target_draw);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, target_read);
  glViewport(0, 0, vw, vh);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glActiveTexture(GL_TEXTURE0 + kUnitDensity);
  glBindTexture(GL_TEXTURE_2D, t.tex[0].get());
  glActiveTexture(GL_TEXTURE0 + kUnitMax);
  glBindTexture(GL_TEXTURE_2D, t.tex.back().get());
  const Uniforms& cu = *im.heat_color_u;
  glUseProgram(im.heat_color.get());
  glUniform1i(cu.density, kUnitDensity);
  glUniform1i(cu.max, kUnitMax);
  glUniform2i(cu.offset, margin, margin);
  glUniform1f(cu.opacity, opacity);
  glDrawArrays(GL_TRIANGLES, 0, 3);
}

}  // namespace biodash
