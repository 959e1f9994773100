//===- ConstantElementsTest.cpp - dense and dense_resource values ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every element type ConstantElements reads, from blobs and from dense
// attributes, and every way a constant cannot be read. The passes and
// folders that use it are tested through fp8-opt (test/Transforms/
// fp8-quantize-dense-resource.mlir, test/Dialect/FP8/
// canonicalize-dense-resource.mlir, test/BadInput/dense-resource.mlir);
// f64, which no fp8 op takes, only here.
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/ConstantElements.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::fp8;

namespace {

class ConstantElementsTest : public ::testing::Test {
protected:
  /// A dense_resource attribute of `type` whose blob holds `values`.
  template <typename T> Attribute resource(StringRef type, ArrayRef<T> values) {
    return DenseResourceElementsAttr::get(
        tensorType(type), "blob",
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  }

  ShapedType tensorType(StringRef type) {
    return cast<ShapedType>(parseType(type, &context));
  }

  Attribute attribute(StringRef text) { return parseAttribute(text, &context); }

  /// read() with a diagnostic handler: the elements, or failure and the
  /// message it reported in `message`.
  FailureOr<ConstantElements> readReporting(Attribute attr,
                                            std::string &message) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
      message = diagnostic.str();
      return success();
    });
    return ConstantElements::read(attr, [&] {
      return emitError(UnknownLoc::get(&context)) << "reading: ";
    });
  }

  MLIRContext context;
};

TEST_F(ConstantElementsTest, F32Blob) {
  const float values[] = {1.5f, -2.0f, 0.1f};
  FailureOr<ConstantElements> elements =
      ConstantElements::read(resource("tensor<3xf32>", ArrayRef(values)));
  ASSERT_TRUE(succeeded(elements));
  EXPECT_FALSE(elements->isSplat());
  EXPECT_EQ(elements->getNumElements(), 3);
  EXPECT_TRUE(elements->getElementType().isF32());
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(elements->getFloat(i), values[i]);
}

TEST_F(ConstantElementsTest, F64BlobRoundsToNearestF32) {
  const double values[] = {1.5, -2.0, 0.1, 1e300};
  FailureOr<ConstantElements> elements =
      ConstantElements::read(resource("tensor<4xf64>", ArrayRef(values)));
  ASSERT_TRUE(succeeded(elements));
  EXPECT_EQ(elements->getFloat(0), 1.5f);
  EXPECT_EQ(elements->getFloat(1), -2.0f);
  EXPECT_EQ(elements->getFloat(2), 0.1f);
  EXPECT_TRUE(std::isinf(elements->getFloat(3)));
}

TEST_F(ConstantElementsTest, F16AndBF16Blobs) {
  // 1, -2, 65504 (f16's largest) and 2^-24 (its smallest subnormal).
  const uint16_t f16[] = {0x3C00, 0xC000, 0x7BFF, 0x0001};
  FailureOr<ConstantElements> half =
      ConstantElements::read(resource("tensor<4xf16>", ArrayRef(f16)));
  ASSERT_TRUE(succeeded(half));
  EXPECT_EQ(half->getFloat(0), 1.0f);
  EXPECT_EQ(half->getFloat(1), -2.0f);
  EXPECT_EQ(half->getFloat(2), 65504.0f);
  EXPECT_EQ(half->getFloat(3), std::ldexp(1.0f, -24));
  EXPECT_EQ(half->getBits(2), 0x7BFFu);

  // 1, -2, 3.390e38 (bf16's largest, 0x7F7F).
  const uint16_t bf16[] = {0x3F80, 0xC000, 0x7F7F};
  FailureOr<ConstantElements> brain =
      ConstantElements::read(resource("tensor<3xbf16>", ArrayRef(bf16)));
  ASSERT_TRUE(succeeded(brain));
  EXPECT_EQ(brain->getFloat(0), 1.0f);
  EXPECT_EQ(brain->getFloat(1), -2.0f);
  EXPECT_EQ(brain->getFloat(2), std::ldexp(255.0f, 120));
}

