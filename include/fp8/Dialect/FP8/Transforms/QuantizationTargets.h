//===- QuantizationTargets.h - what post-training quantization touches ----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The operands that fp8-insert-observers observes and fp8-quantize quantizes,
// with their tensor ids (DESIGN.md section 5). Both passes call
// collectQuantizationTargets, so ids agree between calibration and
// quantization by construction.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_TRANSFORMS_QUANTIZATIONTARGETS_H
#define FP8_DIALECT_FP8_TRANSFORMS_QUANTIZATIONTARGETS_H

#include "fp8/Dialect/FP8/Transforms/PassOptions.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include <optional>
#include <string>

namespace mlir::fp8 {

std::optional<QuantizationScheme> parseQuantizationScheme(StringRef name);

/// What kind of op consumes the operand.
enum class TargetKind {
  Matmul,
  Convolution,
  Embedding,
  Normalization,
  Elementwise
};

/// One operand to quantize.
struct QuantizationTarget {
  /// The op that consumes the quantized value.
  Operation *anchor;
  /// The uses to replace: an operand of `anchor`; for embeddings the table
  /// operand of the tensor.extract inside the anchor's body; for
  /// normalizations every use of the input inside the normalization.
  SmallVector<OpOperand *, 1> uses;
  TargetKind kind;
  /// Stable, human-readable id: "<name>/<role>" where <name> is the
  /// anchor's NameLoc (e.g. "layer1.fc/rhs"), else
  /// "@<function>/<op index>/<role>", the index counting the function's ops
  /// in pre-order without the payloads of structured ops.
  std::string id;
  /// Roles: lhs / rhs (matmuls, elementwise), input / filter (convolutions),
  /// table (embeddings), input (normalizations).
  std::string role;
  /// Defined by a constant, possibly through layout ops (a weight):
  /// quantized at compile time, never observed.
  bool isConstant;
  /// Dimension of the operand that indexes output channels (weights), and
  /// the dimension that indexes tokens / rows (activations); -1 if none.
  int64_t channelDim = -1;
  int64_t tokenDim = -1;
  /// Dimension summed over by the anchor (K of a matmul operand, input
  /// channels of a filter, the embedding dimension of a table); -1 if none.
  /// Block scales tile this dimension and channelDim.
  int64_t reductionDim = -1;
  /// The anchor is the first convolution / last matmul of its function
  /// (for skip-first-last).
  bool anchorIsFirstConvolution = false;
  bool anchorIsLastMatmul = false;
};

/// Every quantization target of `function` under `scheme`, in walk order.
SmallVector<QuantizationTarget>
collectQuantizationTargets(FunctionOpInterface function,
                           QuantizationScheme scheme);

/// True for values computed from constants by layout ops only
/// (arith.constant, linalg.transpose, tensor.expand_shape / collapse_shape,
/// tensor.cast, linalg.broadcast), where the constant is one whose values
/// fp8-quantize reads (ConstantElements::isReadableKind: dense or
/// dense_resource; a dense_resource with a missing blob counts, and is an
/// error when quantized). Other constants are activations.
bool isCompileTimeConstant(Value value);

} // namespace mlir::fp8

#endif // FP8_DIALECT_FP8_TRANSFORMS_QUANTIZATIONTARGETS_H
