// Thematic map drawing read back pixel by pixel (headless EGL, no X server):
// low-effort hatching of polygon fills, observation points filtered by day
// window and taxon group on the GPU and coloured by group, and the point
// heatmap. Expected colours are worked out by hand in the comments from the
// blend equations and palettes, never copied from a run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>

#include "core/error.hpp"
#include "core/geos_handle.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"

namespace biodash {
namespace {

constexpr int kSize = 400;
constexpr double kOriginX = 94000;  // RD New, Leiden
constexpr double kOriginY = 463900;
const Rgba kWhite{1, 1, 1, 1};
using Px = std::array<int, 4>;
const Px kWhitePx{255, 255, 255, 255};
const Px kRedPx{255, 0, 0, 255};
const Px kBlackPx{0, 0, 0, 255};
// Red at alpha 0.35 over white: (255, 0.65 * 255, 0.65 * 255) = (255, 165.75,
// 165.75).
const Px kFadedRedPx{255, 166, 166, 255};
// Scene::draw clears to the renderer's default background (0.96, 0.96, 0.94) * 255.
const Px kMapBgPx{245, 245, 240, 255};
// Red at alpha 0.35 over it: (89.25 + 0.65 * 244.8, 0.65 * 244.8, 0.65 * 239.7).
const Px kFadedRedOnMapBgPx{248, 159, 156, 255};
// Viridis at 1 (matplotlib: 0.993248, 0.906157, 0.143936) times 255.
const Px kViridisTopPx{253, 231, 37, 255};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

bool near(const Px& got, const Px& want, int tol = 3) {
  for (int i = 0; i < 4; ++i) {
    if (std::abs(got[i] - want[i]) > tol) return false;
  }
  return true;
}
std::string str(const Px& p) {
  return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) +
         "," + std::to_string(p[3]) + ")";
}
// Sum of |channel - 255| over RGB: how far a pixel is from the white
// background.
int ink(const Px& p) {
  return (255 - p[0]) + (255 - p[1]) + (255 - p[2]);
}

class ThematicRenderTest : public ::testing::Test {
 public:
  // Pixel at screen (x, y), top-left origin, of the last draw.
  Px at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * kSize + static_cast<size_t>(x)) * 4;
    return {pixels_[i], pixels_[i + 1], pixels_[i + 2], pixels_[i + 3]};
  }

 protected:
  void SetUp() override {
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    ctx_ = std::make_unique<HeadlessContext>(kSize, kSize);
    renderer_ = std::make_unique<MapRenderer>();
    // Local square 0..100 m centred: 0.5 m per pixel puts it at pixels
    // 100..300.
    cam_.width = kSize;
    cam_.height = kSize;
    cam_.center_x = kOriginX + 50;
    cam_.center_y = kOriginY + 50;
    cam_.units_per_pixel = 0.5;
  }
  void TearDown() override {
    renderer_.reset();
    ctx_.reset();
  }
  void draw(const std::vector<std::pair<LayerHandle, LayerStyle>>& order) {
    ctx_->bind();
    renderer_->draw(cam_, order, kWhite);
    pixels_ = ctx_->read_pixels();
  }
  void draw(LayerHandle h, const LayerStyle& s) { draw({{h, s}}); }
  // With BIODASH_RENDER_TEST_PNG_DIR set, writes the last frame there (to look at by eye).
  void dump(const std::string& name) const {
    const char* dir = std::getenv("BIODASH_RENDER_TEST_PNG_DIR");
    if (dir != nullptr && *dir != '\0') {
      write_png(std::string(dir) + "/" + name + ".png", pixels_, kSize, kSize);
    }
  }

  std::unique_ptr<HeadlessContext> ctx_;
  std::unique_ptr<MapRenderer> renderer_;
  MapCamera cam_;
  std::vector<uint8_t> pixels_;
};

void add_rect(Mesh& m, float x0, float y0, float x1, float y1, uint32_t feature) {
  const float tri[] = {x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1};
  m.fill_xy.insert(m.fill_xy.end(), std::begin(tri), std::end(tri));
  m.fill_feature.insert(m.fill_feature.end(), 6, feature);
}

// Feature 0: local x 0..45 (screen 100..190), feature 1: 55..100 (screen
// 210..300); y 0..100.
Mesh two_rects() {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 0, 0, 45, 100, 0);
  add_rect(m, 55, 0, 100, 100, 1);
  m.n_features = 2;
  return m;
}

