//===- EncodeTest.cpp - FP8 encoding against APFloat ----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// encode() in nearest-even and toward-zero, with and without saturation, on
// every f16 and bf16 value and on 10^7 f32 values per format. The exhaustive
// f32 check is the separate fp8-exhaustive-f32 tool.
//
//===----------------------------------------------------------------------===//

#include "Inputs.h"
#include "Oracle.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <thread>

using namespace fp8;
using oracle::bitsOf;
using oracle::EncodeCheck;
using oracle::floatOf;
using oracle::Reference;

namespace {

constexpr size_t kF32InputsPerFormat = 10'000'000;
/// CI machines have two cores.
constexpr int kThreads = 2;

/// Checks every input on kThreads threads.
EncodeCheck checkInputs(const Format &format, const Reference &reference,
                        const std::vector<float> &inputs) {
  EncodeCheck results[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const size_t begin = inputs.size() * t / kThreads;
      const size_t end = inputs.size() * (t + 1) / kThreads;
      for (size_t i = begin; i < end; ++i)
        results[t].check(format, reference, inputs[i]);
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 1; t < kThreads; ++t)
    results[0].merge(results[t]);
  return results[0];
}

/// Fails with the per-mode mismatch counts; prints the input count.
void expectNoMismatch(const EncodeCheck &check, const Format &format,
                      const char *inputKind) {
  std::printf("[ checked  ] %s: %llu %s inputs x 2 roundings x 2 saturation "
              "modes\n",
              std::string(format.name).c_str(),
              static_cast<unsigned long long>(check.inputs), inputKind);
  EXPECT_EQ(check.totalMismatches(), 0u) << check.summary(format.name);
}

class EncodeTest : public ::testing::TestWithParam<FormatKind> {
protected:
  const Format &format() const { return getFormat(GetParam()); }
  Reference reference{GetParam()};
};

TEST_P(EncodeTest, AllF16Inputs) {
  std::vector<float> inputs;
  for (uint32_t bits = 0; bits < 0x10000; ++bits)
    inputs.push_back(oracle::halfToFloat(bits));
  const EncodeCheck check = checkInputs(format(), reference, inputs);
  ASSERT_EQ(check.inputs, 65536u);
  expectNoMismatch(check, format(), "f16");
}

TEST_P(EncodeTest, AllBF16Inputs) {
  std::vector<float> inputs;
  for (uint32_t bits = 0; bits < 0x10000; ++bits)
    inputs.push_back(floatOf(bits << 16)); // bf16 is the top half of f32
  const EncodeCheck check = checkInputs(format(), reference, inputs);
  ASSERT_EQ(check.inputs, 65536u);
  expectNoMismatch(check, format(), "bf16");
}

TEST_P(EncodeTest, TenMillionF32Inputs) {
  const std::vector<float> inputs =
      oracle::f32Inputs(reference, kF32InputsPerFormat);
  const EncodeCheck check = checkInputs(format(), reference, inputs);
  ASSERT_GE(check.inputs, kF32InputsPerFormat);
  expectNoMismatch(check, format(), "f32");
}

/// The grid search is the only oracle for e3m4fn; it must agree with APFloat
/// wherever APFloat has the semantics.
class BuiltinEncodeTest : public EncodeTest {};

TEST_P(BuiltinEncodeTest, GridSearchAgreesWithAPFloat) {
  ASSERT_NE(reference.semantics, nullptr);
  const std::vector<float> inputs = oracle::f32Inputs(reference, 200'000);
  uint64_t mismatches = 0;
  for (float value : inputs)
    for (bool towardZero : {false, true}) {
      const oracle::Expected fromAPFloat =
          reference.apfloatEncode(value, towardZero);
      const oracle::Expected fromGrid = reference.gridEncode(value, towardZero);
      const bool same =
          reference.matches(fromAPFloat.plain, fromGrid.plain) &&
          reference.matches(fromAPFloat.saturated, fromGrid.saturated);
      if (!same && ++mismatches <= 4)
        ADD_FAILURE() << format().name << " 0x" << std::hex << bitsOf(value)
                      << " towardZero=" << towardZero << ": APFloat "
                      << int(fromAPFloat.plain) << "/"
                      << int(fromAPFloat.saturated) << ", grid "
                      << int(fromGrid.plain) << "/" << int(fromGrid.saturated);
    }
  EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, EncodeTest,
                         ::testing::ValuesIn(oracle::allFormatKinds()),
                         [](const ::testing::TestParamInfo<FormatKind> &info) {
                           return std::string(getFormat(info.param).name);
                         });
INSTANTIATE_TEST_SUITE_P(BuiltinFormats, BuiltinEncodeTest,
                         ::testing::ValuesIn(oracle::builtinFormatKinds()),
                         [](const ::testing::TestParamInfo<FormatKind> &info) {
                           return std::string(getFormat(info.param).name);
                         });

uint8_t encodeWith(FormatKind kind, float value, Rounding rounding,
                   bool saturate) {
  EncodeOptions options;
  options.rounding = rounding;
  options.saturate = saturate;
  return encode(getFormat(kind), value, options);
}

/// A few results worked out by hand, readable as documentation.
TEST(EncodeKnownValuesTest, OverflowAndSpecialValues) {
  constexpr Rounding kNearest = Rounding::NearestEven;
  constexpr Rounding kTowardZero = Rounding::TowardZero;
  const Format &e4m3 = getFormat(FormatKind::E4M3);
  // 464 is the midpoint of 448 (0x7E, even) and the would-be 480.
  EXPECT_EQ(encodeWith(FormatKind::E4M3, 464, kNearest, false), 0x7E);
  EXPECT_TRUE(
      e4m3.isNaN(encodeWith(FormatKind::E4M3, 464.5f, kNearest, false)));
  EXPECT_EQ(encodeWith(FormatKind::E4M3, 464.5f, kNearest, true), 0x7E);
  EXPECT_EQ(encodeWith(FormatKind::E4M3, -1e6f, kNearest, true), 0xFE);
  EXPECT_EQ(encodeWith(FormatKind::E4M3, 1e6f, kTowardZero, false), 0x7E);
  EXPECT_TRUE(
      e4m3.isNaN(encodeWith(FormatKind::E4M3, INFINITY, kTowardZero, false)));
  EXPECT_EQ(encodeWith(FormatKind::E4M3, -INFINITY, kNearest, true), 0xFE);
  EXPECT_EQ(encodeWith(FormatKind::E4M3, -0.0f, kNearest, true), 0x80);

  // e5m2: overflow and infinity stay infinite without saturation.
  EXPECT_EQ(encodeWith(FormatKind::E5M2, 61440, kNearest, false), 0x7C);
  EXPECT_EQ(encodeWith(FormatKind::E5M2, 61439, kNearest, false), 0x7B);
  EXPECT_EQ(encodeWith(FormatKind::E5M2, -INFINITY, kNearest, false), 0xFC);
  EXPECT_EQ(encodeWith(FormatKind::E5M2, -INFINITY, kTowardZero, false), 0xFC);
  EXPECT_EQ(encodeWith(FormatKind::E5M2, INFINITY, kTowardZero, true), 0x7B);

  // FNUZ: no -0; NaN is 0x80.
  EXPECT_EQ(encodeWith(FormatKind::E4M3FNUZ, -0.0f, kNearest, false), 0x00);
  EXPECT_EQ(encodeWith(FormatKind::E4M3FNUZ, -1e-30f, kNearest, true), 0x00);
  EXPECT_EQ(encodeWith(FormatKind::E4M3FNUZ, NAN, kNearest, true), 0x80);
  EXPECT_EQ(encodeWith(FormatKind::E4M3FNUZ, 1e6f, kNearest, false), 0x80);

  // e3m4fn: max 30 (0x7E); 30.5 is the tie with the would-be 31.
  const Format &e3m4fn = getFormat(FormatKind::E3M4FN);
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 30.5f, kNearest, false), 0x7E);
  EXPECT_TRUE(
      e3m4fn.isNaN(encodeWith(FormatKind::E3M4FN, 30.75f, kNearest, false)));
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 30.75f, kNearest, true), 0x7E);
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 31, kTowardZero, false), 0x7E);
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 1.03125f, kNearest, true),
            0x30); // tie between 1 and 1.0625 goes to even 0x30
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 1.09375f, kNearest, true),
            0x32); // tie between 1.0625 and 1.125 goes to even 0x32
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, 0.0078125f, kNearest, true),
            0x00); // half the smallest subnormal: tie to even zero
  EXPECT_EQ(encodeWith(FormatKind::E3M4FN, -0.0078126f, kNearest, true), 0x81);
}

} // namespace
