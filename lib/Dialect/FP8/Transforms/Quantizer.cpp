//===- Quantizer.cpp - fp8-quantize's rewriting ---------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Inserts quantize/dequantize pairs on the targets of
// collectQuantizationTargets. Weights (constants, dense or dense_resource,
// possibly behind transposes) are quantized where the constant is, with
// scales computed here from its values (read by ConstantElements);
// activations get calibrated scales (static) or fp8.dynamic_quantize
// (dynamic). Each target's formats, granularity and method are the
// options' unless a recipe overrides them for its id (chooseFor).
//
// weight-format=int8 activation-format=int8 is the INT8 baseline that FP8 is
// compared with (Shen et al. 2023): symmetric, scale = amax / 127, values
// rounded to nearest even and clamped to [-127, 127], written as one
// fake-quantizing linalg.generic per QDQ (docs/Quantization.md says why not
// upstream's quant.qcast/dcast).
//
//===----------------------------------------------------------------------===//

#include "Quantizer.h"

#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>

using namespace mlir;
using namespace mlir::fp8;
using namespace mlir::fp8::detail;
namespace calibration = ::fp8::calibration;

TargetChoice mlir::fp8::detail::chooseFor(const QuantizeConfig &config,
                                          StringRef id) {
  TargetChoice choice{config.weightFormat, config.activationFormat,
                      config.granularity, config.method, /*keep=*/false};
  auto entry = config.overrides.find(id.str());
  if (entry == config.overrides.end())
    return choice;
  const calibration::RecipeOverride &override = entry->second;
  if (override.weightFormat)
    choice.weightFormat = &::fp8::getFormat(*override.weightFormat);
  if (override.activationFormat)
    choice.activationFormat = &::fp8::getFormat(*override.activationFormat);
  if (override.weightGranularity)
    choice.granularity =
        *override.weightGranularity == "tensor"  ? WeightGranularity::Tensor
        : *override.weightGranularity == "block" ? WeightGranularity::Block
                                                 : WeightGranularity::Channel;
  if (override.method)
    choice.method.method = *override.method;
  if (override.percentile)
    choice.method.percentile = *override.percentile;
  choice.keep = override.keep;
  return choice;
}

namespace {
struct WeightSource {
  arith::ConstantOp root;
  /// From the root to the use.
  SmallVector<linalg::TransposeOp> transposes;
};

/// The root constant of `value` through transposes only, if that is what
/// it is.
std::optional<WeightSource> findWeightSource(Value value) {
  WeightSource source;
  while (true) {
    if (auto constant = value.getDefiningOp<arith::ConstantOp>()) {
      // The test that made the target a weight (QuantizationTarget::
      // isConstant): a constant is read here, or is an activation for every
      // pass.
      if (!isCompileTimeConstant(constant.getResult()))
        return std::nullopt;
      source.root = constant;
      std::reverse(source.transposes.begin(), source.transposes.end());
      return source;
    }
    auto transpose = value.getDefiningOp<linalg::TransposeOp>();
    if (!transpose)
      return std::nullopt;
    source.transposes.push_back(transpose);
    value = transpose.getInput();
  }
}

/// Maps a dimension of the use back to the root through the transposes.
int64_t dimensionAtRoot(const WeightSource &source, int64_t dim) {
  if (dim < 0)
    return dim;
  for (linalg::TransposeOp transpose : llvm::reverse(source.transposes))
    dim = transpose.getPermutation()[dim];
  return dim;
}

/// Symmetric INT8 with the narrow range [-127, 127] (zero maps to zero and
/// the grid is symmetric, as per-channel INT8 weights are usually stored).
constexpr float kInt8Max = 127.0f;

/// Scale of an INT8 tensor or block with the given amax (1 for an all-zero
/// one, as computeScale does for FP8).
float int8Scale(float amax) {
  return amax > 0 && std::isfinite(amax) ? amax / kInt8Max : 1.0f;
}

/// The scale of a tensor or block with `amax` in `format` (INT8 when null).
float scaleFor(const ::fp8::Format *format, float amax) {
  return format ? ::fp8::computeScale(*format, amax) : int8Scale(amax);
}
} // namespace

