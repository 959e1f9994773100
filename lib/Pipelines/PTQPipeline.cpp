//===- PTQPipeline.cpp - fp8-ptq-pipeline ---------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8-quantize (with the pipeline's options) + fp8-fuse + fp8-optimize, then
// canonicalize and cse.
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Pipelines.h"

#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::fp8;

LogicalResult mlir::fp8::buildFP8PTQPipeline(
    OpPassManager &pm, StringRef quantizeOptions,
    function_ref<LogicalResult(const Twine &)> errorHandler) {
  std::unique_ptr<Pass> quantize = createFP8QuantizePass();
  // The option parser's message ends with a newline; the diagnostic adds
  // its own.
  auto trimmed = [&](const Twine &message) {
    return errorHandler(StringRef(message.str()).rtrim());
  };
  if (failed(quantize->initializeOptions(quantizeOptions, trimmed)))
    return failure();
  pm.addPass(std::move(quantize));
  pm.addPass(createFP8FusePass());
  pm.addPass(createFP8OptimizePass());
  pm.addPass(createFP8FusePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  return success();
}

/// The names of fp8-quantize's options, from the pass itself (its textual
/// form lists every option with its value).
static std::string quantizeOptionNames() {
  std::string text;
  llvm::raw_string_ostream os(text);
  createFP8QuantizePass()->printAsTextualPipeline(os);
  StringRef options = StringRef(text).split('{').second.rsplit('}').first;
  SmallVector<StringRef> names;
  for (StringRef option : llvm::split(options, ' '))
    if (!option.empty())
      names.push_back(option.split('=').first);
  return llvm::join(names, ", ");
}

void mlir::fp8::registerFP8PTQPipeline() {
  registerPassPipeline(
      "fp8-ptq-pipeline",
      "Post-training quantization: fp8-quantize + fp8-fuse + fp8-optimize. "
      "Options: fp8-quantize's (" +
          quantizeOptionNames() + "; see --fp8-quantize)",
      [](OpPassManager &pm, StringRef options,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        return buildFP8PTQPipeline(pm, options, errorHandler);
      },
      // The options are fp8-quantize's (see --help of fp8-quantize).
      [](function_ref<void(const detail::PassOptions &)>) {});
}
