//===- PipelineError.h - a pass that reports a bad pipeline option --------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_LIB_PIPELINES_PIPELINEERROR_H
#define FP8_LIB_PIPELINES_PIPELINEERROR_H

#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace mlir::fp8 {

/// A pass that fails with `message` at the root op's location: how a
/// pipeline builder (which cannot fail itself) reports a bad option when
/// the pipeline runs.
std::unique_ptr<Pass> createPipelineErrorPass(std::string message);

} // namespace mlir::fp8

#endif // FP8_LIB_PIPELINES_PIPELINEERROR_H
