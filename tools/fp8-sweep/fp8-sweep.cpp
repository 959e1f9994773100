//===- fp8-sweep.cpp - differential tester of the generated kernels -------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   fp8-sweep [--op all|scaled_matmul|quantize|dequantize|dynamic_quantize]
//             [--cases N] [--seed S] [--targets LIST] [--calls N]
//             [--max-dim D] [--repro-dir DIR]
//   fp8-sweep --shape MxNxK [--layout kn|nk] [--acc f32|f16|bf16]
//             [--chunk N]                                  (one matmul)
//
// Draws seeded random cases of the fp8 ops on static shapes, compiles each
// with fp8-cpu-pipeline for every CPU target this machine runs and with the
// reference lowering (convert-fp8-to-linalg and upstream passes), calls
// both on the same operands and compares: bit for bit, except the kernels
// that reorder sums (avx512bf16 and amx with f32 accumulation), which must
// be bit-identical or within the error bound of docs/Spec.md section 7.
//
// Each case runs in a child process, several calls per target: on glibc's
// heap (filled with a pattern) and against guard pages after and before
// every operand, with the generated code's own allocations guarded the same
// way (GuardedMemory.h). A failing case is shrunk (smaller M, N, K, simpler
// scales, formats, no bias, ...) while it still fails, and the smallest is
// written as a ready-to-run .mlir. The last line is "N passed, N failed".
//
//===----------------------------------------------------------------------===//

#include "Cases.h"
#include "Compare.h"
#include "GuardedMemory.h"
#include "common/ThreadsOption.h"

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "fp8/InitAll.h"
#include "fp8/Numerics/Format.h"
#include "fp8/Pipelines/Pipelines.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>

#include <sys/wait.h>
#include <unistd.h>

using namespace fp8;
using namespace fp8::sweep;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("fp8-sweep options");
cl::opt<std::string> opOption("op",
                              cl::desc("all, scaled_matmul, quantize, "
                                       "dequantize or dynamic_quantize"),
                              cl::init("all"), cl::cat(category));
cl::opt<int> casesOption("cases", cl::desc("Cases to draw"), cl::init(100),
                         cl::cat(category));
cl::opt<uint64_t> seedOption("seed", cl::desc("Seed of the draw"), cl::init(1),
                             cl::cat(category));
cl::opt<std::string>
    targetsOption("targets",
                  cl::desc("Comma-separated CPU targets (default: every "
                           "target this CPU runs; amx only when named)"),
                  cl::init(""), cl::cat(category));
cl::opt<int> callsOption("calls",
                         cl::desc("Calls per target and case, cycling the "
                                  "heap, guard-after and guard-before "
                                  "placements"),
                         cl::init(3), cl::cat(category));
cl::opt<int> maxDimOption("max-dim",
                          cl::desc("Largest M, N, K, rows, columns (from "
                                   "256 up, one scaled_matmul in eight has "
                                   "K from 1536 to 3000)"),
                          cl::init(300), cl::cat(category));
cl::opt<std::string> reproDirOption("repro-dir",
                                    cl::desc("Where failing cases go"),
                                    cl::init("."), cl::cat(category));
cl::opt<std::string> shapeOption("shape",
                                 cl::desc("MxNxK: run one scaled_matmul "
                                          "(E4M3, per-tensor scales)"),
                                 cl::init(""), cl::cat(category));
cl::opt<std::string> layoutOption("layout", cl::desc("With --shape: kn or nk"),
                                  cl::init("kn"), cl::cat(category));
cl::opt<std::string> accOption("acc",
                               cl::desc("With --shape: f32, f16 or bf16"),
                               cl::init("f32"), cl::cat(category));
cl::opt<bool> printModulesOption(
    "print-modules",
    cl::desc("Print each case's @kernel module (what is compiled) instead "
             "of running it"),
    cl::init(false), cl::cat(category));
cl::opt<int> chunkOption("chunk", cl::desc("With --shape: chunk length"),
                         cl::init(0), cl::cat(category));

cl::opt<std::string> &threadsOption() {
  return fp8::tools::threadsOption(
      category, "Threads of the generated kernels (default 1); the "
                "reference lowering runs on one");
}
/// The kernels' threads (fp8-cpu-pipeline's threads option).
unsigned threads = 1;

