//===- Runner.cpp - load, lower and JIT-compile a module ------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Runner.h"

#include "fp8/Conversion/FP8ToNVVM/FP8ToNVVM.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "fp8/Pipelines/GPUPipelines.h"
#include "fp8/Pipelines/Passes.h"
#include "fp8/Pipelines/Pipelines.h"
#include "fp8/Runtime/Runtime.h"
#include "fp8/Tools/NameLocations.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/AsmParser/AsmParserState.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Scalar/LoopDataPrefetch.h"

#include <cstring>
#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace fp8;
using namespace fp8::runner;
using fp8::runtime::NpyDType;
using llvm::StringRef;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

/// LLVM's software prefetch of strided loads (LoopDataPrefetch) for the
/// JIT'd code. x86's cost model leaves it off (no prefetch distance, no
/// cache line size), so these are its own command-line options, set unless
/// the command line gave them: loads that advance a cache line or more an
/// iteration (a GEMV's weights, a panel of B) are prefetched 3000
/// instructions ahead. A GEMV streams its weights at the DRAM bandwidth
/// only so: the loop's decode leaves too few loads in flight for the
/// hardware prefetchers (1 x 8192 x 8192, Zen 3, 1 thread: 4.4 -> 3.3 ms,
/// 20.5 GB/s of 20.9). `--prefetch-distance=0` turns it off.
void configureSoftwarePrefetch() {
  static const bool configured = [] {
    auto &options = llvm::cl::getRegisteredOptions();
    for (auto [name, value] :
         {std::pair<StringRef, StringRef>{"prefetch-distance", "3000"},
          {"cache-line-size", "64"},
          {"min-prefetch-stride", "64"}}) {
      llvm::cl::Option *option = options.lookup(name);
      if (option && option->getNumOccurrences() == 0)
        (void)option->addOccurrence(/*pos=*/0, name, value);
    }
    return true;
  }();
  (void)configured;
}

/// The O2 pipeline, then LoopDataPrefetch (configureSoftwarePrefetch).
std::function<llvm::Error(llvm::Module *)>
makeJITTransformer(llvm::TargetMachine *machine) {
  configureSoftwarePrefetch();
  auto optimize = mlir::makeOptimizingTransformer(
      /*optLevel=*/2, /*sizeLevel=*/0, machine);
  return [optimize, machine](llvm::Module *module) -> llvm::Error {
    if (llvm::Error error = optimize(module))
      return error;
    llvm::LoopAnalysisManager loops;
    llvm::FunctionAnalysisManager functions;
    llvm::CGSCCAnalysisManager cgsccs;
    llvm::ModuleAnalysisManager modules;
    llvm::PassBuilder builder(machine);
    builder.registerModuleAnalyses(modules);
    builder.registerCGSCCAnalyses(cgsccs);
    builder.registerFunctionAnalyses(functions);
    builder.registerLoopAnalyses(loops);
    builder.crossRegisterProxies(loops, functions, cgsccs, modules);
    llvm::ModulePassManager passes;
    passes.addPass(
        llvm::createModuleToFunctionPassAdaptor(llvm::LoopDataPrefetchPass()));
    passes.run(*module, modules);
    return llvm::Error::success();
  };
}

