//===- mlir-pipelines.cpp - libFuzzer target: MLIR through fp8 passes -----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Parses the input as MLIR in a context set up as fp8-opt sets it up (every
// upstream dialect and extension, the fp8 dialect and its interface models),
// verifies it and, when it verifies, runs each of
//
//   convert-fp8-to-linalg
//   fp8-ptq-pipeline{mode=dynamic}
//   fp8-cpu-pipeline
//
// on a fresh clone of the module. Diagnostics are swallowed: parse,
// verification and pass failures are expected outcomes; crashes, sanitizer
// reports and fatal errors are bugs. A crash reproduces with
// `fp8-opt crash-file --pass-pipeline='builtin.module(PIPELINE)'`, PIPELINE
// being the one the crash stack names.
//
// Only our libraries carry coverage instrumentation (Debian's libMLIR is not
// rebuilt), so the fuzzer steers towards inputs that exercise the fp8
// dialect, its verifiers, folders and lowerings.
//
//===----------------------------------------------------------------------===//

#include "fp8/InitAll.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

/// The pipelines run on every module that verifies, nested in
/// builtin.module as fp8-opt's --pass-pipeline takes them.
constexpr const char *kPipelines[] = {
    "convert-fp8-to-linalg",
    "fp8-ptq-pipeline{mode=dynamic}",
    "fp8-cpu-pipeline",
};

DialectRegistry &getRegistry() {
  static DialectRegistry *registry = [] {
    auto *registry = new DialectRegistry();
    registerAllDialects(*registry);
    registerAllExtensions(*registry);
    mlir::fp8::registerAllFP8Dialects(*registry);
    return registry;
  }();
  return *registry;
}

/// Upstream parser crashes that are not ours, recognized by their text so
/// that a campaign does not spend its time rediscovering them (fp8-opt
/// crashes on them as mlir-opt does).
///
/// The MLIR parser recurses once per nesting level of types, attributes and
/// regions with no bound (MLIR's policy allows recursion on nesting), so a
/// few thousand `(` overflow the stack. Inputs nested deeper than any test
/// (200 levels of `(`, `[` and `{`) are skipped.
///
/// llvm/llvm-project#132747: the custom parsers of linalg.transpose,
/// linalg.broadcast and linalg.reduce store the result of
/// DenseI64ArrayAttr::parse after `permutation =` / `dimensions =` without
/// checking it, and a null attribute crashes NamedAttrList::set. Anything
/// but `[` integers `]` (or a generic-form `array<`) there is skipped.
bool hitsKnownUpstreamCrash(llvm::StringRef text) {
  int depth = 0;
  for (char c : text) {
    if (c == '(' || c == '[' || c == '{') {
      if (++depth > 200)
        return true;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  for (llvm::StringRef keyword : {"permutation", "dimensions"}) {
    for (size_t at = text.find(keyword); at != llvm::StringRef::npos;
         at = text.find(keyword, at + 1)) {
      llvm::StringRef rest = text.drop_front(at + keyword.size()).ltrim();
      if (!rest.consume_front("="))
        continue;
      rest = rest.ltrim();
      if (rest.starts_with("array<"))
        continue;
      if (!rest.consume_front("["))
        return true;
      rest = rest.ltrim();
      if (rest.consume_front("]"))
        continue;
      while (true) {
        rest.consume_front("-");
        size_t digits = rest.find_first_not_of("0123456789");
        if (digits == 0 || digits > 18 || digits == llvm::StringRef::npos)
          return true;
        rest = rest.drop_front(digits).ltrim();
        if (rest.consume_front("]"))
          break;
        if (!rest.consume_front(","))
          return true;
        rest = rest.ltrim();
      }
    }
  }
  return false;
}

} // namespace

/// Our code is built with ASan, libMLIR.so is not. LLVM's BumpPtrAllocator
/// poisons its free space where compiled with ASan and unpoisons what it
/// hands out, so a slab allocated by our code and carved up by MLIR's stays
/// poisoned: false use-after-poison reports. Manual poisoning is off.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  registerAllPasses();
  mlir::fp8::registerAllFP8Passes();
  getRegistry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: nothing uniqued or loaded by one input changes
  // how the next one behaves, and memory does not grow over a campaign.
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  context.allowUnregisteredDialects(false);
  ScopedDiagnosticHandler swallow(&context,
                                  [](Diagnostic &) { return success(); });

  // The MLIR lexer expects the NUL that ends every buffer of a file
  // (MemoryBuffer adds one); libFuzzer's data has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  if (hitsKnownUpstreamCrash(text))
    return -1; // not added to the corpus
  // parseSourceString verifies the module after parsing.
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&context));
  if (!module)
    return 0;

  for (const char *pipeline : kPipelines) {
    OwningOpRef<ModuleOp> clone(module->clone());
    PassManager pm(&context, ModuleOp::getOperationName());
    if (failed(parsePassPipeline(pipeline, pm)))
      std::abort(); // the pipelines above are fixed and valid
    (void)pm.run(*clone);
  }
  return 0;
}