LayerStyle hatch_style() {
  LayerStyle s;
  s.opacity = 1.0f;
  s.use_feature_colors = true;
  s.hatch_color = Rgba{0, 0, 0, 1};
  s.hatch_fade = 0.35f;
  return s;
}

// Stripe runs along screen row `y` from x0 to x1 (exclusive), checking every
// pixel is a stripe or the faded fill; returns the number of separate stripes
// met.
int stripe_runs(const ThematicRenderTest& t, int y, int x0, int x1, int& stripe_px, int& other) {
  int runs = 0;
  bool in = false;
  for (int x = x0; x < x1; ++x) {
    const Px p = t.at(x, y);
    const bool stripe = near(p, kBlackPx);
    if (stripe) ++stripe_px;
    if (!stripe && !near(p, kFadedRedPx)) ++other;
    if (stripe && !in) ++runs;
    in = stripe;
  }
  return runs;
}

}  // namespace

TEST_F(ThematicRenderTest, HatchedFeatureHasStripesAndFadedFillUnflaggedIsUniform) {
  const LayerHandle h = renderer_->add_layer(two_rects());
  const uint32_t red = pack_rgba(Rgba{1, 0, 0, 1});
  renderer_->set_feature_colors(h, {red, red});
  renderer_->set_feature_hatch(h, {1, 0});  // feature 0 low effort
  LayerStyle s = hatch_style();
  draw(h, s);
  dump("hatch");

  // Feature 1 (unflagged): plain red everywhere inside.
  for (int y = 110; y < 290; y += 7) {
    for (int x = 215; x < 295; x += 3) {
      ASSERT_TRUE(near(at(x, y), kRedPx)) << x << "," << y << " " << str(at(x, y));
    }
  }
  // Feature 0 (flagged): only stripe (black) and faded red pixels, both
  // present. A 6 px period across 45-degree stripes is 6 * sqrt(2) = 8.49 px
  // along a row; 1.5 px wide stripes are 2.12 px along it, so about 25 % of the
  // pixels. 70 px of row: 70 / 8.49 = 8.2 stripes.
  int stripe_px = 0, other = 0, total = 0;
  for (int y = 110; y < 290; y += 10) {
    const int runs = stripe_runs(*this, y, 110, 180, stripe_px, other);
    total += 70;
    EXPECT_GE(runs, 8) << "row " << y;
    EXPECT_LE(runs, 9) << "row " << y;
  }
  EXPECT_EQ(other, 0);  // nothing but the two colours
  EXPECT_GT(stripe_px, total * 15 / 100);
  EXPECT_LT(stripe_px, total * 35 / 100);
  // "/" stripes fixed to screen pixels: a stripe pixel's up-right neighbour is
  // a stripe too.
  int checked = 0;
  for (int y = 150; y < 250; ++y) {
    for (int x = 120; x < 170; ++x) {
      if (!near(at(x, y), kBlackPx)) continue;
      ++checked;
      ASSERT_TRUE(near(at(x + 1, y - 1), kBlackPx)) << x << "," << y;
    }
  }
  EXPECT_GT(checked, 500);

  // DPI scale 2 doubles the spacing: 70 / 16.97 = 4.1 stripes per row.
  s.dpi_scale = 2.0f;
  draw(h, s);
  stripe_px = other = 0;
  for (int y = 110; y < 290; y += 10) {
    const int runs = stripe_runs(*this, y, 110, 180, stripe_px, other);
    EXPECT_GE(runs, 4) << "row " << y;
    EXPECT_LE(runs, 5) << "row " << y;
  }
  EXPECT_EQ(other, 0);

  // style.hatch off, or the flags cleared: feature 0 is plain red again.
  s.dpi_scale = 1.0f;
  s.hatch = false;
  draw(h, s);
  for (int x = 150; x < 160; ++x) EXPECT_TRUE(near(at(x, 200), kRedPx)) << x;
  s.hatch = true;
  renderer_->set_feature_hatch(h, {});
  draw(h, s);
  for (int x = 150; x < 160; ++x) EXPECT_TRUE(near(at(x, 200), kRedPx)) << x;
  // Flags for fewer features than the layer has: the rest are plain.
  renderer_->set_feature_hatch(h, {0});
  draw(h, s);
  for (int x = 150; x < 160; ++x) EXPECT_TRUE(near(at(x, 200), kRedPx)) << x;
}