LogicalResult Quantizer::quantize(QuantizationTarget &target) {
  Value value = target.uses.front()->get();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !isWideFloatType(type.getElementType()))
    return success(); // integer tensors and the like stay as they are
  // Already quantized (the pass ran before, or QDQ came from elsewhere).
  if (value.getDefiningOp<DequantizeOp>())
    return success();
  if (config.exclude && config.exclude->match(target.id)) {
    ++tally.excluded;
    return success();
  }
  TargetChoice choice = chooseFor(config, target.id);
  if (choice.keep) {
    ++tally.kept;
    return success();
  }
  if (config.skipFirstLast &&
      (target.anchorIsFirstConvolution || target.anchorIsLastMatmul)) {
    ++tally.skippedFirstLast;
    return success();
  }
  ++tally.quantized;
  LogicalResult quantized = target.isConstant
                                ? quantizeWeight(target, choice)
                                : quantizeActivation(target, type, choice);
  // fp8-fuse makes scaled matmuls of both.
  if (succeeded(quantized) && (target.kind == TargetKind::Matmul ||
                               target.kind == TargetKind::Convolution))
    recordAccumulation(target.anchor);
  return quantized;
}

/// Tells fp8-fuse how the scaled matmul it makes of `matmul` accumulates
/// (nothing for the default: f32, one chunk). The verifier of the scaled
/// matmul owns the rule that chunk must divide the K blocks of the
/// scales, and fp8-fuse applies it there, where the scales are known.
void Quantizer::recordAccumulation(Operation *matmul) {
  auto *dialect = context->getLoadedDialect<FP8Dialect>();
  if (config.accumulator != Accumulator::f32)
    dialect->getAccTypeAttrHelper().setAttr(
        matmul, TypeAttr::get(accumulatorType(config.accumulator)));
  if (config.chunk != 0)
    dialect->getChunkAttrHelper().setAttr(
        matmul, IntegerAttr::get(IntegerType::get(context, 64), config.chunk));
}

Type Quantizer::accumulatorType(Accumulator accumulator) {
  switch (accumulator) {
  case Accumulator::f32:
    return Float32Type::get(context);
  case Accumulator::f16:
    return Float16Type::get(context);
  case Accumulator::bf16:
    return BFloat16Type::get(context);
  }
  llvm_unreachable("unknown accumulator");
}

/// tensor.empty shaped like `like` with `elementType`.
Value Quantizer::emptyLike(OpBuilder &b, Location loc, Value like,
                           Type elementType) {
  return tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, like),
                                 elementType);
}

/// An f32 constant of `shape` holding `scales` (a splat for one value).
Value Quantizer::constantScale(OpBuilder &b, Location loc,
                               ArrayRef<int64_t> shape,
                               ArrayRef<float> scales) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<float>(scales)));
}

/// round(clamp(x / scale)) * scale on the INT8 grid, elementwise, with
/// `scale` broadcast over the dimensions where it has size 1.
Value Quantizer::fakeQuantizeInt8(OpBuilder &b, Location loc, Value value,
                                  Value scale) {
  auto type = cast<RankedTensorType>(value.getType());
  auto scaleType = cast<RankedTensorType>(scale.getType());
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> scaleIndex;
  for (int64_t d = 0; d < scaleType.getRank(); ++d)
    scaleIndex.push_back(scaleType.getDimSize(d) == type.getDimSize(d)
                             ? b.getAffineDimExpr(d)
                             : b.getAffineConstantExpr(0));
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap scaleMap = AffineMap::get(rank, 0, scaleIndex, context);
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  Type elementType = type.getElementType();
  Value init = emptyLike(b, loc, value, elementType);
  auto generic = linalg::GenericOp::create(
      b, loc, type, ValueRange{value, scale}, ValueRange{init},
      ArrayRef<AffineMap>{identity, scaleMap, identity}, parallel,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Type f32 = nb.getF32Type();
        // f16/bf16 inputs: the grid arithmetic is done in f32.
        Value x = args[0];
        if (elementType != f32)
          x = arith::ExtFOp::create(nb, nloc, f32, x);
        auto constant = [&](float v) {
          return arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(v));
        };
        Value scaled = arith::DivFOp::create(nb, nloc, x, args[1]);
        Value rounded = math::RoundEvenOp::create(nb, nloc, scaled);
        Value clamped = arith::MinimumFOp::create(
            nb, nloc,
            arith::MaximumFOp::create(nb, nloc, rounded, constant(-kInt8Max)),
            constant(kInt8Max));
        Value result = arith::MulFOp::create(nb, nloc, clamped, args[1]);
        if (elementType != f32)
          result = arith::TruncFOp::create(nb, nloc, elementType, result);
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

/// quantize + dequantize of `value` with `scale` into `format` (INT8 when
/// null); returns the dequantized value.
Value Quantizer::createQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                           const ::fp8::Format *format) {
  if (!format)
    return fakeQuantizeInt8(b, loc, value, scale);
  auto type = cast<RankedTensorType>(value.getType());
  Value qInit = emptyLike(b, loc, value, getStorageType(context, format->kind));
  Value quantized = QuantizeOp::create(b, loc, value, scale, qInit).getResult();
  Value dInit = emptyLike(b, loc, value, type.getElementType());
  return DequantizeOp::create(b, loc, quantized, scale, dInit).getResult();
}

