#include "core/baci.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/parse.hpp"
#include "core/text.hpp"

namespace biodash {
namespace {

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
  const std::vector<uint32_t> imp = union_observations(idx, impact),
                              ctl = union_observations(idx, control);
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

namespace {

int id_column(const Layer& l, const std::string& id_field) {
  for (const std::string& n :
       {id_field, std::string("id"), std::string("measure_id"), std::string("name")})
    if (!n.empty() && l.field_index(n) >= 0) return l.field_index(n);
  throw Error(l.source_path + (l.source_layer.empty() ? "" : ":" + l.source_layer) +
              ": no id field (id, measure_id or name)");
}

const std::string& field(const Layer& l, size_t f, int column) {
  static const std::string kEmpty;
  return column >= 0 && f < l.values.size() && size_t(column) < l.values[f].size()
             ? l.values[f][column]
             : kEmpty;
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::vector<Measure> baci_measures(const Layer& impact, const Layer& control,
                                   const MeasureRules& rules) {
  const int iid = id_column(impact, rules.id_field), cid = id_column(control, rules.id_field);
  const int idate = impact.field_index(rules.date_field);
  const int ictl = impact.field_index("control_ids");
  const int cfor = control.field_index(rules.control_for_field);
  std::vector<Measure> out;
  for (size_t f = 0; f < impact.size(); ++f) {
    Measure m;
    m.impact = f;
    m.id = field(impact, f, iid);
    if (!rules.impact_ids.empty() && !contains(rules.impact_ids, m.id)) continue;
    if (rules.date != kUnknownDay) {
      m.date = rules.date;
    } else {
      // A partial date such as 2019-11 is ambiguous for before/after.
      const std::string& when = field(impact, f, idate);
      if (!parse_whole_day(when, m.date))
        m.problem = "no intervention date (field '" + rules.date_field + "': '" + when + "')";
    }
    const std::vector<std::string> listed = split_nonempty(field(impact, f, ictl));
    for (size_t c = 0; c < control.size(); ++c) {
      const std::string& id = field(control, c, cid);
      bool use;
      if (!rules.control_ids.empty())
        use = contains(rules.control_ids, id);
      else if (!listed.empty())
        use = contains(listed, id);
      else if (cfor >= 0)
        use = contains(split_nonempty(field(control, c, cfor)), m.id);
      else
        use = true;
      if (use) {
        m.controls.push_back(c);
        m.control_ids.push_back(id);
      }
    }
    if (m.controls.empty() && m.problem.empty()) m.problem = "no control area";
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace biodash