// Two WKT squares through Scene: the choropleth's low_effort is uploaded with
// its colours.
TEST_F(ThematicRenderTest, SceneHatchesChoroplethLowEffortFeatures) {
  auto layer = std::make_shared<Layer>();
  layer->name = "two";
  layer->kind = GeomKind::Polygon;
  layer->map_crs = "EPSG:28992";
  layer->source_crs = "EPSG:28992";
  for (const char* wkt : {"POLYGON((94000 463900, 94045 463900, 94045 464000, 94000 464000, "
                          "94000 463900))",
                          "POLYGON((94055 463900, 94100 463900, 94100 464000, 94055 464000, "
                          "94055 463900))"}) {
    layer->source_geoms.push_back(from_wkt(wkt));
    layer->geoms.push_back(from_wkt(wkt));
  }
  layer->bounds = envelope_of(layer->geoms[0].get());
  layer->bounds.expand(envelope_of(layer->geoms[1].get()));
  layer->fids = {1, 2};
  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.style = hatch_style();
  sl.style.stroke = Rgba{0, 0, 0, 0};  // no outlines in the way
  Choropleth c;
  c.feature_rgba = {pack_rgba(Rgba{1, 0, 0, 1}), pack_rgba(Rgba{1, 0, 0, 1})};
  c.low_effort = {0, 1};  // the right square has too few records
  sl.choropleth = c;
  scene.layers.push_back(sl);
  scene.build_missing_meshes();
  ctx_->bind();
  scene.draw(*renderer_, cam_);
  pixels_ = ctx_->read_pixels();
  int stripes_left = 0, stripes_right = 0, faded_right = 0;
  for (int x = 215; x < 295; ++x) {
    stripes_right += near(at(x, 200), kBlackPx) ? 1 : 0;
    faded_right += near(at(x, 200), kFadedRedOnMapBgPx) ? 1 : 0;
    stripes_left += near(at(x - 110, 200), kBlackPx) ? 1 : 0;
    EXPECT_TRUE(near(at(x - 110, 200), kRedPx)) << x - 110;
  }
  EXPECT_EQ(stripes_left, 0);
  EXPECT_GT(stripes_right, 10);
  EXPECT_GT(faded_right, 40);
  EXPECT_EQ(stripes_right + faded_right, 80);

  // Plain fill (choropleth not drawn): no hatching either.
  scene.layers[0].style.use_feature_colors = false;
  scene.layers[0].style.fill = Rgba{0, 0, 1, 1};
  ctx_->bind();
  scene.draw(*renderer_, cam_);
  pixels_ = ctx_->read_pixels();
  for (int x = 215; x < 295; ++x) EXPECT_TRUE(near(at(x, 200), Px{0, 0, 255, 255})) << x;
  scene.release(*renderer_);
}

namespace {

// Three observation points on a row (local y 50 = screen row 200): screen x
// 140, 200, 260.
Mesh three_points() {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  m.point_xy = {20, 50, 50, 50, 80, 50};
  m.point_feature = {0, 1, 2};
  m.n_features = 3;
  return m;
}

LayerStyle point_style() {
  LayerStyle s;
  s.opacity = 1.0f;
  s.point_size = 12.0f;
  s.stroke = Rgba{0, 0, 0, 0};  // no rim
  s.point = Rgba{0, 0, 0, 1};
  return s;
}

// The default group palette, written out from the published hex codes (Okabe &
// Ito 2008).
const Px kOrangePx{0xE6, 0x9F, 0x00, 255};   // group 0
const Px kSkyBluePx{0x56, 0xB4, 0xE9, 255};  // group 1
const Px kGreenPx{0x00, 0x9E, 0x73, 255};    // group 2

}  // namespace

