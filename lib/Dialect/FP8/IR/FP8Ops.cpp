//===- FP8Ops.cpp - FP8 dialect operations --------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Verifiers cite the constraints of docs/Spec.md as (C1), (C2), ...
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Ops.h"

#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "fp8/Numerics/Format.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::fp8;

#include "fp8/Dialect/FP8/IR/FP8Enums.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// DPS result types: one per tensor `into` operand (the trailing operands).
static LogicalResult inferDpsResultTypes(ValueRange operands, unsigned numInits,
                                         SmallVectorImpl<Type> &types) {
  if (operands.size() < numInits)
    return failure();
  for (Value init : operands.take_back(numInits))
    if (isa<RankedTensorType>(init.getType()))
      types.push_back(init.getType());
  return success();
}

/// Memrefs are read, `into` memrefs written (and read when `readsInits`).
static void getDpsEffects(
    Operation *op, bool readsInits,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  auto dps = cast<DestinationStyleOpInterface>(op);
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    bool isInit = dps.isDpsInit(&operand);
    if (!isInit || readsInits)
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
    if (isInit)
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

/// All shaped operands are tensors, or all are memrefs.
static LogicalResult verifyTensorOrBuffer(Operation *op, StringRef constraint) {
  bool anyTensor = false, anyMemRef = false;
  for (Value operand : op->getOperands()) {
    anyTensor |= isa<TensorType>(operand.getType());
    anyMemRef |= isa<MemRefType>(operand.getType());
  }
  if (anyTensor && anyMemRef)
    return op->emitOpError()
           << constraint
           << " operands must be all tensors or all memrefs, not a mix";
  return success();
}

static LogicalResult verifyScaleOperand(Operation *op, StringRef constraint,
                                        StringRef what, ShapedType data,
                                        ShapedType scale) {
  if (!isScaleElementType(scale.getElementType()))
    return op->emitOpError() << constraint << " " << what
                             << " element type must be f32 or f8E8M0FNU, got "
                             << scale.getElementType();
  return verifyBlockBroadcast([op] { return op->emitOpError(); }, constraint,
                              what, data, scale);
}

static ShapedType shapedTypeOf(Value value) {
  return cast<ShapedType>(value.getType());
}

/// The values of a constant scale tensor (f32 or f8E8M0FNU) as f32, one per
/// element (a splat too: ScaleIndexer indexes them).
static SmallVector<float> scaleValues(const ConstantElements &scale) {
  SmallVector<float> values;
  values.reserve(scale.getNumElements());
  for (int64_t i = 0, e = scale.getNumElements(); i < e; ++i)
    values.push_back(scale.getFloat(i));
  return values;
}

::fp8::EncodeOptions mlir::fp8::getEncodeOptions(Rounding rounding,
                                                 bool saturate) {
  ::fp8::EncodeOptions options;
  options.saturate = saturate;
  switch (rounding) {
  case Rounding::nearest_even:
    options.rounding = ::fp8::Rounding::NearestEven;
    break;
  case Rounding::toward_zero:
    options.rounding = ::fp8::Rounding::TowardZero;
    break;
  case Rounding::stochastic:
    options.rounding = ::fp8::Rounding::Stochastic;
    break;
  }
  return options;
}

/// The folders below write every element of their result. A splat operand
/// of a huge shape is a few bytes of IR: its result is a splat when it can
/// be one, and is not folded when it has more elements than this.
static constexpr int64_t kMaxFoldedSplatElements = int64_t(1) << 20;

/// Whether a static shape has more elements than kMaxFoldedSplatElements
/// (ShapedType::getNumElements overflows for shapes such as 4x2^62).
static bool exceedsFoldLimit(ShapedType type) {
  if (llvm::is_contained(type.getShape(), 0))
    return false;
  int64_t count = 1;
  for (int64_t size : type.getShape())
    if (__builtin_mul_overflow(count, size, &count) ||
        count > kMaxFoldedSplatElements)
      return true;
  return false;
}

/// Maps a linear element index of `data` to the linear index of its scale.
namespace {
class ScaleIndexer {
public:
  ScaleIndexer(ShapedType data, ShapedType scale)
      : dataShape(data.getShape()), scaleShape(scale.getShape()) {}

  int64_t scaleIndex(int64_t linearIndex) const {
    if (scaleShape.empty())
      return 0;
    int64_t result = 0, stride = 1;
    for (int64_t i = dataShape.size() - 1; i >= 0; --i) {
      int64_t coordinate = linearIndex % dataShape[i];
      linearIndex /= dataShape[i];
      int64_t block = dataShape[i] / scaleShape[i];
      result += (coordinate / block) * stride;
      stride *= scaleShape[i];
    }
    return result;
  }

private:
  ArrayRef<int64_t> dataShape, scaleShape;
};
} // namespace

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 1, inferredReturnTypes);
}

void QuantizeOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(*this, /*readsInits=*/false, effects);
}

LogicalResult QuantizeOp::verify() {
  ShapedType inputType = shapedTypeOf(getInput());
  ShapedType initType = shapedTypeOf(getInit());
  if (!isWideFloatType(inputType.getElementType()))
    return emitOpError("(C1) input element type must be f32, f16 or bf16, got ")
           << inputType.getElementType();
  if (!isFP8StorageType(initType.getElementType()))
    return emitOpError("(C2) result element type must be an FP8 storage type "
                       "(f8E4M3FN, f8E5M2, f8E3M4, !fp8.e3m4fn, f8E4M3FNUZ, "
                       "f8E5M2FNUZ, f8E4M3, f8E4M3B11FNUZ), got ")
           << initType.getElementType();
  if (failed(verifyCompatibleShape(inputType.getShape(), initType.getShape())))
    return emitOpError("(C3) input shape ")
           << inputType << " and result shape " << initType << " differ";
  if (failed(verifyScaleOperand(*this, "(C4)", "scale", inputType,
                                shapedTypeOf(getScale()))))
    return failure();
  bool stochastic = getRounding() == Rounding::stochastic;
  int seeds = (getSeed().has_value() ? 1 : 0) + (getSeedValue() ? 1 : 0);
  if (stochastic && seeds != 1)
    return emitOpError("(C5) stochastic rounding needs exactly one seed: the "
                       "`seed` attribute or a `seed(%s : i64)` operand");
  if (!stochastic && seeds != 0)
    return emitOpError("(C5) a seed is only allowed with stochastic rounding");
  return verifyTensorOrBuffer(*this, "(C6)");
}

/// The constant that `input` is: `folded` (the folder's operand attribute),
/// or a constant behind reshapes and casts, which keep the row-major order
/// of the elements. Upstream folds those ops on dense constants only: without
/// this, a weight behind a reshape would be quantized at compile time when it
/// is dense and at run time when it is dense_resource.
static Attribute constantThroughReshapes(Value input, Attribute folded) {
  if (folded)
    return folded;
  Operation *op = input.getDefiningOp();
  while (isa_and_present<tensor::ExpandShapeOp, tensor::CollapseShapeOp,
                         tensor::CastOp>(op)) {
    input = op->getOperand(0);
    op = input.getDefiningOp();
  }
  Attribute constant;
  matchPattern(input, m_Constant(&constant));
  return constant;
}

