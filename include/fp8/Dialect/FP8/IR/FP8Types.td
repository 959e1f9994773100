//===- FP8Types.td - FP8 dialect types ---------------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8TYPES_TD
#define FP8_DIALECT_FP8_IR_FP8TYPES_TD

include "fp8/Dialect/FP8/IR/FP8Dialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def FP8_StorageTypeInterface : TypeInterface<"FP8StorageTypeInterface"> {
  let cppNamespace = "::mlir::fp8";
  let description = [{
    An 8-bit float storage type that no builtin MLIR type describes (APFloat
    has no semantics for it). The type names its format descriptor in the
    numerics library; lowerings treat values of the type as i8 bit patterns.
  }];
  let methods = [
    InterfaceMethod<"The format descriptor of the type.",
      "::fp8::FormatKind", "getFormatKind", (ins)>,
  ];
}

/// A custom minifloat: a TableGen record here plus a FormatKind and a
/// descriptor in the numerics library (docs/Rationale.md lists the steps).
class FP8_MinifloatType<string name, string typeMnemonic, string formatKind,
                        string summaryText>
    : TypeDef<FP8_Dialect, name, [
        DeclareTypeInterfaceMethods<FP8_StorageTypeInterface>,
        MemRefElementTypeInterface]> {
  let mnemonic = typeMnemonic;
  let summary = summaryText;
  let extraClassDefinition = [{
    ::fp8::FormatKind $cppClass::getFormatKind() const {
      return ::fp8::FormatKind::}] # formatKind # [{;
    }
  }];
}

def FP8_E3M4FNType : FP8_MinifloatType<"E3M4FN", "e3m4fn", "E3M4FN",
    "E3M4 of Shen et al. (bias 3, no inf, NaN only at S.111.1111)"> {
  let description = [{
    The E3M4 format of Shen et al. 2023 and Intel Neural Compressor: 3
    exponent bits with bias 3, 4 mantissa bits, no infinities, NaN only at
    0x7F and 0xFF. Largest finite value 30, smallest subnormal 2^-6. The
    builtin `f8E3M4` is a different format (IEEE-like, max 15.5).

    Example: `tensor<4x16x!fp8.e3m4fn>`.
  }];
}

#endif // FP8_DIALECT_FP8_IR_FP8TYPES_TD
