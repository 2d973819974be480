#include "core/web_mercator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace biodash {
namespace {

// Fractional XYZ tile coordinates of a lon/lat at zoom z.
double tile_fx(double lon, int z) {
  return (lon + 180.0) / 360.0 * std::ldexp(1.0, z);
}
double tile_fy(double lat, int z) {
  lat = std::clamp(lat, -kWebMercatorMaxLat, kWebMercatorMaxLat);
  const double r = lat * std::numbers::pi / 180.0;
  return (1.0 - std::asinh(std::tan(r)) / std::numbers::pi) / 2.0 * std::ldexp(1.0, z);
}

}  // namespace

void lonlat_to_web_mercator(double lon, double lat, double& x, double& y) {
  lat = std::clamp(lat, -kWebMercatorMaxLat, kWebMercatorMaxLat);
  x = lon / 180.0 * kWebMercatorHalfWorld;
  y = std::asinh(std::tan(lat * std::numbers::pi / 180.0)) / std::numbers::pi *
      kWebMercatorHalfWorld;
}

void web_mercator_to_lonlat(double x, double y, double& lon, double& lat) {
  lon = x / kWebMercatorHalfWorld * 180.0;
  lat =
      std::atan(std::sinh(y / kWebMercatorHalfWorld * std::numbers::pi)) * 180.0 / std::numbers::pi;
}

TileRange tiles_covering(double minlon, double minlat, double maxlon, double maxlat, int z) {
  const double n = std::ldexp(1.0, z);
  const auto clamp = [&](double v) { return static_cast<int64_t>(std::clamp(v, 0.0, n - 1)); };
  TileRange r;
  r.z = z;
  // West and north edges: the tile they fall in; east and south edges: the tile they end in
  // (an edge exactly on a tile boundary ends the tile before it).
  r.x0 = clamp(std::floor(tile_fx(minlon, z)));
  r.x1 = std::max(r.x0, clamp(std::ceil(tile_fx(maxlon, z)) - 1));
  r.y0 = clamp(std::floor(tile_fy(maxlat, z)));
  r.y1 = std::max(r.y0, clamp(std::ceil(tile_fy(minlat, z)) - 1));
  return r;
}

Envelope web_mercator_tile_extent(int z, int64_t x, int64_t y) {
  const double size = 2 * kWebMercatorHalfWorld / std::ldexp(1.0, z);
  Envelope e;
  e.minx = -kWebMercatorHalfWorld + static_cast<double>(x) * size;
  e.maxx = -kWebMercatorHalfWorld + static_cast<double>(x + 1) * size;
  e.maxy = kWebMercatorHalfWorld - static_cast<double>(y) * size;
  e.miny = kWebMercatorHalfWorld - static_cast<double>(y + 1) * size;
  return e;
}

}  // namespace biodash
