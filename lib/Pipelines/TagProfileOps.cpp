//===- TagProfileOps.cpp - fp8-tag-profile-ops ----------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8TAGPROFILEOPSPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

static constexpr StringLiteral kProfileIdKey = "fp8.profile_id";

Location mlir::fp8::tagWithProfileId(Location location, int64_t id) {
  MLIRContext *context = location->getContext();
  Builder builder(context);
  auto tag = builder.getDictionaryAttr(
      builder.getNamedAttr(kProfileIdKey, builder.getI64IntegerAttr(id)));
  return FusedLoc::get(context, {location}, tag);
}

SmallVector<int64_t, 1> mlir::fp8::getProfileIds(Location location) {
  SmallVector<int64_t, 1> ids;
  location->walk([&](Location nested) {
    if (auto fused = dyn_cast<FusedLoc>(nested))
      if (auto tag = dyn_cast_or_null<DictionaryAttr>(fused.getMetadata()))
        if (auto id = tag.getAs<IntegerAttr>(kProfileIdKey))
          ids.push_back(id.getInt());
    return WalkResult::advance();
  });
  return ids;
}

/// Ops whose code costs nothing at run time: no line in the profile.
static bool isFree(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>() ||
      op->hasTrait<OpTrait::IsTerminator>() ||
      isa<tensor::EmptyOp, tensor::CastOp>(op))
    return true;
  return isPure(op) && op->getNumRegions() == 0 &&
         llvm::none_of(op->getResultTypes(), llvm::IsaPred<ShapedType>);
}

/// The NameLoc name in `location`, if any.
static std::optional<std::string> nameIn(Location location) {
  std::optional<std::string> name;
  location->walk([&](Location nested) {
    if (auto named = dyn_cast<NameLoc>(nested)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

namespace {
struct TagProfileOpsPass
    : public fp8::impl::FP8TagProfileOpsPassBase<TagProfileOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr(fp8::kProfileOpsAttrName)) {
      module.emitError("fp8-tag-profile-ops: the module's ops are numbered "
                       "already (it holds fp8.profile_ops)");
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> functions;
    for (auto function : module.getOps<func::FuncOp>())
      if (function.isPublic() && !function.isDeclaration())
        functions.push_back(function);

    // The ops to number and their names before disambiguation.
    struct Numbered {
      Operation *op;
      int64_t position;
      std::string name;
    };
    SmallVector<Numbered> numbered;
    llvm::StringMap<int> uses;
    for (func::FuncOp function : functions) {
      int64_t position = 0;
      for (Block &block : function.getBody()) {
        for (Operation &op : block) {
          int64_t index = position++;
          if (isFree(&op))
            continue;
          std::string name;
          if (std::optional<std::string> located = nameIn(op.getLoc()))
            name = *located;
          else
            name =
                (functions.size() > 1 ? "@" + function.getSymName().str() + "/"
                                      : std::string()) +
                op.getName().getStringRef().str() + "#" + std::to_string(index);
          ++uses[name];
          numbered.push_back({&op, index, std::move(name)});
        }
      }
    }

    // A loc name that several ops carry (fp8-fuse gives the dynamic
    // quantization of a matmul's input the matmul's location) gets the op
    // name, then the position if still ambiguous.
    SmallVector<Attribute> names;
    llvm::StringSet<> seen;
    Builder builder(&getContext());
    for (auto [id, entry] : llvm::enumerate(numbered)) {
      std::string name = entry.name;
      if (uses[name] > 1)
        name += " (" + entry.op->getName().getStringRef().str() + ")";
      if (!seen.insert(name).second) {
        name += "#" + std::to_string(entry.position);
        seen.insert(name);
      }
      names.push_back(builder.getStringAttr(name));
      int64_t tag = id;
      entry.op->walk([&](Operation *nested) {
        nested->setLoc(fp8::tagWithProfileId(nested->getLoc(), tag));
      });
    }
    module->setAttr(fp8::kProfileOpsAttrName, builder.getArrayAttr(names));
  }
};
} // namespace
