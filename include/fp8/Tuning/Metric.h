//===- Metric.h - the accuracy metrics of tuning ----------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What `fp8-run --tune` measures on the evaluation set, lower being better:
//   rel-error  ||fp8 - fp32|| / ||fp32||, L2 over every element of every
//              result of every sample (one concatenated vector);
//   top1-drop  (acc_fp32 - acc_fp8) / acc_fp32, the top-1 accuracy of the
//              entry's first result against labels: each row of it (the
//              last dimension indexes the classes) predicts the class of
//              its largest value (the first one on ties; NaN never wins).
// A NaN or infinite metric counts as +infinity: it meets no budget.
// No MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TUNING_METRIC_H
#define FP8_TUNING_METRIC_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace fp8::tuning {

/// ||values - reference|| / ||reference||; +infinity where `values` holds
/// NaN or infinity. An all-zero reference is an error (nothing to be
/// relative to), as are sizes that differ.
llvm::Expected<double> relativeL2(llvm::ArrayRef<double> reference,
                                  llvm::ArrayRef<double> values);

/// Appends the predicted class of each row of a result of `shape` (rank 1:
/// one row) to `predictions`. A rank-0 result or one with no class is an
/// error.
llvm::Error appendPredictions(llvm::ArrayRef<double> values,
                              llvm::ArrayRef<int64_t> shape,
                              std::vector<int64_t> &predictions);

/// The share of `predictions` equal to `labels` (same length).
double top1Accuracy(llvm::ArrayRef<int64_t> predictions,
                    llvm::ArrayRef<int64_t> labels);

/// (fp32 - accuracy) / fp32; an FP32 accuracy of 0 leaves nothing to drop
/// and is an error.
llvm::Expected<double> top1Drop(double fp32, double accuracy);

} // namespace fp8::tuning

#endif // FP8_TUNING_METRIC_H
