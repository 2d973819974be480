// Headless rendering read back pixel by pixel: fills with holes, outlines, highlight, round
// points, per-feature colours, opacity, RD New precision, PNG output. No X server needed.
#include <glad/gl.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "core/geos_handle.hpp"
#include "render/headless.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"

namespace biodash {
namespace {

constexpr int kSize = 400;
constexpr double kOriginX = 94000;  // RD New, Leiden: large coordinates on purpose
constexpr double kOriginY = 463900;
const Rgba kWhite{1, 1, 1, 1};
const Rgba kRed{1, 0, 0, 1};
const Rgba kBlue{0, 0, 1, 1};
using Px = std::array<int, 4>;

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Prove that no X server (or Wayland compositor) is needed.
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    ctx_ = std::make_unique<HeadlessContext>(kSize, kSize);
    renderer_ = std::make_unique<MapRenderer>();
    // Local square (0..100 m) centred: 0.5 m per pixel puts it at pixels 100..300.
    cam_.width = kSize;
    cam_.height = kSize;
    cam_.center_x = kOriginX + 50;
    cam_.center_y = kOriginY + 50;
    cam_.units_per_pixel = 0.5;
  }
  void TearDown() override {
    renderer_.reset();  // GL objects go before the context
    ctx_.reset();
  }

  void draw(const std::vector<std::pair<LayerHandle, LayerStyle>>& order) {
    ctx_->bind();
    renderer_->draw(cam_, order, kWhite);
    pixels_ = ctx_->read_pixels();
  }
  // Pixel at screen (x, y), top-left origin.
  Px at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * kSize + static_cast<size_t>(x)) * 4;
    return {pixels_[i], pixels_[i + 1], pixels_[i + 2], pixels_[i + 3]};
  }
  // Screen pixel of a local map offset (from the origin).
  void to_screen(double lx, double ly, int& x, int& y) const {
    double sx = 0, sy = 0;
    cam_.map_to_screen(kOriginX + lx, kOriginY + ly, sx, sy);
    x = static_cast<int>(sx);
    y = static_cast<int>(sy);
  }
  Px at_local(double lx, double ly) const {
    int x = 0, y = 0;
    to_screen(lx, ly, x, y);
    return at(x, y);
  }

  std::unique_ptr<HeadlessContext> ctx_;
  std::unique_ptr<MapRenderer> renderer_;
  MapCamera cam_;
  std::vector<uint8_t> pixels_;
};

