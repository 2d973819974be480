// A GDAL_WMS (TMS/XYZ) basemap read from a tile server on 127.0.0.1 that the test starts
// itself (Python's http.server over a generated tile pyramid), as issue 14 asks: nothing is
// requested while network access is off, tiles are fetched when it is on, and read again from
// GDAL's disk cache afterwards (no new request; the same pixels with the server stopped).
//
// The tiles are real data: the Leiden wijken (CBS 2024) burnt, each in its own colour, into a
// Web Mercator raster on the exact pixel grid of zoom level 14, cut into 256-pixel PNG tiles
// {z}/{x}/{y}.png for zoom levels 12 to 14 over whole zoom-12 tiles around Leiden. The
// description uses <Cache/> (as the presets in core/basemap do), with GDAL_DEFAULT_WMS_CACHE_PATH
// pointed at the test's own folder, so the cache location gdal_init sets is what is exercised.
#include <cpl_conv.h>
#include <cpl_string.h>
#include <fcntl.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <regex>
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
#include "io/raster_source.hpp"
#include "io/vector_reader.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace biodash;

namespace {

const std::string kWijken = std::string(BIODASH_DEMO_DATA) + "/leiden/leiden_wijken_2024.geojson";

// Half the side of the Web Mercator square, as the OSM preset (core/basemap) writes it.
constexpr double kHalf = 20037508.34;
constexpr int kMinZoom = 12, kMaxZoom = 14;

using test::colour;
using test::error_of;
using test::q;
using test::read_text;
using test::Rgba;
using test::sample;
using test::sh;
using test::Wijk;

// A temporary folder of its own, removed at the end.
struct TempDir : test::TempDir {
  TempDir() : test::TempDir("biodash_wms_test_") {}
};

// The full path of `name` on $PATH, or "" when it is not there.
std::string on_path(const std::string& name) {
  const char* p = std::getenv("PATH");
  std::stringstream ss(p ? p : "");
  for (std::string d; std::getline(ss, d, ':');) {
    if (d.empty()) continue;
    const std::string f = d + "/" + name;
    if (::access(f.c_str(), X_OK) == 0) return f;
  }
  return "";
}

// A TCP port on 127.0.0.1 that was free a moment ago (0 when none could be had).
int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

bool accepts_connections(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

// `python3 -m http.server` serving `root` on 127.0.0.1, its access log (stderr) in `log`.
// Stopped (SIGTERM, then waited for) by stop() or when it goes.
class TileServer {
 public:
  TileServer(std::string python, std::string root, std::string log)
      : python_(std::move(python)), root_(std::move(root)), log_(std::move(log)) {}
  ~TileServer() { stop(); }
  TileServer(const TileServer&) = delete;
  TileServer& operator=(const TileServer&) = delete;

  // Starts it and waits (up to 10 s) until it accepts connections; a port taken in the
  // meantime is retried with another. Returns "" or why it failed.
  std::string start() {
    std::string why;
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = free_port();
      if (!port_) return "no free port";
      why = spawn();
      if (!why.empty()) return why;
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited: the port was taken?
          pid_ = -1;
          why = "python3 -m http.server exited (status " + std::to_string(status) +
                "): " + read_text(log_);
          break;
        }
        if (accepts_connections(port_)) return "";
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
      if (pid_ > 0) {
        stop();
        why = "python3 -m http.server did not accept connections within 10 s";
      }
    }
    return why;
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

  int port() const { return port_; }
  const std::string& log() const { return log_; }

 private:
  std::string spawn() {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const std::string port = std::to_string(port_);
    std::vector<std::string> args{python_,  "-u",        "-m",          "http.server", port,
                                  "--bind", "127.0.0.1", "--directory", root_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, python_.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      pid_ = -1;
      return "cannot start " + python_ + ": " + std::strerror(rc);
    }
    return "";
  }

  std::string python_, root_, log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The requests in an access log of http.server: path -> status codes, in order.
struct AccessLog {
  std::vector<std::pair<std::string, int>> requests;
  size_t count() const { return requests.size(); }
  std::map<std::string, int> per_path() const {
    std::map<std::string, int> m;
    for (const auto& r : requests) ++m[r.first];
    return m;
  }
};

AccessLog access_log(const std::string& path) {
  AccessLog a;
  static const std::regex line(R"re("GET ([^ ]+) HTTP/[0-9.]+" ([0-9]{3}))re");
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, line)) a.requests.emplace_back(m[1].str(), std::stoi(m[2].str()));
  }
  return a;
}

