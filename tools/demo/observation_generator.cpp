#include "observation_generator.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/atomic_file.hpp"
#include "core/crs.hpp"
#include "core/error.hpp"
#include "demo_sources.hpp"

namespace biodash::demo {
namespace {

// ---- randomness: xoshiro256** seeded by splitmix64; only exact arithmetic on top of it -----

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

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

// ---- geometry for sampling: own rings (even-odd rule) and centrelines ---------------------

struct Rings {
  std::vector<std::vector<double>> rings;         // each ring: x0,y0,x1,y1,... closed
  double minx = 0, miny = 0, maxx = 0, maxy = 0;  // envelope

  bool contains(double x, double y) const {
    bool in = false;
    for (const auto& r : rings) {
      const size_t n = r.size() / 2;
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
      }
    }
    return in;
  }
};

void add_ring(Rings& out, const GEOSGeometry* ring) {
  GEOSContextHandle_t h = geos_ctx();
  const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) throw Error("GEOS: " + geos_last_error());
  std::vector<double> r;
  for (unsigned i = 0; i < n; ++i) {
    double x, y;
    GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
    r.push_back(x);
    r.push_back(y);
  }
  out.rings.push_back(std::move(r));
}

Rings rings_of(const GEOSGeometry* g) {
  GEOSContextHandle_t h = geos_ctx();
  Rings out;
  const int parts = GEOSGetNumGeometries_r(h, g);
  for (int p = 0; p < parts; ++p) {
    const GEOSGeometry* poly = GEOSGetGeometryN_r(h, g, p);
    if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON) continue;
    add_ring(out, GEOSGetExteriorRing_r(h, poly));
    for (int k = 0; k < GEOSGetNumInteriorRings_r(h, poly); ++k)
      add_ring(out, GEOSGetInteriorRingN_r(h, poly, k));
  }
  Envelope e = envelope_of(g);
  out.minx = e.minx;
  out.miny = e.miny;
  out.maxx = e.maxx;
  out.maxy = e.maxy;
  if (out.rings.empty()) throw Error("sampling area has no polygon");
  return out;
}

// Polylines with cumulative (weighted) lengths, for "along a path" sampling: a busier path
// gets a larger factor, i.e. more records per metre.
struct Paths {
  std::vector<double> ax, ay, bx, by;  // segment ends
  Cdf length;                          // cumulative segment lengths times the line's factor

  void add_segment(double x0, double y0, double x1, double y1, double factor) {
    ax.push_back(x0), ay.push_back(y0), bx.push_back(x1), by.push_back(y1);
    length.add(factor * std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)));
  }
  // x0,y0,x1,y1,... (RD New), cut into pieces of about 60 m whose factor varies at random
  // (0.2..1.8 times `factor`, from `patchy`): stretches with benches, feeding spots or a good
  // view get more records than the rest.
  void add_coords(const std::vector<double>& xy, double factor, Rng& patchy) {
    for (size_t i = 2; i + 1 < xy.size(); i += 2) {
      const double x0 = xy[i - 2], y0 = xy[i - 1], x1 = xy[i], y1 = xy[i + 1];
      const double len = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
      const int pieces = std::max(1, static_cast<int>(len / 60.0));
      for (int k = 0; k < pieces; ++k) {
        const double a = static_cast<double>(k) / pieces, b = static_cast<double>(k + 1) / pieces;
        const double u = patchy.uniform();
        add_segment(x0 + a * (x1 - x0), y0 + a * (y1 - y0), x0 + b * (x1 - x0), y0 + b * (y1 - y0),
                    factor * (0.2 + 1.6 * u * u));
      }
    }
  }
  void add_line(const GEOSGeometry* g, double factor, Rng& patchy) {
    GEOSContextHandle_t h = geos_ctx();
    const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, g);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) throw Error("GEOS: " + geos_last_error());
    std::vector<double> xy;
    for (unsigned i = 0; i < n; ++i) {
      double x, y;
      GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
      xy.push_back(x);
      xy.push_back(y);
    }
    add_coords(xy, factor, patchy);
  }
};

// ---- habitat profiles and taxon tables ------------------------------------------------------