TEST_F(ConstantElementsTest, FP8Blobs) {
  // E4M3FN 1, -1, 448, 2^-9; E8M0 2^0, 2^3, 2^-127.
  const uint8_t codes[] = {0x38, 0xB8, 0x7E, 0x01};
  FailureOr<ConstantElements> e4m3 =
      ConstantElements::read(resource("tensor<2x2xf8E4M3FN>", ArrayRef(codes)));
  ASSERT_TRUE(succeeded(e4m3));
  EXPECT_EQ(e4m3->getBits(1), 0xB8u);
  EXPECT_EQ(e4m3->getFloat(0), 1.0f);
  EXPECT_EQ(e4m3->getFloat(1), -1.0f);
  EXPECT_EQ(e4m3->getFloat(2), 448.0f);
  EXPECT_EQ(e4m3->getFloat(3), std::ldexp(1.0f, -9));

  const uint8_t scales[] = {127, 130, 0};
  FailureOr<ConstantElements> e8m0 =
      ConstantElements::read(resource("tensor<3xf8E8M0FNU>", ArrayRef(scales)));
  ASSERT_TRUE(succeeded(e8m0));
  EXPECT_EQ(e8m0->getFloat(0), 1.0f);
  EXPECT_EQ(e8m0->getFloat(1), 8.0f);
  EXPECT_EQ(e8m0->getFloat(2), std::ldexp(1.0f, -127));
}

TEST_F(ConstantElementsTest, DenseAndSplat) {
  FailureOr<ConstantElements> dense =
      ConstantElements::read(attribute("dense<[1.0, -0.5]> : tensor<2xbf16>"));
  ASSERT_TRUE(succeeded(dense));
  EXPECT_FALSE(dense->isSplat());
  EXPECT_EQ(dense->getFloat(1), -0.5f);

  // A splat has one value, whatever index is asked for.
  FailureOr<ConstantElements> splat =
      ConstantElements::read(attribute("dense<2.5> : tensor<3x5xf16>"));
  ASSERT_TRUE(succeeded(splat));
  EXPECT_TRUE(splat->isSplat());
  EXPECT_EQ(splat->getNumElements(), 15);
  EXPECT_EQ(splat->getFloat(14), 2.5f);
}

TEST_F(ConstantElementsTest, MissingBlobIsReportedByName) {
  // Parsed without a dialect_resources section: a handle with no blob.
  Attribute missing = attribute("dense_resource<gone> : tensor<2xf32>");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(ConstantElements::isReadableKind(missing));
  std::string message;
  EXPECT_TRUE(failed(readReporting(missing, message)));
  EXPECT_NE(message.find("reading: dense_resource blob 'gone' has no data"),
            std::string::npos)
      << message;
  // Without a handler to report to, it fails quietly (as folders want).
  EXPECT_TRUE(failed(ConstantElements::read(missing)));
}

TEST_F(ConstantElementsTest, WrongSizeBlobIsReported) {
  const float two[] = {1.0f, 2.0f};
  std::string message;
  EXPECT_TRUE(
      failed(readReporting(resource("tensor<4xf32>", ArrayRef(two)), message)));
  EXPECT_NE(message.find("dense_resource blob 'blob' holds 8 bytes, but "
                         "'tensor<4xf32>' needs 16"),
            std::string::npos)
      << message;

  // A shape whose byte count overflows int64_t.
  EXPECT_TRUE(failed(readReporting(
      resource("tensor<4x4611686018427387904xf32>", ArrayRef(two)), message)));
  EXPECT_NE(message.find("needs more than 2^63"), std::string::npos) << message;
}

TEST_F(ConstantElementsTest, OtherConstantsAreNotReadable) {
  for (StringRef text :
       {"sparse<[[0]], [1.0]> : tensor<2xf32>", "dense<[1, 2]> : tensor<2xi32>",
        "dense<1.0> : tensor<2xf128>", "dense<1.0> : tensor<2xf80>",
        "1.0 : f32"}) {
    Attribute attr = attribute(text);
    ASSERT_TRUE(attr) << text.str();
    EXPECT_FALSE(ConstantElements::isReadableKind(attr)) << text.str();
    std::string message;
    EXPECT_TRUE(failed(readReporting(attr, message))) << text.str();
    EXPECT_NE(message.find("neither dense nor dense_resource"),
              std::string::npos)
        << message;
  }
  EXPECT_FALSE(ConstantElements::isReadableKind(Attribute()));
}

} // namespace
