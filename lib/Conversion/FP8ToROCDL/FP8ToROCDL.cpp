//===- FP8ToROCDL.cpp - fp8 ops to AMD GPU kernels ------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The AMDGPU hooks of the shared fp8 GPU kernels (FP8ToGPU). gfx942 (CDNA3)
// holds FP8 in the FNUZ formats, gfx950 (CDNA4) in the OCP ones; the other
// family's hardware formats are an error (the instructions would read the
// bits as the chip's own format). Formats with no hardware support at all
// (E3M4, E4M3, E4M3B11FNUZ) take the integer codec on both.
//  - encode: v_cvt_pk_{fp8,bf8}_f32 (amdgpu.packed_trunc_2xfp8) rounds to
//    nearest even; the input is clamped to +-max first, so saturation is the
//    spec's whatever the instruction does on overflow; NaN as the spec.
//  - decode: v_cvt_f32_{fp8,bf8} (amdgpu.ext_packed_fp8), exact.
//  - MMA: amdgpu.mfma 16x16x32 (v_mfma_f32_16x16x32_{fp8,bf8}_{fp8,bf8}),
//    64 lanes; lane l holds A[l % 16][8 (l / 16) + e], B[8 (l / 16) + e]
//    [l % 16] for e < 8, and D[4 (l / 16) + i][l % 16] for i < 4.
//  - gfx950 MX matmuls (E8M0 1x32 scales): amdgpu.scaled_mfma 16x16x128,
//    ScaledMFMAMatmulKernel.cpp.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToROCDL/FP8ToROCDL.h"

#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TOROCDLPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {

bool isOCPFormat(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(type);
}
bool isFNUZFormat(Type type) {
  return isa<Float8E4M3FNUZType, Float8E5M2FNUZType>(type);
}

class ROCDLTarget : public FP8GPUTarget {
public:
  explicit ROCDLTarget(ROCDLChip chip) : chip(chip) {}

  StringRef getPassName() const override { return "convert-fp8-to-rocdl"; }
  StringRef getChip() const override { return stringifyROCDLChip(chip); }

  LogicalResult checkFormat(Operation *op, Type type) const override {
    if (chip == ROCDLChip::gfx942 && isOCPFormat(type))
      return op->emitError()
             << "convert-fp8-to-rocdl: chip gfx942 does not support " << type
             << " (OCP FP8); its FP8 formats are f8E4M3FNUZ and f8E5M2FNUZ";
    if (chip == ROCDLChip::gfx950 && isFNUZFormat(type))
      return op->emitError()
             << "convert-fp8-to-rocdl: chip gfx950 does not support " << type
             << " (FNUZ FP8); its FP8 formats are f8E4M3FN and f8E5M2";
    return success();
  }

  Value encode(OpBuilder &b, Location loc, Value value, Type type,
               ::fp8::EncodeOptions options) const override {
    if (!isHardwareFormat(type) ||
        options.rounding != ::fp8::Rounding::NearestEven || !options.saturate)
      return {};
    const ::fp8::Format &format = ::fp8::getFormat(*getFormatKind(type));
    // Clamp to +-max (NaN passes through minimumf/maximumf): with
    // saturation every larger magnitude rounds to max.
    Type f32 = b.getF32Type();
    Value max = arith::ConstantOp::create(
        b, loc, f32, b.getF32FloatAttr(format.maxFinite()));
    Value min = arith::ConstantOp::create(
        b, loc, f32, b.getF32FloatAttr(-format.maxFinite()));
    Value clamped = arith::MaximumFOp::create(
        b, loc, arith::MinimumFOp::create(b, loc, value, max), min);
    Value packed = amdgpu::PackedTrunc2xFp8Op::create(
        b, loc, VectorType::get({4}, type), clamped, Value(),
        /*wordIndex=*/0u, Value());
    Value element =
        vector::ExtractOp::create(b, loc, packed, ArrayRef<int64_t>{0});
    Value code = arith::BitcastOp::create(b, loc, b.getI8Type(), element);
    return fixEncodedNaN(b, loc, value, code, format);
  }

  Value decode(OpBuilder &b, Location loc, Value code,
               Type type) const override {
    if (!isHardwareFormat(type))
      return {};
    Value element = arith::BitcastOp::create(b, loc, type, code);
    Value value = amdgpu::ExtPackedFp8Op::create(b, loc, b.getF32Type(),
                                                 element, /*index=*/0u);
    return fixDecodedNaN(b, loc, code, value,
                         ::fp8::getFormat(*getFormatKind(type)));
  }

