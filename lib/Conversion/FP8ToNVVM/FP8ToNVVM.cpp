//===- FP8ToNVVM.cpp - fp8 ops to NVIDIA GPU kernels ----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The NVVM hooks of the shared fp8 GPU kernels (FP8ToGPU):
//  - encode: cvt.rn.satfinite.{e4m3,e5m2}x2.f32 (nvvm.convert.f32x2.to.f8x2)
//    for nearest_even + saturate, which is what it computes, with the spec's
//    NaN; everything else goes through the integer codec;
//  - decode: cvt.rn.f16x2.{e4m3,e5m2}x2 (exact: every E4M3 / E5M2 value is
//    an f16 value), then f16 -> f32;
//  - MMA: mma.sync.aligned.m16n8k32.row.col.f32.{e4m3,e5m2}.{e4m3,e5m2}.f32.
//    nvvm.mma.sync rejects FP8 operands in LLVM 22, so the kernel calls the
//    LLVM intrinsic, which needs PTX 8.4 (the pipeline attaches +ptx84).
//    On sm_90a, scaled matmuls that wgmma can take use the warpgroup kernel
//    of WarpgroupMatmulKernel.cpp instead.
//
// Fragment layouts (PTX ISA, "Matrix Fragments for mma.m16n8k32"), with
// g = lane / 4 and t = lane % 4:
//   A (16x32, row-major, 4 x b32 = 16 bytes): byte e = 4r + j holds
//     row g + 8 (r % 2), column 4t + 16 (r / 2) + j;
//   B (32x8, column-major, 2 x b32): byte e = 4r + j holds
//     row (k) 4t + 16 r + j, column g;
//   C/D (16x8 f32, 4 values): value i holds row g + 8 (i / 2),
//     column 2t + i % 2.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToNVVM/FP8ToNVVM.h"

#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TONVVMPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// E4M3FN and E5M2: the FP8 formats of NVIDIA's conversions and MMAs.
bool isNVIDIAFormat(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(type);
}

StringRef getPTXTypeName(Type type) {
  return isa<Float8E4M3FNType>(type) ? "e4m3" : "e5m2";
}

class NVVMTarget : public FP8GPUTarget {
public:
  explicit NVVMTarget(NVVMChip chip) : chip(chip) {}

  StringRef getPassName() const override { return "convert-fp8-to-nvvm"; }
  StringRef getChip() const override { return stringifyNVVMChip(chip); }

  // Formats without NVIDIA conversions go through the integer codec.
  LogicalResult checkFormat(Operation *, Type) const override {
    return success();
  }

  Value encode(OpBuilder &b, Location loc, Value value, Type type,
               ::fp8::EncodeOptions options) const override {
    if (!isNVIDIAFormat(type) ||
        options.rounding != ::fp8::Rounding::NearestEven || !options.saturate)
      return {};
    // Both halves convert `value`; the low byte is the one from `b`.
    Value packed = NVVM::ConvertF32x2ToF8x2Op::create(
        b, loc, b.getI16Type(), value, value, NVVM::FPRoundingMode::RN,
        NVVM::SaturationMode::SATFINITE, /*relu=*/false, type);
    Value code = arith::TruncIOp::create(b, loc, b.getI8Type(), packed);
    return fixEncodedNaN(b, loc, value, code,
                         ::fp8::getFormat(*getFormatKind(type)));
  }

  Value decode(OpBuilder &b, Location loc, Value code,
               Type type) const override {
    if (!isNVIDIAFormat(type))
      return {};
    auto pair = VectorType::get({2}, b.getI8Type());
    Value codes = vector::BroadcastOp::create(b, loc, pair, code);
    Value halves = NVVM::ConvertF8x2ToF16x2Op::create(
        b, loc, VectorType::get({2}, b.getF16Type()), codes,
        /*relu=*/false, type);
    Value half =
        vector::ExtractOp::create(b, loc, halves, ArrayRef<int64_t>{0});
    Value value = arith::ExtFOp::create(b, loc, b.getF32Type(), half);
    return fixDecodedNaN(b, loc, code, value,
                         ::fp8::getFormat(*getFormatKind(type)));
  }

  std::optional<MMAShape> getMMAShape(Type aType, Type bType) const override {
    if (!isNVIDIAFormat(aType) || !isNVIDIAFormat(bType))
      return std::nullopt;
    MMAShape shape;
    shape.m = 16;
    shape.n = 8;
    shape.k = 32;
    shape.lanes = 32;
    shape.aElements = 16;
    shape.bElements = 8;
    shape.accElements = 4;
    shape.tilesPerWarpN = 4;
    return shape;
  }

  std::pair<Value, Value> getACoordinate(OpBuilder &b, Location loc, Value lane,
                                         int64_t element) const override {
    int64_t reg = element / 4, byte = element % 4;
    Value g = group(b, loc, lane), t = threadInGroup(b, loc, lane);
    Value row = addConstant(b, loc, g, 8 * (reg % 2));
    Value k = addConstant(b, loc, times(b, loc, t, 4), 16 * (reg / 2) + byte);
    return {row, k};
  }

