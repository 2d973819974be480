#include "core/basemap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace biodash {
namespace {

// A GDAL WMS description of a TMS-style tile service ({z}/{x}/{y}, rows from the top).
std::string tms_xml(const std::string& url, const std::string& crs, double ulx, double uly,
                    double lrx, double lry, int levels, int bands) {
  auto num = [](double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.2f", v);
    return std::string(b);
  };
  return "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>" + url +
         "</ServerUrl></Service><DataWindow><UpperLeftX>" + num(ulx) + "</UpperLeftX><UpperLeftY>" +
         num(uly) + "</UpperLeftY><LowerRightX>" + num(lrx) + "</LowerRightX><LowerRightY>" +
         num(lry) + "</LowerRightY><TileLevel>" + std::to_string(levels) +
         "</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin>"
         "</DataWindow><Projection>" +
         crs + "</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>" +
         std::to_string(bands) +
         "</BandsCount><UserAgent>biodash (biodiversity dashboard; Leiden)</UserAgent>"
         "<Timeout>15</Timeout><Cache/><ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
         "</GDAL_WMS>";
}

}  // namespace

const std::vector<BasemapPreset>& basemap_presets() {
  // PDOK's tile matrix set EPSG:28992: origin (-285401.92, 903401.92), 3440.64 m per pixel
  // at level 0, 256-pixel tiles. OpenStreetMap: the Web-Mercator square.
  static const std::vector<BasemapPreset> presets = [] {
    const double o = -285401.92, n = 903401.92, side = 3440.64 * 256;
    const double w = 20037508.34;
    std::vector<BasemapPreset> p;
    p.push_back({"pdok-brt", "PDOK BRT-Achtergrondkaart", "EPSG:28992",
                 "Kadaster / PDOK (BRT-Achtergrondkaart, CC BY 4.0)",
                 tms_xml("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/"
                         "EPSG:28992/${z}/${x}/${y}.png",
                         "EPSG:28992", o, n, o + side, n - side, 14, 3)});
    p.push_back({"pdok-brt-grey", "PDOK BRT-Achtergrondkaart (grey)", "EPSG:28992",
                 "Kadaster / PDOK (BRT-Achtergrondkaart grijs, CC BY 4.0)",
                 tms_xml("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/"
                         "EPSG:28992/${z}/${x}/${y}.png",
                         "EPSG:28992", o, n, o + side, n - side, 14, 3)});
    p.push_back({"pdok-aerial", "PDOK aerial photo (Actueel ortho HR)", "EPSG:28992",
                 "Beeldmateriaal Nederland / PDOK (CC BY 4.0)",
                 tms_xml("https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0/Actueel_orthoHR/"
                         "EPSG:28992/${z}/${x}/${y}.jpeg",
                         "EPSG:28992", o, n, o + side, n - side, 14, 3)});
    p.push_back({"osm", "OpenStreetMap", "EPSG:3857", "\u00a9 OpenStreetMap contributors (ODbL)",
                 tms_xml("https://tile.openstreetmap.org/${z}/${x}/${y}.png", "EPSG:3857", -w, w, w,
                         -w, 19, 3)});
    return p;
  }();
  return presets;
}

const BasemapPreset* find_basemap_preset(const std::string& source) {
  const std::string name = source.rfind("preset:", 0) == 0 ? source.substr(7) : source;
  for (const BasemapPreset& p : basemap_presets())
    if (p.name == name) return &p;
  return nullptr;
}

double TilePyramid::resolution(int level) const {
  return res0 / std::ldexp(1.0, level);
}

Envelope TilePyramid::tile_extent(const TileKey& k) const {
  const double size = resolution(k.level) * kBasemapTilePx;
  Envelope e;
  e.minx = origin_x + static_cast<double>(k.col) * size;
  e.maxx = e.minx + size;
  e.maxy = origin_y - static_cast<double>(k.row) * size;
  e.miny = e.maxy - size;
  return e;
}

