#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace biodash {
namespace fs = std::filesystem;
namespace {

// ---- cleanup on signals: a fixed table the handler reads without locks or allocation ------

constexpr int kSlots = 64;           // unfinished writes tracked at once
constexpr size_t kPathBytes = 4096;  // longest path tracked
enum SlotState : int { kFree = 0, kFilling = 1, kFile = 2, kStagedFile = 3 };
struct Slot {
  std::atomic<int> state{kFree};  // SlotState
  char path[kPathBytes];          // the temporary file
};
Slot g_slots[kSlots];

int register_temp(const std::string& path, SlotState kind) {
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (g_slots[i].state.compare_exchange_strong(expected, kFilling)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      g_slots[i].state.store(kind, std::memory_order_release);
      return i;
    }
  }
  return -1;  // more than kSlots writes at once: still removed on errors, not on signals
}

void unregister_temp(int slot) {
  if (slot >= 0) g_slots[slot].state.store(kFree, std::memory_order_release);
}

// Async-signal-safe: unlink, rmdir and stack buffers only.
void remove_staged(const char* file) {
  ::unlink(file);
  char buf[kPathBytes + 16];
  const size_t n = std::strlen(file);
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    std::memcpy(buf, file, n);
    std::memcpy(buf + n, suffix, std::strlen(suffix) + 1);
    ::unlink(buf);
  }
  std::memcpy(buf, file, n + 1);
  char* slash = std::strrchr(buf, '/');
  if (slash) {
    *slash = '\0';
    ::rmdir(buf);
  }
}

void remove_registered() noexcept {
  for (Slot& s : g_slots) {
    const int st = s.state.load(std::memory_order_acquire);
    if (st == kFile) ::unlink(s.path);
    if (st == kStagedFile) remove_staged(s.path);
  }
}

extern "C" void cleanup_and_die(int sig) {
  remove_registered();
  ::raise(sig);  // SA_RESETHAND: the default action, once this handler returns
}

// ---- names, modes ---------------------------------------------------------------------------

std::string folder_of(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

// Eight random characters [a-z0-9] from the kernel's generator.
std::string random_tag() {
  unsigned char bytes[8] = {};
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy source: time and address still make a collision-checked (O_EXCL) name.
    const uint64_t t = static_cast<uint64_t>(::time(nullptr)) ^ reinterpret_cast<uintptr_t>(bytes);
    std::memcpy(bytes, &t, sizeof bytes);
  }
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (unsigned char b : bytes) s.push_back(kAlphabet[b % 36]);
  return s;
}

// The process's umask, read without changing it (umask() would race with other threads).
mode_t current_umask() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("Umask:", 0) == 0)
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  return 022;
}

// Mode for the new file: the replaced regular file's permission bits, else 0666 less umask.
mode_t mode_for(const std::string& target) {
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  return 0666 & ~current_umask();
}

std::string reason(int err) {
  if (err == ENOSPC) return "disk full (No space left on device)";
  if (err == EDQUOT) return "disk quota exceeded";
  if (err == EROFS) return "read-only file system";
  return std::strerror(err);
}

void fsync_folder(const std::string& dir) {
  // Best effort: some file systems refuse a directory fsync.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

// fsync, chmod, rename `tmp` over `target`, fsync the folder; throws Error naming the target.
void finish(int fd, const std::string& tmp, const std::string& target) {
  if (::fchmod(fd, mode_for(target)) != 0 || ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    throw Error(target + ": write failed (" + reason(err) + ")");
  }
  if (::close(fd) != 0) throw Error(target + ": write failed (" + reason(errno) + ")");
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    throw Error(target + ": cannot replace (" + reason(errno) + ")");
  fsync_folder(folder_of(target));
}

}  // namespace

// ---- AtomicWriter ---------------------------------------------------------------------------

AtomicWriter::AtomicWriter(std::string path) : path_(std::move(path)) {
  const fs::path p(path_);
  const std::string dir = folder_of(path_);
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    // The extension stays last: some readers and GDAL drivers go by it.
    tmp_ = (fs::path(dir) / ("." + p.stem().string() + "." + random_tag() + p.extension().string()))
               .string();
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0 && errno != EEXIST)
      throw Error(path_ + ": cannot write (" + reason(errno) +
                  "; folder missing or not writable?)");
  }
  if (fd_ < 0) throw Error(path_ + ": cannot create a temporary file beside it");
  slot_ = register_temp(tmp_, kFile);
}

AtomicWriter::~AtomicWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
  unregister_temp(slot_);
}

void AtomicWriter::write(std::string_view bytes) {
  if (fd_ < 0) throw Error(path_ + ": write after commit");
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(path_ + ": write failed (" + reason(n < 0 ? errno : ENOSPC) + ")");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void AtomicWriter::commit() {
  if (fd_ < 0) throw Error(path_ + ": committed twice");
  const int fd = fd_;
  fd_ = -1;
  try {
    finish(fd, tmp_, path_);
  } catch (...) {
    ::unlink(tmp_.c_str());
    unregister_temp(slot_);
    slot_ = -1;
    throw;
  }
  unregister_temp(slot_);
  slot_ = -1;
}

// ---- StagedFile -----------------------------------------------------------------------------

StagedFile::StagedFile(std::string path, const std::string& suffix) : path_(std::move(path)) {
  const fs::path p(path_);
  const std::string parent = folder_of(path_);
  for (int attempt = 0; attempt < 100 && dir_.empty(); ++attempt) {
    const std::string d =
        (fs::path(parent) / ("." + p.filename().string() + "." + random_tag() + ".tmp")).string();
    if (::mkdir(d.c_str(), 0700) == 0) {
      dir_ = d;
    } else if (errno != EEXIST) {
      throw Error(path_ + ": cannot write (" + reason(errno) +
                  "; folder missing or not writable?)");
    }
  }
  if (dir_.empty()) throw Error(path_ + ": cannot create a temporary folder beside it");
  file_ = (fs::path(dir_) / p.filename()).string() + suffix;
  slot_ = register_temp(file_, kStagedFile);
}

StagedFile::~StagedFile() {
  // After a commit only the journals the library left behind remain; otherwise everything.
  std::error_code ec;
  fs::remove_all(dir_, ec);
  unregister_temp(slot_);
}

void StagedFile::commit() {
  const int fd = ::open(file_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw Error(path_ + ": the written file is missing (" + reason(errno) + ")");
  finish(fd, file_, path_);  // on failure the destructor removes the folder
}

// ---- functions ------------------------------------------------------------------------------

void write_file_atomically(const std::string& path, std::string_view content) {
  AtomicWriter w(path);
  w.write(content);
  w.commit();
}

void remove_unfinished_temp_files() noexcept {
  remove_registered();
}

void install_temp_cleanup_on_signals() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = cleanup_and_die;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

}  // namespace biodash