TEST_F(ThematicRenderTest, PointsFilteredByDayWindowAndHiddenGroupOnTheGpu) {
  const LayerHandle h = renderer_->add_layer(three_points());
  // Days since 1970: 100, 200, unknown; groups 0, 1, 2.
  renderer_->set_point_attributes(h, {100.0f, 200.0f, kNaN}, {0, 1, 2});
  LayerStyle s = point_style();

  // No window: every point, coloured by its group.
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kOrangePx)) << str(at(140, 200));
  EXPECT_TRUE(near(at(200, 200), kSkyBluePx)) << str(at(200, 200));
  EXPECT_TRUE(near(at(260, 200), kGreenPx)) << str(at(260, 200));
  EXPECT_TRUE(near(at(170, 200), kWhitePx));

  // Window 150..250: only day 200; the unknown day is hidden once a window is
  // set.
  s.day_from = 150;
  s.day_to = 250;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kWhitePx)) << str(at(140, 200));
  EXPECT_TRUE(near(at(200, 200), kSkyBluePx)) << str(at(200, 200));
  EXPECT_TRUE(near(at(260, 200), kWhitePx)) << str(at(260, 200));

  // Bounds are inclusive: 100..100 shows day 100 only.
  s.day_from = 100;
  s.day_to = 100;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kOrangePx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx));
  EXPECT_TRUE(near(at(260, 200), kWhitePx));

  // Open-ended window (from 150 on): day 200 only.
  s.day_to = std::numeric_limits<float>::infinity();
  s.day_from = 150;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kWhitePx));
  EXPECT_TRUE(near(at(200, 200), kSkyBluePx));
  EXPECT_TRUE(near(at(260, 200), kWhitePx));

  // No window, group 1 hidden (bit 1 = 2).
  s.day_from = -std::numeric_limits<float>::infinity();
  s.hidden_groups = 1u << 1;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kOrangePx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx)) << str(at(200, 200));
  EXPECT_TRUE(near(at(260, 200), kGreenPx));

  // Colour by group off: the layer's point colour, filter still applied.
  s.color_by_group = false;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kBlackPx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx));

  // Per-feature colours still win over the group colours (and the filter still
  // applies).
  s.color_by_group = true;
  s.use_feature_colors = true;
  renderer_->set_feature_colors(
      h, {pack_rgba(Rgba{1, 0, 0, 1}), pack_rgba(Rgba{1, 0, 0, 1}), pack_rgba(Rgba{0, 0, 1, 1})});
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kRedPx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx));
  EXPECT_TRUE(near(at(260, 200), Px{0, 0, 255, 255}));

  // Attributes cleared: plain points again, no filtering.
  renderer_->set_point_attributes(h, {}, {});
  s.use_feature_colors = false;
  s.day_from = 1e6f;
  draw(h, s);
  EXPECT_TRUE(near(at(140, 200), kBlackPx));
  EXPECT_TRUE(near(at(200, 200), kBlackPx));
  EXPECT_TRUE(near(at(260, 200), kBlackPx));
}

TEST_F(ThematicRenderTest, MovingTheWindowOrHidingGroupsUploadsNothing) {
  const LayerHandle h = renderer_->add_layer(three_points());
  // 3 vertices * (2 floats + 1 uint32) = 36 bytes of mesh.
  EXPECT_EQ(renderer_->uploaded_bytes(), 36u);
  renderer_->set_point_attributes(h, {100.0f, 200.0f, kNaN}, {0, 1, 2});
  // + 3 features * (day, group) as 2 floats = 24 bytes, + the day index: the 3 point
  // vertices laid out again by stratum and day (2 floats and a feature each) = 36 bytes.
  const size_t after_upload = renderer_->uploaded_bytes();
  EXPECT_EQ(after_upload, 96u);
  LayerStyle s = point_style();
  for (int f = 0; f < 6; ++f) {
    s.day_from = 50.0f * static_cast<float>(f);
    s.day_to = s.day_from + 120.0f;
    s.hidden_groups = static_cast<uint16_t>(f);
    s.heatmap = f % 2 == 1;
    draw(h, s);
  }
  EXPECT_EQ(renderer_->uploaded_bytes(), after_upload);
  // The last frame (f = 5: window 250..370, groups 0 and 2 hidden, heatmap) shows nothing.
  EXPECT_TRUE(near(at(200, 200), kWhitePx, 0));
}