// Weight factors per habitat flag (u, t, m, w); a taxon gets the largest factor of its flags.
struct Profile {
  double u, t, m, w;  // factors for kUrban, kTrees, kMeadow, kWetland
};
enum ProfileId : int {
  kPUrban,
  kPPark,
  kPGarden,
  kPStreet,
  kPWater,
  kPNature,
  kPCampus,
  kPPolder,
  kProfiles
};
constexpr Profile kProfileDefs[kProfiles] = {
    {1.0, 0.35, 0.30, 0.12},  // urban background
    {0.7, 1.0, 0.7, 0.35},    // park
    {1.0, 0.6, 0.7, 0.2},     // garden
    {1.0, 0.5, 0.5, 0.05},    // street green / paths
    {0.5, 0.3, 0.3, 1.0},     // water and banks
    {0.25, 0.6, 1.0, 0.8},    // nature area, polder surroundings
    {1.0, 0.06, 0.05, 0.02},  // LBSP campus (mown lawns, paving, ornamental trees)
    {0.03, 0.05, 1.0, 0.3},   // Polderlab plots before/without rewetting
};
// Extra pools planted by the effects (flattened abundance, so rare taxa show up).
enum PoolId : int { kPoolTrees, kPoolVerge, kPoolBank, kPoolLab, kPoolWetland, kPools };
const char* const kMeasureTypes[4] = {"tree_planting", "verge_widening", "bank_revetment",
                                      "levend_lab"};

constexpr double kTierWeight[6] = {0, 30, 10, 3, 1, 0.3};    // abundance 1..5
constexpr double kPoolTierWeight[6] = {0, 4, 3, 2, 1.5, 1};  // inside an effect pool

bool has_group(const Taxon& t, std::initializer_list<const char*> groups) {
  for (const char* g : groups)
    if (t.group == g) return true;
  return false;
}

bool in_pool(const Taxon& t, int pool) {
  const bool urban = t.habitat & kUrban;
  switch (pool) {
    case kPoolTrees:
      return (t.habitat & kTrees) && !urban &&
             has_group(t, {"birds", "insects", "fungi", "mammals", "arachnids", "molluscs",
                           "vascular plants"});
    case kPoolVerge:
      return (t.habitat & kMeadow) && !urban &&
             has_group(t, {"vascular plants", "insects", "arachnids"});
    case kPoolBank:
      return (t.habitat & kWetland) && !urban &&
             has_group(t, {"vascular plants", "insects", "amphibians", "molluscs", "arachnids"});
    case kPoolLab:
      return (t.habitat & (kMeadow | kWetland)) && !urban &&
             has_group(t, {"vascular plants", "insects", "amphibians", "arachnids"});
    case kPoolWetland:
      return (t.habitat & kWetland) != 0;
  }
  return false;
}

double season_factor(const Taxon& t, int month) {
  if (t.months & (1u << (month - 1))) return 1.0;
  if (t.group == "vascular plants" || t.group == "mosses") return 0.3;
  if (t.group == "birds") return 0.05;
  if (t.group == "insects" || t.group == "arachnids") return 0.01;
  return 0.05;
}

double profile_factor(const Taxon& t, const Profile& p) {
  double f = 0;
  if (t.habitat & kUrban) f = std::max(f, p.u);
  if (t.habitat & kTrees) f = std::max(f, p.t);
  if (t.habitat & kMeadow) f = std::max(f, p.m);
  if (t.habitat & kWetland) f = std::max(f, p.w);
  return f;
}

unsigned parse_months(const std::string& s, const std::string& where) {
  int a = 0, b = 0;
  if (std::sscanf(s.c_str(), "%d-%d", &a, &b) != 2 || a < 1 || a > 12 || b < 1 || b > 12)
    throw Error(where + ": months '" + s + "' is not like 3-10");
  unsigned mask = 0;
  for (int m = a;; m = m % 12 + 1) {
    mask |= 1u << (m - 1);
    if (m == b) break;
  }
  return mask;
}

// ---- places where records are made ----------------------------------------------------------

