//===- Quantize.cpp - fp8-quantize ----------------------------------------===//
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
// (dynamic).
//
// weight-format=int8 activation-format=int8 is the INT8 baseline that FP8 is
// compared with (Shen et al. 2023): symmetric, scale = amax / 127, values
// rounded to nearest even and clamped to [-127, 127], written as one
// fake-quantizing linalg.generic per QDQ (docs/Quantization.md says why not
// upstream's quant.qcast/dcast).
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Methods.h"
#include "fp8/Calibration/Statistics.h"
#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "fp8/Dialect/FP8/Transforms/QuantizationTargets.h"
#include "fp8/Numerics/Format.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

#include <charconv>
#include <cmath>

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8QUANTIZEPASS
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;
namespace calibration = ::fp8::calibration;

namespace {

enum class Granularity { Tensor, Channel, Block };

/// The pass options, checked.
struct QuantizeConfig {
  /// Null for INT8.
  const ::fp8::Format *weightFormat = nullptr;
  const ::fp8::Format *activationFormat = nullptr;
  /// weight-format=int8 activation-format=int8.
  bool int8 = false;
  QuantizationScheme scheme;
  bool dynamic;
  calibration::MethodOptions method;
  Granularity granularity;
  int64_t blockSize;
  bool skipFirstLast;
  std::optional<llvm::Regex> exclude;
  std::string calibrationPath;
  calibration::CalibrationTable table;
  /// How the scaled matmuls made of quantized matmuls accumulate.
  Accumulator accumulator;
  int64_t chunk;
};

/// The constant a weight comes from and the transposes between them.
struct WeightSource {
  arith::ConstantOp root;
  /// From the root to the use.
  SmallVector<linalg::TransposeOp> transposes;
};

/// The root constant of `value` through transposes only, if that is what
/// it is.
static std::optional<WeightSource> findWeightSource(Value value) {
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
static int64_t dimensionAtRoot(const WeightSource &source, int64_t dim) {
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
static float int8Scale(float amax) {
  return amax > 0 && std::isfinite(amax) ? amax / kInt8Max : 1.0f;
}

class Quantizer {
public:
  Quantizer(const QuantizeConfig &config, MLIRContext *context)
      : config(config), context(context) {}

  LogicalResult quantize(QuantizationTarget &target) {
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
    if (config.skipFirstLast &&
        (target.anchorIsFirstConvolution || target.anchorIsLastMatmul)) {
      ++tally.skippedFirstLast;
      return success();
    }
    ++tally.quantized;
    LogicalResult quantized = target.isConstant
                                  ? quantizeWeight(target, type)
                                  : quantizeActivation(target, type);
    // fp8-fuse makes scaled matmuls of both.
    if (succeeded(quantized) && (target.kind == TargetKind::Matmul ||
                                 target.kind == TargetKind::Convolution))
      recordAccumulation(target.anchor);
    return quantized;
  }

private:
  /// Tells fp8-fuse how the scaled matmul it makes of `matmul` accumulates
  /// (nothing for the default: f32, one chunk). The verifier of the scaled
  /// matmul owns the rule that chunk must divide the K blocks of the
  /// scales, and fp8-fuse applies it there, where the scales are known.
  void recordAccumulation(Operation *matmul) {
    auto *dialect = context->getLoadedDialect<FP8Dialect>();
    if (config.accumulator != Accumulator::f32)
      dialect->getAccTypeAttrHelper().setAttr(
          matmul, TypeAttr::get(accumulatorType(config.accumulator)));
    if (config.chunk != 0)
      dialect->getChunkAttrHelper().setAttr(
          matmul,
          IntegerAttr::get(IntegerType::get(context, 64), config.chunk));
  }

  Type accumulatorType(Accumulator accumulator) {
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

  Type storageType(const ::fp8::Format &format) {
    return getStorageType(context, format.kind);
  }

  /// tensor.empty shaped like `like` with `elementType`.
  Value emptyLike(OpBuilder &b, Location loc, Value like, Type elementType) {
    return tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, like),
                                   elementType);
  }

  /// An f32 constant of `shape` holding `scales` (a splat for one value).
  Value constantScale(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      ArrayRef<float> scales) {
    auto type = RankedTensorType::get(shape, b.getF32Type());
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<float>(scales)));
  }