// A day window draws only the run of day-ordered points it needs (the renderer's day index).
// What shows must be exactly what a brute-force test of every point against the window says:
// 400 points one per 19-pixel cell, days with fractions, unknown days, two vertices sharing a
// feature, vertices whose feature has no attributes, vertex order unrelated to day order;
// windows with fractional, equal, open, not-finite and inverted bounds; then a new mesh with
// the vertices in reverse order (the index is rebuilt).
TEST_F(ThematicRenderTest, DayIndexDrawsExactlyThePointsInTheWindow) {
  constexpr int kGrid = 20, kPoints = kGrid * kGrid, kFeatures = 400;
  // Cells 390..397: features 400..407, past the attributes; 398 and 399: feature 5 too.
  auto feature_of = [](int cell) {
    return cell >= 398 ? 5u : cell >= 390 ? static_cast<uint32_t>(cell + 10) : uint32_t(cell);
  };
  auto make_mesh = [&](bool reversed) {
    Mesh m;
    m.origin_x = kOriginX;
    m.origin_y = kOriginY;
    for (int k = 0; k < kPoints; ++k) {
      const int v = reversed ? kPoints - 1 - k : k;  // cell of the k-th vertex
      m.point_xy.push_back(-45.0f + 9.5f * static_cast<float>(v % kGrid));
      m.point_xy.push_back(-45.0f + 9.5f * static_cast<float>(v / kGrid));
      m.point_feature.push_back(feature_of(v));
    }
    m.n_features = 408;
    return m;
  };
  std::vector<float> day(kFeatures);
  std::vector<uint8_t> group(kFeatures, 0);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> whole(1000, 1399), frac(0, 3);
  for (int f = 0; f < kFeatures; ++f)
    day[f] = f % 17 == 3 ? kNaN : static_cast<float>(whole(rng)) + 0.25f * float(frac(rng));
  const float inf = std::numeric_limits<float>::infinity();
  struct Window {
    float from, to;
  };
  const Window windows[] = {
      {1100, 1200}, {1100.5f, 1100.5f},   {day[7], day[7]}, {-inf, 1050.25f}, {1350, inf},
      {1300, 1200}, {kNaN, 1200},         {1200, kNaN},     {0, 5000},        {5000, 6000},
      {-inf, inf},  {1399.75f, 1399.75f}, {1000, 1000.25f}, {999.5f, 1000}};
  LayerStyle s = point_style();
  s.point_size = 6.0f;
  for (const bool reversed : {false, true}) {
    const LayerHandle h = renderer_->add_layer(make_mesh(false));
    renderer_->set_point_attributes(h, day, group);
    if (reversed) renderer_->update_layer(h, make_mesh(true));
    for (const Window& w : windows) {
      s.day_from = w.from;
      s.day_to = w.to;
      draw(h, s);
      const bool window = std::isfinite(w.from) || std::isfinite(w.to);
      int shown = 0, wrong = 0;
      for (int v = 0; v < kPoints; ++v) {
        const uint32_t f = feature_of(v);
        bool want = f < static_cast<uint32_t>(kFeatures);
        if (want && window) {
          const float d = day[f];
          want = !std::isnan(d) && (!std::isfinite(w.from) || d >= w.from) &&
                 (!std::isfinite(w.to) || d <= w.to);
        }
        // Local (x, y) -> screen (0.5 m per pixel): x' = 2 (x + 50) = 10 + 19 column,
        // y' = 300 - 2 y = 390 - 19 row.
        const Px got = at(10 + 19 * (v % kGrid), 390 - 19 * (v / kGrid));
        const bool drawn = near(got, kOrangePx, 8);
        if (!drawn && !near(got, kWhitePx, 0)) ++wrong;  // neither point nor background
        if (drawn != want) ++wrong;
        shown += want ? 1 : 0;
      }
      EXPECT_EQ(wrong, 0) << "window " << w.from << ".." << w.to
                          << (reversed ? " after the new mesh" : "") << ", " << shown
                          << " points expected";
    }
    renderer_->remove_layer(h);
  }
}

// A store-backed layer's mesh has no feature per point (Mesh::point_identity: vertex i is
// feature i, gl_VertexID in the shader): it must draw exactly what the same points with an
// explicit feature list draw, under every window, and highlight the right point.
TEST_F(ThematicRenderTest, IdentityPointsDrawLikeExplicitFeatures) {
  Mesh explicit_mesh = three_points();
  Mesh identity_mesh = three_points();
  identity_mesh.point_feature.clear();
  identity_mesh.point_identity = true;
  const LayerHandle a = renderer_->add_layer(explicit_mesh);
  const LayerHandle b = renderer_->add_layer(identity_mesh);
  // 3 vertices * 2 floats + 3 * 4-byte features (a), 3 * 2 floats and no features (b).
  EXPECT_EQ(renderer_->uploaded_bytes(), 36u + 24u);
  for (LayerHandle h : {a, b})
    renderer_->set_point_attributes(h, {100.0f, 200.0f, kNaN}, {0, 1, 2});
  const float inf = std::numeric_limits<float>::infinity();
  const std::pair<float, float> windows[] = {{-inf, inf}, {150, 250}, {100, 100}, {150, inf}};
  LayerStyle s = point_style();
  for (const auto& [from, to] : windows) {
    s.day_from = from;
    s.day_to = to;
    draw(a, s);
    const std::vector<uint8_t> want = pixels_;
    draw(b, s);
    EXPECT_EQ(pixels_, want) << "window " << from << ".." << to;
  }
  // No window: orange, sky blue, green at the three points (the groups by feature index).
  s.day_from = -inf;
  s.day_to = inf;
  draw(b, s);
  EXPECT_TRUE(near(at(140, 200), kOrangePx)) << str(at(140, 200));
  EXPECT_TRUE(near(at(200, 200), kSkyBluePx)) << str(at(200, 200));
  EXPECT_TRUE(near(at(260, 200), kGreenPx)) << str(at(260, 200));
  // Highlight feature 2: a larger disc (12 * 2 + 4 = 28 px) only around the third point.
  for (LayerHandle h : {a, b}) renderer_->set_highlight(h, 2);
  draw(a, s);
  const std::vector<uint8_t> want = pixels_;
  draw(b, s);
  EXPECT_EQ(pixels_, want);
  EXPECT_FALSE(near(at(260 + 11, 200), kWhitePx)) << "highlight disc radius 14 px";
  EXPECT_TRUE(near(at(200 + 11, 200), kWhitePx)) << "feature 1 not highlighted";
}

