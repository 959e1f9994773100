//===- Methods.cpp - calibration methods ----------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// docs/Calibration.md derives the formulas. MSE and KL search the same
// candidate thresholds: the upper edges of the histogram bins from the bin of
// the median nonzero |x| (for KL: at least 128 bins) up to amax (the last
// candidate is amax itself). At most kCoarseCandidates of them are evaluated
// evenly spaced, then every bin edge between the neighbours of the best one, so
// a tensor costs about (128 + 2 * bins / 128) * bins quantizations.
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Methods.h"

#include <algorithm>
#include <cmath>

using namespace fp8::calibration;

std::optional<Method> fp8::calibration::parseMethod(std::string_view name) {
  if (name == "max")
    return Method::Max;
  if (name == "percentile")
    return Method::Percentile;
  if (name == "mse")
    return Method::MSE;
  if (name == "kl")
    return Method::KL;
  return std::nullopt;
}

const char *fp8::calibration::methodName(Method method) {
  switch (method) {
  case Method::Max:
    return "max";
  case Method::Percentile:
    return "percentile";
  case Method::MSE:
    return "mse";
  case Method::KL:
    return "kl";
  }
  return "max";
}

namespace {
constexpr int kCoarseCandidates = 128;
/// Fewest histogram bins a KL candidate keeps.
constexpr int kMinKLBins = 128;

/// The non-empty bins of a histogram with one representative |x| each.
struct Bins {
  /// Bin index, representative value and count of every non-empty bin.
  std::vector<int> index;
  std::vector<float> value;
  std::vector<double> count;
  double total = 0;
  double width = 0;
  double amax = 0;
  /// Bin holding amax (the last non-empty bin).
  int amaxBin = 0;

  explicit Bins(const TensorStatistics &stats) {
    width = stats.binWidth();
    amax = stats.amax();
    amaxBin = std::min(static_cast<int>(amax / width), kHistogramBins - 1);
    for (int i = 0; i < kHistogramBins; ++i) {
      if (stats.histogram[i] == 0)
        continue;
      index.push_back(i);
      value.push_back(static_cast<float>(representative(i)));
      count.push_back(static_cast<double>(stats.histogram[i]));
      total += count.back();
    }
  }

  /// The bin center; in amax's bin the center of [lower edge, amax], since no
  /// value lies above amax.
  double representative(int bin) const {
    double lower = bin * width;
    double upper = bin >= amaxBin ? std::max(amax, lower) : lower + width;
    return 0.5 * (lower + upper);
  }

  /// The clipping threshold of candidate bin `bin`: its upper edge, or amax.
  double threshold(int bin) const {
    return bin >= amaxBin ? amax : (bin + 1) * width;
  }

