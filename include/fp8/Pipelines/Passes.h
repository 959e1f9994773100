//===- Passes.h - passes the fp8 pipelines run ------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_PIPELINES_PASSES_H
#define FP8_PIPELINES_PASSES_H

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace mlir {
class RewritePatternSet;

namespace fp8 {

#define GEN_PASS_DECL
#include "fp8/Pipelines/Passes.h.inc"

/// The rewrite of fp8-full-rank-transfer-writes: tensor transfer_writes of
/// a lower-rank or permuted vector become writes of a vector of the
/// tensor's rank in its order.
void populateFullRankTransferWritePatterns(RewritePatternSet &patterns);

/// fp8-pipeline-error with `message`: how a pipeline builder (which cannot
/// fail itself) reports a bad option when the pipeline runs.
std::unique_ptr<Pass> createPipelineErrorPass(std::string message);

/// The module attribute of fp8-tag-profile-ops: an array of strings, the
/// name of each profile id (the fp8 dialect verifies it).
inline constexpr llvm::StringLiteral kProfileOpsAttrName = "fp8.profile_ops";

/// `location` carrying the profile id `id` of fp8-tag-profile-ops:
/// fused<{fp8.profile_id = id : i64}>[location].
Location tagWithProfileId(Location location, int64_t id);

/// The profile ids in `location` (nested fused and call-site locations
/// included), outermost first.
SmallVector<int64_t, 1> getProfileIds(Location location);

#define GEN_PASS_REGISTRATION
#include "fp8/Pipelines/Passes.h.inc"

} // namespace fp8
} // namespace mlir

#endif // FP8_PIPELINES_PASSES_H
