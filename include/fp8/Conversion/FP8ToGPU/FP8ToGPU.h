//===- FP8ToGPU.h - fp8 ops to GPU kernels, vendor-neutral part -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The kernels that convert-fp8-to-nvvm and convert-fp8-to-rocdl share: the
// memref forms of the fp8 ops (after bufferization) become gpu.launch ops on
// device copies of their buffers. Quantize, dequantize and dynamic_quantize
// are elementwise / per-block kernels; scaled_matmul is a matrix-core kernel
// with chunked FP32 promotion when the target has an MMA for the operand
// formats, else a one-thread-per-output kernel. Everything vendor-specific
// (conversion instructions, the MMA and its register layout, which formats a
// chip holds) comes from an FP8GPUTarget.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TOGPU_FP8TOGPU_H
#define FP8_CONVERSION_FP8TOGPU_FP8TOGPU_H

#include "fp8/Numerics/Format.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <utility>

namespace mlir::fp8 {

/// One warp-level matrix instruction D[m x n] += A[m x k] * B[k x n] on FP8
/// operands with an f32 accumulator, and where its operands live: lane `l`
/// holds `aElements` bytes of A, `bElements` of B and `accElements` values of
/// the accumulator, at the coordinates the target's get*Coordinate give.
struct MMAShape {
  int64_t m = 0, n = 0, k = 0;
  int64_t lanes = 32;
  int64_t aElements = 0, bElements = 0, accElements = 0;
  /// MMA tiles along N that one warp computes (reusing its A fragment).
  int64_t tilesPerWarpN = 1;
};

/// The vendor hooks of the shared GPU kernels.
class FP8GPUTarget {
public:
  virtual ~FP8GPUTarget() = default;

  /// For diagnostics: the pass flag and the chip.
  virtual StringRef getPassName() const = 0;
  virtual StringRef getChip() const = 0;

  /// Fails with a diagnostic on `op` naming the chip and the type when the
  /// chip cannot hold FP8 format `type`.
  virtual LogicalResult checkFormat(Operation *op, Type type) const = 0;

  /// f32 -> i8 code with a conversion instruction, or a null Value when the
  /// hardware does not round as the spec says for `options` (the caller then
  /// uses the integer codec).
  virtual Value encode(OpBuilder &b, Location loc, Value value, Type type,
                       ::fp8::EncodeOptions options) const {
    return {};
  }
  /// i8 code -> f32 with a conversion instruction, or a null Value.
  virtual Value decode(OpBuilder &b, Location loc, Value code,
                       Type type) const {
    return {};
  }

  /// The MMA for operand formats `aType` x `bType`, if the chip has one.
  virtual std::optional<MMAShape> getMMAShape(Type aType, Type bType) const {
    return std::nullopt;
  }
  /// (row, k) inside the A tile of byte `element` of lane `lane` (index).
  virtual std::pair<Value, Value> getACoordinate(OpBuilder &b, Location loc,
                                                 Value lane,
                                                 int64_t element) const = 0;
  /// (k, column) inside the B tile.
  virtual std::pair<Value, Value> getBCoordinate(OpBuilder &b, Location loc,
                                                 Value lane,
                                                 int64_t element) const = 0;
  /// (row, column) inside the accumulator tile.
  virtual std::pair<Value, Value>
  getAccumulatorCoordinate(OpBuilder &b, Location loc, Value lane,
                           int64_t element) const = 0;
  /// One MMA: `aBytes` / `bBytes` are the i8 codes of the lane's fragments in
  /// element order, `acc` its f32 accumulators; returns the new ones.
  virtual SmallVector<Value> emitMMA(OpBuilder &b, Location loc, Type aType,
                                     Type bType, ArrayRef<Value> aBytes,
                                     ArrayRef<Value> bBytes,
                                     ArrayRef<Value> acc) const = 0;
};

/// Conversion instructions round like the spec but give NaN their own way;
/// these put the spec's canonical NaN (section 4) in place:
/// after a hardware encode of f32 `value` into i8 `code`,
Value fixEncodedNaN(OpBuilder &b, Location loc, Value value, Value code,
                    const ::fp8::Format &format);
/// and after a hardware decode of i8 `code` into f32 `value`.
Value fixDecodedNaN(OpBuilder &b, Location loc, Value code, Value value,
                    const ::fp8::Format &format);

/// Patterns turning the memref forms of fp8.quantize, fp8.dequantize,
/// fp8.dynamic_quantize, fp8.scaled_matmul and fp8.batch_scaled_matmul into
/// gpu.launch kernels for `target`, and dropping fp8.observe. `target` must
/// outlive the patterns.
void populateFP8ToGPUKernelPatterns(const FP8GPUTarget &target,
                                    RewritePatternSet &patterns);

/// Applies those patterns to `root`; fails with a diagnostic when an fp8 op
/// is left (a tensor form: bufferize first; an unsupported format).
LogicalResult applyFP8ToGPULowering(Operation *root,
                                    const FP8GPUTarget &target);
/// The same with `patterns` (a superset of the kernel patterns, e.g. with
/// chip-specific kernels of higher benefit) instead.
LogicalResult applyFP8ToGPULowering(Operation *root, const FP8GPUTarget &target,
                                    RewritePatternSet &&patterns);

} // namespace mlir::fp8

#endif // FP8_CONVERSION_FP8TOGPU_FP8TOGPU_H
