//===- ConstantElements.cpp - values of dense and dense_resource constants ===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/ConstantElements.h"

#include "fp8/Numerics/Format.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/bit.h"

#include <cstring>
#include <optional>

using namespace mlir;
using namespace mlir::fp8;

/// The element type of `type` if its elements are floats that both dense
/// attributes and blobs store in whole bytes (8, 16, 32 or 64 bits); null
/// otherwise (sub-byte floats, tf32, f80, f128, integers).
static FloatType readableElementType(ShapedType type) {
  auto elementType = dyn_cast<FloatType>(type.getElementType());
  if (!elementType || !type.hasStaticShape())
    return {};
  switch (elementType.getWidth()) {
  case 8:
  case 16:
  case 32:
  case 64:
    return elementType;
  default:
    return {};
  }
}

/// Bytes that `type` takes, or std::nullopt when the count overflows (a
/// shape such as 4x2^62, which no blob can hold).
static std::optional<int64_t> storageBytes(ShapedType type,
                                           int64_t bytesPerElement) {
  int64_t bytes = bytesPerElement;
  for (int64_t size : type.getShape())
    if (__builtin_mul_overflow(bytes, size, &bytes))
      return std::nullopt;
  return bytes;
}

bool ConstantElements::isReadableKind(Attribute attr) {
  if (auto dense = dyn_cast_if_present<DenseIntOrFPElementsAttr>(attr))
    return static_cast<bool>(readableElementType(dense.getType()));
  if (auto resource = dyn_cast_if_present<DenseResourceElementsAttr>(attr))
    return static_cast<bool>(readableElementType(resource.getType()));
  return false;
}

FailureOr<ConstantElements>
ConstantElements::read(Attribute attr,
                       function_ref<InFlightDiagnostic()> emitError) {
  if (!isReadableKind(attr)) {
    if (emitError)
      emitError() << "the constant is neither dense nor dense_resource "
                     "elements of FP8, f16, bf16, f32 or f64 values";
    return failure();
  }
  if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(attr)) {
    ShapedType type = dense.getType();
    return ConstantElements(type, cast<FloatType>(type.getElementType()),
                            dense.getRawData(), dense.isSplat());
  }

  auto resource = cast<DenseResourceElementsAttr>(attr);
  ShapedType type = resource.getType();
  auto elementType = cast<FloatType>(type.getElementType());
  DenseResourceElementsHandle handle = resource.getRawHandle();
  const AsmResourceBlob *blob = handle.getBlob();
  // Printing with --mlir-elide-resource-strings-if-larger drops the blob and
  // keeps the reference; so does a hand-written module that forgets it.
  if (!blob) {
    if (emitError)
      emitError() << "dense_resource blob '" << handle.getKey()
                  << "' has no data: the module's dialect_resources section "
                     "does not hold it (was the module printed with "
                     "--mlir-elide-resource-strings-if-larger?)";
    return failure();
  }
  ArrayRef<char> data = blob->getData();
  std::optional<int64_t> expected =
      storageBytes(type, elementType.getWidth() / 8);
  if (!expected || static_cast<int64_t>(data.size()) != *expected) {
    if (emitError) {
      InFlightDiagnostic diagnostic = emitError();
      diagnostic << "dense_resource blob '" << handle.getKey() << "' holds "
                 << data.size() << " bytes, but " << type << " needs ";
      if (expected)
        diagnostic << *expected;
      else
        diagnostic << "more than 2^63";
    }
    return failure();
  }
  return ConstantElements(type, elementType, data, /*splat=*/false);
}

uint64_t ConstantElements::getBits(int64_t index) const {
  const char *element = data.data() + (splat ? 0 : index * elementBytes);
  // Through the integer type of the element's width, so that the bytes are
  // read in host order.
  auto load = [element](auto word) -> uint64_t {
    std::memcpy(&word, element, sizeof(word));
    return word;
  };
  switch (elementBytes) {
  case 1:
    return load(uint8_t());
  case 2:
    return load(uint16_t());
  case 4:
    return load(uint32_t());
  default:
    return load(uint64_t());
  }
}

float ConstantElements::getFloat(int64_t index) const {
  uint64_t bits = getBits(index);
  // A copy: FloatType's getters are not const.
  FloatType elementType = this->elementType;
  // The common weight types without APFloat, which costs ~100 ns a value.
  if (elementType.isF32())
    return llvm::bit_cast<float>(static_cast<uint32_t>(bits));
  if (elementType.isBF16())
    return llvm::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
  if (elementType.isF64())
    return static_cast<float>(llvm::bit_cast<double>(bits));
  // E8M0 scales decode as the numerics library (and so every lowering)
  // defines them: 2^(code - 127), 0xFF NaN.
  if (isa<Float8E8M0FNUType>(elementType))
    return ::fp8::decodeE8M0(static_cast<uint8_t>(bits));
  APFloat value(elementType.getFloatSemantics(), APInt(elementBytes * 8, bits));
  bool losesInfo;
  value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToFloat();
}
