//===- KernelUtils.cpp - pieces shared by the scaled-matmul kernels -------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::fp8;

Value mlir::fp8::padFloatTensor(OpBuilder &b, Location loc, Value source,
                                int64_t dim, int64_t size, double value) {
  auto type = cast<RankedTensorType>(source.getType());
  if (type.getDimSize(dim) == size)
    return source;
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> low(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(type.getRank(), b.getIndexAttr(0));
  high[dim] = b.getIndexAttr(size - shape[dim]);
  shape[dim] = size;
  Value padding = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), value));
  return tensor::PadOp::create(b, loc, type.clone(shape), source, low, high,
                               padding);
}

SmallVector<Value> mlir::fp8::buildParallelTiles(OpBuilder &b, Location loc,
                                                 ValueRange outputs,
                                                 ArrayRef<int64_t> tileSizes,
                                                 ParallelTileBody body) {
  const int64_t rank = tileSizes.size();
  auto isPanelMajor = [&](Value output) {
    return cast<RankedTensorType>(output.getType()).getRank() == rank + 1;
  };
  auto spaceOutput = llvm::find_if_not(outputs, isPanelMajor);
  assert(spaceOutput != outputs.end() && "no output spans the iterations");
  auto type = cast<RankedTensorType>((*spaceOutput).getType());
  SmallVector<OpFoldResult> lower, upper, steps, sizes;
  for (auto [size, tile] : llvm::zip_equal(type.getShape(), tileSizes)) {
    assert(size % tile == 0 && "tiles must divide the outputs");
    lower.push_back(b.getIndexAttr(0));
    upper.push_back(b.getIndexAttr(size));
    steps.push_back(b.getIndexAttr(tile));
    sizes.push_back(b.getIndexAttr(tile));
  }
  auto forall = scf::ForallOp::create(b, loc, lower, upper, steps, outputs,
                                      /*mapping=*/std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  SmallVector<Value> offsets(forall.getInductionVars());
  // Each output's slice at the iteration: offsets, sizes and strides.
  SmallVector<std::array<SmallVector<OpFoldResult>, 3>> slices;
  for (Value output : outputs) {
    if (!isPanelMajor(output)) {
      slices.push_back({getAsOpFoldResult(offsets), sizes,
                        SmallVector<OpFoldResult>(rank, b.getIndexAttr(1))});
      continue;
    }
    assert(rank == 2 && "panel-major outputs are matrices");
    const int64_t panelWidth = tileSizes[1];
    Value panel = arith::DivUIOp::create(
        b, loc, offsets[1], arith::ConstantIndexOp::create(b, loc, panelWidth));
    slices.push_back(
        {SmallVector<OpFoldResult>{panel, offsets[0], b.getIndexAttr(0)},
         SmallVector<OpFoldResult>{b.getIndexAttr(1), sizes[0], sizes[1]},
         SmallVector<OpFoldResult>(rank + 1, b.getIndexAttr(1))});
  }
  auto tileType = RankedTensorType::get(tileSizes, type.getElementType());
  SmallVector<Value> tiles;
  for (auto [shared, slice] :
       llvm::zip_equal(forall.getRegionIterArgs(), slices)) {
    auto sharedType = cast<RankedTensorType>(shared.getType());
    tiles.push_back(tensor::ExtractSliceOp::create(
        b, loc, tileType.clone(sharedType.getElementType()), shared, slice[0],
        slice[1], slice[2]));
  }
  SmallVector<Value> results = body(b, loc, offsets, tiles);
  b.setInsertionPointToEnd(forall.getTerminator().getBody());
  for (auto [result, shared, slice] :
       llvm::zip_equal(results, forall.getRegionIterArgs(), slices))
    tensor::ParallelInsertSliceOp::create(b, loc, result, shared, slice[0],
                                          slice[1], slice[2]);
  return SmallVector<Value>(forall.getResults());
}

ChunkScales mlir::fp8::buildChunkScales(OpBuilder &b, Location loc,
                                        ScaledMatmulOp op, Value scaleA,
                                        Value scaleB, int64_t promotion,
                                        int64_t chunks, int64_t mPadded,
                                        int64_t nPadded) {
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  auto scaleAType = cast<ShapedType>(op.getScaleA().getType());
  auto scaleBType = cast<ShapedType>(op.getScaleB().getType());
  const int64_t m = aType.getDimSize(0);
  const int64_t n = cast<ShapedType>(op.getInit().getType()).getDimSize(1);
  Type f32 = b.getF32Type();
  AffineMap identity2 = b.getMultiDimIdentityMap(2);
  AffineExpr d0 = b.getAffineDimExpr(0), d1 = b.getAffineDimExpr(1);
  auto toF32 = [&](OpBuilder &nb, Location nloc, ValueRange args) {
    linalg::YieldOp::create(nb, nloc, scaleToF32(nb, nloc, args[0]));
  };
  // (row, chunk): d0 is the row, d1 the chunk.
  Value rowsInit =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{m, chunks}, f32);
  Value rows =
      linalg::GenericOp::create(
          b, loc, rowsInit.getType(), ValueRange{scaleA}, ValueRange{rowsInit},
          ArrayRef<AffineMap>{
              scaleIndexingMap(aType, scaleAType, {d0, d1 * promotion}, 2),
              identity2},
          parallelLoops(2), toF32)
          .getResult(0);
  // (chunk, column): d0 is the chunk, d1 the column.
  Value columnsInit =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{chunks, n}, f32);
  AffineExpr chunkStart = d0 * promotion;
  Value columns =
      linalg::GenericOp::create(
          b, loc, columnsInit.getType(), ValueRange{scaleB},
          ValueRange{columnsInit},
          ArrayRef<AffineMap>{
              scaleIndexingMap(bType, scaleBType,
                               op.isTransposedB()
                                   ? SmallVector<AffineExpr>{d1, chunkStart}
                                   : SmallVector<AffineExpr>{chunkStart, d1},
                               2),
              identity2},
          parallelLoops(2), toF32)
          .getResult(0);
  return {padFloatTensor(b, loc, rows, 0, mPadded, 1.0),
          padFloatTensor(b, loc, columns, 1, nPadded, 1.0)};
}