/// quantize + dequantize of `value` with `scale`, replacing the uses.
void Quantizer::insertQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                          const ::fp8::Format *format,
                          ArrayRef<OpOperand *> uses) {
  Value dequantized = createQDQ(b, loc, value, scale, format);
  for (OpOperand *use : uses)
    use->set(dequantized);
}

LogicalResult Quantizer::quantizeActivation(QuantizationTarget &target,
                                            RankedTensorType type,
                                            const TargetChoice &choice) {
  const ::fp8::Format *format = choice.activationFormat;
  OpBuilder b(target.anchor);
  Location loc = target.anchor->getLoc();
  Value value = target.uses.front()->get();

  if (config.dynamic) {
    // Per token along matmul rows (attention: B columns), else per tensor.
    SmallVector<OpFoldResult> scaleSizes;
    Type scaleElement = b.getF32Type();
    if (target.tokenDim >= 0) {
      for (int64_t i = 0; i < type.getRank(); ++i)
        scaleSizes.push_back(i == target.tokenDim
                                 ? tensor::getMixedSize(b, loc, value, i)
                                 : OpFoldResult(b.getIndexAttr(1)));
    }
    Value scaleInit = tensor::EmptyOp::create(b, loc, scaleSizes, scaleElement);
    Value qInit =
        emptyLike(b, loc, value, getStorageType(context, format->kind));
    auto dynamicQuantize =
        DynamicQuantizeOp::create(b, loc, value, qInit, scaleInit);
    Value dInit = emptyLike(b, loc, value, type.getElementType());
    Value dequantized =
        DequantizeOp::create(b, loc, dynamicQuantize.getResult(0),
                             dynamicQuantize.getResult(1), dInit)
            .getResult();
    for (OpOperand *use : target.uses)
      use->set(dequantized);
    return success();
  }

  auto entry = config.table.tensors.find(target.id);
  if (entry == config.table.tensors.end())
    return emitError(loc) << "fp8-quantize: " << config.tableName
                          << " has no entry for tensor '" << target.id
                          << "' (calibrate with fp8-run --calibrate and the "
                             "same scheme, or exclude the tensor)";
  // INT8 allows max and percentile only, which do not look at the format.
  const ::fp8::Format &thresholdFormat =
      format ? *format : ::fp8::getFormat(::fp8::FormatKind::E4M3);
  double threshold = calibration::computeThreshold(
      entry->second, thresholdFormat, choice.method);
  float scale = scaleFor(format, static_cast<float>(threshold));
  Value scaleValue = constantScale(b, loc, {}, {scale});
  insertQDQ(b, loc, value, scaleValue, format, target.uses);
  return success();
}

/// Scale shape of a weight with shape `shape` at the root, or failure
/// with a diagnostic.
FailureOr<SmallVector<int64_t>>
Quantizer::weightScaleShape(QuantizationTarget &target, ArrayRef<int64_t> shape,
                            int64_t channelDim, int64_t reductionDim,
                            WeightGranularity granularity) {
  SmallVector<int64_t> scaleShape(shape.size(), 1);
  switch (granularity) {
  case WeightGranularity::Tensor:
    return SmallVector<int64_t>();
  case WeightGranularity::Channel:
    if (channelDim < 0)
      return SmallVector<int64_t>();
    scaleShape[channelDim] = shape[channelDim];
    return scaleShape;
  case WeightGranularity::Block:
    for (int64_t dim : {channelDim, reductionDim}) {
      if (dim < 0)
        continue;
      if (shape[dim] % config.blockSize != 0)
        return emitError(target.anchor->getLoc())
               << "fp8-quantize: block-size " << config.blockSize
               << " does not divide dimension " << dim << " (" << shape[dim]
               << ") of weight '" << target.id << "'";
      scaleShape[dim] = shape[dim] / config.blockSize;
    }
    return scaleShape;
  }
  return failure();
}

