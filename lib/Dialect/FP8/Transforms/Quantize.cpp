//===- Quantize.cpp - fp8-quantize ----------------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass: checks the options (or reads a recipe and checks it against the
// module), checks the calibration table's fingerprint, then lets the
// Quantizer (Quantizer.cpp) rewrite every target.
//
// With recipe=FILE the recipe's options are the pass's options: every other
// option must keep its default (an option given both ways would make one of
// them a silent no-op), and the recipe's per-tensor overrides must name
// tensors of the module, weights or activations as their fields say.
//
//===----------------------------------------------------------------------===//

#include "Quantizer.h"

#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"

#include <charconv>
#include <type_traits>

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8QUANTIZEPASS
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;
using namespace mlir::fp8::detail;
namespace calibration = ::fp8::calibration;

namespace {

/// Sets a pass option from its text as the option parser would, without
/// printing: returns what is wrong, or an empty string.
template <typename OptionT>
std::string setFromText(OptionT &option, StringRef text) {
  using T = std::decay_t<decltype(option.getValue())>;
  if constexpr (std::is_same_v<T, std::string>) {
    option = text.str();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text != "true" && text != "false")
      return "'" + text.str() + "' is not a boolean; expected true or false";
    option = text == "true";
  } else if constexpr (std::is_same_v<T, int64_t>) {
    int64_t value;
    if (text.getAsInteger(10, value))
      return "'" + text.str() + "' is not an integer";
    option = value;
  } else if constexpr (std::is_same_v<T, double>) {
    double value;
    if (text.getAsDouble(value))
      return "'" + text.str() + "' is not a number";
    option = value;
  } else {
    static_assert(std::is_enum_v<T>, "an option type setFromText knows");
    std::optional<T> value = option.getParser().lookup(text);
    if (!value)
      return "'" + text.str() + "' is unknown; expected " +
             option.getParser().expectedNames();
    option = *value;
  }
  return "";
}

StringRef nameOf(const ::fp8::Format &format) {
  return StringRef(format.name.data(), format.name.size());
}

/// "'a', 'b' and 3 more": ids in a message.
std::string listIds(ArrayRef<std::string> ids) {
  constexpr size_t kShown = 4;
  std::string text;
  for (size_t i = 0; i < ids.size() && i < kShown; ++i)
    text += (i ? ", '" : "'") + ids[i] + "'";
  if (ids.size() > kShown)
    text += " and " + std::to_string(ids.size() - kShown) + " more";
  return text;
}