// The ten Leiden wijken with their interior points, from the GeoJSON (through GEOS, not GDAL).
const std::vector<Wijk>& wijken() {
  static const std::vector<Wijk> all = test::read_wijken(kWijken);
  return all;
}

// The side of a tile of zoom level z, in Web Mercator metres.
double tile_side(int z) {
  return 2 * kHalf / static_cast<double>(1 << z);
}

// The tile pyramid: whole zoom-12 tiles [x0, x1] x [y0, y1] (rows from the top).
struct Pyramid {
  int x0 = 0, x1 = -1, y0 = 0, y1 = -1;
  int tiles = 0;  // PNG files written, all levels
  // Its extent in Web Mercator.
  Envelope extent() const {
    const double t = tile_side(kMinZoom);
    return {-kHalf + x0 * t, kHalf - (y1 + 1) * t, -kHalf + (x1 + 1) * t, kHalf - y0 * t};
  }
};

// Writes the pyramid into `root`: the zoom-12 tiles covering `area` (Web Mercator) and their
// zoom-13 and zoom-14 children, each wijk in colour(k), transparent elsewhere.
::testing::AssertionResult make_pyramid(const TempDir& dir, const std::string& root,
                                        const Envelope& area, Pyramid* p) {
  const double t12 = tile_side(kMinZoom);
  p->x0 = static_cast<int>(std::floor((area.minx + kHalf) / t12));
  p->x1 = static_cast<int>(std::floor((area.maxx + kHalf) / t12));
  p->y0 = static_cast<int>(std::floor((kHalf - area.maxy) / t12));
  p->y1 = static_cast<int>(std::floor((kHalf - area.miny) / t12));
  const int per12 = 1 << (kMaxZoom - kMinZoom);  // zoom-14 tiles across a zoom-12 tile
  const int nx = (p->x1 - p->x0 + 1) * per12 * 256, ny = (p->y1 - p->y0 + 1) * per12 * 256;
  const Envelope e = p->extent();

  const std::string gpkg = dir / "wijken_3857.gpkg", tif = dir / "wijken_3857.tif";
  char ullr[200];
  std::snprintf(ullr, sizeof ullr, "%.6f %.6f %.6f %.6f", e.minx, e.maxy, e.maxx, e.miny);
  auto r =
      test::burn_wijken(dir, kWijken, "EPSG:3857", test::kWijkColourSql, gpkg, tif, nx, ny, ullr);
  if (!r) return r;

  // Cut: a zoom-z tile is a (256 << (14 - z))-pixel window of the zoom-14 grid, subsampled.
  gdal_init();  // no .aux.xml beside the PNGs
  GDALDatasetH src = GDALOpen(tif.c_str(), GA_ReadOnly);
  if (!src) return ::testing::AssertionFailure() << "cannot open " << tif;
  p->tiles = 0;
  for (int z = kMinZoom; z <= kMaxZoom; ++z) {
    const int f = 1 << (z - kMinZoom);  // zoom-z tiles across a zoom-12 tile
    const int win = 256 << (kMaxZoom - z);
    for (int x = p->x0 * f; x < (p->x1 + 1) * f; ++x)
      for (int y = p->y0 * f; y < (p->y1 + 1) * f; ++y) {
        const fs::path out =
            fs::path(root) / std::to_string(z) / std::to_string(x) / (std::to_string(y) + ".png");
        fs::create_directories(out.parent_path());
        const std::string args[] = {"-q",
                                    "-of",
                                    "PNG",
                                    "-srcwin",
                                    std::to_string((x - p->x0 * f) * win),
                                    std::to_string((y - p->y0 * f) * win),
                                    std::to_string(win),
                                    std::to_string(win),
                                    "-outsize",
                                    "256",
                                    "256",
                                    "-r",
                                    "nearest"};
        CPLStringList a;
        for (const auto& s : args) a.AddString(s.c_str());
        GDALTranslateOptions* o = GDALTranslateOptionsNew(a.List(), nullptr);
        GDALDatasetH d = GDALTranslate(out.string().c_str(), src, o, nullptr);
        GDALTranslateOptionsFree(o);
        if (!d) {
          GDALClose(src);
          return ::testing::AssertionFailure()
                 << "cannot write " << out << ": " << gdal_last_error();
        }
        GDALClose(d);
        ++p->tiles;
      }
  }
  GDALClose(src);
  return ::testing::AssertionSuccess();
}

