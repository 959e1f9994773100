//===- fp8-run.cpp - run, benchmark and calibrate modules on .npy ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   fp8-run MODULE.mlir --entry NAME --input a.npy [--input b.npy ...]
//           [--output-dir DIR] [--benchmark N] [--profile] [--quiet]
//           [--calibrate TABLE.json [--scheme standard|extended]]
//   fp8-run --merge OUT.json IN1.json IN2.json ...
//
// Compiles the entry with fp8-cpu-pipeline for the host CPU and calls it on
// the inputs; results go to DIR/<entry>_result<i>.npy, and one line on
// stderr says what ran (--quiet drops it). --benchmark times N calls after a
// warm-up. --profile prints the time of each op of the module (Report.h).
// --calibrate instruments the module
// (fp8-insert-observers), runs every sample (an --input may be a directory of
// .npy files, one per sample) and writes the calibration table. --merge adds
// up calibration tables. Errors are one line "fp8-run: error: ...", exit 1.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "Runner.h"
#include "common/ThreadsOption.h"

#include "fp8/Calibration/Statistics.h"
#include "fp8/InitAll.h"
#include "fp8/Runtime/Npy.h"
#include "fp8/Runtime/Runtime.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace fp8;
using fp8::calibration::CalibrationTable;
using fp8::run::Call;
using fp8::run::Runner;
using fp8::runtime::NpyArray;
using llvm::StringRef;

namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("fp8-run options");

cl::list<std::string> positionals(cl::Positional,
                                  cl::desc("MODULE.mlir | IN.json..."),
                                  cl::cat(category));
cl::opt<std::string> entryName("entry",
                               cl::desc("Function to run (default: the "
                                        "module's only public function)"),
                               cl::value_desc("NAME"), cl::cat(category));
cl::list<std::string>
    inputPaths("input",
               cl::desc("A .npy file per argument of the entry, in order; "
                        "with --calibrate a directory of .npy samples. FP8 "
                        "tensors (arguments and results) are uint8 arrays "
                        "of their codes"),
               cl::value_desc("PATH"), cl::cat(category));
cl::opt<std::string> outputDir("output-dir",
                               cl::desc("Where <entry>_result<i>.npy go "
                                        "(default: the current directory)"),
                               cl::value_desc("DIR"), cl::cat(category));
cl::opt<std::string>
    calibrate("calibrate",
              cl::desc("Instrument the module, run every sample and write "
                       "the calibration table"),
              cl::value_desc("TABLE.json"), cl::cat(category));
cl::opt<std::string> scheme("scheme",
                            cl::desc("fp8-insert-observers scheme: standard "
                                     "or extended"),
                            cl::init("standard"), cl::cat(category));
// Parsed by hand (parseBenchmark) so that a bad count is an fp8-run error.
cl::opt<std::string> benchmarkRuns("benchmark",
                                   cl::desc("Time N calls after one warm-up "
                                            "call"),
                                   cl::value_desc("N"), cl::cat(category));
int benchmark = 0;
cl::opt<bool> profile("profile",
                      cl::desc("Print the time of each op of the module "
                               "(by its loc(\"name\"), else op name and "
                               "position), sorted, with its % of the call; "
                               "over the timed calls with --benchmark"),
                      cl::cat(category));
cl::opt<bool> quiet("quiet",
                    cl::desc("Print nothing on success but the data asked "
                             "for (--benchmark, --profile): no summary "
                             "line, no calibration progress"),
                    cl::cat(category));
cl::opt<std::string> merge("merge",
                           cl::desc("Merge the calibration tables given as "
                                    "positional arguments into OUT.json"),
                           cl::value_desc("OUT.json"), cl::cat(category));
cl::opt<std::string> target("target",
                            cl::desc("fp8-cpu-pipeline target: host, generic, "
                                     "avx512, avx512fp16, avx512bf16 or amx"),
                            cl::init("host"), cl::cat(category));
cl::opt<std::string> device("device",
                            cl::desc("Where fp8 ops run: cpu (fp8-cpu-pipeline) "
                                     "or cuda (fp8-nvvm-pipeline kernels; the "
                                     "rest of the module stays on the host)"),
                            cl::init("cpu"), cl::cat(category));
cl::opt<std::string> chip("chip",
                          cl::desc("NVIDIA chip for --device cuda: sm_89 or "
                                   "sm_90a"),
                          cl::init("sm_90a"), cl::cat(category));