::testing::AssertionResult near(const Px& got, const Px& want, int tol = 3) {
  for (int i = 0; i < 4; ++i) {
    if (std::abs(got[i] - want[i]) > tol) {
      return ::testing::AssertionFailure()
             << "pixel (" << got[0] << "," << got[1] << "," << got[2] << "," << got[3] << ") != ("
             << want[0] << "," << want[1] << "," << want[2] << "," << want[3] << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

const Px kWhitePx{255, 255, 255, 255};
const Px kRedPx{255, 0, 0, 255};
const Px kBluePx{0, 0, 255, 255};

void add_rect(Mesh& m, float x0, float y0, float x1, float y1, uint32_t feature) {
  const float tri[] = {x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1};
  m.fill_xy.insert(m.fill_xy.end(), std::begin(tri), std::end(tri));
  m.fill_feature.insert(m.fill_feature.end(), 6, feature);
}

void add_ring(Mesh& m, float x0, float y0, float x1, float y1, uint32_t feature) {
  const float seg[] = {x0, y0, x1, y0, x1, y0, x1, y1, x1, y1, x0, y1, x0, y1, x0, y0};
  m.line_xy.insert(m.line_xy.end(), std::begin(seg), std::end(seg));
  m.line_feature.insert(m.line_feature.end(), 8, feature);
}

// The 100 m square with a 20 m hole in the middle, triangulated by hand (four rectangles).
Mesh square_with_hole() {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 0, 0, 100, 40, 0);
  add_rect(m, 0, 60, 100, 100, 0);
  add_rect(m, 0, 40, 40, 60, 0);
  add_rect(m, 60, 40, 100, 60, 0);
  add_ring(m, 0, 0, 100, 100, 0);
  add_ring(m, 40, 40, 60, 60, 0);
  m.n_features = 1;
  return m;
}

LayerStyle solid(Rgba fill, Rgba stroke) {
  LayerStyle s;
  s.fill = fill;
  s.stroke = stroke;
  s.point = fill;
  s.opacity = 1.0f;
  s.line_width = 3.0f;
  return s;
}

TEST_F(RenderTest, ContextIsGl33CoreWithoutDisplay) {
  EXPECT_EQ(std::getenv("DISPLAY"), nullptr);
  GLint major = 0, minor = 0, profile = 0;
  glGetIntegerv(GL_MAJOR_VERSION, &major);
  glGetIntegerv(GL_MINOR_VERSION, &minor);
  glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile);
  EXPECT_GE(major * 10 + minor, 33);
  EXPECT_TRUE(profile & GL_CONTEXT_CORE_PROFILE_BIT);
  EXPECT_EQ(ctx_->width(), kSize);
  EXPECT_EQ(ctx_->height(), kSize);
}

TEST_F(RenderTest, EmptyDrawIsBackground) {
  draw({});
  EXPECT_TRUE(near(at(0, 0), kWhitePx));
  EXPECT_TRUE(near(at(200, 200), kWhitePx));
  EXPECT_TRUE(near(at(kSize - 1, kSize - 1), kWhitePx));
}

TEST_F(RenderTest, PolygonWithHoleFilledAndOutlined) {
  const LayerHandle h = renderer_->add_layer(square_with_hole());
  draw({{h, solid(kRed, kBlue)}});
  EXPECT_TRUE(near(at_local(20, 20), kRedPx));     // inside
  EXPECT_TRUE(near(at_local(80, 70), kRedPx));     // inside, other side
  EXPECT_TRUE(near(at_local(50, 50), kWhitePx));   // in the hole
  EXPECT_TRUE(near(at_local(-20, 50), kWhitePx));  // outside, left
  EXPECT_TRUE(near(at_local(50, 130), kWhitePx));  // outside, above
  // Outline: the left edge x=0 sits on pixel column 100; 3 px wide covers 99..100.
  EXPECT_TRUE(near(at(100, 200), kBluePx));
  EXPECT_TRUE(near(at(99, 200), kBluePx));
  EXPECT_TRUE(near(at(105, 200), kRedPx));  // just inside, past the stroke
  // Top edge (y=100 m) is pixel row 100: the image is not upside down.
  EXPECT_TRUE(near(at(200, 100), kBluePx));
  EXPECT_TRUE(near(at(200, 105), kRedPx));
  EXPECT_TRUE(near(at(200, 95), kWhitePx));
}

TEST_F(RenderTest, MapYUpIsImageTop) {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 0, 60, 100, 100, 0);  // only the northern strip
  const LayerHandle h = renderer_->add_layer(m);
  draw({{h, solid(kRed, kRed)}});
  EXPECT_TRUE(near(at(200, 110), kRedPx));    // near the top of the square
  EXPECT_TRUE(near(at(200, 290), kWhitePx));  // southern part empty
}

TEST_F(RenderTest, SemiTransparentFillBlendsOverBackground) {
  const LayerHandle h = renderer_->add_layer(square_with_hole());
  LayerStyle s = solid(Rgba{1, 0, 0, 1}, kBlue);
  s.opacity = 0.5f;
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(20, 20), Px{255, 128, 128, 255}, 4));
  EXPECT_TRUE(near(at_local(50, 50), kWhitePx));
}

TEST_F(RenderTest, InvisibleLayerIsNotDrawn) {
  const LayerHandle h = renderer_->add_layer(square_with_hole());
  LayerStyle s = solid(kRed, kBlue);
  s.visible = false;
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(20, 20), kWhitePx));
}

TEST_F(RenderTest, PointIsARoundDisc) {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  m.point_xy = {50.0f, 50.0f};  // screen (200, 200)
  m.point_feature = {0};
  m.n_features = 1;
  const LayerHandle h = renderer_->add_layer(m);
  LayerStyle s = solid(kRed, kRed);
  s.point_size = 21.0f;  // radius 10.5 px
  draw({{h, s}});
  EXPECT_TRUE(near(at(200, 200), kRedPx));
  EXPECT_TRUE(near(at(199, 199), kRedPx));
  EXPECT_TRUE(near(at(207, 200), kRedPx));  // 7.5 px from the centre along an axis
  EXPECT_TRUE(near(at(200, 192), kRedPx));
  EXPECT_TRUE(near(at(205, 205), kRedPx));  // diagonal 7.8 px: inside
  // Corners of the 21 px square sprite: ~13 px from the centre, outside the disc.
  EXPECT_TRUE(near(at(209, 209), kWhitePx));
  EXPECT_TRUE(near(at(190, 190), kWhitePx));
  EXPECT_TRUE(near(at(209, 190), kWhitePx));
  EXPECT_TRUE(near(at(215, 200), kWhitePx));  // beyond the radius
}

