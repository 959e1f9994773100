//===- FP8TestRuntime.cpp - reference checks for integration tests --------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Functions that integration tests call from JIT-compiled code (mlir-runner
// -shared-libs): they fill inputs and compare what the generated code
// computed against the numerics library (bit for bit) and against an f64
// reference (within the error bound of docs/Spec.md). Each check prints one
// line that the tests FileCheck.
//
// Enum arguments: format = fp8::FormatKind; rounding = fp8.rounding
// (0 nearest_even, 1 stochastic, 2 toward_zero); element kinds: 0 f32,
// 1 f16, 2 bf16, 3 f8E8M0FNU.
//
//===----------------------------------------------------------------------===//

#include "fp8/Numerics/ErrorBound.h"
#include "fp8/Numerics/Format.h"
#include "fp8/Runner/MemRef.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

namespace {

enum ElementKind { F32 = 0, F16 = 1, BF16 = 2, E8M0 = 3 };

/// A row-major view of an unranked memref of any element type.
class View {
public:
  View(const UnrankedMemRefType<char> &memref, int64_t elementSize)
      : rank(memref.rank), memref(memref), elementSize(elementSize) {}

  int64_t numElements() const { return fp8::runner::getNumElements(memref); }
  int64_t size(int64_t dim) const { return memref.sizes[dim]; }

  /// Address of the element with row-major linear index `index`.
  char *at(int64_t index) const {
    return memref.data +
           fp8::runner::getRowMajorOffset(memref, index) * elementSize;
  }
  /// Address of the element at `indices`.
  char *at(const std::vector<int64_t> &indices) const {
    int64_t position = memref.offset;
    for (int64_t d = 0; d < rank; ++d)
      position += indices[d] * memref.strides[d];
    return memref.data + position * elementSize;
  }

  uint8_t byte(int64_t index) const { return *at(index); }
  float f32(int64_t index) const {
    float value;
    std::memcpy(&value, at(index), sizeof(value));
    return value;
  }

  int64_t rank;

private:
  DynamicMemRefType<char> memref;
  int64_t elementSize;
};

View viewOf(void *memref, int64_t elementSize) {
  return View(*static_cast<UnrankedMemRefType<char> *>(memref), elementSize);
}

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}
float floatOf(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// f32 -> f16 -> f32, round to nearest even (as arith.truncf).
float roundToF16(float value) {
  return static_cast<float>(static_cast<_Float16>(value));
}

/// f32 -> bf16 -> f32, round to nearest even (as arith.truncf).
float roundToBF16(float value) {
  uint32_t bits = bitsOf(value);
  if (std::isnan(value))
    return floatOf((bits | 0x00400000u) & 0xFFFF0000u);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return floatOf(bits & 0xFFFF0000u);
}

float roundTo(int kind, float value) {
  switch (kind) {
  case F16:
    return roundToF16(value);
  case BF16:
    return roundToBF16(value);
  default:
    return value;
  }
}

const char *kindName(int kind) {
  static const char *names[] = {"f32", "f16", "bf16", "e8m0"};
  return names[kind];
}

const char *roundingName(int rounding) {
  static const char *names[] = {"nearest_even", "stochastic", "toward_zero"};
  return names[rounding];
}

/// Scale of data element `indices` under the block-broadcast rule.
float scaleAt(const View &scale, int kind,
              const std::vector<int64_t> &dataSizes,
              const std::vector<int64_t> &indices) {
  std::vector<int64_t> scaleIndices;
  for (int64_t d = 0; d < scale.rank; ++d) {
    int64_t block = dataSizes[d] / scale.size(d);
    scaleIndices.push_back(indices[d] / block);
  }
  const char *element = scale.at(scaleIndices);
  if (kind == E8M0)
    return fp8::decodeE8M0(static_cast<uint8_t>(*element));
  float value;
  std::memcpy(&value, element, sizeof(value));
  return value;
}

std::vector<int64_t> indicesOf(int64_t linear,
                               const std::vector<int64_t> &sizes) {
  std::vector<int64_t> indices(sizes.size());
  for (int64_t d = sizes.size() - 1; d >= 0; --d) {
    indices[d] = linear % sizes[d];
    linear /= sizes[d];
  }
  return indices;
}

std::vector<int64_t> sizesOf(const View &view) {
  std::vector<int64_t> sizes;
  for (int64_t d = 0; d < view.rank; ++d)
    sizes.push_back(view.size(d));
  return sizes;
}

bool sameFloat(float x, float y) {
  return (std::isnan(x) && std::isnan(y)) || bitsOf(x) == bitsOf(y);
}

fp8::EncodeOptions encodeOptions(int rounding, int saturate) {
  fp8::EncodeOptions options;
  options.saturate = saturate != 0;
  options.rounding = rounding == 1   ? fp8::Rounding::Stochastic
                     : rounding == 2 ? fp8::Rounding::TowardZero
                                     : fp8::Rounding::NearestEven;
  return options;
}

} // namespace