constexpr const char *kReferencePipeline =
    "convert-fp8-to-linalg,"
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "func.func(convert-linalg-to-loops),buffer-deallocation-pipeline,"
    "convert-bufferization-to-memref,expand-strided-metadata,lower-affine,"
    "convert-scf-to-cf,finalize-memref-to-llvm,convert-math-to-llvm,"
    "convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
    "convert-index-to-llvm,reconcile-unrealized-casts";

/// A compiled @kernel.
struct Compiled {
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void (*function)(void **) = nullptr;
};

/// Compiles `c`'s kernel module with fp8-cpu-pipeline{target} or, for an
/// empty target, the reference lowering. Errors go to `error`.
std::optional<Compiled> compile(mlir::MLIRContext &context, const Case &c,
                                const std::string &target, std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream(diagnostics);
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    diagnosticStream << d.getLocation() << ": " << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kernelModule(c), &context);
  if (!module) {
    error = "cannot parse the kernel module: " + diagnostics;
    return std::nullopt;
  }
  mlir::PassManager pm(&context);
  if (target.empty()) {
    if (mlir::failed(mlir::parsePassPipeline(kReferencePipeline, pm))) {
      error = "cannot build the reference pipeline";
      return std::nullopt;
    }
  } else {
    mlir::fp8::FP8CPUPipelineOptions options;
    options.target = target;
    options.threads = threads;
    mlir::fp8::buildFP8CPUPipeline(pm, options);
  }
  if (mlir::failed(pm.run(*module))) {
    error = (target.empty() ? std::string("the reference lowering")
                            : "fp8-cpu-pipeline{target=" + target + "}") +
            " failed: " + diagnostics;
    return std::nullopt;
  }
  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder) {
    error = llvm::toString(machineBuilder.takeError());
    return std::nullopt;
  }
  auto machine = machineBuilder->createTargetMachine();
  if (!machine) {
    error = llvm::toString(machine.takeError());
    return std::nullopt;
  }
  // engineOptions keeps a reference: the transformer outlives create().
  auto transformer = mlir::makeOptimizingTransformer(
      /*optLevel=*/2, /*sizeLevel=*/0, machine->get());
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Default;
  static const std::string cRunnerUtils = FP8_MLIR_C_RUNNER_UTILS;
  static const std::string openMPRuntime = FP8_OPENMP_RUNTIME;
  llvm::SmallVector<llvm::StringRef, 2> libraries = {cRunnerUtils};
  if (!target.empty() && threads != 1)
    libraries.push_back(openMPRuntime);
  engineOptions.sharedLibPaths = libraries;
  auto created = mlir::ExecutionEngine::create(*module, engineOptions,
                                               std::move(*machine));
  if (!created) {
    error = "cannot JIT-compile: " + llvm::toString(created.takeError()) +
            ": " + diagnostics;
    return std::nullopt;
  }
  Compiled compiled;
  compiled.engine = std::move(*created);
  // The generated code allocates through the guarded allocator.
  compiled.engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    auto add = [&](const char *name, void *address) {
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    };
    add("malloc", reinterpret_cast<void *>(&GuardedAllocator::malloc));
    add("calloc", reinterpret_cast<void *>(&GuardedAllocator::calloc));
    add("realloc", reinterpret_cast<void *>(&GuardedAllocator::realloc));
    add("aligned_alloc",
        reinterpret_cast<void *>(&GuardedAllocator::alignedAlloc));
    add("posix_memalign",
        reinterpret_cast<void *>(&GuardedAllocator::posixMemalign));
    add("free", reinterpret_cast<void *>(&GuardedAllocator::free));
    return symbols;
  });
  auto function = compiled.engine->lookupPacked("_mlir_ciface_kernel");
  if (!function) {
    error = "no C interface: " + llvm::toString(function.takeError());
    return std::nullopt;
  }
  compiled.function = *function;
  return compiled;
}