FailureOr<SmallVector<uint8_t>>
mlir::fp8::computeConstantQuantize(QuantizeOp op, Attribute inputAttr,
                                   Attribute scaleAttr) {
  if (!op.getResult())
    return failure();
  // dense or dense_resource; a blob that cannot be read is not folded (and
  // fp8-quantize, which made this op, has reported it).
  FailureOr<ConstantElements> input =
      ConstantElements::read(constantThroughReshapes(op.getInput(), inputAttr));
  if (!scaleAttr)
    matchPattern(op.getScale(), m_Constant(&scaleAttr));
  FailureOr<ConstantElements> scale = ConstantElements::read(scaleAttr);
  auto resultType = cast<RankedTensorType>(op.getResult().getType());
  std::optional<::fp8::FormatKind> kind =
      getFormatKind(resultType.getElementType());
  if (failed(input) || failed(scale) || !kind || !resultType.hasStaticShape())
    return failure();
  std::optional<uint64_t> seed = op.getSeed();
  if (Value seedValue = op.getSeedValue()) {
    APInt seedBits;
    if (!matchPattern(seedValue, m_ConstantInt(&seedBits)))
      return failure();
    seed = seedBits.zextOrTrunc(64).getZExtValue();
  }
  if (op.getRounding() == Rounding::stochastic && !seed)
    return failure();
  if (input->isSplat() && exceedsFoldLimit(resultType))
    return failure();

  const ::fp8::Format &format = ::fp8::getFormat(*kind);
  ::fp8::EncodeOptions options =
      getEncodeOptions(op.getRounding(), op.getSaturate());
  ScaleIndexer indexer(resultType, scale->getType());
  SmallVector<float> scales = scaleValues(*scale);
  SmallVector<uint8_t> codes;
  codes.reserve(resultType.getNumElements());
  for (int64_t index = 0, e = resultType.getNumElements(); index < e; ++index) {
    uint32_t bits = seed ? ::fp8::stochasticRoundingBits(*seed, index) : 0;
    codes.push_back(::fp8::quantize(format, input->getFloat(index),
                                    scales[indexer.scaleIndex(index)], options,
                                    bits));
  }
  return codes;
}

LogicalResult QuantizeOp::fold(FoldAdaptor adaptor,
                               SmallVectorImpl<OpFoldResult> &results) {
  auto resultType = dyn_cast_if_present<RankedTensorType>(
      getResult() ? getResult().getType() : Type());
  // Dialect storage types (!fp8.e3m4fn) have no dense attribute form: their
  // constants are made by the lowering, in storage (i8) form.
  auto elementType =
      resultType ? dyn_cast<FloatType>(resultType.getElementType()) : nullptr;
  if (!elementType)
    return failure();
  // A splat input and scale fold to a splat, however large the result.
  FailureOr<ConstantElements> input = ConstantElements::read(
      constantThroughReshapes(getInput(), adaptor.getInput()));
  FailureOr<ConstantElements> scale =
      ConstantElements::read(adaptor.getScale());
  if (succeeded(input) && succeeded(scale) && input->isSplat() &&
      scale->isSplat() && getRounding() != Rounding::stochastic &&
      resultType.hasStaticShape()) {
    const ::fp8::Format &format = ::fp8::getFormat(*getFormatKind(elementType));
    uint8_t code =
        ::fp8::quantize(format, input->getFloat(0), scale->getFloat(0),
                        getEncodeOptions(getRounding(), getSaturate()), 0);
    APFloat splat(elementType.getFloatSemantics(), APInt(8, code));
    results.push_back(
        DenseElementsAttr::get(resultType, ArrayRef<APFloat>(splat)));
    return success();
  }
  FailureOr<SmallVector<uint8_t>> codes =
      computeConstantQuantize(*this, adaptor.getInput(), adaptor.getScale());
  if (failed(codes))
    return failure();
  SmallVector<APFloat> values;
  values.reserve(codes->size());
  for (uint8_t code : *codes)
    values.emplace_back(elementType.getFloatSemantics(), APInt(8, code));
  results.push_back(DenseElementsAttr::get(resultType, values));
  return success();
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 1, inferredReturnTypes);
}

void DequantizeOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(*this, /*readsInits=*/false, effects);
}