std::string toString(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

/// How a tensor type maps to .npy arrays; std::nullopt when it does not.
/// `why` says what is missing.
std::optional<TensorSpec> specOf(mlir::Type type, bool isInput,
                                 std::string &why) {
  auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(type);
  if (!tensor) {
    why = "fp8-run passes ranked tensors only";
    return std::nullopt;
  }
  TensorSpec spec;
  spec.type = toString(type);
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  mlir::Type element = tensor.getElementType();
  auto set = [&](NpyDType dtype) {
    spec.dtype = spec.storage = dtype;
    return spec;
  };
  if (element.isF32())
    return set(NpyDType::F32);
  if (element.isF16())
    return set(NpyDType::F16);
  if (element.isF64())
    return set(NpyDType::F64);
  if (element.isBF16()) {
    if (isInput) {
      why = "NumPy has no bf16 dtype; take f32 and truncate in the module";
      return std::nullopt;
    }
    spec.dtype = NpyDType::F32;
    spec.storage = NpyDType::F16; // two bytes, widened when written
    spec.widenBF16 = true;
    return spec;
  }
  if (element.isInteger(1))
    return set(NpyDType::Bool);
  if (element.isUnsignedInteger(8))
    return set(NpyDType::U8);
  if (element.isInteger(8)) {
    spec.acceptsU8AndI8 = element.isSignlessInteger();
    return set(NpyDType::I8);
  }
  if (element.isInteger(32) && !element.isUnsignedInteger())
    return set(NpyDType::I32);
  if (element.isInteger(64) && !element.isUnsignedInteger())
    return set(NpyDType::I64);
  // FP8 values travel as their codes.
  if (mlir::fp8::isFP8StorageType(element) ||
      (mlir::isa<mlir::FloatType>(element) &&
       mlir::cast<mlir::FloatType>(element).getWidth() == 8))
    return set(NpyDType::U8);
  why = "element type " + toString(element) + " has no .npy dtype here";
  return std::nullopt;
}

/// Makes the runtime's hooks (observe, profile) visible to JIT-compiled code.
llvm::orc::SymbolMap runtimeSymbolMap(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap symbols;
  int count;
  const runtime::Symbol *hooks = runtime::runtimeSymbols(count);
  for (int i = 0; i < count; ++i)
    symbols[interner(hooks[i].name)] = {
        llvm::orc::ExecutorAddr::fromPtr(hooks[i].address),
        llvm::JITSymbolFlags::Exported};
  return symbols;
}

} // namespace

//===----------------------------------------------------------------------===//
// Libraries
//===----------------------------------------------------------------------===//

llvm::Error fp8::runner::checkDevice(const CompileOptions &options) {
  if (options.device != "cpu" && options.device != "cuda")
    return makeError("--device " + options.device + ": expected cpu or cuda");
  if (options.device == "cuda" && !mlir::fp8::isSupportedNVVMChip(options.chip))
    return makeError("--chip " + options.chip + ": expected sm_89 or sm_90a");
  return llvm::Error::success();
}

void fp8::runner::keepFreedMemory() {
  // Compiled code allocates its buffers (decoded panels, results) on every
  // call; with glibc's defaults each free trims the heap or unmaps the
  // block, and the next call page-faults it back in: at 256^3 that was 90%
  // of a matmul's time, at 4096^3 more than half. Serving runtimes keep
  // freed memory the same way (jemalloc, tcmalloc, arenas), so this is what
  // a benchmark should measure.
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // Large blocks too: glibc maps each block of 32 MiB and more on its own
  // and unmaps it when freed.
  mallopt(M_MMAP_MAX, 0);
#endif
}

StringRef fp8::runner::getOpenMPRuntimePath() { return FP8_OPENMP_RUNTIME; }

llvm::Expected<std::string> fp8::runner::findCudaRuntime() {
  std::string path = FP8_CUDA_RUNTIME;
  if (path.empty())
    return makeError("--device cuda: this build has no CUDA runtime (CUDA "
                     "was not found when fp8-mlir was built)");
  std::string error;
  llvm::sys::DynamicLibrary library =
      llvm::sys::DynamicLibrary::getPermanentLibrary(path.c_str(), &error);
  if (!library.isValid())
    return makeError("--device cuda: cannot load " + path +
                     " (is the NVIDIA driver installed?): " + error);
  auto deviceCount = reinterpret_cast<int (*)()>(
      library.getAddressOfSymbol("fp8CudaDeviceCount"));
  if (!deviceCount || deviceCount() == 0)
    return makeError("--device cuda: no NVIDIA GPU found (the CUDA driver "
                     "reports no device)");
  return path;
}

//===----------------------------------------------------------------------===//
// Runner: loading
//===----------------------------------------------------------------------===//

Runner::Runner(mlir::MLIRContext &context)
    : context(context), diagnostics(sourceMgr, &context) {}

Runner::~Runner() = default;

