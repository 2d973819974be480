// RasterSource (io/raster_source): raster basemaps read through GDAL and warped into the map
// CRS. The rasters are made here, with GDAL's command-line tools, from the real Leiden wijken
// (CBS 2024, WGS84 GeoJSON): each wijk burnt in its own colour into a 10 m GeoTIFF in RD New.
// The expected colours are checked at each wijk's most interior point (GEOS's maximum
// inscribed circle, computed here from the GeoJSON independently of the raster), in RD New and
// in Web Mercator, from a GeoTIFF, an MBTiles with overviews, a GeoPackage, paletted, grey and
// non-Byte rasters. Every test builds its files in its own temporary folder and removes it.
#include "io/raster_source.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/raster_fixtures.hpp"
#include "core/crs.hpp"
#include "core/error.hpp"
#include "core/geos_handle.hpp"
#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"

namespace fs = std::filesystem;
using namespace biodash;

namespace {

const std::string kWijken =
    "/work/shared/data/real/nl-leiden-cbs-boundaries-2024/leiden_wijken_2024.geojson";

// The GeoTIFF's grid (RD New, 10 m): 610 x 750 pixels.
constexpr double kMinX = 90000, kMaxX = 96100, kMinY = 459200, kMaxY = 466700;
constexpr int kW = 610, kH = 750;

using test::colour;
using test::error_of;
using test::q;
using test::Rgba;
using test::sample;
using test::sh;
using test::Wijk;

// The "other" colours of the overview test.
Rgba other_colour(int k) {
  return {250 - 20 * k, 10 + 7 * k, 200, 255};
}

// A temporary folder of its own per test, removed at the end.
struct TempDir : test::TempDir {
  TempDir() : test::TempDir("biodash_raster_test_") {}
};

// The ten Leiden wijken with their interior points, from the GeoJSON (through GEOS, not GDAL).
const std::vector<Wijk>& wijken() {
  static const std::vector<Wijk> all = test::read_wijken(kWijken);
  return all;
}

// Makes the wijken GeoTIFF: RGBA, 10 m, RD New; wijk k in colour(k) (or other_colour(k)),
// alpha 0 elsewhere. `extra` goes to gdal_create (creation or metadata options).
::testing::AssertionResult make_wijken_tif(const TempDir& dir, const std::string& tif,
                                           bool other = false, const std::string& extra = "") {
  const std::string k = "CAST(substr(statcode,7,2) AS INTEGER)";
  const std::string sql = other ? "SELECT geometry, statcode, 250-20*" + k + " AS r, 10+7*" + k +
                                      " AS g, 200 AS b FROM leiden_wijken_2024"
                                : test::kWijkColourSql;
  return test::burn_wijken(dir, kWijken, "EPSG:28992", sql,
                           dir / (other ? "wijken_other.gpkg" : "wijken.gpkg"), tif, kW, kH,
                           "90000 466700 96100 459200", extra);
}

// The colour at map point (x, y): a 32 x 32 tile of `res` map units per pixel around it,
// deliberately not aligned with the raster's pixels.
Rgba colour_at(const RasterSource& src, double x, double y, double res) {
  const Envelope e{x - 16.3 * res, y - 15.7 * res, x + 15.7 * res, y + 16.3 * res};
  const std::vector<uint8_t> px = src.read_rgba(e, 32, 32);
  EXPECT_EQ(px.size(), 32u * 32u * 4u);
  return sample(px, e, 32, 32, x, y);
}

// All pixels of a raster file, as GDAL reads them (bands interleaved).
std::vector<uint8_t> raw_pixels(const std::string& path, int* nbands) {
  gdal_init();  // GDAL's drivers, also when this test runs alone
  GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
  EXPECT_NE(ds, nullptr) << path;
  if (!ds) return {};
  const int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
  *nbands = GDALGetRasterCount(ds);
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * *nbands);
  EXPECT_EQ(GDALDatasetRasterIO(ds, GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Byte, *nbands,
                                nullptr, *nbands, *nbands * w, 1),
            CE_None);
  GDALClose(ds);
  return px;
}

const Envelope kRdExtent{kMinX, kMinY, kMaxX, kMaxY};

std::set<std::string> files_in(const fs::path& d) {
  std::set<std::string> s;
  for (const auto& e : fs::directory_iterator(d)) s.insert(e.path().filename().string());
  return s;
}

}  // namespace