cl::opt<std::string> &threadsOption() {
  return fp8::tools::threadsOption(
      category, "Threads the kernels run on (default: every core, through "
                "the OpenMP runtime; 1: one thread). Results are the same "
                "for every N");
}
/// The pipeline's threads: 0 is the OpenMP runtime's default (every core).
unsigned threads = 0;
cl::list<std::string> sharedLibs(
    "shared-libs", cl::desc("More libraries for the JIT to resolve symbols in"),
    cl::value_desc("a.so,b.so"), cl::CommaSeparated, cl::cat(category));

/// Prints "fp8-run: error: ..." and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "fp8-run: error: " << message << "\n";
  return 1;
}
int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

/// For --device cuda: the mgpu* runtime, after checking that this build has
/// it and that the driver sees a GPU.
llvm::Expected<std::string> findCudaRuntime() {
  std::string path = FP8_CUDA_RUNTIME;
  if (path.empty())
    return llvm::createStringError(
        "--device cuda: this build has no CUDA runtime (CUDA was not found "
        "when fp8-mlir was built)");
  std::string error;
  llvm::sys::DynamicLibrary library =
      llvm::sys::DynamicLibrary::getPermanentLibrary(path.c_str(), &error);
  if (!library.isValid())
    return llvm::createStringError("--device cuda: cannot load " + path +
                                   " (is the NVIDIA driver installed?): " +
                                   error);
  auto deviceCount = reinterpret_cast<int (*)()>(
      library.getAddressOfSymbol("fp8CudaDeviceCount"));
  if (!deviceCount || deviceCount() == 0)
    return llvm::createStringError(
        "--device cuda: no NVIDIA GPU found (the CUDA driver reports no "
        "device)");
  return path;
}

