#include "kiosk/kiosk_view.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "render/demo_style.hpp"
#include "ui/overlay.hpp"

namespace biodash::kiosk {

namespace {

ImU32 col(float r, float g, float b, float a = 1.0f) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, a));
}

ImFont* title_font() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
}

// Wrapped text; returns its height.
float text_block(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 c,
                 const std::string& t, float wrap) {
  dl->AddText(font, size, pos, c, t.c_str(), t.c_str() + t.size(), wrap);
  return font->CalcTextSizeA(size, FLT_MAX, wrap, t.c_str()).y;
}

int step_of(const TimeSpec& t, double progress) {
  if (!t.enabled) return 0;
  const int n = t.steps();
  return std::clamp(static_cast<int>(progress * n), 0, n - 1);
}

}  // namespace

float kiosk_font_px(int height) {
  return std::clamp(std::round(static_cast<float>(height) / 24.0f), 10.0f, 90.0f);
}

std::vector<Envelope> KioskView::views(const KioskData& d) {
  std::vector<Envelope> v;
  for (const PreparedScene& s : d.scenes()) v.push_back(s.view);
  return v;
}

std::vector<double> KioskView::durations(const KioskData& d) {
  std::vector<double> v;
  for (const SceneSpec& s : d.tour().scenes) v.push_back(s.duration_s);
  return v;
}

KioskView::KioskView(const KioskData& data)
    : data_(data), renderer_(std::make_unique<MapRenderer>()) {
  for (const PreparedScene& ps : data_.scenes()) {
    Scene s;
    s.layers = ps.layers;
    first_points_.push_back(s.layers.size());
    if (ps.observations) {
      // Sensitive cells below the points, so the public points stay readable on top.
      if (data_.sensitive_cells()) {
        SceneLayer sl;
        sl.layer = data_.sensitive_cells();
        sl.mesh = std::make_shared<const Mesh>(build_mesh(*sl.layer));
        sl.style.fill = Rgba{0.80f, 0.47f, 0.65f, 0.30f};  // Okabe-Ito reddish purple
        sl.style.stroke = Rgba{0.55f, 0.25f, 0.42f, 0.8f};
        sl.style.opacity = 0.85f;
        sl.style.line_width = 1.5f;
        s.layers.push_back(std::move(sl));
      }
      for (const YearPoints& yp : data_.points()) {
        SceneLayer sl;
        sl.layer = yp.layer;
        sl.mesh = yp.mesh;
        sl.style = demo_style(DemoRole::Observations, default_style(0, GeomKind::Point));
        sl.style.point_size = 5.0f;
        s.layers.push_back(std::move(sl));
      }
    }
    scenes_.push_back(std::move(s));
    step_.push_back(0);
  }
}

KioskView::~KioskView() {
  for (Scene& s : scenes_) s.release(*renderer_);
}

void KioskView::handle_map_input(Controller& c) {
  ImGuiIO& io = ImGui::GetIO();
  const bool over_ui = io.WantCaptureMouse;
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !over_ui) {
    press_on_map_ = true;
    drag_ = 0;
    c.touch();
  }
  if (press_on_map_ && io.MouseDown[0]) {
    const ImVec2 d = io.MouseDelta;
    if ((d.x != 0 || d.y != 0) && std::isfinite(d.x) && std::isfinite(d.y) &&
        std::fabs(d.x) < 1e4f && std::fabs(d.y) < 1e4f) {
      drag_ += std::fabs(d.x) + std::fabs(d.y);
      if (drag_ > 8) c.pan(d.x, d.y);
    }
  }
  if (press_on_map_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    press_on_map_ = false;
    if (drag_ <= 8) {
      if (c.card() >= 0) {
        c.close_card();
      } else {
        double mx = 0, my = 0;
        c.camera().screen_to_map(io.MousePos.x, io.MousePos.y, mx, my);
        const PreparedScene& ps = data_.scenes()[c.scene()];
        if (ps.sites >= 0) {
          const int site = data_.site_at(mx, my);
          if (site >= 0) c.open_card(site);
        }
      }
    }
  }
  if (!over_ui && io.MouseWheel != 0 && std::isfinite(io.MouseWheel)) {
    c.zoom_at(io.MousePos.x, io.MousePos.y, std::pow(1.25, std::clamp(io.MouseWheel, -5.0f, 5.0f)));
  }
}

