//===- FP8Dialect.td - FP8 dialect definition --------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8DIALECT_TD
#define FP8_DIALECT_FP8_IR_FP8DIALECT_TD

include "mlir/IR/OpBase.td"

def FP8_Dialect : Dialect {
  let name = "fp8";
  let cppNamespace = "::mlir::fp8";
  let summary = "8-bit floating point quantization and scaled matrix products";
  let description = [{
    The `fp8` dialect gives compilers 8-bit floating point: quantization of
    f32/f16/bf16 tensors to FP8 storage with explicit scales, dequantization,
    quantization with scales computed at run time, matrix products of FP8
    operands with per-tensor to block scales and a configurable accumulator,
    and observers that record statistics for calibration.

    Scales follow the convention of the `quant` dialect and ONNX:
    `real ~= scale * decode(stored)`. Their granularity comes from shapes
    alone (the block-broadcast rule): for data of shape `[d0, .., dn]` the
    scale has shape `[s0, .., sn]` with `si` dividing `di`, and element
    `(i0, .., in)` uses scale `(i0 / b0, .., in / bn)` with `bi = di / si`;
    a rank-0 scale is per-tensor.

    Every op but `fp8.observe` is in destination-passing style: on tensors
    it returns new values of its `into` operands' types, on memrefs it
    writes them.
    See docs/Spec.md for the semantics and the constraints (C1).. of each op.

    Discardable attributes carry the accumulation of a future scaled matmul
    on the op that becomes one: `fp8-quantize{accumulator=.. chunk=..}` puts
    `fp8.acc_type` (f32, f16 or bf16) and `fp8.chunk` (K elements per chunk,
    >= 0) on the contractions it quantizes, and `fp8-fuse` gives them to the
    `fp8.scaled_matmul` it makes as its `acc_type` and `chunk`:

    ```mlir
    %y = linalg.matmul {fp8.acc_type = f16, fp8.chunk = 32 : i64}
        ins(%xd, %wd : tensor<4x64xf32>, tensor<64x10xf32>) ...
    ```
  }];
  let discardableAttrs = (ins
    "::mlir::TypeAttr":$acc_type,
    "::mlir::IntegerAttr":$chunk
  );
  let hasOperationAttrVerify = 1;
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
  }];
}

class FP8_Op<string mnemonic, list<Trait> traits = []>
    : Op<FP8_Dialect, mnemonic, traits>;

#endif // FP8_DIALECT_FP8_IR_FP8DIALECT_TD
