//===- Tune.cpp - accuracy-driven tuning with a Runner --------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Tune.h"

#include "fp8/Dialect/FP8/Transforms/QuantizationTargets.h"
#include "fp8/Runner/Calibrate.h"
#include "fp8/Runner/Report.h"
#include "fp8/Runner/Samples.h"
#include "fp8/Tuning/Metric.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"

#include <cstring>

using namespace fp8;
using namespace fp8::runner;
using fp8::runtime::NpyArray;
using fp8::runtime::NpyDType;
using llvm::StringRef;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message.str());
}

/// What the entry returned on the evaluation set.
struct EvalOutputs {
  /// Every element of every result of every sample, in order.
  std::vector<double> values;
  /// The predicted class of each row of the first result (with labels).
  std::vector<int64_t> predictions;
};

/// Element `i` of `array` as a double.
double elementAt(const NpyArray &array, int64_t i) {
  const char *data = array.getData();
  auto load = [&](auto zero) {
    decltype(zero) value;
    std::memcpy(&value, data + i * sizeof(value), sizeof(value));
    return value;
  };
  switch (array.getDType()) {
  case NpyDType::F16: {
    llvm::APFloat half(llvm::APFloat::IEEEhalf(),
                       llvm::APInt(16, load(uint16_t())));
    bool lost;
    half.convert(llvm::APFloat::IEEEdouble(),
                 llvm::APFloat::rmNearestTiesToEven, &lost);
    return half.convertToDouble();
  }
  case NpyDType::F32:
    return load(float());
  case NpyDType::F64:
    return load(double());
  case NpyDType::I8:
    return load(int8_t());
  case NpyDType::U8:
  case NpyDType::Bool:
    return load(uint8_t());
  case NpyDType::I32:
    return load(int32_t());
  case NpyDType::I64:
    return static_cast<double>(load(int64_t()));
  }
  return 0.0;
}

/// Calls the compiled entry of `runner` on every sample of `samples`.
llvm::Expected<EvalOutputs> runEvalSet(Runner &runner, SampleSet &samples,
                                       bool withPredictions) {
  EvalOutputs outputs;
  for (size_t s = 0, e = samples.size(); s < e; ++s) {
    if (llvm::Error error = samples.load(s))
      return makeError("--eval: " + llvm::toString(std::move(error)));
    llvm::Expected<Call> call =
        runner.prepare(samples.getArrays(), samples.getNames());
    if (!call)
      return makeError("--eval: " + llvm::toString(call.takeError()));
    call->invoke();
    std::vector<NpyArray> results = call->takeResults();
    for (size_t r = 0; r < results.size(); ++r) {
      size_t begin = outputs.values.size();
      for (int64_t i = 0, n = results[r].getNumElements(); i < n; ++i)
        outputs.values.push_back(elementAt(results[r], i));
      if (r == 0 && withPredictions)
        if (llvm::Error error = tuning::appendPredictions(
                llvm::ArrayRef(outputs.values).drop_front(begin),
                results[r].getShape(), outputs.predictions))
          return std::move(error);
    }
  }
  return std::move(outputs);
}

/// Reads --labels: integer class ids, one dimension.
llvm::Expected<std::vector<int64_t>> readLabels(StringRef path) {
  llvm::Expected<NpyArray> array = runtime::readNpyFile(path);
  if (!array)
    return makeError("--labels: " + llvm::toString(array.takeError()));
  NpyDType dtype = array->getDType();
  if (dtype != NpyDType::I8 && dtype != NpyDType::U8 &&
      dtype != NpyDType::I32 && dtype != NpyDType::I64)
    return makeError("--labels " + path + ": dtype " +
                     runtime::getNpyDescr(dtype) +
                     "; expected integer class ids (|i1, |u1, <i4 or <i8)");
  if (array->getRank() != 1)
    return makeError("--labels " + path + ": shape " + array->getShapeString() +
                     "; expected one dimension, a class id per row of the "
                     "entry's first result");
  std::vector<int64_t> labels;
  for (int64_t i = 0, n = array->getNumElements(); i < n; ++i)
    labels.push_back(static_cast<int64_t>(elementAt(*array, i)));
  return std::move(labels);
}

