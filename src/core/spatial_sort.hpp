#pragma once
// Reorders an observation store along a Morton (Z-order) curve of its coordinates, so that
// observations close in space are close in memory: every polygon's observations then sit in
// a few contiguous runs, and re-aggregation reads the columns almost sequentially instead of
// jumping through memory. source_row keeps each record's original position in its file.
#include "core/observations.hpp"

namespace biodash {

// Sorts all columns of `s` by the Morton code of (x, y) quantised to 2^16 x 2^16 cells of the
// store's bounds (stable: ties keep file order). Records without finite coordinates go last.
void sort_spatially(ObservationStore& s);

}  // namespace biodash
