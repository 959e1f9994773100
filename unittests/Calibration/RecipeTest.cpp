//===- RecipeTest.cpp - tuning recipes in memory, as JSON and as files ----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a tuner does with a recipe: builds it in memory, writes it, reads it
// back equal; and the reader's messages for bad values (the pass's checks
// against a module are in test/BadInput/recipe.mlir).
//
//===----------------------------------------------------------------------===//

#include "Samples.h"

#include "fp8/Calibration/Recipe.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"

using namespace fp8::calibration;
using namespace fp8::calibration::testing;

namespace {

CalibrationTable sampleTable() {
  CalibrationTable table;
  table.samples = 2;
  table.scheme = "standard";
  table.tensors["fc1/lhs"] = statisticsOf(gaussianSamples(1000, 1));
  table.shapes["fc1/lhs"] = {4, 8};
  return table;
}

Recipe sampleRecipe() {
  Recipe recipe;
  recipe.options = {{"weight-format", "e4m3"}, {"activation-format", "e3m4fn"},
                    {"percentile", "99.9"},    {"skip-first-last", "true"},
                    {"block-size", "64"},      {"exclude", "^head/"}};
  RecipeOverride weight;
  weight.weightFormat = ::fp8::FormatKind::E5M2;
  weight.weightGranularity = "tensor";
  recipe.overrides["fc1/rhs"] = weight;
  RecipeOverride activation;
  activation.activationFormat = ::fp8::FormatKind::E4M3;
  activation.method = Method::Percentile;
  activation.percentile = 99.5;
  recipe.overrides["fc1/lhs"] = activation;
  RecipeOverride keep;
  keep.keep = true;
  recipe.overrides["fc2/lhs"] = keep;
  recipe.calibration = sampleTable();
  recipe.metric =
      RecipeMetric{RecipeMetric::Kind::Top1Drop, 0.01, 0.9741, 0.0019};
  return recipe;
}

std::string errorOf(llvm::StringRef text) {
  llvm::Expected<Recipe> recipe = Recipe::fromJSON(text, "r.json");
  if (recipe)
    return "";
  return llvm::toString(recipe.takeError());
}

TEST(Recipe, EmbeddedTableRoundTrip) {
  Recipe recipe = sampleRecipe();
  std::string text = recipe.toJSON();
  llvm::Expected<Recipe> back = Recipe::fromJSON(text, "r.json");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(*back, recipe);
  EXPECT_EQ(back->toJSON(), text) << "writing is deterministic";
}

TEST(Recipe, OptionsKeepTheirJSONTypes) {
  std::string text = sampleRecipe().toJSON();
  EXPECT_NE(text.find("\"percentile\": 99.9"), std::string::npos) << text;
  EXPECT_NE(text.find("\"skip-first-last\": true"), std::string::npos);
  EXPECT_NE(text.find("\"block-size\": 64"), std::string::npos);
  EXPECT_NE(text.find("\"keep\": \"f32\""), std::string::npos);
}

/// A fresh directory per test, removed afterwards.
class RecipeFile : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(static_cast<bool>(
        llvm::sys::fs::createUniqueDirectory("fp8-recipe-test", dir)));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }
  std::string pathOf(llvm::StringRef name) const {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  }
  llvm::SmallString<256> dir;
};

TEST_F(RecipeFile, TablePathIsRelativeToTheRecipe) {
  Recipe recipe = sampleRecipe();
  ASSERT_FALSE(
      static_cast<bool>(recipe.calibration->writeFile(pathOf("calib.json"))));
  recipe.calibrationPath = "calib.json";
  ASSERT_FALSE(static_cast<bool>(recipe.writeFile(pathOf("r.json"))));
  llvm::Expected<Recipe> back = Recipe::readFile(pathOf("r.json"));
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(*back, recipe) << "the table is read from the recipe's directory";
}

TEST_F(RecipeFile, MissingTableNamesBoth) {
  Recipe recipe = sampleRecipe();
  recipe.calibrationPath = "absent.json";
  ASSERT_FALSE(static_cast<bool>(recipe.writeFile(pathOf("r.json"))));
  llvm::Expected<Recipe> back = Recipe::readFile(pathOf("r.json"));
  ASSERT_FALSE(static_cast<bool>(back));
  std::string message = llvm::toString(back.takeError());
  EXPECT_NE(message.find("r.json: calibration: "), std::string::npos)
      << message;
  EXPECT_NE(message.find("absent.json: calibration table not found"),
            std::string::npos)
      << message;
}

TEST(RecipeValidation, Messages) {
  const std::string head = R"({"format": "fp8-recipe", "version": 1, )";
  EXPECT_EQ(errorOf(head + R"("options": {}})"), "");
  EXPECT_EQ(
      errorOf(R"({"format": "fp8-recipe", "version": 1.5, "options": {}})"),
      "r.json: field \"version\" must be an integer, got 1.5 (this build reads "
      "version 1)");
  EXPECT_EQ(errorOf(head + R"("options": {"recipe": "x.json"}})"),
            "r.json: option 'recipe': a recipe cannot name another recipe");
  EXPECT_EQ(errorOf(head + R"("options": {"percentile": [1]}})"),
            "r.json: option 'percentile': must be a string, a number or a "
            "boolean, got an array");
  EXPECT_EQ(errorOf(head + R"("options": {}, "overrides": {"a/lhs": {}}})"),
            "r.json: override 'a/lhs': sets nothing (expected weight-format, "
            "activation-format, weight-granularity, method, percentile or "
            "keep)");
  EXPECT_EQ(
      errorOf(head +
              R"("options": {}, "overrides": {"a/lhs": {"percentile": 0}}})"),
      "r.json: override 'a/lhs': field \"percentile\" is 0, expected a value "
      "in (0, 100]");
  EXPECT_EQ(errorOf(head + R"("options": {}, "overrides": {"a/rhs": )"
                           R"({"weight-granularity": "row"}}})"),
            "r.json: override 'a/rhs': field \"weight-granularity\" is the "
            "string \"row\", expected tensor, channel or block");
  EXPECT_EQ(errorOf(head + R"("options": {}, "metric": {"kind": "top5", )"
                           R"("budget": 0.01, "fp32": 0.9, "achieved": 0}})"),
            "r.json: field \"metric.kind\" is the string \"top5\", expected "
            "\"top1-drop\" or \"rel-error\"");
  EXPECT_EQ(errorOf(head + R"("options": {}, "calibration": 3})"),
            "r.json: field \"calibration\" must be a table's path or a "
            "table, got 3");
  EXPECT_EQ(errorOf(head + R"("options": {},)"
                           "\n"
                           R"( "options": {}})"),
            "r.json:2:2: duplicate key \"options\"");
}

} // namespace
