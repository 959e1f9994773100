//===- Dialects.cpp - C API of the fp8 dialect ----------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8-c/Dialects.h"

#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "fp8/Numerics/Format.h"
#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"

using namespace mlir;
using namespace mlir::fp8;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(FP8, fp8, mlir::fp8::FP8Dialect)

/// A C string reference to static storage.
static MlirStringRef wrapStatic(StringRef str) {
  return mlirStringRefCreate(str.data(), str.size());
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

bool fp8TypeIsAStorageType(MlirType type) {
  return isFP8StorageType(unwrap(type));
}

MlirType fp8StorageTypeGet(MlirContext ctx, MlirStringRef formatName) {
  std::optional<::fp8::FormatKind> kind = ::fp8::parseFormatName(
      std::string_view(formatName.data, formatName.length));
  if (!kind)
    return MlirType{nullptr};
  return wrap(getStorageType(unwrap(ctx), *kind));
}

MlirStringRef fp8StorageTypeGetFormatName(MlirType type) {
  std::optional<::fp8::FormatKind> kind = getFormatKind(unwrap(type));
  if (!kind)
    return mlirStringRefCreate(nullptr, 0);
  std::string_view name = ::fp8::getFormat(*kind).name;
  return wrapStatic(StringRef(name.data(), name.size()));
}

MlirType fp8E3M4FNTypeGet(MlirContext ctx) {
  return wrap(E3M4FNType::get(unwrap(ctx)));
}

bool fp8TypeIsAE3M4FN(MlirType type) { return isa<E3M4FNType>(unwrap(type)); }

MlirTypeID fp8E3M4FNTypeGetTypeID(void) {
  return wrap(TypeID::get<E3M4FNType>());
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

MlirAttribute fp8RoundingAttrGet(MlirContext ctx, MlirStringRef rounding) {
  std::optional<Rounding> value = symbolizeRounding(unwrap(rounding));
  if (!value)
    return MlirAttribute{nullptr};
  return wrap(RoundingAttr::get(unwrap(ctx), *value));
}

bool fp8RoundingAttrIsA(MlirAttribute attr) {
  return isa<RoundingAttr>(unwrap(attr));
}

MlirStringRef fp8RoundingAttrGetValue(MlirAttribute attr) {
  return wrapStatic(
      stringifyRounding(cast<RoundingAttr>(unwrap(attr)).getValue()));
}

MlirAttribute fp8MatrixLayoutAttrGet(MlirContext ctx, MlirStringRef layout) {
  std::optional<MatrixLayout> value = symbolizeMatrixLayout(unwrap(layout));
  if (!value)
    return MlirAttribute{nullptr};
  return wrap(MatrixLayoutAttr::get(unwrap(ctx), *value));
}

bool fp8MatrixLayoutAttrIsA(MlirAttribute attr) {
  return isa<MatrixLayoutAttr>(unwrap(attr));
}

MlirStringRef fp8MatrixLayoutAttrGetValue(MlirAttribute attr) {
  return wrapStatic(
      stringifyMatrixLayout(cast<MatrixLayoutAttr>(unwrap(attr)).getValue()));
}
