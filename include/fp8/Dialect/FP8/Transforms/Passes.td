//===- Passes.td - fp8 quantization passes -----------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_TRANSFORMS_PASSES_TD
#define FP8_DIALECT_FP8_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FP8InsertObserversPass : Pass<"fp8-insert-observers", "ModuleOp"> {
  let summary = "Observe every tensor that fp8-quantize would quantize";
  let description = [{
    Puts `fp8.observe` on every non-constant operand that `fp8-quantize`
    with the same `scheme` would quantize, with the same tensor ids
    ("<NameLoc>/<role>", e.g. `fc1/lhs`; see docs/Quantization.md).
    Running the instrumented module on calibration samples (`fp8-run
    --calibrate`) records the statistics of each id.

    ```mlir
    %y = linalg.matmul ins(%x, %w : ...) outs(%z : ...) loc("fc1")
    ```
    becomes
    ```mlir
    %o = fp8.observe %x {id = "fc1/lhs"} : tensor<4x64xf32>
    %y = linalg.matmul ins(%o, %w : ...) outs(%z : ...) loc("fc1")
    ```
  }];
  let dependentDialects = ["::mlir::fp8::FP8Dialect"];
  let options = [
    Option<"scheme", "scheme", "::mlir::fp8::QuantizationScheme",
           /*default=*/"::mlir::fp8::QuantizationScheme::Standard",
           "Operator set",
           [{::llvm::cl::values(
             clEnumValN(::mlir::fp8::QuantizationScheme::Standard, "standard",
                        "matmuls, convolutions, embeddings (default)"),
             clEnumValN(::mlir::fp8::QuantizationScheme::Extended, "extended",
                        "standard plus normalizations and elementwise "
                        "add/mul"))}]>,
  ];
}

