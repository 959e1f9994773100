//===- Format.cpp - FP8 format descriptors and conversions ----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The encoder works on the f32 bit pattern with integer operations only; the
// MLIR lowerings (lib/Conversion/FP8Common/FloatCodec.cpp) emit the
// same steps as arith ops, so keep the two in sync.
//
//===----------------------------------------------------------------------===//

#include "fp8/Numerics/Format.h"

#include "llvm/ADT/bit.h"

#include <cassert>
#include <cmath>

namespace fp8 {

namespace {
constexpr Format kFormats[kNumFormats] = {
    {FormatKind::E4M3, "e4m3", 4, 3, 7, Encoding::FN},
    {FormatKind::E5M2, "e5m2", 5, 2, 15, Encoding::IEEE},
    {FormatKind::E3M4, "e3m4", 3, 4, 3, Encoding::IEEE},
    {FormatKind::E3M4FN, "e3m4fn", 3, 4, 3, Encoding::FN},
    {FormatKind::E4M3FNUZ, "e4m3fnuz", 4, 3, 8, Encoding::FNUZ},
    {FormatKind::E5M2FNUZ, "e5m2fnuz", 5, 2, 16, Encoding::FNUZ},
    {FormatKind::E4M3IEEE, "e4m3ieee", 4, 3, 7, Encoding::IEEE},
    {FormatKind::E4M3B11FNUZ, "e4m3b11fnuz", 4, 3, 11, Encoding::FNUZ},
};

uint32_t bitsOf(float value) { return llvm::bit_cast<uint32_t>(value); }
float floatOf(uint32_t bits) { return llvm::bit_cast<float>(bits); }
} // namespace

const Format &getFormat(FormatKind kind) {
  return kFormats[static_cast<int>(kind)];
}

const Format *allFormats() { return kFormats; }

std::optional<FormatKind> parseFormatName(std::string_view name) {
  for (const Format &format : kFormats)
    if (format.name == name)
      return format.kind;
  return std::nullopt;
}

std::string_view formatNameList() {
  return "e4m3, e5m2, e3m4, e3m4fn, e4m3fnuz, e5m2fnuz, e4m3ieee, e4m3b11fnuz";
}

uint8_t Format::maxFiniteCode() const {
  uint8_t allOnes = 0x7F;
  switch (encoding) {
  case Encoding::IEEE:
    // Largest exponent below all-ones, full mantissa.
    return allOnes - (1u << mantissaBits);
  case Encoding::FN:
    return allOnes - 1;
  case Encoding::FNUZ:
    return allOnes;
  }
  return 0;
}

std::optional<uint8_t> Format::infinityCode() const {
  if (encoding != Encoding::IEEE)
    return std::nullopt;
  return static_cast<uint8_t>(((1u << exponentBits) - 1) << mantissaBits);
}

uint8_t Format::nanCode(bool negative) const {
  uint8_t sign = negative ? 0x80 : 0;
  switch (encoding) {
  case Encoding::IEEE:
    // Quiet NaN: all-ones exponent, top mantissa bit set.
    return sign | *infinityCode() | (1u << (mantissaBits - 1));
  case Encoding::FN:
    return sign | 0x7F;
  case Encoding::FNUZ:
    return 0x80;
  }
  return 0;
}

bool Format::isNaN(uint8_t code) const {
  uint8_t magnitude = code & 0x7F;
  switch (encoding) {
  case Encoding::IEEE:
    return magnitude > *infinityCode();
  case Encoding::FN:
    return magnitude == 0x7F;
  case Encoding::FNUZ:
    return code == 0x80;
  }
  return false;
}

bool Format::isInf(uint8_t code) const {
  return encoding == Encoding::IEEE && (code & 0x7F) == *infinityCode();
}

float Format::maxFinite() const { return decode(*this, maxFiniteCode()); }
float Format::minNormal() const {
  return decode(*this, static_cast<uint8_t>(1u << mantissaBits));
}
float Format::minSubnormal() const { return decode(*this, 1); }

uint8_t encode(const Format &format, float value, EncodeOptions options,
               uint32_t randomBits) {
  const uint32_t bits = bitsOf(value);
  const bool negative = bits >> 31;
  const uint32_t absBits = bits & 0x7FFFFFFFu;
  const uint8_t sign = negative ? 0x80 : 0;
  const uint32_t maxCode = format.maxFiniteCode();

  if (absBits > 0x7F800000u) // NaN stays NaN.
    return format.nanCode(negative);

  uint32_t magnitude;
  if (absBits == 0x7F800000u) {
    // Infinity: the largest magnitude; saturation or overflow below decide.
    magnitude = UINT32_MAX;
  } else {
    // value = significand * 2^(exponent - 23), significand < 2^24.
    int exponent = static_cast<int>(absBits >> 23) - 127;
    uint32_t significand = absBits & 0x7FFFFFu;
    if (exponent == -127)
      exponent = -126; // f32 subnormal: no implicit bit.
    else
      significand |= 0x800000u;

    // Right shift that leaves `mantissaBits` fraction bits, more for values
    // below the normal range (FP8 subnormals).
    const int emin = format.minNormalExponent();
    const int mantissaBits = static_cast<int>(format.mantissaBits);
    int shift = 23 - mantissaBits + (exponent < emin ? emin - exponent : 0);
    // Everything is shifted out either way, but stochastic rounding compares
    // `dropped` with 32 random bits scaled by 2^(shift - 32): a smaller cap
    // would inflate the round-up probability of tiny values. At 63, values
    // beyond it (p < 2^-39) never round up, as with an uncapped shift.
    if (shift > 63)
      shift = 63;

    const uint64_t wide = significand;
    uint64_t kept = wide >> shift;
    const uint64_t dropped = wide & ((uint64_t(1) << shift) - 1);
    const uint64_t half = uint64_t(1) << (shift - 1);
    bool roundUp = false;
    switch (options.rounding) {
    case Rounding::NearestEven:
      roundUp = dropped > half || (dropped == half && (kept & 1));
      break;
    case Rounding::TowardZero:
      break;
    case Rounding::Stochastic: {
      // A uniform integer in [0, 2^shift) with 32 bits of resolution.
      uint64_t random = shift <= 32 ? randomBits >> (32 - shift)
                                    : uint64_t(randomBits) << (shift - 32);
      roundUp = dropped + random >= (uint64_t(1) << shift);
      break;
    }
    }
    kept += roundUp;
    // Normal numbers carry the implicit bit in `kept`, which adds one to the
    // biased exponent field; a carry out of the mantissa does the same.
    const int biasedExponentBase = exponent >= emin ? exponent - emin : 0;
    magnitude = static_cast<uint32_t>(
        (uint64_t(biasedExponentBase) << mantissaBits) + kept);
  }

  if (magnitude > maxCode) {
    // Toward zero never rounds past max (IEEE 754 directed rounding); an
    // infinite input does, and keeps its infinity.
    const bool isInfinite = absBits == 0x7F800000u;
    if (options.saturate ||
        (options.rounding == Rounding::TowardZero && !isInfinite))
      return sign | maxCode;
    if (format.hasInfinity())
      return sign | *format.infinityCode();
    return format.nanCode(negative);
  }
  if (magnitude == 0 && !format.hasNegativeZero())
    return 0;
  return sign | static_cast<uint8_t>(magnitude);
}

float decode(const Format &format, uint8_t code) {
  const bool negative = code & 0x80;
  if (format.isNaN(code))
    return floatOf(negative && format.encoding != Encoding::FNUZ ? 0xFFC00000u
                                                                 : 0x7FC00000u);
  if (format.isInf(code))
    return negative ? -INFINITY : INFINITY;

  const uint32_t magnitude = code & 0x7F;
  const uint32_t mantissaMask = (1u << format.mantissaBits) - 1;
  const uint32_t exponentField = magnitude >> format.mantissaBits;
  const uint32_t mantissa = magnitude & mantissaMask;
  uint32_t bits;
  if (exponentField != 0) {
    // Normal: rebias the exponent and left-align the mantissa.
    bits = (exponentField - format.bias + 127) << 23 |
           mantissa << (23 - format.mantissaBits);
  } else if (mantissa == 0) {
    bits = 0;
  } else {
    // Subnormal: mantissa * 2^(emin - mantissaBits), normalized to f32.
    int leading = 31 - __builtin_clz(mantissa); // position of the top bit
    int exponent = format.minNormalExponent() -
                   static_cast<int>(format.mantissaBits) + leading;
    uint32_t fraction = (mantissa ^ (1u << leading)) << (23 - leading);
    bits = static_cast<uint32_t>(exponent + 127) << 23 | fraction;
  }
  return floatOf(bits | (negative ? 0x80000000u : 0));
}

uint32_t stochasticRoundingBits(uint64_t seed, uint64_t index) {
  // SplitMix64 finalizer over (seed, index): counter-based, so any visiting
  // order and any tiling produce the same bits.
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + index;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<uint32_t>(z >> 32);
}

float decodeHalf(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  const uint32_t exponent = (bits >> 10) & 0x1Fu;
  const uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0x1Fu) // inf, NaN: the payload left-aligned
    return floatOf(sign | 0x7F800000u | mantissa << 13);
  if (exponent != 0) // normal: rebias 15 -> 127
    return floatOf(sign | (exponent + 112) << 23 | mantissa << 13);
  if (mantissa == 0)
    return floatOf(sign);
  // Subnormal: mantissa * 2^-24, normalized to f32.
  const int leading = 31 - __builtin_clz(mantissa);
  return floatOf(sign | static_cast<uint32_t>(leading - 24 + 127) << 23 |
                 (mantissa ^ (1u << leading)) << (23 - leading));
}