  /// round(clamp(x / scale)) * scale on the INT8 grid, elementwise, with
  /// `scale` broadcast over the dimensions where it has size 1.
  Value fakeQuantizeInt8(OpBuilder &b, Location loc, Value value,
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
              arith::MaximumFOp::create(nb, nloc, rounded,
                                        constant(-kInt8Max)),
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
  Value createQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                  const ::fp8::Format *format) {
    if (!format)
      return fakeQuantizeInt8(b, loc, value, scale);
    auto type = cast<RankedTensorType>(value.getType());
    Value qInit = emptyLike(b, loc, value, storageType(*format));
    Value quantized = QuantizeOp::create(b, loc, value, scale, qInit)
                          .getResult();
    Value dInit = emptyLike(b, loc, value, type.getElementType());
    return DequantizeOp::create(b, loc, quantized, scale, dInit).getResult();
  }

  /// The scale of a tensor or block with `amax` in `format` (INT8 when null).
  static float scaleFor(const ::fp8::Format *format, float amax) {
    return format ? ::fp8::computeScale(*format, amax) : int8Scale(amax);
  }

  /// quantize + dequantize of `value` with `scale`, replacing the uses.
  void insertQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                 const ::fp8::Format *format, ArrayRef<OpOperand *> uses) {
    Value dequantized = createQDQ(b, loc, value, scale, format);
    for (OpOperand *use : uses)
      use->set(dequantized);
  }

  LogicalResult quantizeActivation(QuantizationTarget &target,
                                   RankedTensorType type) {
    const ::fp8::Format *format = config.activationFormat;
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
      Value scaleInit = tensor::EmptyOp::create(b, loc, scaleSizes,
                                                scaleElement);
      Value qInit = emptyLike(b, loc, value, storageType(*format));
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
      return emitError(loc) << "fp8-quantize: calibration table '"
                            << config.calibrationPath
                            << "' has no entry for tensor '" << target.id
                            << "' (calibrate with fp8-run --calibrate and the "
                               "same scheme, or exclude the tensor)";
    // INT8 allows max and percentile only, which do not look at the format.
    const ::fp8::Format &thresholdFormat =
        format ? *format : ::fp8::getFormat(::fp8::FormatKind::E4M3);
    double threshold = calibration::computeThreshold(
        entry->second, thresholdFormat, config.method);
    float scale = scaleFor(format, static_cast<float>(threshold));
    Value scaleValue = constantScale(b, loc, {}, {scale});
    insertQDQ(b, loc, value, scaleValue, format, target.uses);
    return success();
  }

  /// Scale shape of a weight with shape `shape` at the root, or failure
  /// with a diagnostic.
  FailureOr<SmallVector<int64_t>> weightScaleShape(QuantizationTarget &target,
                                                   ArrayRef<int64_t> shape,
                                                   int64_t channelDim,
                                                   int64_t reductionDim) {
    SmallVector<int64_t> scaleShape(shape.size(), 1);
    switch (config.granularity) {
    case Granularity::Tensor:
      return SmallVector<int64_t>();
    case Granularity::Channel:
      if (channelDim < 0)
        return SmallVector<int64_t>();
      scaleShape[channelDim] = shape[channelDim];
      return scaleShape;
    case Granularity::Block:
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

  LogicalResult quantizeWeight(QuantizationTarget &target,
                               RankedTensorType useType) {
    const ::fp8::Format *format = config.weightFormat;
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
      FailureOr<SmallVector<int64_t>> shape = weightScaleShape(
          target, rootType.getShape(), channelDim, reductionDim);
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
      Value init = emptyLike(b, loc, transpose.getInit(),
                             rootType.getElementType());
      current = linalg::TransposeOp::create(b, transpose.getLoc(), current,
                                            init, transpose.getPermutation())
                    ->getResult(0);
    }
    for (OpOperand *use : target.uses)
      use->set(current);
    return success();
  }

  const QuantizeConfig &config;
  MLIRContext *context;

public:
  /// What became of the targets, for the warnings about options that did
  /// nothing.
  struct Tally {
    int64_t quantized = 0, excluded = 0, skippedFirstLast = 0;
  } tally;
  /// Weights whose values could not be read, already reported.
  llvm::SmallPtrSet<Operation *, 4> unreadableConstants;
};

