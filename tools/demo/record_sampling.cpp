#include "record_sampling.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "demo_sources.hpp"
#include "generator_output.hpp"

namespace biodash::demo {
namespace {

constexpr int kUncertainty[] = {4, 5, 8, 10, 15, 20, 30, 50, 100, 250, 1000};  // metres

// Shape::Path: a point of a segment (picked by weighted length), moved sideways by a
// Gaussian; inside the gemeente.
void sample_along_paths(const Place& p, const Paths& ps, Rng& rng, double& x, double& y) {
  for (int tries = 0;; ++tries) {  // lateral Gaussian spread, inside the gemeente
    const size_t s = ps.length.pick(rng);
    const double f = rng.uniform();
    const double off = p.spread * rng.normal() * (0.4 + 1.2 * rng.uniform());
    const double dx = ps.bx[s] - ps.ax[s], dy = ps.by[s] - ps.ay[s];
    const double len = std::sqrt(dx * dx + dy * dy);
    x = ps.ax[s] + f * dx - off * dy / len;
    y = ps.ay[s] + f * dy + off * dx / len;
    if (p.area.contains(x, y)) break;
    if (tries > 10000) throw Error("cannot sample a point along the paths");
  }
}

// Shape::Clusters: a cluster by weight, then a Gaussian around its centre; inside the area.
void sample_in_clusters(const Place& p, Rng& rng, double& x, double& y) {
  double total = 0;
  for (const Cluster& c : p.clusters) total += c.weight;
  for (int tries = 0;; ++tries) {
    double pick = rng.uniform() * total;
    const Cluster* c = &p.clusters.back();
    for (const Cluster& cc : p.clusters) {
      if (pick < cc.weight) {
        c = &cc;
        break;
      }
      pick -= cc.weight;
    }
    x = c->x + c->sigma * rng.normal();
    y = c->y + c->sigma * rng.normal();
    if (p.area.contains(x, y)) break;
    if (tries > 10000) throw Error("cannot sample a point in " + p.locality);
  }
}

// Shape::Halo: a uniform point of one of the halo places, moved by a Gaussian offset; inside
// the area.
void sample_around(const Place& p, const std::vector<Place>& places, Rng& rng, double& x,
                   double& y) {
  for (int tries = 0;; ++tries) {
    const Rings& r = places[p.halo[p.halo_cdf.pick(rng)]].area;
    double hx, hy;  // uniform in that place
    while (!r.draw_in_envelope(rng, hx, hy)) continue;
    x = hx + p.spread * rng.normal();
    y = hy + p.spread * rng.normal();
    if (p.area.contains(x, y)) break;
    if (tries > 10000) throw Error("cannot sample a point around the sites");
  }
}

// Shape::Area: from the hotspot (its share of the time, 32 tries), else uniform in the area.
void sample_in_area(const Place& p, Rng& rng, double& x, double& y) {
  if (p.hotspot_sigma > 0 && rng.chance(p.hotspot_share)) {
    for (int tries = 0; tries < 32; ++tries) {
      x = p.hx + p.hotspot_sigma * rng.normal();
      y = p.hy + p.hotspot_sigma * rng.normal();
      if (p.area.contains(x, y)) return;
    }
  }
  for (int tries = 0;; ++tries) {
    if (p.area.draw_in_envelope(rng, x, y)) return;
    if (tries >= 10000) throw Error("cannot sample a point in " + p.locality);
  }
}

}  // namespace

Effort build_effort() {
  Effort e;
  // Days 2015-01-01 .. 2026-12-31: growth per year (a 2020 lockdown bump), season, weekends.
  const int64_t first_day = days_from_civil(2015, 1, 1), last_day = days_from_civil(2026, 12, 31);
  constexpr double kMonthActivity[12] = {0.5, 0.55, 0.8, 1.2, 1.5,  1.5,
                                         1.4, 1.3,  1.0, 0.8, 0.55, 0.45};
  e.first_day = first_day;
  {
    double year_w = 1.0;
    int prev_year = 2015;
    for (int64_t z = first_day; z <= last_day; ++z) {
      int y, m, d;
      civil_from_days(z, y, m, d);
      if (y != prev_year) year_w *= 1.2, prev_year = y;
      const int weekday = static_cast<int>((z + 4) % 7);  // 1970-01-01 was a Thursday: 0 = Sun
      const double wk = weekday == 0 ? 2.1 : weekday == 6 ? 1.9 : 1.0;
      const double covid = (y == 2020 && m >= 3) || y == 2021 ? 1.25 : 1.0;
      e.day_cdf.add(year_w * covid * kMonthActivity[m - 1] * wk);
    }
  }
  // Observers: a few make most records (weight ~ 1 / (rank * (1 + rank / 150))).
  constexpr int kObservers = 3000;
  for (int i = 0; i < kObservers; ++i) e.observer_cdf.add(1.0 / ((i + 1.0) * (1.0 + i / 150.0)));
  for (double w : {8, 12, 10, 15, 12, 12, 10, 8, 6, 4, 1}) e.uncertainty_cdf.add(w);
  return e;
}

void sample_record(Observation& o, const DemoPlaces& d, const TaxonTables& tables,
                   const std::vector<Taxon>& taxa, const Effort& effort, Rng& rng) {
  o.place = static_cast<uint32_t>(d.place_cdf.pick(rng));
  const Place& p = d.places[o.place];
  const int64_t day = effort.first_day + static_cast<int64_t>(effort.day_cdf.pick(rng));
  civil_from_days(day, o.year, o.month, o.day);

  // Location.
  if (p.shape == Shape::Path)
    sample_along_paths(p, d.paths, rng, o.x, o.y);
  else if (p.shape == Shape::Clusters)
    sample_in_clusters(p, rng, o.x, o.y);
  else if (p.shape == Shape::Halo)
    sample_around(p, d.places, rng, o.x, o.y);
  else
    sample_in_area(p, rng, o.x, o.y);

  // Taxon, with the planted effects.
  int table = p.profile;
  if (p.lbsp >= 0 && day >= d.lbsp[p.lbsp].day && rng.chance(kLbspPoolProbability))
    table = pool_table(d.lbsp[p.lbsp].pool);
  if (p.plot >= 0 && day >= d.plots[p.plot].day && rng.chance(d.plots[p.plot].probability))
    table = pool_table(kPoolWetland);
  o.taxon = static_cast<uint32_t>(tables.at(table, o.month).pick(rng));
  const Taxon& t = taxa[o.taxon];

  // Who, how sure, how many, how precisely.
  o.observer = static_cast<uint32_t>(effort.observer_cdf.pick(rng));
  double research = t.group == "birds"             ? 0.8
                    : t.group == "vascular plants" ? 0.68
                    : t.group == "fungi"           ? 0.45
                    : t.group == "mosses"          ? 0.4
                                                   : 0.6;
  if (o.observer < 30) research += 0.1;
  const double casual = p.garden ? 0.12 : 0.05;
  const double q = rng.uniform();
  o.quality = q < casual ? "casual" : q < casual + research ? "research" : "needs_id";
  o.uncertainty_m = rng.chance(0.06) ? 0 : kUncertainty[effort.uncertainty_cdf.pick(rng)];
  if (t.group == "birds") {
    const bool flock = t.abundance <= 2 && (t.habitat & (kWetland | kMeadow));
    int c = 1;
    while (c < (flock ? 300 : 40) && rng.chance(flock ? 0.85 : 0.45)) ++c;
    o.individual_count = c;
  } else if (t.group == "vascular plants" || t.group == "mosses" || t.group == "fungi") {
    o.individual_count = rng.chance(0.7) ? 0 : 1 + static_cast<int>(rng.uniform() * 5);
  } else {
    int c = 1;
    while (c < 20 && rng.chance(0.25)) ++c;
    o.individual_count = c;
  }
  // Dates: 92 % full, 5 % month only, 3 % a range of 1-6 days (GBIF leaves the parts
  // that differ between start and end empty).
  o.event_date.clear();
  const double r = rng.uniform();
  if (r < 0.05) {
    char b[8];
    std::snprintf(b, sizeof b, "%04d-%02d", o.year, o.month);
    o.event_date = b;
  } else if (r < 0.08) {
    int y2, m2, d2;
    civil_from_days(day + 1 + static_cast<int64_t>(rng.uniform() * 6), y2, m2, d2);
    append_date(o.event_date, o.year, o.month, o.day);
    o.event_date += '/';
    append_date(o.event_date, y2, m2, d2);
  } else {
    append_date(o.event_date, o.year, o.month, o.day);
  }
}

}  // namespace biodash::demo