TEST_F(RenderTest, PerFeatureColoursFromBuffer) {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 0, 0, 30, 100, 0);
  add_rect(m, 35, 0, 65, 100, 1);
  add_rect(m, 70, 0, 100, 100, 2);  // no colour given: falls back to the style fill
  m.point_xy = {50.0f, 120.0f};     // a point of feature 1, coloured like its polygon
  m.point_feature = {1};
  m.n_features = 3;
  const LayerHandle h = renderer_->add_layer(m);
  renderer_->set_feature_colors(h, {pack_rgba(Rgba{0, 1, 0, 1}), pack_rgba(Rgba{0, 0, 1, 1})});
  LayerStyle s = solid(kRed, kRed);
  s.use_feature_colors = true;
  s.point_size = 15.0f;
  s.stroke = Rgba{0, 0, 1, 1};
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(15, 50), Px{0, 255, 0, 255}));
  EXPECT_TRUE(near(at_local(50, 50), kBluePx));
  EXPECT_TRUE(near(at_local(85, 50), kRedPx));
  EXPECT_TRUE(near(at_local(50, 120), kBluePx));

  // Without use_feature_colors the style colour is used for all.
  s.use_feature_colors = false;
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(15, 50), kRedPx));
  EXPECT_TRUE(near(at_local(50, 50), kRedPx));

  // New colours replace the old ones (small upload, mesh untouched).
  s.use_feature_colors = true;
  renderer_->set_feature_colors(
      h, {pack_rgba(kBlue), pack_rgba(Rgba{0, 1, 0, 1}), pack_rgba(Rgba{0, 0, 0, 1})});
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(15, 50), kBluePx));
  EXPECT_TRUE(near(at_local(50, 50), Px{0, 255, 0, 255}));
  EXPECT_TRUE(near(at_local(85, 50), Px{0, 0, 0, 255}));
}

TEST_F(RenderTest, HighlightedFeatureHasStrongerOutline) {
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 0, 0, 40, 100, 0);
  add_ring(m, 0, 0, 40, 100, 0);
  add_rect(m, 60, 0, 100, 100, 1);
  add_ring(m, 60, 0, 100, 100, 1);
  const LayerHandle h = renderer_->add_layer(m);
  LayerStyle s = solid(kWhite, Rgba{0.1f, 0.1f, 0.1f, 1});
  s.line_width = 1.0f;
  draw({{h, s}});
  int x0 = 0, x1 = 0, y = 0;
  to_screen(0, 50, x0, y);   // left edge of feature 0
  to_screen(60, 50, x1, y);  // left edge of feature 1
  const Px normal0 = at(x0 + 2, y), normal1 = at(x1 + 2, y);
  EXPECT_TRUE(near(normal0, kWhitePx));  // 1 px stroke does not reach 2 px inside
  EXPECT_TRUE(near(normal1, kWhitePx));

  renderer_->set_highlight(h, 1);
  draw({{h, s}});
  EXPECT_TRUE(near(at(x0 + 2, y), kWhitePx));  // feature 0 unchanged
  // 3 px accent stroke centred on the edge at pixel column x1: covers x1-1 .. x1.
  for (int x : {x1 - 1, x1}) {
    const Px hl = at(x, y);
    EXPECT_GT(hl[0], 200) << x;  // bright accent over a dark stroke
    EXPECT_LT(hl[2], 60) << x;
  }
  renderer_->set_highlight(h, -1);
  draw({{h, s}});
  EXPECT_TRUE(near(at(x1 + 2, y), kWhitePx));
}

