//===- Oracle.h - reference FP8 conversions for the tests -------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the library is checked against. Builtin formats use llvm::APFloat;
// e3m4fn, which APFloat lacks, uses its definition (bias 3, 4 mantissa bits,
// no inf, NaN only at S.1111111) and a nearest-grid-point search in double.
// Nothing here calls the library's encoder or decoder, so a shared mistake
// cannot hide. Header-only: FP8NumericsTests and fp8-exhaustive-f32 both use
// it.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_UNITTESTS_NUMERICS_ORACLE_H
#define FP8_UNITTESTS_NUMERICS_ORACLE_H

#include "fp8/Numerics/Format.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/bit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fp8::oracle {

inline uint32_t bitsOf(float value) { return llvm::bit_cast<uint32_t>(value); }
inline float floatOf(uint32_t bits) { return llvm::bit_cast<float>(bits); }

/// Widens an f16 bit pattern to f32, exactly (NaNs stay NaN).
inline float halfToFloat(uint16_t bits) {
  llvm::APFloat half(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits));
  bool losesInfo;
  half.convert(llvm::APFloat::IEEEsingle(),
               llvm::RoundingMode::NearestTiesToEven, &losesInfo);
  return half.convertToFloat();
}

/// Every format, in FormatKind order.
inline std::vector<FormatKind> allFormatKinds() {
  std::vector<FormatKind> kinds;
  for (int i = 0; i < kNumFormats; ++i)
    kinds.push_back(static_cast<FormatKind>(i));
  return kinds;
}

/// The formats that APFloat has semantics for (all but e3m4fn).
inline std::vector<FormatKind> builtinFormatKinds() {
  std::vector<FormatKind> kinds;
  for (FormatKind kind : allFormatKinds())
    if (kind != FormatKind::E3M4FN)
      kinds.push_back(kind);
  return kinds;
}

/// The APFloat semantics of a builtin format; nullptr for e3m4fn.
inline const llvm::fltSemantics *apfloatSemantics(FormatKind kind) {
  using llvm::APFloat;
  switch (kind) {
  case FormatKind::E4M3:
    return &APFloat::Float8E4M3FN();
  case FormatKind::E5M2:
    return &APFloat::Float8E5M2();
  case FormatKind::E3M4:
    return &APFloat::Float8E3M4();
  case FormatKind::E3M4FN:
    return nullptr;
  case FormatKind::E4M3FNUZ:
    return &APFloat::Float8E4M3FNUZ();
  case FormatKind::E5M2FNUZ:
    return &APFloat::Float8E5M2FNUZ();
  case FormatKind::E4M3IEEE:
    return &APFloat::Float8E4M3();
  case FormatKind::E4M3B11FNUZ:
    return &APFloat::Float8E4M3B11FNUZ();
  }
  return nullptr;
}

/// e3m4fn by definition: S.EEE.MMMM, bias 3; exponent field 0 is subnormal
/// (M/16 * 2^-2); S.111.1111 is NaN; no infinity.
inline double e3m4fnValue(uint8_t code) {
  const double sign = (code & 0x80) ? -1.0 : 1.0;
  const int exponentField = (code >> 4) & 0x7;
  const int mantissa = code & 0xF;
  if ((code & 0x7F) == 0x7F)
    return std::nan("");
  if (exponentField == 0)
    return sign * std::ldexp(mantissa / 16.0, -2);
  return sign * std::ldexp(1.0 + mantissa / 16.0, exponentField - 3);
}

/// The two codes one conversion should produce.
struct Expected {
  uint8_t plain;     // saturate = false
  uint8_t saturated; // saturate = true
};

