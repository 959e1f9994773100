//===- Statistics.cpp - observing and merging statistics ------------------===//
//-------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The histogram range is always a power of two and the bin count is 2^11, so
// a value's bin is floor(|x| * 2^(11 - e)): an exact scaling by a power of
// two followed by a floor. Doubling the range maps bin i to bin i / 2, and
// floor(floor(y) / 2) == floor(y / 2), so binning at the final range directly
// and binning early then merging pairs agree exactly. That is what makes
// observation order and sharding invisible in the counts.
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace fp8::calibration;

namespace {
constexpr int kLog2Bins = 11;
static_assert((1 << kLog2Bins) == kHistogramBins,
              "the bin count must be 2^kLog2Bins");

/// The exponent e of the smallest power of two 2^e > x, for finite x > 0.
int rangeExponentAbove(double x) { return std::ilogb(x) + 1; }

/// Re-bins counts from a range of 2^fromExponent to the larger range
/// 2^toExponent: each doubling merges bins 2i and 2i+1 into bin i.
void widenHistogram(std::vector<int64_t> &counts, int fromExponent,
                    int toExponent) {
  int doublings = toExponent - fromExponent;
  if (doublings <= 0)
    return;
  // Beyond log2(bins) doublings everything lands in bin 0.
  int shift = std::min(doublings, kLog2Bins);
  for (int i = 0; i < kHistogramBins; ++i) {
    int target = i >> shift;
    if (target != i) {
      counts[target] += counts[i];
      counts[i] = 0;
    }
  }
}

/// Grows the range of `stats` so that it is at least 2^exponent.
void growRange(TensorStatistics &stats, int exponent) {
  double newMax = std::ldexp(1.0, exponent);
  if (newMax <= stats.histogramMax)
    return;
  // With a range of 0 every count is in bin 0, which stays bin 0.
  if (stats.histogramMax > 0)
    widenHistogram(stats.histogram, std::ilogb(stats.histogramMax), exponent);
  stats.histogramMax = newMax;
}

void ensureBins(std::vector<int64_t> &counts) {
  if (counts.size() != static_cast<size_t>(kHistogramBins))
    counts.resize(kHistogramBins, 0);
}
} // namespace

//===----------------------------------------------------------------------===//
// TensorStatistics
//===----------------------------------------------------------------------===//

TensorStatistics::TensorStatistics() : histogram(kHistogramBins, 0) {}

double TensorStatistics::histogramMaxFor(double amax) {
  return amax > 0 ? std::ldexp(1.0, rangeExponentAbove(amax)) : 0.0;
}

double TensorStatistics::amax() const {
  return std::max(std::fabs(min), std::fabs(max));
}

void TensorStatistics::observe(const float *values, int64_t size) {
  ensureBins(histogram);
  // First pass: classify, and find the range this batch needs, so that the
  // histogram is widened once rather than per value.
  int64_t finite = 0;
  double batchMin = std::numeric_limits<double>::infinity();
  double batchMax = -batchMin;
  for (int64_t i = 0; i < size; ++i) {
    float value = values[i];
    if (std::isnan(value)) {
      ++nanCount;
      continue;
    }
    if (std::isinf(value)) {
      ++infCount;
      continue;
    }
    // + 0.0 turns -0 into +0: otherwise min/max could be -0 or +0 depending
    // on which zero came first.
    double x = static_cast<double>(value) + 0.0;
    batchMin = std::min(batchMin, x);
    batchMax = std::max(batchMax, x);
    ++finite;
  }
  if (finite == 0)
    return;

  min = count == 0 ? batchMin : std::min(min, batchMin);
  max = count == 0 ? batchMax : std::max(max, batchMax);
  count += finite;

  double batchAmax = std::max(std::fabs(batchMin), std::fabs(batchMax));
  if (batchAmax > 0)
    growRange(*this, rangeExponentAbove(batchAmax));
  if (histogramMax == 0) {
    histogram[0] += finite; // only zeros so far
    return;
  }

  // bin = floor(|x| * bins / 2^e); the product is exact in double (a power
  // of two factor; f32 values are far from double's exponent limits) and
  // < bins because |x| < 2^e.
  const double toBins = std::ldexp(1.0, kLog2Bins - std::ilogb(histogramMax));
  for (int64_t i = 0; i < size; ++i) {
    float value = values[i];
    if (!std::isfinite(value))
      continue;
    double scaled = std::fabs(static_cast<double>(value)) * toBins;
    ++histogram[static_cast<size_t>(scaled)];
  }
}

