//===- SearchTest.cpp - the search of accuracy-driven tuning --------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The search on models whose metric is a known function of the choices:
// each op adds an error that depends on its choice (0 when kept in f32).
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Search.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace fp8::tuning;

namespace {

OpChoice format(const std::string &name) {
  OpChoice choice;
  choice.weightFormat = name;
  choice.activationFormat = name;
  return choice;
}

OpChoice keep() {
  OpChoice choice;
  choice.keep = true;
  return choice;
}

/// A model of independent ops: each op's error under the global options,
/// and under some candidate formats; kept ops add nothing.
struct AdditiveModel {
  std::map<std::string, double> globalError;
  std::map<std::string, std::map<std::string, double>> formatError;
  std::vector<Assignment> tried;

  Evaluator evaluator() {
    return [this](const Assignment &assignment) -> llvm::Expected<double> {
      tried.push_back(assignment);
      double total = 0.0;
      for (const auto &[op, error] : globalError) {
        auto it = assignment.find(op);
        if (it == assignment.end())
          total += error;
        else if (!it->second.keep)
          total += formatError[op].at(it->second.weightFormat);
      }
      return total;
    };
  }
};

const std::vector<std::string> kOps = {"fc1", "fc2", "fc3"};

TEST(SearchTest, GlobalOptionsWithinBudgetTakeOneTrial) {
  AdditiveModel model;
  model.globalError = {{"fc1", 0.01}, {"fc2", 0.02}, {"fc3", 0.03}};
  SearchOptions options;
  options.budget = 0.1;
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_TRUE(result->meets);
  EXPECT_EQ(result->trials, 1);
  EXPECT_TRUE(result->assignment.empty());
  EXPECT_DOUBLE_EQ(result->metric, 0.06);
  EXPECT_TRUE(result->errorAlone.empty());
}

TEST(SearchTest, OpsAreOrderedByTheirErrorAlone) {
  AdditiveModel model;
  model.globalError = {{"fc1", 0.01}, {"fc2", 0.03}, {"fc3", 0.02}};
  SearchOptions options;
  options.budget = 0.045;
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  // Trials 2-4 quantize one op each, the others kept.
  ASSERT_GE(model.tried.size(), 4u);
  EXPECT_EQ(model.tried[1].size(), 2u);
  EXPECT_TRUE(model.tried[1].at("fc2").keep);
  EXPECT_TRUE(model.tried[1].at("fc3").keep);
  EXPECT_DOUBLE_EQ(result->errorAlone.at("fc1"), 0.01);
  EXPECT_DOUBLE_EQ(result->errorAlone.at("fc2"), 0.03);
  EXPECT_DOUBLE_EQ(result->errorAlone.at("fc3"), 0.02);
  EXPECT_EQ(result->order, (std::vector<std::string>{"fc2", "fc3", "fc1"}));
  // No candidates: fc2, the most sensitive, is kept (0.03 left <= 0.045).
  EXPECT_TRUE(result->meets);
  EXPECT_EQ(result->assignment.size(), 1u);
  EXPECT_TRUE(result->assignment.at("fc2").keep);
}

TEST(SearchTest, ACandidateFormatAvoidsKeepingOps) {
  AdditiveModel model;
  model.globalError = {{"fc1", 0.01}, {"fc2", 0.05}, {"fc3", 0.01}};
  model.formatError["fc2"] = {{"e5m2", 0.08}, {"e3m4fn", 0.005}};
  model.formatError["fc1"] = {{"e5m2", 0.02}, {"e3m4fn", 0.02}};
  SearchOptions options;
  options.budget = 0.03;
  options.candidates = {format("e5m2"), format("e3m4fn")};
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_TRUE(result->meets);
  ASSERT_EQ(result->assignment.size(), 1u);
  EXPECT_EQ(result->assignment.at("fc2"), format("e3m4fn"));
  EXPECT_DOUBLE_EQ(result->metric, 0.025);
  // 1 global, 3 alone, then fc2's two candidates.
  EXPECT_EQ(result->trials, 6);
}

TEST(SearchTest, AnOpWithItsOwnCandidatesTriesOnlyThose) {
  AdditiveModel model;
  model.globalError = {{"fc1", 0.01}, {"fc2", 0.05}, {"fc3", 0.01}};
  model.formatError["fc2"] = {{"e5m2", 0.08}, {"e3m4fn", 0.005}};
  model.formatError["fc1"] = {{"e5m2", 0.02}, {"e3m4fn", 0.02}};
  SearchOptions options;
  options.budget = 0.03;
  options.candidates = {format("e5m2"), format("e3m4fn")};
  options.candidatesPerOp["fc2"] = {format("e3m4fn")};
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_TRUE(result->meets);
  EXPECT_EQ(result->assignment.at("fc2"), format("e3m4fn"));
  // 1 global, 3 alone, then fc2's one candidate.
  EXPECT_EQ(result->trials, 5);
}

/// Whether `op` is quantized (not kept) in `assignment`.
bool quantized(const Assignment &assignment, const char *op) {
  auto it = assignment.find(op);
  return it == assignment.end() || !it->second.keep;
}

TEST(SearchTest, KeptOpsAreQuantizedAgainWhereTheModelStillMeets) {
  // fc1's error alone (others kept) is the largest, but quantizing fc3 as
  // well cancels it: once fc2 is kept, fc1 can be quantized again.
  Evaluator evaluate = [](const Assignment &a) -> llvm::Expected<double> {
    double error = 0.0;
    if (quantized(a, "fc1") && !quantized(a, "fc3"))
      error += 0.03;
    if (quantized(a, "fc2"))
      error += 0.02;
    if (quantized(a, "fc3"))
      error += 0.001;
    return error;
  };
  SearchOptions options;
  options.budget = 0.01;
  auto result = fp8::tuning::search(kOps, options, evaluate);
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->order, (std::vector<std::string>{"fc1", "fc2", "fc3"}));
  // Kept fc1 (0.021), then fc2 (0.001): meets; fc1 quantized again: 0.001.
  EXPECT_TRUE(result->meets);
  ASSERT_EQ(result->assignment.size(), 1u);
  EXPECT_TRUE(result->assignment.at("fc2").keep);
  EXPECT_DOUBLE_EQ(result->metric, 0.001);
  // 1 global, 3 alone, 2 kept, 1 quantized again.
  EXPECT_EQ(result->trials, 7);
}

