//===- fp8-opt.cpp - mlir-opt with the fp8 dialect and passes -------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// MlirOptMain with three additions for people who type pass flags by hand:
//  - pass options are checked before anything runs: a misspelt one names the
//    pass, the closest option and every valid one (MLIR says only "no such
//    option");
//  - `--fp8-ptq-pipeline calibration=x.json` (a space for the '=') is
//    recognised and the intended flag is shown (cl says "Too many positional
//    arguments");
//  - ops with a bare name location, loc("fc1"), get their position in the
//    input fused in before the verifier and the first pass, so diagnostics
//    point at the op (fp8/Tools/NameLocations.h).
//
//===----------------------------------------------------------------------===//

#include "fp8/InitAll.h"
#include "fp8/Pipelines/GPUPipelines.h"
#include "fp8/Pipelines/Pipelines.h"
#include "fp8/Tools/NameLocations.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/AsmParser/AsmParserState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdio>
#include <optional>

using namespace mlir;
using llvm::StringRef;

namespace {

/// Splits a pass option string at the spaces that separate options (not
/// those inside quotes or braces, as PassOptions::parseFromString reads it).
std::vector<StringRef> splitOptions(StringRef options) {
  std::vector<StringRef> parts;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i <= options.size(); ++i) {
    char c = i < options.size() ? options[i] : ' ';
    if (quote) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    } else if (c == ' ' && depth == 0) {
      StringRef part = options.slice(start, i).trim();
      if (!part.empty())
        parts.push_back(part);
      start = i + 1;
    }
  }
  return parts;
}

/// The option names in "{a=1 b=x}", as PassOptions::print writes them.
std::vector<std::string> namesInPrintedOptions(StringRef printed) {
  printed = printed.trim();
  if (!printed.consume_front("{") || !printed.consume_back("}"))
    return {};
  std::vector<std::string> names;
  for (StringRef option : splitOptions(printed))
    names.push_back(option.split('=').first.str());
  return names;
}

/// The options of pass or pipeline `flag`, when they can be listed: a pass
/// prints them with its textual form; the fp8 pipelines are read from their
/// option structs (fp8-ptq-pipeline takes fp8-quantize's).
std::optional<std::vector<std::string>> optionNames(StringRef flag) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (flag == "fp8-ptq-pipeline")
    return optionNames("fp8-quantize");
  if (flag == "fp8-cpu-pipeline") {
    mlir::fp8::FP8CPUPipelineOptions options;
    options.print(os);
    return namesInPrintedOptions(text);
  }
  if (flag == "fp8-nvvm-pipeline" || flag == "fp8-rocdl-pipeline") {
    mlir::fp8::FP8GPUPipelineOptions options;
    options.print(os);
    return namesInPrintedOptions(text);
  }
  const PassInfo *info = PassInfo::lookup(flag);
  if (!info)
    return std::nullopt;
  OpPassManager pm;
  if (failed(info->addToPipeline(
          pm, "", [](const llvm::Twine &) { return failure(); })) ||
      pm.size() != 1)
    return std::nullopt;
  pm.begin()->printAsTextualPipeline(os);
  StringRef printed = text;
  size_t brace = printed.find('{');
  if (brace == StringRef::npos)
    return std::vector<std::string>();
  return namesInPrintedOptions(printed.drop_front(brace));
}

/// The pass or pipeline that `arg` (a command-line word) names, if any:
/// "--fp8-quantize" and "-fp8-quantize" give "fp8-quantize".
std::optional<StringRef> passFlag(StringRef arg) {
  if (!arg.consume_front("-"))
    return std::nullopt;
  arg.consume_front("-");
  if (PassInfo::lookup(arg) || PassPipelineInfo::lookup(arg))
    return arg;
  return std::nullopt;
}

/// Whether `word` reads as a pass option, "name=value".
bool looksLikeOption(StringRef word) {
  StringRef name = word.split('=').first;
  return word.contains('=') && !name.empty() && !word.starts_with("-") &&
         llvm::all_of(name, [](char c) {
           return llvm::isAlnum(c) || c == '-' || c == '_';
         });
}

