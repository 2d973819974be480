#include "core/engine.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <thread>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/metrics.hpp"

namespace biodash {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Per-thread scratch for distinct counting: a dense counter per taxon / observer with a list
// of touched entries, so each area costs O(its records), not O(dictionary size).
struct Scratch {
  std::vector<uint64_t> taxon_count;   // records per taxon in the current area
  std::vector<uint32_t> touched_taxa;  // taxa with a non-zero count
  std::vector<uint8_t> observer_seen;  // per observer
  std::vector<uint32_t> touched_obs;   // observers seen
  int32_t day0 = 0;                    // first day of the store's date range
  std::vector<uint8_t> day_seen;       // per day of the range
  std::vector<int32_t> days;           // distinct days seen in the current area
  std::vector<uint64_t> abundances;    // n_i of the current area

  Scratch(const ObservationStore& s, std::pair<int32_t, int32_t> range)
      : taxon_count(s.species_capacity() + 1, 0), observer_seen(s.observers.size() + 1, 0) {
    const auto [lo, hi] = range;  // kUnknownDay, or lo > hi: no dated record
    if (lo != kUnknownDay && lo <= hi) {
      day0 = lo;
      day_seen.assign(static_cast<size_t>(hi - lo) + 1, 0);
    }
  }

  template <class Obs>
  AreaMetrics area(const ObservationStore& s, const Obs& obs, const Filter& f,
                   const MetricsOptions& o, uint64_t area_key) {
    const bool diversity = o.diversity, effort = o.effort;
    const uint64_t rarefy_m = o.rarefy_m;
    AreaMetrics m;
    days.clear();
    for (uint32_t i : obs) {
      if (!f.pass(s, i)) continue;
      ++m.n_obs;
      const uint32_t t = s.species_of(s.taxon[i]);  // kNoSpecies: a record, not a species
      if (t != kNoSpecies && taxon_count[t]++ == 0) touched_taxa.push_back(t);
      if (!effort) continue;
      const uint32_t o = s.observer[i];
      if (o != 0 && !observer_seen[o]) {
        observer_seen[o] = 1;
        touched_obs.push_back(o);
      }
      const int32_t d = s.day[i];
      if (d != kUnknownDay) {
        uint8_t& seen = day_seen[static_cast<size_t>(d - day0)];
        if (!seen) {
          seen = 1;
          days.push_back(d);
        }
        if (m.first_day == kUnknownDay || d < m.first_day) m.first_day = d;
        if (m.last_day == kUnknownDay || d > m.last_day) m.last_day = d;
      }
    }
    m.n_species = static_cast<uint32_t>(touched_taxa.size());
    m.n_observers = static_cast<uint32_t>(touched_obs.size());
    m.n_days = static_cast<uint32_t>(days.size());
    for (int32_t d : days) day_seen[static_cast<size_t>(d - day0)] = 0;
    if (diversity || rarefy_m || o.estimators || o.coverage > 0) {
      abundances.clear();
      for (uint32_t t : touched_taxa) abundances.push_back(taxon_count[t]);
      const Abundances ab = Abundances::of(abundances);
      // Chao1 with its interval, once (0 without species-rank records, as chao1() gives).
      const Estimate c = diversity || o.estimators ? chao1_estimate(ab) : Estimate{};
      if (diversity) {
        m.shannon = shannon(abundances);
        m.simpson = simpson(abundances);
        m.chao1 = ab.n ? c.value : 0.0;
      }
      if (rarefy_m) m.rarefied = hill_at(ab, 0, static_cast<double>(rarefy_m));
      if (o.estimators) {
        m.coverage = sample_coverage(ab);
        m.chao1_se = c.se;
        m.chao1_lcl = c.lcl;
        m.chao1_ucl = c.ucl;
        m.hill1 = hill_observed(ab, 1);
        m.hill2 = hill_observed(ab, 2);
        m.hill1_asy = hill_asymptotic(ab, 1);
        m.hill2_asy = hill_asymptotic(ab, 2);
      }
      if (o.coverage > 0)
        m.cov = coverage_standardised(ab, o.coverage, o.bootstrap, area_seed(o.seed, area_key));
    }
    for (uint32_t t : touched_taxa) taxon_count[t] = 0;
    for (uint32_t o : touched_obs) observer_seen[o] = 0;
    touched_taxa.clear();
    touched_obs.clear();
    return m;
  }
};

}  // namespace

