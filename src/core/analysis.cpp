#include "core/analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/parse.hpp"

namespace biodash {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* const kMonthAbbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "Apr–Jun" for one contiguous (possibly wrapping) run of months, else "Jan, Mar, May".
std::string describe_months(uint16_t months, const char* (*T)(const char*)) {
  months &= 0xFFF;
  if (months == 0) return T("no months");
  // A run starts at a month whose predecessor (cyclically) is off.
  int starts = 0, start = -1;
  for (int m = 0; m < 12; ++m) {
    const bool on = months & (1u << m), prev = months & (1u << ((m + 11) % 12));
    if (on && !prev) {
      ++starts;
      start = m;
    }
  }
  if (starts == 1) {
    int end = start;
    while (months & (1u << ((end + 1) % 12))) end = (end + 1) % 12;
    if (end == start) return T(kMonthAbbr[start]);
    return std::string(T(kMonthAbbr[start])) + "\u2013" + T(kMonthAbbr[end]);
  }
  std::string s;
  for (int m = 0; m < 12; ++m)
    if (months & (1u << m)) s += (s.empty() ? "" : ", ") + std::string(T(kMonthAbbr[m]));
  return s;
}

// A date as typed ("2019", "2019-06", "2019-06-30") to its first or last day; false when it
// does not parse. Partial dates cover their period (as `biodash aggregate --from/--to`).
bool date_bound(const std::string& s, bool last, int32_t& day) {
  uint16_t span = 0;
  if (parse_event_date(s, day, span) != DateParse::Ok) return false;
  if (last) day += span;
  return true;
}

std::string thousands(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

}  // namespace

// ---- metrics ---------------------------------------------------------------------------------

const char* metric_key(Metric m) {
  switch (m) {
    case Metric::Records:
      return "n_obs";
    case Metric::Species:
      return "n_species";
    case Metric::Shannon:
      return "shannon";
    case Metric::Simpson:
      return "simpson";
    case Metric::Chao1:
      return "chao1";
    case Metric::Rarefied:
      return "rarefied";
    case Metric::Observers:
      return "n_observers";
    case Metric::Days:
      return "n_days";
    case Metric::BaciContrast:
      return "baci";
    case Metric::Coverage:
      return "coverage";
    case Metric::Q0Cov:
      return "q0_cov";
    case Metric::Q1Cov:
      return "q1_cov";
    case Metric::Q2Cov:
      return "q2_cov";
  }
  return "n_obs";
}

std::optional<Metric> parse_metric(std::string_view s) {
  for (int i = 0; i < kMetricCount; ++i) {
    const Metric m = static_cast<Metric>(i);
    if (s == metric_key(m)) return m;
  }
  return std::nullopt;
}

const char* metric_title_en(Metric m) {
  switch (m) {
    case Metric::Records:
      return "Records";
    case Metric::Species:
      return "Species richness";
    case Metric::Shannon:
      return "Shannon diversity";
    case Metric::Simpson:
      return "Simpson diversity";
    case Metric::Chao1:
      return "Chao1 richness estimate";
    case Metric::Rarefied:
      return "Rarefied richness";
    case Metric::Observers:
      return "Observers";
    case Metric::Days:
      return "Observation days";
    case Metric::BaciContrast:
      return "BACI effect";
    case Metric::Coverage:
      return "Sample coverage";
    case Metric::Q0Cov:
      return "Richness at equal coverage";
    case Metric::Q1Cov:
      return "Shannon diversity at equal coverage";
    case Metric::Q2Cov:
      return "Simpson diversity at equal coverage";
  }
  return "";
}

bool is_diversity_metric(Metric m) {
  return m != Metric::Records && m != Metric::Observers && m != Metric::Days &&
         m != Metric::Coverage;
}

const char* metric_unit_en(Metric m) {
  switch (m) {
    case Metric::Records:
      return "records";
    case Metric::Species:
      return "species";
    case Metric::Shannon:
      return "H'";
    case Metric::Simpson:
      return "1 \u2212 \u03a3p\u00b2";
    case Metric::Chao1:
      return "species (estimated)";
    case Metric::Rarefied:
      return "expected species";
    case Metric::Observers:
      return "observers";
    case Metric::Days:
      return "days";
    case Metric::BaciContrast:
      return "\u0394 species";
    case Metric::Coverage:
      return "share of individuals";
    case Metric::Q0Cov:
      return "species";
    case Metric::Q1Cov:
    case Metric::Q2Cov:
      return "effective species";
  }
  return "";
}

double metric_value(const AreaMetrics& a, Metric m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (m) {
    case Metric::Records:
      return static_cast<double>(a.n_obs);
    case Metric::Species:
      return a.n_species;
    case Metric::Observers:
      return a.n_observers;
    case Metric::Days:
      return a.n_days;
    // Diversity of an area without records is undefined, not 0.
    case Metric::Shannon:
      return a.n_obs ? a.shannon : nan;
    case Metric::Simpson:
      return a.n_obs ? a.simpson : nan;
    case Metric::Chao1:
      return a.n_obs ? a.chao1 : nan;
    case Metric::Rarefied:
      return a.n_obs ? a.rarefied : nan;  // NaN beyond twice the records
    case Metric::BaciContrast:
      return nan;  // needs impact/control areas: core/baci_replicated.hpp
    case Metric::Coverage:
      return a.n_obs ? a.coverage : nan;
    case Metric::Q0Cov:
      return a.n_obs ? a.cov.q[0] : nan;  // NaN also where C needs more than 2n records
    case Metric::Q1Cov:
      return a.n_obs ? a.cov.q[1] : nan;
    case Metric::Q2Cov:
      return a.n_obs ? a.cov.q[2] : nan;
  }
  return nan;
}

// ---- filter ----------------------------------------------------------------------------------

std::string ViewFilter::describe(const char* (*translate)(const char*)) const {
  const auto T = translate ? translate : +[](const char* x) { return x; };
  std::vector<std::string> parts;
  std::string t;
  for (const auto& x : taxa) t += (t.empty() ? "" : ", ") + x;
  if (!t.empty()) parts.push_back(t);
  std::string g;
  for (const auto& x : groups) g += (g.empty() ? "" : ", ") + x;
  if (!g.empty()) parts.push_back(g);
  // Dates as the days they stand for ("2019" -> 2019-01-01 – 2019-12-31); as typed otherwise.
  auto day_text = [](const std::string& s, bool last) {
    int32_t d = 0;
    return date_bound(s, last, d) ? iso_date(d) : s;
  };
  if (!from.empty() && !to.empty())
    parts.push_back(day_text(from, false) + " \u2013 " + day_text(to, true));
  else if (!from.empty())
    parts.push_back(std::string(T("from")) + " " + day_text(from, false));
  else if (!to.empty())
    parts.push_back(std::string(T("until")) + " " + day_text(to, true));
  if ((months & 0xFFF) != 0xFFF) parts.push_back(describe_months(months, T));
  switch (min_quality) {
    case Quality::Research:
      parts.push_back(T("research grade"));
      break;
    case Quality::NeedsId:
      parts.push_back(T("needs ID or research grade"));
      break;
    case Quality::Casual:
      parts.push_back(T("casual or better"));
      break;
    case Quality::Unknown:
      break;
  }
  if (max_uncertainty_m > 0) {
    char b[48];
    std::snprintf(b, sizeof b, " \u2264 %g m", static_cast<double>(max_uncertainty_m));
    parts.push_back(T("uncertainty") + std::string(b));
  }
  std::string o;
  for (const auto& x : observers) o += (o.empty() ? "" : ", ") + x;
  if (!o.empty()) parts.push_back(std::string(T("observers:")) + " " + o);
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : " \u00b7 ") + p;
  return s;
}

