#pragma once
// Test helper: two reads of the same rows (one file read two ways: threads, plain file or
// archive member) hold the same observations, column by column, and the same taxon names.
#include <gtest/gtest.h>

#include "core/observations.hpp"

namespace biodash::test {

inline void expect_same_observations(const ObservationStore& a, const ObservationStore& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.source_row, b.source_row);
  EXPECT_EQ(a.count, b.count);
  ASSERT_EQ(a.taxa.size(), b.taxa.size());
  for (size_t i = 0; i < a.size(); i += 997)
    EXPECT_EQ(a.taxa[a.taxon[i]].scientific_name, b.taxa[b.taxon[i]].scientific_name);
}

}  // namespace biodash::test
