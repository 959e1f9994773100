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

#include "llvm/ADT/ArrayRef.h"
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

/// A tensor shape; kDynamicDim for a dimension that varied (or was dynamic
/// in the module).
using Shape = std::vector<int64_t>;
inline constexpr int64_t kDynamicDim = -1;

/// "4x784", "?x784", "scalar" (rank 0): shapes as messages show them.
std::string formatShape(const Shape &shape);
/// Whether two shapes can be the same tensor: equal ranks, and every pair of
/// dimensions equal or one of them dynamic.
bool compatibleShapes(const Shape &a, const Shape &b);

/// A calibration table: statistics per tensor id, and the number of samples
/// (model runs) that produced them.
///
/// Version 2 adds the table's fingerprint, what it was calibrated on: the
/// shape of every observed tensor (`shapes`, one per id of `tensors`) and the
/// fp8-insert-observers scheme (empty when unknown: a table written by
/// libfp8_runtime.so). fp8-quantize compares it with the module it
/// quantizes, and merge() with the other table. Version-1 tables still load,
/// without a fingerprint (`shapes` empty); a table without one is written as
/// version 1.
struct CalibrationTable {
  static constexpr int kVersion = 2;

  int64_t samples = 0;
  std::map<std::string, TensorStatistics> tensors;
  std::map<std::string, Shape> shapes;
  std::string scheme;

  bool hasFingerprint() const { return !shapes.empty(); }

  /// Records one observed shape of `id`: the first one, then dimensions
  /// that differ between observations become kDynamicDim.
  void observeShape(llvm::StringRef id, llvm::ArrayRef<int64_t> shape);

  /// Why this table and `other` were not calibrated on the same module
  /// (scheme, ids, shapes), one reason per element, ids sorted; empty when
  /// they match, when either table is empty, or when neither has a
  /// fingerprint. A table with a fingerprint and one without do not match.
  /// `ours` and `theirs` name the tables in the reasons ("tensor 'fc3/lhs'
  /// only in a.json").
  std::vector<std::string>
  fingerprintMismatches(const CalibrationTable &other,
                        llvm::StringRef ours = "the first table",
                        llvm::StringRef theirs = "the second table") const;

  /// Adds another table (samples add up, statistics merge per id). Fails,
  /// changing nothing, when the fingerprints do not match
  /// (fingerprintMismatches; "cannot merge tables of different modules:
  /// ...") or when a sum of counts or samples would not fit in int64_t
  /// (tables written by hand, or merged far too often).
  llvm::Error merge(const CalibrationTable &other,
                    llvm::StringRef ours = "the first table",
                    llvm::StringRef theirs = "the second table");

  bool operator==(const CalibrationTable &other) const {
    return samples == other.samples && tensors == other.tensors &&
           shapes == other.shapes && scheme == other.scheme;
  }
  bool operator!=(const CalibrationTable &other) const {
    return !(*this == other);
  }

  /// JSON of DESIGN.md section 5:
  /// {"format": "fp8-calibration", "version": 2, "samples": N,
  ///  "scheme": "standard", "tensors": {"<id>": {"shape": [4, "?"], "min",
  ///  "max", "amax", "count", "nan_count", "inf_count",
  ///  "histogram": {"max", "counts": [...]}}}}
  /// ("scheme" only when known; version 1, without "scheme" and "shape",
  /// when the table has no fingerprint).
  std::string toJSON() const;
  /// Parses and validates a table; errors name `source` (a file name) and,
  /// where it applies, the tensor id and field: malformed JSON, wrong
  /// "format" or "version", missing fields, negative counts, NaN or inf
  /// statistics, histogram sizes other than kHistogramBins, min > max,
  /// counts that do not add up, a version-2 tensor without "shape".
  /// Version 1 reads without a fingerprint. Messages read
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
