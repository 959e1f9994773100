//===- MemRefTest.cpp - descriptors of a rank known at run time -----------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/MemRef.h"

#include "gtest/gtest.h"

#include <numeric>

using namespace fp8::runner;

namespace {

TEST(MemRef, DescriptorIsRowMajor) {
  std::vector<float> data(24);
  std::vector<int64_t> shape = {2, 3, 4};
  MemRefDescriptor descriptor(data.data(), shape.data(), 3);
  // What lowered code reads: a StridedMemRefType<float, 3>.
  auto *strided = static_cast<StridedMemRefType<float, 3> *>(descriptor.get());
  EXPECT_EQ(strided->data, data.data());
  EXPECT_EQ(strided->offset, 0);
  EXPECT_EQ(strided->sizes[0], 2);
  EXPECT_EQ(strided->sizes[2], 4);
  EXPECT_EQ(strided->strides[0], 12);
  EXPECT_EQ(strided->strides[1], 4);
  EXPECT_EQ(strided->strides[2], 1);

  DynamicMemRefType<char> view = descriptor.view();
  EXPECT_EQ(view.rank, 3);
  EXPECT_EQ(getNumElements(view), 24);
  EXPECT_EQ(getRowMajorOffset(view, 13), 13);
}

TEST(MemRef, RankZero) {
  int32_t value = 7;
  MemRefDescriptor descriptor(&value, nullptr, 0);
  DynamicMemRefType<char> view = descriptor.view();
  EXPECT_EQ(view.rank, 0);
  EXPECT_EQ(getNumElements(view), 1);
  int32_t copy = 0;
  copyToRowMajor(view, sizeof(copy), reinterpret_cast<char *>(&copy));
  EXPECT_EQ(copy, 7);
}

// A transposed view with an offset, as a returned memref can be: the copy
// walks it by strides.
TEST(MemRef, CopiesStridedViews) {
  std::vector<float> storage(1 + 6);
  std::iota(storage.begin(), storage.end(), 0.0f);
  // The 3x2 transpose of the 2x3 matrix at storage[1..6].
  StridedMemRefType<char, 2> strided{reinterpret_cast<char *>(storage.data()),
                                     reinterpret_cast<char *>(storage.data()),
                                     1,
                                     {3, 2},
                                     {1, 3}};
  DynamicMemRefType<char> view(strided);
  std::vector<float> rows(6);
  copyToRowMajor(view, sizeof(float), reinterpret_cast<char *>(rows.data()));
  EXPECT_EQ(rows, (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(MemRef, EmptyCopiesNothing) {
  std::vector<int64_t> shape = {0, 5};
  MemRefDescriptor descriptor(nullptr, shape.data(), 2);
  EXPECT_EQ(getNumElements(descriptor.view()), 0);
  copyToRowMajor(descriptor.view(), 4, nullptr);
}

} // namespace
