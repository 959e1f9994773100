//===- DecodeTest.cpp - FP8 decoding and format descriptors ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include "gtest/gtest.h"

#include <cmath>
#include <string>

using namespace fp8;
using oracle::bitsOf;
using oracle::Reference;

namespace {

class DecodeTest : public ::testing::TestWithParam<FormatKind> {
protected:
  const Format &format() const { return getFormat(GetParam()); }
};

/// The f32 that a code should decode to: APFloat's conversion for builtin
/// formats, the e3m4fn definition otherwise.
float expectedDecode(FormatKind kind, uint8_t code) {
  const llvm::fltSemantics *semantics = oracle::apfloatSemantics(kind);
  if (!semantics)
    return static_cast<float>(oracle::e3m4fnValue(code)); // exact
  llvm::APFloat value(*semantics, llvm::APInt(8, code));
  bool losesInfo;
  value.convert(llvm::APFloat::IEEEsingle(),
                llvm::RoundingMode::NearestTiesToEven, &losesInfo);
  return value.convertToFloat();
}

TEST_P(DecodeTest, AllCodesMatchOracle) {
  int checked = 0, mismatches = 0;
  std::string firstMismatches;
  for (int code = 0; code < 256; ++code) {
    const float expected = expectedDecode(GetParam(), code);
    const float actual = decode(format(), code);
    ++checked;
    const bool same = std::isnan(expected) ? std::isnan(actual)
                                           : bitsOf(expected) == bitsOf(actual);
    if (same)
      continue;
    if (++mismatches <= 8)
      firstMismatches += "\n  code " + std::to_string(code) + ": expected " +
                         std::to_string(expected) + ", got " +
                         std::to_string(actual);
  }
  EXPECT_EQ(checked, 256);
  EXPECT_EQ(mismatches, 0) << format().name << ": " << mismatches
                           << " of 256 codes differ" << firstMismatches;
}

TEST_P(DecodeTest, CodeClassesMatchOracle) {
  const Reference reference(GetParam());
  for (int code = 0; code < 256; ++code) {
    const double value = reference.values[code];
    EXPECT_EQ(format().isNaN(code), std::isnan(value))
        << format().name << " code " << code;
    EXPECT_EQ(format().isInf(code), std::isinf(value))
        << format().name << " code " << code;
  }
  EXPECT_EQ(format().hasInfinity(), reference.hasInfinity());
  EXPECT_EQ(format().hasNegativeZero(), reference.hasNegativeZero);
  EXPECT_EQ(format().maxFiniteCode(), reference.maxCode);
  if (reference.hasInfinity()) {
    EXPECT_EQ(format().infinityCode(), reference.infinityCode);
  } else {
    EXPECT_FALSE(format().infinityCode().has_value());
  }
  EXPECT_TRUE(reference.isNaN(format().nanCode(false)));
  EXPECT_TRUE(reference.isNaN(format().nanCode(true)));
}

/// Formats with APFloat semantics only.
class BuiltinDecodeTest : public DecodeTest {};

TEST_P(BuiltinDecodeTest, DescriptorMatchesAPFloat) {
  const llvm::fltSemantics *semantics = oracle::apfloatSemantics(GetParam());
  ASSERT_NE(semantics, nullptr);
  EXPECT_EQ(1 + format().exponentBits + format().mantissaBits, 8u);
  EXPECT_EQ(format().mantissaBits,
            llvm::APFloat::semanticsPrecision(*semantics) - 1);
  EXPECT_EQ(format().minNormalExponent(),
            llvm::APFloat::semanticsMinExponent(*semantics));
  EXPECT_EQ(format().maxFinite(),
            llvm::APFloat::getLargest(*semantics).convertToFloat());
  EXPECT_EQ(format().minNormal(),
            llvm::APFloat::getSmallestNormalized(*semantics).convertToFloat());
  EXPECT_EQ(format().minSubnormal(),
            llvm::APFloat::getSmallest(*semantics).convertToFloat());
}

INSTANTIATE_TEST_SUITE_P(AllFormats, DecodeTest,
                         ::testing::ValuesIn(oracle::allFormatKinds()),
                         [](const ::testing::TestParamInfo<FormatKind> &info) {
                           return std::string(getFormat(info.param).name);
                         });
INSTANTIATE_TEST_SUITE_P(BuiltinFormats, BuiltinDecodeTest,
                         ::testing::ValuesIn(oracle::builtinFormatKinds()),
                         [](const ::testing::TestParamInfo<FormatKind> &info) {
                           return std::string(getFormat(info.param).name);
                         });

TEST(FormatLimitsTest, DesignTable) {
  struct Limits {
    FormatKind kind;
    float maxFinite;
    int minNormalExponent;    // minNormal = 2^this
    int minSubnormalExponent; // minSubnormal = 2^this
  };
  // DESIGN.md section 2, and 2^(1 - bias), 2^(1 - bias - mantissaBits).
  const Limits table[] = {
      {FormatKind::E4M3, 448, -6, -9},
      {FormatKind::E5M2, 57344, -14, -16},
      {FormatKind::E3M4, 15.5f, -2, -6},
      {FormatKind::E3M4FN, 30, -2, -6},
      {FormatKind::E4M3FNUZ, 240, -7, -10},
      {FormatKind::E5M2FNUZ, 57344, -15, -17},
      {FormatKind::E4M3IEEE, 240, -6, -9},
      {FormatKind::E4M3B11FNUZ, 30, -10, -13},
  };
  for (const Limits &limits : table) {
    const Format &format = getFormat(limits.kind);
    EXPECT_EQ(format.kind, limits.kind);
    EXPECT_EQ(format.maxFinite(), limits.maxFinite) << format.name;
    EXPECT_EQ(format.minNormal(), std::ldexp(1.0f, limits.minNormalExponent))
        << format.name;
    EXPECT_EQ(format.minSubnormal(),
              std::ldexp(1.0f, limits.minSubnormalExponent))
        << format.name;
  }
}

TEST(FormatLimitsTest, InfinityAndNaNCodes) {
  EXPECT_TRUE(getFormat(FormatKind::E5M2).hasInfinity());
  EXPECT_TRUE(getFormat(FormatKind::E3M4).hasInfinity());
  EXPECT_TRUE(getFormat(FormatKind::E4M3IEEE).hasInfinity());
  EXPECT_FALSE(getFormat(FormatKind::E4M3).hasInfinity());
  EXPECT_FALSE(getFormat(FormatKind::E3M4FN).hasInfinity());
  EXPECT_FALSE(getFormat(FormatKind::E4M3FNUZ).hasInfinity());
  EXPECT_FALSE(getFormat(FormatKind::E5M2FNUZ).hasInfinity());
  EXPECT_FALSE(getFormat(FormatKind::E4M3B11FNUZ).hasInfinity());

  const Format &e5m2 = getFormat(FormatKind::E5M2);
  EXPECT_TRUE(e5m2.isInf(0x7C));
  EXPECT_TRUE(e5m2.isInf(0xFC));
  EXPECT_FALSE(e5m2.isNaN(0x7C));
  EXPECT_TRUE(e5m2.isNaN(0x7D));
  EXPECT_TRUE(e5m2.isNaN(0xFF));

  const Format &e4m3 = getFormat(FormatKind::E4M3);
  EXPECT_TRUE(e4m3.isNaN(0x7F));
  EXPECT_TRUE(e4m3.isNaN(0xFF));
  EXPECT_FALSE(e4m3.isNaN(0x7E));
  EXPECT_FALSE(e4m3.isInf(0x78));

  // FNUZ: 0x80 is the only NaN, not -0.
  const Format &fnuz = getFormat(FormatKind::E4M3FNUZ);
  EXPECT_TRUE(fnuz.isNaN(0x80));
  EXPECT_FALSE(fnuz.isNaN(0x7F));
  EXPECT_FALSE(fnuz.isNaN(0xFF));
  EXPECT_EQ(fnuz.nanCode(false), 0x80);
  EXPECT_EQ(fnuz.nanCode(true), 0x80);
}

TEST(E3M4FNTest, HandWrittenValues) {
  // Checks the oracle's formula itself, and the library, on values worked
  // out by hand from bias 3, 4 mantissa bits.
  struct Case {
    uint8_t code;
    double value;
  };
  const Case cases[] = {
      {0x00, 0.0},       {0x01, 0.015625}, // 2^-6, smallest subnormal
      {0x0F, 0.234375},  {0x10, 0.25},     // largest subnormal, min normal
      {0x30, 1.0},       {0x38, 1.5},      {0x3F, 1.9375},
      {0x6F, 15.5},      {0x70, 16.0},     {0x7E, 30.0}, // max finite
      {0x81, -0.015625}, {0xB0, -1.0},     {0xFE, -30.0},
  };
  const Format &format = getFormat(FormatKind::E3M4FN);
  for (const Case &c : cases) {
    EXPECT_EQ(oracle::e3m4fnValue(c.code), c.value) << int(c.code);
    EXPECT_EQ(decode(format, c.code), static_cast<float>(c.value))
        << int(c.code);
  }
  EXPECT_EQ(bitsOf(decode(format, 0x80)), 0x80000000u); // -0
  EXPECT_TRUE(std::isnan(decode(format, 0x7F)));
  EXPECT_TRUE(std::isnan(decode(format, 0xFF)));
  int nanCodes = 0;
  for (int code = 0; code < 256; ++code)
    nanCodes += format.isNaN(code);
  EXPECT_EQ(nanCodes, 2);
}

TEST(ParseFormatNameTest, EveryNameAndBadNames) {
  const std::pair<const char *, FormatKind> names[] = {
      {"e4m3", FormatKind::E4M3},
      {"e5m2", FormatKind::E5M2},
      {"e3m4", FormatKind::E3M4},
      {"e3m4fn", FormatKind::E3M4FN},
      {"e4m3fnuz", FormatKind::E4M3FNUZ},
      {"e5m2fnuz", FormatKind::E5M2FNUZ},
      {"e4m3ieee", FormatKind::E4M3IEEE},
      {"e4m3b11fnuz", FormatKind::E4M3B11FNUZ},
  };
  for (const auto &[name, kind] : names) {
    EXPECT_EQ(parseFormatName(name), kind) << name;
    EXPECT_EQ(getFormat(kind).name, name);
    EXPECT_NE(formatNameList().find(name), std::string_view::npos) << name;
  }
  for (const char *bad :
       {"", "E4M3", "e4m3fn", "f8E4M3FN", "e4m3 ", "e8m0", "e4m3b11", "fp8"})
    EXPECT_FALSE(parseFormatName(bad).has_value()) << '"' << bad << '"';
  // allFormats() is in FormatKind order.
  for (int i = 0; i < kNumFormats; ++i)
    EXPECT_EQ(static_cast<int>(allFormats()[i].kind), i);
}

TEST(E8M0Test, DecodeAllCodes) {
  for (int code = 0; code < 255; ++code) {
    const float expected = std::ldexp(1.0f, code - 127); // 2^-127 is exact
    EXPECT_EQ(bitsOf(decodeE8M0(code)), bitsOf(expected)) << code;
  }
  EXPECT_TRUE(std::isnan(decodeE8M0(0xFF)));
}

/// The runtime's f16 widening, for every bit pattern: APFloat's value, and
/// for NaNs the same sign and payload (APFloat quiets signaling NaNs).
TEST(DecodeHalfTest, AllBitPatternsMatchAPFloat) {
  for (uint32_t bits = 0; bits <= 0xFFFFu; ++bits) {
    const float widened = decodeHalf(static_cast<uint16_t>(bits));
    const float expected = oracle::halfToFloat(static_cast<uint16_t>(bits));
    if (std::isnan(expected)) {
      ASSERT_TRUE(std::isnan(widened)) << "0x" << std::hex << bits;
      EXPECT_EQ(bitsOf(widened),
                (bits & 0x8000u) << 16 | 0x7F800000u | (bits & 0x3FFu) << 13)
          << "0x" << std::hex << bits;
      continue;
    }
    EXPECT_EQ(bitsOf(widened), bitsOf(expected)) << "0x" << std::hex << bits;
  }
}

TEST(DecodeBF16Test, TopHalfOfF32) {
  EXPECT_EQ(decodeBF16(0x3F80), 1.0f);
  EXPECT_EQ(bitsOf(decodeBF16(0x8001)), 0x80010000u);
  EXPECT_TRUE(std::isnan(decodeBF16(0x7FC1)));
}

} // namespace