/// Calls `compiled` on `inputs` with every operand placed as `placement`;
/// returns the results' bytes, or sets `error`.
std::vector<std::vector<uint8_t>>
call(const Compiled &compiled, const Case &c,
     const std::vector<std::vector<uint8_t>> &inputs, Placement placement,
     uint8_t fill, std::string &error) {
  std::vector<Operand> operands = operandsOf(c);
  std::vector<std::unique_ptr<GuardedBuffer>> buffers;
  std::vector<std::vector<int64_t>> descriptors;
  size_t input = 0;
  for (const Operand &operand : operands) {
    if (operand.isConstant) {
      // In the module: no argument.
      ++input;
      buffers.push_back(nullptr);
      continue;
    }
    size_t bytes = operand.numElements() * operand.elementBytes;
    buffers.push_back(
        std::make_unique<GuardedBuffer>(bytes, placement, operand.name));
    GuardedBuffer &buffer = *buffers.back();
    if (operand.isResult) {
      std::memset(buffer.data(), fill, bytes);
    } else {
      std::memcpy(buffer.data(), inputs[input++].data(), bytes);
      buffer.makeReadOnly();
    }
    std::vector<int64_t> descriptor;
    auto address = reinterpret_cast<int64_t>(buffer.data());
    descriptor = {address, address, 0};
    descriptor.insert(descriptor.end(), operand.shape.begin(),
                      operand.shape.end());
    std::vector<int64_t> strides(operand.shape.size());
    int64_t stride = 1;
    for (int64_t d = static_cast<int64_t>(operand.shape.size()) - 1; d >= 0;
         --d) {
      strides[d] = stride;
      stride *= operand.shape[d];
    }
    descriptor.insert(descriptor.end(), strides.begin(), strides.end());
    descriptors.push_back(std::move(descriptor));
  }
  std::vector<void *> pointers, arguments;
  for (auto &descriptor : descriptors)
    pointers.push_back(descriptor.data());
  for (void *&pointer : pointers)
    arguments.push_back(&pointer);

  GuardedAllocator::setEnabled(true, placement, fill);
  compiled.function(arguments.data());
  GuardedAllocator::setEnabled(false, placement, fill);
  error = GuardedAllocator::drainAndCheck();

  std::vector<std::vector<uint8_t>> results;
  for (size_t i = 0; i < operands.size(); ++i)
    if (operands[i].isResult) {
      auto *data = static_cast<uint8_t *>(buffers[i]->data());
      results.emplace_back(data, data + buffers[i]->size());
    }
  return results;
}

/// Runs `c` on `targets` in this process. Exit codes: 0 pass, 1 wrong
/// results, 2 a compile error, 3 a memory fault (from the fault handler),
/// 4 memory written outside a buffer.
int runCase(mlir::MLIRContext &context, const Case &c,
            const std::vector<std::string> &targets, int calls) {
  std::vector<std::vector<uint8_t>> inputs = makeInputs(c);
  std::string error;
  setFaultContext("  compiling or calling the reference lowering of " +
                  c.describe());
  std::optional<Compiled> reference = compile(context, c, "", error);
  if (!reference) {
    std::printf("  %s\n", error.c_str());
    return 2;
  }
  std::vector<std::vector<uint8_t>> expected =
      call(*reference, c, inputs, Placement::Heap, 0xA5, error);
  int status = 0;
  for (const std::string &target : targets) {
    setFaultContext("  compiling " + c.describe() + " for target " + target);
    std::optional<Compiled> kernel = compile(context, c, target, error);
    if (!kernel) {
      std::printf("  %s\n", error.c_str());
      return 2;
    }
    for (int i = 0; i < calls; ++i) {
      Placement placement = Placement(i % 3);
      // A different fill each call: stale or unwritten memory shows.
      uint8_t fill = static_cast<uint8_t>(0xA5 + 0x3B * i);
      setFaultContext("  target " + target + ", " + placementName(placement) +
                      ", call " + std::to_string(i + 1) + " of " +
                      c.describe());
      std::vector<std::vector<uint8_t>> actual =
          call(*kernel, c, inputs, placement, fill, error);
      if (!error.empty()) {
        std::printf("  %s, %s: %s\n", target.c_str(), placementName(placement),
                    error.c_str());
        return 4;
      }
      if (!compareResults(c, target, placement, inputs, expected, actual))
        status = 1;
    }
    if (status)
      return status;
  }
  return 0;
}

