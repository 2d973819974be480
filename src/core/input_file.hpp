#pragma once
// Opening input files without surprises: only regular files are read as data. A FIFO, a
// device (/dev/zero, a tty), a socket, a directory or a file under /proc or /sys is refused by
// name before it is read, and nothing here can block in open(): the path is checked with
// stat() first, then opened with O_NONBLOCK and checked again with fstat() on the descriptor
// (a path swapped between the two checks is still caught). Used by every reader of data,
// sessions, tours and lists.
#include <cstddef>
#include <cstdint>
#include <string>

namespace biodash {

// Throws Error "PATH: is a FIFO (named pipe), not a regular file (WHAT must be a regular
// file)" — likewise "is a device", "is a directory", "is a socket", "is under /proc", or
// "cannot open: <strerror>" — unless `path` is (a link to) a regular file. `what` names the
// role ("observations", "polygons", "session"; nullptr or "" = none).
void require_regular_file(const std::string& path, const char* what);

// Opens `path` read-only without blocking (O_RDONLY | O_NONBLOCK | O_CLOEXEC, after the check
// above), checks the descriptor is a regular file, restores blocking reads and returns it
// (the caller closes it); `size` receives the file's size when not null. Throws Error as
// require_regular_file does.
int open_regular_file(const std::string& path, const char* what, uint64_t* size = nullptr);

// Reads from `fd` until `n` bytes are in `dst` or the file ends; returns the bytes read.
// Retries interrupted reads; throws Error "PATH: read error: REASON" (the caller closes fd).
size_t read_upto(int fd, char* dst, size_t n, const std::string& path);

// The whole of a small regular file: refuses (Error naming the path, its size and the limit)
// a file larger than `max_bytes`, and reports read errors with their reason.
std::string read_small_file(const std::string& path, size_t max_bytes, const char* what);

}  // namespace biodash