uint64_t area_seed(uint64_t seed, uint64_t area) {
  // splitmix64 of the pair: independent, reproducible streams per area whatever the threads.
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + area + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::pair<int32_t, int32_t> day_range(const ObservationStore& s) {
  int32_t lo = kUnknownDay, hi = kUnknownDay;
  for (int32_t d : s.day) {
    if (d == kUnknownDay) continue;
    if (lo == kUnknownDay || d < lo) lo = d;
    if (hi == kUnknownDay || d > hi) hi = d;
  }
  return {lo, hi};
}

bool Filter::pass(const ObservationStore& s, size_t i) const {
  if (s.is_absence(i)) return false;  // absences are in no presence metric
  if (has_time()) {
    const int32_t d = s.day[i];
    if (d == kUnknownDay || d < from_day || d > to_day) return false;
    if (months != 0xFFF) {
      int y;
      unsigned m, dd;
      civil_from_days(d, y, m, dd);
      if (!(months & (1u << (m - 1)))) return false;
    }
  }
  if (!taxon_allowed.empty() && !taxon_allowed[s.taxon[i]]) return false;
  if (min_quality != Quality::Unknown && s.quality[i] < min_quality) return false;
  if (max_uncertainty_m < std::numeric_limits<float>::infinity() &&
      s.uncertainty_m[i] > max_uncertainty_m)  // NaN (unknown) compares false: passes
    return false;
  if (!observer_allowed.empty() && !observer_allowed[s.observer[i]]) return false;
  return true;
}

std::vector<uint8_t> taxon_mask(const ObservationStore& s, const std::string& name) {
  const std::string q = lower(name);
  std::vector<uint8_t> mask(s.taxa.size(), 0);
  for (size_t t = 0; t < s.taxa.size(); ++t) {
    const Taxon& x = s.taxa[t];
    const std::string sci = lower(x.scientific_name);
    bool hit = sci == q ||
               (sci.size() > q.size() && sci.compare(0, q.size(), q) == 0 && sci[q.size()] == ' ');
    for (const std::string* f : {&x.species, &x.genus, &x.family, &x.order, &x.class_name, &x.group,
                                 &x.vernacular_nl, &x.vernacular_en})
      hit = hit || (!f->empty() && lower(*f) == q);
    mask[t] = hit;
  }
  return mask;
}

AreaIndex invert(const Assignment& a) {
  AreaIndex idx;
  idx.offset.assign(a.n_polygons + 1, 0);
  for (uint32_t p : a.polygon) ++idx.offset[p + 1];
  for (size_t i = 0; i < a.n_polygons; ++i) idx.offset[i + 1] += idx.offset[i];
  idx.obs.resize(a.polygon.size());
  std::vector<uint32_t> pos(idx.offset.begin(), idx.offset.end() - 1);
  for (size_t i = 0; i + 1 < a.offset.size(); ++i)
    for (uint32_t k = a.offset[i]; k < a.offset[i + 1]; ++k)
      idx.obs[pos[a.polygon[k]]++] = static_cast<uint32_t>(i);  // ascending: i increases
  return idx;
}

std::vector<uint32_t> union_observations(const AreaIndex& idx,
                                         const std::vector<uint32_t>& polygons) {
  std::vector<uint32_t> obs;
  for (uint32_t p : polygons) {
    if (p >= idx.n_polygons()) continue;
    obs.insert(obs.end(), idx.obs.begin() + idx.offset[p], idx.obs.begin() + idx.offset[p + 1]);
  }
  std::sort(obs.begin(), obs.end());
  obs.erase(std::unique(obs.begin(), obs.end()), obs.end());
  return obs;
}

std::vector<AreaMetrics> compute_metrics(const ObservationStore& s, const AreaIndex& idx,
                                         const Filter& f, const MetricsOptions& opts) {
  const size_t n = idx.n_polygons();
  std::vector<AreaMetrics> out(n);
  unsigned threads =
      opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, idx.obs.size() / 50000)));
  const auto range = day_range(s);
  auto work = [&](unsigned t) {
    Scratch sc(s, range);
    // Interleaved polygons balance the load when big areas cluster in the index.
    for (size_t p = t; p < n; p += threads) {
      struct Span {
        const uint32_t* b;  // first observation index
        const uint32_t* e;  // one past the last
        const uint32_t* begin() const { return b; }
        const uint32_t* end() const { return e; }
      } span{idx.obs.data() + idx.offset[p], idx.obs.data() + idx.offset[p + 1]};
      out[p] = sc.area(s, span, f, opts, p);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  return out;
}

AreaMetrics metrics_of_union(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             uint64_t rarefy_m) {
  MetricsOptions o;
  o.rarefy_m = rarefy_m;
  return metrics_of_union(s, idx, polygons, f, o);
}

AreaMetrics metrics_of_union(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             const MetricsOptions& o) {
  const std::vector<uint32_t> obs = union_observations(idx, polygons);
  // The day range of these records only: callers ask per year and per area (Before/after), and
  // a scan of the whole day column each time cost more than the area itself.
  int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
  for (uint32_t i : obs)
    if (s.day[i] != kUnknownDay) {
      lo = std::min(lo, s.day[i]);
      hi = std::max(hi, s.day[i]);
    }
  Scratch sc(s, {lo, hi});
  MetricsOptions all = o;
  all.diversity = all.effort = true;
  return sc.area(s, obs, f, all, polygons.empty() ? 0 : polygons.front());
}

std::vector<std::pair<uint32_t, uint64_t>> species_counts(const ObservationStore& s,
                                                          const AreaIndex& idx, uint32_t polygon,
                                                          const Filter& f) {
  std::vector<uint64_t> c(s.species_capacity() + 1, 0);
  for (uint32_t k = idx.offset[polygon]; k < idx.offset[polygon + 1]; ++k) {
    const uint32_t i = idx.obs[k];
    if (!f.pass(s, i)) continue;
    const uint32_t sp = s.species_of(s.taxon[i]);
    if (sp != kNoSpecies) ++c[sp];
  }
  std::vector<std::pair<uint32_t, uint64_t>> out;
  for (uint32_t t = 0; t < c.size(); ++t)
    if (c[t]) out.emplace_back(t, c[t]);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::vector<YearCount> records_per_year(const ObservationStore& s, const AreaIndex& idx,
                                        uint32_t polygon, const Filter& f) {
  std::vector<std::pair<int, uint32_t>> yt;  // (year, taxon) of passing, dated records
  for (uint32_t k = idx.offset[polygon]; k < idx.offset[polygon + 1]; ++k) {
    const uint32_t i = idx.obs[k];
    if (s.day[i] == kUnknownDay || !f.pass(s, i)) continue;
    int y;
    unsigned m, d;
    civil_from_days(s.day[i], y, m, d);
    yt.emplace_back(y, s.species_of(s.taxon[i]));
  }
  std::sort(yt.begin(), yt.end());
  std::vector<YearCount> out;
  for (size_t i = 0; i < yt.size(); ++i) {
    if (out.empty() || out.back().year != yt[i].first) out.push_back({yt[i].first, 0, 0});
    ++out.back().records;
    if (yt[i].second != kNoSpecies && (i == 0 || yt[i] != yt[i - 1])) ++out.back().species;
  }
  return out;
}

bool is_coverage_metric(std::string_view name) {
  return name.find("_cov") != std::string_view::npos && is_estimator_metric(name);
}

bool is_estimator_metric(std::string_view name) {
  for (const char* k : kEstimatorMetrics)
    if (name == k) return true;
  return false;
}

std::string metric_cell(const AreaMetrics& a, std::string_view name, uint64_t rarefy_m) {
  const auto num = table_number;  // "" (NA) when not finite
  if (name == "n_obs") return std::to_string(a.n_obs);
  if (name == "n_species") return std::to_string(a.n_species);
  if (name == "n_observers") return std::to_string(a.n_observers);
  if (name == "n_days") return std::to_string(a.n_days);
  if (name == "first_date") return iso_date(a.first_day);  // "" when unknown
  if (name == "last_date") return iso_date(a.last_day);
  if (a.n_obs == 0) return "";  // no records: diversity is undefined
  if (name == "shannon") return num(a.shannon);
  if (name == "simpson") return num(a.simpson);
  if (name == "chao1") return num(a.chao1);
  if (name.rfind("rarefied", 0) == 0) return rarefy_m > 2 * a.n_obs ? "" : num(a.rarefied);
  if (name == "coverage") return num(a.coverage);
  if (name == "chao1_se") return num(a.chao1_se);
  if (name == "chao1_lcl") return num(a.chao1_lcl);
  if (name == "chao1_ucl") return num(a.chao1_ucl);
  if (name == "hill1") return num(a.hill1);
  if (name == "hill2") return num(a.hill2);
  if (name == "hill1_asy") return num(a.hill1_asy);
  if (name == "hill2_asy") return num(a.hill2_asy);
  if (name == "m_cov") return num(a.cov.m);
  if (name == "m_cov_lcl") return num(a.cov.m_lcl);
  if (name == "m_cov_ucl") return num(a.cov.m_ucl);
  if (name.size() >= 6 && name[0] == 'q' && name.substr(2, 4) == "_cov") {
    const int q = name[1] - '0';
    if (q >= 0 && q <= 2) {
      if (name.size() == 6) return num(a.cov.q[q]);
      if (name.substr(6) == "_lcl") return num(a.cov.q_lcl[q]);
      if (name.substr(6) == "_ucl") return num(a.cov.q_ucl[q]);
    }
  }
  throw Error("unknown metric '" + std::string(name) + "'");
}

}  // namespace biodash