struct FP8QuantizePass
    : public mlir::fp8::impl::FP8QuantizePassBase<FP8QuantizePass> {
  using Base::Base;

  /// Calls fn(optionOfA, optionOfB) for every option of the pass.
  template <typename Fn>
  static void forEachOptionPair(FP8QuantizePass &a, FP8QuantizePass &b, Fn fn) {
    fn(a.calibration, b.calibration);
    fn(a.allowTableMismatch, b.allowTableMismatch);
    fn(a.weightFormat, b.weightFormat);
    fn(a.activationFormat, b.activationFormat);
    fn(a.scheme, b.scheme);
    fn(a.mode, b.mode);
    fn(a.method, b.method);
    fn(a.percentile, b.percentile);
    fn(a.weightGranularity, b.weightGranularity);
    fn(a.blockSize, b.blockSize);
    fn(a.skipFirstLast, b.skipFirstLast);
    fn(a.exclude, b.exclude);
    fn(a.accumulator, b.accumulator);
    fn(a.chunk, b.chunk);
    fn(a.recipe, b.recipe);
  }

  /// Checks every option; one diagnostic per problem, naming the option.
  /// With `recipe` the table comes from it (`recipePath` names it).
  LogicalResult resolve(QuantizeConfig &config, Location loc,
                        const calibration::Recipe *fromRecipe = nullptr,
                        StringRef recipePath = "") {
    // Options from a recipe: the message names the recipe.
    std::string from = fromRecipe ? recipePath.str() + ": " : "";
    auto fail = [&](const Twine &message) {
      emitError(loc) << "fp8-quantize: " << from << message;
      return failure();
    };
    auto name = [](QuantizedFormat format) {
      std::string_view text =
          ::fp8::getFormat(static_cast<::fp8::FormatKind>(format)).name;
      return StringRef(text.data(), text.size());
    };
    static_assert(static_cast<int>(QuantizedFormat::int8) == ::fp8::kNumFormats,
                  "QuantizedFormat lists the FP8 formats in FormatKind order");
    bool weightInt8 = weightFormat == QuantizedFormat::int8;
    bool activationInt8 = activationFormat == QuantizedFormat::int8;
    if (weightInt8 != activationInt8)
      return fail(Twine("int8 is a baseline for weights and activations "
                        "together; use weight-format=int8 "
                        "activation-format=int8 (got weight-format='") +
                  (weightInt8 ? "int8" : name(weightFormat)) +
                  "' activation-format='" +
                  (activationInt8 ? "int8" : name(activationFormat)) + "')");
    config.int8 = weightInt8;
    if (!config.int8) {
      config.weightFormat = &::fp8::getFormat(
          static_cast<::fp8::FormatKind>(weightFormat.getValue()));
      config.activationFormat = &::fp8::getFormat(
          static_cast<::fp8::FormatKind>(activationFormat.getValue()));
    }
    config.scheme = scheme;
    config.dynamic = mode == QuantizationMode::Dynamic;
    config.method.method = method;
    if (!(percentile > 0 && percentile <= 100)) {
      // As written: 0, -5, 100.5, nan (std::to_string gives 0.000000).
      char text[64];
      auto end = std::to_chars(text, text + sizeof(text), percentile).ptr;
      return fail("percentile=" + std::string(text, end) +
                  " is out of range; expected a value in (0, 100]");
    }
    config.method.percentile = percentile;
    config.granularity = weightGranularity;
    if (blockSize <= 0)
      return fail("block-size=" + std::to_string(blockSize) +
                  " must be positive");
    config.blockSize = blockSize;
    if (config.int8) {
      if (config.dynamic)
        return fail("int8 needs mode=static (fp8.dynamic_quantize produces "
                    "FP8 values)");
      if (method == calibration::Method::MSE ||
          method == calibration::Method::KL)
        return fail(Twine("method='") +
                    (method == calibration::Method::MSE ? "mse" : "kl") +
                    "' models the FP8 grid; with int8 use max or percentile");
      if (config.granularity == WeightGranularity::Block)
        return fail("int8 supports weight-granularity=tensor or channel");
    }
    if (chunk < 0)
      return fail("chunk=" + std::to_string(chunk) +
                  " must be >= 0 (0: one chunk)");
    config.accumulator = accumulator;
    config.chunk = chunk;
    if (config.int8 && (accumulator != Accumulator::f32 || chunk != 0))
      return fail("accumulator and chunk choose how fp8.scaled_matmul "
                  "accumulates; int8 makes no fp8 ops");
    if (accumulator == Accumulator::f16 && !config.int8)
      warnAboutF16(loc, *config.weightFormat, *config.activationFormat);
    config.skipFirstLast = skipFirstLast;
    config.excludeText = exclude;
    if (!exclude.empty()) {
      config.exclude.emplace(exclude);
      std::string error;
      if (!config.exclude->isValid(error))
        return fail("exclude='" + exclude +
                    "' is not a valid regular expression: " + error);
    }
    config.allowTableMismatch = allowTableMismatch;
    if (fromRecipe) {
      if (!config.dynamic) {
        if (!fromRecipe->calibration)
          return fail("the recipe has no \"calibration\" (a table's path "
                      "or the table) and its options say mode=static");
        config.table = *fromRecipe->calibration;
        config.tableName =
            fromRecipe->calibrationPath.empty()
                ? "calibration table of recipe '" + recipePath.str() + "'"
                : "calibration table '" + fromRecipe->calibrationPath +
                      "' (recipe '" + recipePath.str() + "')";
      }
      return success();
    }
    if (config.dynamic && !calibration.empty())
      emitWarning(loc) << "fp8-quantize: mode=dynamic computes activation "
                          "scales at run time; calibration='"
                       << calibration << "' is not read";
    if (!config.dynamic) {
      if (calibration.empty())
        return fail("mode=static needs calibration=FILE (a table written by "
                    "fp8-run --calibrate), or use mode=dynamic (or "
                    "recipe=FILE)");
      config.tableName = "calibration table '" + calibration + "'";
      llvm::Expected<calibration::CalibrationTable> table =
          calibration::CalibrationTable::readFile(calibration);
      if (!table)
        return fail(llvm::toString(table.takeError()));
      config.table = std::move(*table);
    }
    return success();
  }

  /// Scales map amax to the largest finite value, so two extremes at the
  /// same k (an outlier channel) make that product; above f16's range the
  /// chunk sum is inf and the output NaN or inf, whatever the chunk.
  static void warnAboutF16(Location loc, const ::fp8::Format &weight,
                           const ::fp8::Format &activation) {
    constexpr double kF16Max = 65504.0;
    double largestProduct =
        static_cast<double>(weight.maxFinite()) * activation.maxFinite();
    if (largestProduct > kF16Max)
      emitWarning(loc) << "fp8-quantize: accumulator=f16 with "
                       << "weight-format=" << nameOf(weight)
                       << " activation-format=" << nameOf(activation)
                       << ": a product of two values reaches "
                       << static_cast<int64_t>(largestProduct)
                       << ", above f16's largest finite value (65504), so "
                          "chunk sums can overflow to inf (bf16 has f32's "
                          "range; e3m4fn products stay within 900)";
  }

  /// recipe=FILE: the recipe's options on a fresh pass, then resolve().
  LogicalResult resolveRecipe(QuantizeConfig &config, Location loc) {
    auto fail = [&](const Twine &message) {
      emitError(loc) << "fp8-quantize: " << message;
      return failure();
    };
    // The recipe holds every choice: an option also given here would be
    // ignored or would silently change the tuned model.
    FP8QuantizePass defaults;
    SmallVector<std::string> given;
    forEachOptionPair(*this, defaults, [&](auto &mine, auto &initial) {
      if (StringRef(mine.ArgStr) != "recipe" &&
          mine.getValue() != initial.getValue())
        given.push_back(mine.ArgStr.str());
    });
    if (!given.empty())
      return fail("recipe='" + recipe + "' holds every option; also given: " +
                  llvm::join(given, ", ") +
                  " (change the recipe's \"options\" instead)");

    llvm::Expected<calibration::Recipe> parsed =
        calibration::Recipe::readFile(recipe);
    if (!parsed)
      return fail(llvm::toString(parsed.takeError()));
    FP8QuantizePass effective;
    for (const auto &entry : parsed->options) {
      const std::string &name = entry.first, &text = entry.second;
      bool known = false;
      std::string problem;
      forEachOptionPair(effective, effective, [&](auto &option, auto &) {
        if (StringRef(option.ArgStr) == name) {
          known = true;
          problem = setFromText(option, text);
        }
      });
      if (!known)
        return fail(recipe + ": option '" + name +
                    "' is not an option of fp8-quantize (see "
                    "--fp8-quantize in fp8-opt --help)");
      if (!problem.empty())
        return fail(recipe + ": option '" + name + "': " + problem);
    }
    if (failed(effective.resolve(config, loc, &*parsed, recipe)))
      return failure();
    config.overrides = parsed->overrides;
    return checkOverrides(config, loc);
  }

  /// Every override names a target of the module under the scheme, and sets
  /// only what applies to it.
  LogicalResult checkOverrides(const QuantizeConfig &config, Location loc) {
    if (config.overrides.empty())
      return success();
    std::map<std::string, bool> isWeight;
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, config.scheme))
        isWeight.emplace(target.id, target.isConstant);
    });
    for (const auto &[id, choice] : config.overrides) {
      auto fail = [&, &id = id](const Twine &message) {
        emitError(loc) << "fp8-quantize: " << recipe << ": override '" << id
                       << "': " << message;
        return failure();
      };
      auto entry = isWeight.find(id);
      if (entry == isWeight.end()) {
        std::vector<std::string> ids;
        for (const auto &known : isWeight)
          ids.push_back(known.first);
        return fail(Twine("names no tensor of this module under scheme=") +
                    stringifyQuantizationScheme(config.scheme) +
                    (ids.empty() ? " (it has none)"
                                 : " (its tensors: " + listIds(ids) + ")"));
      }
      bool weight = entry->second;
      if (weight &&
          (choice.activationFormat || choice.method || choice.percentile))
        return fail("is a weight (a constant); activation-format, method and "
                    "percentile apply to activations");
      if (!weight && (choice.weightFormat || choice.weightGranularity))
        return fail("is an activation; weight-format and weight-granularity "
                    "apply to weights");
      if (config.int8 && (choice.weightFormat || choice.activationFormat))
        return fail("sets a format, but the options choose the INT8 baseline "
                    "(weight-format=int8 activation-format=int8) for the "
                    "whole model");
      if (config.dynamic && (choice.method || choice.percentile))
        return fail("method and percentile choose static activation scales; "
                    "the options say mode=dynamic");
      TargetChoice effective = chooseFor(config, id);
      if (choice.percentile &&
          effective.method.method != calibration::Method::Percentile)
        return fail("sets percentile, but its method is not percentile");
      if (config.int8 && (effective.method.method == calibration::Method::MSE ||
                          effective.method.method == calibration::Method::KL))
        return fail("method mse and kl model the FP8 grid; with int8 use "
                    "max or percentile");
      if (config.int8 && effective.granularity == WeightGranularity::Block)
        return fail("int8 supports weight-granularity=tensor or channel");
      if (config.accumulator == Accumulator::f16 && !config.int8 &&
          (choice.weightFormat || choice.activationFormat))
        warnAboutF16(loc, *effective.weightFormat, *effective.activationFormat);
    }
    return success();
  }

  void runOnOperation() override {
    Location loc = getOperation().getLoc();
    QuantizeConfig config;
    if (failed(recipe.empty() ? resolve(config, loc)
                              : resolveRecipe(config, loc)))
      return signalPassFailure();
    if (!config.dynamic && failed(checkTable(config)))
      return signalPassFailure();
    Quantizer quantizer(config, &getContext());
    bool failedAny = false;
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, config.scheme))
        if (failed(quantizer.quantize(target)))
          failedAny = true;
    });
    if (failedAny)
      return signalPassFailure();
    warnAboutNoOps(config, quantizer.tally);
  }

  /// The module's side of the table's fingerprint: the shape of every
  /// activation fp8-insert-observers would observe under `scheme`, by id.
  std::map<std::string, calibration::Shape>
  observedShapes(QuantizationScheme scheme) {
    std::map<std::string, calibration::Shape> shapes;
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, scheme)) {
        auto type =
            dyn_cast<RankedTensorType>(target.uses.front()->get().getType());
        if (target.isConstant || !type ||
            !isWideFloatType(type.getElementType()))
          continue;
        calibration::Shape shape;
        for (int64_t dim : type.getShape())
          shape.push_back(ShapedType::isDynamic(dim) ? calibration::kDynamicDim
                                                     : dim);
        shapes.emplace(target.id, std::move(shape));
      }
    });
    return shapes;
  }

  /// Compares the table's fingerprint with the module (another model's
  /// table shares ids such as fc1/lhs, and would quantize with the wrong
  /// scales in silence). A mismatch is an error unless allow-table-mismatch;
  /// entries the module does not use are a warning.
  LogicalResult checkTable(const QuantizeConfig &config) {
    Location loc = getOperation().getLoc();
    const calibration::CalibrationTable &table = config.table;
    std::map<std::string, calibration::Shape> module =
        observedShapes(config.scheme);
    // Nothing reads the table (an already fused module): the no-op
    // warnings say so.
    if (module.empty())
      return success();
    std::vector<std::string> unused;
    for (const auto &entry : table.tensors)
      if (!module.count(entry.first))
        unused.push_back(entry.first);
    const std::string &name = config.tableName;

    if (!table.hasFingerprint()) {
      emitWarning(loc) << "fp8-quantize: " << name
                       << " is version 1 and carries no fingerprint, so it "
                          "cannot be checked against this module (calibrate "
                          "again with fp8-run --calibrate to write version "
                       << calibration::CalibrationTable::kVersion << ")";
    } else {
      std::vector<std::string> reasons, missing;
      StringRef scheme = stringifyQuantizationScheme(config.scheme);
      if (!table.scheme.empty() && table.scheme != scheme)
        reasons.push_back(
            "the table was calibrated with scheme=" + table.scheme +
            ", this pass runs scheme=" + scheme.str());
      for (const auto &[id, shape] : module) {
        auto entry = table.shapes.find(id);
        if (entry == table.shapes.end())
          missing.push_back(id);
        else if (!calibration::compatibleShapes(entry->second, shape))
          reasons.push_back("tensor '" + id + "' has shape " +
                            calibration::formatShape(entry->second) +
                            " in the table but " +
                            calibration::formatShape(shape) + " in the module");
      }
      if (!missing.empty())
        reasons.push_back("the module's " + listIds(missing) +
                          (missing.size() == 1 ? " is" : " are") +
                          " missing from the table");
      if (!unused.empty())
        reasons.push_back("the table's " + listIds(unused) +
                          (unused.size() == 1 ? " is" : " are") +
                          " not in the module");
      if (!reasons.empty()) {
        std::string message =
            "fp8-quantize: " + name +
            " was not calibrated on this module: " + llvm::join(reasons, "; ");
        if (!config.allowTableMismatch) {
          emitError(loc) << message
                         << " (calibrate this module with fp8-run "
                            "--calibrate, or pass allow-table-mismatch=true "
                            "to use the table anyway)";
          return failure();
        }
        emitWarning(loc) << message
                         << "; used anyway (allow-table-mismatch=true)";
        return success();
      }
    }
    if (!unused.empty())
      emitWarning(loc) << "fp8-quantize: " << name << " has "
                       << (unused.size() == 1 ? "an entry" : "entries")
                       << " this module does not use: " << listIds(unused)
                       << " (a table of another model?)";
    return success();
  }

  /// One line on stderr for each option that changed nothing (the exit code
  /// stays 0): a silent no-op looks like a quantized model.
  void warnAboutNoOps(const QuantizeConfig &config,
                      const Quantizer::Tally &tally) {
    Location loc = getOperation().getLoc();
    if (config.exclude && tally.excluded == 0)
      emitWarning(loc) << "fp8-quantize: exclude='" << config.excludeText
                       << "' matches no tensor id; every target was "
                          "quantized (ids are as in the calibration table, "
                          "e.g. fc1/lhs)";
    if (config.skipFirstLast && tally.skippedFirstLast > 0 &&
        tally.quantized == 0)
      emitWarning(loc) << "fp8-quantize: skip-first-last kept every "
                          "quantizable op in high precision (the model's "
                          "first convolution or last matmul is its only one): "
                          "nothing was quantized";
  }
};
} // namespace
