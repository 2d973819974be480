// MapRenderer's basemap: tiles as mipmapped textures under a memory cap, drawn as textured
// quads under the layers (map_renderer.cpp calls draw_basemap after clearing).
#include <glad/gl.h>

#include <algorithm>
#include <cmath>

#include "render/map_renderer_impl.hpp"

namespace biodash {

void MapRenderer::set_basemap_tile(const TileKey& k, const Envelope& extent,
                                   const std::vector<uint8_t>& rgba, int w, int h) {
  if (w <= 0 || h <= 0 || rgba.size() != size_t(w) * size_t(h) * 4) {
    throw Error("MapRenderer: basemap tile of " + std::to_string(rgba.size()) + " bytes is not " +
                std::to_string(w) + " x " + std::to_string(h) + " RGBA");
  }
  BasemapTile& t = impl_->tiles[k];
  if (!t.texture) t.texture = gl::Texture::create();
  impl_->basemap_bytes -= t.bytes;
  t.extent = extent;
  t.bytes = rgba.size() * 4 / 3;  // with its mipmaps
  t.last_drawn = impl_->frame;
  impl_->basemap_bytes += t.bytes;
  glBindTexture(GL_TEXTURE_2D, t.texture.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glGenerateMipmap(GL_TEXTURE_2D);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  impl_->uploaded += rgba.size();
  impl_->evict_tiles();
}

bool MapRenderer::has_basemap_tile(const TileKey& k) const {
  return impl_->tiles.count(k) > 0;
}

void MapRenderer::clear_basemap() {
  impl_->tiles.clear();
  impl_->basemap_draw.clear();
  impl_->basemap_bytes = 0;
}

void MapRenderer::set_basemap_memory_cap(size_t bytes) {
  impl_->basemap_cap = bytes;
  impl_->evict_tiles();
}

size_t MapRenderer::basemap_bytes() const {
  return impl_->basemap_bytes;
}

size_t MapRenderer::basemap_tiles() const {
  return impl_->tiles.size();
}

void MapRenderer::set_basemap_draw(std::vector<TileKey> tiles, const BasemapStyle& style) {
  impl_->basemap_draw = std::move(tiles);
  impl_->basemap_style = style;
}

void MapRenderer::Impl::evict_tiles() {
  if (basemap_bytes <= basemap_cap) return;
  // Least recently drawn first; tiles of the last frame (and just uploaded ones) stay.
  std::vector<std::pair<uint64_t, TileKey>> order;
  order.reserve(tiles.size());
  for (const auto& [k, t] : tiles)
    if (t.last_drawn + 1 < frame) order.emplace_back(t.last_drawn, k);
  std::sort(order.begin(), order.end());
  for (const auto& [when, k] : order) {
    if (basemap_bytes <= basemap_cap) break;
    basemap_bytes -= tiles[k].bytes;
    tiles.erase(k);
  }
}

void MapRenderer::Impl::draw_basemap(const MapCamera& cam) {
  ++frame;
  if (basemap_draw.empty() || basemap_style.opacity <= 0) return;
  const Uniforms& u = *basemap_u;
  glUseProgram(basemap.get());
  glBindVertexArray(empty_vao.get());
  glActiveTexture(GL_TEXTURE0);
  glUniform1i(u.tile, 0);
  glUniform1f(u.opacity, std::clamp(basemap_style.opacity, 0.0f, 1.0f));
  glUniform1i(u.greyscale, basemap_style.greyscale ? 1 : 0);
  glUniform1f(u.dim, std::clamp(basemap_style.dim, 0.0f, 1.0f));
  for (const TileKey& k : basemap_draw) {
    auto it = tiles.find(k);
    if (it == tiles.end()) continue;
    BasemapTile& t = it->second;
    t.last_drawn = frame;
    const Envelope& e = t.extent;
    const std::array<float, 16> mvp = cam.clip_matrix(e.minx, e.miny);
    glUniformMatrix4fv(u.mvp, 1, GL_FALSE, mvp.data());
    glUniform4f(u.rect, 0.0f, 0.0f, static_cast<float>(e.maxx - e.minx),
                static_cast<float>(e.maxy - e.miny));
    glBindTexture(GL_TEXTURE_2D, t.texture.get());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindVertexArray(0);
}

}  // namespace biodash