FailureOr<StaticScaledMatmul>
mlir::fp8::matchStaticScaledMatmul(ScaledMatmulOp op, RewriterBase &rewriter) {
  if (!op.getResult())
    return rewriter.notifyMatchFailure(op, "memref form");
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  auto cType = cast<RankedTensorType>(op.getInit().getType());
  auto scaleAType = cast<ShapedType>(op.getScaleA().getType());
  auto scaleBType = cast<ShapedType>(op.getScaleB().getType());
  if (!aType.hasStaticShape() || !bType.hasStaticShape() ||
      !cType.hasStaticShape() || !scaleAType.hasStaticShape() ||
      !scaleBType.hasStaticShape())
    return rewriter.notifyMatchFailure(op, "dynamic shapes");
  StaticScaledMatmul matmul;
  matmul.formatA = &::fp8::getFormat(*getFormatKind(aType.getElementType()));
  matmul.formatB = &::fp8::getFormat(*getFormatKind(bType.getElementType()));
  matmul.transposed = op.isTransposedB();
  matmul.m = aType.getDimSize(0);
  matmul.k = aType.getDimSize(1);
  matmul.n = cType.getDimSize(1);
  if (matmul.m == 0 || matmul.n == 0 || matmul.k == 0)
    return rewriter.notifyMatchFailure(op, "empty dimension");
  matmul.promotion =
      getPromotionLength(aType, bType, scaleAType, scaleBType, 0,
                         matmul.transposed, op.getChunkAttr().getInt());
  return matmul;
}

StaticScaledMatmul::KChunking
StaticScaledMatmul::getKChunking(int64_t kStep) const {
  const int64_t kPadded = roundUp(k, kStep);
  const int64_t length = promotion.value_or(kPadded);
  return {kPadded, length, (kPadded + length - 1) / length};
}

Value StaticScaledMatmul::padA(OpBuilder &b, Location loc, Value a,
                               int64_t mPadded, int64_t kPadded) const {
  if (mPadded != m)
    a = padWithZeros(b, loc, a, 0, b.getIndexAttr(mPadded - m));
  if (kPadded != k)
    a = padWithZeros(b, loc, a, 1, b.getIndexAttr(kPadded - k));
  return a;
}