// The GDAL_WMS description of the server's tiles, as core/basemap writes its presets
// (<Cache/>: GDAL_DEFAULT_WMS_CACHE_PATH decides where).
std::string tms_xml(int port) {
  char w[40];
  std::snprintf(w, sizeof w, "%.2f", kHalf);
  const std::string h(w);
  return "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>http://127.0.0.1:" + std::to_string(port) +
         "/${z}/${x}/${y}.png</ServerUrl></Service><DataWindow><UpperLeftX>-" + h +
         "</UpperLeftX><UpperLeftY>" + h + "</UpperLeftY><LowerRightX>" + h +
         "</LowerRightX><LowerRightY>-" + h + "</LowerRightY><TileLevel>" +
         std::to_string(kMaxZoom) +
         "</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin>"
         "</DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
         "<BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount>"
         "<UserAgent>biodash test</UserAgent><Timeout>15</Timeout><Cache/>"
         "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
         "<Attribution>Leiden wijken (CBS 2024, CC BY 4.0)</Attribution></GDAL_WMS>";
}

// Sets a GDAL configuration option for its lifetime, then restores the previous value.
struct ConfigOption {
  std::string key;
  std::unique_ptr<std::string> old;
  ConfigOption(std::string k, const std::string& v) : key(std::move(k)) {
    if (const char* o = CPLGetConfigOption(key.c_str(), nullptr))
      old = std::make_unique<std::string>(o);
    CPLSetConfigOption(key.c_str(), v.c_str());
  }
  ~ConfigOption() { CPLSetConfigOption(key.c_str(), old ? old->c_str() : nullptr); }
};

// Network access on for its lifetime; off again afterwards (the other tests assume off).
struct NetworkOn {
  NetworkOn() { set_network_allowed(true); }
  ~NetworkOn() { set_network_allowed(false); }
};

size_t files_under(const fs::path& d) {
  size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
    n += it->is_regular_file();
  return n;
}

// What the test reads, and what it got.
struct Reads {
  std::vector<std::vector<uint8_t>> rd, merc;  // per wijk: a 32 x 32 tile around its point
  std::vector<uint8_t> rd_all;                 // the whole area in RD New
};

constexpr double kRdRes = 5.0, kMercRes = 8.0;
// The wijken's extent in RD New (as in raster_source_test) and its read size (20 m pixels).
const Envelope kRdArea{90000, 459200, 96100, 466700};
constexpr int kAllW = 305, kAllH = 375;

Envelope around(double x, double y, double res) {
  return {x - 16.3 * res, y - 15.7 * res, x + 15.7 * res, y + 16.3 * res};
}

// Reads the same parts through a new source of each CRS.
Reads read_all(const std::string& xml) {
  Reads r;
  auto rd = RasterSource::open(xml, "EPSG:28992");
  auto merc = RasterSource::open(xml, "EPSG:3857");
  CrsTransform t("EPSG:28992", "EPSG:3857");
  for (const Wijk& w : wijken()) {
    r.rd.push_back(rd->read_rgba(around(w.x, w.y, kRdRes), 32, 32));
    double mx = w.x, my = w.y;
    t.transform(&mx, &my, 1);
    r.merc.push_back(merc->read_rgba(around(mx, my, kMercRes), 32, 32));
  }
  r.rd_all = rd->read_rgba(kRdArea, kAllW, kAllH);
  return r;
}

}  // namespace

