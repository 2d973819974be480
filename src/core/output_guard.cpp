#include "core/output_guard.hpp"

#include <sys/stat.h>

#include "core/error.hpp"

namespace biodash {
namespace {

bool exists(const std::string& p) {
  struct stat st {};
  return !p.empty() && ::stat(p.c_str(), &st) == 0;
}

bool is_file(const std::string& p) {
  struct stat st {};
  return !p.empty() && ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

std::string file_of_input(const std::string& spec) {
  std::string s = spec;
  // GDAL's virtual file systems over a local file: drop the prefixes.
  for (bool again = true; again;) {
    again = false;
    for (const char* prefix : {"/vsizip/", "/vsigzip/", "/vsitar/", "/vsisubfile/"}) {
      const std::string p = prefix;
      if (s.rfind(p, 0) == 0) {
        s = s.substr(p.size() - 1);  // keep the leading '/'
        if (s.rfind("//", 0) == 0) s.erase(0, 1);
        again = true;
      }
    }
  }
  if (exists(s)) return s;
  // FILE:LAYER (the layer name may hold ':' too: try each cut from the right).
  for (size_t c = s.rfind(':'); c != std::string::npos && c > 0; c = s.rfind(':', c - 1)) {
    if (exists(s.substr(0, c))) return s.substr(0, c);
  }
  // A member inside an archive: the longest leading path that is a file.
  for (size_t c = s.rfind('/'); c != std::string::npos && c > 0; c = s.rfind('/', c - 1)) {
    if (is_file(s.substr(0, c))) return s.substr(0, c);
  }
  return "";
}

std::string input_replaced_by(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (output.empty() || ::stat(output.c_str(), &out) != 0) return "";  // new file: no input
  for (const std::string& in : inputs) {
    const std::string f = file_of_input(in);
    struct stat st {};
    if (!f.empty() && ::stat(f.c_str(), &st) == 0 && st.st_dev == out.st_dev &&
        st.st_ino == out.st_ino)
      return in;
  }
  return "";
}

void refuse_output_onto_input(const std::string& output, const std::vector<std::string>& inputs) {
  const std::string in = input_replaced_by(output, inputs);
  if (!in.empty())
    throw Error(output + " is an input of this run (" + in + "); choose another output file");
}

}  // namespace biodash