// 1. A GeoTIFF in RD New read in RD New: its info, the pixel-exact native grid, each wijk's
// colour at its interior point (also through unaligned bilinear tiles), transparent outside.
TEST(RasterSource, GeoTiffInRdNew) {
  TempDir dir;
  const std::string tif = dir / "wijken.tif";
  ASSERT_TRUE(make_wijken_tif(dir, tif, false, "-mo 'TIFFTAG_COPYRIGHT=CBS/Kadaster (CC BY 4.0)'"));
  const auto before = files_in(dir.path);

  auto src = RasterSource::open(tif, "EPSG:28992");
  const RasterInfo& info = src->info();
  EXPECT_EQ(info.path, tif);
  EXPECT_EQ(info.driver, "GTiff");
  EXPECT_EQ(info.width, kW);
  EXPECT_EQ(info.height, kH);
  EXPECT_EQ(info.bands, 4);
  EXPECT_EQ(info.overviews, 0);
  EXPECT_EQ(info.source_crs, "EPSG:28992");
  EXPECT_EQ(info.attribution, "CBS/Kadaster (CC BY 4.0)");
  EXPECT_NEAR(info.resolution, 10.0, 1e-9);
  EXPECT_NEAR(info.extent.minx, kMinX, 1e-6);
  EXPECT_NEAR(info.extent.maxx, kMaxX, 1e-6);
  EXPECT_NEAR(info.extent.miny, kMinY, 1e-6);
  EXPECT_NEAR(info.extent.maxy, kMaxY, 1e-6);

  // Same CRS, same grid: exactly the file's pixels.
  int nb = 0;
  const std::vector<uint8_t> raw = raw_pixels(tif, &nb);
  ASSERT_EQ(nb, 4);
  const std::vector<uint8_t> all = src->read_rgba(kRdExtent, kW, kH);
  ASSERT_EQ(all.size(), raw.size());
  size_t differ = 0, opaque = 0;
  for (size_t i = 0; i < raw.size(); ++i) differ += raw[i] != all[i];
  for (size_t i = 3; i < raw.size(); i += 4) opaque += raw[i] == 255;
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(opaque, raw.size() / 4 / 3);  // the wijken cover much of the grid

  // A part of the grid, still aligned: the same pixels.
  const Envelope part{kMinX + 2000, kMinY + 3000, kMinX + 2640, kMinY + 3480};
  const std::vector<uint8_t> sub = src->read_rgba(part, 64, 48);
  differ = 0;
  for (int j = 0; j < 48; ++j)
    for (int i = 0; i < 64; ++i)
      for (int c = 0; c < 4; ++c) {
        const size_t ri = ((static_cast<size_t>(j) + (kH - 348)) * kW + 200 + i) * 4 + c;
        differ += sub[(static_cast<size_t>(j) * 64 + i) * 4 + c] != raw[ri];
      }
  EXPECT_EQ(differ, 0u);

  ASSERT_EQ(wijken().size(), 10u);
  std::set<int> ks;
  for (const Wijk& w : wijken()) {
    ks.insert(w.k);
    ASSERT_GT(w.radius, 60) << w.code;
    EXPECT_EQ(sample(all, kRdExtent, kW, kH, w.x, w.y), colour(w.k)) << w.code;
    EXPECT_EQ(colour_at(*src, w.x, w.y, 2.5), colour(w.k)) << w.code << " at 2.5 m";
    EXPECT_EQ(colour_at(*src, w.x, w.y, 13.7), colour(w.k)) << w.code << " at 13.7 m";
  }
  EXPECT_EQ(ks.size(), 10u);

  // Outside the raster: transparent; a tile across its eastern edge: transparent east of it.
  const std::vector<uint8_t> out = src->read_rgba({100000, 463000, 101000, 464000}, 16, 16);
  ASSERT_EQ(out.size(), 16u * 16u * 4u);
  for (uint8_t v : out) ASSERT_EQ(v, 0);
  const Envelope across{kMaxX - 500, 463000, kMaxX + 500, 464000};
  const std::vector<uint8_t> edge = src->read_rgba(across, 100, 100);
  for (int j = 0; j < 100; ++j)
    for (int i = 51; i < 100; ++i)
      for (int c = 0; c < 4; ++c)
        ASSERT_EQ(edge[(static_cast<size_t>(j) * 100 + i) * 4 + c], 0) << i << "," << j;

  // Straight alpha in an unaligned (bilinear) read: along the wijken's outer boundary, the
  // pixels read are a wijk's colour (or a mix of two), never blended or premultiplied towards
  // the transparent black around them; transparent pixels are (0,0,0,0).
  const Envelope unaligned{kMinX - 3.3, kMinY - 1.7, kMaxX + 3.3, kMaxY + 1.7};
  const int uw = 731, uh = 901;
  const std::vector<uint8_t> ua = src->read_rgba(unaligned, uw, uh);
  ASSERT_EQ(ua.size(), static_cast<size_t>(uw) * uh * 4);
  size_t boundary = 0;
  for (int j = 1; j + 1 < uh; ++j)
    for (int i = 1; i + 1 < uw; ++i) {
      const size_t o = (static_cast<size_t>(j) * uw + i) * 4;
      if (ua[o + 3] == 0) {
        EXPECT_EQ(ua[o] + ua[o + 1] + ua[o + 2], 0) << i << "," << j;
        continue;
      }
      const bool next_to_nothing = ua[o + 3 - 4] == 0 || ua[o + 3 + 4] == 0 ||
                                   ua[o + 3 - 4 * uw] == 0 || ua[o + 3 + 4 * uw] == 0;
      if (!next_to_nothing) continue;
      ++boundary;
      EXPECT_GT(ua[o] + ua[o + 1] + ua[o + 2], 250) << i << "," << j;  // every colour's sum >= 318
    }
  EXPECT_GT(boundary, 500u);

  // Bad requests and cancellation.
  EXPECT_THROW(src->read_rgba(kRdExtent, 0, 10), Error);
  EXPECT_THROW(src->read_rgba(Envelope{}, 10, 10), Error);
  std::atomic<bool> cancel{true};
  EXPECT_TRUE(src->read_rgba(kRdExtent, kW, kH, &cancel).empty());
  cancel = false;
  EXPECT_EQ(src->read_rgba(kRdExtent, 61, 75, &cancel).size(), 61u * 75u * 4u);

  // Reading left nothing beside the file.
  EXPECT_EQ(files_in(dir.path), before);
}

