#pragma once
// Everything the kiosk shows, prepared once at start-up (no GL, no ImGui): the layers of each
// tour scene (a scene whose data is missing or corrupt becomes the friendly fallback scene),
// the public observation points (sensitive taxa removed, one mesh per year for the time
// animation), the sensitive records coarsened to large hexagon cells, per-step choropleth
// colours and one story card per site. Observer names never leave this file: the observation
// store is dropped once the meshes and cards are built. All data is opened read-only.
#include <memory>
#include <string>
#include <vector>

#include "core/baci_replicated.hpp"
#include "core/choropleth.hpp"
#include "core/envelope.hpp"
#include "core/layer.hpp"
#include "core/mesh.hpp"
#include "kiosk/kiosk_controller.hpp"
#include "kiosk/kiosk_tour.hpp"
#include "render/scene.hpp"

namespace biodash::kiosk {

// The one name of the observation layer in tours: drawn as time-animated public points.
inline constexpr const char* kObservationsLayer = "citizen_observations";
// Bilingual caption of the fallback scene.
inline constexpr const char* kFallbackNl = "Deze kaart is even niet beschikbaar";
inline constexpr const char* kFallbackEn = "This map is taking a break";

struct YearPoints {
  int year = 0;                        // calendar year (0: undated)
  std::shared_ptr<const Mesh> mesh;    // points only, sensitive records removed
  std::shared_ptr<const Layer> layer;  // empty stand-in layer (Scene needs one per mesh)
};

// A site's story card, in plain words.
struct SiteStory {
  std::string name;                       // site name
  std::string about_nl, about_en;         // description from the data ("" none)
  uint32_t species = 0;                   // distinct taxa recorded (all records)
  uint64_t records = 0;                   // records
  std::vector<std::string> top_nl;        // most recorded non-sensitive species (Dutch names)
  std::vector<std::string> top_en;        // same in English
  uint32_t protected_species = 0;         // sensitive taxa recorded there (named nowhere)
  int year_a = 0, year_b = 0;             // first and last full year with records
  uint32_t species_a = 0, species_b = 0;  // species in those years
  // The fair verdict on that change (core compare_years: richness at a common coverage with
  // intervals): the card claims "more/fewer species" only for Increase/Decrease.
  Verdict change = Verdict::InsufficientData;
};
// Card text lines (title first) in a language; tests check it holds no personal data.
std::vector<std::string> card_lines(const SiteStory& s, Lang lang);

struct PreparedScene {
  bool ok = true;                   // false: this is the fallback scene
  std::string problem;              // why it fell back (stderr only, never on screen)
  std::vector<SceneLayer> layers;   // bottom to top, styled (observations not included)
  Envelope view;                    // what the camera shows
  bool observations = false;        // draw the public points (+ sensitive cells)
  int choropleth = -1;              // index into layers coloured per time step, or -1
  std::vector<Choropleth> steps;    // choropleth per time step (same class breaks)
  Choropleth legend_en, legend_nl;  // the thematic map whose classes the steps keep (the
                                    // last step's), with its words in English and Dutch
  int sites = -1;                   // index into layers of the tappable sites, or -1
};

class KioskData {
 public:
  // Loads and prepares the tour's data. Data problems never throw: the scene falls back.
  // `demo_gpkg` is what "@demo" means ("" when the demo GeoPackage is not there).
  KioskData(const Tour& tour, const std::string& demo_gpkg);

  const Tour& tour() const { return tour_; }
  const std::vector<PreparedScene>& scenes() const { return scenes_; }
  const PreparedScene& fallback() const { return fallback_; }
  const std::vector<YearPoints>& points() const { return points_; }
  const std::shared_ptr<const Layer>& sensitive_cells() const { return cells_; }
  const std::vector<SiteStory>& stories() const { return stories_; }
  // Site (index into stories) containing map point (mx, my), or -1.
  int site_at(double mx, double my) const;

  // For tests: sensitive records (map CRS) that were coarsened, and the names listed.
  const std::vector<std::pair<double, double>>& sensitive_points() const { return sensitive_xy_; }
  size_t public_points() const { return n_public_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::shared_ptr<Layer> layer(const std::string& ref);  // cached; throws Error
  void prepare_observations(const std::string& spec);
  PreparedScene prepare(const SceneSpec& s);
  PreparedScene make_fallback();

  Tour tour_;         // as parsed
  std::string data_;  // resolved default GeoPackage
  std::vector<std::pair<std::string, std::shared_ptr<Layer>>> cache_;  // ref -> layer
  std::vector<std::pair<std::string, std::string>> failed_;            // ref -> error (not retried)
  std::vector<PreparedScene> scenes_;                                  // one per tour scene
  PreparedScene fallback_;                               // base map + friendly caption
  std::vector<YearPoints> points_;                       // public points by year
  std::shared_ptr<const Layer> cells_;                   // sensitive cells (may be null)
  std::shared_ptr<const Layer> sites_;                   // biodiversity_sites (may be null)
  std::vector<SiteStory> stories_;                       // per site
  std::vector<std::pair<double, double>> sensitive_xy_;  // for tests
  size_t n_public_ = 0;                                  // public points
  bool observations_tried_ = false;                      // loaded once
  std::string observations_error_;                       // why observations are unavailable
  // The thematic maps of the scenes, made by the one recipe (core/thematic.hpp) while the
  // store is there (it is dropped after start-up).
  struct SceneMaps {
    size_t scene = 0;               // index into tour_.scenes
    std::shared_ptr<Layer> areas;   // the area layer (a hex grid is made here)
    std::vector<Choropleth> steps;  // per time step, with the last step's classes
    Choropleth legend_en, legend_nl;
  };
  std::vector<SceneMaps> maps_;
  void prepare_maps(const ObservationStore& store);
  std::vector<std::string> problems_;  // every fallback reason
};

}  // namespace biodash::kiosk
