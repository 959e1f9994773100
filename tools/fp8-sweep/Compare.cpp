//===- Compare.cpp - fp8-sweep's check of results against the reference ---===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Compare.h"

#include "fp8/Numerics/ErrorBound.h"
#include "fp8/Numerics/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace fp8;
using namespace fp8::sweep;

namespace {

/// The value of an f32, f16 or bf16 element stored little-endian.
double valueOf(const std::string &type, const uint8_t *bytes) {
  if (type == "f32") {
    float value;
    std::memcpy(&value, bytes, 4);
    return value;
  }
  uint16_t bits = static_cast<uint16_t>(bytes[0] | bytes[1] << 8);
  if (type == "f16") {
    _Float16 half;
    std::memcpy(&half, &bits, 2);
    return static_cast<double>(half);
  }
  uint32_t word = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &word, 4);
  return value;
}

/// Whether `target` may reorder the sums of `c` (checked against the error
/// bound instead of bit for bit).
bool reordersSums(const Case &c, const std::string &target) {
  return c.op == OpKind::ScaledMatmul && c.accumulator == FloatKind::F32 &&
         (target == "avx512bf16" || target == "amx");
}

/// Elements of the result outside the error bound of docs/Spec.md 7.
int64_t boundViolations(const Case &c,
                        const std::vector<std::vector<uint8_t>> &inputs,
                        const std::vector<uint8_t> &result,
                        std::string &firstViolation) {
  std::vector<Operand> operands = operandsOf(c);
  const Format &fa = getFormat(c.formatA), &fb = getFormat(c.formatB);
  auto scaleOf = [&](const std::vector<uint8_t> &bytes, const ScaleShape &scale,
                     std::vector<int64_t> dims, int64_t row,
                     int64_t column) -> double {
    std::vector<int64_t> sizes = scale.sizes(dims);
    int64_t index = 0;
    if (!scale.scalar)
      index = (row / (dims[0] / sizes[0])) * sizes[1] +
              column / (dims[1] / sizes[1]);
    if (scale.e8m0)
      return decodeE8M0(bytes[index]);
    return valueOf("f32", &bytes[index * 4]);
  };
  std::vector<int64_t> aDims = {c.m, c.k};
  std::vector<int64_t> bDims = c.transposedB ? std::vector<int64_t>{c.n, c.k}
                                             : std::vector<int64_t>{c.k, c.n};
  auto blockAlongK = [&](const ScaleShape &scale, size_t dim) {
    return scale.scalar || scale.blocks[dim] == 0 ? c.k : scale.blocks[dim];
  };
  int64_t kBlock = std::min(blockAlongK(c.scaleA, 1),
                            blockAlongK(c.scaleB, c.transposedB ? 1 : 0));
  int64_t promotion = c.chunk > 0 ? std::min(c.chunk, kBlock) : kBlock;
  auto precision = [](FloatKind kind) {
    return kind == FloatKind::F16    ? Precision::F16
           : kind == FloatKind::BF16 ? Precision::BF16
                                     : Precision::F32;
  };
  ScaledMatmulErrorBound errorBound(fa, fb, precision(c.accumulator),
                                    precision(c.result), c.k, promotion);
  const std::string resultType = operands.back().elementType;
  const int64_t resultBytes = operands.back().elementBytes;
  const size_t initIndex = c.bias ? 5 : 4;
  int64_t violations = 0;
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < c.n; ++j) {
      double exact = 0, magnitude = 0, scaleSum = 0;
      for (int64_t kk = 0; kk < c.k; ++kk) {
        int64_t bRow = c.transposedB ? j : kk, bColumn = c.transposedB ? kk : j;
        double x = decode(fa, inputs[0][i * c.k + kk]);
        double y = decode(fb, inputs[1][bRow * bDims[1] + bColumn]);
        double s = scaleOf(inputs[2], c.scaleA, aDims, i, kk) *
                   scaleOf(inputs[3], c.scaleB, bDims, bRow, bColumn);
        exact += x * y * s;
        magnitude += std::fabs(x * y * s);
        scaleSum += std::fabs(s);
      }
      double init =
          valueOf(resultType, &inputs[initIndex][(i * c.n + j) * resultBytes]);
      double bias = c.bias ? valueOf("f32", &inputs[4][j * 4]) : 0.0;
      exact += init + bias;
      magnitude += std::fabs(init) + std::fabs(bias);
      double actual = valueOf(resultType, &result[(i * c.n + j) * resultBytes]);
      double bound = errorBound(magnitude, scaleSum, exact);
      if (!(std::fabs(actual - exact) <= bound)) {
        if (violations++ == 0)
          firstViolation = llvm::formatv("[{0}, {1}]: got {2}, exact {3}, "
                                         "bound {4}",
                                         i, j, actual, exact, bound)
                               .str();
      }
    }
  return violations;
}

} // namespace

bool fp8::sweep::compareResults(
    const Case &c, const std::string &target, Placement placement,
    const std::vector<std::vector<uint8_t>> &inputs,
    const std::vector<std::vector<uint8_t>> &expected,
    const std::vector<std::vector<uint8_t>> &actual) {
  std::vector<Operand> operands = operandsOf(c);
  size_t result = 0;
  bool same = true;
  for (const Operand &operand : operands) {
    if (!operand.isResult)
      continue;
    const std::vector<uint8_t> &want = expected[result], &got = actual[result];
    ++result;
    if (want == got)
      continue;
    if (reordersSums(c, target)) {
      std::string first;
      int64_t violations = boundViolations(c, inputs, got, first);
      if (violations == 0)
        continue;
      std::printf("  %s, %s: %lld elements outside the error bound, first "
                  "%s\n",
                  target.c_str(), placementName(placement),
                  static_cast<long long>(violations), first.c_str());
      same = false;
      continue;
    }
    const int64_t bytes = operand.elementBytes;
    int64_t differences = 0;
    for (int64_t e = 0; e < operand.numElements(); ++e) {
      if (std::memcmp(&want[e * bytes], &got[e * bytes], bytes) == 0)
        continue;
      if (differences++ < 5) {
        int64_t columns = operand.shape.empty() ? 1 : operand.shape.back();
        std::string wantText, gotText;
        if (bytes == 1) {
          wantText = llvm::formatv("0x{0:x-2}", want[e]).str();
          gotText = llvm::formatv("0x{0:x-2}", got[e]).str();
        } else {
          wantText = llvm::formatv("{0:e9}", valueOf(operand.elementType,
                                                     &want[e * bytes]))
                         .str();
          gotText = llvm::formatv("{0:e9}",
                                  valueOf(operand.elementType, &got[e * bytes]))
                        .str();
        }
        std::printf("  %s, %s: %s[%lld, %lld] is %s, the reference %s\n",
                    target.c_str(), placementName(placement),
                    operand.name.c_str(), static_cast<long long>(e / columns),
                    static_cast<long long>(e % columns), gotText.c_str(),
                    wantText.c_str());
      }
    }
    std::printf("  %s, %s: %lld of %lld elements of %s differ from the "
                "reference\n",
                target.c_str(), placementName(placement),
                static_cast<long long>(differences),
                static_cast<long long>(operand.numElements()),
                operand.name.c_str());
    same = false;
  }
  return same;
}
