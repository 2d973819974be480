#pragma once
// Basemaps: the background raster under the layers (a GeoTIFF/COG, MBTiles, GeoPackage tiles
// or a GDAL WMS/WMTS description, read by io/raster_source). This file holds what does not
// need GDAL or GL: the user's settings (saved in a session), the named presets, and the tile
// pyramid every face uses to decide which part of the raster to read at which resolution.
//
// Tiles. A basemap is read as square tiles of kBasemapTilePx pixels on a pyramid laid over
// the raster's extent in the map CRS: level 0 is one tile covering the whole extent, each
// level halves the resolution (map units per pixel) down to about the raster's own. A view
// wants the level whose resolution is nearest its own units per pixel on a log scale (a tile
// pixel spans 0.71–1.41 screen pixels; beyond the finest level tiles are magnified), and the
// tiles of that level that intersect it. While a wanted tile is not loaded yet, the nearest loaded
// coarser tile covering it is drawn instead (basemap_draw_list), so a frame never waits for a read
// and never shows a hole where something coarser is at hand.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/envelope.hpp"

namespace biodash {

inline constexpr int kBasemapTilePx = 256;

// What the user chose; saved in a session (core/session keys basemap, basemap_opacity,
// basemap_greyscale, basemap_dim).
struct BasemapSettings {
  std::string source;    // a raster file, "preset:NAME" (basemap_presets), or "" for none
  float opacity = 1.0f;  // 0..1
  bool greyscale = false;
  float dim = 0.0f;  // 0..1: blended towards white, so thematic colours stay readable
  bool operator==(const BasemapSettings&) const = default;
};

// A named basemap: a GDAL WMS/WMTS description of a public tile service. Every preset needs
// the network (Settings ▸ network access) and is never offered in the kiosk.
struct BasemapPreset {
  std::string name;         // "pdok-brt", "pdok-brt-grey", "pdok-aerial", "osm"
  std::string title;        // "PDOK BRT-Achtergrondkaart (standard)"
  std::string crs;          // the tiles' CRS ("EPSG:28992", "EPSG:3857")
  std::string attribution;  // what the service requires to be shown
  std::string gdal_xml;     // the GDAL_WMS description GDAL opens
};
const std::vector<BasemapPreset>& basemap_presets();
// The preset named by `source` ("preset:osm" or "osm"), or null.
const BasemapPreset* find_basemap_preset(const std::string& source);

struct TileKey {
  int level = 0;
  int64_t col = 0, row = 0;  // col from the west, row from the north
  bool operator==(const TileKey&) const = default;
  bool operator<(const TileKey& o) const {
    return level != o.level ? level < o.level : row != o.row ? row < o.row : col < o.col;
  }
};
struct TileKeyHash {
  size_t operator()(const TileKey& k) const {
    return std::hash<int64_t>()((k.col * 73856093) ^ (k.row * 19349663) ^ (int64_t(k.level) << 58));
  }
};

// A tile read from a basemap: kBasemapTilePx² RGBA8 pixels (top row first) over `extent`.
struct BasemapTileData {
  TileKey key;
  Envelope extent;
  std::vector<uint8_t> rgba;
};

// The pyramid over a raster's extent (map CRS).
struct TilePyramid {
  double origin_x = 0, origin_y = 0;  // north-west corner of level 0
  double res0 = 1;                    // map units per pixel at level 0
  int max_level = 0;                  // the level nearest the raster's own resolution
  Envelope extent;                    // the raster's extent (map CRS)
  bool valid() const { return !extent.empty() && res0 > 0; }
  double resolution(int level) const;  // res0 / 2^level
  Envelope tile_extent(const TileKey& k) const;
  // The level for a view of `units_per_pixel`: the one whose resolution is nearest it (log
  // scale), clamped to 0..max_level.
  int level_for(double units_per_pixel) const;
  // Tiles of `level` intersecting `view` and the raster's extent, in reading order (rows from
  // the north, then columns), nearest to the view's centre first within a limit of `max`.
  std::vector<TileKey> tiles_in(const Envelope& view, int level, size_t max = 4096) const;
};
// The pyramid for a raster of `extent` with about `resolution` map units per pixel.
TilePyramid make_pyramid(const Envelope& extent, double resolution);

// What to draw for a view: for each wanted tile (tiles_in at level_for), the tile itself when
// `loaded` says so, else its nearest loaded ancestor (each ancestor once); ordered coarse to
// fine so finer tiles are drawn over coarser ones. `missing` gets the wanted tiles not loaded
// (to be read), nearest to the view's centre first.
struct BasemapDrawList {
  std::vector<TileKey> draw;
  std::vector<TileKey> missing;
  int level = 0;
};
BasemapDrawList basemap_draw_list(const TilePyramid& p, const Envelope& view,
                                  double units_per_pixel,
                                  const std::function<bool(const TileKey&)>& loaded);

}  // namespace biodash
