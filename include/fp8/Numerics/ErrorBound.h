//===- ErrorBound.h - error bound of scaled_matmul --------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bound of docs/Spec.md section 7 on the distance between one element of
// fp8.scaled_matmul and the exact result of the same FP8 inputs and scales.
// What kernels that reorder sums (VDPBF16PS, AMX) are checked against, in
// the integration tests and in fp8-sweep. No MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_NUMERICS_ERRORBOUND_H
#define FP8_NUMERICS_ERRORBOUND_H

#include "fp8/Numerics/Format.h"

#include <cstdint>

namespace fp8 {

/// Accumulator and result precisions of scaled_matmul.
enum class Precision : uint8_t { F32, F16, BF16 };

/// 2^-24, 2^-11, 2^-8.
double unitRoundoff(Precision precision);

class ScaledMatmulErrorBound {
public:
  /// For operands of `formatA` x `formatB`, sums in `accumulator` promoted
  /// every `promotion` k (K elements in all), results in `result`.
  ScaledMatmulErrorBound(const Format &formatA, const Format &formatB,
                         Precision accumulator, Precision result, int64_t k,
                         int64_t promotion);

  /// The bound on |C - C_exact| for one element, with C_exact computed in
  /// f64 (that computation's own error included): `magnitude` is
  /// S + |init| + |bias| (S = sum of |P_k|), `scaleSum` the sum over k of
  /// |s_a s_b|, `exact` C_exact.
  double operator()(double magnitude, double scaleSum, double exact) const;

private:
  double gamma, etaAccumulator, uResult, etaResult, gammaF64;
};

} // namespace fp8

#endif // FP8_NUMERICS_ERRORBOUND_H
