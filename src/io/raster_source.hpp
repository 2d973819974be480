#pragma once
// A raster basemap read through GDAL and reprojected on the fly into the map CRS, for drawing
// under the map layers (core/basemap decides which part to read at which resolution).
//
// Sources: anything GDAL reads as a georeferenced raster — a GeoTIFF or COG, MBTiles,
// GeoPackage tiles, a GDAL WMS/WMTS/TMS XML description file, or such a description passed as
// the XML text itself ("<GDAL_WMS>..."). Opening follows io/gdal_dataset's rules (one open at
// a time, only regular files, no trace beside the file, nothing fetched while network access
// is off: a network reference is refused before GDAL opens anything).
//
// Pixels: read_rgba() warps (GDALWarp, bilinear, the overview level matching the requested
// resolution) the wanted part into straight-alpha RGBA8. 1-band grey is replicated to RGB,
// 1-band paletted rasters are expanded through their colour table, 3-band RGB and 4-band RGBA
// are taken as they are; other band layouts use their first band (grey) or first three bands
// (RGB) and an alpha band when there is one. Non-Byte data is scaled linearly from the band's
// approximate minimum..maximum to 0..255. No data (nodata values, alpha 0, outside the raster)
// becomes (0,0,0,0).
//
// Threads: a RasterSource holds an open GDAL dataset, which GDAL does not let two threads use
// at once. One RasterSource must only be used by one thread at a time (read_rgba is const but
// not thread-safe); open another RasterSource of the same path for another thread. info() may
// be read from any thread (it never changes after open).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/envelope.hpp"

namespace biodash {

struct RasterInfo {
  std::string path;           // as given
  std::string driver;         // GDAL short name, e.g. "GTiff", "MBTiles", "GPKG", "WMS"
  int width = 0, height = 0;  // full-resolution pixels
  int overviews = 0;          // overview levels of band 1
  int bands = 0;              // raster bands of the source (before palette expansion)
  std::string source_crs;     // the raster's own CRS ("EPSG:xxxx" when it has a code, else WKT)
  std::string map_crs;        // as given to open()
  // The raster's extent transformed into the map CRS (its edges densified: 21 points each).
  Envelope extent;
  // Map units per full-resolution pixel (approximate: measured at the raster's centre).
  double resolution = 0;
  // From the source's metadata when it has one ("" when none): an "attribution" item
  // (MBTiles), a copyright item (TIFFTAG_COPYRIGHT), a description item (GeoPackage
  // DESCRIPTION, TIFFTAG_IMAGEDESCRIPTION), or an <Attribution> element of a WMS/WMTS XML
  // description (which GDAL ignores).
  std::string attribution;
};

class RasterSource {
 public:
  // Opens `path` for drawing in `map_crs` ("EPSG:28992", "EPSG:3857", WKT, ...). Throws
  // biodash::Error naming the path (or "inline GDAL_WMS description") and the reason: the file
  // is missing or not a regular file, it is not a raster GDAL can read, it has no
  // georeferencing or no CRS, it cannot be placed in the map CRS, the map CRS is unknown, or
  // it would reach the network while network access is off (the message says "network access
  // is off"; nothing is fetched).
  static std::unique_ptr<RasterSource> open(const std::string& path, const std::string& map_crs);
  ~RasterSource();
  RasterSource(const RasterSource&) = delete;
  RasterSource& operator=(const RasterSource&) = delete;

  const RasterInfo& info() const;

  // The part `extent` (map CRS) of the raster as w x h RGBA8 pixels (w * h * 4 bytes), top row
  // first, straight (not premultiplied) alpha; (0,0,0,0) where the raster has no data or does
  // not reach. Pixel (i, j) covers [minx + i*dx, minx + (i+1)*dx] x [maxy - (j+1)*dy,
  // maxy - j*dy] with dx = extent.width()/w, dy = extent.height()/h. Uses the overview level
  // matching the requested resolution and bilinear resampling; where the source's CRS is the
  // map CRS and the grid matches the source's own pixels, the result is the source's pixels
  // exactly. Returns an empty vector when `cancel` is raised before or during the read (it is
  // polled while GDAL warps). Throws Error when w or h is not positive, the extent is empty, or
  // GDAL fails to read (its message included). Not thread-safe: see above.
  std::vector<uint8_t> read_rgba(const Envelope& extent, int w, int h,
                                 const std::atomic<bool>* cancel = nullptr) const;

 private:
  struct Impl;
  explicit RasterSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace biodash