struct FP8QuantizePass : public mlir::fp8::impl::FP8QuantizePassBase<FP8QuantizePass> {
  using Base::Base;

  /// Checks every option; one diagnostic per problem, naming the option.
  LogicalResult resolve(QuantizeConfig &config) {
    Location loc = getOperation().getLoc();
    auto fail = [&](const Twine &message) {
      emitError(loc) << "fp8-quantize: " << message;
      return failure();
    };
    auto format = [&](StringRef option,
                      StringRef name) -> const ::fp8::Format * {
      std::optional<::fp8::FormatKind> kind = ::fp8::parseFormatName(name);
      if (!kind) {
        (void)fail(option + "='" + name + "' is not a format; expected one of " +
                   std::string(::fp8::formatNameList()) + ", int8");
        return nullptr;
      }
      return &::fp8::getFormat(*kind);
    };
    bool weightInt8 = weightFormat == "int8";
    bool activationInt8 = activationFormat == "int8";
    if (weightInt8 != activationInt8)
      return fail("int8 is a baseline for weights and activations together; "
                  "use weight-format=int8 activation-format=int8 (got "
                  "weight-format='" +
                  weightFormat + "' activation-format='" + activationFormat +
                  "')");
    config.int8 = weightInt8;
    if (!config.int8) {
      config.weightFormat = format("weight-format", weightFormat);
      config.activationFormat = format("activation-format", activationFormat);
      if (!config.weightFormat || !config.activationFormat)
        return failure();
    }
    std::optional<QuantizationScheme> parsedScheme =
        parseQuantizationScheme(scheme);
    if (!parsedScheme)
      return fail("scheme='" + scheme + "' is unknown; expected standard or "
                                        "extended");
    config.scheme = *parsedScheme;
    if (mode != "static" && mode != "dynamic")
      return fail("mode='" + mode + "' is unknown; expected static or dynamic");
    config.dynamic = mode == "dynamic";
    std::optional<calibration::Method> parsedMethod =
        calibration::parseMethod(method);
    if (!parsedMethod)
      return fail("method='" + method +
                  "' is unknown; expected max, percentile, mse or kl");
    config.method.method = *parsedMethod;
    if (!(percentile > 0 && percentile <= 100)) {
      // As written: 0, -5, 100.5, nan (std::to_string gives 0.000000).
      char text[64];
      auto end = std::to_chars(text, text + sizeof(text), percentile).ptr;
      return fail("percentile=" + std::string(text, end) +
                  " is out of range; expected a value in (0, 100]");
    }
    config.method.percentile = percentile;
    if (weightGranularity == "tensor")
      config.granularity = Granularity::Tensor;
    else if (weightGranularity == "channel")
      config.granularity = Granularity::Channel;
    else if (weightGranularity == "block")
      config.granularity = Granularity::Block;
    else
      return fail("weight-granularity='" + weightGranularity +
                  "' is unknown; expected tensor, channel or block");
    if (blockSize <= 0)
      return fail("block-size=" + std::to_string(blockSize) +
                  " must be positive");
    config.blockSize = blockSize;
    if (config.int8) {
      if (config.dynamic)
        return fail("int8 needs mode=static (fp8.dynamic_quantize produces "
                    "FP8 values)");
      if (config.method.method == calibration::Method::MSE ||
          config.method.method == calibration::Method::KL)
        return fail("method='" + method +
                    "' models the FP8 grid; with int8 use max or percentile");
      if (config.granularity == Granularity::Block)
        return fail("int8 supports weight-granularity=tensor or channel");
    }
    if (chunk < 0)
      return fail("chunk=" + std::to_string(chunk) +
                  " must be >= 0 (0: one chunk)");
    config.accumulator = accumulator;
    config.chunk = chunk;
    if (config.int8 && (accumulator != Accumulator::f32 || chunk != 0))
      return fail("accumulator and chunk choose how fp8.scaled_matmul "
                  "accumulates; int8 makes no fp8 ops");
    // Scales map amax to the largest finite value, so two extremes at the
    // same k (an outlier channel) make that product; above f16's range the
    // chunk sum is inf and the output NaN or inf, whatever the chunk.
    if (accumulator == Accumulator::f16 && !config.int8) {
      constexpr double kF16Max = 65504.0;
      double largestProduct =
          static_cast<double>(config.weightFormat->maxFinite()) *
          config.activationFormat->maxFinite();
      if (largestProduct > kF16Max)
        emitWarning(loc) << "fp8-quantize: accumulator=f16 with "
                         << "weight-format=" << weightFormat
                         << " activation-format=" << activationFormat
                         << ": a product of two values reaches "
                         << static_cast<int64_t>(largestProduct)
                         << ", above f16's largest finite value (65504), so "
                            "chunk sums can overflow to inf (bf16 has f32's "
                            "range; e3m4fn products stay within 900)";
    }
    config.skipFirstLast = skipFirstLast;
    if (!exclude.empty()) {
      config.exclude.emplace(exclude);
      std::string error;
      if (!config.exclude->isValid(error))
        return fail("exclude='" + exclude +
                    "' is not a valid regular expression: " + error);
    }
    if (config.dynamic && !calibration.empty())
      emitWarning(loc) << "fp8-quantize: mode=dynamic computes activation "
                          "scales at run time; calibration='"
                       << calibration << "' is not read";
    if (!config.dynamic) {
      if (calibration.empty())
        return fail("mode=static needs calibration=FILE (a table written by "
                    "fp8-run --calibrate), or use mode=dynamic");
      config.calibrationPath = calibration;
      llvm::Expected<calibration::CalibrationTable> table =
          calibration::CalibrationTable::readFile(calibration);
      if (!table)
        return fail(llvm::toString(table.takeError()));
      config.table = std::move(*table);
    }
    return success();
  }