llvm::Error Runner::load(StringRef path, StringRef entryName) {
  modulePath = path.str();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (std::error_code error = file.getError())
    return makeError(path + ": cannot read: " + error.message());
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  // parseSourceFile<ModuleOp>, with the positions of ops that carry only a
  // name location (loc("fc1")) fused in before the verifier reports on them.
  mlir::Block block;
  mlir::AsmParserState positions;
  auto cannotParse = [&] {
    return makeError(path + ": cannot parse the module (see the diagnostic "
                            "above)");
  };
  if (mlir::failed(mlir::parseAsmSourceFile(
          sourceMgr, &block, mlir::ParserConfig(&context, /*verify=*/false),
          &positions)))
    return cannotParse();
  std::string fileName = path == "-" ? "<stdin>" : path.str();
  mlir::fp8::fuseNameLocations(positions, sourceMgr, fileName);
  module =
      mlir::detail::constructContainerOpForParserIfNecessary<mlir::ModuleOp>(
          &block, &context,
          mlir::FileLineColLoc::get(&context, fileName, 0, 0));
  if (!module || mlir::failed(mlir::verify(*module)))
    return cannotParse();
  return loadEntry(entryName);
}

llvm::Error Runner::load(mlir::OwningOpRef<mlir::ModuleOp> newModule,
                         StringRef name, StringRef entryName) {
  modulePath = name.str();
  module = std::move(newModule);
  if (!module || mlir::failed(mlir::verify(*module)))
    return makeError(name + ": the module does not verify (see the "
                            "diagnostic above)");
  return loadEntry(entryName);
}

llvm::Error Runner::loadEntry(StringRef entryName) {
  StringRef path = modulePath;
  std::vector<mlir::func::FuncOp> candidates;
  std::string names;
  for (auto func : module->getOps<mlir::func::FuncOp>()) {
    if (func.isDeclaration())
      continue;
    names += (names.empty() ? "@" : ", @") + func.getSymName().str();
    if (func.isPublic())
      candidates.push_back(func);
  }
  if (names.empty())
    names = "none";
  mlir::func::FuncOp func;
  if (entryName.empty()) {
    if (candidates.size() != 1)
      return makeError(path + ": --entry is required (functions: " + names +
                       ")");
    func = candidates.front();
  } else {
    func = module->lookupSymbol<mlir::func::FuncOp>(entryName);
    if (!func || func.isDeclaration())
      return makeError(path + ": no function @" + entryName +
                       " (functions: " + names + ")");
  }
  entry = func.getSymName().str();

  mlir::FunctionType type = func.getFunctionType();
  inputs.clear();
  results.clear();
  std::string why;
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    std::optional<TensorSpec> spec = specOf(input, /*isInput=*/true, why);
    if (!spec)
      return makeError(llvm::formatv("{0}: input {1} of @{2} has type {3}: "
                                     "{4}",
                                     path, i, entry, toString(input), why)
                           .str());
    inputs.push_back(std::move(*spec));
  }
  for (auto [i, result] : llvm::enumerate(type.getResults())) {
    std::optional<TensorSpec> spec = specOf(result, /*isInput=*/false, why);
    if (!spec)
      return makeError(llvm::formatv("{0}: result {1} of @{2} has type {3}: "
                                     "{4}",
                                     path, i, entry, toString(result), why)
                           .str());
    results.push_back(std::move(*spec));
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Runner: pass pipelines
//===----------------------------------------------------------------------===//

llvm::Error Runner::runPasses(StringRef pipeline, StringRef parseErrorPrefix,
                              StringRef name) {
  mlir::PassManager pm(&context);
  pm.setNesting(mlir::OpPassManager::Nesting::Implicit);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm, os)))
    return makeError(parseErrorPrefix + StringRef(errors).trim());
  if (mlir::failed(pm.run(*module)))
    return makeError(modulePath + ": " + name +
                     " failed (see the diagnostics above)");
  return llvm::Error::success();
}

llvm::Error Runner::runPipeline(StringRef pipeline) {
  if (llvm::Error error = runPasses(
          pipeline, "pass pipeline '" + pipeline.str() + "': ", pipeline))
    return error;
  // The entry's signature is what callers were told; a pipeline that
  // changed it would make prepare() build the wrong descriptors.
  std::vector<TensorSpec> before = std::move(inputs),
                          resultsBefore = std::move(results);
  if (llvm::Error error = loadEntry(entry))
    return error;
  auto types = [](const std::vector<TensorSpec> &specs) {
    std::vector<std::string> strings;
    for (const TensorSpec &spec : specs)
      strings.push_back(spec.type);
    return strings;
  };
  if (types(before) != types(inputs) || types(resultsBefore) != types(results))
    return makeError(modulePath + ": " + pipeline +
                     " changed the signature of @" + entry);
  return llvm::Error::success();
}

