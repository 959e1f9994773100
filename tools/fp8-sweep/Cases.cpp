//===- Cases.cpp - the cases fp8-sweep draws ------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Cases.h"

#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <sstream>

using namespace fp8;
using namespace fp8::sweep;

namespace {

/// The storage type of `format` as MLIR prints it (the dialect's own
/// mapping: f8E4M3FN, !fp8.e3m4fn, ...).
const std::string &mlirTypeOf(FormatKind format) {
  static const std::vector<std::string> names = [] {
    mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
    context.loadDialect<mlir::fp8::FP8Dialect>();
    std::vector<std::string> result;
    for (int kind = 0; kind < kNumFormats; ++kind) {
      std::string text;
      llvm::raw_string_ostream os(text);
      mlir::fp8::getStorageType(&context, FormatKind(kind)).print(os);
      result.push_back(text);
    }
    return result;
  }();
  return names[static_cast<int>(format)];
}

const char *mlirTypeOf(FloatKind kind) {
  switch (kind) {
  case FloatKind::F32:
    return "f32";
  case FloatKind::F16:
    return "f16";
  case FloatKind::BF16:
    return "bf16";
  }
  return "?";
}

int64_t bytesOf(FloatKind kind) { return kind == FloatKind::F32 ? 4 : 2; }

std::string formatName(FormatKind format) {
  return std::string(getFormat(format).name);
}

/// f32 -> the bits of `kind` (round to nearest even), little endian.
void appendFloat(std::vector<uint8_t> &bytes, FloatKind kind, float value) {
  if (kind == FloatKind::F32) {
    uint8_t raw[4];
    std::memcpy(raw, &value, 4);
    bytes.insert(bytes.end(), raw, raw + 4);
    return;
  }
  uint16_t bits;
  if (kind == FloatKind::F16) {
    _Float16 half = static_cast<_Float16>(value);
    std::memcpy(&bits, &half, 2);
  } else {
    uint32_t word;
    std::memcpy(&word, &value, 4);
    if (std::isnan(value))
      bits = static_cast<uint16_t>((word >> 16) | 0x40);
    else
      bits = static_cast<uint16_t>((word + 0x7FFF + ((word >> 16) & 1)) >> 16);
  }
  bytes.push_back(bits & 0xFF);
  bytes.push_back(bits >> 8);
}

/// Codes of `format` whose values are finite and at most `limit` in
/// magnitude (products and f16 chunk sums then stay finite).
std::vector<uint8_t> boundedCodes(FormatKind kind, float limit) {
  const Format &format = getFormat(kind);
  std::vector<uint8_t> codes;
  for (int code = 0; code < 256; ++code) {
    float value = decode(format, static_cast<uint8_t>(code));
    if (std::isfinite(value) && std::fabs(value) <= limit)
      codes.push_back(static_cast<uint8_t>(code));
  }
  return codes;
}

int64_t pick(std::mt19937_64 &random, const std::vector<int64_t> &values) {
  return values[random() % values.size()];
}

/// Sizes from 1 to `maxDim`: half the time one next to a vector width,
/// panel, block or chunk length, else uniform.
int64_t drawDim(std::mt19937_64 &random, int64_t maxDim) {
  static const std::vector<int64_t> edges = {
      1,  2,   3,   4,   5,   7,   8,   9,   13,  15,  16,
      17, 23,  31,  32,  33,  47,  48,  49,  63,  64,  65,
      97, 127, 128, 129, 191, 192, 193, 255, 256, 257, 300};
  int64_t size = random() % 2 ? pick(random, edges)
                              : 1 + static_cast<int64_t>(random() % maxDim);
  return std::min(size, maxDim);
}

std::vector<int64_t> divisorsOf(int64_t value) {
  std::vector<int64_t> divisors;
  for (int64_t d = 1; d <= value; ++d)
    if (value % d == 0)
      divisors.push_back(d);
  return divisors;
}

int64_t lcm(int64_t a, int64_t b) { return a / std::gcd(a, b) * b; }

/// The least common multiple of the block lengths along one dimension (a
/// size of that dimension must be a multiple of it).
int64_t unitOf(std::initializer_list<int64_t> blocks) {
  int64_t unit = 1;
  for (int64_t block : blocks)
    if (block > 0)
      unit = lcm(unit, block);
  return unit;
}

int64_t blockAt(const ScaleShape &scale, size_t dim) {
  return scale.scalar ? 0 : scale.blocks[dim];
}

/// A scale over a [rows, columns] operand: per tensor, per row, per
/// column, or blocks.
ScaleShape drawElementwiseScale(std::mt19937_64 &random, int64_t rows,
                                int64_t columns) {
  ScaleShape scale;
  switch (random() % 4) {
  case 0:
    return scale;
  case 1:
    scale.scalar = false;
    scale.blocks = {1, 0};
    return scale;
  case 2:
    scale.scalar = false;
    scale.blocks = {0, 1};
    return scale;
  default:
    scale.scalar = false;
    scale.blocks = {pick(random, divisorsOf(rows)),
                    pick(random, divisorsOf(columns))};
    return scale;
  }
}

} // namespace

