//===- ScaleTest.cpp - Scales, E8M0 and quantize/dequantize ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>
#include <random>
#include <vector>

using namespace fp8;
using oracle::bitsOf;
using oracle::floatOf;

namespace {

bool isPowerOfTwo(float value) {
  int exponent;
  return std::isfinite(value) && value > 0 &&
         std::frexp(value, &exponent) == 0.5f;
}

/// Positive finite f32 values of every exponent, plus a seeded random set.
std::vector<float> positiveSamples() {
  std::vector<float> samples;
  for (uint32_t exponent = 0; exponent < 255; ++exponent)
    for (uint32_t mantissa : {0x0u, 0x1u, 0x400000u, 0x7FFFFFu})
      if (exponent != 0 || mantissa != 0)
        samples.push_back(floatOf(exponent << 23 | mantissa));
  std::mt19937 random(2024);
  while (samples.size() < 100'000) {
    const float value = floatOf(random() & 0x7FFFFFFFu);
    if (std::isfinite(value) && value > 0)
      samples.push_back(value);
  }
  return samples;
}

TEST(ComputeScaleTest, ZeroAmaxGivesOne) {
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    EXPECT_EQ(computeScale(format, 0.0f), 1.0f) << format.name;
    EXPECT_EQ(computeScale(format, 0.0f, 3), 1.0f) << format.name;
    EXPECT_EQ(computeScale(format, 0.0f, 0, true), 1.0f) << format.name;
    // An amax whose scale underflows to 0 also gives 1.
    EXPECT_EQ(computeScale(format, floatOf(1), 0), 1.0f) << format.name;
  }
}

TEST(ComputeScaleTest, AmaxAtMaxGivesOne) {
  EXPECT_EQ(computeScale(getFormat(FormatKind::E4M3), 448.0f), 1.0f);
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    EXPECT_EQ(computeScale(format, format.maxFinite()), 1.0f) << format.name;
    EXPECT_EQ(computeScale(format, format.maxFinite(), 0, true), 1.0f)
        << format.name;
  }
}

TEST(ComputeScaleTest, IsAmaxOverMaxTimesTwoToTheMargin) {
  const Format &e4m3 = getFormat(FormatKind::E4M3);
  EXPECT_EQ(computeScale(e4m3, 448.0f, 2), 4.0f);
  EXPECT_EQ(computeScale(e4m3, 896.0f, -1), 1.0f);
  EXPECT_EQ(computeScale(e4m3, 448.0f, -1), 0.5f);
  EXPECT_EQ(computeScale(e4m3, 1000.0f), 1000.0f / 448.0f);
  EXPECT_EQ(computeScale(e4m3, 1000.0f, 3), 1000.0f / 448.0f * 8);
  const Format &e5m2 = getFormat(FormatKind::E5M2);
  EXPECT_EQ(computeScale(e5m2, 1.0f), 1.0f / 57344.0f);
}

TEST(ComputeScaleTest, PowerOfTwoRoundsUp) {
  const Format &e4m3 = getFormat(FormatKind::E4M3);
  EXPECT_EQ(computeScale(e4m3, 1000.0f, 0, true), 4.0f);    // 2.23 -> 4
  EXPECT_EQ(computeScale(e4m3, 448.0f * 8, 0, true), 8.0f); // exact
  EXPECT_EQ(computeScale(e4m3, 448.0f * 8 + 1, 0, true), 16.0f);
  EXPECT_EQ(computeScale(e4m3, 1.0f, 0, true), 1.0f / 256); // 1/448
  EXPECT_EQ(computeScale(e4m3, 1000.0f, -2, true), 1.0f);   // 0.558 -> 1
  const std::vector<float> samples = positiveSamples();
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    for (float amax : samples) {
      const float plain = computeScale(format, amax);
      const float rounded = computeScale(format, amax, 0, true);
      ASSERT_TRUE(isPowerOfTwo(rounded)) << format.name << " " << amax;
      // The smallest normal power of two that is >= the plain scale.
      ASSERT_GE(rounded, plain) << format.name << " " << amax;
      if (rounded > FLT_MIN) {
        ASSERT_LT(rounded / 2, plain) << format.name << " " << amax;
      }
    }
  }
}

/// scale = amax / max * 2^margin puts amax at max / 2^margin: a positive
/// margin leaves headroom. With a power-of-two scale amax / scale is exact and
/// at most that (except where the scale is clamped to 2^127), so the largest
/// element never overflows.
TEST(ComputeScaleTest, QuantizedAmaxNeverExceedsMax) {
  EncodeOptions noSaturation;
  noSaturation.saturate = false;
  const std::vector<float> samples = positiveSamples();
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    const float max = format.maxFinite();
    for (int margin : {0, 1, 3}) {
      const float withMargin = std::ldexp(max, -margin);
      for (float amax : samples) {
        const float scale = computeScale(format, amax, margin, true);
        const float limit = scale < 0x1p127f ? withMargin : max;
        ASSERT_LE(amax / scale, limit)
            << format.name << " amax " << amax << " margin " << margin;
        const uint8_t code = quantize(format, amax, scale, noSaturation);
        ASSERT_LE(decode(format, code), limit)
            << format.name << " amax " << amax << " margin " << margin;
        // The plain scale keeps amax at max up to rounding; tiny amax get
        // the smallest normal scale, never a subnormal one.
        const float plainScale = computeScale(format, amax, margin);
        ASSERT_GE(plainScale, FLT_MIN) << format.name << " amax " << amax;
        const uint8_t plainCode =
            quantize(format, amax, plainScale, noSaturation);
        ASSERT_LE(decode(format, plainCode), withMargin)
            << format.name << " amax " << amax << " margin " << margin;
      }
    }
  }
}