float decodeBF16(uint16_t bits) {
  return floatOf(static_cast<uint32_t>(bits) << 16);
}

float decodeE8M0(uint8_t code) {
  if (code == 0xFF)
    return NAN;
  if (code == 0)
    return floatOf(0x00400000u); // 2^-127
  return floatOf(static_cast<uint32_t>(code) << 23);
}

uint8_t encodeE8M0Ceil(float value) {
  if (std::isnan(value) || std::isinf(value))
    return 0xFF;
  if (!(value > 0))
    return 127;
  uint32_t bits = bitsOf(value);
  int exponent = static_cast<int>(bits >> 23) - 127;
  if (exponent == -127) // subnormal: round up to 2^-127 or 2^-126
    return bits <= 0x00400000u ? 0 : 1;
  if (bits & 0x7FFFFFu)
    ++exponent;
  if (exponent > 127)
    exponent = 127;
  return static_cast<uint8_t>(exponent + 127);
}

float computeScale(const Format &format, float amax, int margin,
                   bool powerOfTwo) {
  // `margin` bits of headroom: amax maps to maxFinite / 2^margin.
  float scale = amax / format.maxFinite();
  if (margin != 0)
    scale = scale * std::ldexp(1.0f, margin);
  if (scale == 0.0f)
    return 1.0f;
  // A subnormal scale has too few bits to keep amax / scale <= max.
  const float minNormal = floatOf(0x00800000u); // 2^-126
  if (std::fabs(scale) < minNormal)
    return minNormal;
  if (powerOfTwo && std::isfinite(scale)) {
    // Round up to a power of two, so that no quantized value exceeds max.
    uint32_t bits = bitsOf(scale);
    if (bits & 0x7FFFFFu) {
      bits = (bits & 0x7F800000u) + 0x00800000u;
      if (bits >= 0x7F800000u)
        bits = 0x7F000000u; // 2^127
    }
    scale = floatOf(bits);
  }
  return scale;
}

} // namespace fp8
