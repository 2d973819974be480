#pragma once
// Typed errors of the core. Every error names where it happened (file, row or feature) and
// carries the underlying library's own message (GDAL, PROJ, GEOS) when there is one.
#include <stdexcept>
#include <string>

namespace biodash {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace biodash
