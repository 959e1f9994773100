//===- ConstantElements.h - values of dense and dense_resource constants --===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Reads the elements of a constant float tensor whether it is written
// `dense<...>` or `dense_resource<blob>` (torch-mlir and IREE's importers put
// large weights in the module's dialect_resources blobs). fp8-quantize, the
// fp8 folders and fp8-optimize read constants through this one reader, so
// they agree on what a readable constant is.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_CONSTANTELEMENTS_H
#define FP8_DIALECT_FP8_IR_CONSTANTELEMENTS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>

namespace mlir::fp8 {

/// The elements of a dense or dense_resource float constant. A view: it
/// points into the attribute's storage (the context's, or the resource
/// blob's), which lives as long as the context.
class ConstantElements {
public:
  /// Whether `attr` is a kind of constant that read() accepts: dense or
  /// dense_resource elements of a float type stored in 8, 16, 32 or 64 bits
  /// (FP8 types, f16, bf16, f32, f64). Looks at the attribute only, not at
  /// the data: a dense_resource whose blob is missing is of a readable kind,
  /// and read() reports what is wrong with it.
  static bool isReadableKind(Attribute attr);

  /// The elements of `attr`; failure when it is not of a readable kind, or
  /// when it is a dense_resource whose blob is missing or does not hold
  /// exactly the tensor's bytes. `emitError`, when given, reports why (naming
  /// the blob); the diagnostic it returns starts the message (who reads
  /// what). Folders pass none: they just do not fold.
  static FailureOr<ConstantElements>
  read(Attribute attr, function_ref<InFlightDiagnostic()> emitError = {});

  ShapedType getType() const { return type; }
  FloatType getElementType() const { return elementType; }
  int64_t getNumElements() const { return type.getNumElements(); }
  /// One value for every element (a `dense<v>` splat; a blob never is).
  bool isSplat() const { return splat; }

  /// The storage bits of element `index`, in the low bits.
  uint64_t getBits(int64_t index) const;
  /// Element `index` as f32: exact for FP8 types (f8E8M0FNU decoded as the
  /// power of two it stores), f16, bf16 and f32; f64 rounded to nearest even.
  float getFloat(int64_t index) const;

private:
  ConstantElements(ShapedType type, FloatType elementType, ArrayRef<char> data,
                   bool splat)
      : type(type), elementType(elementType),
        elementBytes(elementType.getWidth() / 8), data(data), splat(splat) {}

  ShapedType type;
  FloatType elementType;
  unsigned elementBytes;
  /// Element storage in host byte order, as MLIR keeps both dense data and
  /// blobs (one element for a splat).
  ArrayRef<char> data;
  bool splat;
};

} // namespace mlir::fp8

#endif // FP8_DIALECT_FP8_IR_CONSTANTELEMENTS_H
