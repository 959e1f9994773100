//===- FP8ToLinalg.h - fp8 to linalg reference lowering ---------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TOLINALG_FP8TOLINALG_H
#define FP8_CONVERSION_FP8TOLINALG_FP8TOLINALG_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

namespace mlir {
class RewritePatternSet;
class TypeConverter;

namespace fp8 {

#define GEN_PASS_DECL_CONVERTFP8TOLINALGPASS
#include "fp8/Conversion/Passes.h.inc"

/// Converts dialect FP8 storage types (!fp8.e3m4fn) to i8, also inside
/// tensors and memrefs; every other type is legal as it is.
void populateFP8StorageTypeConversions(TypeConverter &typeConverter);

/// The catch-all pattern that rewrites the types of any other op carrying
/// dialect storage types (tensor.empty, tensor.extract_slice, linalg ops
/// with their payloads) with `typeConverter`.
void populateFP8StorageTypePatterns(const TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);

/// Patterns lowering fp8.quantize, fp8.dequantize and fp8.dynamic_quantize
/// to linalg.generic with FP8 conversions as integer arithmetic.
void populateFP8ElementwiseToLinalgPatterns(const TypeConverter &typeConverter,
                                            RewritePatternSet &patterns);

/// Patterns lowering fp8.scaled_matmul and fp8.batch_scaled_matmul to
/// linalg.generic ops (chunk sums, promotion, epilogue).
void populateFP8ScaledMatmulToLinalgPatterns(const TypeConverter &typeConverter,
                                             RewritePatternSet &patterns);

/// All the reference patterns of the fp8 compute ops (elementwise and
/// scaled matmul). The converter decides the storage types of the generated
/// code (populateFP8StorageTypeConversions).
void populateFP8ToLinalgConversionPatterns(const TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);

/// Pattern replacing fp8.observe by its operand.
void populateFP8DropObserversPatterns(const TypeConverter &typeConverter,
                                      RewritePatternSet &patterns);

/// Pattern lowering fp8.observe to a call of the calibration runtime hook
/// (fp8_runtime_observe_f32/f16/bf16 with the C interface), declaring the
/// hook in the nearest symbol table.
void populateFP8ObserversToRuntimePatterns(const TypeConverter &typeConverter,
                                           RewritePatternSet &patterns);

/// How applyFP8Lowering treats observers, and which patterns come first.
struct FP8LoweringOptions {
  /// For diagnostics.
  StringRef passName = "convert-fp8-to-linalg";
  bool dropObservers = false;
  bool observersToRuntime = false;
  /// Patterns added before the reference ones (e.g. faster lowerings with a
  /// higher benefit).
  std::function<void(const TypeConverter &, RewritePatternSet &)> addPatterns;
};

/// Lowers every fp8 op under `root` (tensor forms) with the reference
/// patterns plus `options.addPatterns`, converting dialect storage types to
/// i8 everywhere (function signatures included).
LogicalResult applyFP8Lowering(Operation *root,
                               const FP8LoweringOptions &options);

} // namespace fp8
} // namespace mlir

#endif // FP8_CONVERSION_FP8TOLINALG_FP8TOLINALG_H
