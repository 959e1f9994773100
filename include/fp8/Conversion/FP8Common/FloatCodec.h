//===- FloatCodec.h - FP8 encode/decode as arith ops ------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Emits the numerics library's algorithms (lib/Numerics/Format.cpp) as arith
// integer operations, so every lowering (linalg payloads, vector code, GPU
// kernels) rounds exactly as constant folding does. Works on scalars and on
// vectors: every emitted op takes the shape of its operand.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8COMMON_FLOATCODEC_H
#define FP8_CONVERSION_FP8COMMON_FLOATCODEC_H

#include "fp8/Numerics/Format.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

namespace mlir::fp8 {

/// Builds FP8 conversions for one format at one insertion point.
class FloatCodec {
public:
  FloatCodec(OpBuilder &builder, Location loc, const ::fp8::Format &format)
      : b(builder), loc(loc), format(format) {}

  /// f32 (scalar or vector) -> i8 code. `randomBits` (i32) is only used by
  /// stochastic rounding.
  Value encode(Value f32Value, ::fp8::EncodeOptions options,
               Value randomBits = {});

  /// i8 code -> f32, exact.
  Value decode(Value code);

  /// Whether decodeToScaledHalf applies: formats of at most 4 exponent bits
  /// whose only special codes are NaNs (FN and FNUZ encodings).
  bool hasScaledHalfDecode() const;
  /// The power of two that decodeToScaledHalf divides values by.
  int scaledHalfExponent() const { return 15 - format.bias; }
  /// i8 code -> f16 holding the code's value times 2^-scaledHalfExponent(),
  /// exactly (f16 holds every such value, subnormals included): the code's
  /// bits shifted into f16's, NaN codes to f16's quiet NaN with their sign
  /// (which extends to decode()'s f32 NaN). Three integer operations and a
  /// NaN fix-up a lane, for kernels that extend it to f32 with one
  /// conversion and fold the power of two into their other operand.
  /// `mayBeNaN` false (the codes are known to hold no NaN, e.g. constant
  /// weights) drops the fix-up.
  Value decodeToScaledHalf(Value code, bool mayBeNaN = true);

  /// Whether decodeFiniteToScaledFloatTop applies: a sign and 7 bits of
  /// magnitude (every FP8 format).
  bool hasScaledFloatTopDecode() const {
    return format.exponentBits + format.mantissaBits == 7;
  }
  /// The power of two that decodeFiniteToScaledFloatTop divides values by.
  int scaledFloatExponent() const { return 127 - format.bias; }
  /// i8 code -> i16, the top half of the f32 bits of the code's value times
  /// 2^-scaledFloatExponent() (its low half is zero), exactly: the code's
  /// sign and magnitude shifted into f32's, subnormal codes to f32
  /// subnormals. Two integer operations a lane and no conversion: kernels
  /// interleave the halves with zeros into f32 lanes. Only for codes known
  /// to be finite (constant weights without NaN or infinity codes).
  Value decodeFiniteToScaledFloatTop(Value code);
  /// decodeFiniteToScaledFloatTop for a 1-D vector of 4 x W i8 codes, read
  /// four to a 32-bit lane, into four vectors of W f32: vector j holds the
  /// codes at byte j of each lane (code 4 i + j in lane i). Shifts and masks
  /// only, two lanes of 16 bits at a time (9 operations per 4 x W codes),
  /// where interleaving the halves with zeros takes byte shuffles, which
  /// compete with the FMAs for ports.
  SmallVector<Value> decodeFiniteToScaledFloatsInLanes(Value codes);

  /// scale = amax / max_finite / 2^margin; 0 -> 1; optionally rounded up to a
  /// power of two (::fp8::computeScale).
  Value computeScale(Value amax, int64_t margin, bool powerOfTwo);

private:
  OpBuilder &b;
  Location loc;
  const ::fp8::Format &format;
};

/// f8E8M0FNU code (i8) -> f32 (::fp8::decodeE8M0).
Value emitDecodeE8M0(OpBuilder &b, Location loc, Value code);

/// A power-of-two f32 scale (as computeScale with powerOfTwo gives) -> its
/// f8E8M0FNU code (i8); NaN and inf give 0xFF.
Value emitEncodePowerOfTwoE8M0(OpBuilder &b, Location loc, Value scale);

/// The stochastic rounding bits (i32) of element `index` (i64) for `seed`
/// (i64), as ::fp8::stochasticRoundingBits.
Value emitStochasticRoundingBits(OpBuilder &b, Location loc, Value seed,
                                 Value index);

/// The seed of a stochastic quantize as i64: the `seed` attribute as a
/// constant, else the `seed_value` operand (any integer width) zero-extended
/// or truncated; null when the op has neither.
Value emitSeedToI64(OpBuilder &b, Location loc,
                    std::optional<uint64_t> seedAttr, Value seedValue);

/// The factor of one chunk's promotion: scale_a * scale_b (f32 scalars or
/// vectors). Kernels that load the scales apart from the sums build it here
/// and pass it to emitChunkPromotion.
Value emitChunkScale(OpBuilder &b, Location loc, Value scaleA, Value scaleB);

/// The promotion of one chunk sum (Spec 5.4): total + f32(chunkSum) *
/// chunkScale, with chunkScale from emitChunkScale. Every lowering builds it
/// here: results are bit-exact across targets only with this rounding order
/// (the scale product first, then the product with the sum, then the add).
/// Works on scalars and vectors; chunkSum is extended to total's type.
Value emitChunkPromotion(OpBuilder &b, Location loc, Value total,
                         Value chunkSum, Value chunkScale);

/// f32 -> bf16 with round-to-nearest-even and gradual underflow, as integer
/// ops: x86's vcvtneps2bf16 (what arith.truncf may become) flushes
/// subnormals to zero, which would make results depend on the host CPU.
Value emitTruncateToBF16(OpBuilder &b, Location loc, Value value);

/// An integer or float constant with the shape of `like` (scalar or vector)
/// and element type `elementType`.
Value createConstantLike(OpBuilder &b, Location loc, Type elementType,
                         Value like, int64_t intValue);
Value createFloatConstantLike(OpBuilder &b, Location loc, Type elementType,
                              Value like, double value);

} // namespace mlir::fp8

#endif // FP8_CONVERSION_FP8COMMON_FLOATCODEC_H