llvm::Error Runner::instrument(StringRef scheme) {
  bool hasObservers = module
                          ->walk([](mlir::fp8::ObserveOp) {
                            return mlir::WalkResult::interrupt();
                          })
                          .wasInterrupted();
  if (hasObservers)
    return llvm::Error::success();
  if (!mlir::PassInfo::lookup("fp8-insert-observers"))
    return makeError("--calibrate: this build has no fp8-insert-observers "
                     "pass; give a module that already holds fp8.observe "
                     "ops");
  if (llvm::Error error =
          runPasses(("fp8-insert-observers{scheme=" + scheme + "}").str(),
                    "--calibrate: ", "fp8-insert-observers"))
    return error;
  observerScheme = scheme.str();
  return llvm::Error::success();
}

std::map<std::string, calibration::Shape> Runner::observedShapes() const {
  std::map<std::string, calibration::Shape> shapes;
  module.get()->walk([&](mlir::fp8::ObserveOp observe) {
    auto type = llvm::dyn_cast<mlir::ShapedType>(observe.getInput().getType());
    if (!type || !type.hasRank())
      return;
    calibration::Shape shape;
    for (int64_t dim : type.getShape())
      shape.push_back(
          mlir::ShapedType::isDynamic(dim) ? calibration::kDynamicDim : dim);
    shapes.emplace(observe.getId().str(), std::move(shape));
  });
  return shapes;
}

//===----------------------------------------------------------------------===//
// Runner: compilation
//===----------------------------------------------------------------------===//

llvm::Error Runner::compile(const CompileOptions &options) {
  bool cuda = options.device == "cuda";
  // The libraries every JIT-compiled module may need (memrefCopy, ...; the
  // OpenMP runtime for parallel kernels), then the caller's.
  std::vector<std::string> libraries = {FP8_MLIR_C_RUNNER_UTILS};
  if (options.threads != 1)
    libraries.push_back(FP8_OPENMP_RUNTIME);
  libraries.insert(libraries.end(), options.sharedLibs.begin(),
                   options.sharedLibs.end());
  if (cuda) {
    llvm::Expected<std::string> cudaRuntime = findCudaRuntime();
    if (!cudaRuntime)
      return cudaRuntime.takeError();
    libraries.push_back(*cudaRuntime);
  }

  auto func = module->lookupSymbol<mlir::func::FuncOp>(entry);
  mlir::OpBuilder builder(&context);
  func->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  // Inputs are read-only: calls can be repeated on the same arrays.
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.setArgAttr(i, "bufferization.writable", builder.getBoolAttr(false));

  mlir::fp8::FP8CPUPipelineOptions cpuOptions;
  cpuOptions.target = options.target;
  cpuOptions.observersToRuntime = options.observersToRuntime;
  cpuOptions.threads = options.threads;
  cpuOptions.profile = options.profile;
  // Out-parameters need sizes the caller knows: only for static results.
  cpuOptions.resultsToOutParams = llvm::all_of(
      results, [](const TensorSpec &spec) { return spec.hasStaticShape(); });
  mlir::PassManager pm(&context);
  if (cuda) {
    // fp8 ops run as GPU kernels, the rest of the module on the host.
    mlir::fp8::FP8GPUPipelineOptions gpuOptions;
    gpuOptions.chip = options.chip;
    gpuOptions.resultsToOutParams = cpuOptions.resultsToOutParams.getValue();
    mlir::fp8::buildFP8NVVMPipeline(pm, gpuOptions);
  } else {
    mlir::fp8::buildFP8CPUPipeline(pm, cpuOptions);
  }
  // Bufferization hints on declarations (the observe hooks) mean nothing to
  // LLVM; drop them rather than have the translation warn about them.
  pm.addPass(mlir::fp8::createFP8StripBufferizationAccessPass());
  if (mlir::failed(pm.run(*module)))
    return makeError(modulePath + ": " +
                     (cuda ? "fp8-nvvm-pipeline" : "fp8-cpu-pipeline") +
                     " failed on @" + entry + " (see the diagnostics above)");
  profileNames.clear();
  if (auto names = module.get()->getAttrOfType<mlir::ArrayAttr>(
          mlir::fp8::kProfileOpsAttrName))
    for (mlir::Attribute name : names)
      profileNames.push_back(mlir::cast<mlir::StringAttr>(name).str());
  // AMX code needs the tile state from Linux before its first instruction.
  if (!cuda && options.target == "amx")
    if (int error = fp8_request_amx_permission())
      return makeError(
          "target amx: Linux refused the AMX tile state (arch_prctl "
          "ARCH_REQ_XCOMP_PERM: " +
          std::string(std::strerror(error)) + ")");
  if (llvm::Error error = resolveCallingConvention())
    return error;
  return createEngine(libraries, options.perfListener);
}