// 2. The same GeoTIFF in a Web Mercator view: the interior points, transformed by PROJ
// (core/crs), still hit their wijk's colour.
TEST(RasterSource, GeoTiffInWebMercator) {
  TempDir dir;
  const std::string tif = dir / "wijken.tif";
  ASSERT_TRUE(make_wijken_tif(dir, tif));
  auto src = RasterSource::open(tif, "EPSG:3857");
  const RasterInfo& info = src->info();
  EXPECT_EQ(info.map_crs, "EPSG:3857");
  // 10 m in RD New is about 10 / cos(52.15°) = 16.3 Mercator metres.
  EXPECT_GT(info.resolution, 15.8);
  EXPECT_LT(info.resolution, 16.8);

  CrsTransform rd_to_merc("EPSG:28992", "EPSG:3857");
  // The extent holds the raster's corners and edge midpoints.
  std::vector<double> x{kMinX, kMaxX, kMinX, kMaxX, (kMinX + kMaxX) / 2, (kMinX + kMaxX) / 2,
                        kMinX, kMaxX};
  std::vector<double> y{
      kMinY, kMinY, kMaxY, kMaxY, kMinY, kMaxY, (kMinY + kMaxY) / 2, (kMinY + kMaxY) / 2};
  ASSERT_EQ(rd_to_merc.transform(x.data(), y.data(), x.size()), 0u);
  Envelope corners;
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_TRUE(info.extent.contains(x[i], y[i]) ||
                (std::abs(x[i] - std::clamp(x[i], info.extent.minx, info.extent.maxx)) < 0.01 &&
                 std::abs(y[i] - std::clamp(y[i], info.extent.miny, info.extent.maxy)) < 0.01))
        << i;
    corners.expand(x[i], y[i]);
  }
  EXPECT_LT(info.extent.width(), corners.width() * 1.01);
  EXPECT_LT(info.extent.height(), corners.height() * 1.01);

  for (const Wijk& w : wijken()) {
    double mx = w.x, my = w.y;
    ASSERT_EQ(rd_to_merc.transform(&mx, &my, 1), 0u);
    EXPECT_EQ(colour_at(*src, mx, my, 4.0), colour(w.k)) << w.code;
    EXPECT_EQ(colour_at(*src, mx, my, 20.0), colour(w.k)) << w.code << " at 20 m";
  }
  // The whole raster at once, and outside of it.
  const std::vector<uint8_t> all = src->read_rgba(info.extent, 256, 256);
  for (const Wijk& w : wijken()) {
    if (w.radius < 150) continue;
    double mx = w.x, my = w.y;
    rd_to_merc.transform(&mx, &my, 1);
    EXPECT_EQ(sample(all, info.extent, 256, 256, mx, my), colour(w.k)) << w.code;
  }
  const Envelope far{info.extent.maxx + 100, info.extent.miny, info.extent.maxx + 5000,
                     info.extent.maxy};
  for (uint8_t v : src->read_rgba(far, 8, 8)) ASSERT_EQ(v, 0);
}