LogicalResult DequantizeOp::verify() {
  ShapedType inputType = shapedTypeOf(getInput());
  ShapedType initType = shapedTypeOf(getInit());
  if (!isFP8StorageType(inputType.getElementType()))
    return emitOpError("(C1) input element type must be an FP8 storage type, "
                       "got ")
           << inputType.getElementType();
  if (!isWideFloatType(initType.getElementType()))
    return emitOpError("(C2) result element type must be f32, f16 or bf16, "
                       "got ")
           << initType.getElementType();
  if (failed(verifyCompatibleShape(inputType.getShape(), initType.getShape())))
    return emitOpError("(C3) input shape ")
           << inputType << " and result shape " << initType << " differ";
  if (failed(verifyScaleOperand(*this, "(C4)", "scale", inputType,
                                shapedTypeOf(getScale()))))
    return failure();
  return verifyTensorOrBuffer(*this, "(C5)");
}

LogicalResult DequantizeOp::fold(FoldAdaptor adaptor,
                                 SmallVectorImpl<OpFoldResult> &results) {
  if (!getResult())
    return failure();
  // FP8 codes, dense or dense_resource (imported FP8 weights).
  FailureOr<ConstantElements> input =
      ConstantElements::read(adaptor.getInput());
  FailureOr<ConstantElements> scale =
      ConstantElements::read(adaptor.getScale());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  if (failed(input) || failed(scale) || !resultType.hasStaticShape())
    return failure();
  const ::fp8::Format &format =
      ::fp8::getFormat(*getFormatKind(input->getElementType()));
  const llvm::fltSemantics &resultSemantics =
      cast<FloatType>(resultType.getElementType()).getFloatSemantics();
  auto dequantize = [&](uint64_t code, float factor) {
    APFloat value(
        ::fp8::dequantize(format, static_cast<uint8_t>(code), factor));
    bool losesInfo;
    value.convert(resultSemantics, APFloat::rmNearestTiesToEven, &losesInfo);
    return value;
  };
  if (input->isSplat() && scale->isSplat()) {
    APFloat splat = dequantize(input->getBits(0), scale->getFloat(0));
    results.push_back(
        DenseElementsAttr::get(resultType, ArrayRef<APFloat>(splat)));
    return success();
  }
  if (input->isSplat() && exceedsFoldLimit(resultType))
    return failure();

  ScaleIndexer indexer(resultType, scale->getType());
  SmallVector<float> scales = scaleValues(*scale);
  SmallVector<APFloat> values;
  values.reserve(resultType.getNumElements());
  for (int64_t index = 0, e = resultType.getNumElements(); index < e; ++index)
    values.push_back(
        dequantize(input->getBits(index), scales[indexer.scaleIndex(index)]));
  results.push_back(DenseElementsAttr::get(resultType, values));
  return success();
}

//===----------------------------------------------------------------------===//
// DynamicQuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DynamicQuantizeOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 2, inferredReturnTypes);
}

void DynamicQuantizeOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(*this, /*readsInits=*/false, effects);
}

LogicalResult DynamicQuantizeOp::verify() {
  ShapedType inputType = shapedTypeOf(getInput());
  ShapedType qType = shapedTypeOf(getQInit());
  ShapedType scaleType = shapedTypeOf(getScaleInit());
  if (!isWideFloatType(inputType.getElementType()))
    return emitOpError("(C1) input element type must be f32, f16 or bf16, got ")
           << inputType.getElementType();
  if (!isFP8StorageType(qType.getElementType()))
    return emitOpError("(C2) quantized result element type must be an FP8 "
                       "storage type, got ")
           << qType.getElementType();
  if (failed(verifyCompatibleShape(inputType.getShape(), qType.getShape())))
    return emitOpError("(C2) input shape ")
           << inputType << " and quantized result shape " << qType << " differ";
  if (failed(verifyScaleOperand(*this, "(C3)", "scale result", inputType,
                                scaleType)))
    return failure();
  if (isa<Float8E8M0FNUType>(scaleType.getElementType()) && !getPow2Scale())
    return emitOpError("(C4) f8E8M0FNU scales are powers of two: set "
                       "`pow2_scale = true`");
  int64_t margin = getMarginAttr().getInt();
  if (margin < -64 || margin > 64)
    return emitOpError("(C5) margin must be within [-64, 64], got ") << margin;
  return verifyTensorOrBuffer(*this, "(C6)");
}

