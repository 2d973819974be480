#include "core/observations.hpp"

#include <cstdio>

namespace biodash {

const char* to_string(Quality q) {
  switch (q) {
    case Quality::Casual:
      return "casual";
    case Quality::NeedsId:
      return "needs_id";
    case Quality::Research:
      return "research";
    default:
      return "unknown";
  }
}

// Howard Hinnant's civil-calendar algorithms (public-domain description of the arithmetic).
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

void civil_from_days(int32_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::string iso_date(int32_t day) {
  if (day == kUnknownDay) return "";
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02u-%02u", y, m, d);
  return b;
}

double ObservationStore::bytes_per_observation() const {
  return sizeof(double) * 2 + sizeof(int32_t) + sizeof(uint16_t) + sizeof(uint32_t) * 3 +
         sizeof(Quality) + sizeof(float) + sizeof(uint32_t);
}

}  // namespace biodash