  void runOnOperation() override {
    QuantizeConfig config;
    if (failed(resolve(config)))
      return signalPassFailure();
    if (!config.dynamic && failed(checkTable(config)))
      return signalPassFailure();
    Quantizer quantizer(config, &getContext());
    bool failedAny = false;
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, config.scheme))
        if (failed(quantizer.quantize(target)))
          failedAny = true;
    });
    if (failedAny)
      return signalPassFailure();
    warnAboutNoOps(quantizer.tally);
  }

  /// The module's side of the table's fingerprint: the shape of every
  /// activation fp8-insert-observers would observe under `scheme`, by id.
  std::map<std::string, calibration::Shape>
  observedShapes(QuantizationScheme scheme) {
    std::map<std::string, calibration::Shape> shapes;
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, scheme)) {
        auto type =
            dyn_cast<RankedTensorType>(target.uses.front()->get().getType());
        if (target.isConstant || !type ||
            !isWideFloatType(type.getElementType()))
          continue;
        calibration::Shape shape;
        for (int64_t dim : type.getShape())
          shape.push_back(ShapedType::isDynamic(dim) ? calibration::kDynamicDim
                                                     : dim);
        shapes.emplace(target.id, std::move(shape));
      }
    });
    return shapes;
  }

  /// "'a', 'b' and 3 more": ids in a message.
  static std::string listIds(ArrayRef<std::string> ids) {
    constexpr size_t kShown = 4;
    std::string text;
    for (size_t i = 0; i < ids.size() && i < kShown; ++i)
      text += (i ? ", '" : "'") + ids[i] + "'";
    if (ids.size() > kShown)
      text += " and " + std::to_string(ids.size() - kShown) + " more";
    return text;
  }

  /// Compares the table's fingerprint with the module (another model's
  /// table shares ids such as fc1/lhs, and would quantize with the wrong
  /// scales in silence). A mismatch is an error unless allow-table-mismatch;
  /// entries the module does not use are a warning.
  LogicalResult checkTable(const QuantizeConfig &config) {
    Location loc = getOperation().getLoc();
    const calibration::CalibrationTable &table = config.table;
    std::map<std::string, calibration::Shape> module =
        observedShapes(config.scheme);
    // Nothing reads the table (an already fused module): the no-op
    // warnings say so.
    if (module.empty())
      return success();
    std::vector<std::string> unused;
    for (const auto &entry : table.tensors)
      if (!module.count(entry.first))
        unused.push_back(entry.first);
    std::string name = "calibration table '" + calibration + "'";

    if (!table.hasFingerprint()) {
      emitWarning(loc) << "fp8-quantize: " << name
                       << " is version 1 and carries no fingerprint, so it "
                          "cannot be checked against this module (calibrate "
                          "again with fp8-run --calibrate to write version "
                       << calibration::CalibrationTable::kVersion << ")";
    } else {
      std::vector<std::string> reasons, missing;
      if (!table.scheme.empty() && table.scheme != scheme)
        reasons.push_back("the table was calibrated with scheme=" +
                          table.scheme + ", this pass runs scheme=" + scheme);
      for (const auto &[id, shape] : module) {
        auto entry = table.shapes.find(id);
        if (entry == table.shapes.end())
          missing.push_back(id);
        else if (!calibration::compatibleShapes(entry->second, shape))
          reasons.push_back("tensor '" + id + "' has shape " +
                            calibration::formatShape(entry->second) +
                            " in the table but " +
                            calibration::formatShape(shape) +
                            " in the module");
      }
      if (!missing.empty())
        reasons.push_back("the module's " + listIds(missing) +
                          (missing.size() == 1 ? " is" : " are") +
                          " missing from the table");
      if (!unused.empty())
        reasons.push_back("the table's " + listIds(unused) +
                          (unused.size() == 1 ? " is" : " are") +
                          " not in the module");
      if (!reasons.empty()) {
        std::string message = "fp8-quantize: " + name +
                              " was not calibrated on this module: " +
                              llvm::join(reasons, "; ");
        if (!allowTableMismatch) {
          emitError(loc) << message
                         << " (calibrate this module with fp8-run "
                            "--calibrate, or pass allow-table-mismatch=true "
                            "to use the table anyway)";
          return failure();
        }
        emitWarning(loc) << message
                         << "; used anyway (allow-table-mismatch=true)";
        return success();
      }
    }
    if (!unused.empty())
      emitWarning(loc) << "fp8-quantize: " << name << " has "
                       << (unused.size() == 1 ? "an entry" : "entries")
                       << " this module does not use: " << listIds(unused)
                       << " (a table of another model?)";
    return success();
  }

  /// One line on stderr for each option that changed nothing (the exit code
  /// stays 0): a silent no-op looks like a quantized model.
  void warnAboutNoOps(const Quantizer::Tally &tally) {
    Location loc = getOperation().getLoc();
    if (!exclude.empty() && tally.excluded == 0)
      emitWarning(loc) << "fp8-quantize: exclude='" << exclude
                       << "' matches no tensor id; every target was "
                          "quantized (ids are as in the calibration table, "
                          "e.g. fc1/lhs)";
    if (skipFirstLast && tally.skippedFirstLast > 0 && tally.quantized == 0)
      emitWarning(loc) << "fp8-quantize: skip-first-last kept every "
                          "quantizable op in high precision (the model's "
                          "first convolution or last matmul is its only one): "
                          "nothing was quantized";
  }
};
} // namespace