//===----------------------------------------------------------------------===//
// ScaledMatmulOp and BatchScaledMatmulOp
//===----------------------------------------------------------------------===//

/// Elements of K per scale along K; `k` itself when the scale does not vary
/// along K (or K is dynamic there).
static int64_t kBlockOf(ShapedType data, ShapedType scale, int64_t kDim,
                        int64_t k) {
  if (scale.getRank() == 0 || scale.getDimSize(kDim) == 1)
    return k;
  if (ShapedType::isDynamic(scale.getDimSize(kDim)))
    return 1;
  if (ShapedType::isDynamic(data.getDimSize(kDim)))
    return k;
  return data.getDimSize(kDim) / scale.getDimSize(kDim);
}

std::optional<ScaleKBlocks>
mlir::fp8::getScaleKBlocks(ShapedType a, ShapedType b, ShapedType scaleA,
                           ShapedType scaleB, unsigned numBatchDims,
                           bool transposedB) {
  const int64_t kDimA = numBatchDims + 1;
  const int64_t kDimB = transposedB ? numBatchDims + 1 : numBatchDims;
  // K is static if either operand says so; the other may be dynamic.
  const int64_t k = ShapedType::isDynamic(a.getDimSize(kDimA))
                        ? b.getDimSize(kDimB)
                        : a.getDimSize(kDimA);
  if (ShapedType::isDynamic(k))
    return std::nullopt;
  return ScaleKBlocks{k, kBlockOf(a, scaleA, kDimA, k),
                      kBlockOf(b, scaleB, kDimB, k)};
}

template <typename OpTy> static LogicalResult verifyScaledMatmul(OpTy op) {
  const int64_t batch = op.getNumBatchDims();
  const int64_t rank = 2 + batch;
  ShapedType aType = shapedTypeOf(op.getA());
  ShapedType bType = shapedTypeOf(op.getB());
  ShapedType cType = shapedTypeOf(op.getInit());
  if (aType.getRank() != rank || !isFP8StorageType(aType.getElementType()))
    return op.emitOpError("(C1) A must be a rank-")
           << rank << " tensor or memref of an FP8 storage type, got " << aType;
  if (bType.getRank() != rank || !isFP8StorageType(bType.getElementType()))
    return op.emitOpError("(C2) B must be a rank-")
           << rank << " tensor or memref of an FP8 storage type, got " << bType;
  if (cType.getRank() != rank || !isWideFloatType(cType.getElementType()))
    return op.emitOpError("(C3) the result must be a rank-")
           << rank << " tensor or memref of f32, bf16 or f16, got " << cType;

  const bool transposed = op.isTransposedB();
  const int64_t mDim = batch, kDimA = batch + 1;
  const int64_t kDimB = transposed ? batch + 1 : batch;
  const int64_t nDimB = transposed ? batch : batch + 1;
  auto mismatch = [](int64_t x, int64_t y) {
    return !ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y;
  };
  if (batch && (mismatch(aType.getDimSize(0), bType.getDimSize(0)) ||
                mismatch(aType.getDimSize(0), cType.getDimSize(0))))
    return op.emitOpError("(C4) batch sizes of A ")
           << aType << ", B " << bType << " and the result " << cType
           << " differ";
  if (mismatch(aType.getDimSize(kDimA), bType.getDimSize(kDimB)))
    return op.emitOpError("(C4) K of A (")
           << aType.getDimSize(kDimA) << ") and K of B ("
           << bType.getDimSize(kDimB) << ") differ (B layout "
           << stringifyMatrixLayout(op.getBLayout()) << ")";
  if (mismatch(aType.getDimSize(mDim), cType.getDimSize(batch)) ||
      mismatch(bType.getDimSize(nDimB), cType.getDimSize(batch + 1)))
    return op.emitOpError("(C4) the result shape ")
           << cType << " is not [" << (batch ? "B, " : "") << "M, N] for A "
           << aType << " and B " << bType;

  ShapedType scaleAType = shapedTypeOf(op.getScaleA());
  ShapedType scaleBType = shapedTypeOf(op.getScaleB());
  if (failed(verifyScaleOperand(op, "(C5)", "scale_a", aType, scaleAType)) ||
      failed(verifyScaleOperand(op, "(C5)", "scale_b", bType, scaleBType)))
    return failure();

  Type accType = op.getAccumulatorType();
  if (!isWideFloatType(accType))
    return op.emitOpError("(C6) acc_type must be f32, f16 or bf16, got ")
           << accType;
  const int64_t chunk = op.getChunkAttr().getInt();
  if (chunk < 0)
    return op.emitOpError("(C7) chunk must be >= 0 (0: never promote), got ")
           << chunk;

  if (std::optional<ScaleKBlocks> blocks = getScaleKBlocks(
          aType, bType, scaleAType, scaleBType, batch, transposed)) {
    if (!blocks->agree())
      return op.emitOpError("(C8) scale_a and scale_b block K differently (")
             << blocks->blockA << " and " << blocks->blockB
             << " elements); K blocks must be equal when both vary along K";
    if (!blocks->allowsChunk(chunk))
      return op.emitOpError("(C8) chunk (")
             << chunk << ") must divide the K block of the scales ("
             << blocks->block() << ") so that block scales apply at promotion";
  }

  if (Value bias = op.getBias()) {
    ShapedType biasType = shapedTypeOf(bias);
    if (biasType.getRank() != 1 ||
        !isWideFloatType(biasType.getElementType()) ||
        mismatch(biasType.getDimSize(0), cType.getDimSize(batch + 1)))
      return op.emitOpError("(C9) bias must be a rank-1 tensor or memref of "
                            "N f32, bf16 or f16 values, got ")
             << biasType << " for N = " << cType.getDimSize(batch + 1);
  }
  return verifyTensorOrBuffer(op, "(C10)");
}