TEST_F(RenderTest, LayersDrawBottomToTopAndCanBeUpdatedOrRemoved) {
  const LayerHandle below = renderer_->add_layer(square_with_hole());
  Mesh top;
  top.origin_x = kOriginX + 10;  // different origin per mesh is fine
  top.origin_y = kOriginY + 10;
  add_rect(top, 0, 0, 20, 20, 0);  // local 10..30
  const LayerHandle above = renderer_->add_layer(top);
  draw({{below, solid(kRed, kRed)}, {above, solid(kBlue, kBlue)}});
  EXPECT_TRUE(near(at_local(20, 20), kBluePx));
  draw({{above, solid(kBlue, kBlue)}, {below, solid(kRed, kRed)}});
  EXPECT_TRUE(near(at_local(20, 20), kRedPx));

  Mesh moved = top;
  moved.origin_x = kOriginX + 70;
  renderer_->update_layer(above, moved);
  draw({{below, solid(kRed, kRed)}, {above, solid(kBlue, kBlue)}});
  EXPECT_TRUE(near(at_local(20, 20), kRedPx));
  EXPECT_TRUE(near(at_local(80, 20), kBluePx));

  renderer_->remove_layer(above);
  draw({{below, solid(kRed, kRed)}, {above, solid(kBlue, kBlue)}});  // stale handle: skipped
  EXPECT_TRUE(near(at_local(80, 20), kRedPx));
  EXPECT_THROW(renderer_->set_highlight(above, 0), Error);
}

TEST_F(RenderTest, CentimetrePrecisionAtRdNewCoordinates) {
  // 1 cm per pixel at Leiden's RD New coordinates: a 10 cm square must cover 10 x 10 pixels
  // exactly where expected, which float32 absolute coordinates (ulp 1 cm at 4.6e5) could not do.
  cam_.units_per_pixel = 0.01;
  cam_.center_x = 94087.44;
  cam_.center_y = 463921.81;
  Mesh m;
  m.origin_x = 94000;
  m.origin_y = 463900;
  add_rect(m, 87.44f, 21.81f, 87.54f, 21.91f, 0);  // 0..10 px right, 0..10 px up of centre
  const LayerHandle h = renderer_->add_layer(m);
  draw({{h, solid(kRed, kRed)}});
  EXPECT_TRUE(near(at(205, 195), kRedPx));
  EXPECT_TRUE(near(at(201, 190), kRedPx));
  EXPECT_TRUE(near(at(209, 199), kRedPx));
  EXPECT_TRUE(near(at(198, 195), kWhitePx));
  EXPECT_TRUE(near(at(212, 195), kWhitePx));
  EXPECT_TRUE(near(at(205, 188), kWhitePx));
  EXPECT_TRUE(near(at(205, 202), kWhitePx));
}

TEST_F(RenderTest, SceneFromWktPolygonWithHole) {
  // Through the whole pipeline: WKT -> Layer (map CRS) -> build_mesh (GEOS triangulation).
  auto layer = std::make_shared<Layer>();
  layer->name = "square";
  layer->kind = GeomKind::Polygon;
  layer->map_crs = "EPSG:28992";
  layer->source_crs = "EPSG:28992";
  const std::string wkt =
      "POLYGON((94000 463900, 94100 463900, 94100 464000, 94000 464000, 94000 463900),"
      "(94040 463940, 94060 463940, 94060 463960, 94040 463960, 94040 463940))";
  layer->source_geoms.push_back(from_wkt(wkt));
  layer->geoms.push_back(from_wkt(wkt));
  layer->bounds = envelope_of(layer->geoms[0].get());
  layer->fids = {1};
  ASSERT_TRUE(layer->placed());

  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.style = solid(kRed, kBlue);
  scene.layers.push_back(sl);
  const Envelope b = scene.bounds();
  EXPECT_DOUBLE_EQ(b.minx, 94000);
  EXPECT_DOUBLE_EQ(b.maxy, 464000);
  scene.build_missing_meshes();
  ASSERT_TRUE(scene.layers[0].mesh);
  cam_.fit(b, 0.25);  // 100 m over 200 px: same view as the hand-made mesh tests
  EXPECT_DOUBLE_EQ(cam_.units_per_pixel, 0.5);
  ctx_->bind();
  scene.draw(*renderer_, cam_);
  pixels_ = ctx_->read_pixels();
  EXPECT_TRUE(scene.layers[0].mesh_uploaded);
  EXPECT_TRUE(near(at_local(20, 20), kRedPx));
  EXPECT_TRUE(near(at_local(85, 70), kRedPx));
  EXPECT_TRUE(near(at_local(50, 50), kWhitePx) || near(at_local(50, 50), Px{245, 245, 240, 255}));
  EXPECT_FALSE(near(at_local(50, 50), kRedPx));  // the hole is not filled
  EXPECT_FALSE(near(at_local(-20, 50), kRedPx));

  // A choropleth switches the layer to per-feature colours.
  Choropleth c;
  c.feature_rgba = {pack_rgba(Rgba{0, 1, 0, 1})};
  scene.layers[0].choropleth = c;
  scene.layers[0].style.use_feature_colors = true;
  scene.layers[0].style.stroke = Rgba{0, 1, 0, 1};
  ctx_->bind();
  scene.draw(*renderer_, cam_);
  pixels_ = ctx_->read_pixels();
  EXPECT_TRUE(scene.layers[0].colors_uploaded);
  EXPECT_TRUE(near(at_local(20, 20), Px{0, 255, 0, 255}));

  scene.release(*renderer_);
  EXPECT_EQ(scene.layers[0].handle, -1);
  EXPECT_FALSE(scene.layers[0].mesh_uploaded);
}