// 3. An MBTiles (Web Mercator tiles with overview zoom levels) read in RD New at a coarse and
// a fine resolution.
TEST(RasterSource, MbtilesInRdNew) {
  TempDir dir;
  const std::string tif = dir / "wijken.tif";
  ASSERT_TRUE(make_wijken_tif(dir, tif));
  const std::string merc = dir / "wijken_3857.tif", mb = dir / "wijken.mbtiles";
  ASSERT_TRUE(sh(dir, "gdalwarp -q -t_srs EPSG:3857 -r near " + q(tif) + " " + q(merc)));
  ASSERT_TRUE(sh(dir, "gdal_translate -q -of MBTiles -co NAME=leiden " + q(merc) + " " + q(mb)));
  ASSERT_TRUE(sh(dir, "gdaladdo -q -r nearest " + q(mb) + " 2 4 8"));
  const bool attributed =
      std::system("command -v sqlite3 > /dev/null 2>&1") == 0 &&
      sh(dir, "sqlite3 " + q(mb) +
                  " \"INSERT INTO metadata VALUES('attribution','CBS/Kadaster (CC BY 4.0)')\"");

  auto src = RasterSource::open(mb, "EPSG:28992");
  const RasterInfo& info = src->info();
  EXPECT_EQ(info.driver, "MBTiles");
  EXPECT_GT(info.overviews, 0);
  EXPECT_EQ(info.source_crs, "EPSG:3857");
  if (attributed) {
    EXPECT_EQ(info.attribution, "CBS/Kadaster (CC BY 4.0)");
  }
  // The tiles' zoom level 13 has 19.1 Mercator metres per pixel, about 11.7 m in RD New.
  EXPECT_GT(info.resolution, 10.5);
  EXPECT_LT(info.resolution, 13);
  // The tiles cover the RD raster (a tile pyramid is larger).
  EXPECT_LE(info.extent.minx, kMinX + 20);
  EXPECT_GE(info.extent.maxx, kMaxX - 20);

  // Coarse: the whole RD grid at 80 m per pixel (an overview level).
  const int cw = 77, ch = 94;
  const Envelope coarse{kMinX, kMaxY - ch * 80.0, kMinX + cw * 80.0, kMaxY};
  const std::vector<uint8_t> px = src->read_rgba(coarse, cw, ch);
  int checked = 0;
  for (const Wijk& w : wijken()) {
    if (w.radius < 250) continue;
    ++checked;
    EXPECT_EQ(sample(px, coarse, cw, ch, w.x, w.y), colour(w.k)) << w.code << " at 80 m";
  }
  EXPECT_GE(checked, 4);
  // Fine: 3 m per pixel around each interior point.
  for (const Wijk& w : wijken()) {
    if (w.radius < 100) continue;
    EXPECT_EQ(colour_at(*src, w.x, w.y, 3.0), colour(w.k)) << w.code << " at 3 m";
  }
}