// Area: uniform in `area`, optionally with a Gaussian hotspot around (hx, hy) (a park's busy
// core: entrance, pond, playground); Path: along `paths` with a Gaussian lateral spread;
// Clusters: a mixture of Gaussian clusters; Halo: a point of one of the `halo` places, moved
// by a Gaussian offset (records just outside a park: its edges, the streets around it).
// Path, Clusters and Halo keep only points inside `area` (the gemeente).
enum class Shape { Area, Path, Clusters, Halo };

// A Gaussian cluster of records (RD New metres): village centres, walking routes, hides.
struct Cluster {
  double x, y;    // centre
  double sigma;   // spread (m)
  double weight;  // relative share within the place
};

struct Place {
  std::string locality;           // locality text written to the CSV
  Shape shape = Shape::Area;      // how points are drawn
  Rings area;                     // sampling area; for Path the gemeente to stay inside
  int profile = kPUrban;          // ProfileId
  double weight = 0;              // share of all records
  int lbsp = -1;                  // index into the LBSP effects when this is an impact area
  int plot = -1;                  // index into the Polderlab plots
  bool garden = false;            // private garden-like site: more casual records
  std::vector<Cluster> clusters;  // for Shape::Clusters: where people walk and look
  double hx = 0, hy = 0;          // Shape::Area: hotspot centre (RD New)
  double hotspot_sigma = 0;       // Shape::Area: hotspot spread (m); 0 = uniform only
  double hotspot_share = 0;       // Shape::Area: share of the records drawn from the hotspot
  double spread = 0;              // Shape::Path: lateral sigma (m); Shape::Halo: offset sigma
  std::vector<uint32_t> halo;     // Shape::Halo: the places whose surroundings are sampled
  Cdf halo_cdf;                   // Shape::Halo: which of them, by weight
};

struct LbspEffect {
  std::string id, type, date, controls;  // measure id, type, ISO date, control ids "C1,C2"
  int64_t day = 0;                       // date as days since 1970
  int pool = 0;                          // PoolId
};
constexpr double kLbspPoolProbability = 0.35;  // share of records from the pool after the date

struct PlotEffect {
  std::string id, treatment;  // plot id, treatment
  int64_t day = 0;            // start date as days since 1970
  double probability = 0;     // share of records from the wetland pool after the start
};

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

// ---- output helpers -------------------------------------------------------------------------

void append_int(std::string& s, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}
void append_fixed(std::string& s, double v, int decimals) {
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  s.append(buf, r.ptr);
}
void append_date(std::string& s, int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  s += buf;
}
std::string json_string(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A file written to a temporary name beside `path` and renamed over it on commit()
// (core/atomic_file.hpp).
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)), tmp_(atomic_temp_path(path_)) {
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) throw Error(tmp_ + ": cannot create: " + std::strerror(errno));
  }
  ~AtomicFile() {
    if (f_) {
      std::fclose(f_);
      discard_temp(tmp_);
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
      throw Error(tmp_ + ": write failed: " + std::strerror(errno));
  }
  void commit() {
    const bool bad = std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad) throw Error(tmp_ + ": write failed: " + std::strerror(errno));
    replace_with(tmp_, path_);
  }

 private:
  std::string path_;   // final path
  std::string tmp_;    // temporary path
  FILE* f_ = nullptr;  // open temporary file
};

}  // namespace

const char* observation_csv_header() {
  return "gbifID\tdatasetName\toccurrenceID\tkingdom\tphylum\tclass\torder\tfamily\tgenus\t"
         "species\ttaxonRank\tscientificName\tvernacularName\tcountryCode\tstateProvince\t"
         "locality\toccurrenceStatus\tindividualCount\tdecimalLatitude\tdecimalLongitude\t"
         "coordinateUncertaintyInMeters\teventDate\tday\tmonth\tyear\tbasisOfRecord\tlicense\t"
         "recordedBy\tquality_grade\ttaxonGroup\tvernacularName_en";
}

