//===- Methods.h - calibration methods --------------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// From a tensor's statistics to the clipping threshold T whose scale
// T / max_finite(format) the quantizer uses (docs/Calibration.md gives the
// formulas).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CALIBRATION_METHODS_H
#define FP8_CALIBRATION_METHODS_H

#include "fp8/Calibration/Statistics.h"
#include "fp8/Numerics/Format.h"

#include <optional>
#include <string_view>

namespace fp8::calibration {

enum class Method { Max, Percentile, MSE, KL };

/// Parses `max`, `percentile`, `mse`, `kl`.
std::optional<Method> parseMethod(std::string_view name);
/// The name parseMethod reads ("max", "percentile", "mse", "kl").
const char *methodName(Method method);

struct MethodOptions {
  Method method = Method::Max;
  /// For Method::Percentile: the percentile of |x|, in (0, 100]; values
  /// outside that range (or NaN) give amax. Callers should reject them.
  double percentile = 99.99;
};

/// The clipping threshold (an amax to compute the scale from) for a tensor
/// quantized to `format`. Max: amax. Percentile: the |x| value below which
/// `percentile` percent of the observed values lie (interpolated within a
/// histogram bin). MSE: the threshold among candidate thresholds (bin edges
/// of the histogram) that minimizes the expected squared quantization error
/// of the histogram's values, counting clipping error, quantized with the
/// format's actual grid. KL: the threshold minimizing the KL divergence
/// between the histogram and its quantized version (TensorRT's entropy
/// calibration, adapted to the FP8 grid). Always > 0 for count > 0; 0 only
/// for an all-zero tensor (the scale rule then gives 1).
double computeThreshold(const TensorStatistics &statistics,
                        const ::fp8::Format &format,
                        const MethodOptions &options);

} // namespace fp8::calibration

#endif // FP8_CALIBRATION_METHODS_H
