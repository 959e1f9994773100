//===- HistogramTest.cpp - observe / merge of TensorStatistics ------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Samples.h"

#include "fp8/Calibration/Statistics.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace fp8::calibration;
using namespace fp8::calibration::testing;

namespace {

int64_t histogramTotal(const TensorStatistics &stats) {
  return std::accumulate(stats.histogram.begin(), stats.histogram.end(),
                         int64_t(0));
}

/// The bin `value` must land in when the range is `histogramMax`.
int expectedBin(double value, double histogramMax) {
  return static_cast<int>(std::fabs(value) / histogramMax * kHistogramBins);
}

/// Awkward values for exactness: random magnitudes over many binades, exact
/// powers of two (range edges), exact bin edges at several ranges, zeros of
/// both signs, NaN and infinities.
std::vector<float> awkwardValues(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
  std::uniform_int_distribution<int> exponent(-30, 20);
  std::bernoulli_distribution negative(0.5);
  std::vector<float> values;
  for (int i = 0; i < 20000; ++i) {
    float value = std::ldexp(mantissa(rng), exponent(rng));
    values.push_back(negative(rng) ? -value : value);
  }
  for (int e = -12; e <= 21; ++e) {
    values.push_back(std::ldexp(1.0f, e));
    values.push_back(-std::ldexp(1.0f, e));
    // Bin edges of ranges 2^e: k * 2^(e - 11).
    for (int k : {1, 2, 3, 1023, 1024, 1025, 2047})
      values.push_back(std::ldexp(static_cast<float>(k), e - 11));
  }
  values.insert(values.end(), {0.0f, -0.0f, 0.0f, -0.0f});
  values.insert(values.end(), {std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity()});
  return values;
}

TEST(Histogram, DefaultStatisticsAreEmpty) {
  TensorStatistics stats;
  EXPECT_EQ(stats.count, 0);
  EXPECT_EQ(stats.amax(), 0.0);
  EXPECT_EQ(stats.histogramMax, 0.0);
  ASSERT_EQ(stats.histogram.size(), static_cast<size_t>(kHistogramBins))
      << "a fresh statistics object must already hold every bin";
  EXPECT_EQ(histogramTotal(stats), 0);
}

TEST(Histogram, RecordsMinMaxAmaxAndCount) {
  std::vector<float> values = {0.5f, -3.0f, 2.0f, 1.25f};
  TensorStatistics stats = statisticsOf(values);
  EXPECT_EQ(stats.min, -3.0);
  EXPECT_EQ(stats.max, 2.0);
  EXPECT_EQ(stats.amax(), 3.0) << "amax = max(|min|, |max|)";
  EXPECT_EQ(stats.count, 4);
  EXPECT_EQ(histogramTotal(stats), 4) << "every finite value is in a bin";
}

TEST(Histogram, RangeIsSmallestPowerOfTwoAboveAmax) {
  EXPECT_EQ(statisticsOf({0.75f}).histogramMax, 1.0);
  EXPECT_EQ(statisticsOf({3.0f}).histogramMax, 4.0);
  EXPECT_EQ(statisticsOf({1.0f}).histogramMax, 2.0)
      << "a power-of-two amax must lie strictly inside the range, else it "
         "would change bins when the range doubles";
  EXPECT_EQ(statisticsOf({-1e-30f}).histogramMax,
            std::ldexp(1.0, std::ilogb(1e-30f) + 1));
  EXPECT_EQ(statisticsOf({std::numeric_limits<float>::max()}).histogramMax,
            std::ldexp(1.0, 128))
      << "the largest float needs a range of 2^128, still a finite double";
  EXPECT_EQ(TensorStatistics::histogramMaxFor(1.0), 2.0);
  EXPECT_EQ(TensorStatistics::histogramMaxFor(0.0), 0.0);
}

TEST(Histogram, BinsAreFloorOfScaledMagnitude) {
  TensorStatistics stats = statisticsOf({0.75f, -0.25f, 0.0f, 0.9999f});
  ASSERT_EQ(stats.histogramMax, 1.0);
  EXPECT_EQ(stats.histogram[1536], 1) << "0.75 * 2048 = 1536";
  EXPECT_EQ(stats.histogram[512], 1) << "|-0.25| * 2048 = 512";
  EXPECT_EQ(stats.histogram[0], 1) << "zero is in bin 0";
  EXPECT_EQ(stats.histogram[2047], 1) << "0.9999 * 2048 = 2047.8";
}

TEST(Histogram, RangeDoublingMergesBinPairs) {
  // Observed at range 1, then the range doubles twice to 4.
  TensorStatistics stats = statisticsOf({0.75f, 0.5f, 0.25f - 1e-7f});
  ASSERT_EQ(stats.histogramMax, 1.0);
  std::vector<float> more = {3.5f};
  stats.observe(more.data(), 1);
  ASSERT_EQ(stats.histogramMax, 4.0);
  EXPECT_EQ(stats.histogram[expectedBin(0.75, 4)], 1) << "bin 1536 -> 384";
  EXPECT_EQ(stats.histogram[expectedBin(0.5, 4)], 1) << "bin 1024 -> 256";
  EXPECT_EQ(stats.histogram[expectedBin(0.25f - 1e-7f, 4)], 1)
      << "bin 511 -> 127 (not 128: the floor of a floor)";
  EXPECT_EQ(stats.histogram[expectedBin(3.5, 4)], 1);
  EXPECT_EQ(histogramTotal(stats), 4);
}

TEST(Histogram, RangeGrowthBeyondElevenDoublingsCollapsesToBinZero) {
  TensorStatistics stats = statisticsOf({1e-6f, 2e-6f});
  std::vector<float> huge = {1e6f};
  stats.observe(huge.data(), 1);
  EXPECT_EQ(stats.histogram[0], 2)
      << "values 2^40 times smaller than the range all sit in bin 0";
  EXPECT_EQ(stats.histogram[expectedBin(1e6, stats.histogramMax)], 1);
}

TEST(Histogram, NaNAndInfinityAreCountedApart) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  TensorStatistics stats = statisticsOf({nan, 1.0f, -inf, inf, nan, nan});
  EXPECT_EQ(stats.nanCount, 3);
  EXPECT_EQ(stats.infCount, 2);
  EXPECT_EQ(stats.count, 1) << "only finite values count";
  EXPECT_EQ(stats.amax(), 1.0) << "infinities must not reach min/max";
  EXPECT_EQ(histogramTotal(stats), 1);
}