  std::pair<Value, Value> getBCoordinate(OpBuilder &b, Location loc, Value lane,
                                         int64_t element) const override {
    int64_t reg = element / 4, byte = element % 4;
    Value g = group(b, loc, lane), t = threadInGroup(b, loc, lane);
    Value k = addConstant(b, loc, times(b, loc, t, 4), 16 * reg + byte);
    return {k, g};
  }

  std::pair<Value, Value>
  getAccumulatorCoordinate(OpBuilder &b, Location loc, Value lane,
                           int64_t element) const override {
    Value g = group(b, loc, lane), t = threadInGroup(b, loc, lane);
    Value row = addConstant(b, loc, g, 8 * (element / 2));
    Value column = addConstant(b, loc, times(b, loc, t, 2), element % 2);
    return {row, column};
  }

  SmallVector<Value> emitMMA(OpBuilder &b, Location loc, Type aType, Type bType,
                             ArrayRef<Value> aBytes, ArrayRef<Value> bBytes,
                             ArrayRef<Value> acc) const override {
    SmallVector<Value> operands = packWords(b, loc, aBytes);
    llvm::append_range(operands, packWords(b, loc, bBytes));
    llvm::append_range(operands, acc);
    Type f32 = b.getF32Type();
    auto resultType = LLVM::LLVMStructType::getLiteral(
        b.getContext(), SmallVector<Type>(4, f32));
    std::string name =
        ("llvm.nvvm.mma.m16n8k32.row.col.f32." + getPTXTypeName(aType) + "." +
         getPTXTypeName(bType) + ".f32")
            .str();
    Value result = LLVM::CallIntrinsicOp::create(
                       b, loc, resultType, b.getStringAttr(name), operands)
                       .getResult(0);
    SmallVector<Value> values;
    for (int64_t i = 0; i < 4; ++i)
      values.push_back(LLVM::ExtractValueOp::create(b, loc, result, i));
    return values;
  }

private:
  static Value indexConst(OpBuilder &b, Location loc, int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  static Value group(OpBuilder &b, Location loc, Value lane) {
    return arith::DivUIOp::create(b, loc, lane, indexConst(b, loc, 4));
  }
  static Value threadInGroup(OpBuilder &b, Location loc, Value lane) {
    return arith::RemUIOp::create(b, loc, lane, indexConst(b, loc, 4));
  }
  static Value times(OpBuilder &b, Location loc, Value x, int64_t factor) {
    return arith::MulIOp::create(b, loc, x, indexConst(b, loc, factor));
  }
  static Value addConstant(OpBuilder &b, Location loc, Value x,
                           int64_t offset) {
    if (offset == 0)
      return x;
    return arith::AddIOp::create(b, loc, x, indexConst(b, loc, offset));
  }
  /// Little-endian b32 words of 4 bytes each (element 0 in the low byte).
  static SmallVector<Value> packWords(OpBuilder &b, Location loc,
                                      ArrayRef<Value> bytes) {
    Type i32 = b.getI32Type();
    SmallVector<Value> words;
    for (size_t w = 0; w < bytes.size() / 4; ++w) {
      Value word;
      for (int64_t j = 0; j < 4; ++j) {
        Value part = arith::ExtUIOp::create(b, loc, i32, bytes[4 * w + j]);
        if (j)
          part = arith::ShLIOp::create(
              b, loc, part, arith::ConstantIntOp::create(b, loc, i32, 8 * j));
        word =
            word ? arith::OrIOp::create(b, loc, word, part).getResult() : part;
      }
      words.push_back(word);
    }
    return words;
  }

  NVVMChip chip;
};

struct ConvertFP8ToNVVMPass
    : public mlir::fp8::impl::ConvertFP8ToNVVMPassBase<ConvertFP8ToNVVMPass> {
  using Base::Base;

  void runOnOperation() override {
    std::unique_ptr<FP8GPUTarget> target = createNVVMTarget(chip);
    RewritePatternSet patterns(&getContext());
    populateFP8ToNVVMPatterns(*target, patterns);
    if (failed(applyFP8ToGPULowering(getOperation(), *target,
                                     std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

bool mlir::fp8::isSupportedNVVMChip(StringRef chip) {
  return symbolizeNVVMChip(chip).has_value();
}

std::unique_ptr<FP8GPUTarget> mlir::fp8::createNVVMTarget(NVVMChip chip) {
  return std::make_unique<NVVMTarget>(chip);
}

void mlir::fp8::populateFP8ToNVVMPatterns(const FP8GPUTarget &target,
                                          RewritePatternSet &patterns) {
  populateFP8ToGPUKernelPatterns(target, patterns);
  if (target.getChip() == stringifyNVVMChip(NVVMChip::sm_90a))
    populateFP8ToNVVMWarpgroupMatmulPatterns(target, patterns);
}