std::vector<int64_t> ScaleShape::sizes(const std::vector<int64_t> &dims) const {
  std::vector<int64_t> result;
  if (scalar)
    return result;
  for (size_t d = 0; d < dims.size(); ++d)
    result.push_back(blocks[d] == 0 ? 1 : dims[d] / blocks[d]);
  return result;
}

std::string ScaleShape::describe() const {
  if (scalar)
    return e8m0 ? "tensor(e8m0)" : "tensor";
  std::string text = "[";
  for (size_t d = 0; d < blocks.size(); ++d)
    text += (d ? "," : "") +
            (blocks[d] == 0 ? std::string("all") : std::to_string(blocks[d]));
  return text + "]" + (e8m0 ? "(e8m0)" : "");
}

std::string fp8::sweep::shapeText(const std::vector<int64_t> &shape) {
  std::string text;
  for (int64_t size : shape)
    text += std::to_string(size) + "x";
  return text;
}

const char *fp8::sweep::floatKindName(FloatKind kind) {
  return mlirTypeOf(kind);
}

std::string Case::describe() const {
  std::ostringstream os;
  switch (op) {
  case OpKind::ScaledMatmul:
    os << "scaled_matmul M=" << m << " N=" << n << " K=" << k << " "
       << formatName(formatA) << " x " << formatName(formatB)
       << (transposedB ? " nk" : " kn") << (constantB ? " constant-B" : "")
       << " scales " << scaleA.describe() << " x " << scaleB.describe()
       << " acc=" << mlirTypeOf(accumulator) << " chunk=" << chunk
       << " out=" << mlirTypeOf(result) << (bias ? " bias" : "");
    break;
  case OpKind::Quantize:
    os << "quantize " << rows << "x" << columns << " " << mlirTypeOf(element)
       << " -> " << formatName(format) << " scale " << scale.describe()
       << " rounding="
       << (rounding == 0   ? "nearest_even"
           : rounding == 1 ? "stochastic"
                           : "toward_zero")
       << (saturate ? "" : " saturate=false");
    break;
  case OpKind::Dequantize:
    os << "dequantize " << rows << "x" << columns << " " << formatName(format)
       << " -> " << mlirTypeOf(element) << " scale " << scale.describe();
    break;
  case OpKind::DynamicQuantize:
    os << "dynamic_quantize " << rows << "x" << columns << " "
       << mlirTypeOf(element) << " -> " << formatName(format) << " scale "
       << scale.describe() << " margin=" << margin
       << (pow2Scale ? " pow2" : "");
    break;
  }
  os << " (seed " << seed << ")";
  return os.str();
}

