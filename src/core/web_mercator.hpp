#pragma once
// The Web-Mercator tile grid (EPSG:3857) of slippy maps and MBTiles: zoom z has 2^z x 2^z
// square tiles over the square ±20037508.34 m; XYZ tile (x, y) counts columns from the west
// and rows from the north. MBTiles stores rows from the south (TMS): tms_row(). Spherical
// formulas, exact for EPSG:3857 (no PROJ needed).
#include <cstdint>

#include "core/envelope.hpp"

namespace biodash {

inline constexpr double kWebMercatorHalfWorld = 20037508.342789244;  // pi * 6378137 m
inline constexpr double kWebMercatorMaxLat = 85.0511287798066;       // the square's edge
inline constexpr int kWebMercatorTilePx = 256;

// Longitude/latitude (degrees, WGS 84) to EPSG:3857 metres; latitude clamped to ±kMaxLat.
void lonlat_to_web_mercator(double lon, double lat, double& x, double& y);
// EPSG:3857 metres to longitude/latitude (degrees).
void web_mercator_to_lonlat(double x, double y, double& lon, double& lat);

// The XYZ tiles of zoom z that a lon/lat box covers: columns x0..x1, rows y0..y1 (from the
// north), inclusive. A box edge on a tile edge does not take in the tile beyond it.
struct TileRange {
  int z = 0;
  int64_t x0 = 0, x1 = -1, y0 = 0, y1 = -1;
  int64_t count() const { return x1 < x0 || y1 < y0 ? 0 : (x1 - x0 + 1) * (y1 - y0 + 1); }
};
// `minlon < maxlon`, `minlat < maxlat`, longitudes in [-180, 180]; latitudes are clamped.
TileRange tiles_covering(double minlon, double minlat, double maxlon, double maxlat, int z);

// The EPSG:3857 extent of XYZ tile (z, x, y).
Envelope web_mercator_tile_extent(int z, int64_t x, int64_t y);

// MBTiles/TMS row of XYZ row y at zoom z (and back: the map is its own inverse).
inline int64_t tms_row(int z, int64_t y) {
  return (int64_t{1} << z) - 1 - y;
}

}  // namespace biodash
