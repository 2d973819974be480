// Map furniture with ImGui draw lists: scale bar, choropleth legend, attribution.
#include "ui/overlay.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/i18n.hpp"

namespace biodash::ui {

namespace {

constexpr const char* kDejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kTitleScale = 1.45f;  // title font size / body font size

ImU32 to_u32(const Rgba& c) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a));
}

const ImU32 kPanel = IM_COL32(255, 255, 255, 215);
const ImU32 kPanelBorder = IM_COL32(60, 60, 60, 120);
const ImU32 kText = IM_COL32(25, 25, 25, 255);
const ImU32 kDark = IM_COL32(30, 30, 30, 255);
const ImU32 kLight = IM_COL32(255, 255, 255, 255);

// "12", "0.5", "1.2k"-free plain formatting: integers without decimals, else 3 significant.
std::string format_value(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

std::string format_length(double metres) {
  char buf[64];
  if (metres >= 1000.0) {
    std::snprintf(buf, sizeof buf, "%g km", metres / 1000.0);
  } else if (metres >= 1.0) {
    std::snprintf(buf, sizeof buf, "%g m", metres);
  } else {
    std::snprintf(buf, sizeof buf, "%g cm", metres * 100.0);
  }
  return buf;
}

float font_size() {
  return ImGui::GetFontSize();
}

}  // namespace

void load_fonts(float pixel_size) {
  ImGuiIO& io = ImGui::GetIO();
  // Latin-1 plus general punctuation (en dash, bullet, ellipsis) and a few math signs.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2212,
                                    0x2212, 0x2264, 0x2265, 0};
  std::error_code ec;
  if (std::filesystem::exists(kDejaVuSans, ec)) {
    if (io.Fonts->AddFontFromFileTTF(kDejaVuSans, pixel_size, nullptr, kRanges) != nullptr) {
      // The same face larger, for map titles (draw_title): crisper than scaling the first.
      io.Fonts->AddFontFromFileTTF(kDejaVuSans, std::round(pixel_size * kTitleScale), nullptr,
                                   kRanges);
      return;
    }
  }
  std::fprintf(stderr,
               "biodash: %s not found (Debian package fonts-dejavu-core); using ImGui's "
               "built-in font\n",
               kDejaVuSans);
  ImFontConfig cfg;
  cfg.SizePixels = std::max(pixel_size, 13.0f);
  io.Fonts->AddFontDefault(&cfg);
}

double nice_scale_length(double units_per_pixel, double target_pixels) {
  const double raw = units_per_pixel * target_pixels;
  if (!(raw > 0) || !std::isfinite(raw)) return 0.0;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  // Guard against log10 rounding at exact powers of ten.
  if (p * 10.0 <= raw) p *= 10.0;
  if (p > raw) p /= 10.0;
  const double m = raw / p;
  if (m >= 5.0) return 5.0 * p;
  if (m >= 2.0) return 2.0 * p;
  return p;
}

void draw_scale_bar(ImDrawList* dl, const MapCamera& cam, ImVec2 bottom_right) {
  if (dl == nullptr || !(cam.units_per_pixel > 0)) return;
  const float fs = font_size();
  const double length = nice_scale_length(cam.units_per_pixel, 11.0 * fs);
  if (!(length > 0)) return;
  const float bar_px = static_cast<float>(length / cam.units_per_pixel);
  const float pad = 0.5f * fs;
  const float bar_h = 0.4f * fs;
  const std::string label = format_length(length);
  const std::string zero = "0";
  const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());

  const float box_w = bar_px + 2 * pad + label_size.x * 0.5f + ImGui::CalcTextSize("0").x * 0.5f;
  const float box_h = label_size.y + bar_h + 2.5f * pad;
  const ImVec2 box_min(bottom_right.x - box_w, bottom_right.y - box_h);
  dl->AddRectFilled(box_min, bottom_right, kPanel, 3.0f);
  dl->AddRect(box_min, bottom_right, kPanelBorder, 3.0f);

  const float x0 = box_min.x + pad + ImGui::CalcTextSize("0").x * 0.5f;
  const float y1 = bottom_right.y - pad;
  const float y0 = y1 - bar_h;
  // Alternating black/white halves, the classic cartographic scale bar.
  const float mid = x0 + bar_px * 0.5f;
  dl->AddRectFilled(ImVec2(x0, y0), ImVec2(mid, y1), kDark);
  dl->AddRectFilled(ImVec2(mid, y0), ImVec2(x0 + bar_px, y1), kLight);
  dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + bar_px, y1), kDark);

  const float ty = y0 - label_size.y - 0.25f * pad;
  dl->AddText(ImVec2(x0 - ImGui::CalcTextSize("0").x * 0.5f, ty), kText, zero.c_str());
  dl->AddText(ImVec2(x0 + bar_px - label_size.x * 0.5f, ty), kText, label.c_str());
}

