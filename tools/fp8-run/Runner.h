//===- Runner.h - compile and call an entry function on arrays --*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What fp8-run does with a module: parse it, check the entry function (ranked
// tensors in and out), optionally instrument it for calibration, lower it
// with fp8-cpu-pipeline{results-to-out-params} and JIT-compile it, then call
// the entry through its C interface on .npy arrays.
//
// Calling convention after lowering: `_mlir_ciface_<entry>` takes pointers to
// memref descriptors: first the returned results (one descriptor, or a struct
// of descriptors) if any, then the inputs, then the out-parameters, which the
// caller allocates. fp8-run asks fp8-cpu-pipeline for out-parameters only
// when every result has a static shape (the caller cannot size the others);
// whether the rewrite applied to the entry is read off the lowered function.
// Returned memrefs are owned by the caller, who frees them.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_FP8_RUN_RUNNER_H
#define FP8_TOOLS_FP8_RUN_RUNNER_H

#include "fp8/Calibration/Statistics.h"
#include "fp8/Runtime/Npy.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fp8::run {

/// One tensor of the entry's signature and how it maps to a .npy array.
struct TensorSpec {
  std::string type;            // "tensor<?x4xf32>", for messages
  std::vector<int64_t> shape;  // mlir::ShapedType::kDynamic for '?'
  runtime::NpyDType dtype;     // of the .npy file
  runtime::NpyDType storage;   // of the memref (differs only for bf16)
  bool widenBF16 = false;      // bf16 results are written as <f4
  bool acceptsU8AndI8 = false; // signless i8 reads |i1 and |u1
  bool outParam = false;       // a result the caller allocates

  bool hasStaticShape() const;
  /// "tensor<?x4xf32> (dtype <f4)".
  std::string describe() const;
};

/// Arrays passed to one call of the entry, and its results. The buffers of
/// the descriptors live here, so a call can be repeated (benchmarks).
class Call {
public:
  /// Invokes the entry once. Results with a dynamic shape that the previous
  /// invocation returned are freed first.
  void invoke();
  /// The results of the last invocation, as the entry's signature says.
  std::vector<runtime::NpyArray> takeResults();
  /// Frees what the last invocation returned (results of dynamic shape).
  void releaseReturned();

  Call() = default;
  Call(Call &&) = default;
  Call &operator=(Call &&) = default;
  ~Call() { releaseReturned(); }

private:
  friend class Runner;

  void (*function)(void **) = nullptr;
  const std::vector<TensorSpec> *resultSpecs = nullptr;
  std::vector<const runtime::NpyArray *> inputs;
  std::vector<runtime::NpyArray> outParams; // static results, in order
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<int64_t> returned; // struct of the dynamic results
  std::vector<void *> pointers, arguments;
  bool hasReturned = false;
};

class Runner {
public:
  explicit Runner(mlir::MLIRContext &context);
  ~Runner();

  /// Parses `modulePath` (diagnostics with locations go to stderr) and checks
  /// the entry function. An empty `entry` picks the only public function.
  llvm::Error load(llvm::StringRef modulePath, llvm::StringRef entry);

  llvm::StringRef getEntry() const { return entry; }
  const std::vector<TensorSpec> &getInputs() const { return inputs; }
  const std::vector<TensorSpec> &getResults() const { return results; }

  /// Runs `fp8-insert-observers{scheme=S}` unless the module already holds
  /// fp8.observe ops (then they are used as they are).
  llvm::Error instrument(llvm::StringRef scheme);

  /// The scheme instrument() ran fp8-insert-observers with; empty when the
  /// module came with its own fp8.observe ops.
  llvm::StringRef getObserverScheme() const { return observerScheme; }

  /// The shape of every tensor an fp8.observe op observes, by id, as the
  /// module types it (dynamic dimensions as calibration::kDynamicDim): the
  /// calibration table's fingerprint.
  std::map<std::string, calibration::Shape> observedShapes() const;

  /// Lowers the module with fp8-cpu-pipeline (observers to runtime calls or
  /// dropped; the kernels on `threads` threads, 0: the OpenMP runtime's
  /// default), or with fp8-nvvm-pipeline{chip} for `device` "cuda", and
  /// JIT-compiles it with the runtime hooks registered and `sharedLibs`
  /// loaded (libomp among them when `threads` is not 1). `profile` (CPU
  /// only) times each op of the module (fp8-cpu-pipeline{profile=true}).
  llvm::Error compile(llvm::StringRef target, bool observersToRuntime,
                      llvm::ArrayRef<std::string> sharedLibs,
                      llvm::StringRef device = "cpu",
                      llvm::StringRef chip = "sm_90a", unsigned threads = 1,
                      bool profile = false);

  /// After compile(profile=true): the name of each profile id (the
  /// module's fp8.profile_ops).
  const std::vector<std::string> &getProfileNames() const {
    return profileNames;
  }

  /// Checks `arrays` against the entry's inputs: count, dtype, rank and
  /// static dimensions (`names` are the files, for messages).
  llvm::Error checkInputs(llvm::ArrayRef<const runtime::NpyArray *> arrays,
                          llvm::ArrayRef<std::string> names) const;

  /// Checks `arrays` and prepares a call of the compiled entry. The arrays
  /// must outlive the call.
  llvm::Expected<Call> prepare(llvm::ArrayRef<const runtime::NpyArray *> arrays,
                               llvm::ArrayRef<std::string> names) const;

private:
  /// Finds out from the lowered entry which results are out-parameters and
  /// checks that its C interface takes the descriptors prepare() builds.
  llvm::Error resolveCallingConvention();

  mlir::MLIRContext &context;
  /// Diagnostics of the parser and the passes, with source lines.
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string modulePath, entry, observerScheme;
  std::vector<TensorSpec> inputs, results;
  std::vector<std::string> profileNames;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void (*function)(void **) = nullptr;
};

} // namespace fp8::run

#endif // FP8_TOOLS_FP8_RUN_RUNNER_H