Value StaticScaledMatmul::padB(OpBuilder &b, Location loc, Value bStorage,
                               int64_t nPadded, int64_t kPadded) const {
  const int64_t nDim = transposed ? 0 : 1, kDim = transposed ? 1 : 0;
  if (nPadded != n)
    bStorage =
        padWithZeros(b, loc, bStorage, nDim, b.getIndexAttr(nPadded - n));
  if (kPadded != k)
    bStorage =
        padWithZeros(b, loc, bStorage, kDim, b.getIndexAttr(kPadded - k));
  return bStorage;
}

namespace {
/// The codes of a constant of 8-bit elements: an FP8 type (read by
/// ConstantElements, dense or dense_resource) or i8, the storage of the
/// dialect's formats (weights the lowering quantized at compile time).
class ConstantCodes {
public:
  static std::optional<ConstantCodes> read(Value value) {
    Attribute attr;
    if (!matchPattern(value, m_Constant(&attr)))
      return std::nullopt;
    if (auto ints = dyn_cast<DenseIntElementsAttr>(attr);
        ints && ints.getElementType().isInteger(8))
      return ConstantCodes(ints.getType(), ints.getElementType(), ints,
                           std::nullopt);
    FailureOr<ConstantElements> floats = ConstantElements::read(attr);
    if (failed(floats) || floats->getElementType().getWidth() != 8)
      return std::nullopt;
    return ConstantCodes(floats->getType(), floats->getElementType(), {},
                         *floats);
  }

  ShapedType getType() const { return type; }
  Type getElementType() const { return elementType; }
  /// Elements to look at to see every code (1 for a splat).
  int64_t getNumStored() const {
    const bool splat = floats ? floats->isSplat() : ints.isSplat();
    return splat ? 1 : type.getNumElements();
  }
  uint8_t code(int64_t index) const {
    if (floats)
      return static_cast<uint8_t>(
          floats->getBits(floats->isSplat() ? 0 : index));
    ArrayRef<char> raw = ints.getRawData();
    return static_cast<uint8_t>(raw[ints.isSplat() ? 0 : index]);
  }

private:
  ConstantCodes(ShapedType type, Type elementType, DenseIntElementsAttr ints,
                std::optional<ConstantElements> floats)
      : type(type), elementType(elementType), ints(ints), floats(floats) {}

  ShapedType type;
  Type elementType;
  DenseIntElementsAttr ints;
  std::optional<ConstantElements> floats;
};
} // namespace

/// Whether `value` is a constant of 8-bit codes none of which `rejects`.
static bool constantCodesPass(Value value,
                              llvm::function_ref<bool(uint8_t)> rejects) {
  std::optional<ConstantCodes> codes = ConstantCodes::read(value);
  if (!codes)
    return false;
  for (int64_t i = 0, e = codes->getNumStored(); i < e; ++i)
    if (rejects(codes->code(i)))
      return false;
  return true;
}

bool mlir::fp8::holdsNoNaNCode(Value value, const ::fp8::Format &format) {
  return constantCodesPass(value,
                           [&](uint8_t code) { return format.isNaN(code); });
}

bool mlir::fp8::holdsOnlyFiniteCodes(Value value, const ::fp8::Format &format) {
  return constantCodesPass(value, [&](uint8_t code) {
    return format.isNaN(code) || format.isInf(code);
  });
}

/// The codes of a constant matrix (static shape, rank 2), or none.
static std::optional<ConstantCodes> readConstantCodeMatrix(Value value) {
  std::optional<ConstantCodes> codes = ConstantCodes::read(value);
  if (!codes || !codes->getType().hasStaticShape() ||
      codes->getType().getRank() != 2)
    return std::nullopt;
  return codes;
}

bool mlir::fp8::isConstantCodeMatrix(Value value) {
  return readConstantCodeMatrix(value).has_value();
}

Value mlir::fp8::constantCodesKN(OpBuilder &b, Location loc, Value value,
                                 bool isNK, int64_t columns) {
  return constantCodesInPanels(b, loc, value, isNK, /*kPadded=*/0, columns,
                               /*panelWidth=*/0);
}