// The point budget: a frame with more points in its window than the budget draws whole random
// strata of the day index (a uniform sample, the same every frame); point_stats says how many
// were in the window and how many were drawn, and the pixels agree point by point. Without a
// budget everything in the window is drawn.
TEST_F(ThematicRenderTest, PointBudgetDrawsTheSameUniformSampleEveryFrame) {
  constexpr int kGrid = 20, kPoints = kGrid * kGrid;
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  m.point_identity = true;
  std::vector<float> day(kPoints);
  std::vector<uint8_t> group(kPoints, 0);
  for (int v = 0; v < kPoints; ++v) {
    m.point_xy.push_back(-45.0f + 9.5f * static_cast<float>(v % kGrid));
    m.point_xy.push_back(-45.0f + 9.5f * static_cast<float>(v / kGrid));
    day[v] = v % 10 == 9 ? kNaN : 1000.0f + static_cast<float>(v % 100);
  }
  m.n_features = kPoints;
  const LayerHandle h = renderer_->add_layer(m);
  renderer_->set_point_attributes(h, day, group);
  LayerStyle s = point_style();
  s.point_size = 6.0f;
  auto shown = [&] {  // which points show (see DayIndexDrawsExactlyThePointsInTheWindow)
    std::vector<bool> on(kPoints);
    for (int v = 0; v < kPoints; ++v)
      on[v] = near(at(10 + 19 * (v % kGrid), 390 - 19 * (v / kGrid)), kOrangePx, 8);
    return on;
  };
  auto in_window = [&](int v, float from, float to) {
    const bool window = std::isfinite(from) || std::isfinite(to);
    return !window || (!std::isnan(day[v]) && day[v] >= from && day[v] <= to);
  };
  const float inf = std::numeric_limits<float>::infinity();
  for (const auto& [from, to] : {std::pair<float, float>{-inf, inf}, {1020, 1069}}) {
    s.day_from = from;
    s.day_to = to;
    size_t want_in = 0;
    for (int v = 0; v < kPoints; ++v) want_in += in_window(v, from, to) ? 1 : 0;
    // No budget: all of them.
    renderer_->set_point_budget(0);
    draw(h, s);
    PointDrawStats st = renderer_->point_stats(h);
    EXPECT_EQ(st.in_window, want_in);
    EXPECT_EQ(st.drawn, want_in);
    EXPECT_FALSE(st.sampled());
    std::vector<bool> on = shown();
    for (int v = 0; v < kPoints; ++v) ASSERT_EQ(on[v], in_window(v, from, to)) << v;
    // A budget of a quarter: 16 of the 64 strata, about a quarter of the points.
    renderer_->set_point_budget(want_in / 4);
    draw(h, s);
    st = renderer_->point_stats(h);
    EXPECT_EQ(st.in_window, want_in);
    EXPECT_TRUE(st.sampled());
    EXPECT_EQ(st.strata_drawn, 16u);
    EXPECT_GT(st.drawn, want_in / 8);  // binomial(n, 1/4): far inside these bounds
    EXPECT_LT(st.drawn, want_in / 2);
    on = shown();
    size_t n_on = 0;
    for (int v = 0; v < kPoints; ++v) {
      if (!on[v]) continue;
      ++n_on;
      EXPECT_TRUE(in_window(v, from, to)) << "point " << v << " drawn outside the window";
    }
    EXPECT_EQ(n_on, st.drawn);
    // The same sample in the next frame (no flicker while the slider plays).
    draw(h, s);
    EXPECT_EQ(shown(), on);
  }
  // A budget below one stratum still draws one stratum (1/64), never nothing.
  renderer_->set_point_budget(1);
  s.day_from = -inf;
  s.day_to = inf;
  draw(h, s);
  EXPECT_EQ(renderer_->point_stats(h).strata_drawn, 1u);
  EXPECT_GT(renderer_->point_stats(h).drawn, 0u);
  // Without attributes (no day index yet) a budget of 128 draws the first 2 vertices of each
  // of 64 slices of ceil(400 / 64) = 7 vertices: 0, 1, 7, 8, ..., 399 (57 slices start below
  // 400, the last holding 399 only): 2 * 57 + 1 = 115 points.
  const LayerHandle plain = renderer_->add_layer(m);  // vertices in mesh order
  renderer_->set_point_budget(128);
  s.color_by_group = false;
  s.point = Rgba{0xE6 / 255.0f, 0x9F / 255.0f, 0, 1};  // the orange of `shown`
  draw(plain, s);
  EXPECT_EQ(renderer_->point_stats(plain).in_window, 400u);
  EXPECT_EQ(renderer_->point_stats(plain).drawn, 115u);
  const std::vector<bool> on = shown();
  for (int v = 0; v < kPoints; ++v) EXPECT_EQ(on[v], v % 7 < 2) << v;
}

