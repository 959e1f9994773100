//===- Runner.h - compile and call an entry function on arrays --*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The engine of fp8-run, for tools and embedders: parse a module (or take
// one), check its entry function (ranked tensors in and out), optionally run
// pass pipelines on it (instrumentation, quantization), lower it with
// fp8-cpu-pipeline{results-to-out-params} (or fp8-nvvm-pipeline) and
// JIT-compile it, then call the entry through its C interface on .npy arrays:
//
//   Runner runner(context);                    // one per module
//   runner.load("model.mlir", "forward");
//   runner.compile(CompileOptions());
//   Expected<Call> call = runner.prepare(arrays, names);
//   call->invoke();
//   std::vector<NpyArray> results = call->takeResults();
//
// Calling convention after lowering: `_mlir_ciface_<entry>` takes pointers to
// memref descriptors (MemRef.h): first the returned results (one descriptor,
// or a struct of descriptors) if any, then the inputs, then the
// out-parameters, which the caller allocates. The runner asks for
// out-parameters only when every result has a static shape (the caller
// cannot size the others); whether the rewrite applied to the entry is read
// off the lowered function. Returned memrefs are owned by the caller, who
// frees them.
//
// Errors are llvm::Error with one line of text; diagnostics with locations
// (parser, passes) go to stderr as they are emitted.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_RUNNER_H
#define FP8_RUNNER_RUNNER_H

#include "fp8/Calibration/Statistics.h"
#include "fp8/Runner/MemRef.h"
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

namespace fp8::runner {

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

  /// The returned results, one DynamicMemRefType per result that is not an
  /// out-parameter (rank from the signature, words from `returned`).
  std::vector<DynamicMemRefType<char>> returnedMemRefs();

  void (*function)(void **) = nullptr;
  const std::vector<TensorSpec> *resultSpecs = nullptr;
  std::vector<const runtime::NpyArray *> inputs;
  std::vector<runtime::NpyArray> outParams;  // static results, in order
  std::vector<MemRefDescriptor> descriptors; // inputs, then out-parameters
  std::vector<int64_t> returned;             // struct of the dynamic results
  std::vector<void *> pointers, arguments;
  bool hasReturned = false;
};

/// How compile() lowers and JIT-compiles the module.
struct CompileOptions {
  /// fp8-cpu-pipeline's target: host, generic, avx512, avx512fp16,
  /// avx512bf16 or amx.
  std::string target = "host";
  /// fp8.observe ops become calls of the runtime's hooks (calibration);
  /// otherwise they are dropped.
  bool observersToRuntime = false;
  /// "cpu" (fp8-cpu-pipeline) or "cuda" (fp8-nvvm-pipeline{chip}: fp8 ops as
  /// GPU kernels, the rest on the host; needs the CUDA runtime, see
  /// findCudaRuntime).
  std::string device = "cpu";
  std::string chip = "sm_90a";
  /// Threads of the kernels' parallel loops; 0: the OpenMP runtime's
  /// default (every core). Anything but 1 loads the OpenMP runtime.
  unsigned threads = 1;
  /// Times each op of the module (fp8-cpu-pipeline{profile=true}; CPU only).
  bool profile = false;
  /// Registers the JIT-compiled code with perf's JIT interface, so that
  /// `perf record -k 1` then `perf inject --jit` name the kernels.
  bool perfListener = false;
  /// More libraries for the JIT to resolve symbols in, after the MLIR C
  /// runner utilities (memrefCopy, ...) and the OpenMP runtime.
  std::vector<std::string> sharedLibs;
};

/// Checks the device ("cpu" or "cuda") and, for "cuda", the chip.
llvm::Error checkDevice(const CompileOptions &options);

/// Keeps the memory that compiled code frees for its next call (glibc's
/// malloc; nothing elsewhere). Call it once before timing calls.
void keepFreedMemory();

/// The OpenMP runtime this build found (libomp), or "" when it found none.
llvm::StringRef getOpenMPRuntimePath();

/// For device "cuda": the mgpu* runtime, after checking that this build has
/// it and that the driver sees a GPU.
llvm::Expected<std::string> findCudaRuntime();

class Runner {
public:
  explicit Runner(mlir::MLIRContext &context);
  ~Runner();

  /// Parses `modulePath` (diagnostics with locations go to stderr; "-" is
  /// stdin) and checks the entry function. An empty `entry` picks the only
  /// public function. The context needs the dialects of the module and
  /// those of the pipelines (registerAllDialects, registerAllFP8Dialects).
  llvm::Error load(llvm::StringRef modulePath, llvm::StringRef entry);
  /// The same for a module already in memory: one module compiled several
  /// ways takes clones of another Runner's getModule() made before its
  /// compile(). `name` stands for the file in messages.
  llvm::Error load(mlir::OwningOpRef<mlir::ModuleOp> module,
                   llvm::StringRef name, llvm::StringRef entry);

  llvm::StringRef getModulePath() const { return modulePath; }
  llvm::StringRef getEntry() const { return entry; }
  const std::vector<TensorSpec> &getInputs() const { return inputs; }
  const std::vector<TensorSpec> &getResults() const { return results; }
  /// The module: as loaded, after the pipelines run on it, or lowered to
  /// the LLVM dialect once compiled.
  mlir::ModuleOp getModule() const { return module.get(); }

  /// Runs a textual pass pipeline on the module ("fp8-ptq-pipeline{...}");
  /// call before compile(). The entry's signature must not change.
  llvm::Error runPipeline(llvm::StringRef pipeline);

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

  /// Lowers the module and JIT-compiles it with the runtime hooks
  /// registered and the libraries of `options` loaded.
  llvm::Error compile(const CompileOptions &options);

  /// After compile() with `profile`: the name of each profile id (the
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
  /// Finds the entry and reads its signature.
  llvm::Error loadEntry(llvm::StringRef entryName);
  /// Runs `pipeline`; errors start with `parseErrorPrefix` when it does
  /// not parse, name `name` when it fails.
  llvm::Error runPasses(llvm::StringRef pipeline,
                        llvm::StringRef parseErrorPrefix, llvm::StringRef name);
  /// Finds out from the lowered entry which results are out-parameters and
  /// checks that its C interface takes the descriptors prepare() builds.
  llvm::Error resolveCallingConvention();
  /// Creates the execution engine and looks the entry's C interface up.
  llvm::Error createEngine(llvm::ArrayRef<std::string> libraries,
                           bool perfListener);

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

} // namespace fp8::runner

#endif // FP8_RUNNER_RUNNER_H
