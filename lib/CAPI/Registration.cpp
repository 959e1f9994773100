//===- Registration.cpp - C API: register fp8 dialects and passes ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8-c/Registration.h"

#include "fp8/InitAll.h"
#include "mlir/CAPI/IR.h"

void fp8RegisterAllDialects(MlirDialectRegistry registry) {
  mlir::fp8::registerAllFP8Dialects(*unwrap(registry));
}

void fp8RegisterAllPasses(void) {
  // The global pass registry has no lock: register once, even when threads
  // call this concurrently.
  static const bool registered = [] {
    mlir::fp8::registerAllFP8Passes();
    return true;
  }();
  (void)registered;
}
