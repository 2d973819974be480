#include "demo_places.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace biodash::demo {
namespace {

int profile_for_kind(const std::string& kind) {
  if (kind == "park") return kPPark;
  if (kind == "garden") return kPGarden;
  if (kind == "street green") return kPStreet;
  if (kind == "water") return kPWater;
  if (kind == "nature area") return kPNature;
  return kPUrban;
}

constexpr double kCentreX = 93800, kCentreY = 463800;  // Leiden old town (Burcht), RD New

// The Rijn through Leiden (RD New, approximate, digitised for the demo): the Oude Rijn from
// Leiderdorp in the east, through the old town (Nieuwe/Oude Rijn, one line here) and past the
// Morspoort, the Lage Mors and south of the Bio Science Park towards Katwijk.
const std::vector<double> kRijn = {
    95720, 463330, 95480, 463420, 95250, 463500, 95020, 463610, 94800, 463700, 94600, 463760,
    94380, 463790, 94150, 463775, 93950, 463790, 93760, 463805, 93560, 463830, 93380, 463870,
    93200, 463915, 93030, 463980, 92860, 464060, 92680, 464120, 92450, 464165, 92200, 464215,
    91950, 464250, 91700, 464270, 91450, 464300, 91250, 464380, 91080, 464480, 90920, 464590};

// Residential neighbourhoods (RD New, approximate): garden records, a few per street, spread
// wide over the houses. {x, y, sigma, weight}.
constexpr Cluster kGardens[] = {
    {94700, 465950, 330, 1.2},  // Merenwijk
    {94450, 465480, 280, 0.8},  // Slaaghwijk
    {95150, 465650, 260, 0.6},  // Zijlwijk
    {94330, 466150, 220, 0.5},  // Leedewijk
    {90820, 463280, 420, 1.2},  // Stevenshof
    {94350, 462760, 300, 1.0},  // Professorenwijk
    {94250, 463000, 230, 0.8},  // Burgemeesterswijk
    {93560, 462880, 240, 0.7},  // Tuinstadwijk
    {93050, 463330, 230, 0.7},  // Vreewijk
    {92650, 463150, 280, 0.6},  // Haagweg
    {92050, 462850, 330, 0.8},  // Boshuizen
    {92320, 461900, 280, 0.6},  // Fortuinwijk
    {92900, 462050, 280, 0.6},  // Gasthuiswijk
    {93450, 465020, 280, 0.9},  // Houtkwartier
    {92380, 465340, 180, 0.5},  // Vogelwijk
    {92720, 465680, 230, 0.6},  // Raadsherenbuurt
    {94400, 464850, 280, 0.8},  // Noorderkwartier
    {93820, 464950, 230, 0.6},  // Groenoord
    {95000, 464350, 230, 0.6},  // De Kooi
    {92620, 463950, 200, 0.5},  // Transvaal
    {91150, 462820, 320, 0.7},  // Kloosterhof, Dobbewijk
    {90600, 463480, 300, 0.5},  // Schenkwijk
    {95180, 462950, 280, 0.7},  // Roomburg, Meerburg
    {94900, 463720, 230, 0.5},  // De Waard
    {91650, 463800, 330, 0.5},  // Hoge Mors
};

// BiodiverCity sites, 33 % (uniform with a Gaussian hotspot in each; shares by kind, size and
// closeness to the centre), and their surroundings, 5 %: park edges, the streets and gardens
// around them.
void add_green_sites(DemoPlaces& d, const DemoSources& src) {
  std::vector<uint32_t> site_places;
  std::vector<double> site_w;
  {
    double total = 0;
    std::vector<double> cxs, cys, sizes;
    for (size_t i = 0; i < src.sites.features.size(); ++i) {
      const DemoFeature& f = src.sites.features[i];
      const std::string kind = src.sites.value(i, "kind");
      double area = 0;
      GEOSArea_r(geos_ctx(), f.area.get(), &area);
      const double size = std::clamp(std::sqrt(area) / 150.0, 0.4, 3.5);
      GeomPtr c(GEOSGetCentroid_r(geos_ctx(), f.area.get()));
      double cx = kCentreX, cy = kCentreY;
      if (c) GEOSGeomGetX_r(geos_ctx(), c.get(), &cx), GEOSGeomGetY_r(geos_ctx(), c.get(), &cy);
      const double d2 = (cx - kCentreX) * (cx - kCentreX) + (cy - kCentreY) * (cy - kCentreY);
      const double kind_w = kind == "park"           ? 1.0
                            : kind == "garden"       ? 1.2
                            : kind == "nature area"  ? 0.9
                            : kind == "street green" ? 0.5
                                                     : 0.8;
      site_w.push_back(kind_w * size * (1.0 + 1.5 / (1.0 + d2 / (1500.0 * 1500.0))));
      total += site_w.back();
      cxs.push_back(cx), cys.push_back(cy), sizes.push_back(std::sqrt(area));
    }
    for (size_t i = 0; i < src.sites.features.size(); ++i) {
      const DemoFeature& f = src.sites.features[i];
      const int type = GEOSGeomTypeId_r(geos_ctx(), f.geom.get());
      Place p;
      p.locality = src.sites.value(i, "name") + ", Leiden";
      p.area = rings_of(f.area.get());
      p.profile = profile_for_kind(src.sites.value(i, "kind"));
      p.garden = src.sites.value(i, "kind") == "garden";
      p.weight = 0.33 * site_w[i] / total;
      if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {  // lines/points: buffers already
        p.hx = cxs[i], p.hy = cys[i];
        p.hotspot_sigma = 0.25 * sizes[i];
        p.hotspot_share = 0.45;
      }
      site_places.push_back(static_cast<uint32_t>(d.places.size()));
      d.places.push_back(std::move(p));
    }
  }
  // The surroundings of the sites: park edges, the streets and gardens around them.
  {
    Place p;
    p.locality = "Leiden";
    p.shape = Shape::Halo;
    p.area = rings_of(src.leiden.get());
    p.profile = kPGarden;
    p.weight = 0.05;
    p.spread = 70;
    p.halo = site_places;
    for (double w : site_w) p.halo_cdf.add(w);
    d.places.push_back(std::move(p));
  }
}

// Along the water and the paths, 13 %: the Singel (the busiest walk of the town), the Rijn,
// the Zijl and the Rijn-Schiekanaal banks, the avenues; 25 m lateral spread.
void add_paths(DemoPlaces& d, const DemoSources& src, Rng& layout) {
  for (size_t i = 0; i < src.sites.features.size(); ++i) {
    const DemoFeature& f = src.sites.features[i];
    if (GEOSGeomTypeId_r(geos_ctx(), f.geom.get()) != GEOS_LINESTRING) continue;
    const std::string kind = src.sites.value(i, "kind");
    const bool ring = GEOSisClosed_r(geos_ctx(), f.geom.get()) == 1;  // the Singel
    d.paths.add_line(f.geom.get(), ring ? 1.6 : kind == "water" ? 0.8 : 0.6, layout);
  }
  d.paths.add_coords(kRijn, 1.3, layout);
  Place q;
  q.locality = "Leiden";
  q.shape = Shape::Path;
  q.profile = kPWater;
  q.area = rings_of(src.leiden.get());
  q.weight = 0.13;
  q.spread = 25;
  d.places.push_back(std::move(q));
}

// The old town, 9 %: shopping streets, the Burcht, the Rapenburg, the Haven.
void add_old_town(DemoPlaces& d, const DemoSources& src) {
  Place p;
  p.locality = "Leiden";
  p.shape = Shape::Clusters;
  p.area = rings_of(src.leiden.get());
  p.profile = kPUrban;
  p.weight = 0.09;
  p.clusters = {{93720, 463780, 260, 3.0},   // Breestraat, Burcht, Hooglandse Kerk
                {93400, 463650, 170, 1.2},   // Rapenburg, Pieterskerk
                {94150, 463720, 240, 1.0}};  // Haven, Oude Vest
  d.places.push_back(std::move(p));
}

// Gardens in the residential neighbourhoods, 9 %: 600 observers' gardens and balconies (small
// clumps, a few very active, most with a handful of records) over the neighbourhoods, plus a
// thin wide spread over the houses (a fifth of the share).
void add_gardens(DemoPlaces& d, const DemoSources& src, Rng& layout) {
  Place p;
  p.locality = "Leiden";
  p.shape = Shape::Clusters;
  p.area = rings_of(src.leiden.get());
  p.profile = kPGarden;
  p.garden = true;
  p.weight = 0.09;
  // No garden inside or next to an LBSP impact or control area (their records are the
  // planted effects' evidence; a busy garden there would blur them).
  std::vector<Envelope> lbsp_env;
  for (const DemoSource* s : {&src.measures, &src.levend_lab, &src.controls})
    for (const DemoFeature& f : s->features) lbsp_env.push_back(envelope_of(f.area.get()));
  auto near_lbsp = [&](double x, double y) {
    for (const Envelope& e : lbsp_env)
      if (x > e.minx - 150 && x < e.maxx + 150 && y > e.miny - 150 && y < e.maxy + 150) return true;
    return false;
  };
  Cdf hood;
  double wide = 0;
  for (const Cluster& c : kGardens) hood.add(c.weight), wide += c.weight;
  std::vector<Cluster> homes;
  double homes_w = 0;
  while (homes.size() < 600) {
    const Cluster& c = kGardens[hood.pick(layout)];
    const double x = c.x + c.sigma * layout.normal(), y = c.y + c.sigma * layout.normal();
    const double u = layout.uniform(), v = layout.uniform();
    if (!p.area.contains(x, y) || near_lbsp(x, y)) continue;
    homes.push_back({x, y, 8.0 + 25.0 * v, 1.0 / (0.02 + u)});
    homes_w += homes.back().weight;
  }
  for (const Cluster& c : kGardens)
    p.clusters.push_back({c.x, c.y, c.sigma, 0.2 * c.weight / wide});
  for (const Cluster& h : homes)
    p.clusters.push_back({h.x, h.y, h.sigma, 0.8 * h.weight / homes_w});
  d.places.push_back(std::move(p));
}

// A thin uniform background over the whole gemeente, 5 %.
void add_background(DemoPlaces& d, const DemoSources& src) {
  Place p;
  p.locality = "Leiden";
  p.area = rings_of(src.leiden.get());
  p.weight = 0.05;
  d.places.push_back(std::move(p));
}

// LBSP impact areas (the measures and the Levend Lab, each with its planted effect) and
// controls: 9 %, equal shares.
void add_lbsp(DemoPlaces& d, const DemoSources& src) {
  std::vector<const DemoSource*> measure_srcs = {&src.measures, &src.levend_lab};
  const size_t n_areas =
      src.measures.features.size() + src.levend_lab.features.size() + src.controls.features.size();
  for (const DemoSource* s : measure_srcs) {
    for (size_t i = 0; i < s->features.size(); ++i) {
      LbspEffect e;
      e.id = s->features[i].id;
      e.type = s->value(i, "measure_type");
      e.date = s->value(i, "carried_out");
      e.controls = s->value(i, "control_ids");
      e.day = parse_iso_day(e.date);
      e.pool = pool_for_measure_type(e.type);
      if (e.pool < 0) throw Error(s->name + ": unknown measure_type '" + e.type + "'");
      Place p;
      p.locality = "Leiden Bio Science Park, Leiden";
      p.area = rings_of(s->features[i].area.get());
      p.profile = kPCampus;
      p.weight = 0.09 / n_areas;
      p.lbsp = static_cast<int>(d.lbsp.size());
      d.lbsp.push_back(e);
      d.places.push_back(std::move(p));
    }
  }
  for (const DemoFeature& f : src.controls.features) {
    Place p;
    p.locality = "Leiden Bio Science Park, Leiden";
    p.area = rings_of(f.area.get());
    p.profile = kPCampus;
    p.weight = 0.09 / n_areas;
    d.places.push_back(std::move(p));
  }
}

// Polderlab plots (each with its planted effect): 5 %, equal shares; the polder around Oud
// Ade: 12 %.
void add_polderlab(DemoPlaces& d, const DemoSources& src) {
  for (size_t i = 0; i < src.plots.features.size(); ++i) {
    PlotEffect e;
    e.id = src.plots.features[i].id;
    e.treatment = src.plots.value(i, "treatment");
    e.day = parse_iso_day(src.plots.value(i, "start_date"));
    e.probability = e.treatment == "deep rewetting"      ? 0.6
                    : e.treatment == "shallow rewetting" ? 0.3
                                                         : 0.0;
    Place p;
    p.locality = "Polder Vrouw Venne, Oud Ade";
    p.area = rings_of(src.plots.features[i].area.get());
    p.profile = kPPolder;
    p.weight = 0.05 / src.plots.features.size();
    p.plot = static_cast<int>(d.plots.size());
    d.plots.push_back(e);
    d.places.push_back(std::move(p));
  }
  // Oud Ade and its polders, inside the gemeente Kaag en Braassem: records cluster around
  // the village, the Polderlab (visitors' path) and a few dike walks and lake shores, and
  // thin out with distance — no hard-edged sampling box.
  Envelope plots_env;
  for (const auto& f : src.plots.features) plots_env.expand(envelope_of(f.area.get()));
  const double px = 0.5 * (plots_env.minx + plots_env.maxx);
  const double py = 0.5 * (plots_env.miny + plots_env.maxy);
  Place p;
  p.locality = "Oud Ade";
  p.shape = Shape::Clusters;
  p.area = rings_of(src.kaag_braassem.get());
  p.profile = kPNature;
  p.weight = 0.12;
  p.clusters = {{103150, 467050, 350, 3.0},   // the village of Oud Ade
                {px, py, 700, 3.0},           // around the Polderlab plots
                {102300, 466300, 500, 1.0},   // dike walk to the south-west
                {104200, 467900, 600, 1.2},   // lake shore (Braassemermeer side)
                {103800, 466000, 900, 1.0},   // open polder, sparse
                {102600, 468100, 450, 0.8}};  // small nature area to the north-west
  d.places.push_back(std::move(p));
}

}  // namespace

DemoPlaces build_places(const DemoSources& src, uint64_t seed) {
  DemoPlaces d;
  // `layout` draws the fixed parts of the effort pattern, apart from the records' stream; the
  // order of the steps below is part of the output.
  Rng layout(seed ^ 0x6C61796F75747631ull);
  // Leiden: 74 % of the records, with the effort bias of real city data (iNaturalist,
  // waarneming.nl): most records in the green sites and along the water, a busy old town,
  // gardens at low density, and a thin uniform background.
  //   BiodiverCity sites 33 % (uniform with a Gaussian hotspot in each), their surroundings 5 %,
  //   along the Singel, the Rijn and the linear sites 13 %, the old town 9 %, gardens in the
  //   residential neighbourhoods 9 %, uniform background 5 %.
  add_green_sites(d, src);
  add_paths(d, src, layout);
  add_old_town(d, src);
  add_gardens(d, src, layout);
  add_background(d, src);
  // The Leiden Bio Science Park 9 %, the Polderlab plots and Oud Ade 17 %.
  add_lbsp(d, src);
  add_polderlab(d, src);
  for (const Place& p : d.places) d.place_cdf.add(p.weight);
  return d;
}

}  // namespace biodash::demo