TEST_F(RenderTest, DefaultStylesDifferAndFillsAreSemiTransparent) {
  const LayerStyle a = default_style(0, GeomKind::Polygon);
  const LayerStyle b = default_style(1, GeomKind::Polygon);
  EXPECT_LT(a.fill.a * a.opacity, 0.8f);
  EXPECT_TRUE(a.fill.r != b.fill.r || a.fill.g != b.fill.g || a.fill.b != b.fill.b);
  const LayerStyle p = default_style(0, GeomKind::Point);
  EXPECT_GT(p.point.r, p.point.b);  // orange-ish
  EXPECT_GT(p.point_size, 2.0f);
}

TEST_F(RenderTest, WritePngRoundTripAndAtomic) {
  const LayerHandle h = renderer_->add_layer(square_with_hole());
  draw({{h, solid(kRed, kBlue)}});
  const auto dir = std::filesystem::temp_directory_path() /
                   ("biodash_render_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "shot.png").string();
  write_png(path, pixels_, kSize, kSize);
  int w = 0, hgt = 0, n = 0;
  unsigned char* back = stbi_load(path.c_str(), &w, &hgt, &n, 4);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(w, kSize);
  EXPECT_EQ(hgt, kSize);
  EXPECT_TRUE(std::equal(pixels_.begin(), pixels_.end(), back));
  stbi_image_free(back);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);  // no temp file left behind

  EXPECT_THROW(write_png((dir / "no_such_dir" / "x.png").string(), pixels_, kSize, kSize), Error);
  EXPECT_THROW(write_png(path, pixels_, kSize + 1, kSize), Error);
  std::filesystem::remove_all(dir);
}

// Basemap tiles (MapRenderer::set_basemap_tile): a tile's quadrants land where their map
// coordinates are, under the layers; greyscale, lighten and opacity act on the tile only;
// finer tiles are drawn over coarser ones in draw-list order; the memory cap evicts tiles
// not drawn lately.
namespace {
// A 4 × 4 tile: red north-west, green north-east, blue south-west, white south-east quadrant
// (top row first).
std::vector<uint8_t> quadrant_tile() {
  std::vector<uint8_t> px(4 * 4 * 4);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      uint8_t* p = &px[(size_t(y) * 4 + size_t(x)) * 4];
      const bool north = y < 2, west = x < 2;
      p[0] = north ? (west ? 255 : 0) : (west ? 0 : 255);
      p[1] = north ? (west ? 0 : 255) : (west ? 0 : 255);
      p[2] = north ? 0 : 255;
      p[3] = 255;
    }
  return px;
}
}  // namespace