Value mlir::fp8::constantCodesInPanels(OpBuilder &b, Location loc, Value value,
                                       bool isNK, int64_t kPadded,
                                       int64_t nPadded, int64_t panelWidth,
                                       ArrayRef<int64_t> positionColumns) {
  std::optional<ConstantCodes> codes = readConstantCodeMatrix(value);
  if (!codes)
    return {};
  const int64_t n = codes->getType().getDimSize(isNK ? 0 : 1),
                k = codes->getType().getDimSize(isNK ? 1 : 0);
  // No panels: one [K, nPadded] matrix.
  const bool inPanels = panelWidth != 0;
  if (!inPanels) {
    kPadded = k;
    panelWidth = nPadded;
  }
  assert(kPadded >= k && nPadded >= n && nPadded % panelWidth == 0);
  const int64_t panels = nPadded / panelWidth;
  // The position of each column in its group.
  const int64_t group = positionColumns.empty() ? 1 : positionColumns.size();
  assert(panelWidth % group == 0);
  SmallVector<int64_t> columnPositions(group, 0);
  for (auto [position, column] : llvm::enumerate(positionColumns))
    columnPositions[column] = position;
  SmallVector<char> bytes(panels * kPadded * panelWidth, 0);
  for (int64_t row = 0; row < k; ++row)
    for (int64_t column = 0; column < n; ++column) {
      const int64_t index = isNK ? column * k + row : row * n + column;
      const int64_t panel = column / panelWidth, lane = column % panelWidth;
      const int64_t position =
          lane - lane % group + columnPositions[lane % group];
      bytes[(panel * kPadded + row) * panelWidth + position] =
          static_cast<char>(codes->code(index));
    }
  SmallVector<int64_t> shape = {kPadded, nPadded};
  if (inPanels)
    shape = {panels, kPadded, panelWidth};
  auto type = RankedTensorType::get(shape, codes->getElementType());
  return arith::ConstantOp::create(
      b, loc, type, DenseElementsAttr::getFromRawBuffer(type, bytes));
}

Value mlir::fp8::buildChunkPromotion(OpBuilder &b, Location loc,
                                     const ChunkScales &scales, Value row,
                                     Value chunk, Value column, Value sum,
                                     Value total) {
  auto totalType = cast<VectorType>(total.getType());
  if (sum.getType() != totalType)
    sum = arith::ExtFOp::create(b, loc, totalType, sum);
  if (scales.sumFactor != 1.0)
    sum = arith::MulFOp::create(
        b, loc, sum,
        arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(totalType,
                                   static_cast<float>(scales.sumFactor))));
  if (!scales.rows)
    return arith::AddFOp::create(b, loc, total, sum);
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value columnScale = vector::TransferReadOp::create(
      b, loc, totalType, scales.columns, ValueRange{chunk, column}, zero,
      ArrayRef<bool>{true});
  Value rowScale = vector::BroadcastOp::create(
      b, loc, totalType,
      tensor::ExtractOp::create(b, loc, scales.rows, ValueRange{row, chunk}));
  Value scale = emitChunkScale(b, loc, rowScale, columnScale);
  return emitChunkPromotion(b, loc, total, sum, scale);
}

std::pair<Value, Value> mlir::fp8::buildChunkKRange(OpBuilder &b, Location loc,
                                                    Value chunk,
                                                    int64_t promotion,
                                                    int64_t kEnd) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value kBegin = arith::MulIOp::create(b, loc, chunk, index(promotion));
  Value kStop = arith::MinSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, kBegin, index(promotion)),
      index(kEnd));
  return {kBegin, kStop};
}

SmallVector<Value> mlir::fp8::buildBroadcastProducts(
    OpBuilder &b, Location loc, Value a, Value row0, Value k, int64_t rows,
    ArrayRef<Value> columns, ValueRange accumulators,
    AccumulateStep accumulate) {
  auto vectorType = cast<VectorType>(accumulators.front().getType());
  const int64_t cv = columns.size();
  SmallVector<Value> next(accumulators);
  for (int64_t r = 0; r < rows; ++r) {
    Value row = arith::AddIOp::create(
        b, loc, row0, arith::ConstantIndexOp::create(b, loc, r));
    Value element = tensor::ExtractOp::create(b, loc, a, ValueRange{row, k});
    Value broadcast = vector::BroadcastOp::create(b, loc, vectorType, element);
    for (int64_t v = 0; v < cv; ++v)
      next[cv * r + v] =
          accumulate(b, loc, broadcast, columns[v], next[cv * r + v]);
  }
  return next;
}