/// The E8M0 code of the smallest power of two >= value, in [2^-127, 2^127],
/// by a search over the exponents.
uint8_t referenceE8M0Ceil(float value) {
  int exponent = -127;
  while (exponent < 127 && std::ldexp(1.0, exponent) < value)
    ++exponent;
  return static_cast<uint8_t>(exponent + 127);
}

TEST(ComputeScaleTest, TinyAmaxGivesSmallestNormalScale) {
  const Format &e4m3 = getFormat(FormatKind::E4M3);
  EXPECT_EQ(computeScale(e4m3, 9.3e-43f), FLT_MIN);
  EXPECT_EQ(computeScale(e4m3, FLT_MIN), FLT_MIN);
  EXPECT_EQ(computeScale(e4m3, 448.0f * FLT_MIN), FLT_MIN);
  EXPECT_GT(computeScale(e4m3, 449.0f * FLT_MIN), FLT_MIN);
  EncodeOptions noSaturation;
  noSaturation.saturate = false;
  for (float amax : {9.3e-43f, 1e-40f, 3e-39f, 1e-38f}) {
    const float scale = computeScale(e4m3, amax);
    EXPECT_LE(decode(e4m3, quantize(e4m3, amax, scale, noSaturation)), 448.0f)
        << amax;
  }
}

TEST(E8M0Test, EncodeCeil) {
  int mismatches = 0;
  std::vector<float> samples = positiveSamples();
  for (int shift = 0; shift < 23; ++shift) // f32 subnormal powers of two
    for (uint32_t bits : {1u << shift, (1u << shift) + 1, (1u << shift) - 1})
      if (bits != 0)
        samples.push_back(floatOf(bits));
  samples.push_back(FLT_MAX);
  for (float value : samples)
    if (encodeE8M0Ceil(value) != referenceE8M0Ceil(value) && ++mismatches < 5)
      ADD_FAILURE() << "encodeE8M0Ceil(" << value << " = 0x" << std::hex
                    << bitsOf(value) << ") = " << std::dec
                    << int(encodeE8M0Ceil(value)) << ", expected "
                    << int(referenceE8M0Ceil(value));
  EXPECT_EQ(mismatches, 0) << "of " << samples.size() << " values";

  EXPECT_EQ(encodeE8M0Ceil(1.0f), 127);
  EXPECT_EQ(encodeE8M0Ceil(1.5f), 128);
  EXPECT_EQ(encodeE8M0Ceil(0.75f), 127);
  EXPECT_EQ(encodeE8M0Ceil(0x1p-127f), 0);
  EXPECT_EQ(encodeE8M0Ceil(floatOf(1)), 0);
  EXPECT_EQ(encodeE8M0Ceil(0x1p127f), 254);
  EXPECT_EQ(encodeE8M0Ceil(FLT_MAX), 254); // clamped
  for (float special : {NAN, -NAN, INFINITY, -INFINITY})
    EXPECT_EQ(encodeE8M0Ceil(special), 0xFF) << special;
  for (float nonPositive : {0.0f, -0.0f, -1.0f, -FLT_MAX, -floatOf(1)})
    EXPECT_EQ(encodeE8M0Ceil(nonPositive), 127) << nonPositive;
  // Every scale encodes to itself.
  for (int code = 0; code < 255; ++code)
    EXPECT_EQ(encodeE8M0Ceil(decodeE8M0(code)), code);
}

TEST(QuantizeTest, IsEncodeOfQuotient) {
  std::mt19937 random(11);
  std::uniform_real_distribution<float> values(-1000.0f, 1000.0f);
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    for (int n = 0; n < 10'000; ++n) {
      const float value = values(random);
      const float scale = std::ldexp(values(random), -8);
      for (Rounding rounding : {Rounding::NearestEven, Rounding::TowardZero,
                                Rounding::Stochastic}) {
        EncodeOptions options;
        options.rounding = rounding;
        options.saturate = n % 2;
        const uint32_t bits = stochasticRoundingBits(17, n);
        ASSERT_EQ(quantize(format, value, scale, options, bits),
                  encode(format, value / scale, options, bits));
      }
    }
  }
}

TEST(QuantizeTest, DequantizeIsDecodeTimesScale) {
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    for (int code = 0; code < 256; ++code)
      for (float scale : {0x1p-20f, 0.5f, 1.0f, 3.0f, 1000.0f, 0x1p40f}) {
        const float expected = decode(format, code) * scale;
        const float actual = dequantize(format, code, scale);
        if (std::isnan(expected)) {
          EXPECT_TRUE(std::isnan(actual));
        } else {
          EXPECT_EQ(bitsOf(actual), bitsOf(expected))
              << format.name << " code " << code << " scale " << scale;
        }
      }
  }
}

TEST(QuantizeTest, RoundTripsWithPowerOfTwoScales) {
  EncodeOptions noSaturation;
  noSaturation.saturate = false; // infinities stay infinite
  for (int i = 0; i < kNumFormats; ++i) {
    const Format &format = allFormats()[i];
    for (int code = 0; code < 256; ++code) {
      if (format.isNaN(code))
        continue;
      for (float scale : {0x1p-20f, 0.5f, 1.0f, 8.0f, 0x1p40f})
        EXPECT_EQ(quantize(format, dequantize(format, code, scale), scale,
                           noSaturation),
                  code)
            << format.name << " code " << code << " scale " << scale;
    }
  }
}

} // namespace