/// Runs `c` in a child process (a fault or a hang ends only the child).
int runInChild(mlir::MLIRContext &context, const Case &c,
               const std::vector<std::string> &targets, int calls, bool quiet) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fp8-sweep: fork");
    std::exit(2);
  }
  if (pid == 0) {
    if (quiet) {
      std::FILE *null = std::freopen("/dev/null", "w", stdout);
      (void)null;
    }
    alarm(300);
    installFaultHandler();
    int status = runCase(context, c, targets, calls);
    std::fflush(stdout);
    _exit(status);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  std::printf("  the case ended with signal %d%s\n", WTERMSIG(status),
              WTERMSIG(status) == SIGALRM ? " (over 300 s)" : "");
  return 5;
}

const char *statusText(int status) {
  switch (status) {
  case 1:
    return "wrong results";
  case 2:
    return "compile error";
  case 3:
    return "memory fault";
  case 4:
    return "write outside a buffer";
  default:
    return "crash";
  }
}

std::string sharedLibraries() {
  std::string directory = FP8_MLIR_C_RUNNER_UTILS;
  directory = directory.substr(0, directory.rfind('/'));
  return directory + "/libmlir_runner_utils.so," + directory +
         "/libmlir_c_runner_utils.so";
}

/// Writes the smallest failing case's reproducer; returns its path.
std::string writeReproducer(const Case &c, const std::string &target,
                            int status) {
  std::string path =
      reproDirOption + "/fp8-sweep-failure-" + std::to_string(c.seed) + ".mlir";
  std::ofstream file(path);
  std::string libs = sharedLibraries();
  file << "// fp8-sweep: " << statusText(status) << " on target " << target
       << "\n//   " << c.describe()
       << "\n// @main prints the bits of the results; the kernel and the "
          "reference lowering print the same when the kernel is right:\n"
       << "//   fp8-opt " << path << " --fp8-cpu-pipeline=target=" << target
       << " | mlir-runner -e main -entry-point-result=void -shared-libs="
       << libs << " > kernel.txt\n"
       << "//   fp8-opt " << path << " --pass-pipeline=\"builtin.module("
       << kReferencePipeline << ")\""
       << " | mlir-runner -e main -entry-point-result=void -shared-libs="
       << libs << " > reference.txt\n"
       << "//   diff <(grep -v base@ kernel.txt) <(grep -v base@ "
          "reference.txt)\n\n"
       << reproducerModule(c, makeInputs(c));
  return path;
}