LogicalResult Quantizer::quantizeWeight(QuantizationTarget &target,
                                        const TargetChoice &choice) {
  const ::fp8::Format *format = choice.weightFormat;
  Location loc = target.anchor->getLoc();
  Value value = target.uses.front()->get();
  std::optional<WeightSource> source = findWeightSource(value);

  // Weights behind reshapes or broadcasts: per-tensor scale from the root
  // values, QDQ at the use.
  Value root = source ? source->root.getResult() : value;
  int64_t channelDim = -1, reductionDim = -1;
  if (source) {
    channelDim = dimensionAtRoot(*source, target.channelDim);
    reductionDim = dimensionAtRoot(*source, target.reductionDim);
  } else {
    Value walk = value;
    while (!walk.getDefiningOp<arith::ConstantOp>())
      walk = walk.getDefiningOp()->getOperand(0);
    root = walk;
  }
  auto rootType = cast<RankedTensorType>(root.getType());
  auto rootConstant = root.getDefiningOp<arith::ConstantOp>();
  // One diagnostic per constant, however many targets share it.
  if (unreadableConstants.contains(rootConstant))
    return failure();
  FailureOr<ConstantElements> elements =
      ConstantElements::read(rootConstant.getValue(), [&] {
        return emitError(rootConstant.getLoc())
               << "fp8-quantize: cannot read the values of weight '"
               << target.id << "': ";
      });
  if (failed(elements)) {
    unreadableConstants.insert(rootConstant);
    return failure();
  }

  SmallVector<int64_t> scaleShape;
  if (source) {
    FailureOr<SmallVector<int64_t>> shape =
        weightScaleShape(target, rootType.getShape(), channelDim, reductionDim,
                         choice.granularity);
    if (failed(shape))
      return failure();
    scaleShape = *shape;
  }

  // amax per scale block, then scale = amax / max_finite. A splat weight
  // (a few bytes of IR, whatever its shape) has one amax: one splat scale,
  // and the weight is never expanded.
  std::vector<float> scales;
  if (elements->isSplat()) {
    scales.push_back(scaleFor(format, std::fabs(elements->getFloat(0))));
  } else {
    ArrayRef<int64_t> dataShape = rootType.getShape();
    int64_t numScales = 1;
    for (int64_t size : scaleShape)
      numScales *= size;
    std::vector<float> amax(numScales, 0.0f);
    for (int64_t i = 0, e = elements->getNumElements(); i < e; ++i) {
      int64_t linear = i, scaleIndex = 0, stride = 1;
      for (int64_t d = dataShape.size() - 1; d >= 0; --d) {
        int64_t coordinate = linear % dataShape[d];
        linear /= dataShape[d];
        if (scaleShape.empty())
          continue;
        int64_t block = dataShape[d] / scaleShape[d];
        scaleIndex += (coordinate / block) * stride;
        stride *= scaleShape[d];
      }
      amax[scaleIndex] =
          std::max(amax[scaleIndex], std::fabs(elements->getFloat(i)));
    }
    for (float blockAmax : amax)
      scales.push_back(scaleFor(format, blockAmax));
  }

  OpBuilder b(target.anchor);
  Value scale = constantScale(b, loc, scaleShape, scales);
  if (!source) {
    insertQDQ(b, loc, value, scale, format, target.uses);
    return success();
  }
  // Quantize the constant itself (fp8.quantize folds to an FP8 constant),
  // dequantize, and replay the transposes on the dequantized value.
  Value current = createQDQ(b, loc, root, scale, format);
  for (linalg::TransposeOp transpose : source->transposes) {
    Value init =
        emptyLike(b, loc, transpose.getInit(), rootType.getElementType());
    current = linalg::TransposeOp::create(b, transpose.getLoc(), current, init,
                                          transpose.getPermutation())
                  ->getResult(0);
  }
  for (OpOperand *use : target.uses)
    use->set(current);
  return success();
}