void TensorStatistics::merge(const TensorStatistics &other) {
  // Copy first: `other` may be *this.
  std::vector<int64_t> theirs = other.histogram;
  ensureBins(theirs);
  ensureBins(histogram);
  nanCount += other.nanCount;
  infCount += other.infCount;
  if (other.count == 0)
    return;

  min = count == 0 ? other.min : std::min(min, other.min);
  max = count == 0 ? other.max : std::max(max, other.max);
  count += other.count;

  if (other.histogramMax > 0) {
    int theirExponent = std::ilogb(other.histogramMax);
    growRange(*this, theirExponent);
    widenHistogram(theirs, theirExponent, std::ilogb(histogramMax));
  }
  for (int i = 0; i < kHistogramBins; ++i)
    histogram[i] += theirs[i];
}

bool TensorStatistics::operator==(const TensorStatistics &other) const {
  return min == other.min && max == other.max && count == other.count &&
         nanCount == other.nanCount && infCount == other.infCount &&
         histogramMax == other.histogramMax && histogram == other.histogram;
}

std::string fp8::calibration::formatShape(const Shape &shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += 'x';
    text += shape[i] == kDynamicDim ? "?" : std::to_string(shape[i]);
  }
  return text;
}

bool fp8::calibration::compatibleShapes(const Shape &a, const Shape &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && a[i] != kDynamicDim && b[i] != kDynamicDim)
      return false;
  return true;
}

void CalibrationTable::observeShape(llvm::StringRef id,
                                    llvm::ArrayRef<int64_t> shape) {
  auto [entry, inserted] = shapes.try_emplace(id.str(), shape.vec());
  if (inserted)
    return;
  Shape &known = entry->second;
  // A rank that changes (a hand-written module) keeps the first shape; the
  // quantizer compares ranks.
  if (known.size() != shape.size())
    return;
  for (size_t i = 0; i < known.size(); ++i)
    if (known[i] != shape[i])
      known[i] = kDynamicDim;
}

std::vector<std::string>
CalibrationTable::fingerprintMismatches(const CalibrationTable &other,
                                        llvm::StringRef ours,
                                        llvm::StringRef theirs) const {
  std::vector<std::string> reasons;
  if (tensors.empty() || other.tensors.empty())
    return reasons;
  if (hasFingerprint() != other.hasFingerprint()) {
    reasons.push_back(
        ((hasFingerprint() ? theirs : ours) +
         " has no fingerprint (a version-1 table; recalibrate it)")
            .str());
    return reasons;
  }
  if (!hasFingerprint())
    return reasons;
  if (!scheme.empty() && !other.scheme.empty() && scheme != other.scheme)
    reasons.push_back("scheme " + scheme + " in " + ours.str() + " vs " +
                      other.scheme + " in " + theirs.str());
  for (const auto &[id, shape] : shapes) {
    auto match = other.shapes.find(id);
    if (match == other.shapes.end())
      reasons.push_back("tensor '" + id + "' only in " + ours.str());
    else if (!compatibleShapes(shape, match->second))
      reasons.push_back("tensor '" + id + "' has shape " + formatShape(shape) +
                        " in " + ours.str() + " vs " +
                        formatShape(match->second) + " in " + theirs.str());
  }
  for (const auto &[id, shape] : other.shapes)
    if (!shapes.count(id))
      reasons.push_back("tensor '" + id + "' only in " + theirs.str());
  return reasons;
}

llvm::Error CalibrationTable::merge(const CalibrationTable &other,
                                    llvm::StringRef ours,
                                    llvm::StringRef theirs) {
  std::vector<std::string> mismatches =
      fingerprintMismatches(other, ours, theirs);
  if (!mismatches.empty()) {
    std::string message = "cannot merge tables calibrated on different "
                          "modules: ";
    for (size_t i = 0; i < mismatches.size(); ++i)
      message += (i ? "; " : "") + mismatches[i];
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  }
  // Check every sum first: a failed merge leaves the table unchanged. Bins
  // need no check: each histogram adds up to its count.
  auto overflows = [](int64_t a, int64_t b) {
    int64_t sum;
    return __builtin_add_overflow(a, b, &sum);
  };
  auto tooLarge = [](const std::string &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot merge: " + what +
                                       " would exceed 2^63 - 1");
  };
  if (overflows(samples, other.samples))
    return tooLarge("the sample count");
  for (const auto &[id, theirs] : other.tensors) {
    auto ours = tensors.find(id);
    if (ours == tensors.end())
      continue;
    if (overflows(ours->second.count, theirs.count) ||
        overflows(ours->second.nanCount, theirs.nanCount) ||
        overflows(ours->second.infCount, theirs.infCount))
      return tooLarge("the counts of tensor '" + id + "'");
  }

  samples += other.samples;
  for (const auto &[id, statistics] : other.tensors)
    tensors[id].merge(statistics);
  for (const auto &[id, shape] : other.shapes)
    observeShape(id, shape);
  if (scheme.empty())
    scheme = other.scheme;
  return llvm::Error::success();
}