Filter resolve(const ViewFilter& v, const ObservationStore& s) {
  Filter f;
  if (!v.from.empty() && !date_bound(v.from, false, f.from_day))
    throw Error("filter from: not a date: '" + v.from + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
  if (!v.to.empty() && !date_bound(v.to, true, f.to_day))
    throw Error("filter to: not a date: '" + v.to + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
  f.months = v.months & 0xFFF;
  if (!v.taxa.empty() || !v.groups.empty()) {
    std::vector<uint8_t> mask(s.taxa.size(), 1);
    if (!v.taxa.empty()) {
      std::vector<uint8_t> any(s.taxa.size(), 0);
      for (const auto& name : v.taxa) {
        const std::vector<uint8_t> m = taxon_mask(s, name);
        for (size_t t = 0; t < any.size(); ++t) any[t] |= m[t];
      }
      for (size_t t = 0; t < mask.size(); ++t) mask[t] &= any[t];
    }
    if (!v.groups.empty()) {
      std::vector<std::string> groups;
      for (const auto& g : v.groups) groups.push_back(lower(g));
      for (size_t t = 0; t < mask.size(); ++t) {
        const std::string g = lower(s.taxa[t].group);
        mask[t] &= std::find(groups.begin(), groups.end(), g) != groups.end();
      }
    }
    f.taxon_allowed = std::move(mask);
    // The engine indexes the mask by taxon id; an empty dictionary still needs "nothing".
    if (f.taxon_allowed.empty()) f.taxon_allowed.assign(1, 0);
  }
  f.min_quality = v.min_quality;
  if (v.max_uncertainty_m > 0) f.max_uncertainty_m = v.max_uncertainty_m;
  if (!v.observers.empty()) {
    f.observer_allowed.assign(std::max<size_t>(1, s.observers.size()), 0);
    for (size_t o = 1; o < s.observers.size(); ++o)
      f.observer_allowed[o] =
          std::find(v.observers.begin(), v.observers.end(), s.observers[o]) != v.observers.end();
  }
  return f;
}

// ---- time slider -----------------------------------------------------------------------------

const char* to_string(TimeMode m) {
  switch (m) {
    case TimeMode::Window:
      return "window";
    case TimeMode::Cumulative:
      return "cumulative";
    case TimeMode::Seasonal:
      return "seasonal";
  }
  return "window";
}

std::optional<TimeMode> parse_time_mode(std::string_view s) {
  for (TimeMode m : {TimeMode::Window, TimeMode::Cumulative, TimeMode::Seasonal})
    if (s == to_string(m)) return m;
  return std::nullopt;
}

void apply_time(const TimeSlider& t, Filter& f) {
  if (!t.enabled) return;
  const int32_t len = std::max<int32_t>(1, t.length_days);
  const int32_t start = t.end_day - (len - 1);
  f.to_day = std::min(f.to_day, t.end_day);
  switch (t.mode) {
    case TimeMode::Window:
      f.from_day = std::max(f.from_day, start);
      break;
    case TimeMode::Cumulative:
      break;
    case TimeMode::Seasonal: {
      uint16_t m = 0;
      if (len >= 366) {
        m = 0xFFF;
      } else {
        for (int32_t d = start; d <= t.end_day; ++d) {
          int y;
          unsigned mo, dd;
          civil_from_days(d, y, mo, dd);
          m |= static_cast<uint16_t>(1u << (mo - 1));
        }
      }
      f.months &= m;
      break;
    }
  }
}

// ---- taxa ------------------------------------------------------------------------------------

std::vector<TaxonSuggestion> taxon_suggestions(const ObservationStore& s, std::string_view query,
                                               size_t max) {
  std::vector<uint64_t> records(s.taxa.size(), 0);
  for (uint32_t t : s.taxon)
    if (t < records.size()) ++records[t];
  const std::string q = lower(query);
  struct Candidate {
    TaxonSuggestion sug;
    bool prefix = false;
  };
  std::vector<Candidate> out;
  std::unordered_map<std::string, size_t> seen;  // lower-case name -> index in out
  // match: 0 = no, 1 = contains, 2 = prefix.
  auto match = [&](const std::string& field) -> int {
    if (field.empty()) return 0;
    const std::string f = lower(field);
    const size_t at = f.find(q);
    return at == std::string::npos ? 0 : (at == 0 ? 2 : 1);
  };
  auto add = [&](const std::string& name, const std::string& label_head, uint64_t n, bool prefix) {
    const std::string key = lower(name);
    auto it = seen.find(key);
    if (it != seen.end()) {
      Candidate& c = out[it->second];
      c.sug.records += n;
      c.prefix = c.prefix || prefix;
      return;
    }
    seen.emplace(key, out.size());
    out.push_back({{name, label_head, n}, prefix});
  };
  for (size_t t = 0; t < s.taxa.size(); ++t) {
    const Taxon& x = s.taxa[t];
    // The taxon itself: by its species name (without author) where known.
    const std::string& name = !x.species.empty() ? x.species : x.scientific_name;
    int m = std::max(
        {match(name), match(x.scientific_name), match(x.vernacular_nl), match(x.vernacular_en)});
    if (m > 0 && !name.empty()) {
      std::string head = name;
      std::string vern = x.vernacular_nl;
      if (!x.vernacular_en.empty()) vern += (vern.empty() ? "" : " / ") + x.vernacular_en;
      if (!vern.empty()) head += " \u2014 " + vern;
      add(name, head, records[t], m == 2);
    }
    // Higher taxa and the group, summing their members' records.
    const std::pair<const std::string*, const char*> higher[] = {
        {&x.genus, "genus"}, {&x.family, "family"}, {&x.group, "group"}};
    for (const auto& [field, rank] : higher) {
      if (field->empty() || lower(*field) == lower(name)) continue;
      const int hm = match(*field);
      if (hm > 0) add(*field, *field + " \u2014 " + rank, records[t], hm == 2);
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.prefix != b.prefix) return a.prefix;
    if (a.sug.records != b.sug.records) return a.sug.records > b.sug.records;
    return a.sug.name < b.sug.name;
  });
  std::vector<TaxonSuggestion> res;
  for (size_t i = 0; i < out.size() && i < max; ++i) {
    TaxonSuggestion sug = out[i].sug;
    sug.label += " (" + thousands(sug.records) + ")";
    res.push_back(std::move(sug));
  }
  return res;
}

std::vector<std::string> taxon_groups(const ObservationStore& s) {
  std::vector<std::string> g;
  for (const Taxon& t : s.taxa)
    if (!t.group.empty()) g.push_back(t.group);
  std::sort(g.begin(), g.end());
  g.erase(std::unique(g.begin(), g.end()), g.end());
  return g;
}

// ---- selection panel -------------------------------------------------------------------------

namespace {

// Species-rank record counts of the union of the polygons under the filter.
Abundances union_abundances(const ObservationStore& s, const AreaIndex& idx,
                            const std::vector<uint32_t>& polygons, const Filter& f) {
  std::vector<uint64_t> per_species(s.species_capacity() + 1, 0);
  for (uint32_t i : union_observations(idx, polygons)) {
    if (!f.pass(s, i)) continue;
    const uint32_t sp = s.species_of(s.taxon[i]);
    if (sp != kNoSpecies) ++per_species[sp];
  }
  return Abundances::of(per_species);
}

}  // namespace

AreaEstimates area_estimates(const ObservationStore& s, const AreaIndex& idx,
                             const std::vector<uint32_t>& polygons, const Filter& f,
                             double coverage, int bootstrap, uint64_t seed) {
  const Abundances a = union_abundances(s, idx, polygons, f);
  AreaEstimates e;
  e.n = a.n;
  e.species = a.S;
  e.target = coverage;
  e.bootstrap = bootstrap;
  e.seed = seed;
  if (a.n == 0) return e;
  e.coverage = sample_coverage(a);
  e.chao1 = chao1_estimate(a);
  for (int q = 0; q < 3; ++q) {
    e.hill[q] = hill_observed(a, q);
    e.hill_asy[q] = hill_asymptotic(a, q);
  }
  e.cov = coverage_standardised(a, coverage, bootstrap, seed);
  return e;
}

std::vector<DiversityPoint> diversity_curve(const ObservationStore& s, const AreaIndex& idx,
                                            const std::vector<uint32_t>& polygons, const Filter& f,
                                            int points, int bootstrap, uint64_t seed) {
  const Abundances a = union_abundances(s, idx, polygons, f);
  std::vector<DiversityPoint> out;
  if (a.n == 0) return out;
  const double n = static_cast<double>(a.n);
  // Sizes: evenly spread over 1..2n, rounded to whole records, with n itself.
  std::vector<double> sizes;
  const int k = std::max(4, points);
  for (int j = 0; j < k; ++j) {
    const double m = std::round(1 + (2 * n - 1) * j / (k - 1));
    if (sizes.empty() || m > sizes.back()) sizes.push_back(m);
  }
  if (std::find(sizes.begin(), sizes.end(), n) == sizes.end()) {
    sizes.push_back(n);
    std::sort(sizes.begin(), sizes.end());
  }
  const std::vector<Estimate> q0 = hill_curve(a, 0, sizes, bootstrap, seed);
  for (size_t j = 0; j < sizes.size(); ++j)
    out.push_back({sizes[j], q0[j], coverage_at(a, sizes[j]), sizes[j] > n});
  return out;
}

YearChange compare_years(const ObservationStore& s, const AreaIndex& idx,
                         const std::vector<uint32_t>& polygons, const Filter& f, int year_a,
                         int year_b, uint64_t min_records, int bootstrap, uint64_t seed) {
  YearChange c;
  c.year_a = year_a;
  c.year_b = year_b;
  auto year = [&](int y) {
    Filter g = f;
    g.from_day = std::max(f.from_day, days_from_civil(y, 1, 1));
    g.to_day = std::min(f.to_day, days_from_civil(y, 12, 31));
    return union_abundances(s, idx, polygons, g);
  };
  const Abundances a = year(year_a), b = year(year_b);
  c.records_a = a.n;
  c.records_b = b.n;
  c.species_a = a.S;
  c.species_b = b.S;
  if (a.n < min_records || b.n < min_records) return c;
  c.size = static_cast<double>(std::min(a.n, b.n));
  c.a = hill_curve(a, 0, {c.size}, bootstrap, seed)[0];
  c.b = hill_curve(b, 0, {c.size}, bootstrap, seed + 1)[0];
  if (std::isnan(c.a.lcl) || std::isnan(c.b.lcl)) return c;
  c.verdict = c.b.lcl > c.a.ucl   ? Verdict::Increase
              : c.b.ucl < c.a.lcl ? Verdict::Decrease
                                  : Verdict::NoClearEvidence;
  return c;
}

std::vector<MonthCount> records_per_month(const ObservationStore& s, const AreaIndex& idx,
                                          const std::vector<uint32_t>& polygons, const Filter& f) {
  std::vector<std::tuple<int, uint32_t>> mt;  // (year*12 + month-1, taxon)
  for (uint32_t i : union_observations(idx, polygons)) {
    if (s.day[i] == kUnknownDay || !f.pass(s, i)) continue;
    int y;
    unsigned m, d;
    civil_from_days(s.day[i], y, m, d);
    mt.emplace_back(y * 12 + static_cast<int>(m) - 1, s.species_of(s.taxon[i]));
  }
  std::sort(mt.begin(), mt.end());
  std::vector<MonthCount> out;
  if (mt.empty()) return out;
  const int first = std::get<0>(mt.front()), last = std::get<0>(mt.back());
  // floor division: year*12 + m-1 is negative before year 0 only, which dates never are.
  for (int k = first; k <= last; ++k) out.push_back({k / 12, k % 12 + 1, 0, 0});
  for (size_t i = 0; i < mt.size(); ++i) {
    MonthCount& c = out[static_cast<size_t>(std::get<0>(mt[i]) - first)];
    ++c.records;
    if (std::get<1>(mt[i]) != kNoSpecies && (i == 0 || mt[i] != mt[i - 1])) ++c.species;
  }
  return out;
}

std::vector<uint8_t> low_effort_flags(const std::vector<AreaMetrics>& m, uint64_t min_records) {
  std::vector<uint8_t> flags(m.size(), 0);
  for (size_t i = 0; i < m.size(); ++i) flags[i] = m[i].n_obs < min_records;
  return flags;
}

}  // namespace biodash
