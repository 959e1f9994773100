//===- FP8Dialect.cpp - FP8 dialect ---------------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Dialect.h"

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::fp8;

#include "fp8/Dialect/FP8/IR/FP8OpsDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "fp8/Dialect/FP8/IR/FP8OpsTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "fp8/Dialect/FP8/IR/FP8Attrs.cpp.inc"

void FP8Dialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "fp8/Dialect/FP8/IR/FP8Ops.cpp.inc"
      >();
  registerTypes();
  registerAttributes();
}

void FP8Dialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "fp8/Dialect/FP8/IR/FP8OpsTypes.cpp.inc"
      >();
}

void FP8Dialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "fp8/Dialect/FP8/IR/FP8Attrs.cpp.inc"
      >();
}

Operation *FP8Dialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value);
      typed && arith::ConstantOp::isBuildableWith(typed, type))
    return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}

LogicalResult FP8Dialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  StringAttr name = attribute.getName();
  if (name == getAccTypeAttrHelper().getName()) {
    auto type = dyn_cast<TypeAttr>(attribute.getValue());
    if (!type || !isWideFloatType(type.getValue()))
      return op->emitOpError()
             << "'" << name.getValue()
             << "' must be f32, f16 or bf16 (the acc_type of the "
                "fp8.scaled_matmul that fp8-fuse makes of it), got "
             << attribute.getValue();
    return success();
  }
  if (name == getChunkAttrHelper().getName()) {
    auto chunk = dyn_cast<IntegerAttr>(attribute.getValue());
    if (!chunk || !chunk.getType().isSignlessInteger(64) || chunk.getInt() < 0)
      return op->emitOpError()
             << "'" << name.getValue()
             << "' must be an i64 >= 0 (the chunk of the fp8.scaled_matmul "
                "that fp8-fuse makes of it; 0: one chunk), got "
             << attribute.getValue();
    return success();
  }
  // Not a discardableAttrs entry of the dialect: the profile passes own it.
  if (name.getValue() == "fp8.profile_ops") {
    auto names = dyn_cast<ArrayAttr>(attribute.getValue());
    if (!isa<ModuleOp>(op) || !names ||
        !llvm::all_of(names, llvm::IsaPred<StringAttr>))
      return op->emitOpError()
             << "'" << name.getValue()
             << "' must be an array of strings on a module (the names of "
                "the ops that fp8-tag-profile-ops numbered), got "
             << attribute.getValue();
    return success();
  }
  // The reference lowering's mark on sums whose order the spec fixes
  // (kOrderedReductionAttrName in FP8Common/LoweringUtils.h).
  if (name.getValue() == "fp8.ordered_reduction") {
    if (!isa<UnitAttr>(attribute.getValue()) || op->getNumRegions() == 0)
      return op->emitOpError()
             << "'" << name.getValue()
             << "' must be a unit attribute on an op with a region (a "
                "reduction of convert-fp8-to-linalg), got "
             << attribute.getValue();
    return success();
  }
  return op->emitOpError() << "'" << name.getValue()
                           << "' is not an attribute of the fp8 dialect; "
                              "expected fp8.acc_type, fp8.chunk, "
                              "fp8.ordered_reduction or fp8.profile_ops";
}