extern "C" {

/// Fills FP8 codes: seed < 0 writes code (i mod 256) at element i; otherwise
/// random codes of finite values with magnitude <= maxMagnitude.
MLIR_CRUNNERUTILS_EXPORT void _mlir_ciface_fp8_fill_codes(void *memref,
                                                          int32_t format,
                                                          int64_t seed,
                                                          float maxMagnitude) {
  View view = viewOf(memref, 1);
  const fp8::Format &descriptor = fp8::getFormat(fp8::FormatKind(format));
  std::vector<uint8_t> allowed;
  for (int code = 0; code < 256; ++code) {
    float value = fp8::decode(descriptor, code);
    if (std::isfinite(value) && std::fabs(value) <= maxMagnitude)
      allowed.push_back(code);
  }
  std::mt19937_64 random(seed);
  for (int64_t i = 0, e = view.numElements(); i < e; ++i)
    *view.at(i) = static_cast<char>(
        seed < 0 ? i % 256 : allowed[random() % allowed.size()]);
}

/// The same fill, for a second operand type in the same module.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_fill_codes_b(void *memref, int32_t format, int64_t seed,
                              float maxMagnitude) {
  _mlir_ciface_fp8_fill_codes(memref, format, seed, maxMagnitude);
}

/// Fills positive scales: f32 in [0.25, 4), or E8M0 codes 2^-3 .. 2^3.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_fill_scales(void *memref, int32_t kind, int64_t seed) {
  View view = viewOf(memref, kind == E8M0 ? 1 : 4);
  std::mt19937_64 random(seed);
  for (int64_t i = 0, e = view.numElements(); i < e; ++i) {
    if (kind == E8M0) {
      *view.at(i) = static_cast<char>(124 + random() % 7);
      continue;
    }
    float value = std::ldexp(1.0f + (random() % 1024) / 1024.0f,
                             static_cast<int>(random() % 4) - 2);
    std::memcpy(view.at(i), &value, sizeof(value));
  }
}

/// The same fill, for modules that declare the scales f8E8M0FNU.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_fill_e8m0(void *memref, int32_t kind, int64_t seed) {
  _mlir_ciface_fp8_fill_scales(memref, kind, seed);
}

/// Compares fp8.quantize output codes with the numerics library.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_check_quantize(void *input, void *scale, void *codes,
                                int32_t format, int32_t rounding,
                                int32_t saturate, int64_t seed) {
  View in = viewOf(input, 4), s = viewOf(scale, 4), out = viewOf(codes, 1);
  const fp8::Format &descriptor = fp8::getFormat(fp8::FormatKind(format));
  fp8::EncodeOptions options = encodeOptions(rounding, saturate);
  std::vector<int64_t> sizes = sizesOf(in);
  int64_t mismatches = 0, n = in.numElements();
  for (int64_t i = 0; i < n; ++i) {
    float x = in.f32(i);
    float scaleValue = scaleAt(s, F32, sizes, indicesOf(i, sizes));
    uint32_t bits = rounding == 1 ? fp8::stochasticRoundingBits(seed, i) : 0;
    uint8_t expected = fp8::quantize(descriptor, x, scaleValue, options, bits);
    uint8_t actual = out.byte(i);
    if (expected != actual &&
        !(descriptor.isNaN(expected) && descriptor.isNaN(actual))) {
      if (mismatches < 5)
        std::printf("  mismatch at %" PRId64 ": x=%a (0x%08x) scale=%a "
                    "expected 0x%02x got 0x%02x\n",
                    i, x, bitsOf(x), scaleValue, expected, actual);
      ++mismatches;
    }
  }
  std::printf("quantize %s %s saturate=%d: %" PRId64 " mismatches in %" PRId64
              "\n",
              std::string(descriptor.name).c_str(), roundingName(rounding),
              saturate, mismatches, n);
  std::fflush(stdout);
}

