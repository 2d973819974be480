#pragma once
// The one way biodash writes a file (aggregation results, PNG/PDF exports, sessions, the demo
// generator): the bytes go to a new temporary file beside the target, which replaces the
// target only once every write, the fsync and the close succeeded. A reader sees the old file
// or the new one, never half of one; a failed write (disk full, read-only, file too large)
// leaves the old file as it was, removes the temporary file and says why.
//
// - The temporary file is created with O_CREAT|O_EXCL|O_NOFOLLOW under a random hidden name
//   (".<stem>.<random><.ext>", mode 0600) in the target's folder: a link or file planted at a
//   predictable name is never followed or reused.
// - commit(): fsync, the replaced file's permissions (a new file: 0666 less the umask),
//   rename over the target, fsync of the folder.
// - Removed when the writer is destroyed uncommitted (an error, a Cancel) and, once
//   install_temp_cleanup_on_signals() ran, on SIGINT, SIGTERM and SIGHUP.
#include <string>
#include <string_view>

namespace biodash {

// Bytes written by biodash itself (CSV, PNG, sessions, the demo's observations).
class AtomicWriter {
 public:
  // Creates the temporary file; throws Error naming `path` (folder missing, not writable).
  explicit AtomicWriter(std::string path);
  ~AtomicWriter();  // removes the temporary file unless committed
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;

  // Appends bytes; throws Error naming the target and the reason (e.g. "No space left on
  // device"); the old file is untouched.
  void write(std::string_view bytes);
  // Makes the written bytes the target (see above); throws Error and keeps the old file when
  // a step fails.
  void commit();
  const std::string& temp_path() const { return tmp_; }

 private:
  std::string path_;  // target
  std::string tmp_;   // temporary file beside it
  int fd_ = -1;       // open temporary file (-1 after commit)
  int slot_ = -1;     // signal-cleanup registration
};

// A file a library creates by name (GDAL's GeoPackage and PDF drivers, which also write
// -journal/-wal files beside it): a private folder (random hidden name, mode 0700) beside the
// target holds temp_path(), a file with the target's name; commit() moves it over the
// target as AtomicWriter does and removes the folder. Destroyed uncommitted, or on a signal,
// the folder and everything in it are removed.
class StagedFile {
 public:
  // Throws Error naming `path`. `suffix` is appended to the staged file's name (a driver that
  // insists on an extension: "map.png" staged as "map.png.pdf").
  explicit StagedFile(std::string path, const std::string& suffix = {});
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  const std::string& temp_path() const { return file_; }
  // The library has closed temp_path() (and reported success): fsync, permissions, rename,
  // folder fsync. Throws Error naming the target on failure; the old file stays.
  void commit();

 private:
  std::string path_;  // target
  std::string dir_;   // private folder beside the target
  std::string file_;  // dir_/<target's file name>
  int slot_ = -1;     // signal-cleanup registration
};

// Writes `content` to `path` through an AtomicWriter.
void write_file_atomically(const std::string& path, std::string_view content);

// On SIGINT, SIGTERM and SIGHUP: removes the temporary files and folders of unfinished
// writers, then dies of the signal as without the handler. Idempotent; call early in main().
void install_temp_cleanup_on_signals();
// Removes the temporary files and folders of unfinished writers now (before ending the
// process without unwinding, e.g. when a worker is stuck at quit).
void remove_unfinished_temp_files() noexcept;

}  // namespace biodash
