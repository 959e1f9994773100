//===- embedding-run.cpp - a module run in f32 and FP8 by the runner ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   embedding-run linear.mlir
//
// What fp8-run does, from C++ with the runner library (fp8/Runner): loads
// @linear twice, quantizes one copy (fp8-ptq-pipeline{mode=dynamic}),
// JIT-compiles both for the host CPU, calls both on the same input and
// prints the second row of each result and how far FP8 is from f32.
//
//===----------------------------------------------------------------------===//

#include "fp8/InitAll.h"
#include "fp8/Runner/Runner.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using fp8::runtime::NpyArray;

namespace {

/// Compiles `runner` (after `pipeline`, if any) and calls it on `x`.
llvm::Expected<NpyArray> run(fp8::runner::Runner &runner,
                             llvm::StringRef pipeline, const NpyArray &x) {
  if (!pipeline.empty())
    if (llvm::Error error = runner.runPipeline(pipeline))
      return std::move(error);
  fp8::runner::CompileOptions options; // host CPU, one thread
  if (llvm::Error error = runner.compile(options))
    return std::move(error);
  llvm::Expected<fp8::runner::Call> call = runner.prepare({&x}, {"x"});
  if (!call)
    return call.takeError();
  call->invoke();
  return std::move(call->takeResults().front());
}

std::vector<float> valuesOf(const NpyArray &array) {
  std::vector<float> values(array.getNumElements());
  std::memcpy(values.data(), array.getData(), values.size() * sizeof(float));
  return values;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  if (argc != 2) {
    llvm::errs() << "usage: embedding-run linear.mlir\n";
    return 1;
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // The dialects of the module and of the pipelines down to LLVM IR.
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::fp8::registerAllFP8Dialects(registry);
  mlir::fp8::registerAllFP8Passes();
  mlir::MLIRContext context(registry);

  // x[i][k] = (k - 7.5) / 4 + i: rows of different magnitude, each summing
  // to 16 i (and y[i][j] = 0.5 * that).
  NpyArray x(fp8::runtime::NpyDType::F32, {4, 16});
  auto *data = reinterpret_cast<float *>(x.getData());
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 16; ++k)
      data[i * 16 + k] = (k - 7.5f) / 4 + i;

  std::vector<std::vector<float>> results;
  for (llvm::StringRef pipeline : {"", "fp8-ptq-pipeline{mode=dynamic}"}) {
    // One Runner per compiled variant: compile() lowers its module.
    fp8::runner::Runner runner(context);
    if (llvm::Error error = runner.load(argv[1], "linear")) {
      llvm::errs() << "embedding-run: " << toString(std::move(error)) << "\n";
      return 1;
    }
    llvm::Expected<NpyArray> y = run(runner, pipeline, x);
    if (!y) {
      llvm::errs() << "embedding-run: " << toString(y.takeError()) << "\n";
      return 1;
    }
    results.push_back(valuesOf(*y));
    llvm::outs() << (pipeline.empty() ? "f32" : "fp8") << ": y[1] =";
    for (int j = 8; j < 16; ++j)
      llvm::outs() << " " << llvm::format("%g", results.back()[j]);
    llvm::outs() << "\n";
  }
  float difference = 0, largest = 0;
  for (size_t i = 0; i < results[0].size(); ++i) {
    difference = std::max(difference, std::fabs(results[1][i] - results[0][i]));
    largest = std::max(largest, std::fabs(results[0][i]));
  }
  llvm::outs() << "max |y8 - y32| / max |y32| = "
               << llvm::format("%g", difference / largest) << "\n";
  return 0;
}
