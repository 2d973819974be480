#include "core/baci.hpp"

#include <algorithm>

namespace biodash {
namespace {

std::vector<uint32_t> pooled(const AreaIndex& idx, const std::vector<uint32_t>& polygons) {
  std::vector<uint32_t> obs;
  for (uint32_t p : polygons)
    obs.insert(obs.end(), idx.obs.begin() + idx.offset[p], idx.obs.begin() + idx.offset[p + 1]);
  std::sort(obs.begin(), obs.end());
  obs.erase(std::unique(obs.begin(), obs.end()), obs.end());
  return obs;
}

uint64_t observer_days(const ObservationStore& s, const std::vector<uint32_t>& obs,
                       const Filter& f) {
  std::vector<uint64_t> keys;
  for (uint32_t i : obs)
    if (f.pass(s, i) && s.observer[i] != 0 && s.day[i] != kUnknownDay)
      keys.push_back((static_cast<uint64_t>(s.observer[i]) << 32) |
                     static_cast<uint32_t>(s.day[i]));
  std::sort(keys.begin(), keys.end());
  return static_cast<uint64_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
}

}  // namespace

BaciResult baci(const ObservationStore& s, const AreaIndex& idx,
                const std::vector<uint32_t>& impact, const std::vector<uint32_t>& control,
                int32_t date, const Filter& base, uint64_t rarefy_m) {
  BaciResult r;
  r.date = date;
  Filter before = base, after = base;
  before.to_day = std::min(base.to_day, date - 1);
  after.from_day = std::max(base.from_day, date);
  // A single synthetic "area" per pooled set: build a one-polygon index for the union.
  const std::vector<uint32_t> imp = pooled(idx, impact), ctl = pooled(idx, control);
  auto cell = [&](const std::vector<uint32_t>& obs, const Filter& f, uint64_t m) {
    AreaIndex one;
    one.offset = {0, static_cast<uint32_t>(obs.size())};
    one.obs = obs;
    BaciCell c;
    c.m = metrics_of_union(s, one, {0}, f, m);
    c.observer_days = observer_days(s, obs, f);
    return c;
  };
  r.impact_before = cell(imp, before, 0);
  r.impact_after = cell(imp, after, 0);
  r.control_before = cell(ctl, before, 0);
  r.control_after = cell(ctl, after, 0);
  r.rarefy_m = rarefy_m ? rarefy_m
                        : std::min({r.impact_before.m.n_obs, r.impact_after.m.n_obs,
                                    r.control_before.m.n_obs, r.control_after.m.n_obs});
  if (r.rarefy_m > 0) {
    r.impact_before = cell(imp, before, r.rarefy_m);
    r.impact_after = cell(imp, after, r.rarefy_m);
    r.control_before = cell(ctl, before, r.rarefy_m);
    r.control_after = cell(ctl, after, r.rarefy_m);
  }
  auto contrast = [&](auto get) {
    return (get(r.impact_after) - get(r.impact_before)) -
           (get(r.control_after) - get(r.control_before));
  };
  r.contrast_species = contrast([](const BaciCell& c) { return double(c.m.n_species); });
  r.contrast_records = contrast([](const BaciCell& c) { return double(c.m.n_obs); });
  r.contrast_rarefied = contrast([](const BaciCell& c) { return c.m.rarefied; });
  return r;
}

}  // namespace biodash
