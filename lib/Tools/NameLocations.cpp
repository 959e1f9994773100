//===- NameLocations.cpp - file positions for name-only locations ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Tools/NameLocations.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/AsmParser/AsmParserState.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <mutex>

using namespace mlir;
using namespace mlir::fp8;

namespace {
/// The name of a name-only location, or null.
NameLoc nameOnly(Location loc) {
  auto name = dyn_cast<NameLoc>(loc);
  if (name && isa<UnknownLoc>(name.getChildLoc()))
    return name;
  return nullptr;
}
} // namespace

bool mlir::fp8::hasNameOnlyLocations(Operation *root) {
  return root
      ->walk([](Operation *op) {
        return nameOnly(op->getLoc()) ? WalkResult::interrupt()
                                      : WalkResult::advance();
      })
      .wasInterrupted();
}

unsigned mlir::fp8::fuseNameLocations(const AsmParserState &state,
                                      const llvm::SourceMgr &sourceMgr,
                                      StringRef fileName, unsigned lineOffset) {
  unsigned fused = 0;
  for (const AsmParserState::OperationDefinition &definition :
       state.getOpDefs()) {
    Operation *op = definition.op;
    NameLoc name = nameOnly(op->getLoc());
    if (!name)
      continue;
    // The op's name in the source: where a reader looks for the op.
    auto [line, column] = sourceMgr.getLineAndColumn(definition.loc.Start);
    op->setLoc(NameLoc::get(name.getName(),
                            FileLineColLoc::get(op->getContext(), fileName,
                                                line + lineOffset, column)));
    ++fused;
  }
  return fused;
}

namespace {
/// Every op under `root`, in pre-order.
std::vector<Operation *> preorder(Operation *root) {
  std::vector<Operation *> ops;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) { ops.push_back(op); });
  return ops;
}

class FuseNameLocationsInstrumentation : public PassInstrumentation {
public:
  FuseNameLocationsInstrumentation(std::string fileName, std::string text)
      : fileName(std::move(fileName)), text(std::move(text)) {}

  void runBeforePass(Pass *, Operation *op) override {
    // The first pass runs on the root, before any nested pass.
    std::call_once(once, [&] {
      while (Operation *parent = op->getParentOp())
        op = parent;
      if (hasNameOnlyLocations(op))
        fuse(op);
    });
  }

private:
  /// Parses the file again (or, for --split-input-file, each chunk) and
  /// copies the positions of the parse whose ops are the live ones.
  void fuse(Operation *root) {
    std::vector<Operation *> live = preorder(root);
    // The driver wraps top-level ops in an implicit module.
    std::vector<std::pair<StringRef, unsigned>> chunks;
    StringRef rest = text;
    unsigned line = 0;
    constexpr StringRef kMarker = "// -----";
    while (true) {
      size_t split = rest.find(kMarker);
      StringRef chunk = rest.substr(0, split);
      chunks.push_back({chunk, line});
      if (split == StringRef::npos)
        break;
      line += chunk.count('\n');
      rest = rest.drop_front(split + kMarker.size());
    }
    if (chunks.size() > 1)
      chunks.insert(chunks.begin(), {StringRef(text), 0});
    for (auto [chunk, lineOffset] : chunks)
      if (tryChunk(root, live, chunk, lineOffset))
        return;
  }

  bool tryChunk(Operation *root, const std::vector<Operation *> &live,
                StringRef chunk, unsigned lineOffset) {
    MLIRContext *context = root->getContext();
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(chunk, fileName,
                                         /*RequiresNullTerminator=*/false),
        llvm::SMLoc());
    Block block;
    AsmParserState state;
    {
      // The driver reported the parse already; this one stays silent.
      ScopedDiagnosticHandler silence(context,
                                      [](Diagnostic &) { return success(); });
      if (failed(parseAsmSourceFile(sourceMgr, &block,
                                    ParserConfig(context, /*verify=*/false),
                                    &state)))
        return false;
    }
    std::vector<Operation *> parsed;
    for (Operation &op : block)
      for (Operation *nested : preorder(&op))
        parsed.push_back(nested);
    size_t skip = live.size() == parsed.size() + 1 && isa<ModuleOp>(root) &&
                          !(block.getOperations().size() == 1 &&
                            isa<ModuleOp>(block.front()))
                      ? 1
                      : 0;
    if (live.size() != parsed.size() + skip)
      return false;
    for (size_t i = 0; i < parsed.size(); ++i) {
      Operation *liveOp = live[i + skip], *parsedOp = parsed[i];
      if (liveOp->getName() != parsedOp->getName())
        return false;
      // Chunks with the same ops (split tests repeat a function) differ in
      // the lines of the ops that kept their file positions.
      auto liveLoc = dyn_cast<FileLineColLoc>(liveOp->getLoc());
      auto parsedLoc = dyn_cast<FileLineColLoc>(parsedOp->getLoc());
      if (liveLoc && parsedLoc &&
          liveLoc.getLine() != parsedLoc.getLine() + lineOffset)
        return false;
    }
    fuseNameLocations(state, sourceMgr, fileName, lineOffset);
    for (size_t i = 0; i < parsed.size(); ++i)
      if (nameOnly(live[i + skip]->getLoc()) && !nameOnly(parsed[i]->getLoc()))
        live[i + skip]->setLoc(parsed[i]->getLoc());
    return true;
  }

  std::string fileName, text;
  std::once_flag once;
};
} // namespace

std::unique_ptr<PassInstrumentation>
mlir::fp8::createFuseNameLocationsInstrumentation(std::string fileName,
                                                  std::string text) {
  return std::make_unique<FuseNameLocationsInstrumentation>(std::move(fileName),
                                                            std::move(text));
}