  /// The bin in which the cumulative count of the values outside bin 0
  /// first reaches `fraction` of them. Bin 0 holds the exact zeros (half of
  /// a ReLU output), which say nothing about where to clip.
  int nonzeroQuantileBin(double fraction) const {
    double nonzero = total, cumulative = 0;
    if (!index.empty() && index.front() == 0)
      nonzero -= count.front();
    double target = fraction * nonzero;
    for (size_t k = 0; k < count.size(); ++k) {
      if (index[k] == 0)
        continue;
      cumulative += count[k];
      if (cumulative >= target)
        return index[k];
    }
    return amaxBin;
  }
};

/// Minimizes cost(bin) over candidate bins [first, last]: a coarse pass over
/// evenly spaced candidates, then every candidate next to the best one. Ties
/// go to the larger threshold (clip less when it costs nothing).
template <typename Cost> int minimizeOverBins(int first, int last, Cost cost) {
  int bestBin = last;
  double bestCost = cost(last);
  auto consider = [&](int bin) {
    double value = cost(bin);
    if (value < bestCost || (value == bestCost && bin > bestBin)) {
      bestCost = value;
      bestBin = bin;
    }
  };
  int span = last - first;
  if (span < kCoarseCandidates) {
    for (int bin = first; bin < last; ++bin)
      consider(bin);
    return bestBin;
  }
  auto coarse = [&](int k) {
    return first + static_cast<int>(static_cast<int64_t>(span) * k /
                                    (kCoarseCandidates - 1));
  };
  for (int k = 0; k < kCoarseCandidates - 1; ++k)
    consider(coarse(k));
  // Refine between the coarse neighbours of the winner.
  int winner = bestBin, low = first, high = last;
  for (int k = 0; k < kCoarseCandidates; ++k) {
    int bin = coarse(k);
    if (bin < winner)
      low = bin;
    if (bin > winner) {
      high = bin;
      break;
    }
  }
  for (int bin = low + 1; bin < high; ++bin)
    if (bin != winner)
      consider(bin);
  return bestBin;
}

double percentileThreshold(const TensorStatistics &stats, double percentile) {
  const std::vector<int64_t> &histogram = stats.histogram;
  double total = 0;
  for (int64_t binCount : histogram)
    total += static_cast<double>(binCount);
  double target = percentile / 100 * total;
  double cumulative = 0, width = stats.binWidth();
  for (int i = 0; i < kHistogramBins; ++i) {
    double binCount = static_cast<double>(histogram[i]);
    if (binCount == 0)
      continue;
    if (cumulative + binCount >= target) {
      // Values spread evenly within the bin.
      double fraction = std::clamp((target - cumulative) / binCount, 0.0, 1.0);
      double threshold = (i + fraction) * width;
      return threshold > 0 ? std::min(threshold, stats.amax()) : stats.amax();
    }
    cumulative += binCount;
  }
  return stats.amax();
}

/// Expected squared error of the histogram's values quantized with threshold
/// T (saturating: values above T become T, the clipping error).
double squaredError(const Bins &bins, const fp8::Format &format,
                    double threshold) {
  float scale = fp8::computeScale(format, static_cast<float>(threshold));
  fp8::EncodeOptions saturating;
  saturating.saturate = true;
  double error = 0;
  for (size_t k = 0; k < bins.value.size(); ++k) {
    float x = bins.value[k];
    float quantized = fp8::dequantize(
        format, fp8::quantize(format, x, scale, saturating), scale);
    double difference = static_cast<double>(x) - quantized;
    error += bins.count[k] * difference * difference;
  }
  return error;
}

/// KL(P || Q) for a threshold at the upper edge of bin `last` (TensorRT's
/// entropy calibration with FP8 quantization cells instead of 128 uniform
/// levels):
///   P: the histogram up to bin `last`, with every count above it added to
///      bin `last` (clipping piles the outliers onto the threshold);
///   Q: the same bins without the outliers, quantized: bins whose
///      representatives quantize to the same FP8 code form one cell, and the
///      cell's total is spread evenly over its bins that are non-empty in P.
/// Q lacks the clipped mass, so clipping is charged; wide cells flatten Q,
/// so coarse resolution is charged.
double klDivergence(const Bins &bins, const fp8::Format &format, int last) {
  double threshold = bins.threshold(last);
  float scale = fp8::computeScale(format, static_cast<float>(threshold));
  fp8::EncodeOptions saturating;
  saturating.saturate = true;

  // Non-empty bins up to and including `last`; empty bins add nothing to
  // KL(P || Q) and receive no Q mass.
  size_t kept = 0;
  while (kept < bins.index.size() && bins.index[kept] <= last)
    ++kept;
  double outliers = 0;
  for (size_t k = kept; k < bins.count.size(); ++k)
    outliers += bins.count[k];
  // The outliers land in bin `last`, which may be empty without them.
  bool lastIsEmpty = kept == 0 || bins.index[kept - 1] != last;

  // Bin `last` holding only outliers: part of the last cell when its
  // representative has the same code, else a cell with no Q mass.
  bool outliersAlone = lastIsEmpty && outliers > 0;
  bool outliersShareCell =
      outliersAlone && kept > 0 &&
      fp8::quantize(format, bins.value[kept - 1], scale, saturating) ==
          fp8::quantize(format, static_cast<float>(bins.representative(last)),
                        scale, saturating);

  // TensorRT's smoothing: a Q bin that is empty while P is not gets a tiny
  // count, so KL stays finite and heavily penalizes the mismatch.
  constexpr double kEpsilon = 1e-4;
  bool outliersUnmatched = outliersAlone && !outliersShareCell;
  double qTotal = bins.total - outliers + (outliersUnmatched ? kEpsilon : 0);
  double divergence = 0;
  auto add = [&](double p, double q) {
    p /= bins.total;
    q /= qTotal;
    divergence += p * std::log(p / q);
  };

  // Walk the cells: runs of bins whose representatives share a code.
  size_t cellStart = 0;
  while (cellStart < kept) {
    uint8_t code =
        fp8::quantize(format, bins.value[cellStart], scale, saturating);
    size_t cellEnd = cellStart + 1;
    double cellMass = bins.count[cellStart];
    while (cellEnd < kept && fp8::quantize(format, bins.value[cellEnd], scale,
                                           saturating) == code) {
      cellMass += bins.count[cellEnd];
      ++cellEnd;
    }
    bool holdsLast = outliersShareCell && cellEnd == kept;
    double nonEmpty = static_cast<double>(cellEnd - cellStart);
    double q = cellMass / (nonEmpty + (holdsLast ? 1 : 0));
    for (size_t k = cellStart; k < cellEnd; ++k) {
      double p = bins.count[k];
      if (!lastIsEmpty && k == kept - 1)
        p += outliers;
      add(p, q);
    }
    if (holdsLast)
      add(outliers, q);
    cellStart = cellEnd;
  }
  if (outliersUnmatched)
    add(outliers, kEpsilon);
  return divergence;
}
} // namespace

