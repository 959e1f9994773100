//===- Metric.cpp - the accuracy metrics of tuning ------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tuning/Metric.h"

#include "llvm/ADT/Twine.h"

#include <cmath>
#include <limits>

using namespace fp8::tuning;

llvm::Expected<double> fp8::tuning::relativeL2(llvm::ArrayRef<double> reference,
                                               llvm::ArrayRef<double> values) {
  if (reference.size() != values.size())
    return llvm::createStringError(
        "tuning: " + llvm::Twine(values.size()) + " output values against " +
        llvm::Twine(reference.size()) + " FP32 ones");
  // Long double: millions of squares summed in order stay exact enough.
  long double difference = 0, norm = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    long double d = static_cast<long double>(values[i]) - reference[i];
    difference += d * d;
    norm += static_cast<long double>(reference[i]) * reference[i];
  }
  if (norm == 0)
    return llvm::createStringError(
        "tuning: the FP32 outputs on the evaluation set are all zero, so no "
        "error is relative to them (give --labels, or other samples)");
  double metric = static_cast<double>(std::sqrt(difference / norm));
  return std::isfinite(metric) ? metric
                               : std::numeric_limits<double>::infinity();
}

llvm::Error fp8::tuning::appendPredictions(llvm::ArrayRef<double> values,
                                           llvm::ArrayRef<int64_t> shape,
                                           std::vector<int64_t> &predictions) {
  if (shape.empty() || shape.back() == 0)
    return llvm::createStringError(
        "--labels: the entry's first result has no class dimension (its "
        "last dimension indexes the classes; it is " +
        llvm::Twine(shape.empty() ? "a scalar" : "empty") + ")");
  const int64_t classes = shape.back();
  const int64_t rows = static_cast<int64_t>(values.size()) / classes;
  for (int64_t row = 0; row < rows; ++row) {
    const double *scores = values.data() + row * classes;
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      // A NaN never wins; one in front loses to any number.
      if (scores[c] > scores[best] ||
          (std::isnan(scores[best]) && !std::isnan(scores[c])))
        best = c;
    predictions.push_back(best);
  }
  return llvm::Error::success();
}

double fp8::tuning::top1Accuracy(llvm::ArrayRef<int64_t> predictions,
                                 llvm::ArrayRef<int64_t> labels) {
  if (predictions.empty() || predictions.size() != labels.size())
    return 0.0;
  size_t correct = 0;
  for (size_t i = 0; i < predictions.size(); ++i)
    correct += predictions[i] == labels[i];
  return static_cast<double>(correct) / predictions.size();
}

llvm::Expected<double> fp8::tuning::top1Drop(double fp32, double accuracy) {
  if (fp32 <= 0)
    return llvm::createStringError(
        "--labels: the FP32 model gets no evaluation sample right (top-1 "
        "accuracy 0), so no drop is relative to it; check the labels' order "
        "(one per row of the first result, samples in name order)");
  return (fp32 - accuracy) / fp32;
}
