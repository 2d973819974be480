// MBTiles writing through libsqlite3, tile encoding through GDAL (see mbtiles_writer.hpp).
#include "io/mbtiles_writer.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fcntl.h>
#include <gdal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "io/gdal_dataset.hpp"

namespace biodash {
namespace {

namespace fs = std::filesystem;

constexpr int kMbtilesApplicationId = 0x4d504258;  // "MPBX" (MBTiles 1.3)

struct GdalHandle {
  GDALDatasetH h = nullptr;
  ~GdalHandle() {
    if (h) GDALClose(h);
  }
};

void fsync_folder(const std::string& file) {
  std::string dir = fs::path(file).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);  // best effort: some file systems refuse a folder fsync
    ::close(fd);
  }
}

}  // namespace

const char* mbtiles_format_name(TileFormat f) {
  return f == TileFormat::Jpeg ? "jpg" : "png";
}

std::string encode_tile(const std::vector<uint8_t>& rgba, int w, int h, TileFormat f) {
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  if (w <= 0 || h <= 0 || rgba.size() != n * 4)
    throw Error("encode_tile: " + std::to_string(rgba.size()) + " bytes for a " +
                std::to_string(w) + "x" + std::to_string(h) + " RGBA tile");
  bool any = false, opaque = true;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t a = rgba[4 * i + 3];
    any = any || a != 0;
    opaque = opaque && a == 255;
  }
  if (!any) return {};
  gdal_init();

  const int bands = f == TileFormat::Png && !opaque ? 4 : 3;
  std::vector<uint8_t> pixels;
  const std::vector<uint8_t>* src = &rgba;
  if (bands == 3) {
    pixels.resize(n * 3);
    for (size_t i = 0; i < n; ++i) {
      const unsigned a = rgba[4 * i + 3];
      for (int c = 0; c < 3; ++c)  // onto white (a no-op for opaque pixels)
        pixels[3 * i + c] =
            static_cast<uint8_t>((rgba[4 * i + c] * a + 255 * (255 - a) + 127) / 255);
    }
    src = &pixels;
  }
  GdalHandle mem;
  mem.h = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, bands, GDT_Byte, nullptr);
  if (!mem.h) throw Error("encoding a tile: " + gdal_last_error("no MEM dataset"));
  if (GDALDatasetRasterIO(mem.h, GF_Write, 0, 0, w, h, const_cast<uint8_t*>(src->data()), w, h,
                          GDT_Byte, bands, nullptr, bands, static_cast<GSpacing>(bands) * w,
                          1) != CE_None)
    throw Error("encoding a tile: " + gdal_last_error());

  static std::atomic<uint64_t> counter{0};
  const bool jpeg = f == TileFormat::Jpeg;
  const std::string name =
      "/vsimem/biodash_tile_" + std::to_string(counter++) + (jpeg ? ".jpg" : ".png");
  CPLStringList options;
  if (jpeg) options.SetNameValue("QUALITY", "85");
  GDALDriverH driver = GDALGetDriverByName(jpeg ? "JPEG" : "PNG");
  if (!driver)
    throw Error(std::string("encoding a tile: GDAL has no ") + (jpeg ? "JPEG" : "PNG") + " driver");
  {
    GdalHandle out;
    out.h = GDALCreateCopy(driver, name.c_str(), mem.h, FALSE, options.List(), nullptr, nullptr);
    if (!out.h) {
      VSIUnlink(name.c_str());
      throw Error(std::string("encoding a tile as ") + (jpeg ? "JPEG" : "PNG") + ": " +
                  gdal_last_error());
    }
  }
  vsi_l_offset len = 0;
  GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &len, TRUE);  // takes it and unlinks
  if (!bytes) throw Error("encoding a tile: GDAL wrote no bytes");
  std::string data(reinterpret_cast<const char*>(bytes), static_cast<size_t>(len));
  CPLFree(bytes);
  return data;
}

// ---- MbtilesWriter ----------------------------------------------------------------------