/// One format as the oracle sees it: a decoding table and encoders that do
/// not depend on the library.
class Reference {
public:
  explicit Reference(FormatKind kind)
      : kind(kind), semantics(apfloatSemantics(kind)) {
    for (int code = 0; code < 256; ++code)
      values[code] = decodeIndependently(static_cast<uint8_t>(code));
    // Magnitude codes are ordered by value up to the largest finite one.
    maxCode = 0;
    while (maxCode < 0x7F && std::isfinite(values[maxCode + 1]))
      ++maxCode;
    for (int code = 0; code <= maxCode; ++code)
      grid.push_back(values[code]);
    for (size_t i = 1; i < grid.size(); ++i)
      if (!(grid[i] > grid[i - 1]))
        fatal("magnitude codes are not ordered by value");
    // The value after max, were the exponent range unbounded: max plus the
    // spacing of the top binade (max is never the first value of a binade).
    overflowValue = 2 * grid[maxCode] - grid[maxCode - 1];
    if (std::isinf(values[maxCode + 1]))
      infinityCode = static_cast<uint8_t>(maxCode + 1);
    nanCode = 0;
    while (!std::isnan(values[nanCode]))
      ++nanCode;
    hasNegativeZero = values[0x80] == 0.0;
  }

  FormatKind kind;
  /// nullptr for e3m4fn.
  const llvm::fltSemantics *semantics;
  /// The value of every code; NaN codes are NaN.
  double values[256];
  /// Magnitude code of the largest finite value.
  int maxCode;
  /// Values of the magnitude codes 0..maxCode, ascending.
  std::vector<double> grid;
  double overflowValue;
  /// Magnitude code of +inf; 0 when the format has none.
  uint8_t infinityCode = 0;
  /// Some NaN code (any NaN code matches any other).
  uint8_t nanCode;
  bool hasNegativeZero;

  bool hasInfinity() const { return infinityCode != 0; }
  bool isNaN(uint8_t code) const { return std::isnan(values[code]); }
  double maxFinite() const { return grid[maxCode]; }

  /// An actual code is right when it equals the expected one, or when both
  /// are NaNs (the library's canonical NaN need not be APFloat's).
  bool matches(uint8_t expected, uint8_t actual) const {
    return isNaN(expected) ? isNaN(actual) : expected == actual;
  }

  /// Nearest-even (or toward-zero) conversion: APFloat for builtin formats,
  /// the grid search for e3m4fn.
  Expected encode(float value, bool towardZero) const {
    return semantics ? apfloatEncode(value, towardZero)
                     : gridEncode(value, towardZero);
  }

  /// APFloat's conversion; the saturating result replaces an inf or NaN made
  /// from a non-NaN input (overflow, or an infinite input) by +-max.
  Expected apfloatEncode(float value, bool towardZero) const {
    llvm::APFloat result(value);
    bool losesInfo;
    result.convert(*semantics,
                   towardZero ? llvm::RoundingMode::TowardZero
                              : llvm::RoundingMode::NearestTiesToEven,
                   &losesInfo);
    Expected expected;
    expected.plain =
        static_cast<uint8_t>(result.bitcastToAPInt().getZExtValue());
    expected.saturated = expected.plain;
    if (!std::isnan(value) && (result.isInfinity() || result.isNaN()))
      expected.saturated = signOf(value) | maxCode;
    return expected;
  }

  /// Picks the grid point by comparing with the midpoints of the decoded
  /// values, all exact in double (grid values have at most 5 significant
  /// bits). Ties go to the even code; a result past max overflows.
  Expected gridEncode(float value, bool towardZero) const {
    const uint8_t sign = signOf(value);
    if (std::isnan(value))
      return {nanCode, nanCode};
    const Expected overflow = {overflowCode(sign), uint8_t(sign | maxCode)};
    const double magnitude = std::fabs(static_cast<double>(value));
    if (std::isinf(magnitude))
      return overflow;
    // grid[below] <= magnitude < grid[below + 1] (or overflowValue).
    int below =
        static_cast<int>(std::upper_bound(grid.begin(), grid.end(), magnitude) -
                         grid.begin() - 1);
    int code;
    if (towardZero) {
      code = std::min(below, maxCode); // IEEE: never rounds past max
    } else if (magnitude >= overflowValue) {
      return overflow;
    } else {
      const double above = below == maxCode ? overflowValue : grid[below + 1];
      const double midpoint = (grid[below] + above) / 2;
      if (magnitude < midpoint)
        code = below;
      else if (magnitude > midpoint)
        code = below + 1;
      else
        code = below % 2 == 0 ? below : below + 1;
      if (code > maxCode)
        return overflow;
    }
    uint8_t result = sign | static_cast<uint8_t>(code);
    if (code == 0 && !hasNegativeZero)
      result = 0;
    return {result, result};
  }

private:
  static uint8_t signOf(float value) { return std::signbit(value) ? 0x80 : 0; }

