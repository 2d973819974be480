#pragma once
// Class breaks and palettes for thematic maps (core: GUI, `biodash render` and tests share it).
// Implemented in classify.cpp. Break methods:
//   Quantile      - equal numbers of features per class (edges at sorted-value quantiles);
//   EqualInterval - classes of equal width between min and max;
//   NaturalBreaks - Jenks/Fisher optimal partition: minimises the summed within-class squared
//                   deviation over the sorted values (exact dynamic programme).
// Palettes are colour-blind safe: sequential Viridis and Cividis, diverging PuOr and BrBG
// (ColorBrewer, deuteranopia/protanopia safe) for signed values such as a BACI contrast.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/color.hpp"

namespace biodash {

enum class BreakMethod : uint8_t { Quantile = 0, EqualInterval = 1, NaturalBreaks = 2 };
// "quantile", "equal", "natural".
const char* to_string(BreakMethod m);
std::optional<BreakMethod> parse_break_method(std::string_view s);

// Ascending class edges (classes + 1 values: first = min, last = max) of the finite values.
// Fewer edges when there are fewer distinct values than classes; {} when no finite value;
// {v, v} when all values equal v. Classes are right-closed: [e0,e1], (e1,e2], ...
std::vector<double> class_breaks(std::vector<double> values, int classes, BreakMethod m);

enum class Palette : uint8_t { Viridis = 0, Cividis = 1, PuOr = 2, BrBG = 3 };
// "viridis", "cividis", "puor", "brbg".
const char* to_string(Palette p);
std::optional<Palette> parse_palette(std::string_view s);
bool is_diverging(Palette p);
// Colour at t in [0,1] (diverging palettes: 0.5 = neutral centre).
Rgba palette_color(Palette p, double t);

}  // namespace biodash
