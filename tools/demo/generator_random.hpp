#pragma once
// Randomness of the demo generator (internal to it): xoshiro256** seeded by splitmix64, and
// discrete distributions as cumulative weights. Only exact arithmetic on top of the 64-bit
// stream and no library distributions, so the same seed gives the same draws everywhere.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace biodash::demo {

// One step of splitmix64 on state `s` (used to seed Rng).
inline uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256**: the generator's only source of randomness.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  // Approximately standard normal: Irwin-Hall sum of 4 uniforms, scaled (no libm calls).
  double normal() {
    double s = uniform() + uniform() + uniform() + uniform();
    return (s - 2.0) * 1.7320508075688772;
  }
  bool chance(double p) { return uniform() < p; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];  // generator state
};

// A discrete distribution as cumulative weights; pick() by binary search.
struct Cdf {
  std::vector<double> cum;  // running sums of the weights
  void add(double w) { cum.push_back((cum.empty() ? 0.0 : cum.back()) + w); }
  double total() const { return cum.empty() ? 0.0 : cum.back(); }
  size_t pick(Rng& rng) const {
    const double target = rng.uniform() * total();
    size_t i = std::upper_bound(cum.begin(), cum.end(), target) - cum.begin();
    return std::min(i, cum.size() - 1);
  }
};

}  // namespace biodash::demo