// Where <Cache/> puts tiles: the user's cache folder (or what the environment says), an
// absolute path, never ./gdalwmscache.
TEST(WmsTileServer, CacheGoesToTheUsersCacheFolder) {
  gdal_init();
  const std::string dir = wms_cache_dir();
  ASSERT_FALSE(dir.empty());
  EXPECT_EQ(dir.front(), '/') << dir;
  EXPECT_EQ(dir, CPLGetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", ""));
  const char* env = std::getenv("GDAL_DEFAULT_WMS_CACHE_PATH");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (env)
    EXPECT_EQ(dir, env);
  else if (xdg && xdg[0] == '/')
    EXPECT_EQ(dir, (fs::path(xdg) / "biodash/gdalwmscache").string());
  else if (home && home[0] == '/')
    EXPECT_EQ(dir, (fs::path(home) / ".cache/biodash/gdalwmscache").string());
  else
    EXPECT_NE(dir.find("/biodash-"), std::string::npos) << dir;
}

// Off: refused, nothing requested. On: tiles fetched, the wijken's colours where they belong,
// in RD New and in Web Mercator. Again: from the cache, no request, and the same pixels with
// the server stopped. Off again: refused although the tiles are cached.
TEST(WmsTileServer, FetchedWhenOnCachedAfterwardsNeverWhenOff) {
  const std::string python = on_path("python3");
  if (python.empty()) GTEST_SKIP() << "python3 is not on PATH: no tile server to test against";
  gdal_init();
  ASSERT_FALSE(network_allowed());
  TempDir dir;
  const std::string root = dir / "tiles", cache = dir / "cache";
  fs::create_directories(root);
  const ConfigOption cache_path("GDAL_DEFAULT_WMS_CACHE_PATH", cache);
  const bool cwd_cache_before = fs::exists("gdalwmscache");

  // The pyramid: zoom-12 tiles around the wijken (their extent plus 1 km in Web Mercator).
  Envelope area;
  {
    CrsTransform t("EPSG:28992", "EPSG:3857");
    for (int i = 0; i <= 20; ++i)
      for (int j = 0; j <= 20; ++j) {
        double x = kRdArea.minx + kRdArea.width() * i / 20,
               y = kRdArea.miny + kRdArea.height() * j / 20;
        ASSERT_EQ(t.transform(&x, &y, 1), 0u);
        area.expand(x, y);
      }
    area = {area.minx - 1000, area.miny - 1000, area.maxx + 1000, area.maxy + 1000};
  }
  Pyramid pyr;
  ASSERT_TRUE(make_pyramid(dir, root, area, &pyr));
  const int n12 = (pyr.x1 - pyr.x0 + 1) * (pyr.y1 - pyr.y0 + 1);
  EXPECT_EQ(pyr.tiles, n12 * (1 + 4 + 16));
  ASSERT_EQ(wijken().size(), 10u);

  TileServer server(python, root, dir / "access.log");
  {
    const std::string why = server.start();
    ASSERT_TRUE(why.empty()) << why;
  }
  const std::string xml = dir / "tms.xml";
  std::ofstream(xml) << tms_xml(server.port());

  // a. Off: refused before anything is requested, as a file and as inline XML.
  for (const std::string& p : {xml, tms_xml(server.port())}) {
    const std::string m = error_of([&] { RasterSource::open(p, "EPSG:28992"); });
    EXPECT_NE(m.find("network access is off"), std::string::npos) << m;
  }
  EXPECT_EQ(access_log(server.log()).count(), 0u) << read_text(server.log());
  EXPECT_EQ(files_under(cache), 0u);

  Reads first;
  {
    // b. On: the tiles are fetched (each once: the second source finds them in the cache).
    NetworkOn on;
    {
      auto src = RasterSource::open(xml, "EPSG:28992");
      EXPECT_EQ(src->info().driver, "WMS");
      EXPECT_EQ(src->info().bands, 4);
      EXPECT_EQ(src->info().attribution, "Leiden wijken (CBS 2024, CC BY 4.0)");
    }
    EXPECT_EQ(access_log(server.log()).count(), 0u) << "opening fetches nothing";
    first = read_all(xml);
    const AccessLog log = access_log(server.log());
    EXPECT_GT(log.count(), 0u);
    static const std::regex tile(R"(/(\d+)/(\d+)/(\d+)\.png)");
    std::set<int> zooms;
    for (const auto& [path, status] : log.requests) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(path, m, tile)) << path;
      const int z = std::stoi(m[1].str()), x = std::stoi(m[2].str()), y = std::stoi(m[3].str());
      zooms.insert(z);
      const int f = 1 << (z - kMinZoom);
      EXPECT_TRUE(z >= kMinZoom && z <= kMaxZoom && x >= pyr.x0 * f && x < (pyr.x1 + 1) * f &&
                  y >= pyr.y0 * f && y < (pyr.y1 + 1) * f)
          << path << ": outside the pyramid";
      EXPECT_EQ(status, 200) << path;
    }
    for (const auto& [path, n] : log.per_path()) EXPECT_EQ(n, 1) << path << " fetched " << n << "x";
    EXPECT_TRUE(zooms.count(kMaxZoom)) << "the 5 m reads use zoom 14";
    EXPECT_GE(zooms.size(), 2u) << "the 20 m read uses a coarser level";
    EXPECT_GT(files_under(cache), 0u) << "tiles cached in GDAL_DEFAULT_WMS_CACHE_PATH";

    CrsTransform t("EPSG:28992", "EPSG:3857");
    int checked_all = 0;
    for (size_t i = 0; i < wijken().size(); ++i) {
      const Wijk& w = wijken()[i];
      ASSERT_GT(w.radius, 60) << w.code;
      EXPECT_EQ(sample(first.rd[i], around(w.x, w.y, kRdRes), 32, 32, w.x, w.y), colour(w.k))
          << w.code << " in RD New";
      double mx = w.x, my = w.y;
      t.transform(&mx, &my, 1);
      EXPECT_EQ(sample(first.merc[i], around(mx, my, kMercRes), 32, 32, mx, my), colour(w.k))
          << w.code << " in Web Mercator";
      if (w.radius > 150) {  // 20 m pixels from a coarser level: well inside only
        ++checked_all;
        EXPECT_EQ(sample(first.rd_all, kRdArea, kAllW, kAllH, w.x, w.y), colour(w.k))
            << w.code << " in the 20 m read";
      }
    }
    EXPECT_GE(checked_all, 5);
    // Outside the wijken (the area's corner, in the pyramid): transparent.
    EXPECT_EQ(sample(first.rd_all, kRdArea, kAllW, kAllH, kRdArea.minx + 10, kRdArea.miny + 10),
              (Rgba{0, 0, 0, 0}));

    // c. Again, through new sources: from the cache, no new request, the same pixels...
    const size_t before = log.count();
    const Reads again = read_all(xml);
    EXPECT_EQ(access_log(server.log()).count(), before) << read_text(server.log());
    EXPECT_EQ(again.rd, first.rd);
    EXPECT_EQ(again.merc, first.merc);
    EXPECT_EQ(again.rd_all, first.rd_all);

    // ... and with the server stopped.
    server.stop();
    ASSERT_FALSE(accepts_connections(server.port()));
    Reads stopped;
    ASSERT_NO_THROW(stopped = read_all(xml));
    EXPECT_EQ(stopped.rd, first.rd);
    EXPECT_EQ(stopped.merc, first.merc);
    EXPECT_EQ(stopped.rd_all, first.rd_all);
    EXPECT_EQ(access_log(server.log()).count(), before);
  }

  // d. Off again: refused, although every tile is in the cache.
  ASSERT_FALSE(network_allowed());
  const std::string m = error_of([&] { RasterSource::open(xml, "EPSG:28992"); });
  EXPECT_NE(m.find("network access is off"), std::string::npos) << m;
  EXPECT_EQ(fs::exists("gdalwmscache"), cwd_cache_before) << "nothing cached in ./gdalwmscache";
}