// A GeoPackage with tiles, its description as the attribution; nothing written beside it.
TEST(RasterSource, GeoPackageTiles) {
  TempDir dir;
  const std::string tif = dir / "wijken.tif", gpkg = dir / "tiles.gpkg";
  ASSERT_TRUE(make_wijken_tif(dir, tif));
  ASSERT_TRUE(sh(dir,
                 "gdal_translate -q -of GPKG -co RASTER_TABLE=wijken "
                 "-co 'RASTER_DESCRIPTION=CBS/Kadaster wijken 2024' " +
                     q(tif) + " " + q(gpkg)));
  const auto before = files_in(dir.path);
  auto src = RasterSource::open(gpkg, "EPSG:28992");
  EXPECT_EQ(src->info().driver, "GPKG");
  EXPECT_EQ(src->info().attribution, "CBS/Kadaster wijken 2024");
  EXPECT_NEAR(src->info().resolution, 10.0, 1e-6);
  for (const Wijk& w : wijken()) EXPECT_EQ(colour_at(*src, w.x, w.y, 5.0), colour(w.k)) << w.code;
  src.reset();
  EXPECT_EQ(files_in(dir.path), before);
}

// 4. A paletted 1-band GeoTIFF (nodata index transparent) and a greyscale one (nodata 0), an
// RGB one with nodata 0, and a Float32 one (scaled from its minimum..maximum).
TEST(RasterSource, PalettedGreyRgbAndFloat) {
  TempDir dir;
  const std::string gpkg = dir / "w.gpkg";
  ASSERT_TRUE(sh(dir, "ogr2ogr -f GPKG " + q(gpkg) + " " + q(kWijken) +
                          " -t_srs EPSG:28992 -nln w -dialect sqlite -sql " +
                          q("SELECT geometry, CAST(substr(statcode,7,2) AS INTEGER) AS k, "
                            "20+20*CAST(substr(statcode,7,2) AS INTEGER) AS grey "
                            "FROM leiden_wijken_2024")));
  const std::string grid = " -tr 10 10 -te 90000 459200 96100 466700 ";
  const std::string idx = dir / "index.tif", grey = dir / "grey.tif", flt = dir / "float.tif";
  ASSERT_TRUE(sh(dir, "gdal_rasterize -q -a k -init 255 -a_nodata 255 -ot Byte" + grid + q(gpkg) +
                          " " + q(idx)));
  ASSERT_TRUE(sh(dir, "gdal_rasterize -q -a grey -init 0 -a_nodata 0 -ot Byte" + grid + q(gpkg) +
                          " " + q(grey)));
  ASSERT_TRUE(sh(dir, "gdal_rasterize -q -a k -init -9999 -a_nodata -9999 -ot Float32" + grid +
                          q(gpkg) + " " + q(flt)));

  // The paletted file: the index raster with a colour table (entry 255, the nodata index, is
  // opaque magenta: it must still come out transparent).
  const std::string pal = dir / "paletted.tif";
  {
    int nb = 0;
    const std::vector<uint8_t> index = raw_pixels(idx, &nb);
    ASSERT_EQ(nb, 1);
    GDALDatasetH ds =
        GDALCreate(GDALGetDriverByName("GTiff"), pal.c_str(), kW, kH, 1, GDT_Byte, nullptr);
    ASSERT_NE(ds, nullptr);
    double gt[6] = {kMinX, 10, 0, kMaxY, 0, -10};
    GDALSetGeoTransform(ds, gt);
    GDALSetProjection(ds, "EPSG:28992");
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    for (int k = 0; k < 256; ++k) {
      const Rgba c = k < 10 ? colour(k) : Rgba{255, 0, 255, 255};
      const GDALColorEntry e{static_cast<short>(c[0]), static_cast<short>(c[1]),
                             static_cast<short>(c[2]), 255};
      GDALSetColorEntry(ct, k, &e);
    }
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    GDALSetRasterColorTable(b, ct);
    GDALSetRasterColorInterpretation(b, GCI_PaletteIndex);
    GDALSetRasterNoDataValue(b, 255);
    GDALDestroyColorTable(ct);
    ASSERT_EQ(GDALRasterIO(b, GF_Write, 0, 0, kW, kH, const_cast<uint8_t*>(index.data()), kW, kH,
                           GDT_Byte, 0, 0),
              CE_None);
    GDALClose(ds);

    auto src = RasterSource::open(pal, "EPSG:28992");
    EXPECT_EQ(src->info().bands, 1);
    const std::vector<uint8_t> px = src->read_rgba(kRdExtent, kW, kH);
    ASSERT_EQ(px.size(), index.size() * 4);
    size_t bad = 0;
    for (size_t i = 0; i < index.size(); ++i) {
      const Rgba want = index[i] == 255 ? Rgba{0, 0, 0, 0} : colour(index[i]);
      for (int c = 0; c < 4; ++c) bad += px[i * 4 + c] != want[static_cast<size_t>(c)];
    }
    EXPECT_EQ(bad, 0u);
    for (const Wijk& w : wijken())
      EXPECT_EQ(colour_at(*src, w.x, w.y, 3.3), colour(w.k)) << w.code << " paletted";
  }
  {
    int nb = 0;
    const std::vector<uint8_t> g = raw_pixels(grey, &nb);
    auto src = RasterSource::open(grey, "EPSG:28992");
    const std::vector<uint8_t> px = src->read_rgba(kRdExtent, kW, kH);
    ASSERT_EQ(px.size(), g.size() * 4);
    size_t bad = 0;
    for (size_t i = 0; i < g.size(); ++i) {
      const Rgba want = g[i] == 0 ? Rgba{0, 0, 0, 0} : Rgba{g[i], g[i], g[i], 255};
      for (int c = 0; c < 4; ++c) bad += px[i * 4 + c] != want[static_cast<size_t>(c)];
    }
    EXPECT_EQ(bad, 0u);
    for (const Wijk& w : wijken()) {
      const int v = 20 + 20 * w.k;
      EXPECT_EQ(colour_at(*src, w.x, w.y, 3.3), (Rgba{v, v, v, 255})) << w.code << " grey";
    }
    // In Web Mercator too.
    auto merc = RasterSource::open(grey, "EPSG:3857");
    CrsTransform t("EPSG:28992", "EPSG:3857");
    for (const Wijk& w : wijken()) {
      double x = w.x, y = w.y;
      t.transform(&x, &y, 1);
      const int v = 20 + 20 * w.k;
      EXPECT_EQ(colour_at(*merc, x, y, 6), (Rgba{v, v, v, 255})) << w.code << " grey 3857";
    }
  }
  {
    // RGB without alpha, nodata 0 on every band: the background is transparent.
    const std::string tif = dir / "wijken.tif", rgb = dir / "rgb.tif";
    ASSERT_TRUE(make_wijken_tif(dir, tif));
    ASSERT_TRUE(sh(dir, "gdal_translate -q -b 1 -b 2 -b 3 -a_nodata 0 " + q(tif) + " " + q(rgb)));
    auto src = RasterSource::open(rgb, "EPSG:28992");
    EXPECT_EQ(src->info().bands, 3);
    const std::vector<uint8_t> px = src->read_rgba(kRdExtent, kW, kH);
    int nb = 0;
    const std::vector<uint8_t> raw = raw_pixels(tif, &nb);
    EXPECT_EQ(px, raw);
    for (const Wijk& w : wijken()) EXPECT_EQ(colour_at(*src, w.x, w.y, 7.0), colour(w.k));
  }
  {
    // Float32 with nodata -9999: wijk k is k, scaled from 0..9 to 0..255.
    auto src = RasterSource::open(flt, "EPSG:28992");
    for (const Wijk& w : wijken()) {
      const int v = static_cast<int>(std::lround(w.k * 255.0 / 9.0));
      EXPECT_EQ(colour_at(*src, w.x, w.y, 4.0), (Rgba{v, v, v, 255})) << w.code << " float";
    }
    const std::vector<uint8_t> px = src->read_rgba(kRdExtent, kW, kH);
    EXPECT_EQ(sample(px, kRdExtent, kW, kH, kMinX + 5, kMinY + 5), (Rgba{0, 0, 0, 0}));
  }
}

