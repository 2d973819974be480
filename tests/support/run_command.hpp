#pragma once
// Test helper: runs a shell command (popen) and collects what it writes, for the tests that run
// the biodash executable (BIODASH_EXE, where the test target defines it) or GDAL's tools.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace biodash::test {

// The biodash executable, or "" where the test target does not name it.
#ifdef BIODASH_EXE
constexpr const char* kExe = BIODASH_EXE;
#else
constexpr const char* kExe = "";
#endif

// Runs `cmd` through the shell; returns its exit status (-1 when it could not be started or
// did not exit) and what it wrote to stdout in `output` (append " 2>&1" to `cmd` for stderr
// too).
inline int run_command(const std::string& cmd, std::string& output) {
  output.clear();
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) output.append(buf.data(), n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A command's exit status and output, as run_command gives them.
struct CommandResult {
  int code;            // exit status
  std::string output;  // what it wrote
};

inline CommandResult run_command(const std::string& cmd) {
  CommandResult r{0, ""};
  r.code = run_command(cmd, r.output);
  return r;
}

}  // namespace biodash::test
