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

// Thrown by long reads and computations whose caller asked them to stop (a progress callback
// returned false, or a stop flag was raised).
class Cancelled : public Error {
 public:
  Cancelled() : Error("loading cancelled") {}
  explicit Cancelled(const std::string& what) : Error(what) {}
};

}  // namespace biodash
