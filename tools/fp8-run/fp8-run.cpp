//===- fp8-run.cpp - run, benchmark and calibrate modules on .npy ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The command lines are in the --help overview (parseCommandLine).
//
// Compiles the entry with fp8-cpu-pipeline for the host CPU and calls it on
// the inputs; results go to DIR/<entry>_result<i>.npy, and one line on
// stderr says what ran (--quiet drops it). --benchmark times N calls after a
// warm-up. --profile prints the time of each op of the module.
// --calibrate instruments the module (fp8-insert-observers), runs every
// sample (an --input may be a directory of .npy files, one per sample) and
// writes the calibration table. --tune searches per-op choices within an
// accuracy budget and writes the recipe. --merge adds up tables. Errors
// are one line "fp8-run: error: ...", exit 1. The work is done by the runner
// library (include/fp8/Runner); this file is its command line.
//
//===----------------------------------------------------------------------===//

#include "common/ThreadsOption.h"

#include "fp8/Calibration/Statistics.h"
#include "fp8/InitAll.h"
#include "fp8/Runner/Calibrate.h"
#include "fp8/Runner/Report.h"
#include "fp8/Runner/Runner.h"
#include "fp8/Runner/Samples.h"
#include "fp8/Runner/TuneCommandLine.h"
#include "fp8/Runtime/Npy.h"
#include "fp8/Runtime/Runtime.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace fp8;
using fp8::calibration::CalibrationTable;
using fp8::runner::Call;
using fp8::runner::Runner;
using fp8::runner::SampleSet;
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
runner::TuneCommandLine tuneFlags(category);
cl::opt<std::string> target("target",
                            cl::desc("fp8-cpu-pipeline target: host, generic, "
                                     "avx512, avx512fp16, avx512bf16 or amx"),
                            cl::init("host"), cl::cat(category));
cl::opt<std::string>
    device("device",
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
cl::opt<bool>
    perfListener("perf-jit",
                 cl::desc("Name the JIT-compiled functions to perf: run under "
                          "`perf record -k 1`, then `perf inject --jit`"),
                 cl::Hidden, cl::cat(category));
cl::list<std::string> sharedLibs(
    "shared-libs", cl::desc("More libraries for the JIT to resolve symbols in"),
    cl::value_desc("a.so,b.so"), cl::CommaSeparated, cl::cat(category));

/// Prints "fp8-run: error: ..." and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "fp8-run: error: " << message << "\n";
  return 1;
}
int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

runner::CompileOptions compileOptions() {
  runner::CompileOptions options;
  options.target = target;
  options.device = device;
  options.chip = chip;
  options.threads = threads;
  options.profile = profile;
  options.perfListener = perfListener;
  options.sharedLibs.assign(sharedLibs.begin(), sharedLibs.end());
  return options;
}

int runCalibration(Runner &runner) {
  llvm::Expected<SampleSet> samples =
      SampleSet::gather(inputPaths, /*allowDirectories=*/true);
  if (!samples)
    return fail(samples.takeError());
  if (llvm::Error error = runner.instrument(scheme))
    return fail(std::move(error));
  runner::CompileOptions options = compileOptions();
  options.observersToRuntime = true;
  if (llvm::Error error = runner.compile(options))
    return fail(std::move(error));

  runner::Progress progress("calibrating", samples->size(), quiet);
  llvm::Expected<CalibrationTable> table = runner::calibrate(
      runner, *samples, [&](size_t done) { progress.update(done); });
  if (!table)
    return fail(table.takeError());
  if (llvm::Error error = table->writeFile(calibrate))
    return fail(std::move(error));
  progress.finish(llvm::Twine(table->tensors.size()) + " tensors observed",
                  "; wrote " + calibrate);
  return 0;
}

int runTune(Runner &runner) {
  llvm::Expected<runner::TuneOptions> options =
      tuneFlags.check(inputPaths, scheme, compileOptions(), quiet);
  if (!options)
    return fail(options.takeError());
  llvm::Expected<runner::TuneResult> result =
      runner::tune(runner, *options, llvm::errs());
  if (!result)
    return fail(result.takeError());
  runner::printTuneTable(llvm::outs(), *result);
  if (llvm::Error error = runner::writeRecipe(*result, tuneFlags.recipe))
    return fail(std::move(error));
  if (!quiet)
    llvm::errs() << "fp8-run: wrote " << tuneFlags.recipe << "\n";
  return 0;
}