std::vector<std::string> runnableTargets() {
  std::vector<std::string> targets;
  if (!targetsOption.empty()) {
    llvm::SmallVector<llvm::StringRef> names;
    llvm::StringRef(targetsOption).split(names, ',', -1, false);
    for (llvm::StringRef name : names)
      targets.push_back(name.trim().str());
    return targets;
  }
  for (const char *target : {"generic", "avx512", "avx512fp16", "avx512bf16"}) {
    std::string missing;
    if (mlir::fp8::hostSupportsCPUTarget(target, missing))
      targets.push_back(target);
  }
  return targets;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  threadsOption();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fp8-sweep: the generated kernels against the reference lowering, on "
      "seeded random cases\n");
  llvm::Expected<unsigned> parsedThreads =
      fp8::tools::parseThreads(threadsOption(), /*defaultThreads=*/1);
  if (!parsedThreads) {
    llvm::errs() << "fp8-sweep: error: "
                 << llvm::toString(parsedThreads.takeError()) << "\n";
    return 2;
  }
  threads = *parsedThreads;

  mlir::registerAllPasses();
  mlir::fp8::registerAllFP8Passes();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::fp8::registerAllFP8Dialects(registry);
  mlir::MLIRContext context(registry);
  // Children are forked from this process: no thread pool to inherit.
  context.disableMultithreading();
  context.loadAllAvailableDialects();

  std::vector<std::string> targets = runnableTargets();
  for (const std::string &target : targets) {
    std::string error;
    if (!mlir::fp8::getCPUTarget(target, error)) {
      llvm::errs() << "fp8-sweep: error: " << error << "\n";
      return 2;
    }
    std::string missing;
    if (!mlir::fp8::hostSupportsCPUTarget(target, missing)) {
      llvm::errs() << "fp8-sweep: error: target " << target
                   << " needs the CPU feature " << missing
                   << ", which this CPU does not have\n";
      return 2;
    }
  }
  std::vector<OpKind> ops;
  if (opOption == "all" || opOption == "scaled_matmul")
    ops.push_back(OpKind::ScaledMatmul);
  if (opOption == "all" || opOption == "quantize")
    ops.push_back(OpKind::Quantize);
  if (opOption == "all" || opOption == "dequantize")
    ops.push_back(OpKind::Dequantize);
  if (opOption == "all" || opOption == "dynamic_quantize")
    ops.push_back(OpKind::DynamicQuantize);
  if (ops.empty()) {
    llvm::errs() << "fp8-sweep: error: unknown --op '" << opOption
                 << "'; expected all, scaled_matmul, quantize, dequantize or "
                    "dynamic_quantize\n";
    return 2;
  }

  std::vector<Case> cases;
  if (!shapeOption.empty()) {
    llvm::SmallVector<llvm::StringRef> sizes;
    llvm::StringRef(shapeOption).split(sizes, 'x');
    Case c;
    if (sizes.size() != 3 || sizes[0].getAsInteger(10, c.m) ||
        sizes[1].getAsInteger(10, c.n) || sizes[2].getAsInteger(10, c.k) ||
        (layoutOption != "kn" && layoutOption != "nk") ||
        (accOption != "f32" && accOption != "f16" && accOption != "bf16")) {
      llvm::errs() << "fp8-sweep: error: --shape MxNxK (positive sizes), "
                      "--layout kn|nk, --acc f32|f16|bf16\n";
      return 2;
    }
    c.seed = seedOption;
    c.transposedB = layoutOption == "nk";
    c.accumulator = accOption == "f16"    ? FloatKind::F16
                    : accOption == "bf16" ? FloatKind::BF16
                                          : FloatKind::F32;
    c.chunk = chunkOption;
    if (!isValid(c)) {
      llvm::errs() << "fp8-sweep: error: invalid case " << c.describe() << "\n";
      return 2;
    }
    cases.push_back(c);
  } else {
    std::mt19937_64 random(seedOption);
    for (int i = 0; i < casesOption; ++i) {
      Case c;
      do
        c = drawCase(ops[i % ops.size()], random, maxDimOption);
      while (!isValid(c));
      cases.push_back(c);
    }
  }

  std::printf("fp8-sweep: %zu cases, seed %llu, targets", cases.size(),
              static_cast<unsigned long long>(seedOption.getValue()));
  for (const std::string &target : targets)
    std::printf(" %s", target.c_str());
  std::printf(", %d calls each\n", callsOption.getValue());
  int passed = 0, failed = 0;
  for (const Case &c : cases) {
    if (printModulesOption) {
      std::printf("// %s\n%s", c.describe().c_str(), kernelModule(c).c_str());
      continue;
    }
    int status = runInChild(context, c, targets, callsOption, false);
    if (status == 0) {
      ++passed;
      continue;
    }
    ++failed;
    std::printf("FAIL (%s): %s\n", statusText(status), c.describe().c_str());
    // The target that fails, alone, then smaller cases while they fail.
    std::string failingTarget = targets.front();
    for (const std::string &target : targets)
      if (runInChild(context, c, {target}, callsOption, true) != 0) {
        failingTarget = target;
        break;
      }
    Case smallest = c;
    int smallestStatus = status;
    for (int attempt = 0, budget = 60; attempt < budget;) {
      bool shrunk = false;
      for (const Case &candidate : simplerCases(smallest)) {
        if (attempt++ >= budget)
          break;
        int candidateStatus =
            runInChild(context, candidate, {failingTarget}, callsOption, true);
        if (candidateStatus != 0 && candidateStatus != 2) {
          smallest = candidate;
          smallestStatus = candidateStatus;
          shrunk = true;
          break;
        }
      }
      if (!shrunk)
        break;
    }
    std::printf("  smallest failing case: %s\n", smallest.describe().c_str());
    runInChild(context, smallest, {failingTarget}, callsOption, false);
    std::printf(
        "  reproducer: %s\n",
        writeReproducer(smallest, failingTarget, smallestStatus).c_str());
  }
  std::printf("fp8-sweep: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
