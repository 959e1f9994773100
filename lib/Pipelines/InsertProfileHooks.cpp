//===- InsertProfileHooks.cpp - fp8-insert-profile-hooks ------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"

#include <set>

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8INSERTPROFILEHOOKSPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

static constexpr StringLiteral kBegin = "fp8_profile_begin";
static constexpr StringLiteral kEnd = "fp8_profile_end";

/// Declares `private @name(i64...)` (`arity` operands) at the start of
/// `module` unless it is there.
static LogicalResult declareHook(ModuleOp module, StringRef name,
                                 unsigned arity) {
  OpBuilder builder(module.getContext());
  SmallVector<Type> operands(arity, builder.getI64Type());
  auto type = builder.getFunctionType(operands, {});
  if (auto existing = module.lookupSymbol<func::FuncOp>(name)) {
    if (existing.getFunctionType() == type)
      return success();
    return existing.emitError()
           << "fp8-insert-profile-hooks: @" << name
           << " is the profile hook's name but has type "
           << existing.getFunctionType() << ", expected " << type;
  }
  builder.setInsertionPointToStart(module.getBody());
  auto hook = func::FuncOp::create(builder, module.getLoc(), name, type);
  hook.setPrivate();
  return success();
}

/// The profile id of `op`: the first one in its location.
static std::optional<int64_t> idOf(Operation *op) {
  SmallVector<int64_t, 1> ids = fp8::getProfileIds(op->getLoc());
  if (ids.empty())
    return std::nullopt;
  return ids.front();
}

namespace {
struct InsertProfileHooksPass
    : public fp8::impl::FP8InsertProfileHooksPassBase<InsertProfileHooksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto names = module->getAttrOfType<ArrayAttr>(fp8::kProfileOpsAttrName);
    if (!names)
      return;
    // The fp8 dialect rejects other values where it is loaded.
    if (!llvm::all_of(names, llvm::IsaPred<StringAttr>)) {
      module.emitError("fp8-insert-profile-hooks: fp8.profile_ops must be an "
                       "array of strings (the names fp8-tag-profile-ops "
                       "gives), got ")
          << names;
      return signalPassFailure();
    }
    // The ids whose code ran inside each id's runs, and the id itself.
    std::vector<std::set<int64_t>> groups(names.size());
    for (auto [id, group] : llvm::enumerate(groups))
      group.insert(id);

    // The ids that have runs of their own.
    std::set<int64_t> timed;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (!function.isPublic() || function.isDeclaration())
        continue;
      // The ids whose code began in this function: a later run of one
      // resumes it (its code was split) and counts no call.
      std::set<int64_t> begun;
      for (Block &block : function.getBody()) {
        // The top-level ops with an id, in order.
        SmallVector<std::pair<Operation *, int64_t>> tagged;
        for (Operation &op : block.without_terminator())
          if (std::optional<int64_t> id = idOf(&op);
              id && *id >= 0 && *id < static_cast<int64_t>(names.size()))
            tagged.push_back({&op, *id});
        for (size_t first = 0; first < tagged.size();) {
          int64_t id = tagged[first].second;
          size_t last = first;
          while (last + 1 < tagged.size() && tagged[last + 1].second == id)
            ++last;
          Operation *begin = tagged[first].first, *end = tagged[last].first;
          for (Operation *op = begin;; op = op->getNextNode()) {
            op->walk([&](Operation *nested) {
              if (nested->hasTrait<OpTrait::ConstantLike>())
                return;
              for (int64_t other : fp8::getProfileIds(nested->getLoc()))
                if (other >= 0 && other < static_cast<int64_t>(names.size()))
                  groups[id].insert(other);
            });
            if (op == end)
              break;
          }
          OpBuilder builder(begin);
          Location loc = begin->getLoc();
          Value value = arith::ConstantIntOp::create(builder, loc,
                                                     builder.getI64Type(), id);
          Value calls = arith::ConstantIntOp::create(
              builder, loc, builder.getI64Type(), begun.insert(id).second);
          func::CallOp::create(builder, loc, kBegin, TypeRange(),
                               ValueRange{value, calls});
          builder.setInsertionPointAfter(end);
          func::CallOp::create(builder, end->getLoc(), kEnd, TypeRange(),
                               value);
          timed.insert(id);
          first = last + 1;
        }
      }
    }
    if (timed.empty())
      return;
    if (failed(declareHook(module, kBegin, 2)) ||
        failed(declareHook(module, kEnd, 1)))
      return signalPassFailure();

    // The name of each group: the ops whose code it holds in program (id)
    // order, then the ops it holds part of (they have runs of their own).
    SmallVector<Attribute> labels;
    Builder builder(&getContext());
    auto nameOf = [&](int64_t id) {
      return cast<StringAttr>(names[id]).getValue().str();
    };
    for (auto [id, group] : llvm::enumerate(groups)) {
      std::string whole, part;
      for (int64_t member : group) {
        if (member == static_cast<int64_t>(id) || !timed.count(member))
          whole += (whole.empty() ? "" : " + ") + nameOf(member);
        else
          part += (part.empty() ? "" : ", ") + nameOf(member);
      }
      if (!part.empty())
        whole += " (with part of " + part + ")";
      labels.push_back(builder.getStringAttr(whole));
    }
    module->setAttr(fp8::kProfileOpsAttrName, builder.getArrayAttr(labels));
  }
};
} // namespace
