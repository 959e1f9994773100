//===- FloatCodec.cpp - FP8 encode/decode as arith ops --------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Mirrors lib/Numerics/Format.cpp step by step; keep the two in sync (the
// integration tests compare them bit for bit).
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8Common/FloatCodec.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>

using namespace mlir;
using namespace mlir::fp8;
using ::fp8::Encoding;
using ::fp8::Rounding;

/// `elementType`, shaped like `like` (scalar or vector).
static Type shapedLike(Type elementType, Value like) {
  if (auto vector = dyn_cast<VectorType>(like.getType()))
    return vector.clone(elementType);
  return elementType;
}

Value mlir::fp8::createConstantLike(OpBuilder &b, Location loc,
                                    Type elementType, Value like,
                                    int64_t intValue) {
  Type type = shapedLike(elementType, like);
  TypedAttr scalar = b.getIntegerAttr(elementType, intValue);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc,
                                     SplatElementsAttr::get(vector, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

Value mlir::fp8::createFloatConstantLike(OpBuilder &b, Location loc,
                                         Type elementType, Value like,
                                         double value) {
  Type type = shapedLike(elementType, like);
  TypedAttr scalar = b.getFloatAttr(elementType, value);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc,
                                     SplatElementsAttr::get(vector, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

namespace {
/// Terse arith builders over one shape.
struct ArithBuilder {
  OpBuilder &b;
  Location loc;
  Value like; // any value of the working shape

  Value i32(int64_t v) {
    return createConstantLike(b, loc, b.getI32Type(), like, v);
  }
  Value i64(int64_t v) {
    return createConstantLike(b, loc, b.getI64Type(), like, v);
  }
  Value i8(int64_t v) {
    return createConstantLike(b, loc, b.getI8Type(), like, v);
  }
  Value i16(int64_t v) {
    return createConstantLike(b, loc, b.getI16Type(), like, v);
  }
  Value f32(double v) {
    return createFloatConstantLike(b, loc, b.getF32Type(), like, v);
  }
  Type typeOf(Type element) { return shapedLike(element, like); }

  Value andi(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value ori(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value xori(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }
  Value addi(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subi(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value muli(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value shli(Value x, Value y) { return arith::ShLIOp::create(b, loc, x, y); }
  Value shrui(Value x, Value y) { return arith::ShRUIOp::create(b, loc, x, y); }
  Value shrsi(Value x, Value y) { return arith::ShRSIOp::create(b, loc, x, y); }
  Value maxsi(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value minsi(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value extui(Value x, Type element) {
    return arith::ExtUIOp::create(b, loc, typeOf(element), x);
  }
  Value extsi(Value x, Type element) {
    return arith::ExtSIOp::create(b, loc, typeOf(element), x);
  }
  Value trunci(Value x, Type element) {
    return arith::TruncIOp::create(b, loc, typeOf(element), x);
  }
  Value bitcast(Value x, Type element) {
    return arith::BitcastOp::create(b, loc, typeOf(element), x);
  }
};
} // namespace

/// |value| (its f32 bits) rounded to the format, as the code's magnitude
/// (exponent field << mantissaBits | mantissa), before overflow handling:
/// values of the format's normal range round their f32 bits directly (a
/// mantissa carry runs into the exponent, as it should); smaller ones round
/// in the FPU, by adding 2^(emin - mantissaBits + 23), whose ulp is the
/// format's subnormal step, so that the sum's low bits are the rounded
/// multiple of that step (the carry to the smallest normal included).
/// Nearest-even and toward-zero, all in i32 lanes: twice the vector
/// throughput of the generic i64 shifts below.
static Value encodeMagnitude(ArithBuilder &a, const ::fp8::Format &format,
                             Value absBits, Rounding rounding) {
  OpBuilder &b = a.b;
  Location loc = a.loc;
  using P = arith::CmpIPredicate;
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  const int emin = format.minNormalExponent();
  const int mantissaBits = static_cast<int>(format.mantissaBits);
  const int shift = 23 - mantissaBits;

  Value rounded = absBits;
  if (rounding == Rounding::NearestEven) {
    Value odd = a.andi(a.shrui(absBits, a.i32(shift)), a.i32(1));
    rounded = a.addi(absBits, a.addi(a.i32((1 << (shift - 1)) - 1), odd));
  }
  Value normal = a.subi(a.shrui(rounded, a.i32(shift)),
                        a.i32((127 - format.bias) << mantissaBits));

  Value absValue = a.bitcast(absBits, f32);
  Value subnormal;
  if (rounding == Rounding::NearestEven) {
    Value magic = a.f32(std::ldexp(1.0, emin - mantissaBits + 23));
    subnormal =
        a.subi(a.bitcast(arith::AddFOp::create(b, loc, absValue, magic), i32),
               a.bitcast(magic, i32));
  } else {
    // An exact power-of-two scaling, then truncation.
    Value steps = arith::MulFOp::create(
        b, loc, absValue, a.f32(std::ldexp(1.0, mantissaBits - emin)));
    subnormal = arith::FPToSIOp::create(b, loc, a.typeOf(i32), steps);
  }
  Value isSubnormal = a.cmp(P::ult, absBits, a.i32(int64_t(127 + emin) << 23));
  return a.select(isSubnormal, subnormal, normal);
}

/// The general form (stochastic rounding): the significand shifted right in
/// i64, so that the dropped bits can be compared with 32 random bits.
static Value encodeMagnitudeStochastic(ArithBuilder &a,
                                       const ::fp8::Format &format,
                                       Value absBits, Value randomBits) {
  OpBuilder &b = a.b;
  using P = arith::CmpIPredicate;
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  const int emin = format.minNormalExponent();
  const int mantissaBits = static_cast<int>(format.mantissaBits);

  // value = significand * 2^(exponent - 23); f32 subnormals have exponent
  // -126 and no implicit bit.
  Value exponentField = a.shrui(absBits, a.i32(23));
  Value exponent = a.subi(a.maxsi(exponentField, a.i32(1)), a.i32(127));
  Value implicitBit = a.select(a.cmp(P::ne, exponentField, a.i32(0)),
                               a.i32(0x800000), a.i32(0));
  Value significand = a.ori(a.andi(absBits, a.i32(0x7FFFFF)), implicitBit);

  // Keep `mantissaBits` fraction bits; below the normal range, fewer.
  Value belowNormal = a.maxsi(a.subi(a.i32(emin), exponent), a.i32(0));
  Value shift =
      a.minsi(a.addi(a.i32(23 - mantissaBits), belowNormal), a.i32(63));
  Value wide = a.extui(significand, i64);
  Value shift64 = a.extui(shift, i64);
  Value kept = a.shrui(wide, shift64);
  Value unit = a.shli(a.i64(1), shift64);
  Value dropped = a.andi(wide, a.subi(unit, a.i64(1)));

  // A uniform integer in [0, 2^shift) with 32 bits of resolution.
  Value random = a.extui(randomBits, i64);
  Value fits = a.cmp(P::ule, shift, a.i32(32));
  Value rightAmount = a.extui(a.maxsi(a.subi(a.i32(32), shift), a.i32(0)), i64);
  Value leftAmount = a.extui(a.maxsi(a.subi(shift, a.i32(32)), a.i32(0)), i64);
  Value scaled =
      a.select(fits, a.shrui(random, rightAmount), a.shli(random, leftAmount));
  Value roundUp = a.cmp(P::uge, a.addi(dropped, scaled), unit);
  kept = a.addi(kept, a.extui(roundUp, i64));

  // The implicit bit in `kept` (and a rounding carry) add to the exponent.
  Value exponentBase = a.maxsi(a.subi(exponent, a.i32(emin)), a.i32(0));
  return a.addi(a.shli(exponentBase, a.i32(mantissaBits)), a.trunci(kept, i32));
}

Value FloatCodec::encode(Value value, ::fp8::EncodeOptions options,
                         Value randomBits) {
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, value};
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  const int64_t maxCode = format.maxFiniteCode();

  Value bits = a.bitcast(value, i32);
  Value absBits = a.andi(bits, a.i32(0x7FFFFFFF));
  Value signByte = a.trunci(a.andi(a.shrui(bits, a.i32(24)), a.i32(0x80)), i8);
  Value isNaN = a.cmp(P::ugt, absBits, a.i32(0x7F800000));
  Value isInf = a.cmp(P::eq, absBits, a.i32(0x7F800000));

  Value magnitude =
      options.rounding == Rounding::Stochastic
          ? encodeMagnitudeStochastic(a, format, absBits, randomBits)
          : encodeMagnitude(a, format, absBits, options.rounding);
  magnitude = a.select(isInf, a.i32(0x7FFFFFFF), magnitude);
  Value overflow = a.cmp(P::ugt, magnitude, a.i32(maxCode));

  const bool towardZero = options.rounding == Rounding::TowardZero;
  Value overflowMagnitude = a.i32(maxCode);
  Value nanResult = isNaN;
  if (!options.saturate) {
    if (format.hasInfinity()) {
      Value infinity = a.i32(*format.infinityCode());
      overflowMagnitude =
          towardZero ? a.select(isInf, infinity, a.i32(maxCode)) : infinity;
    } else {
      // No infinity: overflow is NaN (toward zero: only for inf inputs).
      nanResult =
          a.ori(nanResult, towardZero ? a.andi(overflow, isInf) : overflow);
    }
  }
  Value magnitudeByte =
      a.trunci(a.select(overflow, overflowMagnitude, magnitude), i8);
  Value code = a.ori(signByte, magnitudeByte);
  if (!format.hasNegativeZero())
    code = a.select(a.cmp(P::eq, magnitudeByte, a.i8(0)), a.i8(0), code);
  Value nanCode = format.encoding == Encoding::FNUZ
                      ? a.i8(0x80)
                      : a.ori(signByte, a.i8(format.nanCode(false)));
  return a.select(nanResult, nanCode, code);
}

/// The finite decode without f16 (for E5M2FNUZ, whose exponent field 31
/// is finite): the f32 bits of the value, sign included.
static Value decodeFiniteBits(ArithBuilder &a, const ::fp8::Format &format,
                              Value code) {
  OpBuilder &b = a.b;
  Location loc = a.loc;
  using P = arith::CmpIPredicate;
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  const int mantissaBits = static_cast<int>(format.mantissaBits);

  Value wide = a.extui(code, i32);
  Value signBits = a.shli(a.andi(wide, a.i32(0x80)), a.i32(24));
  Value magnitude = a.andi(wide, a.i32(0x7F));
  Value exponentField = a.shrui(magnitude, a.i32(mantissaBits));
  Value mantissa = a.andi(magnitude, a.i32((1 << mantissaBits) - 1));

  // Normal: rebias the exponent, left-align the mantissa.
  Value normalBits =
      a.ori(a.shli(a.addi(exponentField, a.i32(127 - format.bias)), a.i32(23)),
            a.shli(mantissa, a.i32(23 - mantissaBits)));
  // Subnormal: mantissa * 2^(emin - mantissaBits), an exact f32 product.
  Value subnormal = arith::MulFOp::create(
      b, loc, arith::UIToFPOp::create(b, loc, a.typeOf(f32), mantissa),
      a.f32(std::ldexp(1.0, format.minNormalExponent() - mantissaBits)));
  Value bits = a.select(a.cmp(P::eq, exponentField, a.i32(0)),
                        a.bitcast(subnormal, i32), normalBits);
  bits = a.ori(bits, signBits);
  return bits;
}

/// Every FP8 format has at most 5 exponent and 10 mantissa bits, so its
/// magnitude bits shifted to the top of an f16 are an f16 whose value is
/// the FP8 value times 2^(bias - 15), subnormals included (both scale by
/// the same power of two). Decoding is then a shift, one f16 -> f32
/// conversion (vcvtph2ps on x86) and an exact multiply by 2^(15 - bias);
/// the codes that are not finite in the FP8 format are fixed up after.
/// (E5M2FNUZ is the exception: its exponent field 31 is finite, f16's is
/// not.)
/// The code's sign, exponent and mantissa in an f16's places (i16 bits):
/// sext(code) << shift puts the sign at bit 15 and the exponent and
/// mantissa under f16's, the mask drops the sign's copies in between. The
/// f16 exponent field is the code's, so for at most 4 exponent bits the
/// f16 is the value divided by 2^(15 - bias), subnormals included; E5M2's is
/// its f16. Special codes land as whatever f16 their bits spell.
static Value halfEmbeddingBits(ArithBuilder &a, const ::fp8::Format &format,
                               Value code) {
  const int shift = 10 - static_cast<int>(format.mantissaBits);
  const int64_t magnitudeMask = int64_t{0x7F} << shift;
  return a.andi(a.shli(a.extsi(code, a.b.getI16Type()), a.i16(shift)),
                a.i16(0x8000 | magnitudeMask));
}

Value FloatCodec::decode(Value code) {
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, code};
  Type i16 = b.getI16Type(), i32 = b.getI32Type(), f16 = b.getF16Type(),
       f32 = b.getF32Type();
  Value wide = a.extui(code, i16);
  Value magnitude = a.andi(wide, a.i16(0x7F));
  Value bits;
  if (format.exponentBits < 5 || format.encoding == Encoding::IEEE) {
    Value half = a.bitcast(halfEmbeddingBits(a, format, code), f16);
    Value value = arith::MulFOp::create(
        b, loc, arith::ExtFOp::create(b, loc, a.typeOf(f32), half),
        a.f32(std::ldexp(1.0, 15 - format.bias)));
    bits = a.bitcast(value, i32);
  } else {
    bits = decodeFiniteBits(a, format, code);
  }
  Value signBits = a.andi(bits, a.i32(0x80000000));

  switch (format.encoding) {
  case Encoding::IEEE: {
    Value infinity = a.i16(*format.infinityCode());
    bits = a.select(a.cmp(P::eq, magnitude, infinity),
                    a.ori(signBits, a.i32(0x7F800000)), bits);
    bits = a.select(a.cmp(P::ugt, magnitude, infinity),
                    a.ori(signBits, a.i32(0x7FC00000)), bits);
    break;
  }
  case Encoding::FN:
    bits = a.select(a.cmp(P::eq, magnitude, a.i16(0x7F)),
                    a.ori(signBits, a.i32(0x7FC00000)), bits);
    break;
  case Encoding::FNUZ:
    bits = a.select(a.cmp(P::eq, wide, a.i16(0x80)), a.i32(0x7FC00000), bits);
    break;
  }
  return a.bitcast(bits, f32);
}

bool FloatCodec::hasScaledHalfDecode() const {
  return format.exponentBits < 5 && format.encoding != Encoding::IEEE;
}

Value FloatCodec::decodeToScaledHalf(Value code, bool mayBeNaN) {
  assert(hasScaledHalfDecode() && "no f16 embedding of this format");
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, code};
  const int64_t magnitudeMask = int64_t{0x7F}
                                << (10 - static_cast<int>(format.mantissaBits));
  Value bits = halfEmbeddingBits(a, format, code);
  if (!mayBeNaN)
    return a.bitcast(bits, b.getF16Type());
  // NaN codes: FN's all-ones magnitude (either sign), FNUZ's negative zero.
  // XOR turns their bits into f16's quiet NaN 0x7E00, keeping FN's sign.
  Value isNaN;
  int64_t toNaN;
  if (format.encoding == Encoding::FN) {
    isNaN =
        a.cmp(P::eq, a.andi(bits, a.i16(magnitudeMask)), a.i16(magnitudeMask));
    toNaN = magnitudeMask ^ 0x7E00;
  } else {
    isNaN = a.cmp(P::eq, bits, a.i16(0x8000));
    toNaN = 0x8000 ^ 0x7E00;
  }
  bits = a.select(isNaN, a.xori(bits, a.i16(toNaN)), bits);
  return a.bitcast(bits, b.getF16Type());
}

Value FloatCodec::decodeFiniteToScaledFloatTop(Value code) {
  assert(hasScaledFloatTopDecode() && "a sign and 7 bits of magnitude");
  // f32's exponent field starts at bit 7 of its top half, its mantissa
  // ends at bit 0 of it: the code's exponent lands at the bottom of the
  // field (a bias of 127 instead of the format's), its mantissa at the
  // top of f32's.
  ArithBuilder a{b, loc, code};
  const int shift = 7 - static_cast<int>(format.mantissaBits);
  const int64_t magnitudeMask = int64_t{0x7F} << shift;
  return a.andi(a.shli(a.extsi(code, b.getI16Type()), a.i16(shift)),
                a.i16(0x8000 | magnitudeMask));
}

SmallVector<Value> FloatCodec::decodeFiniteToScaledFloatsInLanes(Value codes) {
  assert(hasScaledFloatTopDecode() && "a sign and 7 bits of magnitude");
  auto type = cast<VectorType>(codes.getType());
  assert(type.getRank() == 1 && type.getNumElements() % 4 == 0 &&
         type.getElementType().isInteger(8) && "4 x W i8 codes");
  const int64_t lanes = type.getNumElements() / 4;
  Type i16 = b.getI16Type(), i32 = b.getI32Type(), f32 = b.getF32Type();
  Value halves = vector::BitCastOp::create(
      b, loc, VectorType::get({2 * lanes}, i16), codes);
  ArithBuilder h{b, loc, halves};
  // An arithmetic shift right by 8 - shift takes a 16-bit half's high code
  // where decodeFiniteToScaledFloatTop puts it: its magnitude at bit shift,
  // its sign extended from bit 15. The low code is first shifted up.
  const int shift = 7 - static_cast<int>(format.mantissaBits);
  Value fromHigh = h.shrsi(halves, h.i16(8 - shift));
  Value fromLow = h.shrsi(h.shli(halves, h.i16(8)), h.i16(8 - shift));
  auto lanesType = VectorType::get({lanes}, i32);
  Value high = vector::BitCastOp::create(b, loc, lanesType, fromHigh);
  Value low = vector::BitCastOp::create(b, loc, lanesType, fromLow);
  ArithBuilder l{b, loc, high};
  // The top half of each lane, cleared but for the sign and magnitude.
  Value topMask = l.i32(int64_t{0x8000 | 0x7F << shift} << 16);
  auto top = [&](Value bits) { return l.bitcast(l.andi(bits, topMask), f32); };
  Value sixteen = l.i32(16);
  // Little endian: byte 0 is the low half's low code.
  return {top(l.shli(low, sixteen)), top(l.shli(high, sixteen)), top(low),
          top(high)};
}

Value FloatCodec::computeScale(Value amax, int64_t margin, bool powerOfTwo) {
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, amax};
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  Value scale = arith::DivFOp::create(b, loc, amax, a.f32(format.maxFinite()));
  if (margin != 0)
    scale =
        arith::MulFOp::create(b, loc, scale, a.f32(std::ldexp(1.0, margin)));
  // 0 -> 1; (0, 2^-126) -> 2^-126; NaN and inf stay. Compare the bits: the
  // scale is >= 0 unless amax is NaN.
  Value bits = a.bitcast(scale, i32);
  Value magnitude = a.andi(bits, a.i32(0x7FFFFFFF));
  Value isZero = a.cmp(P::eq, magnitude, a.i32(0));
  Value isSubnormal = a.cmp(P::ult, magnitude, a.i32(0x00800000));
  bits = a.select(isSubnormal, a.i32(0x00800000), bits);
  bits = a.select(isZero, a.i32(0x3F800000), bits);
  if (powerOfTwo) {
    // Round up to a power of two, at most 2^127; NaN and inf stay.
    Value exponentBits = a.andi(bits, a.i32(0x7F800000));
    Value isFinite = a.cmp(P::ne, exponentBits, a.i32(0x7F800000));
    Value hasFraction = a.cmp(P::ne, a.andi(bits, a.i32(0x7FFFFF)), a.i32(0));
    Value up = a.addi(exponentBits, a.i32(0x00800000));
    up = a.select(a.cmp(P::uge, up, a.i32(0x7F800000)), a.i32(0x7F000000), up);
    Value rounded = a.select(hasFraction, up, bits);
    bits = a.select(isFinite, rounded, bits);
  }
  return a.bitcast(bits, f32);
}

Value mlir::fp8::emitDecodeE8M0(OpBuilder &b, Location loc, Value code) {
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, code};
  Value wide = a.extui(code, b.getI32Type());
  Value bits = a.shli(wide, a.i32(23));
  bits = a.select(a.cmp(P::eq, wide, a.i32(0)), a.i32(0x00400000), bits);
  bits = a.select(a.cmp(P::eq, wide, a.i32(0xFF)), a.i32(0x7FC00000), bits);
  return a.bitcast(bits, b.getF32Type());
}

Value mlir::fp8::emitEncodePowerOfTwoE8M0(OpBuilder &b, Location loc,
                                          Value scale) {
  ArithBuilder a{b, loc, scale};
  Value exponentField =
      a.andi(a.shrui(a.bitcast(scale, b.getI32Type()), a.i32(23)), a.i32(0xFF));
  // NaN and inf (exponent field 255) map to the E8M0 NaN, 0xFF, as they are.
  return a.trunci(exponentField, b.getI8Type());
}

Value mlir::fp8::emitTruncateToBF16(OpBuilder &b, Location loc, Value value) {
  using P = arith::CmpIPredicate;
  ArithBuilder a{b, loc, value};
  Value bits = a.bitcast(value, b.getI32Type());
  Value lsb = a.andi(a.shrui(bits, a.i32(16)), a.i32(1));
  Value rounded = a.addi(bits, a.addi(a.i32(0x7FFF), lsb));
  // NaN: keep the sign and top payload bits, force a quiet NaN.
  Value isNaN =
      a.cmp(P::ugt, a.andi(bits, a.i32(0x7FFFFFFF)), a.i32(0x7F800000));
  Value quiet = a.ori(bits, a.i32(0x00400000));
  Value high = a.shrui(a.select(isNaN, quiet, rounded), a.i32(16));
  return a.bitcast(a.trunci(high, b.getI16Type()), b.getBF16Type());
}

Value mlir::fp8::emitStochasticRoundingBits(OpBuilder &b, Location loc,
                                            Value seed, Value index) {
  ArithBuilder a{b, loc, index};
  // SplitMix64 finalizer, as ::fp8::stochasticRoundingBits.
  Value z = a.addi(
      a.muli(seed, a.i64(static_cast<int64_t>(0x9E3779B97F4A7C15ull))), index);
  z = a.muli(a.xori(z, a.shrui(z, a.i64(30))),
             a.i64(static_cast<int64_t>(0xBF58476D1CE4E5B9ull)));
  z = a.muli(a.xori(z, a.shrui(z, a.i64(27))),
             a.i64(static_cast<int64_t>(0x94D049BB133111EBull)));
  z = a.xori(z, a.shrui(z, a.i64(31)));
  return a.trunci(a.shrui(z, a.i64(32)), b.getI32Type());
}

Value mlir::fp8::emitSeedToI64(OpBuilder &b, Location loc,
                               std::optional<uint64_t> seedAttr,
                               Value seedValue) {
  Type i64 = b.getI64Type();
  if (seedAttr)
    return arith::ConstantIntOp::create(b, loc, i64,
                                        static_cast<int64_t>(*seedAttr));
  if (!seedValue)
    return {};
  unsigned width = seedValue.getType().getIntOrFloatBitWidth();
  if (width < 64)
    return arith::ExtUIOp::create(b, loc, i64, seedValue);
  if (width > 64)
    return arith::TruncIOp::create(b, loc, i64, seedValue);
  return seedValue;
}

Value mlir::fp8::emitChunkScale(OpBuilder &b, Location loc, Value scaleA,
                                Value scaleB) {
  return arith::MulFOp::create(b, loc, scaleA, scaleB);
}

Value mlir::fp8::emitChunkPromotion(OpBuilder &b, Location loc, Value total,
                                    Value chunkSum, Value chunkScale) {
  if (chunkSum.getType() != total.getType())
    chunkSum = arith::ExtFOp::create(b, loc, total.getType(), chunkSum);
  Value scaled = arith::MulFOp::create(b, loc, chunkSum, chunkScale);
  return arith::AddFOp::create(b, loc, total, scaled);
}
