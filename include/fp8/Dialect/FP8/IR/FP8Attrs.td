//===- FP8Attrs.td - FP8 dialect attributes ----------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8ATTRS_TD
#define FP8_DIALECT_FP8_IR_FP8ATTRS_TD

include "fp8/Dialect/FP8/IR/FP8Dialect.td"
include "fp8/Dialect/FP8/IR/FP8Enums.td"
include "mlir/IR/AttrTypeBase.td"

def FP8_RoundingAttr : EnumAttr<FP8_Dialect, FP8_Rounding, "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

def FP8_MatrixLayoutAttr : EnumAttr<FP8_Dialect, FP8_MatrixLayout, "layout"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // FP8_DIALECT_FP8_IR_FP8ATTRS_TD