Value mlir::fp8::buildRegisterBlockedKernel(
    OpBuilder &b, Location loc, VectorType accumulatorType, int64_t rows,
    int64_t mPadded, int64_t panels, int64_t chunks, int64_t promotion,
    int64_t kEnd, int64_t kStep, const ChunkScales &scales, KernelStep step,
    int64_t columnVectors, std::optional<CacheBlocks> cacheBlocks,
    bool panelMajor) {
  // Several blocks of rows reuse each panel: block k for the caches. One
  // block (GEMV, small batches) reads each panel once: nothing to reuse.
  if (cacheBlocks && mPadded > rows)
    return buildCacheBlockedKernel(b, loc, accumulatorType, rows, mPadded,
                                   panels, chunks, promotion, kEnd, kStep,
                                   scales, step, columnVectors, *cacheBlocks);
  const int64_t cv = columnVectors;
  const int64_t width = accumulatorType.getNumElements();
  Type f32 = b.getF32Type();
  // Chunk sums in the accumulator type, totals in f32.
  auto totalType = VectorType::get({width}, f32);
  Value zeroVector = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          accumulatorType,
          b.getFloatAttr(accumulatorType.getElementType(), 0.0)));
  Value zeroTotal = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(totalType, 0.0f));
  auto index = [&](OpBuilder &builder, int64_t value) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, value);
  };
  const int64_t panelWidth = cv * width;
  Value totalInit = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{mPadded, panels * panelWidth}, f32);

  // The block of rows at row0 (tileRow0 in `tile`) times the panel at
  // column0, written into `tile`.
  auto blockBody = [&](OpBuilder &b, Location loc, Value row0, Value tileRow0,
                       Value column0, Value tile) -> Value {
    Value panel = arith::DivUIOp::create(b, loc, column0, index(b, panelWidth));
    SmallVector<Value> zeros(cv * rows, zeroVector);
    SmallVector<Value> zeroTotals(cv * rows, zeroTotal);
    auto chunkLoop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, chunks), index(b, 1), zeroTotals,
        [&](OpBuilder &b, Location loc, Value chunk, ValueRange totals) {
          Value kBegin, kStop;
          std::tie(kBegin, kStop) =
              buildChunkKRange(b, loc, chunk, promotion, kEnd);
          auto kLoop = scf::ForOp::create(
              b, loc, kBegin, kStop, index(b, kStep), zeros,
              [&](OpBuilder &b, Location loc, Value k0,
                  ValueRange accumulators) {
                scf::YieldOp::create(
                    b, loc, step(b, loc, row0, panel, k0, accumulators));
              });
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r) {
            Value rowIndex = arith::AddIOp::create(b, loc, row0, index(b, r));
            for (int64_t v = 0; v < cv; ++v) {
              Value column =
                  arith::AddIOp::create(b, loc, column0, index(b, v * width));
              next.push_back(buildChunkPromotion(
                  b, loc, scales, rowIndex, chunk, column,
                  kLoop.getResult(cv * r + v), totals[cv * r + v]));
            }
          }
          scf::YieldOp::create(b, loc, next);
        });
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < cv; ++v)
        tile =
            vector::TransferWriteOp::create(
                b, loc, chunkLoop.getResult(cv * r + v), tile,
                ValueRange{arith::AddIOp::create(b, loc, tileRow0, index(b, r)),
                           index(b, v * width)},
                ArrayRef<bool>{true})
                .getResult();
    return tile;
  };
  if (!panelMajor) {
    // One parallel tile per block of rows and panel.
    auto tileBody = [&](OpBuilder &b, Location loc, ValueRange offsets,
                        ValueRange tiles) -> SmallVector<Value> {
      return {blockBody(b, loc, offsets[0], index(b, 0), offsets[1], tiles[0])};
    };
    return buildParallelTiles(b, loc, totalInit, {rows, panelWidth}, tileBody)
        .front();
  }
  // One parallel tile per panel, its blocks of rows in turn: the panel is
  // read from memory once and again from the caches.
  auto tileBody = [&](OpBuilder &b, Location loc, ValueRange offsets,
                      ValueRange tiles) -> SmallVector<Value> {
    auto rowLoop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, mPadded), index(b, rows), tiles,
        [&](OpBuilder &b, Location loc, Value row0, ValueRange rowArgs) {
          scf::YieldOp::create(
              b, loc, blockBody(b, loc, row0, row0, offsets[1], rowArgs[0]));
        });
    return {rowLoop.getResult(0)};
  };
  return buildParallelTiles(b, loc, totalInit, {mPadded, panelWidth}, tileBody)
      .front();
}