/// Checks the pass flags on the command line before MLIR parses them; on a
/// mistake prints one line naming the flag and what was meant.
bool checkPassFlags(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    auto [flagPart, options] = arg.split('=');
    std::optional<StringRef> flag = passFlag(flagPart);
    if (!flag)
      continue;

    // "--fp8-ptq-pipeline calibration=x.json": the options became
    // positional arguments.
    if (!arg.contains('=')) {
      std::vector<StringRef> stray;
      for (int j = i + 1; j < argc && looksLikeOption(argv[j]); ++j)
        stray.push_back(argv[j]);
      if (stray.empty())
        continue;
      llvm::errs() << "fp8-opt: error: '" << llvm::join(stray, " ")
                   << "' after " << flagPart
                   << " is not part of it: pass options follow '=' in one "
                      "quoted argument: "
                   << flagPart << "=\"" << llvm::join(stray, " ") << "\"\n";
      return false;
    }

    std::optional<std::vector<std::string>> valid = optionNames(*flag);
    if (!valid)
      continue;
    for (StringRef option : splitOptions(options)) {
      StringRef name = option.split('=').first.trim();
      if (llvm::is_contained(*valid, name))
        continue;
      std::string closest;
      unsigned best = 3; // more edits than this is no suggestion
      for (const std::string &candidate : *valid) {
        unsigned distance = name.edit_distance(candidate, true, best);
        if (distance < best) {
          best = distance;
          closest = candidate;
        }
      }
      llvm::errs() << "fp8-opt: error: " << flagPart << " has no option '"
                   << name << "'";
      if (!closest.empty())
        llvm::errs() << " (did you mean '" << closest << "'?)";
      llvm::errs() << "; its options are "
                   << (valid->empty() ? std::string("none")
                                      : llvm::join(*valid, ", "))
                   << "\n";
      return false;
    }
  }
  return true;
}

/// The verifier that MlirOptMain runs after parsing reports on ops before
/// the instrumentation can fuse their positions in. For an input with name
/// locations (and not split, nor checking expected diagnostics, which do
/// their own parsing), parse it once more here, fuse, and verify: an
/// invalid op is reported at its position. Returns false after reporting.
bool verifyWithPositions(const llvm::MemoryBuffer &file, StringRef fileName,
                         DialectRegistry &registry,
                         const MlirOptMainConfig &config) {
  if (!file.getBuffer().contains("loc(\"") ||
      !config.inputSplitMarker().empty() || config.shouldVerifyDiagnostics() ||
      !config.shouldVerifyOnParsing())
    return true;
  MLIRContext context(registry);
  context.allowUnregisteredDialects(config.shouldAllowUnregisteredDialects());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(file.getBuffer(), fileName,
                                       /*RequiresNullTerminator=*/false),
      llvm::SMLoc());
  Block block;
  AsmParserState positions;
  {
    // MlirOptMain reports syntax errors itself.
    ScopedDiagnosticHandler silence(&context,
                                    [](Diagnostic &) { return success(); });
    if (failed(parseAsmSourceFile(sourceMgr, &block,
                                  ParserConfig(&context, /*verify=*/false),
                                  &positions)))
      return true;
  }
  if (!mlir::fp8::fuseNameLocations(positions, sourceMgr, fileName))
    return true;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  for (Operation &op : block)
    if (failed(verify(&op)))
      return false;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  registerAllPasses();
  mlir::fp8::registerAllFP8Passes();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  // gpu-module-to-binary (fp8-nvvm-pipeline, fp8-rocdl-pipeline) translates
  // GPU modules to LLVM IR.
  registerAllToLLVMIRTranslations(registry);
  mlir::fp8::registerAllFP8Dialects(registry);

  if (!checkPassFlags(argc, argv))
    return 1;

  // What MlirOptMain(argc, argv, ...) does, keeping the input text for the
  // name-location fusing.
  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "fp8-mlir optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return 0;
  }
  if (config.shouldListPasses()) {
    printRegisteredPasses();
    return 0;
  }
  if (inputFilename == "-" &&
      llvm::sys::Process::FileDescriptorIsDisplayed(fileno(stdin)))
    llvm::errs() << "(processing input from stdin now, hit ctrl-c/ctrl-d to "
                    "interrupt)\n";
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return 1;
  }

  // The file name as diagnostics print it ("-" reads as <stdin>).
  std::string fileName =
      inputFilename == "-" ? "<stdin>" : std::string(inputFilename);
  if (!verifyWithPositions(*file, fileName, registry, config))
    return 1;
  std::string text = file->getBuffer().str();
  MlirOptMainConfig base = config;
  config.setPassPipelineSetupFn([base, fileName, text](PassManager &pm) {
    if (failed(base.setupPassPipeline(pm)))
      return failure();
    pm.addInstrumentation(
        mlir::fp8::createFuseNameLocationsInstrumentation(fileName, text));
    return success();
  });
  if (failed(MlirOptMain(output->os(), std::move(file), registry, config)))
    return 1;
  output->keep();
  return 0;
}