/// The libraries every JIT-compiled module may need (memrefCopy, ...; the
/// OpenMP runtime for parallel kernels).
std::vector<std::string> jitLibraries() {
  std::vector<std::string> libraries = {FP8_MLIR_C_RUNNER_UTILS};
  if (threads != 1)
    libraries.push_back(FP8_OPENMP_RUNTIME);
  libraries.insert(libraries.end(), sharedLibs.begin(), sharedLibs.end());
  return libraries;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// One --input: a file used for every sample, or a directory of samples.
struct InputSource {
  std::string path;
  bool isDirectory = false;
  std::vector<std::string> samples; // *.npy sorted by name
  std::optional<NpyArray> array;    // a file, read once
};

llvm::Expected<std::vector<InputSource>> gatherInputs(bool allowDirectories) {
  std::vector<InputSource> sources;
  for (const std::string &path : inputPaths) {
    InputSource source;
    source.path = path;
    source.isDirectory = llvm::sys::fs::is_directory(path);
    if (source.isDirectory) {
      if (!allowDirectories)
        return llvm::createStringError(
            "--input " + path +
            " is a directory; directories of samples are for --calibrate");
      std::error_code error;
      for (llvm::sys::fs::directory_iterator it(path, error), end;
           it != end && !error; it.increment(error))
        if (llvm::sys::path::extension(it->path()) == ".npy")
          source.samples.push_back(it->path());
      if (error)
        return llvm::createStringError(path +
                                       ": cannot list: " + error.message());
      if (source.samples.empty())
        return llvm::createStringError("--input " + path +
                                       " holds no .npy files");
      llvm::sort(source.samples);
    }
    sources.push_back(std::move(source));
  }
  // Every directory holds the same number of samples.
  const InputSource *first = nullptr;
  for (const InputSource &source : sources) {
    if (!source.isDirectory)
      continue;
    if (!first) {
      first = &source;
    } else if (source.samples.size() != first->samples.size()) {
      return llvm::createStringError(
          llvm::formatv("--input {0} holds {1} .npy files but --input {2} "
                        "holds {3}; every directory needs the same number",
                        source.path, source.samples.size(), first->path,
                        first->samples.size())
              .str());
    }
  }
  return std::move(sources);
}

size_t countSamples(const std::vector<InputSource> &sources) {
  for (const InputSource &source : sources)
    if (source.isDirectory)
      return source.samples.size();
  return 1;
}

/// The arrays of sample `index`; `storage` keeps the ones read for it.
llvm::Error loadSample(std::vector<InputSource> &sources, size_t index,
                       std::vector<NpyArray> &storage,
                       std::vector<const NpyArray *> &arrays,
                       std::vector<std::string> &names) {
  storage.clear();
  storage.reserve(sources.size());
  arrays.clear();
  names.clear();
  for (InputSource &source : sources) {
    if (source.isDirectory) {
      llvm::Expected<NpyArray> array =
          runtime::readNpyFile(source.samples[index]);
      if (!array)
        return array.takeError();
      storage.push_back(std::move(*array));
      arrays.push_back(&storage.back());
      names.push_back(source.samples[index]);
      continue;
    }
    if (!source.array) {
      llvm::Expected<NpyArray> array = runtime::readNpyFile(source.path);
      if (!array)
        return array.takeError();
      source.array = std::move(*array);
    }
    arrays.push_back(&*source.array);
    names.push_back(source.path);
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Modes
//===----------------------------------------------------------------------===//

/// --output-dir names a directory or nothing yet (it is created).
llvm::Error checkOutputDir(StringRef directory) {
  if (llvm::sys::fs::exists(directory) &&
      !llvm::sys::fs::is_directory(directory))
    return llvm::createStringError("--output-dir " + directory +
                                   ": exists and is not a directory");
  return llvm::Error::success();
}

/// Writes every result, or none: when one cannot be written, the ones
/// written before it are removed.
llvm::Error writeResults(const Runner &runner,
                         const std::vector<NpyArray> &results,
                         StringRef directory) {
  if (llvm::Error error = checkOutputDir(directory))
    return error;
  if (std::error_code error = llvm::sys::fs::create_directories(directory))
    return llvm::createStringError("--output-dir " + directory +
                                   ": cannot create: " + error.message());
  std::vector<std::string> written;
  for (auto [i, result] : llvm::enumerate(results)) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(
        path, llvm::formatv("{0}_result{1}.npy", runner.getEntry(), i).str());
    if (llvm::Error error = runtime::writeNpyFile(path, result)) {
      for (const std::string &previous : written)
        llvm::sys::fs::remove(previous);
      return error;
    }
    written.push_back(path.str().str());
  }
  return llvm::Error::success();
}

/// Shows "calibrating: i/n samples" for runs longer than about a second:
/// rewritten in place on a terminal, a line every few seconds otherwise.
class Progress {
public:
  explicit Progress(size_t total)
      : total(total), start(Clock::now()), last(start),
        terminal(llvm::errs().is_displayed()) {}

  void update(size_t done) {
    Clock::time_point now = Clock::now();
    if (quiet || seconds(start, now) < 1.0 ||
        (shown && seconds(last, now) < (terminal ? 0.1 : 5.0)))
      return;
    last = now;
    llvm::errs() << (terminal ? "\r" : "") << "calibrating: " << done << "/"
                 << total << " samples" << (terminal ? "" : "\n");
    shown = true;
  }

  void finish(size_t tensors, StringRef table) {
    if (quiet)
      return;
    if (terminal && shown)
      llvm::errs() << "\r";
    llvm::errs() << "calibrating: " << total << "/" << total << " samples, "
                 << tensors << " tensors observed in "
                 << llvm::format("%.2f", seconds(start, Clock::now()))
                 << " s; wrote " << table << "\n";
  }

private:
  using Clock = std::chrono::steady_clock;
  static double seconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  }

  size_t total;
  Clock::time_point start, last;
  bool terminal, shown = false;
};

int runCalibration(Runner &runner) {
  llvm::Expected<std::vector<InputSource>> sources =
      gatherInputs(/*allowDirectories=*/true);
  if (!sources)
    return fail(sources.takeError());
  if (llvm::Error error = runner.instrument(scheme))
    return fail(std::move(error));
  if (llvm::Error error =
          runner.compile(target, /*observersToRuntime=*/true, jitLibraries(),
                         "cpu", chip, threads))
    return fail(std::move(error));

  size_t samples = countSamples(*sources);
  runtime::resetCalibrationTable();
  Progress progress(samples);
  std::vector<NpyArray> storage;
  std::vector<const NpyArray *> arrays;
  std::vector<std::string> names;
  for (size_t i = 0; i < samples; ++i) {
    if (llvm::Error error = loadSample(*sources, i, storage, arrays, names))
      return fail(std::move(error));
    llvm::Expected<Call> call = runner.prepare(arrays, names);
    if (!call)
      return fail(call.takeError());
    call->invoke();
    call->releaseReturned();
    progress.update(i + 1);
  }

  CalibrationTable table = runtime::calibrationTable();
  table.samples = static_cast<int64_t>(samples);
  // The fingerprint as the module types it: a dynamic dimension stays "?"
  // whatever sizes the samples had, as fp8-quantize will see it.
  table.scheme = runner.getObserverScheme().str();
  for (auto &[id, shape] : runner.observedShapes())
    if (table.tensors.count(id))
      table.shapes[id] = std::move(shape);
  // An empty table would quantize nothing: most often the module was
  // quantized already.
  if (table.tensors.empty())
    return fail("--calibrate: no tensor was observed (no fp8.observe op "
                "ran): " + positionals.front() +
                " holds nothing fp8-quantize would quantize (is it already "
                "quantized? calibrate the f32 model); no table written");
  if (llvm::Error error = table.writeFile(calibrate))
    return fail(std::move(error));
  progress.finish(table.tensors.size(), calibrate);
  return 0;
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Runs the warm-up and the timed calls, prints the median; returns the time
/// of the timed calls in seconds. The profile covers the timed calls.
double runBenchmark(Call &call) {
  call.invoke(); // warm-up
  runtime::resetProfile();
  std::vector<double> times;
  for (int i = 0; i < benchmark; ++i) {
    call.releaseReturned();
    Clock::time_point start = Clock::now();
    call.invoke();
    Clock::time_point end = Clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  double median =
      n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  // Three significant digits of the median, at least three decimals.
  int decimals = 3;
  if (median > 0)
    decimals =
        std::clamp(2 - static_cast<int>(std::floor(std::log10(median))), 3, 9);
  llvm::outs() << llvm::format("median %.*f ms per call over %d runs (min "
                               "%.*f, max %.*f)\n",
                               decimals, median, benchmark, decimals,
                               times.front(), decimals, times.back());
  double total = 0;
  for (double time : times)
    total += time;
  return total / 1e3;
}

int runModule(Runner &runner) {
  llvm::Expected<std::vector<InputSource>> sources =
      gatherInputs(/*allowDirectories=*/false);
  if (!sources)
    return fail(sources.takeError());
  std::vector<NpyArray> storage;
  std::vector<const NpyArray *> arrays;
  std::vector<std::string> names;
  if (llvm::Error error = loadSample(*sources, 0, storage, arrays, names))
    return fail(std::move(error));
  // Check the inputs and the output directory before spending time on
  // compilation.
  if (llvm::Error error = runner.checkInputs(arrays, names))
    return fail(std::move(error));
  if (!outputDir.empty())
    if (llvm::Error error = checkOutputDir(outputDir))
      return fail(std::move(error));
  std::vector<std::string> libraries = jitLibraries();
  if (device == "cuda") {
    llvm::Expected<std::string> cudaRuntime = findCudaRuntime();
    if (!cudaRuntime)
      return fail(cudaRuntime.takeError());
    libraries.push_back(*cudaRuntime);
  }
  fp8::run::RunSummary summary;
  summary.entry = runner.getEntry().str();
  Clock::time_point start = Clock::now();
  if (llvm::Error error =
          runner.compile(target, /*observersToRuntime=*/false, libraries,
                         device, chip, threads, profile))
    return fail(std::move(error));
  summary.compileSeconds = secondsSince(start);
  llvm::Expected<Call> call = runner.prepare(arrays, names);
  if (!call)
    return fail(call.takeError());

  runtime::resetProfile();
  if (benchmark > 0) {
    summary.warmUp = true;
    summary.timedCalls = benchmark;
    summary.callSeconds = runBenchmark(*call);
  } else {
    start = Clock::now();
    call->invoke();
    summary.callSeconds = secondsSince(start);
  }
  if (profile)
    fp8::run::printProfile(llvm::outs(), summary.entry,
                           runner.getProfileNames(), runtime::profileEntries(),
                           summary.timedCalls, summary.callSeconds);
  // --benchmark alone keeps nothing.
  if (benchmark == 0 || !outputDir.empty()) {
    std::vector<NpyArray> results = call->takeResults();
    summary.outputDir = outputDir.empty() ? "." : outputDir.getValue();
    summary.numResults = results.size();
    if (llvm::Error error = writeResults(runner, results, summary.outputDir))
      return fail(std::move(error));
  }
  if (!quiet) {
    llvm::outs().flush(); // the data first, where both go to one terminal
    fp8::run::printSummary(llvm::errs(), summary);
  }
  return 0;
}

int runMerge() {
  if (positionals.empty())
    return fail("--merge needs calibration tables to merge: fp8-run --merge "
                "OUT.json IN1.json IN2.json ...");
  if (!inputPaths.empty() || !entryName.empty() || !calibrate.empty() ||
      !benchmarkRuns.empty() || profile)
    return fail("--merge takes only calibration tables (no --input, "
                "--entry, --calibrate, --benchmark or --profile)");
  CalibrationTable merged;
  std::string mergedFrom;
  for (const std::string &path : positionals) {
    llvm::Expected<CalibrationTable> table = CalibrationTable::readFile(path);
    if (!table)
      return fail(table.takeError());
    // merge() refuses tables of different modules; name both files.
    if (llvm::Error error = merged.merge(*table, mergedFrom, path))
      return fail(path + ": " + llvm::toString(std::move(error)));
    mergedFrom = mergedFrom.empty() ? path : mergedFrom + " + " + path;
  }
  if (llvm::Error error = merged.writeFile(merge))
    return fail(std::move(error));
  if (!quiet)
    llvm::errs() << "fp8-run: merged " << positionals.size() << " tables ("
                 << merged.samples << " samples, " << merged.tensors.size()
                 << " tensors) into " << merge << "\n";
  return 0;
}

/// Parses the command line; on an error prints one line and returns false.
bool parseCommandLine(int argc, char **argv) {
  threadsOption();
  cl::HideUnrelatedOptions(category);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (cl::ParseCommandLineOptions(
          argc, argv,
          "fp8-run: run, benchmark and calibrate fp8-mlir modules on .npy "
          "arrays\n\n"
          "  fp8-run MODULE.mlir --entry NAME --input a.npy [--input b.npy "
          "...] [--output-dir DIR]\n"
          "  fp8-run MODULE.mlir --entry NAME --input a.npy ... --benchmark "
          "N [--profile]\n"
          "  fp8-run MODULE.mlir --entry NAME --input DIR ... --calibrate "
          "TABLE.json [--scheme standard|extended]\n"
          "  fp8-run --merge OUT.json IN1.json IN2.json ...\n",
          &os))
    return true;
  // cl reports "fp8-run: <problem>" lines; keep the first one.
  StringRef first = StringRef(errors).split('\n').first.trim();
  first.consume_front("fp8-run:");
  first = first.trim();
  fail(first.empty() ? StringRef("invalid command line (try --help)") : first);
  return false;
}

} // namespace

/// Keeps the memory that compiled code frees for its next call. The code
/// allocates its buffers (decoded panels, results) on every call; with
/// glibc's defaults each free trims the heap or unmaps the block, and the
/// next call page-faults it back in: at 256^3 that was 90% of a matmul's
/// time, at 4096^3 more than half. Serving runtimes keep freed memory the
/// same way (jemalloc, tcmalloc, arenas), so this is what --benchmark
/// should measure.
static void keepFreedMemory() {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // Large blocks too: glibc maps each block of 32 MiB and more on its own
  // and unmaps it when freed.
  mallopt(M_MMAP_MAX, 0);
#endif
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  keepFreedMemory();
  if (!parseCommandLine(argc, argv))
    return 1;

  if (!merge.empty())
    return runMerge();

  if (positionals.empty())
    return fail("no module given: fp8-run MODULE.mlir --entry NAME --input "
                "a.npy ...");
  if (positionals.size() != 1)
    return fail("one module expected, got " + llvm::Twine(positionals.size()) +
                " positional arguments");
  if (scheme != "standard" && scheme != "extended")
    return fail("--scheme " + scheme + ": expected standard or extended");
  if (!benchmarkRuns.empty() &&
      (StringRef(benchmarkRuns).getAsInteger(10, benchmark) || benchmark < 1))
    return fail("--benchmark " + benchmarkRuns +
                ": expected a positive number of runs");
  llvm::Expected<unsigned> parsedThreads =
      fp8::tools::parseThreads(threadsOption(), /*defaultThreads=*/0);
  if (!parsedThreads)
    return fail(parsedThreads.takeError());
  threads = *parsedThreads;
  if (device != "cpu" && device != "cuda")
    return fail("--device " + device + ": expected cpu or cuda");
  if (device == "cuda" && !mlir::fp8::isSupportedNVVMChip(chip))
    return fail("--chip " + chip + ": expected sm_89 or sm_90a");
  if (device == "cuda" && !calibrate.empty())
    return fail("--calibrate runs on the CPU only: drop --device cuda");
  if (!calibrate.empty() && (benchmark || !outputDir.empty()))
    return fail("--calibrate writes only the table: drop --benchmark and "
                "--output-dir");
  if (profile && !calibrate.empty())
    return fail("--profile times a run, --calibrate observes one: drop one "
                "of them");
  if (profile && device == "cuda")
    return fail("--profile times the CPU pipeline's code only: drop --device "
                "cuda");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::fp8::registerAllFP8Dialects(registry);
  mlir::fp8::registerAllFP8Passes();
  mlir::MLIRContext context(registry);

  Runner runner(context);
  if (llvm::Error error = runner.load(positionals.front(), entryName))
    return fail(std::move(error));
  if (!calibrate.empty())
    return runCalibration(runner);
  return runModule(runner);
}