/// Gathers a sample set and checks its first sample against the entry.
llvm::Expected<SampleSet> gatherChecked(const Runner &model,
                                        llvm::ArrayRef<std::string> paths,
                                        StringRef flag) {
  llvm::Expected<SampleSet> samples =
      SampleSet::gather(paths, /*allowDirectories=*/true);
  if (!samples)
    return makeError(flag + ": " + llvm::toString(samples.takeError()));
  llvm::Error error = samples->load(0);
  if (!error)
    error = model.checkInputs(samples->getArrays(), samples->getNames());
  if (error)
    return makeError(flag + ": " + llvm::toString(std::move(error)));
  return samples;
}

/// A clone of `model`'s module, loaded into `runner`.
llvm::Error loadClone(Runner &runner, const Runner &model) {
  return runner.load(
      mlir::OwningOpRef<mlir::ModuleOp>(model.getModule().clone()),
      model.getModulePath(), model.getEntry());
}

std::string formatMetric(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.4g", value);
  return text;
}

StringRef metricName(const calibration::Recipe &recipe) {
  return calibration::RecipeMetric::kindName(recipe.metric->kind);
}

} // namespace

std::vector<tuning::TunedOp>
fp8::runner::getQuantizableOps(mlir::ModuleOp module, StringRef schemeName) {
  std::vector<tuning::TunedOp> ops;
  std::optional<mlir::fp8::QuantizationScheme> scheme =
      mlir::fp8::parseQuantizationScheme(schemeName);
  if (!scheme)
    return ops;
  module.walk([&](mlir::FunctionOpInterface function) {
    for (mlir::fp8::QuantizationTarget &target :
         mlir::fp8::collectQuantizationTargets(function, *scheme)) {
      // "<op>/<role>": the op is what the ids share.
      std::string id = StringRef(target.id).rsplit('/').first.str();
      auto op = llvm::find_if(
          ops, [&](const tuning::TunedOp &known) { return known.id == id; });
      if (op == ops.end()) {
        ops.push_back({id, {}, {}});
        op = std::prev(ops.end());
      }
      (target.isConstant ? op->weights : op->activations).push_back(target.id);
    }
  });
  return ops;
}

