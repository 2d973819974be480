// `biodash basemap-pack`: an offline basemap for the kiosk. Reads a raster or an online preset
// tile by tile in Web Mercator (io/raster_source) over a lon/lat box and a zoom range, and
// writes the tiles as an MBTiles file (io/mbtiles_writer) that opens without network. The
// tiles go to OUT.partial, committed in batches; OUT appears only when complete (a rename),
// and an interrupted run is continued by running the same command again.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "core/basemap.hpp"
#include "core/error.hpp"
#include "core/output_guard.hpp"
#include "core/web_mercator.hpp"
#include "io/gdal_dataset.hpp"
#include "io/mbtiles_writer.hpp"
#include "io/raster_source.hpp"

namespace biodash::app {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kMaxTiles = 200000;  // per pack: a city's kiosk needs far fewer
constexpr int kMaxZoom = 24;
constexpr int kOsmMaxZoom = 16;  // OpenStreetMap's tile usage policy: no bulk z17+ downloads

std::string preset_names() {
  std::string names;
  for (const BasemapPreset& p : basemap_presets()) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

int usage(const char* msg) {
  std::fprintf(
      stderr,
      "biodash basemap-pack: %s\n"
      "usage: biodash basemap-pack (--preset NAME | --from FILE)\n"
      "           --bbox MINLON,MINLAT,MAXLON,MAXLAT --zoom A-B --out OUT.mbtiles\n"
      "           [--format png|jpeg] [--allow-network] [--name TEXT] [--attribution TEXT]\n"
      "Writes an offline basemap: the source's Web-Mercator (EPSG:3857) XYZ tiles of 256 px\n"
      "covering the box (WGS 84 degrees) at zoom levels A to B (0-%d; --zoom 14 is one level;\n"
      "at most %lld tiles in all) as an MBTiles 1.3 file (rows in TMS order), which the\n"
      "kiosk and --basemap OUT.mbtiles read without network. Tiles without data (outside the\n"
      "source) are not written. --from: any raster biodash reads as a basemap (GeoTIFF, COG,\n"
      "MBTiles, GeoPackage tiles, a GDAL WMS/WMTS description). --preset (online: needs\n"
      "--allow-network): %s; osm up to zoom %d (OpenStreetMap's tile usage policy).\n"
      "Metadata: name (--name, default OUT's stem), format, bounds, center, minzoom, maxzoom,\n"
      "attribution (--attribution, else the preset's or the source's), type baselayer.\n"
      "Tiles are written to OUT.partial; OUT appears (replacing an old one) only once every\n"
      "tile is written. An interrupted run leaves OUT.partial: the same command again skips\n"
      "the tiles already there and continues. Progress on stderr.\n",
      msg, kMaxZoom, static_cast<long long>(kMaxTiles), preset_names().c_str(), kOsmMaxZoom);
  return 2;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  for (size_t b = 0;;) {
    const size_t e = s.find(sep, b);
    parts.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) return parts;
    b = e + 1;
  }
}

// A coordinate for the metadata: up to 7 decimals (~1 cm), trailing zeros dropped.
std::string coord(double v) {
  char b[48];
  std::snprintf(b, sizeof b, "%.7f", v);
  std::string s = b;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// Tiles done / total on one stderr line, redrawn with '\r' (at most 10 times a second on a
// terminal, once a second otherwise).
class Progress {
 public:
  explicit Progress(int64_t total) : total_(total), tty_(::isatty(2) != 0) {}
  void update(int64_t done, bool force = false) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && shown_ && now - last_ < std::chrono::milliseconds(tty_ ? 100 : 1000)) return;
    last_ = now;
    shown_ = true;
    constexpr int kWidth = 30;
    const double f = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(f * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r[%s] %lld/%lld tiles %3d%%", bar.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total_), static_cast<int>(std::floor(f * 100)));
    std::fflush(stderr);
  }
  // Ends the progress line (before another message).
  void end() {
    if (shown_) std::fputc('\n', stderr);
    shown_ = false;
  }

 private:
  int64_t total_;
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

int run_basemap_pack(int argc, char** argv) {
  std::string preset_name, from, bbox_text, zoom_text, out, format_text = "png", name, attribution;
  bool allow_network = false;
  std::string error;
  ArgParser args;
  args.value({"--preset"}, &preset_name)
      .value({"--from"}, &from)
      .value({"--bbox"}, &bbox_text)
      .value({"--zoom"}, &zoom_text)
      .value({"--out"}, &out)
      .value({"--format"}, &format_text)
      .value({"--name"}, &name)
      .value({"--attribution"}, &attribution)
      .flag({"--allow-network"}, &allow_network);
  switch (args.parse(argc, argv, error)) {
    case ArgsResult::Help:
      usage("help");
      return 0;
    case ArgsResult::Error:
      return usage(error.c_str());
    case ArgsResult::Ok:
      break;
  }
  if (preset_name.empty() == from.empty()) return usage("give one of --preset NAME or --from FILE");
  if (bbox_text.empty() || zoom_text.empty() || out.empty())
    return usage("--bbox, --zoom and --out are required");

  // ---- the arguments' meaning, before any work ----
  double minlon = 0, minlat = 0, maxlon = 0, maxlat = 0;
  int zmin = 0, zmax = 0;
  TileFormat format = TileFormat::Png;
  const BasemapPreset* preset = nullptr;
  std::vector<TileRange> ranges;
  int64_t total = 0;
  try {
    const std::vector<std::string> b = split(bbox_text, ',');
    if (b.size() != 4)
      throw Error("--bbox needs four numbers MINLON,MINLAT,MAXLON,MAXLAT (degrees), got '" +
                  bbox_text + "'");
    minlon = parse_decimal("--bbox MINLON", b[0], -180, 180);
    minlat = parse_decimal("--bbox MINLAT", b[1], -90, 90);
    maxlon = parse_decimal("--bbox MAXLON", b[2], -180, 180);
    maxlat = parse_decimal("--bbox MAXLAT", b[3], -90, 90);
    if (!(minlon < maxlon) || !(minlat < maxlat))
      throw Error("--bbox: MINLON must be below MAXLON and MINLAT below MAXLAT, got '" + bbox_text +
                  "'");
    if (maxlat <= -kWebMercatorMaxLat || minlat >= kWebMercatorMaxLat)
      throw Error("--bbox lies beyond Web Mercator's latitudes (±85.0511°)");
    const std::vector<std::string> z = split(zoom_text, '-');
    if (z.size() > 2)
      throw Error("--zoom needs A-B (e.g. 12-16) or one level, got '" + zoom_text + "'");
    zmin = static_cast<int>(parse_whole("--zoom", z[0], 0, kMaxZoom));
    zmax = z.size() == 2 ? static_cast<int>(parse_whole("--zoom", z[1], 0, kMaxZoom)) : zmin;
    if (zmax < zmin)
      throw Error("--zoom " + zoom_text + ": the first level must not exceed the second");
    if (format_text == "jpeg" || format_text == "jpg")
      format = TileFormat::Jpeg;
    else if (format_text != "png")
      throw Error("--format must be png or jpeg, got '" + format_text + "'");
    if (!preset_name.empty()) {
      preset = find_basemap_preset(preset_name);
      if (!preset) throw Error("no preset '" + preset_name + "' (known: " + preset_names() + ")");
      if (preset->name == "osm" && zmax > kOsmMaxZoom)
        throw Error("--preset osm: zoom " + std::to_string(zmax) +
                    " is a bulk download OpenStreetMap's tile usage policy forbids; at most " +
                    std::to_string(kOsmMaxZoom));
    }
    for (int zoom = zmin; zoom <= zmax; ++zoom) {
      ranges.push_back(tiles_covering(minlon, minlat, maxlon, maxlat, zoom));
      total += ranges.back().count();
      if (total > kMaxTiles)
        throw Error("--zoom " + zoom_text + " over this --bbox is more than " +
                    std::to_string(kMaxTiles) + " tiles (" + std::to_string(total) +
                    " up to zoom " + std::to_string(zoom) +
                    " already); lower the highest zoom or narrow the box");
    }
  } catch (const Error& e) {
    return usage(e.what());
  }
  if (name.empty()) name = fs::path(out).stem().string();
  const std::string partial = out + ".partial";

  Progress progress(total);
  try {
    set_network_allowed(allow_network);
    if (preset && !allow_network)
      throw Error("--preset " + preset->name +
                  ": an online basemap needs the network; add --allow-network (nothing was "
                  "fetched)");
    {
      std::error_code ec;
      const fs::file_status st = fs::symlink_status(out, ec);
      if (fs::exists(st) && !fs::is_regular_file(st) && !fs::is_symlink(st))
        throw Error(out + ": exists and is not a regular file");
    }
    if (!from.empty()) {
      refuse_output_onto_input(out, {from});
      refuse_output_onto_input(partial, {from});
    }

    // ---- the source, read in Web Mercator ----
    const std::unique_ptr<RasterSource> source =
        RasterSource::open(preset ? preset->gdal_xml : from, "EPSG:3857");
    const RasterInfo& info = source->info();
    if (attribution.empty()) attribution = preset ? preset->attribution : info.attribution;
    // The box in EPSG:3857, and the part of it the source covers (the metadata's bounds).
    Envelope box;
    {
      double x = 0, y = 0;
      lonlat_to_web_mercator(minlon, minlat, x, y);
      box.expand(x, y);
      lonlat_to_web_mercator(maxlon, maxlat, x, y);
      box.expand(x, y);
    }
    Envelope covered;
    covered.minx = std::max(box.minx, info.extent.minx);
    covered.miny = std::max(box.miny, info.extent.miny);
    covered.maxx = std::min(box.maxx, info.extent.maxx);
    covered.maxy = std::min(box.maxy, info.extent.maxy);
    const std::string label = preset ? "--preset " + preset->name : from;
    if (covered.empty() || covered.width() <= 0 || covered.height() <= 0)
      throw Error(label + ": the source does not reach the --bbox " + bbox_text +
                  "; nothing written");
    double blon = 0, blat = 0, elon = 0, elat = 0;
    web_mercator_to_lonlat(covered.minx, covered.miny, blon, blat);
    web_mercator_to_lonlat(covered.maxx, covered.maxy, elon, elat);

    // What the tiles depend on: a partial file of other arguments is not continued.
    std::string fingerprint;
    if (preset) {
      fingerprint = "preset:" + preset->name;
    } else {
      struct stat st {};
      const bool ok = ::stat(from.c_str(), &st) == 0;
      fingerprint = fs::absolute(from).lexically_normal().string() + " (" +
                    std::to_string(ok ? st.st_size : 0) + " bytes, modified " +
                    std::to_string(ok ? st.st_mtim.tv_sec : 0) + "." +
                    std::to_string(ok ? st.st_mtim.tv_nsec : 0) + ")";
    }
    fingerprint += " format=" + std::string(mbtiles_format_name(format)) +
                   " bbox=" + coord(minlon) + "," + coord(minlat) + "," + coord(maxlon) + "," +
                   coord(maxlat) + " zoom=" + std::to_string(zmin) + "-" + std::to_string(zmax);

    auto owned = std::make_unique<MbtilesWriter>(partial);
    MbtilesWriter& writer = *owned;
    const char* kFingerprintKey = "biodash_pack_of";  // only in the partial file
    // (A partial file without tiles or fingerprint was cut off while being created: adopted.)
    if (writer.created() ||
        (writer.tile_count() == 0 && writer.metadata(kFingerprintKey).empty())) {
      writer.set_metadata(kFingerprintKey, fingerprint);
      writer.checkpoint();
    } else {
      const std::string was = writer.metadata(kFingerprintKey);
      if (was != fingerprint)
        throw Error(partial + ": left by a basemap-pack of other arguments or another version " +
                    "of the source (" + (was.empty() ? "unknown" : was) +
                    "); remove it to start again");
      std::fprintf(stderr, "%s: continuing; %zu tiles already there are skipped\n", partial.c_str(),
                   writer.tile_count());
    }

    // Test hook: stop (exit 1) after this many tiles written, as an interruption would.
    int64_t stop_after = 0;
    if (const char* s = std::getenv("BIODASH_PACK_STOP_AFTER"); s && *s)
      stop_after = std::strtoll(s, nullptr, 10);

    int64_t done = 0, skipped = 0, written = 0, empty = 0;
    auto last_commit = std::chrono::steady_clock::now();
    int64_t uncommitted = 0;
    progress.update(0, true);
    for (const TileRange& r : ranges) {
      for (int64_t y = r.y0; y <= r.y1; ++y) {
        for (int64_t x = r.x0; x <= r.x1; ++x, ++done) {
          progress.update(done);
          const int64_t row = tms_row(r.z, y);
          if (writer.has_tile(r.z, x, row)) {
            ++skipped;
            continue;
          }
          const Envelope e = web_mercator_tile_extent(r.z, x, y);
          if (e.maxx <= info.extent.minx || e.minx >= info.extent.maxx ||
              e.maxy <= info.extent.miny || e.miny >= info.extent.maxy) {
            ++empty;  // outside the source: nothing to read
            continue;
          }
          std::string bytes;
          try {
            bytes = encode_tile(source->read_rgba(e, kWebMercatorTilePx, kWebMercatorTilePx),
                                kWebMercatorTilePx, kWebMercatorTilePx, format);
          } catch (const Error& err) {
            throw Error("tile " + std::to_string(r.z) + "/" + std::to_string(x) + "/" +
                        std::to_string(y) + ": " + err.what() + " (" + partial +
                        " keeps the tiles written so far: run the same command again to "
                        "continue)");
          }
          if (bytes.empty()) {
            ++empty;
            continue;
          }
          writer.put_tile(r.z, x, row, bytes);
          ++written;
          ++uncommitted;
          const auto now = std::chrono::steady_clock::now();
          if (uncommitted >= 500 || now - last_commit > std::chrono::seconds(1)) {
            writer.checkpoint();
            uncommitted = 0;
            last_commit = now;
          }
          if (stop_after > 0 && written >= stop_after) {
            writer.checkpoint();
            progress.update(done + 1, true);
            progress.end();
            std::fprintf(stderr,
                         "biodash basemap-pack: stopped after %lld tiles "
                         "(BIODASH_PACK_STOP_AFTER); %s keeps them: run the same command again "
                         "to continue\n",
                         static_cast<long long>(written), partial.c_str());
            return 1;
          }
        }
      }
    }
    progress.update(done, true);
    progress.end();

    if (writer.tile_count() == 0) {
      owned.reset();
      fs::remove(partial);
      throw Error(label + ": no tile over the --bbox has data; nothing written");
    }

    // ---- metadata (MBTiles 1.3), then OUT appears ----
    writer.set_metadata("name", name);
    writer.set_metadata("format", mbtiles_format_name(format));
    writer.set_metadata("bounds",
                        coord(blon) + "," + coord(blat) + "," + coord(elon) + "," + coord(elat));
    writer.set_metadata("center", coord((blon + elon) / 2) + "," + coord((blat + elat) / 2) + "," +
                                      std::to_string(zmin));
    writer.set_metadata("minzoom", std::to_string(zmin));
    writer.set_metadata("maxzoom", std::to_string(zmax));
    writer.set_metadata("type", "baselayer");
    writer.set_metadata("description",
                        "Offline basemap made by biodash basemap-pack from " +
                            (preset ? preset->title : fs::path(from).filename().string()));
    if (!attribution.empty())
      writer.set_metadata("attribution", attribution);
    else
      writer.erase_metadata("attribution");
    writer.erase_metadata(kFingerprintKey);
    const size_t tiles = writer.tile_count();
    writer.finish(out);
    std::fprintf(stderr,
                 "%s: %zu tiles, zoom %d-%d (%lld written now, %lld from %s, %lld without data "
                 "not stored)\n",
                 out.c_str(), tiles, zmin, zmax, static_cast<long long>(written),
                 static_cast<long long>(skipped), partial.c_str(), static_cast<long long>(empty));
    return 0;
  } catch (const std::exception& e) {
    progress.end();
    std::fprintf(stderr, "biodash basemap-pack: %s\n", e.what());
    return 1;
  }
}

}  // namespace biodash::app