TEST_F(ThematicRenderTest, PointAttributesOfUnequalLengthAreRejected) {
  const LayerHandle h = renderer_->add_layer(three_points());
  try {
    renderer_->set_point_attributes(h, {1.0f, 2.0f, 3.0f}, {0, 1});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("3 days but 2 groups"), std::string::npos) << e.what();
  }
  // Attributes for fewer features than points: the points past the end are not
  // drawn.
  renderer_->set_point_attributes(h, {5.0f}, {2});
  draw(h, point_style());
  EXPECT_TRUE(near(at(140, 200), kGreenPx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx));
  EXPECT_THROW(renderer_->set_point_attributes(999, {}, {}), Error);
  EXPECT_THROW(renderer_->set_feature_hatch(999, {}), Error);
}

TEST_F(ThematicRenderTest, PointsThroughSceneAttributes) {
  auto layer = std::make_shared<Layer>();
  layer->name = "obs";
  layer->kind = GeomKind::Point;
  layer->map_crs = "EPSG:28992";
  layer->source_crs = "EPSG:28992";
  for (const char* wkt : {"POINT(94020 463950)", "POINT(94080 463950)"}) {
    layer->source_geoms.push_back(from_wkt(wkt));
    layer->geoms.push_back(from_wkt(wkt));
  }
  layer->bounds = envelope_of(layer->geoms[0].get());
  layer->bounds.expand(envelope_of(layer->geoms[1].get()));
  layer->fids = {1, 2};
  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.style = point_style();
  auto attrs = std::make_shared<PointAttributes>();
  attrs->day = {10.0f, 20.0f};
  attrs->group = {0, 2};
  sl.point_attributes = attrs;
  scene.layers.push_back(sl);
  scene.build_missing_meshes();
  scene.layers[0].style.day_from = 15;
  scene.layers[0].style.day_to = 25;
  ctx_->bind();
  scene.draw(*renderer_, cam_);
  pixels_ = ctx_->read_pixels();
  EXPECT_TRUE(scene.layers[0].attributes_uploaded);
  EXPECT_TRUE(near(at(140, 200), kMapBgPx)) << str(at(140, 200));  // day 10: outside
  EXPECT_TRUE(near(at(260, 200), kGreenPx)) << str(at(260, 200));  // day 20, group 2
  scene.release(*renderer_);
  EXPECT_FALSE(scene.layers[0].attributes_uploaded);
}

namespace {

// 40 observations on one spot at local (30, 30) = screen (160, 240), group 0,
// day 100, and one at local (80, 80) = screen (260, 140), group 1, day 300.
Mesh cluster_and_single() {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  for (uint32_t i = 0; i < 40; ++i) {
    m.point_xy.insert(m.point_xy.end(), {30.0f, 30.0f});
    m.point_feature.push_back(i);
  }
  m.point_xy.insert(m.point_xy.end(), {80.0f, 80.0f});
  m.point_feature.push_back(40);
  m.n_features = 41;
  return m;
}

LayerStyle heat_style() {
  LayerStyle s = point_style();
  s.heatmap = true;
  s.heatmap_radius_px = 20.0f;
  return s;
}

}  // namespace