namespace {

struct LegendLayout {
  std::vector<std::string> labels;  // one per class
  std::string title;                // legend title
  std::string unit;                 // "(records)" or ""
  std::string filter;               // Choropleth::filter_text, shortened to fit ("" none)
  std::vector<std::string> note;    // Choropleth::note, wrapped at spaces to the box's width
  bool low_effort = false;          // a "low effort" hatched row after the classes
  float header_h = 0;               // title (+ unit, + filter) height
  ImVec2 size;                      // whole box
};

// Whole UTF-8 characters of `text` that fit in `max_w` pixels, with "…" when cut.
std::string fit_text(const std::string& text, float max_w) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_w) return text;
  std::string out = text;
  while (!out.empty() && ImGui::CalcTextSize((out + "\u2026").c_str()).x > max_w) {
    out.pop_back();
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  }
  return out + "\u2026";
}

constexpr float kNoteScale = 0.8f;  // the legend note's font size relative to the text

LegendLayout layout_legend(const Choropleth& c) {
  LegendLayout L;
  const float fs = font_size();
  const float pad = 0.6f * fs;
  const float swatch = fs;
  const float row_h = fs * 1.35f;
  L.labels.reserve(c.class_colors.size());
  for (size_t i = 0; i < c.class_colors.size(); ++i) {
    std::string label;
    if (i < c.class_labels.size()) {
      label = c.class_labels[i];
    } else if (i + 1 < c.edges.size()) {
      const double lo = c.edges[i], hi = c.edges[i + 1];
      label = lo == hi ? format_value(lo) : format_value(lo) + " \u2013 " + format_value(hi);
    }
    L.labels.push_back(label);
  }
  L.title = c.title.empty() ? std::string("Legend") : c.title;
  L.unit = c.unit.empty() ? std::string() : "(" + c.unit + ")";
  float text_w = ImGui::CalcTextSize(L.title.c_str()).x;
  if (!L.unit.empty()) text_w = std::max(text_w, ImGui::CalcTextSize(L.unit.c_str()).x);
  L.filter =
      c.filter_text.empty() ? std::string() : fit_text(c.filter_text, std::max(text_w, 16 * fs));
  if (!L.filter.empty()) text_w = std::max(text_w, ImGui::CalcTextSize(L.filter.c_str()).x);
  for (uint8_t f : c.low_effort) L.low_effort |= f != 0;
  if (L.low_effort) L.labels.push_back(c.low_effort_label);
  for (const auto& l : L.labels) {
    text_w = std::max(text_w, swatch + 0.5f * fs + ImGui::CalcTextSize(l.c_str()).x);
  }
  // The note (what a species is) in the small font, wrapped to the box's width (at least 16
  // em): the whole rule, never cut.
  const float note_w = std::max(text_w, 16 * fs) / kNoteScale;
  for (size_t b = 0; b < c.note.size();) {
    size_t e = b, fit = std::string::npos;
    while (e != std::string::npos) {
      const size_t next = c.note.find(' ', e + 1);
      const std::string part =
          c.note.substr(b, (next == std::string::npos ? c.note.size() : next) - b);
      if (fit != std::string::npos && ImGui::CalcTextSize(part.c_str()).x > note_w) break;
      fit = next == std::string::npos ? c.note.size() : next;
      e = next;
    }
    L.note.push_back(c.note.substr(b, fit - b));
    b = fit + 1;
  }
  for (const auto& l : L.note)
    text_w = std::max(text_w, kNoteScale * ImGui::CalcTextSize(l.c_str()).x);
  L.header_h = fs * (L.unit.empty() ? 1.3f : 2.3f) + (L.filter.empty() ? 0.0f : fs * 1.05f);
  const float note_h = fs * kNoteScale * 1.2f * static_cast<float>(L.note.size());
  L.size = ImVec2(text_w + 2 * pad, L.header_h + row_h * static_cast<float>(L.labels.size()) +
                                        note_h + 2 * pad - 0.2f * fs);
  return L;
}