llvm::Error Runner::createEngine(llvm::ArrayRef<std::string> sharedLibs,
                                 bool perfListener) {
  for (const std::string &library : sharedLibs)
    if (!llvm::sys::fs::exists(library))
      return makeError("shared library " + library + " not found");
  std::vector<StringRef> libraries(sharedLibs.begin(), sharedLibs.end());
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> machineBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return makeError("cannot detect the host CPU: " +
                     llvm::toString(machineBuilder.takeError()));
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      machineBuilder->createTargetMachine();
  if (!machine)
    return makeError("cannot target the host CPU: " +
                     llvm::toString(machine.takeError()));
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeJITTransformer(machine->get());
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Default;
  engineOptions.sharedLibPaths = libraries;
  engineOptions.enablePerfNotificationListener = perfListener;
  llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>> created =
      mlir::ExecutionEngine::create(*module, engineOptions,
                                    std::move(*machine));
  if (!created)
    return makeError(modulePath + ": cannot JIT-compile: " +
                     llvm::toString(created.takeError()));
  engine = std::move(*created);
  engine->registerSymbols(runtimeSymbolMap);
  engine->initialize();

  llvm::Expected<void (*)(void **)> packed =
      engine->lookupPacked("_mlir_ciface_" + entry);
  if (!packed)
    return makeError(modulePath + ": cannot find the C interface of @" + entry +
                     ": " + llvm::toString(packed.takeError()));
  function = *packed;
  return llvm::Error::success();
}

llvm::Error Runner::resolveCallingConvention() {
  auto fail = [&](const llvm::Twine &what) {
    return makeError(modulePath + ": unexpected lowering of @" + entry + ": " +
                     what);
  };
  auto lowered = module.get().lookupSymbol<mlir::LLVM::LLVMFuncOp>(entry);
  auto wrapper = module.get().lookupSymbol<mlir::LLVM::LLVMFuncOp>(
      "_mlir_ciface_" + entry);
  if (!lowered || !wrapper)
    return fail("no C interface");

  // How many results come back as a return value: none (void), one memref
  // descriptor, or a struct of descriptors.
  mlir::Type returnType = lowered.getFunctionType().getReturnType();
  size_t returned = 0;
  if (auto type = mlir::dyn_cast<mlir::LLVM::LLVMStructType>(returnType))
    returned = mlir::isa<mlir::LLVM::LLVMStructType>(type.getBody().front())
                   ? type.getBody().size()
                   : 1;
  size_t numStatic = llvm::count_if(
      results, [](const TensorSpec &spec) { return spec.hasStaticShape(); });
  // Either every result comes back, or (buffer-results-to-out-params applied
  // to the entry) the statically shaped ones are out-parameters.
  bool staticOut;
  if (returned == results.size())
    staticOut = false;
  else if (returned == results.size() - numStatic)
    staticOut = true;
  else
    return fail(llvm::Twine(returned) + " of " + llvm::Twine(results.size()) +
                " results returned");
  for (TensorSpec &spec : results)
    spec.outParam = staticOut && spec.hasStaticShape();

  size_t expected =
      inputs.size() + (returned ? 1 : 0) + (staticOut ? numStatic : 0);
  size_t actual = wrapper.getFunctionType().getNumParams();
  if (actual != expected)
    return fail(llvm::Twine(actual) + " parameters in the C interface, " +
                llvm::Twine(expected) + " expected");
  return llvm::Error::success();
}