TEST_F(ThematicRenderTest, HeatmapPeaksAtTheClusterAndIsEmptyFarAway) {
  const LayerHandle h = renderer_->add_layer(cluster_and_single());
  std::vector<float> day(41, 100.0f);
  std::vector<uint8_t> group(41, 0);
  day[40] = 300.0f;
  group[40] = 1;
  renderer_->set_point_attributes(h, day, group);
  LayerStyle s = heat_style();
  draw(h, s);
  dump("heatmap");

  // The cluster pixel is the frame's max density: viridis(1), opaque.
  EXPECT_TRUE(near(at(160, 240), kViridisTopPx)) << str(at(160, 240));
  // The single point: density ~1/40 of the max. smoothstep(0, 0.15, 0.025) =
  // 0.074 alpha, so faintly tinted (viridis(0.025) ~ (68, 13, 87) at 7 %:
  // ~(241, 237, 243)); less than the cluster.
  const Px single = at(260, 140);
  EXPECT_GT(ink(single), 10) << str(single);
  EXPECT_LT(ink(single), ink(at(160, 240)) / 4) << str(single);
  // 10 px from the cluster (r = 0.5 of the radius): 40 exp(-4.5 * 0.25) = 13 of
  // 40: visible.
  EXPECT_GT(ink(at(170, 240)), 60) << str(at(170, 240));
  // Beyond the 20 px radius of every point: nothing.
  EXPECT_TRUE(near(at(160, 265), kWhitePx, 0)) << str(at(160, 265));
  EXPECT_TRUE(near(at(210, 190), kWhitePx, 0));
  EXPECT_TRUE(near(at(20, 20), kWhitePx, 0));
  EXPECT_TRUE(near(at(390, 390), kWhitePx, 0));

  // Day window 200..400: the cluster goes, the single point is now the max.
  s.day_from = 200;
  s.day_to = 400;
  draw(h, s);
  EXPECT_TRUE(near(at(160, 240), kWhitePx, 0)) << str(at(160, 240));
  EXPECT_TRUE(near(at(260, 140), kViridisTopPx)) << str(at(260, 140));

  // No window, group 0 hidden: the same picture.
  s.day_from = -std::numeric_limits<float>::infinity();
  s.day_to = std::numeric_limits<float>::infinity();
  s.hidden_groups = 1u << 0;
  draw(h, s);
  EXPECT_TRUE(near(at(160, 240), kWhitePx, 0)) << str(at(160, 240));
  EXPECT_TRUE(near(at(260, 140), kViridisTopPx)) << str(at(260, 140));

  // Everything hidden: an empty heatmap draws nothing at all.
  s.hidden_groups = 0x3;
  draw(h, s);
  EXPECT_TRUE(near(at(160, 240), kWhitePx, 0));
  EXPECT_TRUE(near(at(260, 140), kWhitePx, 0));
}

TEST_F(ThematicRenderTest, HeatmapCountsPointsJustOffScreenAndLayersAbove) {
  // 10 points 10 px left of the viewport (local x -55 = screen -10), one on
  // screen.
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  for (uint32_t i = 0; i < 10; ++i) {
    m.point_xy.insert(m.point_xy.end(), {-55.0f, 50.0f});
    m.point_feature.push_back(i);
  }
  m.point_xy.insert(m.point_xy.end(), {50.0f, 50.0f});
  m.point_feature.push_back(10);
  m.n_features = 11;
  const LayerHandle h = renderer_->add_layer(m);
  // Without attributes a heatmap uses every point.
  // The left edge pixel is 10.5 px from the off-screen points: 10 exp(-4.5
  // (10.5/20)^2) = 2.9 > 1 (the on-screen point's peak): the edge is the
  // visible max. A polygon layer drawn after the heatmap covers it (the heatmap
  // is composited in order).
  Mesh cover;
  cover.origin_x = kOriginX;
  cover.origin_y = kOriginY;
  add_rect(cover, 45, 45, 55, 55, 0);  // around the on-screen point
  cover.n_features = 1;
  const LayerHandle c = renderer_->add_layer(cover);
  LayerStyle fill;
  fill.fill = Rgba{1, 0, 0, 1};
  fill.opacity = 1.0f;
  draw({{h, heat_style()}, {c, fill}});
  dump("heatmap_edge");
  EXPECT_TRUE(near(at(0, 200), kViridisTopPx, 6)) << str(at(0, 200));
  EXPECT_TRUE(near(at(200, 200), kRedPx)) << str(at(200, 200));
  EXPECT_TRUE(near(at(0, 260), kWhitePx, 0));
}

}  // namespace biodash