std::vector<Taxon> read_taxa(const std::string& path) {
  TsvTable t = read_tsv(path);
  const char* cols[] = {"scientificName", "vernacular_nl", "vernacular_en", "group",
                        "kingdom",        "phylum",        "class",         "order",
                        "family",         "habitat",       "months",        "abundance"};
  int ix[12];
  for (int i = 0; i < 12; ++i) {
    ix[i] = t.column(cols[i]);
    if (ix[i] < 0) throw Error(path + ": column '" + cols[i] + "' missing");
  }
  std::vector<Taxon> out;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string where = path + ":" + std::to_string(r + 2);
    Taxon x;
    x.scientific = row[ix[0]];
    x.dutch = row[ix[1]];
    x.english = row[ix[2]];
    x.group = row[ix[3]];
    x.kingdom = row[ix[4]];
    x.phylum = row[ix[5]];
    x.cls = row[ix[6]];
    x.order = row[ix[7]];
    x.family = row[ix[8]];
    x.genus = x.scientific.substr(0, x.scientific.find(' '));
    for (char c : row[ix[9]]) {
      if (c == 'u')
        x.habitat |= kUrban;
      else if (c == 't')
        x.habitat |= kTrees;
      else if (c == 'm')
        x.habitat |= kMeadow;
      else if (c == 'w')
        x.habitat |= kWetland;
      else
        throw Error(where + ": habitat letter '" + std::string(1, c) + "' is not u/t/m/w");
    }
    x.months = parse_months(row[ix[10]], where);
    x.abundance = std::atoi(row[ix[11]].c_str());
    if (x.scientific.find(' ') == std::string::npos || x.abundance < 1 || x.abundance > 5 ||
        x.habitat == 0)
      throw Error(where + ": needs a binomial, habitat flags and abundance 1..5");
    out.push_back(std::move(x));
  }
  if (out.empty()) throw Error(path + ": no taxa");
  return out;
}

