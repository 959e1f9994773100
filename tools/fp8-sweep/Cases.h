//===- Cases.h - the cases fp8-sweep draws ----------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One case is one fp8 op on static shapes: its description, a function
// `@kernel` that computes it on memrefs (what fp8-sweep compiles twice, with
// fp8-cpu-pipeline and with the reference lowering), the operands' contents
// (from the case's own seed), and the smaller cases to try when it fails.
// Cases.cpp draws cases and their operands, Modules.cpp writes their MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_FP8_SWEEP_CASES_H
#define FP8_TOOLS_FP8_SWEEP_CASES_H

#include "fp8/Numerics/Format.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace fp8::sweep {

enum class OpKind { ScaledMatmul, Quantize, Dequantize, DynamicQuantize };
/// Element types of f32/f16/bf16 operands and results.
enum class FloatKind { F32, F16, BF16 };

/// How a scale tensor covers its operand (block-broadcast rule), per
/// operand dimension, so that it stays valid when the operand shrinks.
struct ScaleShape {
  /// Rank 0 (one scale per tensor); `blocks` is then empty.
  bool scalar = true;
  /// Per dimension: 0 = one scale along the whole dimension (size 1), else
  /// the block length (size dim / block; 1 = a scale per element).
  std::vector<int64_t> blocks;
  bool e8m0 = false;
  std::vector<int64_t> sizes(const std::vector<int64_t> &dims) const;
  std::string describe() const;
};

struct Case {
  OpKind op = OpKind::ScaledMatmul;
  uint64_t seed = 0;

  // scaled_matmul: A [m, k], B [k, n] or [n, k].
  int64_t m = 1, n = 1, k = 1;
  FormatKind formatA = FormatKind::E4M3, formatB = FormatKind::E4M3;
  bool transposedB = false;
  /// B is a constant of @kernel (quantized weights), not an argument: the
  /// kernels lay it out at compile time. Builtin 8-bit types only.
  bool constantB = false;
  ScaleShape scaleA, scaleB;
  FloatKind accumulator = FloatKind::F32;
  int64_t chunk = 0;
  FloatKind result = FloatKind::F32;
  bool bias = false;

  // Elementwise ops: a [rows, columns] tensor.
  int64_t rows = 1, columns = 1;
  FormatKind format = FormatKind::E4M3;
  FloatKind element = FloatKind::F32;
  ScaleShape scale;
  /// quantize: 0 nearest_even, 1 stochastic, 2 toward_zero.
  int rounding = 0;
  bool saturate = true;
  /// dynamic_quantize.
  int margin = 0;
  bool pow2Scale = false;

  /// "scaled_matmul 8x32x512 e4m3 x e4m3 kn scales [] x [] acc f32 ...".
  std::string describe() const;
};

/// One operand or result of `@kernel`: its MLIR type and bytes.
struct Operand {
  std::string name;
  std::vector<int64_t> shape;
  /// "f32", "f8E4M3FN", "!fp8.e3m4fn", ...
  std::string elementType;
  int64_t elementBytes;
  bool isResult;
  /// An input written into @kernel as a constant (Case::constantB).
  bool isConstant = false;
  int64_t numElements() const;
  std::string memrefType() const;
  std::string tensorType() const;
};

/// The operands of `@kernel`, inputs first, then results (out-parameters).
std::vector<Operand> operandsOf(const Case &c);

/// The module with `@kernel` (memref arguments, results written into the
/// trailing out-parameters), C interface attribute included.
std::string kernelModule(const Case &c);

/// The op of `c` on tensors, `@kernel(%inputs...) -> results`, and a
/// `@main` that calls it on the given operand bytes and prints the results
/// (their bits, with printMemrefI32): the ready-to-run reproducer. Returns
/// an empty @main when an operand type has no dense constant form
/// (`!fp8.e3m4fn`).
std::string reproducerModule(const Case &c,
                             const std::vector<std::vector<uint8_t>> &inputs);

/// The inputs of `c` (one byte vector per input operand), from its seed.
std::vector<std::vector<uint8_t>> makeInputs(const Case &c);

/// A random case of `op` (shapes up to `maxDim`).
Case drawCase(OpKind op, std::mt19937_64 &random, int64_t maxDim);

/// Smaller or simpler variants of a failing case, most promising first.
std::vector<Case> simplerCases(const Case &c);

/// Whether the op's verifier accepts `c` (chunk versus K blocks, ...).
bool isValid(const Case &c);

/// "f32", "f16" or "bf16".
const char *floatKindName(FloatKind kind);

/// "4x8x": the dimensions of a shaped type, each followed by "x".
std::string shapeText(const std::vector<int64_t> &shape);

} // namespace fp8::sweep

#endif // FP8_TOOLS_FP8_SWEEP_CASES_H
