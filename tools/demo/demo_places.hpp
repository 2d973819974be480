#pragma once
// The places where the demo's records are made (internal to the demo generator): each with
// its sampling shape, habitat profile and share of all records, built from the demo sources
// (BiodiverCity sites, paths and water, the old town, gardens, LBSP impact and control areas,
// Polderlab plots, Oud Ade), together with the planted effects they carry.
#include <cstdint>
#include <string>
#include <vector>

#include "demo_sources.hpp"
#include "generator_random.hpp"
#include "sampling_geometry.hpp"
#include "taxon_pools.hpp"

namespace biodash::demo {

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

// A place where records are made: how its points are drawn, what is recorded there, its share.
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

// The planted effect of an LBSP measure: its pool after the date, in its impact area only.
struct LbspEffect {
  std::string id, type, date, controls;  // measure id, type, ISO date, control ids "C1,C2"
  int64_t day = 0;                       // date as days since 1970
  int pool = 0;                          // PoolId
};
constexpr double kLbspPoolProbability = 0.35;  // share of records from the pool after the date

// The planted effect of a Polderlab plot: wetland taxa after the start, by treatment.
struct PlotEffect {
  std::string id, treatment;  // plot id, treatment
  int64_t day = 0;            // start date as days since 1970
  double probability = 0;     // share of records from the wetland pool after the start
};

// All places of the demo and the planted effects they refer to.
struct DemoPlaces {
  std::vector<Place> places;      // in a fixed order: Observation::place indexes it
  Paths paths;                    // the centrelines of every Shape::Path place
  std::vector<LbspEffect> lbsp;   // Place::lbsp indexes it; measures in source order
  std::vector<PlotEffect> plots;  // Place::plot indexes it; plots in source order
  Cdf place_cdf;                  // which place a record is made in, by Place::weight
};

// Builds the places from the sources. `seed` draws the fixed parts of the effort pattern
// (busy stretches of the paths, observers' gardens) on a stream of its own, apart from the
// records' draws. Throws Error for a measure of unknown type or GEOS failure.
DemoPlaces build_places(const DemoSources& src, uint64_t seed);

}  // namespace biodash::demo
