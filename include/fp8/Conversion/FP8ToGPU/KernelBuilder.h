//===- KernelBuilder.h - gpu.launch on device copies of buffers -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Internal helpers of the shared GPU kernels.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_LIB_CONVERSION_FP8TOGPU_KERNELBUILDER_H
#define FP8_LIB_CONVERSION_FP8TOGPU_KERNELBUILDER_H

#include "fp8/Conversion/FP8ToGPU/FP8ToGPU.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinTypes.h"

#include <array>

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

void populateElementwiseKernelPatterns(const FP8GPUTarget &target,
                                       RewritePatternSet &patterns);
void populateMatmulKernelPatterns(const FP8GPUTarget &target,
                                  RewritePatternSet &patterns);

} // namespace mlir::fp8

#endif // FP8_LIB_CONVERSION_FP8TOGPU_KERNELBUILDER_H