  uint8_t overflowCode(uint8_t sign) const {
    return hasInfinity() ? uint8_t(sign | infinityCode) : nanCode;
  }

  double decodeIndependently(uint8_t code) const {
    if (!semantics)
      return e3m4fnValue(code);
    llvm::APFloat value(*semantics, llvm::APInt(8, code));
    bool losesInfo;
    value.convert(llvm::APFloat::IEEEdouble(),
                  llvm::RoundingMode::NearestTiesToEven, &losesInfo);
    return value.convertToDouble();
  }

  [[noreturn]] static void fatal(const char *message) {
    std::fprintf(stderr, "oracle: %s\n", message);
    std::abort();
  }
};

/// Mismatch counts of a batch of encode() checks, per rounding mode
/// (nearest-even, toward-zero) and saturation (off, on).
struct EncodeCheck {
  static constexpr int kMaxExamples = 8;

  uint64_t inputs = 0;
  uint64_t mismatches[2][2] = {};
  std::vector<std::string> examples;

  /// Checks one input in nearest-even and toward-zero, both saturation
  /// modes; the reference is computed once per rounding mode.
  void check(const Format &format, const Reference &reference, float value) {
    ++inputs;
    for (int towardZero = 0; towardZero < 2; ++towardZero) {
      const Expected expected = reference.encode(value, towardZero);
      for (int saturate = 0; saturate < 2; ++saturate) {
        EncodeOptions options;
        options.rounding =
            towardZero ? Rounding::TowardZero : Rounding::NearestEven;
        options.saturate = saturate;
        const uint8_t actual = fp8::encode(format, value, options);
        const uint8_t want = saturate ? expected.saturated : expected.plain;
        if (!reference.matches(want, actual))
          record(format, value, towardZero, saturate, want, actual);
      }
    }
  }

  void merge(const EncodeCheck &other) {
    inputs += other.inputs;
    for (int r = 0; r < 2; ++r)
      for (int s = 0; s < 2; ++s)
        mismatches[r][s] += other.mismatches[r][s];
    for (const std::string &example : other.examples)
      if (examples.size() < kMaxExamples)
        examples.push_back(example);
  }

  uint64_t totalMismatches() const {
    return mismatches[0][0] + mismatches[0][1] + mismatches[1][0] +
           mismatches[1][1];
  }

  /// "nearest-even: 0 / 0, toward-zero: 0 / 0 (saturate off / on)" and the
  /// first mismatches.
  std::string summary(std::string_view formatName) const {
    char line[256];
    std::snprintf(line, sizeof(line),
                  "%.*s: %llu inputs; mismatches (saturate off / on): "
                  "nearest-even %llu / %llu, toward-zero %llu / %llu",
                  static_cast<int>(formatName.size()), formatName.data(),
                  static_cast<unsigned long long>(inputs),
                  static_cast<unsigned long long>(mismatches[0][0]),
                  static_cast<unsigned long long>(mismatches[0][1]),
                  static_cast<unsigned long long>(mismatches[1][0]),
                  static_cast<unsigned long long>(mismatches[1][1]));
    std::string text = line;
    for (const std::string &example : examples)
      text += "\n  " + example;
    return text;
  }

private:
  void record(const Format &format, float value, int towardZero, int saturate,
              uint8_t want, uint8_t actual) {
    ++mismatches[towardZero][saturate];
    if (examples.size() >= kMaxExamples)
      return;
    char line[200];
    std::snprintf(line, sizeof(line),
                  "%.*s encode(0x%08x = %.9g, %s, saturate=%d): expected "
                  "0x%02x, got 0x%02x",
                  static_cast<int>(format.name.size()), format.name.data(),
                  bitsOf(value), static_cast<double>(value),
                  towardZero ? "toward-zero" : "nearest-even", saturate, want,
                  actual);
    examples.push_back(line);
  }
};

} // namespace fp8::oracle

#endif // FP8_UNITTESTS_NUMERICS_ORACLE_H