TEST(SearchTest, TheLastKeptOpStaysKept) {
  // Independent ops, a budget below every op's error: all are kept, most
  // sensitive first, and none can come back.
  AdditiveModel model;
  model.globalError = {{"fc1", 0.001}, {"fc2", 0.02}, {"fc3", 0.015}};
  SearchOptions options;
  options.budget = 0.0005;
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result->order, (std::vector<std::string>{"fc2", "fc3", "fc1"}));
  EXPECT_TRUE(result->meets);
  EXPECT_EQ(result->assignment.size(), 3u);
  // 1 global, 3 alone, 3 kept, fc3 and fc2 tried again (fc1, the last
  // kept, is not).
  EXPECT_EQ(result->trials, 9);
}

TEST(SearchTest, CandidatesLeaveTrialsForKeepingOps) {
  // Many useless candidates: step 3 stops early enough for step 4 to keep
  // fc2 and meet the budget within 12 trials.
  AdditiveModel model;
  model.globalError = {{"fc1", 0.001}, {"fc2", 0.02}, {"fc3", 0.001}};
  SearchOptions options;
  options.budget = 0.005;
  options.maxTrials = 12;
  for (const char *name : {"a", "b", "c", "d", "e", "f"}) {
    options.candidates.push_back(format(name));
    for (const char *op : {"fc1", "fc2", "fc3"})
      model.formatError[op][name] = 0.05;
  }
  auto result = fp8::tuning::search(kOps, options, model.evaluator());
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_TRUE(result->meets);
  EXPECT_TRUE(result->assignment.at("fc2").keep);
  EXPECT_LE(result->trials, 12);
  // 1 global, 3 alone, 3 candidates (12 - 5 held back), fc2 kept: met.
  EXPECT_EQ(result->trials, 8);
}

TEST(SearchTest, ATrialBudgetStopsTheSearchWithTheBestSeen) {
  AdditiveModel model;
  model.globalError = {{"fc1", 0.05}, {"fc2", 0.03}, {"fc3", 0.02}};
  SearchOptions options;
  options.budget = 0.001;
  options.maxTrials = 3;
  std::vector<int> reported;
  auto result =
      fp8::tuning::search(kOps, options, model.evaluator(),
             [&](int trial, const std::string &, double, bool meets) {
               reported.push_back(trial);
               EXPECT_FALSE(meets);
             });
  ASSERT_TRUE(static_cast<bool>(result));
  EXPECT_FALSE(result->meets);
  EXPECT_EQ(result->trials, 3);
  EXPECT_EQ(reported, (std::vector<int>{1, 2, 3}));
  // Trial 3 quantized fc2 alone: 0.03, the lowest seen.
  EXPECT_DOUBLE_EQ(result->metric, 0.03);
}

TEST(SearchTest, AnEvaluatorErrorStopsTheSearch) {
  int calls = 0;
  Evaluator failing = [&](const Assignment &) -> llvm::Expected<double> {
    if (++calls == 2)
      return llvm::createStringError("eval sample 3: shape mismatch");
    return 1.0;
  };
  SearchOptions options;
  options.budget = 0.01;
  auto result = fp8::tuning::search(kOps, options, failing);
  ASSERT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(llvm::toString(result.takeError()),
            "eval sample 3: shape mismatch");
  EXPECT_EQ(calls, 2);
}

TEST(SearchTest, ChoicesDescribeWhatIsSet) {
  EXPECT_EQ(OpChoice().describe(), "global options");
  EXPECT_EQ(keep().describe(), "keep f32");
  EXPECT_EQ(format("e3m4fn").describe(), "e3m4fn");
  OpChoice mixed;
  mixed.weightFormat = "e4m3";
  mixed.activationFormat = "e5m2";
  mixed.method = "mse";
  EXPECT_EQ(mixed.describe(), "weights e4m3, activations e5m2, mse");
  OpChoice granularity;
  granularity.weightGranularity = "tensor";
  EXPECT_EQ(granularity.describe(), "weights per tensor");
}

} // namespace
