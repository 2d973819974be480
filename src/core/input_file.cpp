// Regular-file checks and non-blocking opens for every input (see input_file.hpp).
#include "core/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace biodash {
namespace {

constexpr long kProcMagic = 0x9fa0;         // PROC_SUPER_MAGIC (linux/magic.h)
constexpr long kSysfsMagic = 0x62656572;    // SYSFS_MAGIC
constexpr long kDebugfsMagic = 0x64626720;  // DEBUGFS_MAGIC

std::string role(const char* what) {
  return what && *what ? std::string(" (") + what + " must be a regular file)" : std::string();
}

std::string errno_text(int e) {
  const char* s = e ? std::strerror(e) : nullptr;
  return s && *s ? s : "unknown reason";
}

// Why `st` (of a file on a file system of type `fs_type`) is not a regular data file; "" when
// it is one.
std::string not_regular(const struct stat& st, long fs_type) {
  if (S_ISFIFO(st.st_mode)) return "is a FIFO (named pipe), not a regular file";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a regular file";
  if (S_ISDIR(st.st_mode)) return "is a directory, not a regular file";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (fs_type == kProcMagic || fs_type == kSysfsMagic || fs_type == kDebugfsMagic)
    return "is under /proc or /sys (a kernel file, not a data file)";
  return "";
}

[[noreturn]] void refuse(const std::string& path, const std::string& why, const char* what) {
  throw Error(path + ": " + why + role(what));
}

}  // namespace

void require_regular_file(const std::string& path, const char* what) {
  if (path.empty()) throw Error(std::string("no file name given") + role(what));
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) refuse(path, "cannot open: " + errno_text(errno), what);
  struct statfs sf {};
  const long fs_type = ::statfs(path.c_str(), &sf) == 0 ? static_cast<long>(sf.f_type) : 0;
  const std::string why = not_regular(st, fs_type);
  if (!why.empty()) refuse(path, why, what);
}

int open_regular_file(const std::string& path, const char* what, uint64_t* size) {
  require_regular_file(path, what);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) refuse(path, "cannot open: " + errno_text(errno), what);
  struct stat st {};
  struct statfs sf {};
  std::string why;
  if (::fstat(fd, &st) != 0)
    why = "cannot read its status: " + errno_text(errno);
  else
    why = not_regular(st, ::fstatfs(fd, &sf) == 0 ? static_cast<long>(sf.f_type) : 0);
  if (why.empty()) {
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl < 0 || ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
      why = "cannot set blocking reads: " + errno_text(errno);
  }
  if (!why.empty()) {
    ::close(fd);
    refuse(path, why, what);
  }
  if (size) *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

size_t read_upto(int fd, char* dst, size_t n, const std::string& path) {
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, dst + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw Error(path + ": read error: " + errno_text(errno));
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

std::string read_small_file(const std::string& path, size_t max_bytes, const char* what) {
  uint64_t size = 0;
  const int fd = open_regular_file(path, what, &size);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  auto too_large = [&](uint64_t n) {
    throw Error(path + ": " + std::to_string(n) + " bytes or more, more than the " +
                std::to_string(max_bytes) + " bytes allowed" +
                (what && *what ? std::string(" for ") + what : std::string()));
  };
  if (size > max_bytes) too_large(size);
  // One byte more than the size, doubling while full: notices a file that grew, up to the
  // limit plus one.
  std::string out(static_cast<size_t>(size) + 1, '\0');
  size_t got = 0;
  while (true) {
    got += read_upto(fd, out.data() + got, out.size() - got, path);
    if (got < out.size()) break;  // the end of the file
    if (out.size() > max_bytes) too_large(out.size());
    out.resize(std::min(max_bytes + 1, out.size() * 2 + 4096));
  }
  out.resize(got);
  return out;
}

}  // namespace biodash