def FP8QuantizePass : Pass<"fp8-quantize", "ModuleOp"> {
  let summary = "Insert FP8 quantize/dequantize pairs from calibration data";
  let description = [{
    Post-training quantization (Shen et al. 2023): on the inputs of every op
    of the scheme, inserts `fp8.quantize` + `fp8.dequantize` (QDQ).
    Constant weights are quantized at compile time with tensor, channel
    (default) or block scales and need no calibration entry. Activations
    get scales from the calibration table (static mode: threshold from the
    method, scale = threshold / max_finite) or from `fp8.dynamic_quantize`
    at run time (dynamic mode, per token for matmul rows, per tensor
    elsewhere; no table needed). `fp8-fuse` then turns QDQ around matmuls
    into `fp8.scaled_matmul`. `weight-format=int8 activation-format=int8`
    is the INT8 baseline (static, symmetric, amax / 127 scales): each QDQ
    is one fake-quantizing `linalg.generic` (divide, round to nearest even,
    clamp to [-127, 127], multiply).

    ```mlir
    %y = linalg.matmul ins(%x, %w : tensor<4x64xf32>, tensor<64x10xf32>) ...
    ```
    becomes (static, E4M3, per-channel weights)
    ```mlir
    %q = fp8.quantize %x, %sx into %e0 : ... into tensor<4x64xf8E4M3FN>
    %xd = fp8.dequantize %q, %sx into %e1 : ... into tensor<4x64xf32>
    %wd = fp8.dequantize %wq, %sw into %e2 : tensor<64x10xf8E4M3FN>, tensor<1x10xf32> ...
    %y = linalg.matmul ins(%xd, %wd : ...) ...
    ```

    The table must have been calibrated on this module: its fingerprint
    (version 2: the scheme, and the id and shape of every observed tensor)
    is compared with the activations this module would observe under
    `scheme`; a difference is an error naming the table and the tensors
    (`allow-table-mismatch=true` makes it a warning). Entries the module
    does not use get a warning; a version-1 table (no fingerprint) loads
    with a warning.

    `accumulator` and `chunk` choose how the scaled matmuls that `fp8-fuse`
    makes of the quantized contractions and convolutions accumulate (Wang
    et al. 2018: chunks of K summed in f16 or bf16, each chunk sum promoted
    to f32). The pass records the choice on each contraction and
    convolution it quantizes as the discardable
    attributes `fp8.acc_type` and `fp8.chunk` (only where it is not the
    default f32 and one chunk), and `fp8-fuse` gives them to the
    `fp8.scaled_matmul` as its `acc_type` and `chunk`. With
    `accumulator=f16 chunk=32`:
    ```mlir
    %y = linalg.matmul {fp8.acc_type = f16, fp8.chunk = 32 : i64}
        ins(%xd, %wd : ...) ...
    ```

    `recipe=FILE` reads a tuning recipe (docs/Quantization.md, "Recipes"):
    the options, the calibration table (or its path) and per-tensor
    overrides keyed by the table's ids (weight or activation format,
    weight granularity, method, or `"keep": "f32"`), so different layers,
    and weights and activations, get different formats. Any other option
    set to a non-default value together with `recipe` is an error.
  }];
  let dependentDialects = [
    "::mlir::fp8::FP8Dialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let options = [
    Option<"calibration", "calibration", "std::string", /*default=*/"\"\"",
           "Calibration table (JSON) for static mode">,
    Option<"allowTableMismatch", "allow-table-mismatch", "bool",
           /*default=*/"false",
           "Use a calibration table whose fingerprint (scheme, tensor ids, "
           "shapes) does not match the module: a warning instead of an "
           "error">,
    Option<"weightFormat", "weight-format", "::mlir::fp8::QuantizedFormat",
           /*default=*/"::mlir::fp8::QuantizedFormat::e4m3",
           "Format of weights (int8: the INT8 baseline, with "
           "activation-format=int8)", [{FP8_QUANTIZED_FORMAT_VALUES}]>,
    Option<"activationFormat", "activation-format",
           "::mlir::fp8::QuantizedFormat",
           /*default=*/"::mlir::fp8::QuantizedFormat::e4m3",
           "Format of activations (as weight-format)",
           [{FP8_QUANTIZED_FORMAT_VALUES}]>,
    Option<"scheme", "scheme", "::mlir::fp8::QuantizationScheme",
           /*default=*/"::mlir::fp8::QuantizationScheme::Standard",
           "Operator set",
           [{::llvm::cl::values(
             clEnumValN(::mlir::fp8::QuantizationScheme::Standard, "standard",
                        "matmuls, convolutions, embeddings (default)"),
             clEnumValN(::mlir::fp8::QuantizationScheme::Extended, "extended",
                        "standard plus normalizations and elementwise "
                        "add/mul"))}]>,
    Option<"mode", "mode", "::mlir::fp8::QuantizationMode",
           /*default=*/"::mlir::fp8::QuantizationMode::Static",
           "Where activation scales come from",
           [{::llvm::cl::values(
             clEnumValN(::mlir::fp8::QuantizationMode::Static, "static",
                        "calibrated scales (default)"),
             clEnumValN(::mlir::fp8::QuantizationMode::Dynamic, "dynamic",
                        "scales computed at run time"))}]>,
    Option<"method", "method", "::fp8::calibration::Method",
           /*default=*/"::fp8::calibration::Method::Max",
           "Calibration method of static activation scales",
           [{::llvm::cl::values(
             clEnumValN(::fp8::calibration::Method::Max, "max",
                        "the observed amax (default)"),
             clEnumValN(::fp8::calibration::Method::Percentile, "percentile",
                        "the given percentile of |x|"),
             clEnumValN(::fp8::calibration::Method::MSE, "mse",
                        "least squared error on the format's grid"),
             clEnumValN(::fp8::calibration::Method::KL, "kl",
                        "least KL divergence on the format's grid"))}]>,
    Option<"percentile", "percentile", "double", /*default=*/"99.99",
           "Percentile of |x| for method=percentile, in (0, 100]">,
    Option<"weightGranularity", "weight-granularity",
           "::mlir::fp8::WeightGranularity",
           /*default=*/"::mlir::fp8::WeightGranularity::Channel",
           "Weight scales",
           [{::llvm::cl::values(
             clEnumValN(::mlir::fp8::WeightGranularity::Tensor, "tensor",
                        "one scale per weight"),
             clEnumValN(::mlir::fp8::WeightGranularity::Channel, "channel",
                        "one scale per output channel (default)"),
             clEnumValN(::mlir::fp8::WeightGranularity::Block, "block",
                        "block-size x block-size blocks"))}]>,
    Option<"blockSize", "block-size", "int64_t", /*default=*/"128",
           "Block edge for weight-granularity=block">,
    Option<"skipFirstLast", "skip-first-last", "bool", /*default=*/"false",
           "Keep the first convolution and the last matmul in high precision "
           "(Shen et al.)">,
    Option<"exclude", "exclude", "std::string", /*default=*/"\"\"",
           "Regular expression: tensor ids that match stay in high precision">,
    Option<"accumulator", "accumulator", "::mlir::fp8::Accumulator",
           /*default=*/"::mlir::fp8::Accumulator::f32",
           "Type (f32, f16 or bf16) in which the scaled matmuls made by "
           "fp8-fuse sum each chunk of K",
           [{::llvm::cl::values(
             clEnumValN(::mlir::fp8::Accumulator::f32, "f32",
                        "f32 sums (default)"),
             clEnumValN(::mlir::fp8::Accumulator::f16, "f16",
                        "f16 sums, promoted to f32 after each chunk"),
             clEnumValN(::mlir::fp8::Accumulator::bf16, "bf16",
                        "bf16 sums, promoted to f32 after each chunk"))}]>,
    Option<"chunk", "chunk", "int64_t", /*default=*/"0",
           "K elements summed in the accumulator before each promotion to "
           "f32 (0: one chunk); must divide the K blocks of block scales">,
    Option<"recipe", "recipe", "std::string", /*default=*/"\"\"",
           "Tuning recipe (JSON, docs/Quantization.md): global options, "
           "per-tensor overrides and calibration; every other option keeps "
           "its default">,
  ];
}