MbtilesWriter::MbtilesWriter(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path_, ec);
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw Error(path_ + ": exists and is not a regular file");
  const bool existed = fs::exists(st);
  if (sqlite3_open_v2(path_.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                      nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    close();
    throw Error(path_ + ": cannot open (" + why + ")");
  }
  try {
    // One writer at a time: the lock is taken now and kept until close.
    exec("PRAGMA locking_mode=EXCLUSIVE");
    if (sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      const int code = sqlite3_errcode(db_);
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        throw Error(path_ + ": in use by another process (another basemap-pack writing it?)");
      fail("cannot open");
    }
    in_transaction_ = true;
    // Which tables are there (also the first read: "file is not a database" shows here).
    int tables = 0, ours = 0;
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_master WHERE type IN ('table','view')", -1,
                           &q, nullptr) != SQLITE_OK)
      fail(existed ? "not an MBTiles file" : "cannot create");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
      const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
      ++tables;
      if (t && (!std::strcmp(t, "tiles") || !std::strcmp(t, "metadata"))) ++ours;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) fail(existed ? "not an MBTiles file" : "cannot create");
    if (tables == 0) {
      created_ = true;
      exec(("PRAGMA application_id=" + std::to_string(kMbtilesApplicationId)).c_str());
      exec("CREATE TABLE metadata (name TEXT, value TEXT)");
      exec("CREATE UNIQUE INDEX name ON metadata (name)");
      exec(
          "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
          "tile_data BLOB)");
      exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
    } else if (ours != 2) {
      throw Error(path_ + ": not an MBTiles file (no tiles and metadata tables)");
    } else {
      if (sqlite3_prepare_v2(db_, "SELECT zoom_level, tile_column, tile_row FROM tiles", -1, &q,
                             nullptr) != SQLITE_OK)
        fail("cannot read its tiles");
      while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        tiles_.insert(
            key(sqlite3_column_int(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2)));
      sqlite3_finalize(q);
      if (rc != SQLITE_DONE) fail("cannot read its tiles");
    }
    if (sqlite3_prepare_v2(db_,
                           "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, "
                           "tile_data) VALUES (?, ?, ?, ?)",
                           -1, &insert_, nullptr) != SQLITE_OK)
      fail("cannot write tiles");
    checkpoint();
  } catch (...) {
    close();
    throw;
  }
}

MbtilesWriter::~MbtilesWriter() {
  if (db_ && in_transaction_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  in_transaction_ = false;
  close();
}

void MbtilesWriter::close() noexcept {
  if (insert_) sqlite3_finalize(insert_);
  insert_ = nullptr;
  if (db_) {
    if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  db_ = nullptr;
  in_transaction_ = false;
}

void MbtilesWriter::fail(const std::string& what) const {
  throw Error(path_ + ": " + what + " (" + (db_ ? sqlite3_errmsg(db_) : "closed") + ")");
}

void MbtilesWriter::exec(const char* sql) const {
  if (!db_) throw Error(path_ + ": closed");
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("write failed");
}

std::string MbtilesWriter::metadata(const std::string& name) const {
  if (!db_) throw Error(path_ + ": closed");
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM metadata WHERE name = ?", -1, &q, nullptr) !=
      SQLITE_OK)
    fail("cannot read its metadata");
  sqlite3_bind_text(q, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  std::string value;
  const int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    const unsigned char* v = sqlite3_column_text(q, 0);
    if (v) value = reinterpret_cast<const char*>(v);
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail("cannot read its metadata");
  return value;
}

void MbtilesWriter::set_metadata(const std::string& name, const std::string& value) {
  if (!db_) throw Error(path_ + ": closed");
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)", -1, &q,
                         nullptr) != SQLITE_OK)
    fail("cannot write its metadata");
  sqlite3_bind_text(q, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) fail("cannot write its metadata");
}

void MbtilesWriter::erase_metadata(const std::string& name) {
  if (!db_) throw Error(path_ + ": closed");
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db_, "DELETE FROM metadata WHERE name = ?", -1, &q, nullptr) != SQLITE_OK)
    fail("cannot write its metadata");
  sqlite3_bind_text(q, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) fail("cannot write its metadata");
}

bool MbtilesWriter::has_tile(int z, int64_t column, int64_t tms_row) const {
  return tiles_.count(key(z, column, tms_row)) != 0;
}

void MbtilesWriter::put_tile(int z, int64_t column, int64_t tms_row, std::string_view data) {
  if (!db_) throw Error(path_ + ": closed");
  sqlite3_reset(insert_);
  sqlite3_bind_int(insert_, 1, z);
  sqlite3_bind_int64(insert_, 2, column);
  sqlite3_bind_int64(insert_, 3, tms_row);
  sqlite3_bind_blob64(insert_, 4, data.data(), data.size(), SQLITE_STATIC);
  const int rc = sqlite3_step(insert_);
  sqlite3_reset(insert_);
  sqlite3_clear_bindings(insert_);
  if (rc != SQLITE_DONE) fail("cannot write a tile");
  tiles_.insert(key(z, column, tms_row));
}

void MbtilesWriter::checkpoint() {
  if (in_transaction_) {
    exec("COMMIT");
    in_transaction_ = false;
  }
  exec("BEGIN");
  in_transaction_ = true;
}

void MbtilesWriter::finish(const std::string& target) {
  if (!db_) throw Error(target + ": the partial file " + path_ + " is closed");
  try {
    exec("COMMIT");
    in_transaction_ = false;
  } catch (...) {
    close();
    throw;
  }
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  const int rc = sqlite3_close(db_);
  db_ = nullptr;
  if (rc != SQLITE_OK)
    throw Error(path_ + ": closing failed (SQLite error " + std::to_string(rc) + ")");
  // A replaced regular file keeps its permissions.
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    ::chmod(path_.c_str(), st.st_mode & 07777);
  if (::rename(path_.c_str(), target.c_str()) != 0)
    throw Error(target + ": cannot replace it with " + path_ + " (" + std::strerror(errno) + ")");
  fsync_folder(target);
}

}  // namespace biodash