GenerationSummary generate_observations(const GeneratorConfig& cfg, ObservationSink* sink) {
  if (cfg.csv_path.empty()) throw Error("generate_observations: no output path");
  GenerationSummary summary;
  summary.taxa = read_taxa(cfg.source_dir + "/tools/demo/taxa.tsv");
  const std::vector<Taxon>& taxa = summary.taxa;
  DemoSources src = load_demo_sources(cfg.source_dir);

  // Places and their shares of the records. `layout` draws the fixed parts of the effort
  // pattern (busy stretches of the paths, observers' gardens) from the seed, apart from `rng`.
  Rng layout(cfg.seed ^ 0x6C61796F75747631ull);
  std::vector<Place> places;
  std::vector<Paths> paths(1);
  auto add_place = [&](Place p) {
    summary.localities.push_back(p.locality);
    places.push_back(std::move(p));
  };
  // Leiden: 74 % of the records, with the effort bias of real city data (iNaturalist,
  // waarneming.nl): most records in the green sites and along the water, a busy old town,
  // gardens at low density, and a thin uniform background.
  //   BiodiverCity sites 33 % (uniform with a Gaussian hotspot in each), their surroundings 5 %,
  //   along the Singel, the Rijn and the linear sites 13 %, the old town 9 %, gardens in the
  //   residential neighbourhoods 9 %, uniform background 5 %.
  // BiodiverCity sites: by kind, size and closeness to the centre.
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
      site_places.push_back(static_cast<uint32_t>(places.size()));
      add_place(std::move(p));
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
    add_place(std::move(p));
  }
  // Along the water and the paths: the Singel (the busiest walk of the town), the Rijn, the
  // Zijl and the Rijn-Schiekanaal banks, the avenues; 25 m lateral spread.
  {
    for (size_t i = 0; i < src.sites.features.size(); ++i) {
      const DemoFeature& f = src.sites.features[i];
      if (GEOSGeomTypeId_r(geos_ctx(), f.geom.get()) != GEOS_LINESTRING) continue;
      const std::string kind = src.sites.value(i, "kind");
      const bool ring = GEOSisClosed_r(geos_ctx(), f.geom.get()) == 1;  // the Singel
      paths[0].add_line(f.geom.get(), ring ? 1.6 : kind == "water" ? 0.8 : 0.6, layout);
    }
    paths[0].add_coords(kRijn, 1.3, layout);
    Place q;
    q.locality = "Leiden";
    q.shape = Shape::Path;
    q.profile = kPWater;
    q.area = rings_of(src.leiden.get());
    q.weight = 0.13;
    q.spread = 25;
    add_place(std::move(q));
  }
  // The old town: shopping streets, the Burcht, the Rapenburg, the Haven.
  {
    Place p;
    p.locality = "Leiden";
    p.shape = Shape::Clusters;
    p.area = rings_of(src.leiden.get());
    p.profile = kPUrban;
    p.weight = 0.09;
    p.clusters = {{93720, 463780, 260, 3.0},   // Breestraat, Burcht, Hooglandse Kerk
                  {93400, 463650, 170, 1.2},   // Rapenburg, Pieterskerk
                  {94150, 463720, 240, 1.0}};  // Haven, Oude Vest
    add_place(std::move(p));
  }
  // Gardens in the residential neighbourhoods: 600 observers' gardens and balconies (small
  // clumps, a few very active, most with a handful of records) over the neighbourhoods, plus a
  // thin wide spread over the houses (a fifth of the share).
  {
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
        if (x > e.minx - 150 && x < e.maxx + 150 && y > e.miny - 150 && y < e.maxy + 150)
          return true;
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
    add_place(std::move(p));
  }
  // A thin uniform background over the whole gemeente.
  {
    Place p;
    p.locality = "Leiden";
    p.area = rings_of(src.leiden.get());
    p.weight = 0.05;
    add_place(std::move(p));
  }
  // LBSP impact areas and controls: 9 %, equal shares.
  std::vector<LbspEffect> lbsp;
  {
    std::vector<const DemoSource*> measure_srcs = {&src.measures, &src.levend_lab};
    const size_t n_areas = src.measures.features.size() + src.levend_lab.features.size() +
                           src.controls.features.size();
    for (const DemoSource* s : measure_srcs) {
      for (size_t i = 0; i < s->features.size(); ++i) {
        LbspEffect e;
        e.id = s->features[i].id;
        e.type = s->value(i, "measure_type");
        e.date = s->value(i, "carried_out");
        e.controls = s->value(i, "control_ids");
        e.day = parse_iso_day(e.date);
        e.pool = -1;
        for (int k = 0; k < 4; ++k)
          if (e.type == kMeasureTypes[k]) e.pool = k;
        if (e.pool < 0) throw Error(s->name + ": unknown measure_type '" + e.type + "'");
        Place p;
        p.locality = "Leiden Bio Science Park, Leiden";
        p.area = rings_of(s->features[i].area.get());
        p.profile = kPCampus;
        p.weight = 0.09 / n_areas;
        p.lbsp = static_cast<int>(lbsp.size());
        lbsp.push_back(e);
        add_place(std::move(p));
      }
    }
    for (const DemoFeature& f : src.controls.features) {
      Place p;
      p.locality = "Leiden Bio Science Park, Leiden";
      p.area = rings_of(f.area.get());
      p.profile = kPCampus;
      p.weight = 0.09 / n_areas;
      add_place(std::move(p));
    }
  }
  // Polderlab plots: 5 %, equal shares; the polder around Oud Ade: 12 %.
  std::vector<PlotEffect> plot_effects;
  {
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
      p.plot = static_cast<int>(plot_effects.size());
      plot_effects.push_back(e);
      add_place(std::move(p));
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
    add_place(std::move(p));
  }
  Cdf place_cdf;
  for (const Place& p : places) place_cdf.add(p.weight);

  // Taxon tables: [profile or pool][month 1..12].
  const int n_tables = static_cast<int>(kProfiles) + static_cast<int>(kPools);
  std::vector<Cdf> tables(n_tables * 12);
  std::vector<std::vector<uint32_t>> pool_members(kPools);
  for (int k = 0; k < n_tables; ++k) {
    for (int m = 1; m <= 12; ++m) {
      Cdf& c = tables[k * 12 + (m - 1)];
      for (size_t i = 0; i < taxa.size(); ++i) {
        const Taxon& t = taxa[i];
        double w;
        if (k < kProfiles) {
          w = kTierWeight[t.abundance] * profile_factor(t, kProfileDefs[k]);
        } else {
          const bool member = in_pool(t, k - kProfiles);
          w = member ? kPoolTierWeight[t.abundance] : 0.0;
          if (member && m == 1) pool_members[k - kProfiles].push_back(static_cast<uint32_t>(i));
        }
        c.add(w * season_factor(t, m));
      }
    }
  }

  // Days 2015-01-01 .. 2026-12-31: growth per year (a 2020 lockdown bump), season, weekends.
  const int64_t first_day = days_from_civil(2015, 1, 1), last_day = days_from_civil(2026, 12, 31);
  constexpr double kMonthActivity[12] = {0.5, 0.55, 0.8, 1.2, 1.5,  1.5,
                                         1.4, 1.3,  1.0, 0.8, 0.55, 0.45};
  Cdf day_cdf;
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
      day_cdf.add(year_w * covid * kMonthActivity[m - 1] * wk);
    }
  }
  // Observers: a few make most records (weight ~ 1 / (rank * (1 + rank / 150))).
  constexpr int kObservers = 3000;
  Cdf observer_cdf;
  for (int i = 0; i < kObservers; ++i) observer_cdf.add(1.0 / ((i + 1.0) * (1.0 + i / 150.0)));
  constexpr int kUncertainty[] = {4, 5, 8, 10, 15, 20, 30, 50, 100, 250, 1000};
  Cdf uncertainty_cdf;
  for (double w : {8, 12, 10, 15, 12, 12, 10, 8, 6, 4, 1}) uncertainty_cdf.add(w);
  const char* const kLicences[7] = {"CC_BY_4_0", "CC_BY_4_0", "CC_BY_4_0", "CC_BY_NC_4_0",
                                    "CC0_1_0",   "CC0_1_0",   "CC0_1_0"};

  Rng rng(cfg.seed);
  CrsTransform to_wgs84(kDemoCrs, "EPSG:4326");
  AtomicFile out(cfg.csv_path);
  std::string buf = observation_csv_header();
  buf += '\n';
  const std::string seed_text = std::to_string(cfg.seed);

  constexpr size_t kBatch = 16384;
  std::vector<Observation> batch;
  std::vector<double> xs, ys;
  batch.reserve(kBatch);
  for (uint64_t done = 0; done < cfg.count;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kBatch, cfg.count - done));
    batch.assign(n, Observation{});
    xs.resize(n);
    ys.resize(n);
    for (size_t k = 0; k < n; ++k) {
      Observation& o = batch[k];
      o.index = done + k;
      o.place = static_cast<uint32_t>(place_cdf.pick(rng));
      const Place& p = places[o.place];
      const int64_t day = first_day + static_cast<int64_t>(day_cdf.pick(rng));
      civil_from_days(day, o.year, o.month, o.day);

      // Location.
      if (p.shape == Shape::Path) {
        const Paths& ps = paths[0];
        for (int tries = 0;; ++tries) {  // lateral Gaussian spread, inside the gemeente
          const size_t s = ps.length.pick(rng);
          const double f = rng.uniform();
          const double off = p.spread * rng.normal() * (0.4 + 1.2 * rng.uniform());
          const double dx = ps.bx[s] - ps.ax[s], dy = ps.by[s] - ps.ay[s];
          const double len = std::sqrt(dx * dx + dy * dy);
          o.x = ps.ax[s] + f * dx - off * dy / len;
          o.y = ps.ay[s] + f * dy + off * dx / len;
          if (p.area.contains(o.x, o.y)) break;
          if (tries > 10000) throw Error("cannot sample a point along the paths");
        }
      } else if (p.shape == Shape::Clusters) {
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
          o.x = c->x + c->sigma * rng.normal();
          o.y = c->y + c->sigma * rng.normal();
          if (p.area.contains(o.x, o.y)) break;
          if (tries > 10000) throw Error("cannot sample a point in " + p.locality);
        }
      } else if (p.shape == Shape::Halo) {
        for (int tries = 0;; ++tries) {
          const Rings& r = places[p.halo[p.halo_cdf.pick(rng)]].area;
          double x, y;
          do {
            x = r.minx + rng.uniform() * (r.maxx - r.minx);
            y = r.miny + rng.uniform() * (r.maxy - r.miny);
          } while (!r.contains(x, y));
          o.x = x + p.spread * rng.normal();
          o.y = y + p.spread * rng.normal();
          if (p.area.contains(o.x, o.y)) break;
          if (tries > 10000) throw Error("cannot sample a point around the sites");
        }
      } else {
        bool done_hotspot = false;
        if (p.hotspot_sigma > 0 && rng.chance(p.hotspot_share)) {
          for (int tries = 0; tries < 32 && !done_hotspot; ++tries) {
            o.x = p.hx + p.hotspot_sigma * rng.normal();
            o.y = p.hy + p.hotspot_sigma * rng.normal();
            done_hotspot = p.area.contains(o.x, o.y);
          }
        }
        for (int tries = 0; !done_hotspot; ++tries) {
          o.x = p.area.minx + rng.uniform() * (p.area.maxx - p.area.minx);
          o.y = p.area.miny + rng.uniform() * (p.area.maxy - p.area.miny);
          if (p.area.contains(o.x, o.y)) break;
          if (tries >= 10000) throw Error("cannot sample a point in " + p.locality);
        }
      }

      // Taxon, with the planted effects.
      int table = p.profile;
      if (p.lbsp >= 0 && day >= lbsp[p.lbsp].day && rng.chance(kLbspPoolProbability))
        table = kProfiles + lbsp[p.lbsp].pool;
      if (p.plot >= 0 && day >= plot_effects[p.plot].day &&
          rng.chance(plot_effects[p.plot].probability))
        table = static_cast<int>(kProfiles) + static_cast<int>(kPoolWetland);
      o.taxon = static_cast<uint32_t>(tables[table * 12 + (o.month - 1)].pick(rng));
      const Taxon& t = taxa[o.taxon];

      // Who, how sure, how many, how precisely.
      o.observer = static_cast<uint32_t>(observer_cdf.pick(rng));
      double research = t.group == "birds"             ? 0.8
                        : t.group == "vascular plants" ? 0.68
                        : t.group == "fungi"           ? 0.45
                        : t.group == "mosses"          ? 0.4
                                                       : 0.6;
      if (o.observer < 30) research += 0.1;
      const double casual = p.garden ? 0.12 : 0.05;
      const double q = rng.uniform();
      o.quality = q < casual ? "casual" : q < casual + research ? "research" : "needs_id";
      o.uncertainty_m = rng.chance(0.06) ? 0 : kUncertainty[uncertainty_cdf.pick(rng)];
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
      xs[k] = o.x;
      ys[k] = o.y;
    }
    if (to_wgs84.transform(xs.data(), ys.data(), n) != 0)
      throw Error("PROJ could not transform generated points to WGS84");
    for (size_t k = 0; k < n; ++k) {
      Observation& o = batch[k];
      const Taxon& t = taxa[o.taxon];
      // Round to the 6 decimals written, so sinks see exactly what the CSV says.
      char lat[32], lon[32];
      auto rl = std::to_chars(lat, lat + sizeof lat, ys[k], std::chars_format::fixed, 6);
      auto ro = std::to_chars(lon, lon + sizeof lon, xs[k], std::chars_format::fixed, 6);
      std::from_chars(lat, rl.ptr, o.lat);
      std::from_chars(lon, ro.ptr, o.lon);
      const bool range = o.event_date.size() > 10;
      const bool partial = o.event_date.size() == 7;
      int y2 = 0, m2 = 0;
      if (range) std::sscanf(o.event_date.c_str() + 11, "%d-%d", &y2, &m2);

      append_int(buf, 5000000001LL + static_cast<int64_t>(o.index));
      buf += "\tbiodash synthetic citizen observations (NOT REAL DATA)\turn:biodash:synthetic:s";
      buf += seed_text;
      buf += ':';
      append_int(buf, static_cast<int64_t>(o.index) + 1);
      for (const std::string* s :
           {&t.kingdom, &t.phylum, &t.cls, &t.order, &t.family, &t.genus, &t.scientific}) {
        buf += '\t';
        buf += *s;
      }
      buf += "\tSPECIES\t";
      buf += t.scientific;
      buf += '\t';
      buf += t.dutch;
      buf += "\tNL\tZuid-Holland\t";
      buf += summary.localities[o.place];
      buf += "\tPRESENT\t";
      if (o.individual_count > 0) append_int(buf, o.individual_count);
      buf += '\t';
      buf.append(lat, rl.ptr);
      buf += '\t';
      buf.append(lon, ro.ptr);
      buf += '\t';
      if (o.uncertainty_m > 0) append_int(buf, o.uncertainty_m);
      buf += '\t';
      buf += o.event_date;
      buf += '\t';
      if (!range && !partial) append_int(buf, o.day);
      buf += '\t';
      if (!range || (y2 == o.year && m2 == o.month)) append_int(buf, o.month);
      buf += '\t';
      if (!range || y2 == o.year) append_int(buf, o.year);
      buf += "\tHUMAN_OBSERVATION\t";
      buf += kLicences[o.observer % 7];
      buf += "\tobs_";
      char ob[12];
      std::snprintf(ob, sizeof ob, "%04u", o.observer + 1);
      buf += ob;
      buf += '\t';
      buf += o.quality;
      buf += '\t';
      buf += t.group;
      buf += '\t';
      buf += t.english;
      buf += '\n';
      if (buf.size() > (1u << 20)) {
        out.write(buf);
        buf.clear();
      }
    }
    if (sink) sink->add(batch, summary);
    done += n;
  }
  out.write(buf);
  out.commit();
  summary.records = cfg.count;

  if (!cfg.effects_path.empty()) {
    std::string j = "{\n  \"synthetic\": true,\n  \"generator\": \"biodash-gen-observations\",\n";
    j += "  \"seed\": " + seed_text + ",\n  \"count\": " + std::to_string(cfg.count) + ",\n";
    j += "  \"period\": [\"2015-01-01\", \"2026-12-31\"],\n";
    j += "  \"csv\": " + json_string(std::filesystem::path(cfg.csv_path).filename().string()) +
         ",\n";
    j += "  \"lbsp_measures\": [\n";
    for (size_t i = 0; i < lbsp.size(); ++i) {
      const LbspEffect& e = lbsp[i];
      j += "    {\"id\": " + json_string(e.id) + ", \"type\": " + json_string(e.type) +
           ", \"date\": " + json_string(e.date) + ", \"impact_area\": " + json_string(e.id) +
           ", \"controls\": [";
      for (size_t a = 0, b; a <= e.controls.size(); a = b + 1) {
        b = e.controls.find(',', a);
        if (b == std::string::npos) b = e.controls.size();
        j += (a ? ", " : "") + json_string(e.controls.substr(a, b - a));
      }
      j += "],\n     \"expected\": \"species richness rises in the impact area after the date, "
           "not in the controls: (I_after - I_before) - (C_after - C_before) > 0\",\n";
      j += "     \"pool_probability_after\": ";
      append_fixed(j, kLbspPoolProbability, 2);
      j += ", \"pool\": [";
      const auto& mem = pool_members[e.pool];
      for (size_t k = 0; k < mem.size(); ++k)
        j += (k ? ", " : "") + json_string(taxa[mem[k]].scientific);
      j += "]}";
      j += i + 1 < lbsp.size() ? ",\n" : "\n";
    }
    j += "  ],\n  \"polderlab\": {\n    \"expected\": \"after the start date rewetted plots gain "
         "more wetland taxa (habitat flag w in taxa.tsv) than control plots; deep > shallow\",\n";
    j += "    \"plots\": [\n";
    for (size_t i = 0; i < plot_effects.size(); ++i) {
      const PlotEffect& e = plot_effects[i];
      int y, m, d;
      civil_from_days(e.day, y, m, d);
      std::string date;
      append_date(date, y, m, d);
      j += "      {\"id\": " + json_string(e.id) + ", \"treatment\": " + json_string(e.treatment) +
           ", \"start\": " + json_string(date) + ", \"wetland_pool_probability_after\": ";
      append_fixed(j, e.probability, 2);
      j += i + 1 < plot_effects.size() ? "},\n" : "}\n";
    }
    j += "    ],\n    \"wetland_pool\": [";
    const auto& wet = pool_members[kPoolWetland];
    for (size_t k = 0; k < wet.size(); ++k)
      j += (k ? ", " : "") + json_string(taxa[wet[k]].scientific);
    j += "]\n  }\n}\n";
    AtomicFile ef(cfg.effects_path);
    ef.write(j);
    ef.commit();
  }
  return summary;
}

}  // namespace biodash::demo