double fp8::calibration::computeThreshold(const TensorStatistics &statistics,
                                          const ::fp8::Format &format,
                                          const MethodOptions &options) {
  double amax = statistics.amax();
  // Nothing to calibrate (no finite values, or only zeros), or a histogram
  // the methods cannot read: amax is the only safe answer.
  if (statistics.count == 0 || !(amax > 0) || !std::isfinite(amax) ||
      statistics.histogramMax <= amax ||
      statistics.histogram.size() != static_cast<size_t>(kHistogramBins))
    return std::isfinite(amax) ? amax : 0;

  switch (options.method) {
  case Method::Max:
    return amax;
  case Method::Percentile: {
    // Outside (0, 100] (or NaN) there is no meaningful percentile: amax.
    double percentile = options.percentile;
    if (!(percentile > 0) || percentile > 100)
      percentile = 100;
    return percentileThreshold(statistics, percentile);
  }
  case Method::MSE:
  case Method::KL:
    break;
  }

  Bins bins(statistics);
  if (bins.total == 0)
    return amax;
  int first = std::min(bins.nonzeroQuantileBin(0.5), bins.amaxBin);
  int best;
  if (options.method == Method::MSE) {
    best = minimizeOverBins(first, bins.amaxBin, [&](int bin) {
      return squaredError(bins, format, bins.threshold(bin));
    });
  } else {
    // KL of a distribution cut down to a few bins is trivially small (both
    // P and Q collapse to the same spikes); keep at least kMinKLBins bins, as
    // TensorRT's entropy calibration does (it starts at 128 of 2048).
    first = std::min(std::max(first, kMinKLBins - 1), bins.amaxBin);
    best = minimizeOverBins(first, bins.amaxBin, [&](int bin) {
      return klDivergence(bins, format, bin);
    });
  }
  double threshold = bins.threshold(best);
  return threshold > 0 ? threshold : amax;
}