unsigned ScaledMatmulOp::getNumBatchDims() { return 0; }
unsigned BatchScaledMatmulOp::getNumBatchDims() { return 1; }

LogicalResult ScaledMatmulOp::verify() { return verifyScaledMatmul(*this); }
LogicalResult BatchScaledMatmulOp::verify() {
  return verifyScaledMatmul(*this);
}

LogicalResult ScaledMatmulOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 1, inferredReturnTypes);
}

LogicalResult BatchScaledMatmulOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 1, inferredReturnTypes);
}

void ScaledMatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(*this, /*readsInits=*/true, effects);
}

void BatchScaledMatmulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  getDpsEffects(*this, /*readsInits=*/true, effects);
}

//===----------------------------------------------------------------------===//
// ObserveOp
//===----------------------------------------------------------------------===//

namespace {
/// The calibration statistics an observer updates; keeps observers alive.
struct CalibrationResource
    : public SideEffects::Resource::Base<CalibrationResource> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CalibrationResource)
  StringRef getName() final { return "<fp8.calibration>"; }
};
} // namespace

LogicalResult ObserveOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferredReturnTypes) {
  return inferDpsResultTypes(operands, 1, inferredReturnTypes);
}

void ObserveOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  if (isa<MemRefType>(getInput().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getInputMutable(),
                         SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), CalibrationResource::get());
}

LogicalResult ObserveOp::verify() {
  if (getId().empty())
    return emitOpError("(C1) id must be a non-empty tensor id");
  if (!isWideFloatType(shapedTypeOf(getInput()).getElementType()))
    return emitOpError("(C2) input element type must be f32, f16 or bf16, got ")
           << shapedTypeOf(getInput()).getElementType();
  return success();
}

#define GET_OP_CLASSES
#include "fp8/Dialect/FP8/IR/FP8Ops.cpp.inc"
