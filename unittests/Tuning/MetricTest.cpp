//===- MetricTest.cpp - the accuracy metrics of tuning --------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Metric.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace fp8::tuning;

namespace {

TEST(MetricTest, RelativeL2IsOverTheConcatenatedOutputs) {
  auto metric = relativeL2({3.0, 0.0, 4.0}, {3.0, 1.0, 4.0});
  ASSERT_TRUE(static_cast<bool>(metric));
  EXPECT_DOUBLE_EQ(*metric, 0.2); // 1 / 5
  auto same = relativeL2({1.0, -2.0}, {1.0, -2.0});
  ASSERT_TRUE(static_cast<bool>(same));
  EXPECT_EQ(*same, 0.0);
}

TEST(MetricTest, NaNOutputsMeetNoBudget) {
  auto metric =
      relativeL2({1.0, 2.0}, {1.0, std::numeric_limits<double>::quiet_NaN()});
  ASSERT_TRUE(static_cast<bool>(metric));
  EXPECT_TRUE(std::isinf(*metric));
}

TEST(MetricTest, ZeroReferenceAndSizeMismatchAreErrors) {
  auto zero = relativeL2({0.0, 0.0}, {1.0, 0.0});
  ASSERT_FALSE(static_cast<bool>(zero));
  EXPECT_NE(llvm::toString(zero.takeError()).find("all zero"),
            std::string::npos);
  auto sizes = relativeL2({1.0}, {1.0, 2.0});
  ASSERT_FALSE(static_cast<bool>(sizes));
  llvm::consumeError(sizes.takeError());
}

TEST(MetricTest, PredictionsAreTheArgmaxOfEachRow) {
  std::vector<int64_t> predictions;
  // Two rows of three classes; a tie takes the first, NaN never wins.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ASSERT_FALSE(static_cast<bool>(
      appendPredictions({0.1, 0.7, 0.2, nan, 5.0, 5.0}, {2, 3}, predictions)));
  // A rank-1 result is one row.
  ASSERT_FALSE(
      static_cast<bool>(appendPredictions({1.0, -1.0}, {2}, predictions)));
  EXPECT_EQ(predictions, (std::vector<int64_t>{1, 1, 0}));
  llvm::Error scalar = appendPredictions({1.0}, {}, predictions);
  ASSERT_TRUE(static_cast<bool>(scalar));
  EXPECT_NE(llvm::toString(std::move(scalar)).find("no class dimension"),
            std::string::npos);
}

TEST(MetricTest, Top1DropIsRelativeToFP32) {
  EXPECT_DOUBLE_EQ(top1Accuracy({1, 2, 3, 4}, {1, 2, 0, 4}), 0.75);
  auto drop = top1Drop(0.8, 0.76);
  ASSERT_TRUE(static_cast<bool>(drop));
  EXPECT_NEAR(*drop, 0.05, 1e-12);
  auto none = top1Drop(0.0, 0.0);
  ASSERT_FALSE(static_cast<bool>(none));
  llvm::consumeError(none.takeError());
}

} // namespace
