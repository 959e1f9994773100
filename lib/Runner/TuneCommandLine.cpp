//===- TuneCommandLine.cpp - the --tune options of fp8-run ----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/TuneCommandLine.h"

#include "fp8/Tuning/Candidates.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <memory>

using namespace fp8;
using namespace fp8::runner;

std::string TuneCommandLine::givenWithoutTune() const {
  if (!recipe.empty())
    return "";
  // cl::list's & is its values' address: std::addressof.
  const llvm::cl::Option *options[] = {
      std::addressof(eval), &labels, &maxDrop, &maxError, &formats, &maxTrials};
  for (const llvm::cl::Option *option : options)
    if (option->getNumOccurrences())
      return "--" + option->ArgStr.str();
  return "";
}

llvm::Expected<TuneOptions>
TuneCommandLine::check(llvm::ArrayRef<std::string> inputs,
                       llvm::StringRef scheme, const CompileOptions &compile,
                       bool quiet) const {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(message.str());
  };
  TuneOptions options;
  // The recipe is written after the search: a bad path fails now.
  llvm::StringRef directory = llvm::sys::path::parent_path(recipe);
  if (!directory.empty() && !llvm::sys::fs::is_directory(directory))
    return fail("--tune " + recipe + ": no directory '" + directory +
                "' to write the recipe in");
  if (inputs.empty())
    return fail("--tune needs --input: the calibration samples (a .npy "
                "file or a directory of them per argument)");
  if (eval.empty())
    return fail("--tune needs --eval: the evaluation samples (a .npy file "
                "or a directory of them per argument)");
  if (maxDrop.empty() == maxError.empty())
    return fail("--tune needs one budget: --max-drop F (with --labels) or "
                "--max-error F (without)");
  const llvm::cl::opt<std::string> &budget =
      maxDrop.empty() ? maxError : maxDrop;
  if (!maxDrop.empty() && labels.empty())
    return fail("--max-drop is a top-1 drop and needs --labels; without "
                "labels give --max-error");
  if (!maxError.empty() && !labels.empty())
    return fail("with --labels the metric is the top-1 drop: give "
                "--max-drop instead of --max-error");
  if (llvm::StringRef(budget).getAsDouble(options.budget) ||
      !std::isfinite(options.budget) || options.budget < 0)
    return fail("--" + budget.ArgStr + " " + budget +
                ": expected a number >= 0");
  if (!maxTrials.empty() &&
      (llvm::StringRef(maxTrials).getAsInteger(10, options.maxTrials) ||
       options.maxTrials < 1))
    return fail("--max-trials " + maxTrials +
                ": expected a positive number of trials");
  llvm::Expected<std::vector<std::string>> parsed =
      tuning::parseFormatList(formats);
  if (!parsed)
    return parsed.takeError();
  options.formats = std::move(*parsed);
  options.calibrationInputs.assign(inputs.begin(), inputs.end());
  options.evalInputs.assign(eval.begin(), eval.end());
  options.labelsPath = labels;
  options.scheme = scheme.str();
  options.compile = compile;
  options.quiet = quiet;
  return options;
}
