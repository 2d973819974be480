// Google Benchmark: re-aggregation after a filter change (the time slider / taxon filter
// path). The assignment is fixed; each iteration moves the date window and recomputes every
// polygon's metrics (records, richness, observers, days, first/last, Shannon, Simpson, Chao1;
// no rarefaction). Synthetic store: 40 Gaussian hotspots + 15 % background over 10 x 8 km
// (like the peer benchmark's data), Zipf-distributed taxa, sorted spatially as the readers do,
// assigned to ~2000 equal-area hexagons.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <map>
#include <random>

#include "core/engine.hpp"
#include "core/hexgrid.hpp"
#include "core/spatial_sort.hpp"

using namespace biodash;

namespace {

struct Fixture {
  ObservationStore store;  // synthetic observations
  AreaIndex index;         // observations per polygon
};

const Fixture& fixture(size_t n, size_t polygons) {
  static std::map<std::pair<size_t, size_t>, Fixture> cache;
  auto it = cache.find({n, polygons});
  if (it != cache.end()) return it->second;
  Fixture& f = cache[{n, polygons}];
  ObservationStore& s = f.store;
  std::mt19937_64 rng(42);
  const size_t taxa = 400, observers = 3000;
  s.taxa.resize(taxa);
  s.observers.resize(observers);
  std::vector<double> zipf(taxa);
  for (size_t i = 0; i < taxa; ++i) zipf[i] = 1.0 / std::pow(i + 1.0, 1.1);
  std::discrete_distribution<uint32_t> taxon(zipf.begin(), zipf.end());
  std::uniform_int_distribution<int32_t> day(days_from_civil(2015, 1, 1),
                                             days_from_civil(2026, 12, 31));
  std::geometric_distribution<uint32_t> observer(0.01);
  std::uniform_real_distribution<double> ux(90000, 100000), uy(460000, 468000), u01(0, 1);
  std::normal_distribution<double> gauss(0, 1);
  std::vector<std::array<double, 3>> hot(40);
  for (auto& h : hot) h = {ux(rng), uy(rng), 80 + 800 * u01(rng)};
  for (size_t i = 0; i < n; ++i) {
    if (u01(rng) < 0.15) {
      s.x.push_back(ux(rng));
      s.y.push_back(uy(rng));
    } else {
      const auto& h = hot[rng() % hot.size()];
      s.x.push_back(h[0] + h[2] * gauss(rng));
      s.y.push_back(h[1] + h[2] * gauss(rng));
    }
    s.day.push_back(day(rng));
    s.day_span.push_back(0);
    s.taxon.push_back(taxon(rng));
    s.observer.push_back(std::min<uint32_t>(observer(rng), observers - 1));
    s.count.push_back(1);
    s.quality.push_back(Quality::Research);
    s.uncertainty_m.push_back(10);
    s.source_row.push_back(static_cast<uint32_t>(i + 1));
  }
  sort_spatially(s);
  // Edge for ~`polygons` cells over the 80 km² box: area = 80e6 / polygons = 2.598 e².
  HexGrid grid(std::sqrt(80e6 / static_cast<double>(polygons) / 2.598),
               {90000, 460000, 100000, 468000});
  Assignment a = assign_hex(grid, s.x.data(), s.y.data(), s.size());
  f.index = invert(a);
  return f;
}

void BM_ReaggregateAfterFilterChange(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)), 2000);
  MetricsOptions opts;
  opts.diversity = true;
  opts.rarefy_m = 0;
  opts.threads = 2;
  int32_t start = days_from_civil(2015, 1, 1);
  for (auto _ : state) {
    Filter filter;  // a one-year window moving by a month per frame
    filter.from_day = start;
    filter.to_day = start + 365;
    start = start + 30 > days_from_civil(2025, 12, 1) ? days_from_civil(2015, 1, 1) : start + 30;
    auto m = compute_metrics(f.store, f.index, filter, opts);
    benchmark::DoNotOptimize(m.data());
  }
  state.counters["obs"] = static_cast<double>(f.store.size());
  state.counters["index_bytes_per_obs"] =
      static_cast<double>(f.index.bytes()) / static_cast<double>(f.store.size());
}
BENCHMARK(BM_ReaggregateAfterFilterChange)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ReaggregateAllRecords(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)), 2000);
  MetricsOptions opts;
  opts.threads = 2;
  for (auto _ : state) {
    auto m = compute_metrics(f.store, f.index, Filter{}, opts);
    benchmark::DoNotOptimize(m.data());
  }
}
BENCHMARK(BM_ReaggregateAllRecords)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Issue 13's floor: the full estimator set with intervals (coverage, Chao1 with its interval,
// observed and asymptotic Hill numbers, q0/q1/q2 at coverage 0.9 with 200 bootstrap samples
// per area) for 1M records in ~2000 areas, under 2 s.
void BM_AllEstimatorsWithIntervals(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)), 2000);
  MetricsOptions opts;
  opts.threads = 2;
  opts.estimators = true;
  opts.coverage = kDefaultCoverage;
  opts.bootstrap = 200;
  opts.rarefy_m = 100;
  for (auto _ : state) {
    auto m = compute_metrics(f.store, f.index, Filter{}, opts);
    benchmark::DoNotOptimize(m.data());
  }
  state.counters["areas"] = static_cast<double>(f.index.n_polygons());
}
BENCHMARK(BM_AllEstimatorsWithIntervals)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// What the window computes on every filter change with all metrics on (core/thematic
// all_metrics): counts, diversity, coverage, Chao1 with its interval, Hill numbers and
// q0/q1/q2 at coverage 0.9 — no bootstrap (the selection panel computes its own intervals).
void BM_WindowAllMetrics(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)), 2000);
  MetricsOptions opts;
  opts.threads = 2;
  opts.estimators = true;
  opts.coverage = kDefaultCoverage;
  opts.bootstrap = 0;
  opts.rarefy_m = 50;
  for (auto _ : state) {
    auto m = compute_metrics(f.store, f.index, Filter{}, opts);
    benchmark::DoNotOptimize(m.data());
  }
}
BENCHMARK(BM_WindowAllMetrics)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