int64_t Operand::numElements() const {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

std::string Operand::memrefType() const {
  return "memref<" + shapeText(shape) + elementType + ">";
}

std::string Operand::tensorType() const {
  return "tensor<" + shapeText(shape) + elementType + ">";
}

std::vector<Operand> fp8::sweep::operandsOf(const Case &c) {
  std::vector<Operand> operands;
  auto add = [&](std::string name, std::vector<int64_t> shape,
                 std::string element, int64_t bytes, bool isResult) {
    operands.push_back({std::move(name), std::move(shape), std::move(element),
                        bytes, isResult});
  };
  auto addScale = [&](std::string name, const ScaleShape &scale,
                      const std::vector<int64_t> &dims, bool isResult) {
    add(std::move(name), scale.sizes(dims), scale.e8m0 ? "f8E8M0FNU" : "f32",
        scale.e8m0 ? 1 : 4, isResult);
  };
  const std::vector<int64_t> matrix = {c.rows, c.columns};
  switch (c.op) {
  case OpKind::ScaledMatmul: {
    std::vector<int64_t> bDims = c.transposedB ? std::vector<int64_t>{c.n, c.k}
                                               : std::vector<int64_t>{c.k, c.n};
    add("a", {c.m, c.k}, mlirTypeOf(c.formatA), 1, false);
    add("b", bDims, mlirTypeOf(c.formatB), 1, false);
    operands.back().isConstant = c.constantB;
    addScale("scale_a", c.scaleA, {c.m, c.k}, false);
    addScale("scale_b", c.scaleB, bDims, false);
    if (c.bias)
      add("bias", {c.n}, "f32", 4, false);
    add("init", {c.m, c.n}, mlirTypeOf(c.result), bytesOf(c.result), false);
    add("result", {c.m, c.n}, mlirTypeOf(c.result), bytesOf(c.result), true);
    break;
  }
  case OpKind::Quantize:
    add("x", matrix, mlirTypeOf(c.element), bytesOf(c.element), false);
    addScale("scale", c.scale, matrix, false);
    add("codes", matrix, mlirTypeOf(c.format), 1, true);
    break;
  case OpKind::Dequantize:
    add("codes", matrix, mlirTypeOf(c.format), 1, false);
    addScale("scale", c.scale, matrix, false);
    add("result", matrix, mlirTypeOf(c.element), bytesOf(c.element), true);
    break;
  case OpKind::DynamicQuantize:
    add("x", matrix, mlirTypeOf(c.element), bytesOf(c.element), false);
    add("codes", matrix, mlirTypeOf(c.format), 1, true);
    addScale("scale", c.scale, matrix, true);
    break;
  }
  return operands;
}

std::vector<std::vector<uint8_t>> fp8::sweep::makeInputs(const Case &c) {
  std::mt19937_64 random(c.seed * 0x9E3779B97F4A7C15ull + 1);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  auto between = [&](float low, float high) {
    return low + (high - low) * unit(random);
  };
  auto positiveScale = [&](float log2Range) {
    return std::exp2(between(-log2Range, log2Range));
  };
  std::vector<std::vector<uint8_t>> inputs;
  auto codesOf = [&](FormatKind format, int64_t count, bool bounded) {
    std::vector<uint8_t> bytes(count);
    std::vector<uint8_t> codes = boundedCodes(format, 8.0f);
    for (uint8_t &byte : bytes)
      byte = bounded ? codes[random() % codes.size()]
                     : static_cast<uint8_t>(random());
    return bytes;
  };
  auto scalesOf = [&](const ScaleShape &scale, std::vector<int64_t> dims,
                      float log2Range) {
    int64_t count = 1;
    for (int64_t size : scale.sizes(dims))
      count *= size;
    std::vector<uint8_t> bytes;
    for (int64_t i = 0; i < count; ++i) {
      if (scale.e8m0)
        bytes.push_back(
            static_cast<uint8_t>(127 + static_cast<int>(random() % 9) - 4));
      else
        appendFloat(bytes, FloatKind::F32, positiveScale(log2Range));
    }
    return bytes;
  };
  // Values around every range an FP8 format has, with some specials.
  auto valuesOf = [&](FloatKind kind, int64_t count, double specials) {
    std::vector<uint8_t> bytes;
    for (int64_t i = 0; i < count; ++i) {
      float value;
      if (unit(random) < specials) {
        static const float table[] = {0.0f,     -0.0f,    INFINITY,   -INFINITY,
                                      NAN,      448.0f,   464.0f,     57344.0f,
                                      61440.0f, 15.5f,    30.0f,      240.0f,
                                      0x1p-9f,  0x1p-10f, 0x1.8p-10f, 0x1p-17f,
                                      0x1p-16f, 3e38f,    1e-40f,     -0x1p-9f};
        value = table[random() % (sizeof(table) / sizeof(table[0]))];
      } else {
        value = (random() % 2 ? -1.0f : 1.0f) * std::exp2(between(-20, 20));
      }
      appendFloat(bytes, kind, value);
    }
    return bytes;
  };
  const std::vector<int64_t> matrix = {c.rows, c.columns};
  switch (c.op) {
  case OpKind::ScaledMatmul: {
    std::vector<int64_t> bDims = c.transposedB ? std::vector<int64_t>{c.n, c.k}
                                               : std::vector<int64_t>{c.k, c.n};
    inputs.push_back(codesOf(c.formatA, c.m * c.k, true));
    inputs.push_back(codesOf(c.formatB, c.k * c.n, true));
    inputs.push_back(scalesOf(c.scaleA, {c.m, c.k}, 2));
    inputs.push_back(scalesOf(c.scaleB, bDims, 2));
    if (c.bias) {
      std::vector<uint8_t> bias;
      for (int64_t j = 0; j < c.n; ++j)
        appendFloat(bias, FloatKind::F32, between(-4, 4));
      inputs.push_back(bias);
    }
    std::vector<uint8_t> init;
    for (int64_t i = 0; i < c.m * c.n; ++i)
      appendFloat(init, c.result, between(-4, 4));
    inputs.push_back(init);
    break;
  }
  case OpKind::Quantize:
    inputs.push_back(valuesOf(c.element, c.rows * c.columns, 0.1));
    inputs.push_back(scalesOf(c.scale, matrix, 8));
    break;
  case OpKind::Dequantize:
    inputs.push_back(codesOf(c.format, c.rows * c.columns, false));
    inputs.push_back(scalesOf(c.scale, matrix, 8));
    break;
  case OpKind::DynamicQuantize:
    inputs.push_back(valuesOf(c.element, c.rows * c.columns, 0.02));
    break;
  }
  return inputs;
}

bool fp8::sweep::isValid(const Case &c) {
  if (c.op != OpKind::ScaledMatmul)
    return c.rows > 0 && c.columns > 0;
  if (c.m < 1 || c.n < 1 || c.k < 1)
    return false;
  // K blocks of the two scales, and the chunk inside them (C8).
  int64_t kBlockA = blockAt(c.scaleA, 1);
  int64_t kBlockB = blockAt(c.scaleB, c.transposedB ? 1 : 0);
  for (int64_t block : {kBlockA, kBlockB})
    if (block > 0 && c.k % block != 0)
      return false;
  if (blockAt(c.scaleA, 0) > 0 && c.m % blockAt(c.scaleA, 0) != 0)
    return false;
  int64_t nBlockB = blockAt(c.scaleB, c.transposedB ? 0 : 1);
  if (nBlockB > 0 && c.n % nBlockB != 0)
    return false;
  int64_t kBlock = c.k;
  for (int64_t block : {kBlockA, kBlockB})
    if (block > 0)
      kBlock = std::min(kBlock, block);
  if (c.chunk > 0 && c.chunk < kBlock && kBlock % c.chunk != 0)
    return false;
  return true;
}

Case fp8::sweep::drawCase(OpKind op, std::mt19937_64 &random, int64_t maxDim) {
  Case c;
  c.op = op;
  c.seed = random();
  auto formatOf = [&]() { return FormatKind(random() % kNumFormats); };
  auto floatOf = [&]() { return FloatKind(random() % 3); };
  if (op != OpKind::ScaledMatmul) {
    c.rows = drawDim(random, maxDim);
    c.columns = drawDim(random, maxDim);
    c.format = formatOf();
    c.element = floatOf();
    c.scale = drawElementwiseScale(random, c.rows, c.columns);
    if (op == OpKind::Quantize) {
      c.rounding = random() % 3;
      c.saturate = random() % 4 != 0;
    }
    if (op == OpKind::Dequantize && random() % 4 == 0)
      c.scale.e8m0 = true;
    if (op == OpKind::DynamicQuantize) {
      c.margin = static_cast<int>(random() % 5) - 2;
      c.pow2Scale = random() % 3 == 0;
      c.scale.e8m0 = c.pow2Scale && random() % 2;
    }
    return c;
  }

  // A budget of multiply-adds keeps the reference and the checks quick.
  do {
    c.m = drawDim(random, maxDim);
    c.n = drawDim(random, maxDim);
    c.k = drawDim(random, maxDim);
  } while (c.m * c.n * c.k > 4 * 1024 * 1024);
  // From the seed (the draws stay those of earlier sweeps): one case in
  // eight has a K whose rows of A outgrow L1, the kernels' cache-blocked
  // nest, with fewer rows and columns within the budget (unless sizes were
  // limited below the default).
  if (maxDim >= 256 && (c.seed >> 11) % 8 == 0) {
    static const std::vector<int64_t> longK = {1536, 2048, 2560, 3000};
    c.k = longK[(c.seed >> 14) % longK.size()];
    while (c.m * c.n * c.k > 4 * 1024 * 1024)
      (c.m > c.n ? c.m : c.n) /= 2;
  }
  c.formatA = random() % 2 ? FormatKind::E4M3 : formatOf();
  c.formatB = random() % 2 ? c.formatA : formatOf();
  c.transposedB = random() % 2;
  // From the seed, not a draw: the cases of a seed stay what they were.
  c.constantB = (c.seed >> 7) % 3 == 0 && mlirTypeOf(c.formatB)[0] != '!';
  // Scales: per tensor, per row / column, K blocks (DeepSeek's 1x128 and
  // 128x128 or other lengths), MX (E8M0 in 1x32 blocks).
  const int kind = random() % 5;
  const int64_t kBlock = kind == 4 ? 32 : pick(random, {16, 32, 64, 128});
  if (kind >= 3)
    c.k = std::max<int64_t>(1, c.k / kBlock) * kBlock;
  const int64_t nBlock = pick(random, divisorsOf(c.n));
  auto bBlocks = [&](int64_t alongK, int64_t alongN) {
    ScaleShape scale;
    scale.scalar = false;
    scale.blocks = c.transposedB ? std::vector<int64_t>{alongN, alongK}
                                 : std::vector<int64_t>{alongK, alongN};
    return scale;
  };
  switch (kind) {
  case 0:
    break;
  case 1:
    c.scaleA.scalar = false;
    c.scaleA.blocks = {0, 0};
    c.scaleB = bBlocks(0, 1);
    break;
  case 2:
    c.scaleA.scalar = false;
    c.scaleA.blocks = {1, 0};
    c.scaleB = bBlocks(0, random() % 2 ? 1 : nBlock);
    break;
  default:
    c.scaleA.scalar = false;
    c.scaleA.blocks = {1, kBlock};
    c.scaleB = bBlocks(kBlock, kind == 4 ? 1 : nBlock);
    c.scaleA.e8m0 = c.scaleB.e8m0 = kind == 4;
    break;
  }
  c.accumulator = random() % 2 ? FloatKind::F32 : floatOf();
  c.result = random() % 2 ? FloatKind::F32 : floatOf();
  c.bias = random() % 3 == 0;
  // Chunks: none, or lengths that divide the K blocks.
  if (random() % 2) {
    std::vector<int64_t> chunks =
        kind >= 3 ? divisorsOf(kBlock)
                  : std::vector<int64_t>{1, 3, 8, 16, 31, 32, 64, 100};
    c.chunk = pick(random, chunks);
  }
  return c;
}

std::vector<Case> fp8::sweep::simplerCases(const Case &c) {
  std::vector<Case> candidates;
  auto add = [&](Case candidate) {
    if (isValid(candidate))
      candidates.push_back(candidate);
  };
  // `dimension` at its smallest multiple of `unit`, at half, and one unit
  // smaller.
  auto shrink = [&](int64_t Case::*dimension, int64_t unit) {
    const int64_t size = c.*dimension;
    std::vector<int64_t> sizes;
    for (int64_t s : {unit, size / 2 / unit * unit, size - unit})
      if (s >= unit && s < size &&
          std::find(sizes.begin(), sizes.end(), s) == sizes.end())
        sizes.push_back(s);
    for (int64_t s : sizes) {
      Case smaller = c;
      smaller.*dimension = s;
      add(smaller);
    }
  };
  // `c` changed by `simplify`, when `applies`.
  auto simplify = [&](bool applies, llvm::function_ref<void(Case &)> change) {
    if (!applies)
      return;
    Case simpler = c;
    change(simpler);
    add(simpler);
  };
  if (c.op == OpKind::ScaledMatmul) {
    const size_t kDimB = c.transposedB ? 1 : 0, nDimB = 1 - kDimB;
    shrink(&Case::m, unitOf({blockAt(c.scaleA, 0)}));
    shrink(&Case::n, unitOf({blockAt(c.scaleB, nDimB)}));
    shrink(&Case::k, unitOf({blockAt(c.scaleA, 1), blockAt(c.scaleB, kDimB)}));
    simplify(c.bias, [](Case &s) { s.bias = false; });
    simplify(c.result != FloatKind::F32,
             [](Case &s) { s.result = FloatKind::F32; });
    simplify(!c.scaleA.scalar || !c.scaleB.scalar,
             [](Case &s) { s.scaleA = s.scaleB = ScaleShape(); });
    simplify(c.formatA != FormatKind::E4M3 || c.formatB != FormatKind::E4M3,
             [](Case &s) { s.formatA = s.formatB = FormatKind::E4M3; });
    simplify(c.transposedB, [](Case &s) {
      s.transposedB = false;
      if (!s.scaleB.scalar)
        std::swap(s.scaleB.blocks[0], s.scaleB.blocks[1]);
    });
    simplify(c.chunk != 0, [](Case &s) { s.chunk = 0; });
    simplify(c.constantB, [](Case &s) { s.constantB = false; });
    return candidates;
  }
  shrink(&Case::rows, unitOf({blockAt(c.scale, 0)}));
  shrink(&Case::columns, unitOf({blockAt(c.scale, 1)}));
  simplify(!c.scale.scalar, [](Case &s) {
    bool e8m0 = s.scale.e8m0;
    s.scale = ScaleShape();
    s.scale.e8m0 = e8m0;
  });
  simplify(c.element != FloatKind::F32,
           [](Case &s) { s.element = FloatKind::F32; });
  return candidates;
}