TEST(Histogram, OnlyNonFiniteValuesLeaveStatisticsEmpty) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  TensorStatistics stats = statisticsOf({nan, nan});
  EXPECT_EQ(stats.count, 0);
  EXPECT_EQ(stats.min, 0.0);
  EXPECT_EQ(stats.max, 0.0);
  EXPECT_EQ(stats.histogramMax, 0.0);
}

TEST(Histogram, AllZerosKeepRangeZero) {
  TensorStatistics stats = statisticsOf({0.0f, -0.0f, 0.0f});
  EXPECT_EQ(stats.histogramMax, 0.0) << "documented: 0 when every value is 0";
  EXPECT_EQ(stats.histogram[0], 3);
  EXPECT_FALSE(std::signbit(stats.min)) << "-0 is recorded as +0";
  // Later values widen the range; the zeros stay in bin 0.
  std::vector<float> more = {0.5f};
  stats.observe(more.data(), 1);
  EXPECT_EQ(stats.histogramMax, 1.0);
  EXPECT_EQ(stats.histogram[0], 3);
  EXPECT_EQ(stats.histogram[1024], 1);
}

TEST(Histogram, SignOfZeroDoesNotDependOnOrder) {
  TensorStatistics a = statisticsOf({-0.0f, 0.0f});
  TensorStatistics b = statisticsOf({0.0f, -0.0f});
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(std::signbit(a.min));
  EXPECT_FALSE(std::signbit(a.max));
}

TEST(Histogram, ObservationOrderDoesNotChangeAnything) {
  std::vector<float> values = awkwardValues(1);
  TensorStatistics reference = statisticsOf(values);
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(values.begin(), values.end(), rng);
    // One value at a time: the range grows as often as it possibly can.
    TensorStatistics oneByOne;
    for (float value : values)
      oneByOne.observe(&value, 1);
    EXPECT_TRUE(oneByOne == reference) << "trial " << trial;
    EXPECT_EQ(oneByOne.histogram, reference.histogram) << "trial " << trial;
  }
  // Ascending magnitudes double the range at almost every power of two.
  std::sort(values.begin(), values.end(), [](float a, float b) {
    return std::fabs(a) < std::fabs(b) || (std::isnan(b) && !std::isnan(a));
  });
  EXPECT_TRUE(statisticsOf(values) == reference) << "sorted by magnitude";
}

