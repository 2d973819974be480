#include "core/format.hpp"

#include <cmath>
#include <cstdio>

namespace biodash {

std::string table_number(double v) {
  if (!std::isfinite(v)) return "";
  char b[32];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

std::string with_separators(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_number(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  const bool negative = v < 0;
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(std::fabs(v) * scale) / scale;
  const double whole = std::floor(rounded);
  std::string out = (negative && rounded > 0 ? "-" : "") + with_separators(uint64_t(whole));
  if (decimals > 0) {
    char frac[32];
    std::snprintf(frac, sizeof frac, "%.*f", decimals, rounded - whole);
    out += (frac[0] == '1') ? std::string(".") + std::string(decimals, '0') : frac + 1;
  }
  return out;
}

std::string format_measure(double value, bool is_area, bool metres) {
  char buf[64];
  if (!metres) {
    std::snprintf(buf, sizeof buf, "%.6g %s", value, is_area ? "deg²" : "deg");
    return buf;
  }
  if (is_area) {
    if (value >= 1e6) return format_number(value / 1e6, 2) + " km²";
    if (value >= 1e4) return format_number(value / 1e4, 1) + " ha";
    return format_number(value, 0) + " m²";
  }
  if (value >= 1000) return format_number(value / 1000, 2) + " km";
  return format_number(value, 1) + " m";
}

std::string format_seconds(double s) {
  char buf[32];
  if (s < 0.001) return "<1 ms";
  if (s < 1) {
    std::snprintf(buf, sizeof buf, "%.0f ms", s * 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  }
  return buf;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string fill(const char* fmt, std::initializer_list<std::string_view> args) {
  std::string out;
  auto next = args.begin();
  for (const char* c = fmt; *c; ++c) {
    if (c[0] == '%' && c[1] == 's') {
      if (next != args.end()) out += *next++;
      ++c;
    } else if (c[0] == '%' && c[1] == '%') {
      out += '%';
      ++c;
    } else {
      out += *c;
    }
  }
  return out;
}

}  // namespace biodash