def FP8FusePass : Pass<"fp8-fuse", "ModuleOp"> {
  let summary = "Turn dequantize + matmul/convolution patterns into fp8.scaled_matmul";
  let description = [{
    Rewrites a matmul (or batch matmul) whose operands are dequantized FP8
    values into `fp8.scaled_matmul` (`fp8.batch_scaled_matmul`), folding the
    scales in. Looks through transposes of the B operand (giving
    `b_layout = nk`) and raises FP8 patterns other compilers emit: matmuls
    on FP8 operands, and dequantization written as `arith.extf` followed by
    a multiply by a scalar.

    2-D convolutions (`linalg.conv_2d_nhwc_hwcf`, `conv_2d_nhwc_fhwc`,
    `conv_2d_nchw_fchw`, any strides and dilations, static shapes) of a
    dequantized input with a per-tensor scale and a dequantized filter with
    per-output-channel (or per-tensor) scales become an im2col copy of the
    input's FP8 codes (a `linalg.generic`) and an `fp8.scaled_matmul` on
    the collapsed filter, accumulating into the collapsed result: for
    NHWC `[N*OH*OW, KH*KW*C] x [KH*KW*C, F]` (HWCF, `kn`) or
    `x [F, KH*KW*C]` (FHWC, `nk`); for NCHW, per image,
    `[F, C*KH*KW] x [C*KH*KW, OH*OW]` with the filter as A (an `scf.for`
    over the images when N > 1). A `tensor.pad` with +0 between the
    dequantize and the convolution moves onto the codes. Other convolutions
    (grouped, depthwise, block-scaled filters) stay dequantized.

    The accumulation that `fp8-quantize{accumulator=.. chunk=..}` recorded
    on a matmul or convolution (`fp8.acc_type`, `fp8.chunk`) becomes the
    scaled matmul's `acc_type` and `chunk`; a chunk that does not divide
    the K block of the scales ((C8) of `fp8.scaled_matmul`) is an error at
    the matmul.

    ```mlir
    %y = linalg.matmul {fp8.acc_type = f16, fp8.chunk = 32 : i64}
        ins(%xd, %wd : tensor<4x64xf32>, tensor<64x10xf32>) outs(%c : ...)
    ```
    with `%xd` and `%wd` dequantized from `%qx` and `%qw` becomes
    ```mlir
    %y = fp8.scaled_matmul %qx, %qw scales(%sx, %sw) into %c
        {acc_type = f16, chunk = 32 : i64} : ...
    ```
  }];
  let dependentDialects = [
    "::mlir::fp8::FP8Dialect",
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def FP8OptimizePass : Pass<"fp8-optimize", "ModuleOp"> {
  let summary = "Clean up quantized graphs";
  let description = [{
    Removes redundant requantization (`quantize(dequantize(q, s), s)` into
    the same format with the same constant scale is `q`), moves
    dequantization after layout ops (transpose, and reshapes with per-tensor
    scales) so that consumers see it, and folds quantization of constants.

    ```mlir
    %s = arith.constant dense<0.375> : tensor<f32>
    %d = fp8.dequantize %q, %s into %e
        : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
    %r = fp8.quantize %d, %s into %e2
        : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
    // %r is replaced by %q: decoding and encoding again with the same
    // scale gives the same codes.
    ```
  }];
  let dependentDialects = [
    "::mlir::fp8::FP8Dialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // FP8_DIALECT_FP8_TRANSFORMS_PASSES_TD
