//===- InitAll.h - register every fp8 dialect and pass ----------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a tool embedding fp8-mlir calls: the dialect with its external
// interface models, and the passes.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_INITALL_H
#define FP8_INITALL_H

#include "fp8/Conversion/Passes.h"
#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/Transforms/BufferizableOpInterfaceImpl.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "fp8/Pipelines/GPUPipelines.h"
#include "fp8/Pipelines/Passes.h"
#include "fp8/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::fp8 {

/// Adds the fp8 dialect and its interface models to `registry`.
inline void registerAllFP8Dialects(DialectRegistry &registry) {
  registry.insert<FP8Dialect>();
  registerBufferizableOpInterfaceExternalModels(registry);
}

/// Registers every fp8 pass and pipeline with the global pass registry.
inline void registerAllFP8Passes() {
  registerFP8ConversionPasses();
  registerFP8Passes();
  registerFP8PipelinePasses();
  registerFP8Pipelines();
  registerFP8GPUPipelines();
}

} // namespace mlir::fp8

#endif // FP8_INITALL_H