Value mlir::fp8::buildKernelEpilogue(OpBuilder &b, Location loc, Value total,
                                     int64_t m, int64_t n, Value init,
                                     Value bias) {
  Value totalSlice = tensor::ExtractSliceOp::create(
      b, loc, total,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(m), b.getIndexAttr(n)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  return buildScaledMatmulEpilogue(b, loc, totalSlice, init, bias);
}

/// The bits of the f32 `decoded` (an FP8 value) as bf16 bits in an i32's
/// low half: exact (see buildDecodeToBF16).
static Value topHalfBits(OpBuilder &b, Location loc, Value decoded) {
  Value bits = arith::BitcastOp::create(b, loc, b.getI32Type(), decoded);
  return arith::ShRUIOp::create(
      b, loc, bits, arith::ConstantIntOp::create(b, loc, b.getI32Type(), 16));
}

Value mlir::fp8::buildDecodeToBF16(OpBuilder &b, Location loc,
                                   const ::fp8::Format &format, Value input,
                                   AffineMap inputMap, Value output) {
  unsigned rank = cast<ShapedType>(output.getType()).getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  return linalg::GenericOp::create(
             b, loc, output.getType(), ValueRange{input}, ValueRange{output},
             ArrayRef<AffineMap>{inputMap, identity}, parallelLoops(rank),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value decoded = FloatCodec(nb, nloc, format)
                                   .decode(storageToCode(nb, nloc, args[0]));
               Value half = arith::TruncIOp::create(
                   nb, nloc, nb.getI16Type(), topHalfBits(nb, nloc, decoded));
               linalg::YieldOp::create(
                   nb, nloc,
                   arith::BitcastOp::create(nb, nloc, nb.getBF16Type(), half)
                       .getResult());
             })
      .getResult(0);
}

Value mlir::fp8::packInBF16Pairs(OpBuilder &b, Location loc,
                                 const ::fp8::Format &format, Value bStorage,
                                 bool transposed, int64_t panels,
                                 int64_t panelWidth, int64_t kPadded) {
  const int64_t kPairs = kPadded / 2;
  // Split K into (pair, half) and N into (panel, lane): kn [KP, 2, P, NR],
  // nk [P, NR, KP, 2].
  auto storageType = cast<RankedTensorType>(bStorage.getType());
  SmallVector<int64_t> splitShape =
      transposed ? SmallVector<int64_t>{panels, panelWidth, kPairs, 2}
                 : SmallVector<int64_t>{kPairs, 2, panels, panelWidth};
  SmallVector<ReassociationIndices> reassociation =
      transposed ? SmallVector<ReassociationIndices>{{0, 1}, {2, 3}}
                 : SmallVector<ReassociationIndices>{{0, 1}, {2, 3}};
  Value bSplit = tensor::ExpandShapeOp::create(
      b, loc, storageType.clone(splitShape), bStorage, reassociation);
  AffineExpr p = b.getAffineDimExpr(0), kp = b.getAffineDimExpr(1),
             l = b.getAffineDimExpr(2);
  auto halfMap = [&](int64_t half) {
    AffineExpr h = b.getAffineConstantExpr(half);
    return AffineMap::get(3, 0,
                          transposed ? SmallVector<AffineExpr>{p, l, kp, h}
                                     : SmallVector<AffineExpr>{kp, h, p, l},
                          b.getContext());
  };
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{panels, kPairs, panelWidth}, b.getI32Type());
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{bSplit, bSplit},
             ValueRange{init},
             ArrayRef<AffineMap>{halfMap(0), halfMap(1),
                                 b.getMultiDimIdentityMap(3)},
             parallelLoops(3),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               FloatCodec codec(nb, nloc, format);
               Value even = topHalfBits(
                   nb, nloc, codec.decode(storageToCode(nb, nloc, args[0])));
               Value odd = arith::BitcastOp::create(
                   nb, nloc, nb.getI32Type(),
                   codec.decode(storageToCode(nb, nloc, args[1])));
               // The odd k's bf16 is the f32's top half, already in place.
               Value oddHigh = arith::AndIOp::create(
                   nb, nloc, odd,
                   arith::ConstantIntOp::create(nb, nloc, nb.getI32Type(),
                                                0xFFFF0000));
               linalg::YieldOp::create(
                   nb, nloc,
                   arith::OrIOp::create(nb, nloc, even, oddHigh).getResult());
             })
      .getResult(0);
}
