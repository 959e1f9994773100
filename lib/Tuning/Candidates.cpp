//===- Candidates.cpp - the choices tuning tries and their recipe ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Candidates.h"

#include "fp8/Calibration/Methods.h"
#include "fp8/Numerics/Format.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace fp8;
using namespace fp8::tuning;

llvm::Expected<std::vector<std::string>>
fp8::tuning::parseFormatList(llvm::StringRef list) {
  llvm::SmallVector<llvm::StringRef> names;
  list.split(names, ',');
  std::vector<std::string> formats;
  for (llvm::StringRef name : names) {
    name = name.trim();
    if (!parseFormatName(std::string_view(name.data(), name.size())))
      return llvm::createStringError(
          "--tune-formats: '" + name + "' is not an FP8 format; expected " +
          "a comma-separated list of " + std::string(formatNameList()));
    if (!llvm::is_contained(formats, name.str()))
      formats.push_back(name.str());
  }
  return formats;
}

std::vector<OpChoice>
fp8::tuning::candidateChoices(llvm::ArrayRef<std::string> formats,
                              const GlobalChoice &global) {
  std::vector<OpChoice> choices;
  auto add = [&](OpChoice choice) {
    if (choice.weightFormat == global.weightFormat)
      choice.weightFormat.clear();
    if (choice.activationFormat == global.activationFormat)
      choice.activationFormat.clear();
    if (choice.weightGranularity == global.weightGranularity)
      choice.weightGranularity.clear();
    if (choice.method == global.method)
      choice.method.clear();
    if (!(choice == OpChoice()) && !llvm::is_contained(choices, choice))
      choices.push_back(choice);
  };
  // Uniform formats first: the usual fix, and half of what a mix changes.
  for (const std::string &format : formats) {
    OpChoice choice;
    choice.weightFormat = choice.activationFormat = format;
    add(choice);
  }
  // Activation scales that clip outliers instead of fitting them.
  for (const char *method : {"percentile", "mse"}) {
    OpChoice choice;
    choice.method = method;
    add(choice);
  }
  {
    OpChoice choice;
    choice.weightGranularity = "tensor";
    add(choice);
  }
  for (const std::string &weights : formats)
    for (const std::string &activations : formats) {
      if (weights == activations)
        continue;
      OpChoice choice;
      choice.weightFormat = weights;
      choice.activationFormat = activations;
      add(choice);
    }
  return choices;
}

std::vector<OpChoice>
fp8::tuning::candidatesFor(const TunedOp &op,
                           llvm::ArrayRef<OpChoice> candidates,
                           const GlobalChoice &global) {
  std::vector<OpChoice> choices;
  for (OpChoice choice : candidates) {
    if (op.weights.empty()) {
      choice.weightFormat.clear();
      choice.weightGranularity.clear();
    }
    if (op.activations.empty()) {
      choice.activationFormat.clear();
      choice.method.clear();
    }
    if (choice.weightFormat == global.weightFormat)
      choice.weightFormat.clear();
    if (choice.activationFormat == global.activationFormat)
      choice.activationFormat.clear();
    if (!(choice == OpChoice()) && !llvm::is_contained(choices, choice))
      choices.push_back(choice);
  }
  return choices;
}

llvm::Expected<std::map<std::string, calibration::RecipeOverride>>
fp8::tuning::toOverrides(const Assignment &assignment,
                         llvm::ArrayRef<TunedOp> ops) {
  std::map<std::string, calibration::RecipeOverride> overrides;
  for (const auto &entry : assignment) {
    const std::string &id = entry.first;
    const OpChoice &choice = entry.second;
    const TunedOp *op = llvm::find_if(
        ops, [&](const TunedOp &candidate) { return candidate.id == id; });
    if (op == ops.end())
      return llvm::createStringError("tuning: no quantizable op '" + id + "'");
    auto format = [&](const std::string &name,
                      std::optional<FormatKind> &field) -> llvm::Error {
      if (name.empty())
        return llvm::Error::success();
      field = parseFormatName(name);
      if (!field)
        return llvm::createStringError("tuning: op '" + id +
                                       "': unknown format '" + name + "'");
      return llvm::Error::success();
    };
    for (const std::string &tensor : op->weights) {
      calibration::RecipeOverride &override = overrides[tensor];
      override.keep = choice.keep;
      if (choice.keep)
        continue;
      if (llvm::Error error =
              format(choice.weightFormat, override.weightFormat))
        return std::move(error);
      if (!choice.weightGranularity.empty())
        override.weightGranularity = choice.weightGranularity;
    }
    for (const std::string &tensor : op->activations) {
      calibration::RecipeOverride &override = overrides[tensor];
      override.keep = choice.keep;
      if (choice.keep)
        continue;
      if (llvm::Error error =
              format(choice.activationFormat, override.activationFormat))
        return std::move(error);
      if (!choice.method.empty()) {
        override.method = calibration::parseMethod(choice.method);
        if (!override.method)
          return llvm::createStringError("tuning: op '" + id +
                                         "': unknown method '" + choice.method +
                                         "'");
      }
    }
  }
  // An override that sets nothing is noise in the recipe.
  for (auto it = overrides.begin(); it != overrides.end();)
    it = it->second == calibration::RecipeOverride() ? overrides.erase(it)
                                                     : std::next(it);
  return overrides;
}
