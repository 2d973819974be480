// `biodash basemap-pack` end to end, over a raster made here from real data: the Leiden CBS
// wijken (data/leiden, CC BY 4.0) rasterised at 10 m in RD New by gdal_rasterize (grey 230,
// every wijk blue, Binnenstad-Zuid red; as tests/render/basemap_render_test.cpp). The MBTiles
// written is read back with SQLite and GDAL and checked against what is computed here
// independently: the tile grid (own formulas), the raster's footprint in Web Mercator (the RD
// rectangle transformed by OGR), the wijken's interior points (GEOS). Also: resuming an
// interrupted pack gives the same file as an uninterrupted one, an existing output is never
// touched before completion, and the refusals (output onto input, preset without network,
// bad arguments, too many tiles, a partial file of other arguments).
#include <cpl_vsi.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../support/run_command.hpp"
#include "core/crs.hpp"
#include "core/label_placement.hpp"
#include "core/web_mercator.hpp"
#include "io/vector_reader.hpp"

namespace fs = std::filesystem;

namespace {

using Result = biodash::test::CommandResult;

// Runs a shell command; returns its exit status and what it wrote (stdout and stderr).
Result sh(const std::string& cmd) {
  return biodash::test::run_command(cmd + " 2>&1");
}

Result pack(const std::string& args, const std::string& env = "") {
  return sh(env + (env.empty() ? "" : " ") + BIODASH_EXE + " basemap-pack " + args);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Tile key as in the file: zoom, column, TMS row.
using Key = std::tuple<int, int64_t, int64_t>;

std::map<Key, std::string> read_tiles(const std::string& path) {
  std::map<Key, std::string> t;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles",
                               -1, &q, nullptr),
            SQLITE_OK)
      << path;
  while (q && sqlite3_step(q) == SQLITE_ROW)
    t[{sqlite3_column_int(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2)}] =
        std::string(static_cast<const char*>(sqlite3_column_blob(q, 3)),
                    static_cast<size_t>(sqlite3_column_bytes(q, 3)));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return t;
}

std::map<std::string, std::string> read_metadata(const std::string& path) {
  std::map<std::string, std::string> m;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &q, nullptr), SQLITE_OK);
  while (q && sqlite3_step(q) == SQLITE_ROW)
    m[reinterpret_cast<const char*>(sqlite3_column_text(q, 0))] =
        reinterpret_cast<const char*>(sqlite3_column_text(q, 1));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return m;
}

// The RGBA of pixel (px, py) of an encoded tile (PNG or JPEG), decoded by GDAL; alpha 255
// when the image has no alpha band.
std::array<int, 4> decode_pixel(const std::string& bytes, int px, int py) {
  static int n = 0;
  const std::string name = "/vsimem/basemap_pack_test_" + std::to_string(n++);
  VSIFCloseL(VSIFileFromMemBuffer(name.c_str(),
                                  reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                  bytes.size(), FALSE));
  std::array<int, 4> c{-1, -1, -1, 255};
  GDALDatasetH ds = GDALOpen(name.c_str(), GA_ReadOnly);
  EXPECT_NE(ds, nullptr);
  if (ds) {
    EXPECT_EQ(GDALGetRasterXSize(ds), 256);
    for (int b = 1; b <= GDALGetRasterCount(ds) && b <= 4; ++b) {
      uint8_t v = 0;
      EXPECT_EQ(
          GDALRasterIO(GDALGetRasterBand(ds, b), GF_Read, px, py, 1, 1, &v, 1, 1, GDT_Byte, 0, 0),
          CE_None);
      c[b - 1] = v;
    }
    GDALClose(ds);
  }
  VSIUnlink(name.c_str());
  return c;
}

int distance(const std::array<int, 4>& c, const std::array<int, 3>& want) {
  return std::abs(c[0] - want[0]) + std::abs(c[1] - want[1]) + std::abs(c[2] - want[2]);
}

