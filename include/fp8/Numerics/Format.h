//===- Format.h - FP8 format descriptors and conversions --------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One descriptor per 8-bit float format and one generic encoder/decoder that
// is parameterized by it. Constant folding, the unit tests and every lowering
// follow the same algorithm (integer bit operations on the f32 encoding), so
// they agree to the last bit. No MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_NUMERICS_FORMAT_H
#define FP8_NUMERICS_FORMAT_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace fp8 {

/// How the top of the exponent range and the sign bit are used.
enum class Encoding : uint8_t {
  /// IEEE 754 style: the all-ones exponent holds inf (mantissa 0) and NaNs.
  IEEE,
  /// "Finite": no inf; the only NaNs are S.1111111 (all exponent and mantissa
  /// bits set). OCP E4M3, Shen et al.'s E3M4.
  FN,
  /// "Finite, unsigned zero": no inf, no -0; the only NaN is 0x80.
  FNUZ,
};

/// Rounding of a wider value onto the FP8 grid.
enum class Rounding : uint8_t {
  NearestEven,
  TowardZero,
  /// Rounds up with probability equal to the distance from the lower grid
  /// point, in units of the grid spacing, using caller-supplied random bits.
  Stochastic,
};

/// Identifies the formats of DESIGN.md section 2.
enum class FormatKind : uint8_t {
  E4M3,        // f8E4M3FN (OCP)
  E5M2,        // f8E5M2 (OCP)
  E3M4,        // f8E3M4 (IEEE-like, as APFloat defines it)
  E3M4FN,      // !fp8.e3m4fn (Shen et al. / Intel Neural Compressor)
  E4M3FNUZ,    // f8E4M3FNUZ (AMD gfx942)
  E5M2FNUZ,    // f8E5M2FNUZ (AMD gfx942)
  E4M3IEEE,    // f8E4M3
  E4M3B11FNUZ, // f8E4M3B11FNUZ
};

inline constexpr int kNumFormats = 8;

/// A sign bit, `exponentBits` exponent bits, `mantissaBits` stored mantissa
/// bits, `1 + exponentBits + mantissaBits == 8`.
struct Format {
  FormatKind kind;
  /// The option name used by passes (`e4m3`, `e3m4fn`, ...).
  std::string_view name;
  unsigned exponentBits;
  unsigned mantissaBits;
  int bias;
  Encoding encoding;

  /// Smallest unbiased exponent of a normal number.
  int minNormalExponent() const { return 1 - bias; }
  /// Magnitude code (the 7 low bits) of the largest finite value.
  uint8_t maxFiniteCode() const;
  /// Magnitude code of +infinity, when the format has one.
  std::optional<uint8_t> infinityCode() const;
  /// The canonical quiet NaN produced by conversions, with the given sign
  /// (ignored for FNUZ, whose only NaN is 0x80).
  uint8_t nanCode(bool negative) const;
  bool hasInfinity() const { return encoding == Encoding::IEEE; }
  bool hasNegativeZero() const { return encoding != Encoding::FNUZ; }

  bool isNaN(uint8_t code) const;
  bool isInf(uint8_t code) const;

  float maxFinite() const;
  float minNormal() const;
  float minSubnormal() const;
};

/// The descriptor of a format (every value of FormatKind).
const Format &getFormat(FormatKind kind);
/// All descriptors, in FormatKind order.
const Format *allFormats();
/// Looks up a format by its option name (`e4m3`, `e5m2`, `e3m4`, `e3m4fn`,
/// `e4m3fnuz`, `e5m2fnuz`, `e4m3ieee`, `e4m3b11fnuz`).
std::optional<FormatKind> parseFormatName(std::string_view name);
/// The option names of every format, comma separated (for diagnostics).
std::string_view formatNameList();

/// Options of an f32 -> FP8 conversion.
struct EncodeOptions {
  Rounding rounding = Rounding::NearestEven;
  /// Finite values beyond the largest finite value, and infinities, clamp to
  /// +-max. Without saturation they follow the OCP non-saturating rules:
  /// NaN for FN/FNUZ, inf for IEEE (round-to-nearest and stochastic), and
  /// IEEE 754 rules for toward_zero (overflow gives +-max).
  bool saturate = true;
};

/// Converts an f32 value to FP8. `randomBits` is only read by stochastic
/// rounding: 32 uniformly distributed bits per conversion. f16 and bf16
/// inputs are converted by widening them to f32 first, which is exact.
uint8_t encode(const Format &format, float value, EncodeOptions options = {},
               uint32_t randomBits = 0);

/// Converts an FP8 code to f32; exact for every format.
float decode(const Format &format, uint8_t code);

/// The 32 random bits that the stochastic rounding of element `index` of a
/// tensor uses for a given seed. Counter-based (a hash of seed and index), so
/// results do not depend on the order elements are visited in; every lowering
/// computes the same function.
uint32_t stochasticRoundingBits(uint64_t seed, uint64_t index);

/// Quantizes one value: encode(value / scale). The division is an IEEE f32
/// division, as in the generated code.
inline uint8_t quantize(const Format &format, float value, float scale,
                        EncodeOptions options = {}, uint32_t randomBits = 0) {
  return encode(format, value / scale, options, randomBits);
}

/// Dequantizes one value: decode(code) * scale, an f32 product.
inline float dequantize(const Format &format, uint8_t code, float scale) {
  return decode(format, code) * scale;
}

//===----------------------------------------------------------------------===//
// 16-bit floats (the element types the calibration runtime observes).
//===----------------------------------------------------------------------===//

/// Widens an IEEE f16 bit pattern to f32, exactly; a NaN keeps its sign and
/// payload (a signaling NaN stays signaling).
float decodeHalf(uint16_t bits);
/// Widens a bf16 bit pattern (the top half of an f32) to f32.
float decodeBF16(uint16_t bits);

//===----------------------------------------------------------------------===//
// E8M0 scales (OCP MX f8E8M0FNU): 2^(code - 127), no zero, no sign, NaN 0xFF.
//===----------------------------------------------------------------------===//

/// Decodes an E8M0 scale to f32 (code 0 is 2^-127, an f32 subnormal).
float decodeE8M0(uint8_t code);
/// The E8M0 code of the smallest power of two >= `value` (clamped to
/// [2^-127, 2^127]); NaN, inf and values <= 0 give 0xFF (NaN) for NaN and
/// inf, and code 127 (1.0) for values <= 0.
uint8_t encodeE8M0Ceil(float value);

//===----------------------------------------------------------------------===//
// Scale computation (DESIGN.md section 3).
//===----------------------------------------------------------------------===//

/// scale = amax / maxFinite * 2^margin (`margin` bits of headroom: amax
/// quantizes to maxFinite / 2^margin), optionally rounded up to a power of
/// two. An amax of 0 gives 1; scales below 2^-126 become 2^-126 (a subnormal
/// scale has too few bits to keep amax / scale <= maxFinite). NaN and inf
/// amax give NaN and inf.
float computeScale(const Format &format, float amax, int margin = 0,
                   bool powerOfTwo = false);

} // namespace fp8

#endif // FP8_NUMERICS_FORMAT_H
