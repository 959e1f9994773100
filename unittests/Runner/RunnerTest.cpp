//===- RunnerTest.cpp - the runner library on modules in memory -----------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What an embedder does with the library (fp8-run's tests cover the command
// line): a module parsed in memory, loaded, compiled and called; both
// calling conventions (static results as out-parameters, dynamic ones
// returned); pipelines run before compilation.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Runner.h"

#include "fp8/InitAll.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/TargetSelect.h"
#include "gtest/gtest.h"

#include <cstring>

using namespace fp8;
using namespace fp8::runner;
using fp8::runtime::NpyArray;
using fp8::runtime::NpyDType;

namespace {

class RunnerTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mlir::fp8::registerAllFP8Passes();
  }

  RunnerTest() {
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    mlir::registerAllToLLVMIRTranslations(registry);
    mlir::fp8::registerAllFP8Dialects(registry);
    context.appendDialectRegistry(registry);
  }

  /// A Runner over `source`, loaded with entry `entry`.
  std::unique_ptr<Runner> load(llvm::StringRef source,
                               llvm::StringRef entry = "") {
    auto runner = std::make_unique<Runner>(context);
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    llvm::Error error = runner->load(std::move(module), "test.mlir", entry);
    EXPECT_FALSE(error) << llvm::toString(std::move(error));
    return runner;
  }

  static NpyArray floats(std::vector<int64_t> shape,
                         std::vector<float> values) {
    NpyArray array(NpyDType::F32, shape);
    std::memcpy(array.getData(), values.data(), values.size() * 4);
    return array;
  }
  static std::vector<float> valuesOf(const NpyArray &array) {
    std::vector<float> values(array.getNumElements());
    std::memcpy(values.data(), array.getData(), values.size() * 4);
    return values;
  }

  /// Compiles `runner` for one thread and calls it on `arrays`.
  static std::vector<NpyArray> run(Runner &runner,
                                   std::vector<const NpyArray *> arrays) {
    CompileOptions options;
    options.target = "generic";
    if (llvm::Error error = runner.compile(options)) {
      ADD_FAILURE() << llvm::toString(std::move(error));
      return {};
    }
    std::vector<std::string> names(arrays.size(), "array");
    llvm::Expected<Call> call = runner.prepare(arrays, names);
    if (!call) {
      ADD_FAILURE() << llvm::toString(call.takeError());
      return {};
    }
    call->invoke();
    return call->takeResults();
  }

  mlir::MLIRContext context;
};

constexpr const char *kStatic = R"mlir(
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %sum = linalg.add ins(%a, %b : tensor<2x3xf32>, tensor<2x3xf32>)
      outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %sum : tensor<2x3xf32>
}
)mlir";

TEST_F(RunnerTest, StaticResultsAreOutParameters) {
  std::unique_ptr<Runner> runner = load(kStatic);
  EXPECT_EQ(runner->getEntry(), "add");
  ASSERT_EQ(runner->getInputs().size(), 2u);
  EXPECT_EQ(runner->getInputs()[0].describe(), "tensor<2x3xf32> (dtype <f4)");
  NpyArray a = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  NpyArray b = floats({2, 3}, {10, 20, 30, 40, 50, 60});
  std::vector<NpyArray> results = run(*runner, {&a, &b});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(runner->getResults()[0].outParam);
  EXPECT_EQ(valuesOf(results[0]), (std::vector<float>{11, 22, 33, 44, 55, 66}));
}

// Dynamic results come back as a struct of descriptors that the caller
// reads and frees.
TEST_F(RunnerTest, DynamicResultsAreReturned) {
  std::unique_ptr<Runner> runner = load(R"mlir(
func.func @twice(%a: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xf32>
  %sum = linalg.add ins(%a, %a : tensor<?xf32>, tensor<?xf32>)
      outs(%init : tensor<?xf32>) -> tensor<?xf32>
  %init2 = tensor.empty(%n) : tensor<?xf32>
  %product = linalg.mul ins(%sum, %a : tensor<?xf32>, tensor<?xf32>)
      outs(%init2 : tensor<?xf32>) -> tensor<?xf32>
  return %sum, %product : tensor<?xf32>, tensor<?xf32>
}
)mlir");
  NpyArray a = floats({4}, {1, 2, 3, -1});
  std::vector<NpyArray> results = run(*runner, {&a});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(runner->getResults()[0].outParam);
  EXPECT_EQ(results[0].getShape(), llvm::ArrayRef<int64_t>({4}));
  EXPECT_EQ(valuesOf(results[0]), (std::vector<float>{2, 4, 6, -2}));
  EXPECT_EQ(valuesOf(results[1]), (std::vector<float>{2, 8, 18, 2}));
}

TEST_F(RunnerTest, ChecksInputs) {
  std::unique_ptr<Runner> runner = load(kStatic);
  NpyArray a = floats({3, 2}, {1, 2, 3, 4, 5, 6});
  llvm::Error error = runner->checkInputs({&a, &a}, {"a.npy", "a.npy"});
  EXPECT_EQ(llvm::toString(std::move(error)),
            "a.npy: input 0 of @add expects tensor<2x3xf32> (dtype <f4), "
            "found <f4 array of shape (3, 2)");
}

TEST_F(RunnerTest, NamesTheFunctionsWhenTheEntryIsMissing) {
  auto runner = std::make_unique<Runner>(context);
  llvm::Error error =
      runner->load(mlir::parseSourceString<mlir::ModuleOp>(kStatic, &context),
                   "test.mlir", "main");
  EXPECT_EQ(llvm::toString(std::move(error)),
            "test.mlir: no function @main (functions: @add)");
}

// A pipeline run before compile() (what quantization with a recipe does).
TEST_F(RunnerTest, RunsPipelinesBeforeCompiling) {
  std::unique_ptr<Runner> runner = load(R"mlir(
func.func @mm(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x2xf32>) -> tensor<4x2xf32>
  %c = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %c : tensor<4x2xf32>
}
)mlir");
  llvm::Error error = runner->runPipeline("fp8-no-such-pass");
  EXPECT_TRUE(llvm::StringRef(llvm::toString(std::move(error)))
                  .starts_with("pass pipeline 'fp8-no-such-pass': "));
  ASSERT_FALSE(static_cast<bool>(
      runner->runPipeline("fp8-insert-observers{scheme=standard}")));
  EXPECT_FALSE(runner->observedShapes().empty());

  std::vector<float> ones(32, 1.0f), twos(16, 2.0f);
  NpyArray a = floats({4, 8}, ones), b = floats({8, 2}, twos);
  std::vector<NpyArray> results = run(*runner, {&a, &b});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(valuesOf(results[0]), std::vector<float>(8, 16.0f));
}

} // namespace