/// Compares fp8.dequantize output (widened to f32 by the test) with the
/// numerics library, rounded to the op's result type `outKind`.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_check_dequantize(void *codes, void *scale, void *output,
                                  int32_t format, int32_t outKind) {
  View in = viewOf(codes, 1), s = viewOf(scale, 4), out = viewOf(output, 4);
  const fp8::Format &descriptor = fp8::getFormat(fp8::FormatKind(format));
  std::vector<int64_t> sizes = sizesOf(in);
  int64_t mismatches = 0, n = in.numElements();
  for (int64_t i = 0; i < n; ++i) {
    float scaleValue = scaleAt(s, F32, sizes, indicesOf(i, sizes));
    float expected =
        roundTo(outKind, fp8::dequantize(descriptor, in.byte(i), scaleValue));
    float actual = out.f32(i);
    if (!sameFloat(expected, actual)) {
      if (mismatches < 5)
        std::printf("  mismatch at %" PRId64 ": code 0x%02x expected %a got "
                    "%a\n",
                    i, in.byte(i), expected, actual);
      ++mismatches;
    }
  }
  std::printf("dequantize %s -> %s: %" PRId64 " mismatches in %" PRId64 "\n",
              std::string(descriptor.name).c_str(), kindName(outKind),
              mismatches, n);
  std::fflush(stdout);
}

