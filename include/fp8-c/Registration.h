//===- Registration.h - C API: register fp8 dialects and passes ---*- C -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The C counterparts of fp8/InitAll.h.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_C_REGISTRATION_H
#define FP8_C_REGISTRATION_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Adds the fp8 dialect and its external interface models (bufferization)
/// to `registry` (registerAllFP8Dialects). Append the registry to a context
/// with mlirContextAppendDialectRegistry.
MLIR_CAPI_EXPORTED void fp8RegisterAllDialects(MlirDialectRegistry registry);

/// Registers every fp8 pass and pipeline (fp8-quantize, convert-fp8-to-linalg,
/// fp8-ptq-pipeline, fp8-cpu-pipeline, ...) with the global pass registry, so
/// that mlirParsePassPipeline and mlirOpPassManagerAddPipeline know them
/// (registerAllFP8Passes). Safe to call more than once.
MLIR_CAPI_EXPORTED void fp8RegisterAllPasses(void);

#ifdef __cplusplus
}
#endif

#endif // FP8_C_REGISTRATION_H
