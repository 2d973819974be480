#pragma once
// Writing an MBTiles 1.3 file (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md)
// tile by tile, resumably (biodash basemap-pack): an SQLite database with the spec's
// `metadata (name, value)` and `tiles (zoom_level, tile_column, tile_row, tile_data)` tables,
// rows in TMS order (from the south; core/web_mercator tms_row), application_id "MPBX".
//
// The file is written in place (the caller writes to OUT.partial and publishes it with
// finish(), which renames it over OUT once complete). Tiles are committed in batches
// (checkpoint(), and when the writer goes): a process killed at any moment leaves a valid
// database holding every tile of the last commit (SQLite's rollback journal), which a later
// writer on the same file reopens and continues. While open, the file is locked exclusively:
// a second writer on it fails with a clear message instead of interleaving.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace biodash {

enum class TileFormat { Png, Jpeg };
// The MBTiles `format` value: "png" or "jpg".
const char* mbtiles_format_name(TileFormat f);

// Encodes a w x h straight-alpha RGBA8 tile (top row first) through GDAL's PNG or JPEG driver
// (in memory). Returns "" when every pixel is fully transparent (nothing to store). PNG keeps
// the alpha band unless the tile is opaque (then RGB); JPEG has no alpha: partly transparent
// pixels are blended onto white. Deterministic: the same pixels give the same bytes. Throws
// Error with GDAL's message when encoding fails.
std::string encode_tile(const std::vector<uint8_t>& rgba, int w, int h, TileFormat f);

class MbtilesWriter {
 public:
  // Opens `path`, creating the file and the spec's tables when it does not exist. Throws Error
  // naming `path`: not a regular file, not an SQLite database, a database without the MBTiles
  // tables, locked by another writer, or SQLite's own reason.
  explicit MbtilesWriter(std::string path);
  // Commits the tiles written so far (best effort) and closes.
  ~MbtilesWriter();
  MbtilesWriter(const MbtilesWriter&) = delete;
  MbtilesWriter& operator=(const MbtilesWriter&) = delete;

  const std::string& path() const { return path_; }
  // True when this writer created the file (or found it empty), false when it reopened one.
  bool created() const { return created_; }

  // A metadata value, "" when the name is absent.
  std::string metadata(const std::string& name) const;
  void set_metadata(const std::string& name, const std::string& value);
  void erase_metadata(const std::string& name);

  size_t tile_count() const { return tiles_.size(); }
  bool has_tile(int z, int64_t column, int64_t tms_row) const;
  // Stores a tile (replacing one at the same place); committed at the next checkpoint().
  void put_tile(int z, int64_t column, int64_t tms_row, std::string_view data);
  // Commits what was written so far (it survives an interruption from then on).
  void checkpoint();
  // Commits, closes the database (no journal left) and renames the file over `target`
  // (keeping the permissions of a regular file it replaces), then syncs the folder. Throws
  // Error naming `target` on failure. The writer is closed afterwards whatever happened.
  void finish(const std::string& target);

 private:
  void exec(const char* sql) const;
  [[noreturn]] void fail(const std::string& what) const;
  void close() noexcept;
  static uint64_t key(int z, int64_t column, int64_t row) {
    return (uint64_t(z) << 58) | (uint64_t(column) << 29) | uint64_t(row);
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  bool created_ = false;
  bool in_transaction_ = false;
  std::unordered_set<uint64_t> tiles_;  // keys of the tiles in the file
};

}  // namespace biodash