void KioskView::frame(Controller& c, int width, int height) {
  c.set_viewport(width, height);
  handle_map_input(c);
  const size_t i = std::min(c.scene(), scenes_.size() - 1);
  const PreparedScene& ps = data_.scenes()[i];
  const TimeSpec& time = data_.tour().scenes[i].time;
  Scene& s = scenes_[i];
  const int step = ps.ok ? step_of(time, c.scene_progress()) : 0;
  drawn_ = Drawn{};
  drawn_.scene = i;
  drawn_.fallback = !ps.ok;
  drawn_.step = step;
  // Time: which years of points are visible, which step's colours are uploaded.
  const int y0 = time.from_year + step * time.step_years;
  const int y1 = y0 + time.step_years - 1;
  size_t yi = 0;
  for (size_t k = first_points_[i]; k < s.layers.size(); ++k) {
    SceneLayer& sl = s.layers[k];
    if (sl.layer == data_.sensitive_cells()) {
      drawn_.cells = true;
      continue;
    }
    const int year = data_.points()[yi++].year;
    sl.style.visible =
        !points_hidden_ &&
        (!time.enabled || (year >= (time.cumulative ? time.from_year : y0) && year <= y1));
    if (sl.style.visible) drawn_.points.push_back(sl.mesh.get());
  }
  if (ps.choropleth >= 0 && step_[i] != step && step < static_cast<int>(ps.steps.size())) {
    SceneLayer& cl = s.layers[ps.choropleth];
    cl.choropleth->feature_rgba = ps.steps[step].feature_rgba;  // same size: no reallocation
    cl.choropleth->values = ps.steps[step].values;
    cl.colors_uploaded = false;
    step_[i] = step;
  }
  MapCamera cam = c.camera();
  cam.width = width;
  cam.height = height;
  s.draw(*renderer_, cam);
  overlay(c, width, height);
}