float key_indent() {
  return 1.2f * font_size();
}

}  // namespace

ImVec2 legend_size(const Choropleth& c) {
  if (c.class_colors.empty()) return ImVec2(0, 0);
  return layout_legend(c).size;
}

void draw_legend(ImDrawList* dl, const Choropleth& c, ImVec2 bottom_left) {
  if (dl == nullptr || c.class_colors.empty()) return;
  const float fs = font_size();
  const float pad = 0.6f * fs;
  const float swatch = fs;
  const float row_h = fs * 1.35f;
  const LegendLayout L = layout_legend(c);
  const ImVec2 box_min(bottom_left.x, bottom_left.y - L.size.y);
  const ImVec2 box_max(bottom_left.x + L.size.x, bottom_left.y);
  dl->AddRectFilled(box_min, box_max, kPanel, 3.0f);
  dl->AddRect(box_min, box_max, kPanelBorder, 3.0f);

  float y = box_min.y + pad;
  dl->AddText(ImVec2(box_min.x + pad, y), kText, L.title.c_str());
  if (!L.unit.empty()) {
    dl->AddText(ImVec2(box_min.x + pad, y + fs * 1.05f), IM_COL32(80, 80, 80, 255), L.unit.c_str());
  }
  if (!L.filter.empty()) {
    const float fy = y + fs * (L.unit.empty() ? 1.05f : 2.1f);
    dl->AddText(ImVec2(box_min.x + pad, fy), IM_COL32(150, 70, 10, 255), L.filter.c_str());
  }
  y += L.header_h;
  for (size_t i = 0; i < L.labels.size(); ++i) {
    const ImVec2 s0(box_min.x + pad, y);
    const ImVec2 s1(s0.x + swatch, y + swatch);
    if (i >= c.class_colors.size()) {  // the low-effort row: faded grey with diagonal stripes
      dl->AddRectFilled(s0, s1, IM_COL32(200, 200, 200, 120));
      dl->PushClipRect(s0, s1, true);
      for (float k = -swatch; k < swatch; k += swatch / 3)
        dl->AddLine(ImVec2(s0.x + k, s1.y), ImVec2(s0.x + k + swatch, s0.y),
                    IM_COL32(50, 50, 50, 220), 1.5f);
      dl->PopClipRect();
      dl->AddRect(s0, s1, IM_COL32(40, 40, 40, 160));
      dl->AddText(ImVec2(s1.x + 0.5f * fs, y), kText, L.labels[i].c_str());
      y += row_h;
      continue;
    }
    dl->AddRectFilled(s0, s1, to_u32(c.class_colors[i]));
    dl->AddRect(s0, s1, IM_COL32(40, 40, 40, 160));
    dl->AddText(ImVec2(s1.x + 0.5f * fs, y), kText, L.labels[i].c_str());
    y += row_h;
  }
  for (const auto& l : L.note) {
    dl->AddText(ImGui::GetFont(), fs * kNoteScale, ImVec2(box_min.x + pad, y - 0.1f * fs),
                IM_COL32(90, 90, 90, 255), l.c_str());
    y += fs * kNoteScale * 1.2f;
  }
}

void draw_attribution(ImDrawList* dl, const std::string& text, ImVec2 bottom_left,
                      float max_width) {
  if (dl == nullptr || text.empty()) return;
  ImFont* font = ImGui::GetFont();
  float size = font_size();
  const float pad = 0.3f * size;
  ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  if (max_width > 0 && ts.x + 2 * pad > max_width) {
    size *= std::max(0.6f, (max_width - 2 * pad) / ts.x);
    ts = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  }
  const ImVec2 box_min(bottom_left.x, bottom_left.y - ts.y - 2 * pad);
  const ImVec2 box_max(bottom_left.x + ts.x + 2 * pad, bottom_left.y);
  dl->AddRectFilled(box_min, box_max, IM_COL32(255, 255, 255, 190), 2.0f);
  dl->AddText(font, size, ImVec2(box_min.x + pad, box_min.y + pad), IM_COL32(60, 60, 60, 255),
              text.c_str());
}