int TilePyramid::level_for(double units_per_pixel) const {
  if (!(units_per_pixel > 0)) return max_level;
  // resolution(level) = units_per_pixel  <=>  level = log2(res0 / upp); rounded, a tile's
  // pixel spans 0.71–1.41 screen pixels.
  const int level = static_cast<int>(std::lround(std::log2(res0 / units_per_pixel)));
  return std::clamp(level, 0, max_level);
}

std::vector<TileKey> TilePyramid::tiles_in(const Envelope& view, int level, size_t max) const {
  std::vector<TileKey> out;
  if (!valid() || view.empty()) return out;
  Envelope v;
  v.minx = std::max(view.minx, extent.minx);
  v.maxx = std::min(view.maxx, extent.maxx);
  v.miny = std::max(view.miny, extent.miny);
  v.maxy = std::min(view.maxy, extent.maxy);
  if (v.empty()) return out;
  const double size = resolution(level) * kBasemapTilePx;
  const auto c0 = static_cast<int64_t>(std::floor((v.minx - origin_x) / size));
  const auto c1 = static_cast<int64_t>(std::ceil((v.maxx - origin_x) / size)) - 1;
  const auto r0 = static_cast<int64_t>(std::floor((origin_y - v.maxy) / size));
  const auto r1 = static_cast<int64_t>(std::ceil((origin_y - v.miny) / size)) - 1;
  for (int64_t r = std::max<int64_t>(r0, 0); r <= r1; ++r)
    for (int64_t c = std::max<int64_t>(c0, 0); c <= c1; ++c) out.push_back({level, c, r});
  // Nearest the view's centre first, so a limit keeps the middle of the screen.
  const double cx = (view.minx + view.maxx) / 2, cy = (view.miny + view.maxy) / 2;
  std::stable_sort(out.begin(), out.end(), [&](const TileKey& a, const TileKey& b) {
    const Envelope ea = tile_extent(a), eb = tile_extent(b);
    const double da = std::hypot((ea.minx + ea.maxx) / 2 - cx, (ea.miny + ea.maxy) / 2 - cy);
    const double db = std::hypot((eb.minx + eb.maxx) / 2 - cx, (eb.miny + eb.maxy) / 2 - cy);
    return da < db;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

TilePyramid make_pyramid(const Envelope& extent, double resolution) {
  TilePyramid p;
  if (extent.empty() || !(resolution > 0)) return p;
  p.extent = extent;
  p.origin_x = extent.minx;
  p.origin_y = extent.maxy;
  const double side = std::max(extent.width(), extent.height());
  p.res0 = side / kBasemapTilePx;
  // The finest level is the one at (or just finer than) the raster's own resolution.
  p.max_level =
      std::clamp(static_cast<int>(std::ceil(std::log2(p.res0 / resolution) - 1e-9)), 0, 30);
  return p;
}

BasemapDrawList basemap_draw_list(const TilePyramid& p, const Envelope& view,
                                  double units_per_pixel,
                                  const std::function<bool(const TileKey&)>& loaded) {
  BasemapDrawList out;
  if (!p.valid()) return out;
  out.level = p.level_for(units_per_pixel);
  std::set<TileKey> fallback;
  std::vector<TileKey> exact;
  for (const TileKey& k : p.tiles_in(view, out.level)) {
    if (loaded(k)) {
      exact.push_back(k);
      continue;
    }
    out.missing.push_back(k);
    TileKey a = k;
    while (a.level > 0) {
      a = {a.level - 1, a.col / 2, a.row / 2};
      if (loaded(a)) {
        fallback.insert(a);
        break;
      }
    }
  }
  out.draw.assign(fallback.begin(), fallback.end());  // std::set: coarse levels first
  out.draw.insert(out.draw.end(), exact.begin(), exact.end());
  return out;
}

}  // namespace biodash
