//===- Samples.h - sample data for the calibration tests --------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Seeded generators (std::mt19937_64), so every run sees the same values.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_UNITTESTS_CALIBRATION_SAMPLES_H
#define FP8_UNITTESTS_CALIBRATION_SAMPLES_H

#include "fp8/Calibration/Statistics.h"

#include <cstdint>
#include <random>
#include <vector>

namespace fp8::calibration::testing {

inline std::vector<float> uniformSamples(int64_t n, float low, float high,
                                         uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(n);
  for (float &value : values)
    value = distribution(rng);
  return values;
}

inline std::vector<float> gaussianSamples(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> distribution(0.0f, 1.0f);
  std::vector<float> values(n);
  for (float &value : values)
    value = distribution(rng);
  return values;
}

/// Laplace(0, 1): a random sign times an Exp(1) magnitude.
inline std::vector<float> laplaceSamples(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<float> magnitude(1.0f);
  std::bernoulli_distribution negative(0.5);
  std::vector<float> values(n);
  for (float &value : values)
    value = negative(rng) ? -magnitude(rng) : magnitude(rng);
  return values;
}

inline TensorStatistics statisticsOf(const std::vector<float> &values) {
  TensorStatistics statistics;
  statistics.observe(values.data(), static_cast<int64_t>(values.size()));
  return statistics;
}

} // namespace fp8::calibration::testing

#endif // FP8_UNITTESTS_CALIBRATION_SAMPLES_H