// 5. Network references refused before GDAL opens anything while network access is off, and
// clear messages for a missing file, a FIFO, a text file, a vector file, a raster without
// georeferencing or without a CRS, and an unknown map CRS.
TEST(RasterSource, RefusalsAndClearErrors) {
  gdal_init();
  ASSERT_FALSE(network_allowed());
  TempDir dir;

  // A listening socket that would see any connection GDAL made.
  const int srv = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(srv, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(srv, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(srv, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(srv, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));

  auto wms = [](const std::string& host) {
    return "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>http://" + host +
           "/tiles/${z}/${x}/${y}.png</ServerUrl></Service><DataWindow>"
           "<UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>"
           "<LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY>"
           "<TileLevel>18</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
           "<YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection>"
           "<BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>3</BandsCount>"
           "<Attribution>Test tiles (CC0)</Attribution></GDAL_WMS>";
  };
  const std::string xml9 = dir / "tms9.xml", xmlp = dir / "tms_local.xml";
  std::ofstream(xml9) << wms("127.0.0.1:9");
  std::ofstream(xmlp) << wms("127.0.0.1:" + port);
  for (const std::string& f : {xml9, xmlp}) {
    const std::string m = error_of([&] { RasterSource::open(f, "EPSG:28992"); });
    EXPECT_NE(m.find("network access is off"), std::string::npos) << m;
    EXPECT_NE(m.find(f), std::string::npos) << m;
  }
  // The same description as inline XML: named by its root and the URL, not the whole text.
  {
    const std::string m = error_of([&] { RasterSource::open(wms("127.0.0.1:9"), "EPSG:3857"); });
    EXPECT_NE(m.find("network access is off"), std::string::npos) << m;
    EXPECT_NE(m.find("inline GDAL_WMS description"), std::string::npos) << m;
    EXPECT_NE(m.find("http://127.0.0.1:9/tiles/"), std::string::npos) << m;
    EXPECT_EQ(m.find("<DataWindow>"), std::string::npos) << m;
  }
  {
    // Inline, with a server URL that is not recognisably remote: still refused.
    std::string x = wms("127.0.0.1:9");
    x.replace(x.find("http://"), 7, "");
    const std::string m = error_of([&] { RasterSource::open(x, "EPSG:3857"); });
    EXPECT_NE(m.find("inline GDAL_WMS description: its server not fetched: network access is off"),
              std::string::npos)
        << m;
  }
  for (const char* p : {"/vsicurl/http://127.0.0.1:9/a.tif", "https://127.0.0.1:9/a.tif",
                        "WMS:http://127.0.0.1:9/wms"}) {
    const std::string m = error_of([&] { RasterSource::open(p, "EPSG:28992"); });
    EXPECT_NE(m.find("network access is off"), std::string::npos) << p << ": " << m;
  }
  {
    // Nobody connected.
    const int c = ::accept(srv, nullptr, nullptr);
    EXPECT_EQ(c, -1);
    EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);
    if (c >= 0) ::close(c);
  }

  // A missing file, a FIFO, a directory.
  const std::string missing = dir / "no_such.tif";
  std::string m = error_of([&] { RasterSource::open(missing, "EPSG:28992"); });
  EXPECT_NE(m.find(missing), std::string::npos) << m;
  EXPECT_NE(m.find("No such file"), std::string::npos) << m;
  const std::string fifo = dir / "pipe.tif";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  m = error_of([&] { RasterSource::open(fifo, "EPSG:28992"); });
  EXPECT_NE(m.find(fifo + ": is a FIFO"), std::string::npos) << m;
  m = error_of([&] { RasterSource::open(dir.path.string(), "EPSG:28992"); });
  EXPECT_NE(m.find("is a directory"), std::string::npos) << m;
  m = error_of([&] { RasterSource::open("", "EPSG:28992"); });
  EXPECT_FALSE(m.empty());

  // A text file, and a vector file.
  const std::string txt = dir / "notes.txt";
  std::ofstream(txt) << "Leiden wijken basemap, to do\n";
  m = error_of([&] { RasterSource::open(txt, "EPSG:28992"); });
  EXPECT_NE(m.find(txt + ": not a raster GDAL can read"), std::string::npos) << m;
  m = error_of([&] { RasterSource::open(kWijken, "EPSG:28992"); });
  EXPECT_NE(m.find(kWijken + ": not a raster GDAL can read"), std::string::npos) << m;

  // No georeferencing (a PNG), no CRS (a GeoTIFF with a geotransform only).
  const std::string tif = dir / "wijken.tif", png = dir / "plain.png";
  ASSERT_TRUE(make_wijken_tif(dir, tif));
  ASSERT_TRUE(sh(dir, "gdal_translate -q -of PNG " + q(tif) + " " + q(png)));
  fs::remove(png + ".aux.xml");
  m = error_of([&] { RasterSource::open(png, "EPSG:28992"); });
  EXPECT_NE(m.find(png + ": has no georeferencing"), std::string::npos) << m;
  const std::string nocrs = dir / "nocrs.tif";
  {
    GDALDatasetH ds =
        GDALCreate(GDALGetDriverByName("GTiff"), nocrs.c_str(), 8, 8, 1, GDT_Byte, nullptr);
    ASSERT_NE(ds, nullptr);
    double gt[6] = {kMinX, 10, 0, kMaxY, 0, -10};
    GDALSetGeoTransform(ds, gt);
    GDALClose(ds);
  }
  m = error_of([&] { RasterSource::open(nocrs, "EPSG:28992"); });
  EXPECT_NE(m.find(nocrs + ": has no coordinate reference system"), std::string::npos) << m;
  m = error_of([&] { RasterSource::open(tif, "EPSG:999999"); });
  EXPECT_NE(m.find("map CRS 'EPSG:999999'"), std::string::npos) << m;

  // Network on: the description opens (nothing is fetched to open a TMS) with the
  // attribution its XML carries; reading from a closed port fails with an Error.
  set_network_allowed(true);
  struct Off {
    ~Off() { set_network_allowed(false); }
  } off;
  std::unique_ptr<RasterSource> src;
  EXPECT_NO_THROW(src = RasterSource::open(xml9, "EPSG:3857"));
  if (src) {
    EXPECT_EQ(src->info().driver, "WMS");
    EXPECT_EQ(src->info().attribution, "Test tiles (CC0)");
    EXPECT_GT(src->info().overviews, 10);
    EXPECT_NEAR(src->info().extent.maxx, 20037508.34, 1);
    const Envelope tile{497000, 6825000, 499000, 6827000};
    EXPECT_THROW(src->read_rgba(tile, 16, 16), Error);
  }
  ::close(srv);
}

// 6. Overviews: a read at 1/16 of the resolution uses one. The overview file (.ovr) is built
// from a raster in other colours, so the colours tell which level was read.
TEST(RasterSource, CoarseReadUsesOverview) {
  TempDir dir;
  const std::string a = dir / "a.tif", b = dir / "b.tif";
  ASSERT_TRUE(make_wijken_tif(dir, a));
  ASSERT_TRUE(make_wijken_tif(dir, b, true));
  {
    auto plain = RasterSource::open(a, "EPSG:28992");
    EXPECT_EQ(plain->info().overviews, 0);
    const int w = 39, h = 47;  // 1/16
    const Envelope e{kMinX, kMaxY - h * 160.0, kMinX + w * 160.0, kMaxY};
    const std::vector<uint8_t> px = plain->read_rgba(e, w, h);
    for (const Wijk& wk : wijken())
      if (wk.radius > 330) {
        EXPECT_EQ(sample(px, e, w, h, wk.x, wk.y), colour(wk.k)) << wk.code;
      }
  }
  ASSERT_TRUE(sh(dir, "gdaladdo -q -ro -r nearest " + q(b) + " 2 4 8 16"));
  fs::copy_file(b + ".ovr", a + ".ovr");

  auto src = RasterSource::open(a, "EPSG:28992");
  EXPECT_EQ(src->info().overviews, 4);
  const int w = 39, h = 47;
  const Envelope e{kMinX, kMaxY - h * 160.0, kMinX + w * 160.0, kMaxY};
  const std::vector<uint8_t> coarse = src->read_rgba(e, w, h);
  int checked = 0;
  for (const Wijk& wk : wijken()) {
    if (wk.radius <= 330) continue;  // two coarse pixels and more from the boundary
    ++checked;
    EXPECT_EQ(sample(coarse, e, w, h, wk.x, wk.y), other_colour(wk.k)) << wk.code;
  }
  EXPECT_GE(checked, 3);
  // Full resolution still reads the raster itself.
  for (const Wijk& wk : wijken())
    EXPECT_EQ(colour_at(*src, wk.x, wk.y, 10.0), colour(wk.k)) << wk.code;
}

// One RasterSource per thread: two sources of the same file read at once give the same pixels
// as one read alone.
TEST(RasterSource, OneSourcePerThread) {
  TempDir dir;
  const std::string tif = dir / "wijken.tif";
  ASSERT_TRUE(make_wijken_tif(dir, tif));
  const Envelope e{91000.5, 460000.5, 95000.5, 465000.5};
  std::vector<uint8_t> ref;
  {
    auto s = RasterSource::open(tif, "EPSG:28992");
    ref = s->read_rgba(e, 200, 250);
  }
  std::vector<std::vector<uint8_t>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      auto s = RasterSource::open(tif, "EPSG:28992");
      for (int i = 0; i < 3; ++i) got[t] = s->read_rgba(e, 200, 250);
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, ref);
}
