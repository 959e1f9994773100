//===- embedding-opt.cpp - an opt tool of another project, with fp8 -------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a compiler that embeds fp8-mlir does from C++: its own dialects and
// passes (here only a few upstream ones) plus the fp8 dialect, interface
// models, passes and pipelines from fp8/InitAll.h.
//
//===----------------------------------------------------------------------===//

#include "fp8/InitAll.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses(); // canonicalize, cse, ...
  mlir::fp8::registerAllFP8Passes();

  mlir::DialectRegistry registry;
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::tensor::TensorDialect>();
  mlir::fp8::registerAllFP8Dialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "opt driver of a project that embeds fp8-mlir\n", registry));
}