// The slippy-map formulas (OpenStreetMap wiki), written out here independently of biodash.
double fx(double lon, int z) {
  return (lon + 180) / 360 * std::pow(2.0, z);
}
double fy(double lat, int z) {
  const double r = lat * std::numbers::pi / 180;
  return (1 - std::log(std::tan(r) + 1 / std::cos(r)) / std::numbers::pi) / 2 * std::pow(2.0, z);
}
// EPSG:3857 metres -> fractional tile coordinates.
double mx_to_fx(double x, int z) {
  return (x + 20037508.342789244) / (2 * 20037508.342789244) * std::pow(2.0, z);
}
double my_to_fy(double y, int z) {
  return (20037508.342789244 - y) / (2 * 20037508.342789244) * std::pow(2.0, z);
}

const std::array<int, 3> kWijk{80, 160, 220}, kZuid{200, 60, 40}, kBetween{230, 230, 230};
// The box packed: Leiden and some land around it beyond the raster (so empty tiles exist).
const char* kBbox = "4.40,52.10,4.58,52.22";
constexpr double kMinLon = 4.40, kMinLat = 52.10, kMaxLon = 4.58, kMaxLat = 52.22;

// The raster, made once for all tests here.
class BasemapPack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GDALAllRegister();
    dir_ = std::string(BIODASH_TMP) + "/basemap_pack_" + std::to_string(getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    wijken_rd_ = dir_ + "/wijken_rd.gpkg";
    tif_ = dir_ + "/wijken.tif";
    const std::string src = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";
    Result r = sh("ogr2ogr -t_srs EPSG:28992 -f GPKG -nln w '" + wijken_rd_ + "' '" + src + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    // 10 m pixels over 89–97 km × 460–468 km: grey 230, every wijk blue, Binnenstad-Zuid red.
    r =
        sh("gdal_rasterize -q -a_srs EPSG:28992 -tr 10 10 -te 89000 460000 97000 468000 "
           "-ot Byte -init 230 -burn 80 -burn 160 -burn 220 -l w '" +
           wijken_rd_ + "' '" + tif_ +
           "' && gdal_rasterize -q -b 1 -b 2 -b 3 -burn 200 -burn 60 -burn 40 -l w -where "
           "\"statnaam = 'Binnenstad-Zuid'\" '" +
           wijken_rd_ + "' '" + tif_ + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    // The uninterrupted pack every test compares with.
    reference_ = dir_ + "/leiden.mbtiles";
    r = pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12-14 --name leiden --out '" +
             reference_ + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    pack_output_ = r.output;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static std::string dir_, wijken_rd_, tif_, reference_, pack_output_;
};
std::string BasemapPack::dir_, BasemapPack::wijken_rd_, BasemapPack::tif_, BasemapPack::reference_,
    BasemapPack::pack_output_;

TEST(WebMercator, TileGridMatchesTheSlippyMapFormulas) {
  // Leiden Centraal (4.4818 E, 52.1664 N) at zoom 14: XYZ tile 8395/5399 (hand-computed:
  // (184.4818 / 360) * 16384 = 8395.96; (1 - asinh(tan 52.1664°) / pi) / 2 * 16384 = 5399.3),
  // TMS row 16383 - 5399 = 10984.
  const biodash::TileRange r = biodash::tiles_covering(4.4818, 52.1664, 4.4819, 52.1665, 14);
  EXPECT_EQ(r.x0, 8395);
  EXPECT_EQ(r.x1, 8395);
  EXPECT_EQ(r.y0, 5399);
  EXPECT_EQ(r.y1, 5399);
  EXPECT_EQ(biodash::tms_row(14, 5399), 10984);
  double x = 0, y = 0;
  biodash::lonlat_to_web_mercator(4.4818, 52.1664, x, y);
  EXPECT_TRUE(biodash::web_mercator_tile_extent(14, 8395, 5399).contains(x, y));
  double lon = 0, lat = 0;
  biodash::web_mercator_to_lonlat(x, y, lon, lat);
  EXPECT_NEAR(lon, 4.4818, 1e-9);
  EXPECT_NEAR(lat, 52.1664, 1e-9);
  // Zoom 0: one tile, the whole square.
  const biodash::Envelope w = biodash::web_mercator_tile_extent(0, 0, 0);
  EXPECT_DOUBLE_EQ(w.maxx, 20037508.342789244);
  EXPECT_DOUBLE_EQ(w.miny, -20037508.342789244);
  EXPECT_EQ(biodash::tiles_covering(-180, -90, 180, 90, 0).count(), 1);
  EXPECT_EQ(biodash::tiles_covering(-180, -90, 180, 90, 3).count(), 64);
  // A box edge on a tile edge does not take in the tile beyond: 0..90 E is columns 4..5 of 8.
  const biodash::TileRange e = biodash::tiles_covering(0, 0, 90, 10, 3);
  EXPECT_EQ(e.x0, 4);
  EXPECT_EQ(e.x1, 5);
  EXPECT_EQ(e.y0, 3);
  EXPECT_EQ(e.y1, 3);
}

TEST_F(BasemapPack, WritesAnMbtilesGdalOpensWithTheSpecsMetadata) {
  EXPECT_FALSE(fs::exists(reference_ + ".partial"));
  EXPECT_FALSE(fs::exists(reference_ + ".partial-journal"));
  EXPECT_FALSE(fs::exists(reference_ + "-journal"));
  EXPECT_NE(pack_output_.find("tiles 100%"), std::string::npos) << pack_output_;  // progress
  EXPECT_NE(pack_output_.find('\r'), std::string::npos) << pack_output_;

  const Result info = sh("gdalinfo '" + reference_ + "'");
  ASSERT_EQ(info.code, 0) << info.output;
  EXPECT_NE(info.output.find("Driver: MBTiles/MBTiles"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("minzoom=12"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("maxzoom=14"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("ZOOM_LEVEL=14"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("bounds="), std::string::npos) << info.output;

  auto m = read_metadata(reference_);
  EXPECT_EQ(m["name"], "leiden");
  EXPECT_EQ(m["format"], "png");
  EXPECT_EQ(m["type"], "baselayer");
  EXPECT_EQ(m["minzoom"], "12");
  EXPECT_EQ(m["maxzoom"], "14");
  EXPECT_EQ(m.count("biodash_pack_of"), 0u);
  // bounds: the part of the box the raster covers (its RD rectangle is 4.422–4.541 E,
  // 52.125–52.198 N; gdalinfo's corner coordinates).
  double b[4];
  ASSERT_EQ(std::sscanf(m["bounds"].c_str(), "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]), 4)
      << m["bounds"];
  EXPECT_NEAR(b[0], 4.422, 0.003);
  EXPECT_NEAR(b[1], 52.125, 0.003);
  EXPECT_NEAR(b[2], 4.541, 0.003);
  EXPECT_NEAR(b[3], 52.198, 0.003);
}

TEST_F(BasemapPack, TilesAreThoseOfTheBoxThatTheRasterReaches) {
  const std::map<Key, std::string> tiles = read_tiles(reference_);
  // The raster's footprint in EPSG:3857: its RD rectangle, edges densified, transformed by OGR.
  OGRSpatialReferenceH rd = OSRNewSpatialReference(nullptr), wm = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(rd, 28992);
  OSRImportFromEPSG(wm, 3857);
  OSRSetAxisMappingStrategy(rd, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(wm, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(rd, wm);
  ASSERT_NE(ct, nullptr);
  OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
  const double corners[5][2] = {
      {89000, 460000}, {97000, 460000}, {97000, 468000}, {89000, 468000}, {89000, 460000}};
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < 100; ++i) {
      double x = corners[s][0] + (corners[s + 1][0] - corners[s][0]) * i / 100;
      double y = corners[s][1] + (corners[s + 1][1] - corners[s][1]) * i / 100;
      ASSERT_TRUE(OCTTransform(ct, 1, &x, &y, nullptr));
      OGR_G_AddPoint_2D(ring, x, y);
    }
  OGR_G_CloseRings(ring);
  OGRGeometryH footprint = OGR_G_CreateGeometry(wkbPolygon);
  OGR_G_AddGeometryDirectly(footprint, ring);

  size_t in_box = 0, inside = 0, touching = 0;
  for (int z = 12; z <= 14; ++z) {
    const int64_t x0 = static_cast<int64_t>(std::floor(fx(kMinLon, z)));
    const int64_t x1 = static_cast<int64_t>(std::ceil(fx(kMaxLon, z))) - 1;
    const int64_t y0 = static_cast<int64_t>(std::floor(fy(kMaxLat, z)));
    const int64_t y1 = static_cast<int64_t>(std::ceil(fy(kMinLat, z))) - 1;
    const double size = 2 * 20037508.342789244 / std::pow(2.0, z);
    size_t stored_z = 0;
    for (int64_t y = y0; y <= y1; ++y)
      for (int64_t x = x0; x <= x1; ++x) {
        ++in_box;
        const double minx = -20037508.342789244 + x * size, maxy = 20037508.342789244 - y * size;
        OGRGeometryH t = OGR_G_CreateGeometry(wkbPolygon);
        OGRGeometryH tr = OGR_G_CreateGeometry(wkbLinearRing);
        OGR_G_AddPoint_2D(tr, minx, maxy);
        OGR_G_AddPoint_2D(tr, minx + size, maxy);
        OGR_G_AddPoint_2D(tr, minx + size, maxy - size);
        OGR_G_AddPoint_2D(tr, minx, maxy - size);
        OGR_G_AddPoint_2D(tr, minx, maxy);
        OGR_G_AddGeometryDirectly(t, tr);
        const bool within = OGR_G_Contains(footprint, t);
        const bool meets = OGR_G_Intersects(footprint, t);
        OGR_G_DestroyGeometry(t);
        const bool stored = tiles.count({z, x, (int64_t{1} << z) - 1 - y}) != 0;
        stored_z += stored;
        inside += within;
        touching += meets;
        // A tile fully on the raster has data; one that misses it has none.
        if (within) {
          EXPECT_TRUE(stored) << z << "/" << x << "/" << y << " lies on the raster";
        }
        if (!meets) {
          EXPECT_FALSE(stored) << z << "/" << x << "/" << y << " misses the raster";
        }
      }
    EXPECT_GT(stored_z, 0u) << "zoom " << z;
  }
  OGR_G_DestroyGeometry(footprint);
  OCTDestroyCoordinateTransformation(ct);
  OSRDestroySpatialReference(rd);
  OSRDestroySpatialReference(wm);
  // 4 + 16 + 36 tiles over 132 in the box (the raster is 8 km square, the box ~12 x 13 km).
  EXPECT_EQ(in_box, 132u);
  EXPECT_LE(inside, tiles.size());
  EXPECT_LE(tiles.size(), touching);
  EXPECT_LT(tiles.size(), in_box);
  EXPECT_EQ(tiles.size(), 56u);
  for (const auto& [k, bytes] : tiles) {
    EXPECT_GE(std::get<0>(k), 12);
    EXPECT_LE(std::get<0>(k), 14);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
  }
  // Leiden Centraal's zoom-14 tile (XYZ 14/8395/5399, TMS row 10984).
  EXPECT_EQ(tiles.count({14, 8395, 10984}), 1u);
  const Result r = pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12-14 --out '" + dir_ +
                        "/again.mbtiles'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("56 tiles, zoom 12-14 (56 written now, 0 from"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("76 without data not stored"), std::string::npos) << r.output;
}

TEST_F(BasemapPack, PixelsAtTheWijkenInteriorPointsHaveTheirColour) {
  const std::map<Key, std::string> tiles = read_tiles(reference_);
  const std::string src = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";
  biodash::OpenOptions o;  // RD New
  biodash::Layer w = std::move(biodash::read_vector_file(src, o).at(0));
  const int name = w.field_index("statnaam");
  ASSERT_GE(name, 0);
  struct Probe {
    double x, y;  // RD New
    std::array<int, 3> want;
    std::string what;
  };
  std::vector<Probe> probes;
  for (size_t i = 0; i < w.size(); ++i) {
    const auto [x, y] = biodash::label_anchor(w.geoms[i].get());
    if (y < 460300) continue;  // beyond the raster's southern edge
    const std::string n = w.values[i][name];
    probes.push_back({x, y, n == "Binnenstad-Zuid" ? kZuid : kWijk, n});
  }
  ASSERT_GE(probes.size(), 8u);
  probes.push_back({89100, 467900, kBetween, "the raster's north-west corner, no wijk"});
  const biodash::CrsTransform to_wm("EPSG:28992", "EPSG:3857");
  GDALDatasetH mb = GDALOpen(reference_.c_str(), GA_ReadOnly);  // GDAL's reading, zoom 14
  ASSERT_NE(mb, nullptr);
  double gt[6];
  ASSERT_EQ(GDALGetGeoTransform(mb, gt), CE_None);
  for (Probe p : probes) {
    ASSERT_EQ(to_wm.transform(&p.x, &p.y, 1), 0u);
    const double tx = mx_to_fx(p.x, 14), ty = my_to_fy(p.y, 14);
    const int64_t x = static_cast<int64_t>(tx), y = static_cast<int64_t>(ty);
    const auto t = tiles.find({14, x, (int64_t{1} << 14) - 1 - y});
    ASSERT_NE(t, tiles.end()) << p.what << ": no tile 14/" << x << "/" << y;
    const int px = static_cast<int>((tx - x) * 256), py = static_cast<int>((ty - y) * 256);
    const auto c = decode_pixel(t->second, px, py);
    EXPECT_LE(distance(c, p.want), 6) << p.what << ": (" << c[0] << "," << c[1] << "," << c[2]
                                      << ") in tile 14/" << x << "/" << y;
    EXPECT_EQ(c[3], 255) << p.what;
    // GDAL's MBTiles driver (TMS rows) reads the same colour there.
    const int gx = static_cast<int>((p.x - gt[0]) / gt[1]),
              gy = static_cast<int>((p.y - gt[3]) / gt[5]);
    std::array<int, 4> g{0, 0, 0, 0};
    for (int b = 0; b < 3; ++b) {
      uint8_t v = 0;
      ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(mb, b + 1), GF_Read, gx, gy, 1, 1, &v, 1, 1,
                             GDT_Byte, 0, 0),
                CE_None);
      g[b] = v;
    }
    EXPECT_LE(distance(g, p.want), 6) << p.what << " read by GDAL";
  }
  GDALClose(mb);
  // Beyond the raster's north-west corner, in a tile that has data: transparent.
  double x = 88950, y = 468050;
  ASSERT_EQ(to_wm.transform(&x, &y, 1), 0u);
  const double tx = mx_to_fx(x, 14), ty = my_to_fy(y, 14);
  const auto t = tiles.find({14, int64_t(tx), (int64_t{1} << 14) - 1 - int64_t(ty)});
  ASSERT_NE(t, tiles.end());
  EXPECT_EQ(
      decode_pixel(t->second, int((tx - int64_t(tx)) * 256), int((ty - int64_t(ty)) * 256))[3], 0);
}

TEST_F(BasemapPack, AnInterruptedPackResumesToTheSameFileAndNeverTouchesTheOutputBefore) {
  const std::string out = dir_ + "/resumed.mbtiles", partial = out + ".partial";
  { std::ofstream(out) << "precious\n"; }  // an older pack: kept until the new one is complete
  const std::string args =
      "--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12-14 --name leiden --out '" + out + "'";
  Result r = pack(args, "BIODASH_PACK_STOP_AFTER=10");
  ASSERT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("stopped after 10 tiles"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(out), "precious\n");
  ASSERT_TRUE(fs::exists(partial));
  EXPECT_EQ(read_tiles(partial).size(), 10u);
  // Stopped again: the partial file grows, the output is still the old one.
  r = pack(args, "BIODASH_PACK_STOP_AFTER=5");
  ASSERT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("10 tiles already there are skipped"), std::string::npos) << r.output;
  EXPECT_EQ(read_tiles(partial).size(), 15u);
  EXPECT_EQ(slurp(out), "precious\n");
  r = pack(args);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("15 tiles already there are skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(41 written now, 15 from"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(read_tiles(out), read_tiles(reference_));
  EXPECT_EQ(read_metadata(out), read_metadata(reference_));
}

TEST_F(BasemapPack, APartialFileOfOtherArgumentsIsNotContinued) {
  const std::string out = dir_ + "/other.mbtiles";
  Result r = pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12-14 --out '" + out + "'",
                  "BIODASH_PACK_STOP_AFTER=3");
  ASSERT_EQ(r.code, 1) << r.output;
  r = pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12-13 --out '" + out + "'");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("remove it to start again"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(read_tiles(out + ".partial").size(), 3u);
}

TEST_F(BasemapPack, JpegTiles) {
  const std::string out = dir_ + "/leiden_jpeg.mbtiles";
  const Result r =
      pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 13 --format jpeg --out '" + out +
           "' --attribution 'CBS wijken (CC BY 4.0)'");
  ASSERT_EQ(r.code, 0) << r.output;
  auto m = read_metadata(out);
  EXPECT_EQ(m["format"], "jpg");
  EXPECT_EQ(m["attribution"], "CBS wijken (CC BY 4.0)");
  EXPECT_EQ(m["minzoom"], "13");
  const auto tiles = read_tiles(out);
  EXPECT_EQ(tiles.size(), 16u);
  for (const auto& [k, bytes] : tiles) EXPECT_EQ(bytes.substr(0, 2), "\xff\xd8");
}

TEST_F(BasemapPack, Refusals) {
  const std::string before = slurp(tif_);
  // The output onto the source.
  Result r = pack("--from '" + tif_ + "' --bbox " + kBbox + " --zoom 12 --out '" + tif_ + "'");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("is an input of this run"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(tif_), before);
  EXPECT_FALSE(fs::exists(tif_ + ".partial"));
  // An online preset without --allow-network: nothing fetched, nothing written.
  const std::string osm = dir_ + "/osm.mbtiles";
  r = pack("--preset osm --bbox " + std::string(kBbox) + " --zoom 12-14 --out '" + osm + "'");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("needs the network; add --allow-network"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(osm));
  EXPECT_FALSE(fs::exists(osm + ".partial"));
  // Usage errors (exit 2, nothing written).
  const std::string from = "--from '" + tif_ + "' --out '" + osm + "' ";
  const std::string box = std::string("--bbox ") + kBbox;
  const std::vector<std::string> bad_args = {"--bbox 4.4,52.1,4.58 --zoom 12",
                                             "--bbox 4.58,52.1,4.4,52.22 --zoom 12",
                                             "--bbox 4.4,52.1,4.58,95 --zoom 12",
                                             "--bbox a,b,c,d --zoom 12",
                                             box + " --zoom 14-12",
                                             box + " --zoom 12-",
                                             box + " --zoom 25",
                                             box + " --zoom x-y",
                                             box,
                                             box + " --zoom 12 --format gif"};
  for (const std::string& bad : bad_args) {
    r = pack(from + bad);
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("usage"), std::string::npos) << bad;
  }
  r = pack("--bbox " + std::string(kBbox) + " --zoom 12 --out x.mbtiles");  // no source
  EXPECT_EQ(r.code, 2) << r.output;
  r = pack("--preset nowhere --bbox " + std::string(kBbox) + " --zoom 12 --out x.mbtiles");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("known: pdok-brt"), std::string::npos) << r.output;
  // Too many tiles.
  r = pack(from + "--bbox " + kBbox + " --zoom 10-20");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("more than 200000 tiles"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(osm));
  EXPECT_FALSE(fs::exists(osm + ".partial"));
  // The box outside the raster.
  r = pack(from + "--bbox 10,10,11,11 --zoom 12");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("does not reach the --bbox"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(osm + ".partial"));
  // Documented in biodash --help.
  r = sh(std::string(BIODASH_EXE) + " --help");
  EXPECT_NE(r.output.find("biodash basemap-pack"), std::string::npos) << r.output;
}

}  // namespace
