#include "core/spatial_sort.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace biodash {
namespace {

// Spreads the low 16 bits of v to the even bit positions.
uint32_t spread(uint32_t v) {
  v &= 0xFFFF;
  v = (v | (v << 8)) & 0x00FF00FF;
  v = (v | (v << 4)) & 0x0F0F0F0F;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

template <class T>
void permute(std::vector<T>& v, const std::vector<uint32_t>& order) {
  if (v.size() != order.size()) return;
  std::vector<T> out(v.size());
  for (size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
  v.swap(out);
}

}  // namespace

void sort_spatially(ObservationStore& s) {
  const size_t n = s.size();
  if (n < 2) return;
  Envelope b;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) b.expand(s.x[i], s.y[i]);
  if (b.empty()) return;
  const double sx = b.width() > 0 ? 65535.0 / b.width() : 0;
  const double sy = b.height() > 0 ? 65535.0 / b.height() : 0;
  // Morton codes of the finite points; non-finite points go last, in their original order.
  std::vector<uint32_t> key(n);
  std::vector<uint32_t> order, tmp, rest;
  order.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) {
      const uint32_t qx = static_cast<uint32_t>((s.x[i] - b.minx) * sx);
      const uint32_t qy = static_cast<uint32_t>((s.y[i] - b.miny) * sy);
      key[i] = spread(qx) | (spread(qy) << 1);
      order.push_back(static_cast<uint32_t>(i));
    } else {
      rest.push_back(static_cast<uint32_t>(i));
    }
  }
  // Stable LSD radix sort by the 32-bit code, 8 bits per pass (equal codes keep file order,
  // as the former std::stable_sort did, at a fraction of its time).
  tmp.resize(order.size());
  for (int shift = 0; shift < 32 && !order.empty(); shift += 8) {
    size_t count[257] = {};
    for (uint32_t i : order) ++count[((key[i] >> shift) & 0xFF) + 1];
    if (count[((key[order[0]] >> shift) & 0xFF) + 1] == order.size()) continue;  // one bucket
    for (int d = 0; d < 256; ++d) count[d + 1] += count[d];
    for (uint32_t i : order) tmp[count[(key[i] >> shift) & 0xFF]++] = i;
    order.swap(tmp);
  }
  order.insert(order.end(), rest.begin(), rest.end());
  // The gathers are memory bound and independent: half the columns on a second thread.
  std::thread other([&] {
    permute(s.x, order);
    permute(s.day, order);
    permute(s.taxon, order);
    permute(s.count, order);
    permute(s.uncertainty_m, order);
  });
  permute(s.y, order);
  permute(s.day_span, order);
  permute(s.observer, order);
  permute(s.quality, order);
  permute(s.source_row, order);
  other.join();
}

}  // namespace biodash
