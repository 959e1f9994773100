//===- NameLocations.h - file positions for name-only locations -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Exported models name their ops with a bare name location, loc("fc1"): the
// parser then drops the op's position, and a diagnostic on the op reads
// "<unknown>:0: error: loc("fc1"): ...". fp8-opt and fp8-run fuse the
// position back in when they parse: loc("fc1") becomes
// loc("fc1"("model.mlir":12:10)), so diagnostics point at the op and keep
// the name.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_NAMELOCATIONS_H
#define FP8_TOOLS_NAMELOCATIONS_H

#include "mlir/IR/Operation.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class AsmParserState;
} // namespace mlir

namespace mlir::fp8 {

/// Whether some op under `root` (root included) has a name location with no
/// position (NameLoc whose child is unknown).
bool hasNameOnlyLocations(Operation *root);

/// Gives every op that `state` saw parsed from `sourceMgr` and whose
/// location is a name only the position of its name in the source:
/// NameLoc(name, FileLineColLoc(file, line, column)). `lineOffset` is added
/// to the line (a chunk of a larger file). Returns how many ops changed.
unsigned fuseNameLocations(const AsmParserState &state,
                           const llvm::SourceMgr &sourceMgr,
                           llvm::StringRef fileName, unsigned lineOffset = 0);

/// For tools whose driver parses the module (MlirOptMain): before the first
/// pass runs, parses `text` (the input file, named `fileName`) again with
/// position tracking and, where it finds the same ops in the same order
/// (the whole file, or one chunk of a file split at "// -----"), fuses their
/// positions in. Does nothing when no op has a name-only location.
std::unique_ptr<PassInstrumentation>
createFuseNameLocationsInstrumentation(std::string fileName, std::string text);

} // namespace mlir::fp8

#endif // FP8_TOOLS_NAMELOCATIONS_H
