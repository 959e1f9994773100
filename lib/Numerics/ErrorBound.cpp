//===- ErrorBound.cpp - error bound of scaled_matmul ----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Numerics/ErrorBound.h"

#include <cmath>

using namespace fp8;

double fp8::unitRoundoff(Precision precision) {
  switch (precision) {
  case Precision::F16:
    return std::ldexp(1.0, -11);
  case Precision::BF16:
    return std::ldexp(1.0, -8);
  case Precision::F32:
    break;
  }
  return std::ldexp(1.0, -24);
}

ScaledMatmulErrorBound::ScaledMatmulErrorBound(const Format &formatA,
                                               const Format &formatB,
                                               Precision accumulator,
                                               Precision result, int64_t k,
                                               int64_t promotion) {
  const double u = unitRoundoff(Precision::F32);
  const double uAcc = unitRoundoff(accumulator);
  // f16/bf16: an f32 rounding, then one to the accumulator (Spec.md 7,
  // step 2).
  const double v = accumulator == Precision::F32 ? u : uAcc + u + u * uAcc;
  // bf16 cannot hold a product whose significands have more than 8 bits, so
  // the first addition of a chunk already rounds.
  const bool productsFitAccumulator =
      accumulator != Precision::BF16 ||
      formatA.mantissaBits + formatB.mantissaBits <= 6;
  const double roundings =
      static_cast<double>(promotion - (productsFitAccumulator ? 1 : 0));
  const int64_t chunks = (k + promotion - 1) / promotion;
  const double x = roundings * v + (chunks + 3) * u;
  gamma = x / (1 - x);
  etaAccumulator = accumulator == Precision::F16 ? std::ldexp(1.0, -25) : 0.0;
  uResult = result == Precision::F32 ? 0.0 : unitRoundoff(result);
  etaResult = result == Precision::F16 ? std::ldexp(1.0, -25) : 0.0;
  const double u64 = std::ldexp(1.0, -53);
  gammaF64 = (k + 3) * u64 / (1 - (k + 3) * u64);
}

double ScaledMatmulErrorBound::operator()(double magnitude, double scaleSum,
                                          double exact) const {
  const double e = gamma * magnitude + (1 + gamma) * etaAccumulator * scaleSum;
  return (1 + uResult) * e + uResult * std::fabs(exact) + etaResult +
         gammaF64 * magnitude;
}