int runModule(Runner &runner) {
  llvm::Expected<SampleSet> samples =
      SampleSet::gather(inputPaths, /*allowDirectories=*/false);
  if (!samples)
    return fail(samples.takeError());
  if (llvm::Error error = samples->load(0))
    return fail(std::move(error));
  // Check the inputs and the output directory before spending time on
  // compilation.
  if (llvm::Error error =
          runner.checkInputs(samples->getArrays(), samples->getNames()))
    return fail(std::move(error));
  if (!outputDir.empty())
    if (llvm::Error error = runner::checkOutputDir(outputDir))
      return fail(std::move(error));
  runner::RunSummary summary;
  summary.entry = runner.getEntry().str();
  auto start = std::chrono::steady_clock::now();
  if (llvm::Error error = runner.compile(compileOptions()))
    return fail(std::move(error));
  summary.compileSeconds = runner::secondsSince(start);
  llvm::Expected<Call> call =
      runner.prepare(samples->getArrays(), samples->getNames());
  if (!call)
    return fail(call.takeError());

  runtime::resetProfile();
  if (benchmark > 0) {
    std::vector<double> times = runner::benchmark(*call, benchmark);
    runner::printBenchmark(llvm::outs(), times);
    summary.warmUp = true;
    summary.timedCalls = benchmark;
    for (double time : times)
      summary.callSeconds += time / 1e3;
  } else {
    start = std::chrono::steady_clock::now();
    call->invoke();
    summary.callSeconds = runner::secondsSince(start);
  }
  if (profile)
    runner::printProfile(llvm::outs(), summary.entry, runner.getProfileNames(),
                         runtime::profileEntries(), summary.timedCalls,
                         summary.callSeconds);
  // --benchmark alone keeps nothing.
  if (benchmark == 0 || !outputDir.empty()) {
    std::vector<NpyArray> results = call->takeResults();
    summary.outputDir = outputDir.empty() ? "." : outputDir.getValue();
    summary.numResults = results.size();
    if (llvm::Error error =
            runner::writeResults(summary.entry, results, summary.outputDir))
      return fail(std::move(error));
  }
  if (!quiet) {
    llvm::outs().flush(); // the data first, where both go to one terminal
    runner::printSummary(llvm::errs(), summary);
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
  llvm::Expected<CalibrationTable> merged =
      runner::mergeCalibrationTables(positionals);
  if (!merged)
    return fail(merged.takeError());
  if (llvm::Error error = merged->writeFile(merge))
    return fail(std::move(error));
  if (!quiet)
    llvm::errs() << "fp8-run: merged " << positionals.size() << " tables ("
                 << merged->samples << " samples, " << merged->tensors.size()
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
          "  fp8-run MODULE.mlir --entry NAME --tune RECIPE.json --input "
          "CALIB --eval EVAL [--labels L.npy] (--max-drop F | --max-error F) "
          "[--tune-formats LIST] [--max-trials N]\n"
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

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  runner::keepFreedMemory();
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
  if (llvm::Error error = runner::checkDevice(compileOptions()))
    return fail(std::move(error));
  if (device == "cuda" && !calibrate.empty())
    return fail("--calibrate runs on the CPU only: drop --device cuda");
  if (!calibrate.empty() && (benchmark || !outputDir.empty()))
    return fail("--calibrate writes only the table: drop --benchmark and "
                "--output-dir");
  if (profile && !calibrate.empty())
    return fail("--profile times a run, --calibrate observes one: drop one "
                "of them");
  if (std::string flag = tuneFlags.givenWithoutTune(); !flag.empty())
    return fail(flag + " applies to --tune only");
  if (!tuneFlags.recipe.empty() &&
      (!calibrate.empty() || benchmark || profile || !outputDir.empty() ||
       device == "cuda"))
    return fail("--tune writes only the recipe, on the CPU: drop --calibrate, "
                "--benchmark, --profile, --output-dir and --device cuda");
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
  if (!tuneFlags.recipe.empty())
    return runTune(runner);
  return runModule(runner);
}