  std::optional<MMAShape> getMMAShape(Type aType, Type bType) const override {
    if (!isHardwareFormat(aType) || !isHardwareFormat(bType))
      return std::nullopt;
    MMAShape shape;
    shape.m = 16;
    shape.n = 16;
    shape.k = 32;
    shape.lanes = 64;
    shape.aElements = 8;
    shape.bElements = 8;
    shape.accElements = 4;
    shape.tilesPerWarpN = 2;
    return shape;
  }

  std::pair<Value, Value> getACoordinate(OpBuilder &b, Location loc, Value lane,
                                         int64_t element) const override {
    return {rem16(b, loc, lane), kOffset(b, loc, lane, element)};
  }

  std::pair<Value, Value> getBCoordinate(OpBuilder &b, Location loc, Value lane,
                                         int64_t element) const override {
    return {kOffset(b, loc, lane, element), rem16(b, loc, lane)};
  }

  std::pair<Value, Value>
  getAccumulatorCoordinate(OpBuilder &b, Location loc, Value lane,
                           int64_t element) const override {
    Value row = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, div16(b, loc, lane),
                              arith::ConstantIndexOp::create(b, loc, 4)),
        arith::ConstantIndexOp::create(b, loc, element));
    return {row, rem16(b, loc, lane)};
  }

  SmallVector<Value> emitMMA(OpBuilder &b, Location loc, Type aType, Type bType,
                             ArrayRef<Value> aBytes, ArrayRef<Value> bBytes,
                             ArrayRef<Value> acc) const override {
    auto fragment = [&](ArrayRef<Value> bytes, Type type) -> Value {
      Value vector = vector::FromElementsOp::create(
          b, loc, VectorType::get({8}, b.getI8Type()), bytes);
      return arith::BitcastOp::create(b, loc, VectorType::get({8}, type),
                                      vector);
    };
    auto accType = VectorType::get({4}, b.getF32Type());
    Value c = vector::FromElementsOp::create(b, loc, accType, acc);
    Value d = amdgpu::MFMAOp::create(b, loc, accType, /*m=*/16u, /*n=*/16u,
                                     /*k=*/32u, /*blocks=*/1u,
                                     fragment(aBytes, aType),
                                     fragment(bBytes, bType), c);
    SmallVector<Value> values;
    for (int64_t i = 0; i < 4; ++i)
      values.push_back(
          vector::ExtractOp::create(b, loc, d, ArrayRef<int64_t>{i}));
    return values;
  }

private:
  bool isHardwareFormat(Type type) const {
    return chip == ROCDLChip::gfx942 ? isFNUZFormat(type) : isOCPFormat(type);
  }
  static Value rem16(OpBuilder &b, Location loc, Value lane) {
    return arith::RemUIOp::create(b, loc, lane,
                                  arith::ConstantIndexOp::create(b, loc, 16));
  }
  static Value div16(OpBuilder &b, Location loc, Value lane) {
    return arith::DivUIOp::create(b, loc, lane,
                                  arith::ConstantIndexOp::create(b, loc, 16));
  }
  static Value kOffset(OpBuilder &b, Location loc, Value lane,
                       int64_t element) {
    return arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, div16(b, loc, lane),
                              arith::ConstantIndexOp::create(b, loc, 8)),
        arith::ConstantIndexOp::create(b, loc, element));
  }

  ROCDLChip chip;
};

struct ConvertFP8ToROCDLPass
    : public mlir::fp8::impl::ConvertFP8ToROCDLPassBase<ConvertFP8ToROCDLPass> {
  using Base::Base;

  void runOnOperation() override {
    std::unique_ptr<FP8GPUTarget> target = createROCDLTarget(chip);
    RewritePatternSet patterns(&getContext());
    populateFP8ToROCDLPatterns(*target, patterns);
    if (failed(applyFP8ToGPULowering(getOperation(), *target,
                                     std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

bool mlir::fp8::isSupportedROCDLChip(StringRef chip) {
  return symbolizeROCDLChip(chip).has_value();
}

std::unique_ptr<FP8GPUTarget> mlir::fp8::createROCDLTarget(ROCDLChip chip) {
  return std::make_unique<ROCDLTarget>(chip);
}

void mlir::fp8::populateFP8ToROCDLPatterns(const FP8GPUTarget &target,
                                           RewritePatternSet &patterns) {
  populateFP8ToGPUKernelPatterns(target, patterns);
  // Only CDNA4 has the scaled MFMA; gfx942 keeps the chunked kernel for MX.
  if (target.getChip() == stringifyROCDLChip(ROCDLChip::gfx950))
    populateFP8ToROCDLScaledMFMAMatmulPatterns(target, patterns);
}
