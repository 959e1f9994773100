//===- Statistics.h - calibration statistics and tables ---------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What calibration records per tensor (DESIGN.md section 5): min, max, amax,
// count and a histogram of |x|. The histogram spans [0, 2^e) for the
// smallest power of two 2^e > amax, with a fixed bin count; when amax reaches
// the range, the range doubles and pairs of bins merge. Because bin edges are
// exact binary fractions, inserting values and merging tables give the same
// counts in any order: calibration can be sharded and merged. (The range is
// strictly above amax: a value equal to the upper edge would sit in the last
// bin now but in the first bin of the upper half after a doubling, and the
// counts would depend on the order values arrived in.)
//
// No MLIR dependency (LLVM Support for JSON and errors).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CALIBRATION_STATISTICS_H
#define FP8_CALIBRATION_STATISTICS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fp8::calibration {

/// Histogram bins of every tensor (a power of two).
inline constexpr int kHistogramBins = 2048;

/// Statistics of one tensor over all observed samples.
class TensorStatistics {
public:
  /// No values observed; the histogram has kHistogramBins zero counts.
  TensorStatistics();

  /// Adds `count` values. NaNs are counted in `nanCount` and otherwise
  /// ignored; infinities are counted in `infCount` and otherwise ignored.
  void observe(const float *values, int64_t count);
  /// Adds another tensor's statistics (same result as observing its values).
  /// The sums of the counts must fit in int64_t (CalibrationTable::merge
  /// checks).
  void merge(const TensorStatistics &other);

  double min = 0, max = 0; // of finite values; 0 when count == 0
  double amax() const;     // max(|min|, |max|)
  int64_t count = 0;       // finite values observed
  int64_t nanCount = 0, infCount = 0;
  /// Upper edge of the histogram range: the smallest power of two > amax, or
  /// 0 when every observed value was 0 (then all counts are in bin 0).
  double histogramMax = 0;
  /// kHistogramBins counts of |x|; bin i holds [i, i+1) * histogramMax / bins
  /// (histogramMax itself is never reached: it is > amax).
  std::vector<int64_t> histogram;

  /// The histogram range for a given amax: the smallest power of two > amax,
  /// or 0 when amax is 0.
  static double histogramMaxFor(double amax);
  /// Width of one histogram bin (0 when histogramMax is 0).
  double binWidth() const { return histogramMax / kHistogramBins; }
  /// Exact equality of every field (tests compare sharded and merged runs).
  bool operator==(const TensorStatistics &other) const;
  bool operator!=(const TensorStatistics &other) const {
    return !(*this == other);
  }
};

/// A calibration table: statistics per tensor id, and the number of samples
/// (model runs) that produced them.
struct CalibrationTable {
  static constexpr int kVersion = 1;

  int64_t samples = 0;
  std::map<std::string, TensorStatistics> tensors;

  /// Adds another table (samples add up, statistics merge per id). Fails,
  /// changing nothing, when a sum of counts or samples would not fit in
  /// int64_t (tables written by hand, or merged far too often).
  llvm::Error merge(const CalibrationTable &other);

  bool operator==(const CalibrationTable &other) const {
    return samples == other.samples && tensors == other.tensors;
  }
  bool operator!=(const CalibrationTable &other) const {
    return !(*this == other);
  }

  /// JSON of DESIGN.md section 5:
  /// {"format": "fp8-calibration", "version": 1, "samples": N,
  ///  "tensors": {"<id>": {"min", "max", "amax", "count", "nan_count",
  ///  "inf_count", "histogram": {"max", "counts": [...]}}}}
  std::string toJSON() const;
  /// Parses and validates a table; errors name `source` (a file name) and,
  /// where it applies, the tensor id and field: malformed JSON, wrong
  /// "format" or "version", missing fields, negative counts, NaN or inf
  /// statistics, histogram sizes other than kHistogramBins, min > max,
  /// counts that do not add up. Messages read
  /// "<source>: tensor '<id>': <what is wrong>". "nan_count" and "inf_count"
  /// may be absent (0); unknown fields are errors (a misspelt field would
  /// otherwise be dropped silently).
  static llvm::Expected<CalibrationTable> fromJSON(llvm::StringRef text,
                                                   llvm::StringRef source);

  /// File I/O. writeFile writes to a temporary file and renames it, so a
  /// failure never leaves a partial table behind.
  static llvm::Expected<CalibrationTable> readFile(llvm::StringRef path);
  llvm::Error writeFile(llvm::StringRef path) const;
};

} // namespace fp8::calibration

#endif // FP8_CALIBRATION_STATISTICS_H