TEST(Histogram, ShardedAndMergedEqualsObservedAtOnce) {
  std::vector<float> values = awkwardValues(3);
  TensorStatistics reference = statisticsOf(values);
  std::mt19937_64 rng(4);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(values.begin(), values.end(), rng);
    // Random split points, shards observed separately.
    std::uniform_int_distribution<size_t> cut(0, values.size());
    std::vector<size_t> cuts = {0, values.size()};
    for (int i = 0; i < 6; ++i)
      cuts.push_back(cut(rng));
    std::sort(cuts.begin(), cuts.end());
    std::vector<TensorStatistics> shards;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      shards.emplace_back();
      shards.back().observe(values.data() + cuts[i],
                            static_cast<int64_t>(cuts[i + 1] - cuts[i]));
    }
    // Merge left to right, and right to left.
    TensorStatistics forward, backward;
    for (const TensorStatistics &shard : shards)
      forward.merge(shard);
    for (auto it = shards.rbegin(); it != shards.rend(); ++it)
      backward.merge(*it);
    EXPECT_TRUE(forward == reference) << "trial " << trial;
    EXPECT_TRUE(backward == reference) << "trial " << trial;
    EXPECT_EQ(forward.histogram, reference.histogram) << "trial " << trial;
  }
}

TEST(Histogram, MergeTreeShapeDoesNotMatter) {
  // ((a + b) + (c + d)) == (((a + b) + c) + d) with ranges far apart.
  TensorStatistics a = statisticsOf(uniformSamples(1000, -1e-3f, 1e-3f, 5));
  TensorStatistics b = statisticsOf(uniformSamples(1000, -7.0f, 7.0f, 6));
  TensorStatistics c = statisticsOf({0.0f, 0.0f});
  TensorStatistics d = statisticsOf(gaussianSamples(1000, 7));
  TensorStatistics left = a, right = c;
  left.merge(b);
  right.merge(d);
  left.merge(right);
  TensorStatistics chain = a;
  chain.merge(b);
  chain.merge(c);
  chain.merge(d);
  EXPECT_TRUE(left == chain);
}

TEST(Histogram, MergingEmptyStatisticsChangesNothing) {
  TensorStatistics stats = statisticsOf(gaussianSamples(100, 8));
  TensorStatistics copy = stats;
  stats.merge(TensorStatistics());
  EXPECT_TRUE(stats == copy) << "empty on the right";
  TensorStatistics empty;
  empty.merge(copy);
  EXPECT_TRUE(empty == copy) << "empty on the left";
}

TEST(Histogram, MergeWithItselfDoublesCounts) {
  TensorStatistics stats = statisticsOf(gaussianSamples(100, 9));
  TensorStatistics twice = statisticsOf(gaussianSamples(100, 9));
  std::vector<float> again = gaussianSamples(100, 9);
  twice.observe(again.data(), 100);
  stats.merge(stats);
  EXPECT_TRUE(stats == twice) << "merge(*this) must read `other` first";
}

TEST(CalibrationTableMerge, AddsSamplesAndMergesPerId) {
  CalibrationTable a, b;
  a.samples = 2;
  b.samples = 3;
  a.tensors["x"] = statisticsOf({1.0f});
  a.tensors["y"] = statisticsOf({2.0f});
  b.tensors["y"] = statisticsOf({-4.0f});
  b.tensors["z"] = statisticsOf({0.5f});
  ASSERT_FALSE(llvm::errorToBool(a.merge(b)));
  EXPECT_EQ(a.samples, 5);
  ASSERT_EQ(a.tensors.size(), 3u) << "ids of both tables";
  EXPECT_TRUE(a.tensors["y"] == statisticsOf({2.0f, -4.0f}));
  EXPECT_TRUE(a.tensors["z"] == statisticsOf({0.5f}));
}

// Counts near 2^63 (a table edited by hand passes validation) must not wrap
// around into a negative count that the next read rejects.
TEST(CalibrationTableMerge, OverflowFailsAndChangesNothing) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  CalibrationTable a;
  a.samples = 1;
  a.tensors["x"] = statisticsOf({1.0f});
  a.tensors["x"].nanCount = kMax;
  CalibrationTable before = a;
  std::string message = llvm::toString(a.merge(before));
  EXPECT_EQ(message, "cannot merge: the counts of tensor 'x' would exceed "
                     "2^63 - 1");
  EXPECT_TRUE(a == before) << "a failed merge changes nothing";

  CalibrationTable many;
  many.samples = kMax;
  message = llvm::toString(a.merge(many));
  EXPECT_EQ(message, "cannot merge: the sample count would exceed 2^63 - 1");
  EXPECT_TRUE(a == before);
}

} // namespace