ImVec2 layer_key_size(const std::vector<LayerKeyEntry>& entries) {
  if (entries.empty()) return ImVec2(0, 0);
  const float fs = font_size();
  const float pad = 0.6f * fs;
  const float swatch = fs;
  const float row_h = fs * 1.35f;
  float row_w = 0;
  for (const auto& e : entries) {
    row_w = std::max(row_w, (e.sub ? key_indent() : 0.0f) + swatch + 0.5f * fs +
                                ImGui::CalcTextSize(e.name.c_str()).x);
  }
  return ImVec2(row_w + 2 * pad, row_h * static_cast<float>(entries.size()) + 2 * pad - 0.35f * fs);
}

void draw_layer_key(ImDrawList* dl, const std::vector<LayerKeyEntry>& entries, ImVec2 top_left) {
  if (dl == nullptr || entries.empty()) return;
  const float fs = font_size();
  const float pad = 0.6f * fs;
  const float swatch = fs;
  const float row_h = fs * 1.35f;
  const ImVec2 size = layer_key_size(entries);
  const ImVec2 box_max(top_left.x + size.x, top_left.y + size.y);
  dl->AddRectFilled(top_left, box_max, kPanel, 3.0f);
  dl->AddRect(top_left, box_max, kPanelBorder, 3.0f);
  float y = top_left.y + pad;
  for (const auto& e : entries) {
    const ImVec2 s0(top_left.x + pad + (e.sub ? key_indent() : 0.0f), y);
    const ImVec2 s1(s0.x + swatch, y + swatch);
    const ImVec2 mid((s0.x + s1.x) * 0.5f, (s0.y + s1.y) * 0.5f);
    switch (e.kind) {
      case GeomKind::Point:
        dl->AddCircleFilled(mid, swatch * 0.35f, to_u32(e.fill), 16);
        dl->AddCircle(mid, swatch * 0.35f, to_u32(e.stroke), 16);
        break;
      case GeomKind::Line:
        dl->AddLine(ImVec2(s0.x, s1.y - 2), ImVec2(s1.x, s0.y + 2), to_u32(e.stroke), 2.0f);
        break;
      case GeomKind::Mixed:  // lines and points (e.g. measures): a stroke with a disc on it
        dl->AddLine(ImVec2(s0.x, s1.y - 2), ImVec2(s1.x, s0.y + 2), to_u32(e.stroke), 2.5f);
        dl->AddCircleFilled(mid, swatch * 0.27f, to_u32(e.fill), 16);
        dl->AddCircle(mid, swatch * 0.27f, to_u32(e.stroke), 16, 1.5f);
        break;
      default:
        dl->AddRectFilled(s0, s1, to_u32(e.fill));
        dl->AddRect(s0, s1, to_u32(e.stroke), 0.0f, 0, 1.5f);
        break;
    }
    dl->AddText(ImVec2(s1.x + 0.5f * fs, y), kText, e.name.c_str());
    y += row_h;
  }
}

float draw_title(ImDrawList* dl, const std::string& text, ImVec2 top_center) {
  if (dl == nullptr || text.empty()) return 0.0f;
  // The larger face load_fonts() added, else the body font scaled.
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  ImFont* font = atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
  const float size = atlas->Fonts.Size > 1 ? font->FontSize : font_size() * kTitleScale;
  const float pad = 0.45f * size;
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  const ImVec2 box_min(top_center.x - ts.x * 0.5f - pad, top_center.y);
  const ImVec2 box_max(top_center.x + ts.x * 0.5f + pad, top_center.y + ts.y + 1.2f * pad);
  dl->AddRectFilled(box_min, box_max, IM_COL32(255, 255, 255, 225), 4.0f);
  dl->AddRect(box_min, box_max, kPanelBorder, 4.0f);
  dl->AddText(font, size, ImVec2(box_min.x + pad, box_min.y + 0.6f * pad), kText, text.c_str());
  return box_max.y - box_min.y;
}

}  // namespace biodash::ui
