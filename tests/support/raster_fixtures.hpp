#pragma once
// Test helpers for rasters made from the real Leiden wijken (CBS 2024) with GDAL's
// command-line tools (tests/io/raster_source_test.cpp, tests/io/wms_tile_server_test.cpp): a
// temporary folder per test, shell commands with their log, each wijk's colour and most
// interior point, the pixel of an RGBA buffer under a map point.
#include <geos_c.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/envelope.hpp"
#include "core/error.hpp"
#include "core/geos_handle.hpp"
#include "io/vector_reader.hpp"

namespace biodash::test {

// A temporary folder of its own per test (`prefix`, the process and the test's name), removed
// at the end.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix) {
    const auto* t = ::testing::UnitTest::GetInstance()->current_test_info();
    path = std::filesystem::path(::testing::TempDir()) /
           (prefix + std::to_string(::getpid()) + "_" + (t ? t->name() : "x"));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a shell command (its output into a log in `dir`); fails the test with the log when it
// fails.
inline ::testing::AssertionResult sh(const TempDir& dir, const std::string& cmd) {
  const std::string log = dir / "cmd.log";
  const int rc = std::system((cmd + " > '" + log + "' 2>&1").c_str());
  if (rc == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << cmd << "\nexit " << rc << ":\n" << read_text(log);
}

// `s` in single quotes, for a shell command.
inline std::string q(const std::string& s) {
  return "'" + s + "'";
}

// The message of the biodash::Error that `f` throws ("" when it returns).
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

using Rgba = std::array<int, 4>;

// Wijk k (statcode WK0546kk) is burnt in this colour (kWijkColourSql computes the same).
inline Rgba colour(int k) {
  return {30 + 22 * k, 240 - 19 * k, (60 + 97 * k) % 256, 255};
}

// The wijken with their colour(k) as columns r, g, b, for ogr2ogr -dialect sqlite -sql.
inline const std::string kWijkColourSql =
    "SELECT geometry, statcode, 30+22*CAST(substr(statcode,7,2) AS INTEGER) AS r, "
    "240-19*CAST(substr(statcode,7,2) AS INTEGER) AS g, "
    "(60+97*CAST(substr(statcode,7,2) AS INTEGER))%256 AS b FROM leiden_wijken_2024";

// Burns the wijken into a new RGBA GeoTIFF `tif` of nx x ny Byte pixels over `ullr` ("ulx uly
// lrx lry", in `srs`): `geojson` reprojected to `srs` through `sql` (columns r, g, b: each
// wijk's colour) into the GeoPackage `gpkg`, each wijk burnt in its colour with alpha 255,
// alpha 0 elsewhere. `extra` goes to gdal_create (creation or metadata options).
inline ::testing::AssertionResult burn_wijken(const TempDir& dir, const std::string& geojson,
                                              const std::string& srs, const std::string& sql,
                                              const std::string& gpkg, const std::string& tif,
                                              int nx, int ny, const std::string& ullr,
                                              const std::string& extra = "") {
  auto r = sh(dir, "ogr2ogr -f GPKG " + q(gpkg) + " " + q(geojson) + " -t_srs " + srs +
                       " -nln w -dialect sqlite -sql " + q(sql));
  if (!r) return r;
  r = sh(dir, "gdal_create -q -of GTiff -ot Byte -bands 4 -burn 0 -outsize " + std::to_string(nx) +
                  " " + std::to_string(ny) + " -a_srs " + srs + " -a_ullr " + ullr +
                  " -co ALPHA=YES " + extra + " " + q(tif));
  if (!r) return r;
  for (const std::string b : {"-b 1 -a r", "-b 2 -a g", "-b 3 -a b", "-b 4 -burn 255"}) {
    r = sh(dir, "gdal_rasterize -q " + b + " " + q(gpkg) + " " + q(tif));
    if (!r) return r;
  }
  return ::testing::AssertionSuccess();
}

// A wijk and its most interior point (RD New) with its distance to the wijk's boundary.
struct Wijk {
  std::string code;
  int k = 0;
  double x = 0, y = 0, radius = 0;
};

// The wijken of `geojson` with their interior points (through GEOS, not GDAL).
inline std::vector<Wijk> read_wijken(const std::string& geojson) {
  OpenOptions o;
  o.map_crs = "EPSG:28992";
  std::vector<Layer> layers = read_vector_file(geojson, o);
  std::vector<Wijk> out;
  const Layer& l = layers.at(0);
  const int code = l.field_index("statcode");
  GEOSContextHandle_t ctx = geos_ctx();
  for (size_t i = 0; i < l.geoms.size(); ++i) {
    Wijk w;
    w.code = l.values[i][static_cast<size_t>(code)];
    w.k = std::stoi(w.code.substr(6, 2));
    GeomPtr line(GEOSMaximumInscribedCircle_r(ctx, l.geoms[i].get(), 0.5));
    GeomPtr centre(GEOSGeomGetStartPoint_r(ctx, line.get()));
    GEOSGeomGetX_r(ctx, centre.get(), &w.x);
    GEOSGeomGetY_r(ctx, centre.get(), &w.y);
    GEOSGeomGetLength_r(ctx, line.get(), &w.radius);
    out.push_back(w);
  }
  return out;
}

// The pixel of an RGBA buffer (w x h over `e`) under map point (x, y).
inline Rgba sample(const std::vector<uint8_t>& px, const Envelope& e, int w, int h, double x,
                   double y) {
  const int i = static_cast<int>(std::floor((x - e.minx) / e.width() * w));
  const int j = static_cast<int>(std::floor((e.maxy - y) / e.height() * h));
  if (i < 0 || j < 0 || i >= w || j >= h) return {-1, -1, -1, -1};
  const size_t o = (static_cast<size_t>(j) * w + i) * 4;
  return {px[o], px[o + 1], px[o + 2], px[o + 3]};
}

}  // namespace biodash::test
