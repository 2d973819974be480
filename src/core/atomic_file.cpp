#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace biodash {
namespace fs = std::filesystem;

std::string atomic_temp_path(const std::string& path) {
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  // The extension stays last: GDAL drivers choose and check by it (GeoPackage, PDF).
  return (dir /
          ("." + p.stem().string() + ".tmp" + std::to_string(::getpid()) + p.extension().string()))
      .string();
}

void discard_temp(const std::string& tmp) noexcept {
  std::error_code ec;
  fs::remove(tmp, ec);
}

void replace_with(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    discard_temp(tmp);
    throw Error(path + ": cannot replace: " + ec.message());
  }
  // Make the rename itself durable (best effort: some file systems refuse a directory fsync).
  const fs::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void write_file_atomically(const std::string& path, std::string_view content) {
  const std::string tmp = atomic_temp_path(path);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    throw Error(path + ": cannot write (" + std::strerror(errno) +
                "; folder missing or not writable?)");
  const bool wrote = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const int err = errno;
  const bool synced = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !synced || !closed) {
    discard_temp(tmp);
    throw Error(path + ": write failed (" + std::strerror(wrote ? errno : err) + ")");
  }
  replace_with(tmp, path);
}

}  // namespace biodash