llvm::Expected<TuneResult> fp8::runner::tune(Runner &model,
                                             const TuneOptions &options,
                                             llvm::raw_ostream &log) {
  TuneResult result;
  result.ops = getQuantizableOps(model.getModule(), options.scheme);
  if (result.ops.empty())
    return makeError("--tune: " + model.getModulePath() +
                     " has no op that fp8-quantize quantizes under scheme=" +
                     options.scheme + ": nothing to tune");
  // Every input is checked before the long runs.
  llvm::Expected<SampleSet> calibrationSet =
      gatherChecked(model, options.calibrationInputs, "--input");
  if (!calibrationSet)
    return calibrationSet.takeError();
  llvm::Expected<SampleSet> evalSet =
      gatherChecked(model, options.evalInputs, "--eval");
  if (!evalSet)
    return evalSet.takeError();
  const bool withLabels = !options.labelsPath.empty();
  std::vector<int64_t> labels;
  if (withLabels) {
    llvm::Expected<std::vector<int64_t>> read = readLabels(options.labelsPath);
    if (!read)
      return read.takeError();
    labels = std::move(*read);
  }
  mlir::MLIRContext &context = *model.getModule().getContext();

  // 1. Calibration, once.
  calibration::CalibrationTable table;
  {
    Runner calibrating(context);
    if (llvm::Error error = loadClone(calibrating, model))
      return std::move(error);
    if (llvm::Error error = calibrating.instrument(options.scheme))
      return std::move(error);
    CompileOptions compile = options.compile;
    compile.observersToRuntime = true;
    if (llvm::Error error = calibrating.compile(compile))
      return std::move(error);
    Progress progress("calibrating", calibrationSet->size(), options.quiet);
    llvm::Expected<calibration::CalibrationTable> observed = calibrate(
        calibrating, *calibrationSet, [&](size_t n) { progress.update(n); });
    if (!observed)
      return observed.takeError();
    progress.finish(llvm::Twine(observed->tensors.size()) + " tensors observed",
                    "");
    table = std::move(*observed);
  }

  // 2. FP32 on the evaluation set, once.
  EvalOutputs reference;
  {
    Runner fp32(context);
    if (llvm::Error error = loadClone(fp32, model))
      return std::move(error);
    if (llvm::Error error = fp32.compile(options.compile))
      return std::move(error);
    llvm::Expected<EvalOutputs> outputs =
        runEvalSet(fp32, *evalSet, withLabels);
    if (!outputs)
      return outputs.takeError();
    reference = std::move(*outputs);
  }
  calibration::RecipeMetric metric;
  metric.budget = options.budget;
  if (withLabels) {
    if (labels.size() != reference.predictions.size())
      return makeError("--labels " + options.labelsPath + ": " +
                       llvm::Twine(labels.size()) +
                       " labels, but the entry's first result has " +
                       llvm::Twine(reference.predictions.size()) +
                       " rows over the " + llvm::Twine(evalSet->size()) +
                       " evaluation samples (one label per row)");
    metric.kind = calibration::RecipeMetric::Kind::Top1Drop;
    metric.fp32 = tuning::top1Accuracy(reference.predictions, labels);
  } else {
    metric.kind = calibration::RecipeMetric::Kind::RelError;
    metric.fp32 = 0.0; // FP32 against itself
  }
  if (!options.quiet)
    log << "tuning " << result.ops.size() << " ops on " << evalSet->size()
        << " evaluation samples; FP32 "
        << (withLabels ? "top-1 accuracy " + formatMetric(metric.fp32)
                       : std::string("outputs as the reference"))
        << "\n";

  // 3. The search; each trial's recipe goes through a temporary file.
  calibration::Recipe recipe;
  tuning::GlobalChoice global;
  recipe.options = {{"weight-format", global.weightFormat},
                    {"activation-format", global.activationFormat},
                    {"weight-granularity", global.weightGranularity},
                    {"method", global.method},
                    {"mode", "static"},
                    {"scheme", options.scheme}};
  recipe.calibration = std::move(table);
  recipe.metric = metric;
  llvm::SmallString<128> recipePath;
  if (std::error_code error =
          llvm::sys::fs::createTemporaryFile("fp8-tune", "json", recipePath))
    return makeError("--tune: cannot create a temporary recipe: " +
                     error.message());
  llvm::FileRemover removeRecipe(recipePath);

  auto evaluate =
      [&](const tuning::Assignment &assignment) -> llvm::Expected<double> {
    llvm::Expected<std::map<std::string, calibration::RecipeOverride>>
        overrides = tuning::toOverrides(assignment, result.ops);
    if (!overrides)
      return overrides.takeError();
    recipe.overrides = std::move(*overrides);
    if (llvm::Error error = recipe.writeFile(recipePath))
      return std::move(error);
    Runner trial(context);
    if (llvm::Error error = loadClone(trial, model))
      return std::move(error);
    if (llvm::Error error = trial.runPipeline(
            // Quoted: the temporary directory may hold spaces.
            ("fp8-ptq-pipeline{recipe=\"" + recipePath + "\"}").str()))
      return std::move(error);
    if (llvm::Error error = trial.compile(options.compile))
      return std::move(error);
    llvm::Expected<EvalOutputs> outputs =
        runEvalSet(trial, *evalSet, withLabels);
    if (!outputs)
      return outputs.takeError();
    if (!withLabels)
      return tuning::relativeL2(reference.values, outputs->values);
    return tuning::top1Drop(metric.fp32,
                            tuning::top1Accuracy(outputs->predictions, labels));
  };
  auto report = [&](int trial, const std::string &what, double value,
                    bool meets) {
    if (options.quiet)
      return;
    log << "trial " << trial << "/" << options.maxTrials << ": " << what << "  "
        << metricName(recipe) << " " << formatMetric(value) << "  (budget "
        << formatMetric(options.budget) << ") " << (meets ? "meets" : "misses")
        << "\n";
    log.flush();
  };

  tuning::SearchOptions search;
  search.budget = options.budget;
  search.maxTrials = options.maxTrials;
  search.candidates = tuning::candidateChoices(options.formats, global);
  std::vector<std::string> ids;
  for (const tuning::TunedOp &op : result.ops) {
    ids.push_back(op.id);
    search.candidatesPerOp[op.id] =
        tuning::candidatesFor(op, search.candidates, global);
  }
  llvm::Expected<tuning::SearchResult> found =
      tuning::search(ids, search, evaluate, report);
  if (!found)
    return found.takeError();
  result.search = std::move(*found);

  llvm::Expected<std::map<std::string, calibration::RecipeOverride>> overrides =
      tuning::toOverrides(result.search.assignment, result.ops);
  if (!overrides)
    return overrides.takeError();
  recipe.overrides = std::move(*overrides);
  recipe.metric->achieved = result.search.metric;
  result.recipe = std::move(recipe);
  return std::move(result);
}

