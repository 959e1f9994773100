//===- FP8Enums.td - FP8 dialect enums ---------------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8ENUMS_TD
#define FP8_DIALECT_FP8_IR_FP8ENUMS_TD

include "mlir/IR/EnumAttr.td"

def FP8_Rounding : I32EnumAttr<"Rounding", "rounding onto the FP8 grid", [
    I32EnumAttrCase<"nearest_even", 0>,
    I32EnumAttrCase<"stochastic", 1>,
    I32EnumAttrCase<"toward_zero", 2>,
  ]> {
  let cppNamespace = "::mlir::fp8";
  let genSpecializedAttr = 0;
}

def FP8_MatrixLayout : I32EnumAttr<"MatrixLayout",
    "layout of the B operand of a scaled matmul", [
    I32EnumAttrCase<"kn", 0>,
    I32EnumAttrCase<"nk", 1>,
  ]> {
  let cppNamespace = "::mlir::fp8";
  let genSpecializedAttr = 0;
}

#endif // FP8_DIALECT_FP8_IR_FP8ENUMS_TD
