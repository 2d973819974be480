// Fuzzes the two hand-editable text formats biodash reads: saved views (core/session) and
// kiosk tours (kiosk/kiosk_tour; base folder that does not exist, so a "view = FILE" line
// reads nothing). Every input must parse or throw biodash::Error; anything else (a crash, an
// uncaught std exception, undefined behaviour) is a finding. A view that parses must survive
// a write/read round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "core/session.hpp"
#include "kiosk/kiosk_tour.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const biodash::Session s = biodash::read_session(text, "fuzz.biodash");
    if (!(biodash::read_session(biodash::write_session(s), "again") == s)) std::abort();
  } catch (const biodash::Error&) {
  }
  try {
    biodash::kiosk::parse_tour(text, "fuzz.tour", "/nonexistent-biodash-fuzz");
  } catch (const biodash::Error&) {
  }
  return 0;
}
