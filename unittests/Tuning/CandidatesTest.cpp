//===- CandidatesTest.cpp - the choices tuning tries and their recipe -----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Candidates.h"

#include "gtest/gtest.h"

using namespace fp8;
using namespace fp8::tuning;

namespace {

std::vector<std::string> describeAll(const std::vector<OpChoice> &choices) {
  std::vector<std::string> texts;
  for (const OpChoice &choice : choices)
    texts.push_back(choice.describe());
  return texts;
}

TEST(CandidatesTest, FormatListsAreCheckedAgainstTheFormatTable) {
  auto formats = parseFormatList("e4m3, e3m4fn,e5m2,e4m3");
  ASSERT_TRUE(static_cast<bool>(formats));
  EXPECT_EQ(*formats, (std::vector<std::string>{"e4m3", "e3m4fn", "e5m2"}));
  auto bad = parseFormatList("e4m3,int8");
  ASSERT_FALSE(static_cast<bool>(bad));
  std::string message = llvm::toString(bad.takeError());
  EXPECT_NE(message.find("'int8' is not an FP8 format"), std::string::npos)
      << message;
  EXPECT_NE(message.find("e3m4fn"), std::string::npos) << message;
  auto empty = parseFormatList("");
  ASSERT_FALSE(static_cast<bool>(empty));
  llvm::consumeError(empty.takeError());
}

TEST(CandidatesTest, UniformFormatsThenMethodsThenGranularityThenMixes) {
  std::vector<OpChoice> choices =
      candidateChoices({"e4m3", "e3m4fn", "e5m2"}, GlobalChoice());
  EXPECT_EQ(describeAll(choices),
            (std::vector<std::string>{
                "e3m4fn", "e5m2", "percentile", "mse", "weights per tensor",
                // Mixes with the global format set only the other field.
                "activations e3m4fn", "activations e5m2", "weights e3m4fn",
                "weights e3m4fn, activations e5m2", "weights e5m2",
                "weights e5m2, activations e3m4fn"}));
}

TEST(CandidatesTest, AnOpWithoutAWeightDropsWeightChoices) {
  std::vector<OpChoice> all =
      candidateChoices({"e4m3", "e3m4fn", "e5m2"}, GlobalChoice());
  TunedOp attention{"scores", {}, {"scores/lhs", "scores/rhs"}};
  EXPECT_EQ(describeAll(candidatesFor(attention, all, GlobalChoice())),
            (std::vector<std::string>{"activations e3m4fn", "activations e5m2",
                                      "percentile", "mse"}));
  TunedOp embedding{"embed", {"embed/table"}, {}};
  EXPECT_EQ(describeAll(candidatesFor(embedding, all, GlobalChoice())),
            (std::vector<std::string>{"weights e3m4fn", "weights e5m2",
                                      "weights per tensor"}));
}

TEST(CandidatesTest, AssignmentsBecomePerTensorOverrides) {
  std::vector<TunedOp> ops = {{"fc1", {"fc1/rhs"}, {"fc1/lhs"}},
                              {"fc2", {"fc2/rhs"}, {"fc2/lhs"}},
                              {"fc3", {"fc3/rhs"}, {"fc3/lhs"}}};
  Assignment assignment;
  assignment["fc1"].keep = true;
  assignment["fc2"].weightFormat = "e5m2";
  assignment["fc2"].activationFormat = "e3m4fn";
  assignment["fc2"].method = "mse";
  assignment["fc2"].weightGranularity = "tensor";
  auto overrides = toOverrides(assignment, ops);
  ASSERT_TRUE(static_cast<bool>(overrides));
  ASSERT_EQ(overrides->size(), 4u);
  EXPECT_TRUE(overrides->at("fc1/lhs").keep);
  EXPECT_TRUE(overrides->at("fc1/rhs").keep);
  const calibration::RecipeOverride &weight = overrides->at("fc2/rhs");
  EXPECT_EQ(weight.weightFormat, FormatKind::E5M2);
  EXPECT_EQ(weight.weightGranularity, std::string("tensor"));
  EXPECT_FALSE(weight.activationFormat.has_value());
  EXPECT_FALSE(weight.method.has_value());
  const calibration::RecipeOverride &activation = overrides->at("fc2/lhs");
  EXPECT_EQ(activation.activationFormat, FormatKind::E3M4FN);
  EXPECT_EQ(activation.method, calibration::Method::MSE);
  EXPECT_FALSE(activation.weightFormat.has_value());

  Assignment unknown;
  unknown["fc9"].keep = true;
  auto error = toOverrides(unknown, ops);
  ASSERT_FALSE(static_cast<bool>(error));
  EXPECT_EQ(llvm::toString(error.takeError()),
            "tuning: no quantizable op 'fc9'");
}

} // namespace