TEST_F(RenderTest, BasemapTilesUnderTheLayersWithTheirStyle) {
  Envelope e;  // the 100 m square
  e.minx = kOriginX;
  e.miny = kOriginY;
  e.maxx = kOriginX + 100;
  e.maxy = kOriginY + 100;
  const TileKey k{0, 0, 0};
  renderer_->set_basemap_tile(k, e, quadrant_tile(), 4, 4);
  EXPECT_TRUE(renderer_->has_basemap_tile(k));
  renderer_->set_basemap_draw({k}, {});
  draw({});
  EXPECT_TRUE(near(at_local(20, 80), kRedPx, 8));
  EXPECT_TRUE(near(at_local(80, 80), Px{0, 255, 0, 255}, 8));
  EXPECT_TRUE(near(at_local(20, 20), kBluePx, 8));
  EXPECT_TRUE(near(at_local(80, 20), kWhitePx, 8));
  EXPECT_TRUE(near(at_local(-20, 50), kWhitePx));  // outside the tile: the background
  // A layer draws over it.
  Mesh m;
  m.origin_x = kOriginX;
  m.origin_y = kOriginY;
  add_rect(m, 10, 70, 30, 90, 0);
  m.n_features = 1;
  const LayerHandle h = renderer_->add_layer(m);
  LayerStyle s;
  s.fill = kBlue;
  s.opacity = 1;
  draw({{h, s}});
  EXPECT_TRUE(near(at_local(20, 80), kBluePx, 8));
  EXPECT_TRUE(near(at_local(5, 95), kRedPx, 8));
  // Greyscale: red becomes its luma (0.2126 · 255 = 54); lighten 0.5 mixes in white.
  renderer_->set_basemap_draw({k}, {1.0f, true, 0.0f});
  draw({});
  EXPECT_TRUE(near(at_local(20, 80), Px{54, 54, 54, 255}, 8));
  renderer_->set_basemap_draw({k}, {1.0f, false, 0.5f});
  draw({});
  EXPECT_TRUE(near(at_local(20, 80), Px{255, 128, 128, 255}, 8));
  // Opacity 0.5 over the white background: blue becomes (128, 128, 255).
  renderer_->set_basemap_draw({k}, {0.5f, false, 0.0f});
  draw({});
  EXPECT_TRUE(near(at_local(20, 20), Px{128, 128, 255, 255}, 8));
  // A finer tile over the north-west quarter, drawn after the coarse one, wins there.
  Envelope nw;
  nw.minx = kOriginX;
  nw.maxx = kOriginX + 50;
  nw.miny = kOriginY + 50;
  nw.maxy = kOriginY + 100;
  std::vector<uint8_t> green(4 * 4 * 4, 0);
  for (size_t i = 0; i < 16; ++i) green[i * 4 + 1] = green[i * 4 + 3] = 255;
  renderer_->set_basemap_tile({1, 0, 0}, nw, green, 4, 4);
  renderer_->set_basemap_draw({k, {1, 0, 0}}, {});
  draw({});
  EXPECT_TRUE(near(at_local(25, 75), Px{0, 255, 0, 255}, 8));
  EXPECT_TRUE(near(at_local(20, 20), kBluePx, 8));
  // Memory: two tiles of 4·4·4 bytes (+ mipmaps). A cap of one tile evicts the one not drawn
  // in the last frames; clear_basemap forgets everything.
  EXPECT_EQ(renderer_->basemap_tiles(), 2u);
  renderer_->set_basemap_draw({k}, {});
  for (int i = 0; i < 3; ++i) draw({});
  renderer_->set_basemap_memory_cap(renderer_->basemap_bytes() / 2);
  EXPECT_EQ(renderer_->basemap_tiles(), 1u);
  EXPECT_TRUE(renderer_->has_basemap_tile(k));
  EXPECT_FALSE(renderer_->has_basemap_tile({1, 0, 0}));
  renderer_->clear_basemap();
  EXPECT_EQ(renderer_->basemap_tiles(), 0u);
  EXPECT_EQ(renderer_->basemap_bytes(), 0u);
  EXPECT_THROW(renderer_->set_basemap_tile(k, e, green, 3, 4), Error);
}

TEST(HeadlessContext, RejectsBadSize) {
  EXPECT_THROW(HeadlessContext(0, 10), Error);
  EXPECT_THROW(HeadlessContext(10, -1), Error);
}

TEST(HeadlessContext, TwoContextsInSequenceAndSideBySide) {
  unsetenv("DISPLAY");
  {
    HeadlessContext a(64, 32);
    HeadlessContext b(32, 64);
    b.bind();
    EXPECT_EQ(b.read_pixels().size(), 32u * 64u * 4u);
    a.bind();
    EXPECT_EQ(a.read_pixels().size(), 64u * 32u * 4u);
  }
  HeadlessContext c(16, 16);
  EXPECT_EQ(c.read_pixels().size(), 16u * 16u * 4u);
}

}  // namespace
}  // namespace biodash
