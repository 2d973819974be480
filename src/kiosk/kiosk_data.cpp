#include "kiosk/kiosk_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/aggregate.hpp"
#include "core/analysis.hpp"
#include "core/engine.hpp"
#include "core/geos_handle.hpp"
#include "core/hexgrid.hpp"
#include "core/labels.hpp"
#include "core/thematic.hpp"
#include "io/occurrence_reader.hpp"
#include "io/vector_reader.hpp"
#include "render/demo_style.hpp"

namespace biodash::kiosk {

namespace {

namespace fs = std::filesystem;

bool is_path(const std::string& ref) {
  return ref.find('/') != std::string::npos || ref.find('.') != std::string::npos;
}

int year_of(int32_t day) {
  if (day == kUnknownDay) return 0;
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  return y;
}

std::string fmt_int(uint64_t v) {
  std::string s = std::to_string(v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += '\xC2', out += '\xA0';  // no-break space
    out += s[i];
  }
  return out;
}

Envelope leiden_extent() {
  Envelope e;  // Leiden in RD New, for a fallback without any data
  e.expand(88500, 459000);
  e.expand(99500, 468500);
  return e;
}

}  // namespace

std::vector<std::string> card_lines(const SiteStory& s, Lang lang) {
  const bool nl = lang == Lang::Nl;
  std::vector<std::string> out{s.name};
  out.push_back(nl ? fmt_int(s.species) + " soorten gezien in " + fmt_int(s.records) +
                         " waarnemingen"
                   : fmt_int(s.species) + " species seen in " + fmt_int(s.records) + " records");
  const auto& top = nl ? s.top_nl : s.top_en;
  if (!top.empty()) {
    std::string t = nl ? "Hier leven o.a.: " : "Living here: ";
    for (size_t i = 0; i < top.size(); ++i) t += (i ? ", " : "") + top[i];
    out.push_back(t);
  }
  if (s.year_a > 0 && s.year_b > s.year_a) {
    const std::string a = std::to_string(s.year_a), b = std::to_string(s.year_b);
    const std::string sa = std::to_string(s.species_a), sb = std::to_string(s.species_b);
    // A claim of change only from the fair comparison (core compare_years); otherwise what was
    // seen, and that how much people looked explains part of it.
    std::string trend;
    if (s.change == Verdict::Increase)
      trend = nl ? "meer soorten dan vroeger, ook eerlijk geteld"
                 : "more species than before, "
                   "also when counted fairly";
    else if (s.change == Verdict::Decrease)
      trend = nl ? "minder soorten dan vroeger, ook eerlijk geteld"
                 : "fewer species than before, also when counted fairly";
    else if (s.species_b > s.species_a)
      trend = nl ? "er keken meer mensen; of de natuur veranderde, weten we nog niet"
                 : "more people looked; we cannot yet tell whether nature changed";
    else if (s.species_b < s.species_a)
      trend = nl ? "er keken minder mensen; of de natuur veranderde, weten we nog niet"
                 : "fewer people looked; we cannot yet tell whether nature changed";
    else
      trend = nl ? "even veel soorten gezien" : "as many species seen";
    out.push_back(
        nl ? "In " + a + ": " + sa + " soorten gezien, in " + b + ": " + sb + " \u2013 " + trend
           : "In " + a + ": " + sa + " species seen, in " + b + ": " + sb + " \u2013 " + trend);
  }
  if (s.protected_species > 0) {
    out.push_back(nl ? std::to_string(s.protected_species) +
                           " kwetsbare soorten leven hier ook; hun plek blijft geheim."
                     : std::to_string(s.protected_species) +
                           " vulnerable species live here too; their spots stay secret.");
  }
  return out;
}

KioskData::KioskData(const Tour& tour, const std::string& demo_gpkg) : tour_(tour) {
  data_ = tour_.data == "@demo" ? demo_gpkg : tour_.data;
  if (!tour_.problem.empty()) {  // no usable tour file: one fallback scene
    fallback_ = make_fallback();
    PreparedScene fb = fallback_;
    fb.problem = tour_.problem;
    scenes_.push_back(std::move(fb));
    problems_.push_back(tour_.problem);
    return;
  }
  // Observations are needed when a scene shows them, colours by them, or has tappable sites.
  bool need_obs = false;
  for (const SceneSpec& s : tour_.scenes) {
    for (const std::string& l : s.layers)
      need_obs |= l == kObservationsLayer || l == "biodiversity_sites";
    need_obs |= !s.choropleth_layer.empty();
  }
  if (need_obs && !data_.empty()) prepare_observations(data_ + ":" + kObservationsLayer);
  for (const SceneSpec& s : tour_.scenes) scenes_.push_back(prepare(s));
  fallback_ = make_fallback();
  for (size_t i = 0; i < scenes_.size(); ++i) {
    if (!scenes_[i].ok) {
      PreparedScene fb = fallback_;
      fb.problem = scenes_[i].problem;
      scenes_[i] = std::move(fb);
    }
  }
}

std::shared_ptr<Layer> KioskData::layer(const std::string& ref) {
  for (auto& [r, l] : cache_)
    if (r == ref) return l;
  for (auto& [r, e] : failed_)
    if (r == ref) throw Error(e);
  try {
    std::string path, name;
    if (is_path(ref)) {
      std::tie(path, name) = split_layer_spec(ref);
    } else {
      if (data_.empty()) throw Error("no data GeoPackage for layer '" + ref + "'");
      path = data_;
      name = ref;
    }
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw Error(path + ": no such file");
    OpenOptions o;
    o.map_crs = kDefaultMapCrs;
    if (!name.empty()) o.layers = {name};
    std::vector<Layer> read = read_vector_file(path, o);
    if (read.empty() || !read.front().placed() || read.front().size() == 0) {
      throw Error(ref + ": no placed features");
    }
    auto l = std::make_shared<Layer>(std::move(read.front()));
    cache_.emplace_back(ref, l);
    return l;
  } catch (const std::exception& e) {
    failed_.emplace_back(ref, e.what());
    throw Error(e.what());
  }
}

void KioskData::prepare_observations(const std::string& spec) {
  ObservationStore store;
  try {
    IngestReport rep;
    OccurrenceOptions o;
    o.threads = 2;
    store = read_occurrences(spec, o, rep);
  } catch (const std::exception& e) {
    observations_error_ = e.what();
    std::fprintf(stderr, "kiosk: observations unavailable: %s\n", e.what());
    return;
  }
  // Sensitive taxa: masked by any listed name (species, genus, family, ... or group).
  std::vector<uint8_t> sensitive(store.taxa.size(), 0);
  if (!tour_.sensitive_taxa.empty()) {
    try {
      for (const std::string& n : load_name_list(tour_.sensitive_taxa)) {
        const std::vector<uint8_t> m = taxon_mask(store, n);
        for (size_t t = 0; t < m.size() && t < sensitive.size(); ++t) sensitive[t] |= m[t];
      }
    } catch (const std::exception& e) {
      // Without the list nothing is known to be safe: hide every point, show cells only.
      std::fprintf(stderr, "kiosk: %s: all observations shown as cells only\n", e.what());
      std::fill(sensitive.begin(), sensitive.end(), 1);
    }
  }
  // Public points, one mesh per year; sensitive records to hexagon cells.
  const double ox = std::round((store.bounds.minx + store.bounds.maxx) * 0.5);
  const double oy = std::round((store.bounds.miny + store.bounds.maxy) * 0.5);
  std::map<int, std::shared_ptr<Mesh>> by_year;
  std::vector<double> sx, sy;
  for (size_t i = 0; i < store.size(); ++i) {
    if (sensitive[store.taxon[i]]) {
      sx.push_back(store.x[i]);
      sy.push_back(store.y[i]);
      continue;
    }
    auto& m = by_year[year_of(store.day[i])];
    if (!m) {
      m = std::make_shared<Mesh>();
      m->origin_x = ox;
      m->origin_y = oy;
    }
    m->point_xy.push_back(static_cast<float>(store.x[i] - ox));
    m->point_xy.push_back(static_cast<float>(store.y[i] - oy));
    m->point_feature.push_back(static_cast<uint32_t>(m->point_feature.size()));
    ++n_public_;
  }
  for (auto& [year, m] : by_year) {
    m->n_features = m->point_feature.size();
    auto l = std::make_shared<Layer>();
    l->name = "observations " + std::to_string(year);
    l->source_layer = kObservationsLayer;
    l->kind = GeomKind::Point;
    l->map_crs = store.crs;
    l->bounds = store.bounds;
    points_.push_back({year, m, l});
  }
  for (size_t i = 0; i < sx.size(); ++i) sensitive_xy_.emplace_back(sx[i], sy[i]);
  if (!sx.empty()) {
    Envelope e;
    for (size_t i = 0; i < sx.size(); ++i) e.expand(sx[i], sy[i]);
    const double area = tour_.sensitive_cell_m * tour_.sensitive_cell_m;
    HexGrid g(std::sqrt(2.0 * area / (3.0 * std::sqrt(3.0))), e);
    const Assignment a = assign_hex(g, sx.data(), sy.data(), sx.size());
    const std::vector<uint64_t> counts = count_per_polygon(a);
    Layer all = hex_layer(g, store.crs);
    auto cells = std::make_shared<Layer>();
    cells->name = "sensitive species (cells)";
    cells->kind = GeomKind::Polygon;
    cells->fields = {"records"};
    cells->map_crs = cells->source_crs = store.crs;
    for (size_t c = 0; c < counts.size() && c < all.geoms.size(); ++c) {
      if (counts[c] == 0) continue;
      cells->fids.push_back(static_cast<int64_t>(c));
      cells->values.push_back({std::to_string(counts[c])});
      cells->bounds.expand(envelope_of(all.geoms[c].get()));
      cells->geoms.push_back(std::move(all.geoms[c]));
      cells->source_geoms.push_back(std::move(all.source_geoms[c]));
    }
    cells_ = cells;
  }

  prepare_maps(store);
  // Story cards for the sites.
  try {
    std::shared_ptr<Layer> sites = layer("biodiversity_sites");
    std::vector<const GEOSGeometry*> g;
    for (const GeomPtr& p : sites->geoms) g.push_back(p.get());
    const AreaIndex idx = invert(assign_points(g, store.x.data(), store.y.data(), store.size()));
    Filter pub;
    pub.taxon_allowed.resize(store.taxa.size());
    for (size_t t = 0; t < sensitive.size(); ++t) pub.taxon_allowed[t] = sensitive[t] ? 0 : 1;
    const std::vector<AreaMetrics> all = compute_metrics(store, idx, Filter{});
    const std::vector<AreaMetrics> open = compute_metrics(store, idx, pub);
    const int fn = sites->field_index("name"), fnl = sites->field_index("description_nl"),
              fen = sites->field_index("description_en");
    const int last_year = year_of(store.bounds.empty() ? kUnknownDay : [&] {
      int32_t d = kUnknownDay;
      for (int32_t v : store.day) d = std::max(d, v);
      return d;
    }());
    for (size_t p = 0; p < idx.n_polygons(); ++p) {
      SiteStory s;
      const auto& v = sites->values[p];
      s.name = fn >= 0 ? v[fn] : "Site " + std::to_string(p + 1);
      if (fnl >= 0) s.about_nl = v[fnl];
      if (fen >= 0) s.about_en = v[fen];
      s.species = all[p].n_species;
      s.records = all[p].n_obs;
      s.protected_species = all[p].n_species - open[p].n_species;
      const auto counts = species_counts(store, idx, static_cast<uint32_t>(p), pub);
      for (size_t k = 0; k < counts.size() && s.top_nl.size() < 3; ++k) {
        const Taxon& t = store.taxon_of_species(counts[k].first);
        const std::string sci = store.species_name(counts[k].first);
        s.top_nl.push_back(t.vernacular_nl.empty() ? sci : t.vernacular_nl);
        s.top_en.push_back(t.vernacular_en.empty() ? sci : t.vernacular_en);
      }
      std::vector<YearCount> years =
          records_per_year(store, idx, static_cast<uint32_t>(p), Filter{});
      // The last year may still be running: compare full years only.
      while (!years.empty() && years.back().year >= last_year) years.pop_back();
      if (years.size() >= 2) {
        s.year_a = years.front().year;
        s.species_a = years.front().species;
        s.year_b = years.back().year;
        s.species_b = years.back().species;
        s.change =
            compare_years(store, idx, {static_cast<uint32_t>(p)}, Filter{}, s.year_a, s.year_b)
                .verdict;
      }
      stories_.push_back(std::move(s));
    }
    sites_ = sites;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiosk: no story cards: %s\n", e.what());
  }
  // The store (with observer pseudonyms) goes out of scope here: nothing personal is kept.
}

void KioskData::prepare_maps(const ObservationStore& store) {
  for (size_t k = 0; k < tour_.scenes.size(); ++k) {
    const SceneSpec& spec = tour_.scenes[k];
    if (spec.choropleth_layer.empty()) continue;
    SceneMaps sm;
    sm.scene = k;
    Assignment a;
    if (spec.choropleth_layer == "@hex") {
      if (store.bounds.empty()) continue;  // the scene falls back: no observations
      const HexGrid grid(spec.choropleth_hex_m, store.bounds);
      a = assign_hex(grid, store.x.data(), store.y.data(), store.size());
      sm.areas = std::make_shared<Layer>(hex_layer(grid, store.crs));
      sm.areas->name = sm.areas->source_layer = "@hex";
    } else {
      try {
        sm.areas = layer(spec.choropleth_layer);
      } catch (const std::exception&) {
        continue;  // the scene falls back when it asks for this layer
      }
      std::vector<const GEOSGeometry*> g;
      for (const GeomPtr& p : sm.areas->geoms) g.push_back(p.get());
      a = assign_points(g, store.x.data(), store.y.data(), store.size());
    }
    const AreaIndex idx = invert(a);
    // One map per time step (the animation replaces the view's time window); the classes are
    // the last step's, so colours keep their meaning while time plays.
    const int steps = spec.time.steps();
    std::vector<ThematicSpec> per_step(static_cast<size_t>(steps), spec.thematic);
    for (int s = 0; s < steps && spec.time.enabled; ++s) {
      const int y0 = spec.time.from_year + s * spec.time.step_years;
      const int32_t lo = days_from_civil(y0, 1, 1);
      const int32_t hi = days_from_civil(y0 + spec.time.step_years, 1, 1) - 1;
      per_step[s].time = spec.time.cumulative ? TimeSlider{true, TimeMode::Cumulative, hi, 365}
                                              : TimeSlider{true, TimeMode::Window, hi, hi - lo + 1};
    }
    auto name = [&](Language l) {
      const LanguageScope in(l);
      return spec.choropleth_layer == "@hex" ? hex_grid_name(spec.choropleth_hex_m)
                                             : sm.areas->name;
    };
    try {
      sm.legend_en = thematic_map(store, idx, per_step.back(), name(Language::English),
                                  Language::English, false, 2)
                         .choropleth;
      sm.legend_nl = thematic_map(store, idx, per_step.back(), name(Language::Dutch),
                                  Language::Dutch, false, 2)
                         .choropleth;
      for (int s = 0; s < steps; ++s) {
        const ThematicMap m =
            thematic_map(store, idx, per_step[s], sm.legend_en.title, Language::English, false, 2);
        sm.steps.push_back(reclassify(sm.legend_en, m.choropleth.values));
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kiosk: scene at line %d: thematic map: %s\n", spec.line, e.what());
      continue;
    }
    maps_.push_back(std::move(sm));
  }
}

int KioskData::site_at(double mx, double my) const {
  if (!sites_ || stories_.empty()) return -1;
  std::vector<const GEOSGeometry*> g;
  for (const GeomPtr& p : sites_->geoms) g.push_back(p.get());
  AggregateOptions o;
  o.threads = 1;
  const Assignment a = assign_points(g, &mx, &my, 1, o);
  if (a.offset.size() < 2 || a.offset[1] == a.offset[0]) return -1;
  const uint32_t p = a.polygon[a.offset[0]];
  return p < stories_.size() ? static_cast<int>(p) : -1;
}

PreparedScene KioskData::prepare(const SceneSpec& spec) {
  PreparedScene ps;
  try {
    for (const std::string& ref : spec.layers) {
      if (ref == kObservationsLayer) {
        if (points_.empty() && !cells_) {
          throw Error("observations unavailable: " + (observations_error_.empty()
                                                          ? std::string("not loaded")
                                                          : observations_error_));
        }
        ps.observations = true;
        continue;
      }
      SceneLayer sl;
      sl.layer = layer(ref);
      sl.style = default_style(ps.layers.size(), sl.layer->kind);
      ps.layers.push_back(std::move(sl));
    }
    const SceneMaps* sm = nullptr;
    const size_t scene_index = static_cast<size_t>(&spec - tour_.scenes.data());
    for (const SceneMaps& m : maps_)
      if (m.scene == scene_index) sm = &m;
    if (!spec.choropleth_layer.empty() && sm == nullptr)
      throw Error("choropleth '" + spec.choropleth_layer + "': no observations");
    // The thematic map's areas join the scene when its layers do not name them.
    if (sm != nullptr && std::none_of(ps.layers.begin(), ps.layers.end(),
                                      [&](const SceneLayer& l) { return l.layer == sm->areas; })) {
      SceneLayer sl;
      sl.layer = sm->areas;
      sl.style = default_style(ps.layers.size(), sl.layer->kind);
      ps.layers.push_back(std::move(sl));
    }
    arrange_demo(ps.layers);
    for (size_t i = 0; i < ps.layers.size(); ++i) {
      const Layer& l = *ps.layers[i].layer;
      if (l.source_layer == "biodiversity_sites" && sites_ && l.geoms.size() == stories_.size())
        ps.sites = static_cast<int>(i);
      if (sm != nullptr && ps.layers[i].layer == sm->areas) ps.choropleth = static_cast<int>(i);
      ps.layers[i].style.point_size = std::max(ps.layers[i].style.point_size, 7.0f);
      ps.layers[i].style.line_width = std::max(ps.layers[i].style.line_width, 1.5f);
    }
    if (sm != nullptr) {
      ps.steps = sm->steps;
      ps.legend_en = sm->legend_en;
      ps.legend_nl = sm->legend_nl;
      SceneLayer& cl = ps.layers[ps.choropleth];
      cl.choropleth = ps.steps.front();
      cl.style.use_feature_colors = true;
      cl.style.opacity = 0.9f;
    }
    // The view.
    switch (spec.camera.kind) {
      case CameraSpec::Kind::Extent:
        ps.view = spec.camera.extent;
        break;
      case CameraSpec::Kind::Centre: {
        const double hw = spec.camera.width_m * 0.5;
        ps.view.expand(spec.camera.cx - hw, spec.camera.cy - hw * 9.0 / 16.0);
        ps.view.expand(spec.camera.cx + hw, spec.camera.cy + hw * 9.0 / 16.0);
        break;
      }
      case CameraSpec::Kind::Fit:
        for (const std::string& f : spec.camera.fit_layers) ps.view.expand(layer(f)->bounds);
        if (ps.view.empty())
          for (const SceneLayer& sl : ps.layers) ps.view.expand(sl.layer->bounds);
        if (ps.view.empty() && cells_) ps.view = cells_->bounds;
        break;
    }
    if (ps.view.empty()) throw Error("scene has nothing to show");
    for (SceneLayer& sl : ps.layers) sl.mesh = std::make_shared<const Mesh>(build_mesh(*sl.layer));
  } catch (const std::exception& e) {
    ps = PreparedScene{};
    ps.ok = false;
    ps.problem = "scene at line " + std::to_string(spec.line) + ": " + e.what();
    problems_.push_back(ps.problem);
    std::fprintf(stderr, "kiosk: %s (showing the fallback scene)\n", ps.problem.c_str());
  }
  return ps;
}

PreparedScene KioskData::make_fallback() {
  PreparedScene ps;
  ps.ok = false;
  for (const char* base : {"gemeenten", "wijken"}) {
    try {
      SceneLayer sl;
      sl.layer = layer(base);
      sl.style = default_style(ps.layers.size(), sl.layer->kind);
      sl.mesh = std::make_shared<const Mesh>(build_mesh(*sl.layer));
      ps.layers.push_back(std::move(sl));
    } catch (const std::exception&) {
      // no base map: the fallback is the caption on the background
    }
  }
  arrange_demo(ps.layers);
  ps.view = leiden_extent();
  return ps;
}

}  // namespace biodash::kiosk
