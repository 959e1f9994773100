//===- StochasticTest.cpp - Stochastic rounding ---------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Rounding::Stochastic with randomBits = stochasticRoundingBits(seed, i):
// unbiased, only ever the two neighbouring grid points, reproducible per
// seed, exact on the grid, and saturating.
//
//===----------------------------------------------------------------------===//

#include "Inputs.h"
#include "Oracle.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace fp8;
using oracle::Reference;

namespace {

constexpr int kDraws = 1'000'000;

EncodeOptions stochastic(bool saturate = true) {
  EncodeOptions options;
  options.rounding = Rounding::Stochastic;
  options.saturate = saturate;
  return options;
}

/// The grid points around |value|, from the oracle's decoding table.
struct Neighbours {
  double lower, upper;
};

Neighbours neighboursOf(const Reference &reference, double magnitude) {
  const std::vector<double> &grid = reference.grid;
  auto above = std::upper_bound(grid.begin(), grid.end(), magnitude);
  return {*(above - 1), above == grid.end() ? reference.overflowValue : *above};
}

struct UnbiasedCase {
  FormatKind kind;
  float value;
  const char *what;
};

/// Values strictly between two grid points: normal and subnormal ranges,
/// both signs, several formats, probabilities from ~1e-6 to ~1 - 1e-4.
const UnbiasedCase kUnbiasedCases[] = {
    {FormatKind::E4M3, 1.0f + 0.125f / 3, "1/3 of the way from 1 to 1.125"},
    {FormatKind::E4M3, 1.0f + 0.125f * 0x1p-20f, "2^-20 spacing above 1"},
    {FormatKind::E4M3, 1.125f - 0.125f * 0x1p-13f, "just below 1.125"},
    {FormatKind::E4M3, -300.0f, "negative, 288..320"},
    {FormatKind::E4M3, 2.25f * 0x1p-9f, "subnormal, 2..3 x 2^-9"},
    {FormatKind::E4M3, 0.7f * 0x1p-9f, "below the smallest subnormal"},
    {FormatKind::E5M2, -1000.0f, "negative, 896..1024"},
    {FormatKind::E5M2, 1.5f * 0x1p-16f, "subnormal midpoint"},
    {FormatKind::E3M4, 0.1f, "subnormal, 6..7 x 2^-6"},
    {FormatKind::E3M4FN, 29.3f, "29..30, below max"},
    {FormatKind::E3M4FN, -0.1f, "negative subnormal"},
    {FormatKind::E4M3FNUZ, -0.3f, "negative, 0.28125..0.3125"},
    {FormatKind::E5M2FNUZ, 3.0e-5f, "subnormal, 3..4 x 2^-17"},
    {FormatKind::E4M3IEEE, 200.0f, "192..208"},
    {FormatKind::E4M3B11FNUZ, 3.0e-4f, "subnormal, 2..3 x 2^-13"},
};

TEST(StochasticTest, UnbiasedAndOnlyNeighbours) {
  for (const UnbiasedCase &c : kUnbiasedCases) {
    SCOPED_TRACE(std::string(getFormat(c.kind).name) + ": " + c.what);
    const Format &format = getFormat(c.kind);
    const Reference reference(c.kind);
    const double magnitude = std::fabs(static_cast<double>(c.value));
    const auto [lower, upper] = neighboursOf(reference, magnitude);
    ASSERT_LT(lower, magnitude);
    ASSERT_LT(magnitude, upper);
    const double spacing = upper - lower;
    const double p = (magnitude - lower) / spacing;

    int roundedUp = 0, others = 0;
    double sum = 0;
    for (int i = 0; i < kDraws; ++i) {
      const uint8_t code = encode(format, c.value, stochastic(),
                                  stochasticRoundingBits(/*seed=*/1234, i));
      const double result = std::fabs(reference.values[code]);
      sum += reference.values[code];
      roundedUp += result == upper;
      others += result != upper && result != lower;
    }
    EXPECT_EQ(others, 0) << "results other than the two neighbours";
    // Both neighbours occur unless one is too unlikely to show up.
    if (p * kDraws > 20) {
      EXPECT_GT(roundedUp, 0);
    }
    if ((1 - p) * kDraws > 20) {
      EXPECT_LT(roundedUp, kDraws);
    }

    const double mean = sum / kDraws;
    const double sigma = spacing * std::sqrt(p * (1 - p) / kDraws);
    EXPECT_LE(std::fabs(mean - c.value), 5 * sigma)
        << "mean " << mean << ", value " << c.value << ", p " << p
        << ", rounded up " << roundedUp << " of " << kDraws;
  }
}

TEST(StochasticTest, ReproduciblePerSeed) {
  const Format &format = getFormat(FormatKind::E4M3);
  const float value = 1.0f + 0.125f / 3;
  auto draw = [&](uint64_t seed) {
    std::vector<uint8_t> codes;
    for (int i = 0; i < 10'000; ++i)
      codes.push_back(
          encode(format, value, stochastic(), stochasticRoundingBits(seed, i)));
    return codes;
  };
  EXPECT_EQ(draw(7), draw(7));
  EXPECT_NE(draw(7), draw(8));
  EXPECT_NE(draw(0), draw(1));

  // The bits are a function of (seed, index) only, and seeds decorrelate.
  int sameBits = 0;
  for (uint64_t i = 0; i < 10'000; ++i) {
    EXPECT_EQ(stochasticRoundingBits(99, i), stochasticRoundingBits(99, i));
    sameBits += stochasticRoundingBits(99, i) == stochasticRoundingBits(100, i);
  }
  EXPECT_LE(sameBits, 1);
}

TEST(StochasticTest, GridValuesNeverChange) {
  std::vector<uint32_t> randomBits = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  for (uint64_t i = 0; i < 59; ++i)
    randomBits.push_back(stochasticRoundingBits(5, i));
  for (FormatKind kind : oracle::allFormatKinds()) {
    const Format &format = getFormat(kind);
    const Reference reference(kind);
    for (int code = 0; code < 256; ++code) {
      const double value = reference.values[code];
      if (std::isnan(value))
        continue;
      for (uint32_t bits : randomBits) {
        EXPECT_EQ(encode(format, value, stochastic(false), bits), code)
            << format.name << " code " << code << " bits " << bits;
        // Infinity saturates to max; finite values are unaffected.
        const uint8_t saturated =
            std::isinf(value) ? uint8_t((code & 0x80) | reference.maxCode)
                              : uint8_t(code);
        EXPECT_EQ(encode(format, value, stochastic(true), bits), saturated)
            << format.name << " code " << code << " bits " << bits;
      }
    }
  }
}

TEST(StochasticTest, SaturationNeverExceedsMax) {
  for (FormatKind kind : oracle::allFormatKinds()) {
    const Format &format = getFormat(kind);
    const Reference reference(kind);
    const double max = reference.maxFinite();
    // 3/4 of the way from max to the value past it: rounds past max 3/4 of
    // the time.
    const float aboveMax = max + 0.75 * (reference.overflowValue - max);
    for (float value :
         {aboveMax, -aboveMax, 2 * aboveMax, 1e30f, -INFINITY, INFINITY}) {
      int overflows = 0;
      for (int i = 0; i < 10'000; ++i) {
        const uint32_t bits = stochasticRoundingBits(3, i);
        const uint8_t saturated = encode(format, value, stochastic(true), bits);
        EXPECT_EQ(saturated, (value < 0 ? 0x80 : 0) | reference.maxCode)
            << format.name << " " << value;
        const uint8_t plain = encode(format, value, stochastic(false), bits);
        const double decoded = reference.values[plain];
        overflows += !std::isfinite(decoded);
        if (std::isfinite(decoded)) {
          EXPECT_EQ(std::fabs(decoded), max) << format.name << " " << value;
        }
      }
      // Without saturation: overflow (inf or NaN) about 3/4 of the time, and
      // always for values at or past the overflow value.
      if (value == aboveMax || value == -aboveMax) {
        EXPECT_NEAR(overflows, 7500, 300) << format.name << " " << value;
      } else {
        EXPECT_EQ(overflows, 10'000) << format.name << " " << value;
      }
    }
  }
}

/// The exact rule behind unbiasedness: a value a fraction p of the way from
/// the lower to the upper neighbour rounds up iff randomBits >= 2^32 (1 - p),
/// i.e. 2^32 - randomBits <= 2^32 p (exact in double: p is a difference of
/// nearby floats over a power of two). So all-zero bits truncate, and all-one
/// bits round every value with p >= 2^-32 away from zero. Checked at the
/// threshold and at the extremes on every f16 value and on f32 values around
/// every grid point and midpoint, down to the f32 subnormals.
TEST(StochasticTest, RoundsUpExactlyFromThreshold) {
  constexpr double kTwo32 = 4294967296.0;
  for (FormatKind kind : oracle::allFormatKinds()) {
    const Format &format = getFormat(kind);
    const Reference reference(kind);
    std::vector<float> inputs = oracle::f32Inputs(reference, 100'000);
    for (uint32_t bits = 0; bits < 0x10000; ++bits)
      inputs.push_back(oracle::halfToFloat(bits));

    uint64_t checked = 0, mismatches = 0;
    for (float value : inputs) {
      const double magnitude = std::fabs(static_cast<double>(value));
      if (!(magnitude <= reference.maxFinite()))
        continue; // NaN, or past max where saturation decides
      const auto [lower, upper] = neighboursOf(reference, magnitude);
      const double scaledP = std::ldexp((magnitude - lower) / (upper - lower),
                                        32);                // 2^32 p, exact
      const double threshold = kTwo32 - std::ceil(scaledP); // first up
      for (double bits : {0.0, 1.0, 2147483648.0, kTwo32 - 1, threshold - 1,
                          threshold, threshold + 1}) {
        if (bits < 0 || bits >= kTwo32)
          continue;
        const uint8_t code =
            encode(format, value, stochastic(), static_cast<uint32_t>(bits));
        const double expected = kTwo32 - bits <= scaledP ? upper : lower;
        ++checked;
        if (std::fabs(reference.values[code]) != expected && ++mismatches <= 4)
          ADD_FAILURE() << format.name << " value " << value << " bits "
                        << static_cast<uint32_t>(bits) << ": got "
                        << reference.values[code] << ", expected +-"
                        << expected;
      }
    }
    EXPECT_GT(checked, 500'000u) << format.name;
    EXPECT_EQ(mismatches, 0u) << format.name << ", of " << checked;
  }
}

} // namespace
