// Kiosk mode (issue #7): tour parsing, controller, fallback, sensitive taxa, soak.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <set>
#include <string>

#include "core/engine.hpp"
#include "core/session.hpp"
#include "io/occurrence_reader.hpp"
#include "kiosk/kiosk_controller.hpp"
#include "kiosk/kiosk_data.hpp"
#include "kiosk/kiosk_tour.hpp"
#include "kiosk/kiosk_view.hpp"

using namespace biodash;
using namespace biodash::kiosk;
namespace fs = std::filesystem;

namespace {

std::string demo_gpkg() {
#ifdef BIODASH_DEMO_GPKG_PATH
  std::error_code ec;
  if (fs::exists(BIODASH_DEMO_GPKG_PATH, ec)) return BIODASH_DEMO_GPKG_PATH;
#endif
  return {};
}

std::string tour_path() {
  return std::string(BIODASH_DEMO_DATA) + "/tours/leiden_nature.tour";
}

size_t rss_bytes() {
  std::ifstream f("/proc/self/statm");
  size_t size = 0, resident = 0;
  f >> size >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// A shortened copy of the demo tour (fast scenes, short idle) for frame-driven tests.
Tour short_tour() {
  Tour t = load_tour(tour_path());
  for (SceneSpec& s : t.scenes) s.duration_s = 6;
  t.idle_s = 4;
  t.transition_s = 1;
  return t;
}

ControllerOptions opts(const Tour& t) {
  ControllerOptions o;
  o.idle_s = t.idle_s;
  o.transition_s = t.transition_s;
  return o;
}

const KioskData& demo_data() {
  static const KioskData d(short_tour(), demo_gpkg());
  return d;
}

}  // namespace

TEST(KioskTour, ParsesTheDemoTour) {
  const Tour t = load_tour(tour_path());
  ASSERT_EQ(t.scenes.size(), 4u);
  EXPECT_EQ(t.quit_chord, "ctrl+shift+q");
  EXPECT_TRUE(t.scenes[2].time.enabled);
  EXPECT_EQ(t.scenes[2].time.from_year, 2021);
  EXPECT_EQ(t.scenes[2].time.steps(), 5);
  EXPECT_FALSE(t.scenes[3].time.cumulative);
  for (const SceneSpec& s : t.scenes) {
    EXPECT_FALSE(s.caption_nl.empty());
    EXPECT_FALSE(s.caption_en.empty());
  }
  EXPECT_TRUE(fs::exists(t.sensitive_taxa));
}

TEST(KioskTour, ErrorsNameTheLine) {
  const char* bad[] = {
      "[scene]\nlayers = a\nduration = fast\n",        // 3
      "[scene]\nlayers = a\ncamera = wobble\n",        // 3
      "[scene]\nlayers = a\n\ntime = 2025 .. 2020\n",  // 4
      "[tour]\nquit_chord = q\n",                      // 2
      "[scene]\nlayers = a\nfrobnicate = 1\n",         // 3
  };
  const int lines[] = {3, 3, 4, 2, 3};
  for (size_t i = 0; i < std::size(bad); ++i) {
    try {
      parse_tour(bad[i], "t.tour", ".");
      ADD_FAILURE() << "accepted: " << bad[i];
    } catch (const TourError& e) {
      EXPECT_NE(std::string(e.what()).find("t.tour:" + std::to_string(lines[i]) + ":"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(parse_tour("# nothing\n", "t", "."), TourError);
  EXPECT_THROW(load_tour("/nonexistent/x.tour"), TourError);
  const KeyChord k = parse_chord("Ctrl+Shift+Q");
  EXPECT_TRUE(k.ctrl && k.shift && !k.alt);
  EXPECT_EQ(k.key, "q");
}

TEST(KioskController, PlaysGlidesAndReturnsWhenIdle) {
  Envelope a, b;
  a.expand(0, 0);
  a.expand(1000, 1000);
  b.expand(5000, 5000);
  b.expand(5100, 5100);
  ControllerOptions o;
  o.idle_s = 10;
  o.transition_s = 2;
  Controller c({a, b}, {5, 5}, o);
  c.set_viewport(1920, 1080);
  for (int i = 0; i < 49; ++i) c.tick(0.1);
  EXPECT_EQ(c.scene(), 0u);
  EXPECT_EQ(c.mode(), Mode::Tour);
  c.tick(0.11);
  EXPECT_EQ(c.scene(), 1u);
  EXPECT_EQ(c.mode(), Mode::Transition);
  const double upp0 = c.camera().units_per_pixel;
  c.tick(1.0);  // half way: scale between, in log space
  EXPECT_LT(c.camera().units_per_pixel, upp0);
  EXPECT_GT(c.camera().units_per_pixel, c.scene_camera(1).units_per_pixel);
  c.tick(1.1);
  EXPECT_EQ(c.mode(), Mode::Tour);
  EXPECT_NEAR(c.camera().center_x, c.scene_camera(1).center_x, 1e-6);
  // A visitor pans: the tour waits; idle for idle_s glides back and resumes.
  c.pan(300, 0);
  c.open_card(0);
  EXPECT_EQ(c.mode(), Mode::Interactive);
  for (int i = 0; i < 99; ++i) c.tick(0.1);
  EXPECT_EQ(c.mode(), Mode::Interactive);
  c.tick(0.2);
  EXPECT_EQ(c.mode(), Mode::Returning);
  EXPECT_EQ(c.card(), -1);
  c.tick(1.0);
  c.tick(1.1);
  EXPECT_EQ(c.mode(), Mode::Tour);
  EXPECT_NEAR(c.camera().center_x, c.scene_camera(1).center_x, 1e-6);
  // Zoom is bounded.
  for (int i = 0; i < 100; ++i) c.zoom_at(960, 540, 2.0);
  EXPECT_GE(c.camera().units_per_pixel, o.min_upp * 0.999);
  EXPECT_DOUBLE_EQ(ease_in_out(0), 0);
  EXPECT_DOUBLE_EQ(ease_in_out(1), 1);
  EXPECT_DOUBLE_EQ(ease_in_out(0.5), 0.5);
}

// A tour whose scenes reference a missing file and a corrupt one: the kiosk keeps running,
// showing the friendly fallback scene for those, no GL error, no exception.
TEST(KioskFallback, MissingAndCorruptFilesShowTheFallback) {
  const fs::path dir = fs::temp_directory_path() / "biodash_kiosk_fallback";
  fs::create_directories(dir);
  {
    std::ofstream(dir / "corrupt.gpkg")
        << "SQLite format 3\0 this is not a GeoPackage \x01\x02\x03";
    std::ofstream t(dir / "broken.tour");
    t << "[tour]\ndata = corrupt.gpkg\n"
         "[scene]\nduration = 2\nlayers = /nonexistent/missing.gpkg:sites\ncaption_nl = "
         "a\ncaption_en = a\n"
         "[scene]\nduration = 2\nlayers = corrupt.gpkg:sites\ncaption_nl = b\ncaption_en = b\n"
         "[scene]\nduration = 2\nlayers = wijken, citizen_observations\ncaption_nl = c\ncaption_en "
         "= c\n";
  }
  const Tour tour = load_tour((dir / "broken.tour").string());
  const KioskData data(tour, demo_gpkg());
  ASSERT_EQ(data.scenes().size(), 3u);
  for (const PreparedScene& s : data.scenes()) EXPECT_FALSE(s.ok) << s.problem;
  EXPECT_EQ(data.problems().size(), 3u);
  Controller c(KioskView::views(data), KioskView::durations(data), opts(tour));
  KioskHeadless k(data, 480, 270);
  std::set<size_t> seen;
  for (int f = 0; f < 400; ++f) {
    EXPECT_EQ(k.frame(c, 1.0 / 30.0, {}), 0);
    EXPECT_TRUE(k.view().drawn().fallback);
    seen.insert(k.view().drawn().scene);
  }
  EXPECT_EQ(seen.size(), 3u);  // went through every scene
  // The caption band is drawn (light band at the bottom with dark text).
  const std::vector<uint8_t> px = k.pixels();
  size_t dark = 0;
  for (int y = 270 * 3 / 4 + 2; y < 270; ++y)
    for (int x = 0; x < 480; ++x)
      if (px[(y * 480 + x) * 4] < 80) ++dark;
  EXPECT_GT(dark, 50u);
}

// A missing or corrupt tour file: the kiosk shows the fallback scene (never the bare desktop)
// and names the reason, for the window, headless and the binary (exit 0, no restart loop).
TEST(KioskFallback, MissingOrCorruptTourShowsTheFallbackScene) {
  const fs::path dir = fs::temp_directory_path() / "biodash_kiosk_bad_tour";
  fs::create_directories(dir);
  std::ofstream(dir / "corrupt.tour") << "[scene]\nduration = forever\n";
  for (const std::string& path :
       {(dir / "missing.tour").string(), (dir / "corrupt.tour").string()}) {
    std::string why;
    try {
      load_tour(path);
      FAIL() << path << " loaded";
    } catch (const TourError& e) {
      why = e.what();
    }
    const Tour tour = fallback_tour(why);
    const KioskData data(tour, demo_gpkg());
    ASSERT_EQ(data.scenes().size(), 1u);
    EXPECT_FALSE(data.scenes()[0].ok);
    ASSERT_EQ(data.problems().size(), 1u);
    EXPECT_EQ(data.problems()[0], why);
    Controller c(KioskView::views(data), KioskView::durations(data), opts(tour));
    KioskHeadless k(data, 480, 270);
    for (int f = 0; f < 30; ++f) {
      EXPECT_EQ(k.frame(c, 1.0 / 30.0, {}), 0);
      EXPECT_TRUE(k.view().drawn().fallback);
    }
  }
  fs::remove_all(dir);
}

// A FIFO or a device given as tour, saved view or name list is refused at once (never blocks,
// never reads without bound); the kiosk then shows its fallback.
TEST(KioskFallback, FifoOrDeviceAsTourViewOrListIsRefusedAtOnce) {
  const fs::path dir = fs::temp_directory_path() / "biodash_kiosk_fifo";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string fifo = (dir / "tour.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {fifo, std::string("/dev/zero")}) {
    auto loads = std::async(std::launch::async, [&] {
      int refused = 0;
      try {
        load_tour(path);
      } catch (const TourError& e) {
        refused += std::string(e.what()).find("not a regular file") != std::string::npos;
      }
      try {
        load_session_file(path);
      } catch (const Error& e) {
        refused += std::string(e.what()).find("not a regular file") != std::string::npos;
      }
      try {
        load_name_list(path);
      } catch (const Error& e) {
        refused += std::string(e.what()).find("not a regular file") != std::string::npos;
      }
      return refused;
    });
    if (loads.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      std::ofstream unblock(fifo);  // let a blocked open return, then fail
      FAIL() << path << ": a read blocked";
    }
    EXPECT_EQ(loads.get(), 3) << path;
  }
  fs::remove_all(dir);
}

// Sensitive taxa are never points: no point mesh holds a sensitive record's location, and at
// the closest zoom the pixel at a sensitive record shows no point colour.
TEST(KioskSensitive, NeverDrawnAsPoints) {
  if (demo_gpkg().empty()) GTEST_SKIP() << "demo GeoPackage not built";
  const KioskData& d = demo_data();
  ASSERT_FALSE(d.sensitive_points().empty());
  ASSERT_TRUE(d.sensitive_cells());
  std::set<std::pair<int64_t, int64_t>> pub;
  for (const YearPoints& yp : d.points()) {
    const Mesh& m = *yp.mesh;
    for (size_t i = 0; i + 1 < m.point_xy.size(); i += 2)
      pub.emplace(std::llround(m.origin_x + m.point_xy[i]),
                  std::llround(m.origin_y + m.point_xy[i + 1]));
  }
  // The meshes hold exactly the public records: at every sensitive record's location, as
  // many points as there are non-sensitive records there (the store read again, independently).
  IngestReport rep;
  const ObservationStore st = read_occurrences(demo_gpkg() + ":citizen_observations", {}, rep);
  std::vector<uint8_t> sens(st.taxa.size(), 0);
  for (const std::string& n : load_name_list(d.tour().sensitive_taxa)) {
    const auto m = taxon_mask(st, n);
    for (size_t t = 0; t < m.size(); ++t) sens[t] |= m[t];
  }
  std::multiset<std::pair<int64_t, int64_t>> open_at, drawn_at;
  size_t n_sens = 0;
  for (size_t i = 0; i < st.size(); ++i) {
    if (sens[st.taxon[i]])
      ++n_sens;
    else
      open_at.emplace(std::llround(st.x[i]), std::llround(st.y[i]));
  }
  for (const YearPoints& yp : d.points()) {
    const Mesh& m = *yp.mesh;
    for (size_t i = 0; i + 1 < m.point_xy.size(); i += 2)
      drawn_at.emplace(std::llround(m.origin_x + m.point_xy[i]),
                       std::llround(m.origin_y + m.point_xy[i + 1]));
  }
  EXPECT_EQ(n_sens, d.sensitive_points().size());
  EXPECT_EQ(drawn_at.size(), st.size() - n_sens);
  for (const auto& [x, y] : d.sensitive_points()) {
    const std::pair<int64_t, int64_t> p{std::llround(x), std::llround(y)};
    ASSERT_LE(drawn_at.count(p), open_at.count(p)) << "sensitive record drawn at " << x << "," << y;
  }
  // Every sensitive record lies in a drawn cell.
  EXPECT_GT(d.sensitive_cells()->size(), 0u);

  // Pixels: scene with observations, zoomed to the closest zoom on sensitive records that have
  // no public record within 30 m; the centre pixel must not be the point colour.
  size_t obs_scene = 0;
  for (size_t i = 0; i < d.scenes().size(); ++i)
    if (d.scenes()[i].observations) obs_scene = i;
  Controller c(KioskView::views(d), KioskView::durations(d), opts(d.tour()));
  KioskHeadless k(d, 320, 180);
  c.set_viewport(320, 180);
  while (c.scene() != obs_scene || c.mode() != Mode::Tour) c.tick(0.1);
  int checked = 0;
  for (const auto& [x, y] : d.sensitive_points()) {
    if (checked >= 5) break;
    bool near = false;
    for (int64_t dx = -30; dx <= 30 && !near; ++dx)
      for (int64_t dy = -30; dy <= 30 && !near; ++dy)
        near = pub.count({std::llround(x) + dx, std::llround(y) + dy}) > 0;
    if (near) continue;
    c.zoom_at(160, 60, 1e6);  // clamps to the closest zoom
    MapCamera cam = c.camera();
    double sx = 0, sy = 0;
    cam.map_to_screen(x, y, sx, sy);
    c.pan(160 - sx, 60 - sy);
    ASSERT_EQ(k.frame(c, 1.0 / 30.0, {}), 0);
    for (int f = 0; f < 2; ++f) k.frame(c, 0.0001, {});
    c.camera().map_to_screen(x, y, sx, sy);
    const std::vector<uint8_t> with = k.pixels();
    k.view().set_points_hidden(true);
    k.frame(c, 0.0001, {});
    const std::vector<uint8_t> without = k.pixels();
    k.view().set_points_hidden(false);
    const int ix = static_cast<int>(std::lround(sx)), iy = static_cast<int>(std::lround(sy));
    ASSERT_TRUE(ix >= 3 && ix < 317 && iy >= 3 && iy < 177) << ix << "," << iy;
    // Points contribute nothing around the sensitive record: same pixels with and without them.
    for (int ddy = -3; ddy <= 3; ++ddy)
      for (int ddx = -3; ddx <= 3; ++ddx) {
        const size_t o = ((iy + ddy) * 320 + ix + ddx) * 4;
        EXPECT_TRUE(with[o] == without[o] && with[o + 1] == without[o + 1] &&
                    with[o + 2] == without[o + 2])
            << "a point is drawn at sensitive record " << x << "," << y << " px " << ix + ddx << ","
            << iy + ddy << " with " << int(with[o]) << "," << int(with[o + 1]) << ","
            << int(with[o + 2]) << " without " << int(without[o]) << "," << int(without[o + 1])
            << "," << int(without[o + 2]) << " upp " << c.camera().units_per_pixel << " mode "
            << to_string(c.mode());
      }
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

// Story cards never show observer names (pseudonyms of recordedBy).
TEST(KioskSensitive, CardsHoldNoPersonalData) {
  if (demo_gpkg().empty()) GTEST_SKIP() << "demo GeoPackage not built";
  const KioskData& d = demo_data();
  ASSERT_FALSE(d.stories().empty());
  IngestReport rep;
  const ObservationStore s = read_occurrences(demo_gpkg() + ":citizen_observations", {}, rep);
  ASSERT_GT(s.observers.size(), 1u);
  for (const SiteStory& st : d.stories())
    for (Lang l : {Lang::Nl, Lang::En})
      for (const std::string& line : card_lines(st, l))
        for (const std::string& o : s.observers)
          if (o.size() >= 4) {
            EXPECT_EQ(line.find(o), std::string::npos) << o << " in " << line;
          }
}

// A card claims more (or fewer) species only where the fair comparison says so; otherwise it
// says what was seen and that how much people looked explains part of it. On the demo, every
// card's claim matches core compare_years for its site.
TEST(KioskStory, ClaimsChangeOnlyFromTheFairVerdict) {
  SiteStory st;
  st.name = "Park";
  st.year_a = 2015;
  st.year_b = 2025;
  st.species_a = 83;
  st.species_b = 187;
  auto trend_line = [&](Lang l) {
    for (const std::string& line : card_lines(st, l))
      if (line.rfind("In 2015", 0) == 0) return line;
    return std::string();
  };
  st.change = Verdict::NoClearEvidence;
  EXPECT_EQ(trend_line(Lang::En),
            "In 2015: 83 species seen, in 2025: 187 \u2013 more people looked; we cannot yet tell "
            "whether nature changed");
  EXPECT_EQ(trend_line(Lang::Nl).find("meer soorten"), std::string::npos);
  st.change = Verdict::InsufficientData;
  EXPECT_EQ(trend_line(Lang::En).find("more species"), std::string::npos);
  st.change = Verdict::Increase;
  EXPECT_NE(trend_line(Lang::En).find("more species than before, also when counted fairly"),
            std::string::npos);
  EXPECT_NE(trend_line(Lang::Nl).find("meer soorten dan vroeger"), std::string::npos);
  if (demo_gpkg().empty()) GTEST_SKIP() << "demo GeoPackage not built";
  const KioskData& d = demo_data();
  int claims = 0;
  for (const SiteStory& s : d.stories()) {
    bool more = false, fewer = false;
    for (const std::string& line : card_lines(s, Lang::En)) {
      more = more || line.find("more species than before") != std::string::npos;
      fewer = fewer || line.find("fewer species than before") != std::string::npos;
    }
    EXPECT_EQ(more, s.change == Verdict::Increase) << s.name;
    EXPECT_EQ(fewer, s.change == Verdict::Decrease) << s.name;
    claims += more || fewer;
  }
  std::printf("demo story cards claiming a change: %d of %zu\n", claims, d.stories().size());
}

// Soak: the whole tour, many cycles, random input and idle periods, fixed dt; no GL error and
// resident memory at the end within 5 % of after the first cycle.
TEST(KioskSoak, NoGlErrorsNoMemoryGrowth) {
  if (demo_gpkg().empty()) GTEST_SKIP() << "demo GeoPackage not built";
  long frames = 4000;
  if (const char* e = std::getenv("BIODASH_KIOSK_SOAK_FRAMES")) frames = std::atol(e);
  const KioskData& d = demo_data();
  Controller c(KioskView::views(d), KioskView::durations(d), opts(d.tour()));
  KioskHeadless k(d, 320, 180);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> ux(0, 320), uy(0, 180), u01(0, 1);
  const double dt = 1.0 / 30.0;
  size_t rss_cycle = 0;
  long errors = 0, busy = 0, idle = 0, taps = 0;
  KioskHeadless::Input in;
  for (long f = 0; f < frames; ++f) {
    if (busy == 0 && idle == 0) {
      // Either a visitor (1-5 s of input) or an idle stretch long enough for the attract loop.
      if (u01(rng) < 0.5)
        busy = 30 + static_cast<long>(u01(rng) * 120);
      else
        idle = static_cast<long>((d.tour().idle_s + 2 + u01(rng) * 10) / dt);
    }
    in.wheel = 0;
    if (busy > 0) {
      --busy;
      const float r = u01(rng);
      if (r < 0.1f) {
        in.x = ux(rng), in.y = uy(rng), in.down = !in.down, taps += in.down;  // tap / press
      } else if (r < 0.6f && in.down) {
        in.x = std::clamp(in.x + (u01(rng) - 0.5f) * 30, 0.f, 319.f);  // drag
        in.y = std::clamp(in.y + (u01(rng) - 0.5f) * 30, 0.f, 179.f);
      } else if (r < 0.7f) {
        in.wheel = u01(rng) < 0.5f ? 1.f : -1.f;
      } else if (r < 0.72f) {
        c.toggle_language();
      }
    } else {
      --idle;
      in.down = false;
      in.x = in.y = -1;
    }
    errors += k.frame(c, dt, in);
    if (rss_cycle == 0 && c.scene_changes() >= d.scenes().size()) rss_cycle = rss_bytes();
  }
  const size_t rss_end = rss_bytes();
  std::printf(
      "soak: %ld frames, %zu scene changes, %ld taps, GL errors %ld, RSS after first cycle "
      "%.1f MiB, at end %.1f MiB (%+.2f %%)\n",
      frames, c.scene_changes(), taps, errors, rss_cycle / 1048576.0, rss_end / 1048576.0,
      rss_cycle ? 100.0 * (double(rss_end) - double(rss_cycle)) / double(rss_cycle) : 0.0);
  EXPECT_EQ(errors, 0);
  ASSERT_GT(rss_cycle, 0u) << "the tour never completed a cycle";
  EXPECT_LE(static_cast<double>(rss_end), rss_cycle * 1.05);
}
