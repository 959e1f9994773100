//===- TableJSONTest.cpp - calibration table JSON round trip --------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Samples.h"

#include "fp8/Calibration/Statistics.h"

#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

#include <limits>

using namespace fp8::calibration;
using namespace fp8::calibration::testing;

namespace {

/// A table whose doubles need all 17 significant digits, sit at the edges of
/// float's range, or are exact integers.
CalibrationTable awkwardTable() {
  CalibrationTable table;
  table.samples = 17;
  table.tensors["layer1.fc"] = statisticsOf({0.1f, -1.0f / 3.0f, 2.7182817f});
  table.tensors["tiny"] =
      statisticsOf({std::numeric_limits<float>::denorm_min(), -1e-38f});
  table.tensors["huge"] = statisticsOf(
      {std::numeric_limits<float>::max(), -std::numeric_limits<float>::max()});
  table.tensors["zeros"] = statisticsOf({0.0f, 0.0f});
  table.tensors["func0/op3/operand1"] = statisticsOf(gaussianSamples(5000, 11));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  table.tensors["with \"quotes\" and nonfinite"] =
      statisticsOf({nan, inf, -inf, 4.0f});
  table.tensors["only nan"] = statisticsOf({nan});
  return table;
}

TEST(TableJSON, RoundTripIsExact) {
  CalibrationTable table = awkwardTable();
  std::string text = table.toJSON();
  llvm::Expected<CalibrationTable> read =
      CalibrationTable::fromJSON(text, "table.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->samples, table.samples);
  ASSERT_EQ(read->tensors.size(), table.tensors.size());
  for (const auto &[id, stats] : table.tensors) {
    const TensorStatistics &back = read->tensors.at(id);
    EXPECT_EQ(back.min, stats.min) << id << ": min must read back bit-exact";
    EXPECT_EQ(back.max, stats.max) << id;
    EXPECT_EQ(back.count, stats.count) << id;
    EXPECT_EQ(back.nanCount, stats.nanCount) << id;
    EXPECT_EQ(back.infCount, stats.infCount) << id;
    EXPECT_EQ(back.histogramMax, stats.histogramMax) << id;
    EXPECT_EQ(back.histogram, stats.histogram) << id;
  }
  EXPECT_EQ(read->toJSON(), text) << "writing what was read gives the same "
                                     "bytes";
}

TEST(TableJSON, OutputDoesNotDependOnInsertionOrder) {
  CalibrationTable forward, backward;
  std::vector<std::string> ids = {"b", "a", "c.d", "A", "z0"};
  for (size_t i = 0; i < ids.size(); ++i)
    forward.tensors[ids[i]] = statisticsOf({static_cast<float>(i)});
  for (size_t i = ids.size(); i-- > 0;)
    backward.tensors[ids[i]] = statisticsOf({static_cast<float>(i)});
  EXPECT_EQ(forward.toJSON(), backward.toJSON());
}

TEST(TableJSON, FollowsTheDesignLayout) {
  CalibrationTable table;
  table.samples = 4;
  table.tensors["layer1.fc"] = statisticsOf({-0.5f, 1.5f});
  std::string text = table.toJSON();
  // Header fields first, in the order of DESIGN.md section 5.
  size_t format = text.find("\"format\": \"fp8-calibration\"");
  size_t version = text.find("\"version\": 1");
  size_t samples = text.find("\"samples\": 4");
  size_t tensors = text.find("\"tensors\"");
  ASSERT_NE(format, std::string::npos) << text.substr(0, 200);
  ASSERT_NE(version, std::string::npos);
  ASSERT_NE(samples, std::string::npos);
  ASSERT_NE(tensors, std::string::npos);
  EXPECT_LT(format, version);
  EXPECT_LT(version, samples);
  EXPECT_LT(samples, tensors);
  // Plain numbers people can read (shortest round-trip form).
  EXPECT_NE(text.find("\"min\": -0.5,"), std::string::npos);
  EXPECT_NE(text.find("\"max\": 1.5,"), std::string::npos);
  EXPECT_NE(text.find("\"amax\": 1.5,"), std::string::npos);
  EXPECT_NE(text.find("\"max\": 2,"), std::string::npos) << "histogram.max";

  // And it is JSON that any parser reads, with every bin present.
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Array *counts = parsed->getAsObject()
                                        ->getObject("tensors")
                                        ->getObject("layer1.fc")
                                        ->getObject("histogram")
                                        ->getArray("counts");
  ASSERT_NE(counts, nullptr);
  EXPECT_EQ(counts->size(), static_cast<size_t>(kHistogramBins));
}

TEST(TableJSON, NanAndInfCountsAreOptionalOnInput) {
  // The DESIGN.md example has no nan_count / inf_count: they read as 0.
  CalibrationTable table;
  table.tensors["x"] = statisticsOf({1.0f});
  llvm::json::Value root = *llvm::json::parse(table.toJSON());
  llvm::json::Object *x =
      root.getAsObject()->getObject("tensors")->getObject("x");
  x->erase("nan_count");
  x->erase("inf_count");
  std::string text;
  llvm::raw_string_ostream(text) << root;
  llvm::Expected<CalibrationTable> read =
      CalibrationTable::fromJSON(text, "t.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == table);
}

TEST(TableJSON, EmptyTableRoundTrips) {
  CalibrationTable table;
  llvm::Expected<CalibrationTable> read =
      CalibrationTable::fromJSON(table.toJSON(), "empty.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == table);
}

// Version 2: the fingerprint (scheme, a shape per tensor, "?" for a dynamic
// dimension) reads back as written.
TEST(TableJSON, FingerprintRoundTrips) {
  CalibrationTable table;
  table.samples = 2;
  table.scheme = "extended";
  table.tensors["fc1/lhs"] = statisticsOf({-1.0f, 2.0f});
  table.tensors["scalar"] = statisticsOf({3.0f});
  table.shapes["fc1/lhs"] = {kDynamicDim, 784};
  table.shapes["scalar"] = {};
  std::string text = table.toJSON();
  EXPECT_NE(text.find("\"version\": 2"), std::string::npos) << text;
  EXPECT_NE(text.find("\"scheme\": \"extended\""), std::string::npos);
  llvm::Expected<CalibrationTable> read =
      CalibrationTable::fromJSON(text, "t.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == table);
  EXPECT_EQ(formatShape(read->shapes["fc1/lhs"]), "?x784");
}

// Version 1 still loads, without a fingerprint, and is written back as
// version 1.
TEST(TableJSON, VersionOneLoadsWithoutFingerprint) {
  CalibrationTable table;
  table.tensors["x"] = statisticsOf({1.0f});
  std::string text = table.toJSON();
  EXPECT_NE(text.find("\"version\": 1"), std::string::npos) << text;
  llvm::Expected<CalibrationTable> read =
      CalibrationTable::fromJSON(text, "old.json");
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_FALSE(read->hasFingerprint());
}

TEST(TableMerge, RefusesTablesOfDifferentModules) {
  CalibrationTable a, b;
  a.samples = b.samples = 1;
  a.scheme = b.scheme = "standard";
  a.tensors["fc1/lhs"] = b.tensors["fc1/lhs"] = statisticsOf({1.0f});
  b.tensors["fc3/lhs"] = statisticsOf({1.0f});
  a.shapes["fc1/lhs"] = {1, 784};
  b.shapes["fc1/lhs"] = {1, 64};
  b.shapes["fc3/lhs"] = {1, 32};
  CalibrationTable before = a;
  EXPECT_EQ(llvm::toString(a.merge(b, "a.json", "b.json")),
            "cannot merge tables calibrated on different modules: tensor "
            "'fc1/lhs' has shape 1x784 in a.json vs 1x64 in b.json; tensor "
            "'fc3/lhs' only in b.json");
  EXPECT_TRUE(a == before) << "a refused merge changes nothing";

  // A dynamic dimension matches any size; the merged shape keeps it.
  CalibrationTable c = a;
  c.shapes["fc1/lhs"] = {kDynamicDim, 784};
  ASSERT_FALSE(llvm::errorToBool(a.merge(c)));
  EXPECT_EQ(formatShape(a.shapes["fc1/lhs"]), "?x784");

  // A table without a fingerprint does not merge with one that has it.
  CalibrationTable old;
  old.samples = 1;
  old.tensors["fc1/lhs"] = statisticsOf({1.0f});
  EXPECT_EQ(llvm::toString(a.merge(old, "a.json", "old.json")),
            "cannot merge tables calibrated on different modules: old.json "
            "has no fingerprint (a version-1 table; recalibrate it)");
}

} // namespace