llvm::Error fp8::runner::writeRecipe(const TuneResult &result, StringRef path) {
  const calibration::RecipeMetric &metric = *result.recipe.metric;
  if (!result.meets())
    return makeError(
        "--tune: no recipe meets the budget " + metric.kindName(metric.kind) +
        " <= " + formatMetric(metric.budget) + ": the best of " +
        llvm::Twine(result.search.trials) + " trials reached " +
        formatMetric(result.search.metric) +
        "; no recipe written (try a larger budget, --max-trials or more "
        "--tune-formats)");
  return result.recipe.writeFile(path);
}

void fp8::runner::printTuneTable(llvm::raw_ostream &os,
                                 const TuneResult &result) {
  const calibration::Recipe &recipe = result.recipe;
  const std::string alone = (metricName(recipe) + " alone").str();
  size_t width = 2;
  for (const tuning::TunedOp &op : result.ops)
    width = std::max(width, op.id.size());
  std::vector<std::string> choices;
  size_t choiceWidth = 6;
  int kept = 0;
  for (const tuning::TunedOp &op : result.ops) {
    auto it = result.search.assignment.find(op.id);
    tuning::OpChoice choice =
        it == result.search.assignment.end() ? tuning::OpChoice() : it->second;
    kept += choice.keep;
    choices.push_back(choice == tuning::OpChoice()
                          ? recipe.options.at("weight-format") +
                                " (global options)"
                          : choice.describe());
    choiceWidth = std::max(choiceWidth, choices.back().size());
  }
  os << llvm::left_justify("op", width) << "  "
     << llvm::left_justify("choice", choiceWidth) << "  " << alone << "\n";
  for (size_t i = 0; i < result.ops.size(); ++i) {
    auto measured = result.search.errorAlone.find(result.ops[i].id);
    os << llvm::left_justify(result.ops[i].id, width) << "  "
       << llvm::left_justify(choices[i], choiceWidth) << "  "
       << (measured == result.search.errorAlone.end()
               ? std::string("-")
               : formatMetric(measured->second))
       << "\n";
  }
  const calibration::RecipeMetric &metric = *recipe.metric;
  os << metricName(recipe) << " " << formatMetric(metric.achieved) << " "
     << (result.meets() ? "meets" : "misses") << " the budget "
     << formatMetric(metric.budget);
  if (metric.kind == calibration::RecipeMetric::Kind::Top1Drop)
    os << " (FP32 top-1 accuracy " << formatMetric(metric.fp32) << ")";
  os << "; " << kept << " of " << result.ops.size() << " ops kept in f32; "
     << result.search.trials << " trials\n";
  // Before any error that follows on stderr, where both go to one place.
  os.flush();
}