/// Recomputes fp8.dynamic_quantize (amax per block, scale, quantize) and
/// compares codes and scales.
MLIR_CRUNNERUTILS_EXPORT void
_mlir_ciface_fp8_check_dynamic_quantize(void *input, void *codes, void *scales,
                                        int32_t format, int32_t scaleKind,
                                        int32_t margin, int32_t pow2) {
  View in = viewOf(input, 4), out = viewOf(codes, 1);
  View s = viewOf(scales, scaleKind == E8M0 ? 1 : 4);
  const fp8::Format &descriptor = fp8::getFormat(fp8::FormatKind(format));
  std::vector<int64_t> sizes = sizesOf(in), scaleSizes = sizesOf(s);
  int64_t numScales = s.numElements(), n = in.numElements();

  std::vector<float> amax(numScales, 0.0f);
  auto scaleIndex = [&](int64_t i) {
    std::vector<int64_t> indices = indicesOf(i, sizes);
    int64_t linear = 0;
    for (int64_t d = 0; d < s.rank; ++d)
      linear = linear * scaleSizes[d] + indices[d] / (sizes[d] / scaleSizes[d]);
    return linear;
  };
  for (int64_t i = 0; i < n; ++i) {
    float &m = amax[scaleIndex(i)];
    float a = std::fabs(in.f32(i));
    m = (std::isnan(a) || std::isnan(m)) ? NAN : std::max(m, a);
  }
  int64_t scaleMismatches = 0, codeMismatches = 0;
  std::vector<float> expectedScales(numScales);
  for (int64_t j = 0; j < numScales; ++j) {
    float expected = fp8::computeScale(descriptor, amax[j], margin, pow2 != 0);
    expectedScales[j] = expected;
    float actual = scaleKind == E8M0 ? fp8::decodeE8M0(s.byte(j)) : s.f32(j);
    if (!sameFloat(expected, actual)) {
      if (scaleMismatches < 5)
        std::printf("  scale mismatch at %" PRId64 ": amax %a expected %a "
                    "got %a\n",
                    j, amax[j], expected, actual);
      ++scaleMismatches;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    uint8_t expected =
        fp8::quantize(descriptor, in.f32(i), expectedScales[scaleIndex(i)]);
    uint8_t actual = out.byte(i);
    if (expected != actual &&
        !(descriptor.isNaN(expected) && descriptor.isNaN(actual)))
      ++codeMismatches;
  }
  std::printf("dynamic_quantize %s scales %s margin=%d pow2=%d: %" PRId64
              " scale mismatches in %" PRId64 ", %" PRId64
              " code mismatches in %" PRId64 "\n",
              std::string(descriptor.name).c_str(), kindName(scaleKind), margin,
              pow2, scaleMismatches, numScales, codeMismatches, n);
  std::fflush(stdout);
}

/// The same check, for a module that declares the scales f8E8M0FNU.
MLIR_CRUNNERUTILS_EXPORT void _mlir_ciface_fp8_check_dynamic_quantize_e8m0(
    void *input, void *codes, void *scales, int32_t format, int32_t scaleKind,
    int32_t margin, int32_t pow2) {
  _mlir_ciface_fp8_check_dynamic_quantize(input, codes, scales, format,
                                          scaleKind, margin, pow2);
}

/// Checks fp8.scaled_matmul / fp8.batch_scaled_matmul output `result`
/// (widened to f32 by the test) two ways: bit for bit against an emulation
/// of the op's exact semantics (docs/Spec.md), and against the exact f64
/// result within the error bound derived in docs/Spec.md. `init` is the
/// destination's value before the op (widened to f32); `bias` has 0
/// elements when the op has none.
MLIR_CRUNNERUTILS_EXPORT void _mlir_ciface_fp8_check_scaled_matmul(
    void *aCodes, void *bCodes, void *scaleA, void *scaleB, void *bias,
    void *init, void *result, int32_t formatA, int32_t formatB,
    int32_t scaleAKind, int32_t scaleBKind, int32_t transposedB,
    int32_t accKind, int64_t chunk, int32_t outKind) {
  View a = viewOf(aCodes, 1), b = viewOf(bCodes, 1);
  View sa = viewOf(scaleA, scaleAKind == E8M0 ? 1 : 4);
  View sb = viewOf(scaleB, scaleBKind == E8M0 ? 1 : 4);
  View biasView = viewOf(bias, 4), in = viewOf(init, 4),
       out = viewOf(result, 4);
  const fp8::Format &fa = fp8::getFormat(fp8::FormatKind(formatA));
  const fp8::Format &fb = fp8::getFormat(fp8::FormatKind(formatB));
  const bool batched = a.rank == 3;
  const int64_t batches = batched ? a.size(0) : 1;
  const int64_t nb = batched ? 1 : 0;
  const int64_t m = a.size(nb), k = a.size(nb + 1);
  const int64_t n = transposedB ? b.size(nb) : b.size(nb + 1);
  const bool hasBias = biasView.numElements() > 0;
  std::vector<int64_t> aSizes = sizesOf(a), bSizes = sizesOf(b);

  // Promotion length, as the lowering computes it.
  auto kBlockOf = [&](const View &scale, const std::vector<int64_t> &sizes,
                      int64_t kDim) {
    if (scale.rank == 0 || scale.size(kDim) == 1)
      return k;
    return sizes[kDim] / scale.size(kDim);
  };
  int64_t kBlock = std::min(kBlockOf(sa, aSizes, nb + 1),
                            kBlockOf(sb, bSizes, transposedB ? nb + 1 : nb));
  int64_t promotion = chunk > 0 ? std::min<int64_t>(chunk, k) : kBlock;
  promotion = std::max<int64_t>(promotion, 1);
  const int64_t numChunks = (k + promotion - 1) / promotion;

  // Error bound of docs/Spec.md section 7.
  auto precisionOf = [](int32_t kind) {
    return kind == F16    ? fp8::Precision::F16
           : kind == BF16 ? fp8::Precision::BF16
                          : fp8::Precision::F32;
  };
  const fp8::ScaledMatmulErrorBound errorBound(
      fa, fb, precisionOf(accKind), precisionOf(outKind), k, promotion);
  int64_t bitMismatches = 0, boundViolations = 0;
  double worstRatio = 0.0;
  for (int64_t batch = 0; batch < batches; ++batch) {
    // The batch's operands decoded and its scales expanded per element
    // once: the checks below read them m * n * k times.
    std::vector<float> aValues(m * k), aScales(m * k), bValues(k * n),
        bScales(k * n);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t kk = 0; kk < k; ++kk) {
        std::vector<int64_t> index = batched
                                         ? std::vector<int64_t>{batch, i, kk}
                                         : std::vector<int64_t>{i, kk};
        aValues[i * k + kk] =
            fp8::decode(fa, static_cast<uint8_t>(*a.at(index)));
        aScales[i * k + kk] = scaleAt(sa, scaleAKind, aSizes, index);
      }
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t j = 0; j < n; ++j) {
        int64_t r = transposedB ? j : kk, c = transposedB ? kk : j;
        std::vector<int64_t> index = batched ? std::vector<int64_t>{batch, r, c}
                                             : std::vector<int64_t>{r, c};
        bValues[kk * n + j] =
            fp8::decode(fb, static_cast<uint8_t>(*b.at(index)));
        bScales[kk * n + j] = scaleAt(sb, scaleBKind, bSizes, index);
      }
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        float total = 0.0f;
        double exact = 0.0, magnitude = 0.0, scaleSum = 0.0;
        for (int64_t c = 0; c < numChunks; ++c) {
          float acc = 0.0f;
          int64_t begin = c * promotion, end = std::min(k, begin + promotion);
          float scale = aScales[i * k + begin] * bScales[begin * n + j];
          for (int64_t kk = begin; kk < end; ++kk) {
            float x = aValues[i * k + kk];
            float y = bValues[kk * n + j];
            acc = roundTo(accKind, acc + x * y);
            double s =
                static_cast<double>(aScales[i * k + kk]) * bScales[kk * n + j];
            exact += static_cast<double>(x) * y * s;
            magnitude += std::fabs(static_cast<double>(x) * y * s);
            scaleSum += std::fabs(s);
          }
          total = total + acc * scale;
        }
        float cIn = in.f32(batch * m * n + i * n + j);
        float biasValue = hasBias ? biasView.f32(j) : 0.0f;
        float expected = roundTo(outKind, (cIn + total) + biasValue);
        float actual = out.f32(batch * m * n + i * n + j);
        if (!sameFloat(expected, actual)) {
          if (bitMismatches < 5)
            std::printf("  mismatch at [%" PRId64 ", %" PRId64 ", %" PRId64
                        "]: expected %a got %a\n",
                        batch, i, j, expected, actual);
          ++bitMismatches;
        }
        exact += static_cast<double>(cIn) + biasValue;
        const double others = magnitude + std::fabs(cIn) + std::fabs(biasValue);
        const double bound = errorBound(others, scaleSum, exact);
        double error = std::fabs(static_cast<double>(actual) - exact);
        if (error > bound)
          ++boundViolations;
        if (bound > 0)
          worstRatio = std::max(worstRatio, error / bound);
      }
    }
  }
  std::printf("scaled_matmul %s x %s acc=%s chunk=%" PRId64 " out=%s: %" PRId64
              " bit mismatches, %" PRId64
              " bound violations (worst error/bound %.3f) in %" PRId64 "\n",
              std::string(fa.name).c_str(), std::string(fb.name).c_str(),
              kindName(accKind), chunk, kindName(outKind), bitMismatches,
              boundViolations, worstRatio, batches * m * n);
  std::fflush(stdout);
}

/// The same check, for modules whose scales are f8E8M0FNU (MX).
MLIR_CRUNNERUTILS_EXPORT void _mlir_ciface_fp8_check_scaled_matmul_mx(
    void *aCodes, void *bCodes, void *scaleA, void *scaleB, void *bias,
    void *init, void *result, int32_t formatA, int32_t formatB,
    int32_t scaleAKind, int32_t scaleBKind, int32_t transposedB,
    int32_t accKind, int64_t chunk, int32_t outKind) {
  _mlir_ciface_fp8_check_scaled_matmul(
      aCodes, bCodes, scaleA, scaleB, bias, init, result, formatA, formatB,
      scaleAKind, scaleBKind, transposedB, accKind, chunk, outKind);
}

} // extern "C"