void KioskView::overlay(Controller& c, int width, int height) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float fs = ImGui::GetFontSize();
  ImFont* body = ImGui::GetFont();
  ImFont* big = title_font();
  const bool nl = c.language() == Lang::Nl;
  const size_t i = std::min(c.scene(), scenes_.size() - 1);
  const PreparedScene& ps = data_.scenes()[i];
  const SceneSpec& spec = data_.tour().scenes[i];
  const float pad = fs * 0.6f;

  // Caption band at the bottom.
  const float band_top = h * 0.76f;
  dl->AddRectFilled(ImVec2(0, band_top), ImVec2(w, h), col(1, 1, 1, 0.90f));
  dl->AddRectFilled(
      ImVec2(0, band_top),
      ImVec2(w * static_cast<float>(c.scene_progress()), band_top + std::max(2.0f, fs * 0.12f)),
      col(0.0f, 0.45f, 0.70f));
  std::string title = nl ? spec.title_nl : spec.title_en;
  std::string caption = nl ? spec.caption_nl : spec.caption_en;
  if (!ps.ok) {
    title = nl ? kFallbackNl : kFallbackEn;
    caption = nl ? "De rondleiding gaat zo weer verder." : "The tour will continue in a moment.";
  }
  std::string year;
  if (ps.ok && spec.time.enabled) {
    const int step = step_of(spec.time, c.scene_progress());
    const int y0 = spec.time.from_year + step * spec.time.step_years;
    const int y1 = y0 + spec.time.step_years - 1;
    year =
        spec.time.cumulative
            ? std::to_string(spec.time.from_year) + "\u2013" + std::to_string(y1)
            : (y1 > y0 ? std::to_string(y0) + "\u2013" + std::to_string(y1) : std::to_string(y0));
  }
  const float year_w =
      year.empty() ? 0.0f : big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, year.c_str()).x + 2 * pad;
  float y = band_top + pad;
  const float wrap = w - 2 * pad - year_w;
  if (!title.empty())
    y += text_block(dl, big, big->FontSize, ImVec2(pad, y), col(0.05f, 0.1f, 0.15f), title, wrap) +
         pad * 0.3f;
  text_block(dl, body, fs, ImVec2(pad, y), col(0.1f, 0.1f, 0.1f), caption, wrap);
  if (!year.empty()) {
    dl->AddText(big, big->FontSize, ImVec2(w - year_w + pad * 0.5f, band_top + pad),
                col(0.0f, 0.45f, 0.70f), year.c_str());
  }
  const std::string credit = nl ? "Kaart: CBS/Kadaster \u00b7 waarnemingen: demo (synthetisch)"
                                : "Map: CBS/Kadaster \u00b7 observations: demo (synthetic)";
  dl->AddText(body, fs * 0.42f, ImVec2(pad, h - fs * 0.55f), col(0.35f, 0.35f, 0.35f),
              credit.c_str());

  // Key, top-left: what the symbols mean.
  float ky = pad;
  auto key_row = [&](ImU32 swatch, bool disc, const std::string& label) {
    const float s = fs * 0.6f;
    dl->AddRectFilled(
        ImVec2(pad, ky),
        ImVec2(
            pad + s * 1.3f + body->CalcTextSizeA(fs * 0.6f, FLT_MAX, 0, label.c_str()).x + s * 2.2f,
            ky + s * 1.6f),
        col(1, 1, 1, 0.85f), s * 0.3f);
    if (disc)
      dl->AddCircleFilled(ImVec2(pad + s * 0.9f, ky + s * 0.8f), s * 0.35f, swatch);
    else
      dl->AddRectFilled(ImVec2(pad + s * 0.4f, ky + s * 0.3f),
                        ImVec2(pad + s * 1.4f, ky + s * 1.3f), swatch);
    dl->AddText(body, fs * 0.6f, ImVec2(pad + s * 1.8f, ky + s * 0.3f), col(0.1f, 0.1f, 0.1f),
                label.c_str());
    ky += s * 1.8f;
  };
  if (ps.observations) {
    key_row(col(0.0f, 0.45f, 0.70f), true, nl ? "Waarneming" : "Observation");
    if (data_.sensitive_cells())
      key_row(
          col(0.80f, 0.47f, 0.65f, 0.8f), false,
          nl ? "Kwetsbare soorten: alleen per km\u00b2" : "Vulnerable species: per km\u00b2 only");
  }
  if (ps.choropleth >= 0 && !ps.steps.empty()) {
    // The recipe's classes and words (core/thematic.hpp), in the visitor's language.
    const Choropleth& ch = nl ? ps.legend_nl : ps.legend_en;
    for (size_t k = 0; k < ch.class_colors.size() && k < ch.class_labels.size(); ++k)
      key_row(pack_rgba(ch.class_colors[k]), false, ch.class_labels[k] + " " + ch.unit);
  }

  // Buttons, top-right: NL | EN, + / −, start again. Large targets for fingers.
  ImGui::SetNextWindowPos(ImVec2(w - pad, pad), ImGuiCond_Always, ImVec2(1, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fs * 0.45f, fs * 0.25f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, fs * 0.25f);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(fs * 0.2f, fs * 0.2f));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(1, 1, 1, 0.88f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.85f, 0.92f, 1, 0.95f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.0f, 0.45f, 0.70f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.05f, 0.1f, 0.15f, 1));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                                 ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("##kiosk_buttons", nullptr, flags)) {
    auto lang_button = [&](const char* label, Lang l) {
      const bool on = c.language() == l;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.0f, 0.45f, 0.70f, 1));
      if (on) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
      if (ImGui::Button(label)) {
        c.set_language(l);
        c.touch();
      }
      if (on) ImGui::PopStyleColor(2);
    };
    lang_button("NL", Lang::Nl);
    ImGui::SameLine();
    lang_button("EN", Lang::En);
    const float bw = ImGui::GetItemRectSize().x;
    if (ImGui::Button("+", ImVec2(bw, 0))) c.zoom_at(w * 0.5, h * 0.38, 1.6);
    ImGui::SameLine();
    if (ImGui::Button("\u2212", ImVec2(bw, 0))) c.zoom_at(w * 0.5, h * 0.38, 1.0 / 1.6);
    if (c.mode() == Mode::Interactive &&
        ImGui::Button(nl ? "Opnieuw" : "Restart", ImVec2(2 * bw + fs * 0.2f, 0)))
      c.restart();
  }
  ImGui::End();
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar(3);

  // Story card, right side.
  if (c.card() >= 0 && c.card() < static_cast<int>(data_.stories().size())) {
    const SiteStory& st = data_.stories()[c.card()];
    const std::vector<std::string> lines = card_lines(st, c.language());
    const std::string& about = nl ? st.about_nl : st.about_en;
    const float cw = std::min(w * 0.42f, fs * 20.0f);
    const float x0 = w - cw - pad, y0 = h * 0.2f;
    const float inner = cw - 2 * pad;
    float ch =
        pad + big->CalcTextSizeA(big->FontSize, FLT_MAX, inner, lines[0].c_str()).y + pad * 0.5f;
    for (size_t k = 1; k < lines.size(); ++k)
      ch += body->CalcTextSizeA(fs * 0.8f, FLT_MAX, inner, lines[k].c_str()).y + pad * 0.4f;
    if (!about.empty())
      ch += body->CalcTextSizeA(fs * 0.7f, FLT_MAX, inner, about.c_str()).y + pad * 0.4f;
    ch += pad;
    ch = std::min(ch, band_top - y0 - pad);
    dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + cw, y0 + ch), col(1, 1, 1, 0.96f), fs * 0.3f);
    dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + cw, y0 + ch), col(0.0f, 0.45f, 0.70f), fs * 0.3f, 0,
                3.0f);
    dl->PushClipRect(ImVec2(x0, y0), ImVec2(x0 + cw, y0 + ch), true);
    float cy = y0 + pad;
    cy += text_block(dl, big, big->FontSize, ImVec2(x0 + pad, cy), col(0.05f, 0.1f, 0.15f),
                     lines[0], inner) +
          pad * 0.5f;
    for (size_t k = 1; k < lines.size(); ++k)
      cy += text_block(dl, body, fs * 0.8f, ImVec2(x0 + pad, cy), col(0.1f, 0.1f, 0.1f), lines[k],
                       inner) +
            pad * 0.4f;
    if (!about.empty())
      text_block(dl, body, fs * 0.7f, ImVec2(x0 + pad, cy), col(0.3f, 0.3f, 0.3f), about, inner);
    dl->PopClipRect();
  }
}

KioskHeadless::KioskHeadless(const KioskData& data, int width, int height)
    : gl_(width, height), width_(width), height_(height) {
  gl_.bind();
  imgui_ = std::make_unique<ui::OffscreenImGui>(width, height, kiosk_font_px(height), false);
  view_ = std::make_unique<KioskView>(data);
}

KioskHeadless::~KioskHeadless() {
  gl_.bind();
  view_.reset();
  imgui_.reset();
}

int KioskHeadless::frame(Controller& c, double dt, const Input& in) {
  gl_.bind();
  ImGuiIO& io = imgui_->io();
  io.MousePos = in.x < 0 ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(in.x, in.y);
  io.MouseDown[0] = in.down;
  io.MouseWheel = in.wheel;
  c.tick(dt);
  imgui_->new_frame(static_cast<float>(dt));
  view_->frame(c, width_, height_);
  imgui_->render();
  // No swap here: finish the frame as a swap would, or the driver queues frame after frame.
  glFinish();
  int errors = 0;
  while (glGetError() != GL_NO_ERROR && errors < 100) ++errors;
  return errors;
}

std::vector<uint8_t> KioskHeadless::pixels() {
  return gl_.read_pixels();
}

}  // namespace biodash::kiosk
