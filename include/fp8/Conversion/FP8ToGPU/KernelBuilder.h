//===- KernelBuilder.h - gpu.launch on device copies of buffers -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Helpers of the GPU kernels, shared by the vendor-neutral kernels
// (lib/Conversion/FP8ToGPU) and the chip-specific ones (the sm_90a wgmma
// matmul in lib/Conversion/FP8ToNVVM).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TOGPU_KERNELBUILDER_H
#define FP8_CONVERSION_FP8TOGPU_KERNELBUILDER_H

#include "fp8/Conversion/FP8ToGPU/FP8ToGPU.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinTypes.h"

#include <array>
#include <optional>

namespace mlir::fp8 {

/// A host buffer that a kernel uses: copied to the device before the launch
/// when `read`, back after it when `written`.
struct KernelBuffer {
  Value host;
  bool read = true;
  bool written = false;
};

/// Builds `gpu.launch` over device copies of `buffers` (gpu.alloc +
/// gpu.memcpy in and out, async on one stream, waited for at the end): the
/// host code stays correct whatever memory the buffers come from. `body`
/// gets the launch and the device buffers, in the order of `buffers`, and
/// must not add the terminator.
void buildDeviceLaunch(
    OpBuilder &b, Location loc, ArrayRef<KernelBuffer> buffers,
    std::array<Value, 3> gridSize, std::array<Value, 3> blockSize,
    function_ref<void(OpBuilder &, Location, gpu::LaunchOp, ArrayRef<Value>)>
        body);

/// Sizes of `memref` as index values.
SmallVector<Value> getDimSizes(OpBuilder &b, Location loc, Value memref);

/// Product of `sizes` (1 when empty).
Value getProduct(OpBuilder &b, Location loc, ArrayRef<Value> sizes);

/// Row-major multi-index of `linear` in a shape of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes);

/// Scale indices of the element at `dataIndices` of `data` (block-broadcast
/// rule); empty for a rank-0 scale.
SmallVector<Value> getScaleIndices(OpBuilder &b, Location loc, ShapedType data,
                                   ShapedType scale,
                                   ArrayRef<Value> dataIndices);

/// ceil(a / b) for index values.
Value ceilDiv(OpBuilder &b, Location loc, Value a, Value divisor);

/// Index constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

/// The i8 code of an FP8 storage element, decoded to f32 with the target's
/// instruction when it has one, else with the integer codec.
Value decodeElement(OpBuilder &b, Location loc, const FP8GPUTarget &target,
                    Value code, Type fp8Type);

/// f32 -> i8 code with the target's instruction when it rounds as the spec
/// says for `options`, else with the integer codec.
Value encodeElement(OpBuilder &b, Location loc, const FP8GPUTarget &target,
                    Value value, Type fp8Type, ::fp8::EncodeOptions options,
                    Value randomBits);

/// Checks the element types of `op`'s FP8 operands against the chip.
LogicalResult checkOperandFormats(Operation *op, const FP8GPUTarget &target,
                                  PatternRewriter &rewriter);

/// Shapes, buffers and index helpers of one memref-form scaled matmul
/// (fp8.scaled_matmul or fp8.batch_scaled_matmul) inside a kernel.
struct MatmulOperands {
  unsigned numBatchDims = 0;
  bool transposedB = false;
  MemRefType aType, bType, scaleAType, scaleBType, initType;
  Type aElement, bElement;
  // Device buffers (set inside the launch).
  Value a, b, scaleA, scaleB, bias, init;
  // Sizes (index values, from the host).
  Value m, n, k;
  // The batch index, set inside the kernel.
  Value batch;

  SmallVector<Value> withBatch(ArrayRef<Value> rest) const;
  SmallVector<Value> aIndices(Value row, Value kIndex) const {
    return withBatch({row, kIndex});
  }
  SmallVector<Value> bIndices(Value kIndex, Value column) const {
    return transposedB ? withBatch({column, kIndex})
                       : withBatch({kIndex, column});
  }
};

/// A memref-form scaled matmul about to become a kernel.
struct ScaledMatmulProblem {
  MatmulOperands ops;
  Type accType;
  /// K elements per promotion (Spec 5.4); none: one chunk of all of K.
  std::optional<int64_t> promotion;
  /// Number of batches (1 for fp8.scaled_matmul), index value.
  Value batches;
  /// A, B, scale_a, scale_b, [bias], init: the launch's device buffers.
  SmallVector<KernelBuffer> buffers;
};

/// Reads the types, sizes (host values built at `b`'s insertion point) and
/// promotion length of `op`, a memref-form fp8.scaled_matmul or
/// fp8.batch_scaled_matmul.
ScaledMatmulProblem getScaledMatmulProblem(OpBuilder &b, Operation *op);

/// The promotion length of `op` from its types and chunk attribute alone.
std::optional<int64_t> getStaticPromotionLength(Operation *op);

/// Launches `body` on a grid of `grid` (x, y; z is the batch) blocks of
/// `blockSize` threads, when the result is not empty. `body` gets the
/// operands with the device buffers and the batch index set.
void buildScaledMatmulLaunch(
    OpBuilder &b, Location loc, ScaledMatmulProblem &problem,
    std::array<Value, 2> grid, std::array<int64_t, 3> blockSize,
    function_ref<void(OpBuilder &, Location, gpu::LaunchOp,
                      const MatmulOperands &)>
        body);

/// The i8 code at `indices` of `memref`, or 0 when `inBounds` is false (the
/// load then reads element 0, which exists: no kernel is launched for empty
/// operands).
Value loadCodeOrZero(OpBuilder &b, Location loc, Value memref,
                     ArrayRef<Value> indices, Value inBounds);

/// f32 scale_a at (row, k) and scale_b at (k, column) (Spec 5.4 promotion).
Value loadScaleA(OpBuilder &b, Location loc, const MatmulOperands &ops,
                 Value row, Value kIndex);
Value loadScaleB(OpBuilder &b, Location loc, const MatmulOperands &ops,
                 Value kIndex, Value column);

/// C = round((f32(init) + total) + f32(bias)), stored at (row, column).
void storeScaledMatmulEpilogue(OpBuilder &b, Location loc,
                               const MatmulOperands &ops, Value row,
                               Value column, Value total);

void populateElementwiseKernelPatterns(const FP8GPUTarget &target,
                                       RewritePatternSet &patterns);
void populateMatmulKernelPatterns(const FP8GPUTarget &target,
                                  RewritePatternSet &patterns);

} // namespace mlir::fp8

#endif // FP8_CONVERSION_FP8TOGPU_KERNELBUILDER_H
