//===- FP8Types.cpp - FP8 storage types and the block-broadcast rule ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Types.h"

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::fp8;
using ::fp8::FormatKind;

#include "fp8/Dialect/FP8/IR/FP8TypeInterfaces.cpp.inc"

std::optional<FormatKind> mlir::fp8::getFormatKind(Type type) {
  if (auto storage = dyn_cast<FP8StorageTypeInterface>(type))
    return storage.getFormatKind();
  return llvm::TypeSwitch<Type, std::optional<FormatKind>>(type)
      .Case([](Float8E4M3FNType) { return FormatKind::E4M3; })
      .Case([](Float8E5M2Type) { return FormatKind::E5M2; })
      .Case([](Float8E3M4Type) { return FormatKind::E3M4; })
      .Case([](Float8E4M3FNUZType) { return FormatKind::E4M3FNUZ; })
      .Case([](Float8E5M2FNUZType) { return FormatKind::E5M2FNUZ; })
      .Case([](Float8E4M3Type) { return FormatKind::E4M3IEEE; })
      .Case([](Float8E4M3B11FNUZType) { return FormatKind::E4M3B11FNUZ; })
      .Default([](Type) { return std::nullopt; });
}

Type mlir::fp8::getStorageType(MLIRContext *context, FormatKind kind) {
  switch (kind) {
  case FormatKind::E4M3:
    return Float8E4M3FNType::get(context);
  case FormatKind::E5M2:
    return Float8E5M2Type::get(context);
  case FormatKind::E3M4:
    return Float8E3M4Type::get(context);
  case FormatKind::E3M4FN:
    return E3M4FNType::get(context);
  case FormatKind::E4M3FNUZ:
    return Float8E4M3FNUZType::get(context);
  case FormatKind::E5M2FNUZ:
    return Float8E5M2FNUZType::get(context);
  case FormatKind::E4M3IEEE:
    return Float8E4M3Type::get(context);
  case FormatKind::E4M3B11FNUZ:
    return Float8E4M3B11FNUZType::get(context);
  }
  llvm_unreachable("unknown FP8 format");
}

SmallVector<ScaleDimension> mlir::fp8::getScaleDimensions(ShapedType data,
                                                          ShapedType scale) {
  SmallVector<ScaleDimension> dims;
  for (int64_t i = 0, e = data.getRank(); i < e; ++i) {
    if (scale.getRank() == 0 || scale.getDimSize(i) == 1) {
      // A size-1 data dimension is "per-element" and "broadcast" at once;
      // broadcast keeps the scale index constant.
      dims.push_back({ScaleDimension::Broadcast});
      continue;
    }
    int64_t d = data.getDimSize(i), s = scale.getDimSize(i);
    if (ShapedType::isDynamic(s) || d == s) {
      dims.push_back({ScaleDimension::PerElement});
      continue;
    }
    dims.push_back({ScaleDimension::Block, d / s});
  }
  return dims;
}

LogicalResult
mlir::fp8::verifyBlockBroadcast(function_ref<InFlightDiagnostic()> emitError,
                                StringRef constraint, StringRef what,
                                ShapedType data, ShapedType scale) {
  if (scale.getRank() == 0)
    return success();
  if (scale.getRank() != data.getRank())
    return emitError() << constraint << " " << what << " has rank "
                       << scale.getRank() << " but the data has rank "
                       << data.getRank()
                       << "; the block-broadcast rule needs rank 0 or equal "
                          "ranks";
  for (int64_t i = 0, e = data.getRank(); i < e; ++i) {
    int64_t d = data.getDimSize(i), s = scale.getDimSize(i);
    if (s == 1 || (ShapedType::isDynamic(d) && ShapedType::isDynamic(s)))
      continue;
    if (ShapedType::isDynamic(s))
      return emitError() << constraint << " " << what << " dimension " << i
                         << " is dynamic but the data dimension is " << d
                         << "; a dynamic scale dimension needs a dynamic data "
                            "dimension (one scale per element)";
    if (ShapedType::isDynamic(d))
      return emitError() << constraint << " " << what << " dimension " << i
                         << " is " << s
                         << " but the data dimension is dynamic; use 1 "
                            "(broadcast) or a dynamic size (one per element)";
    if (s <= 0 || d % s != 0)
      return emitError() << constraint << " " << what << " dimension " << i
                         << " (" << s
                         << ") does not divide the data dimension (" << d
                         << ")";
  }
  return success();
}
