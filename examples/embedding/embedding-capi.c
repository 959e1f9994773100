//===- embedding-capi.c - the fp8 dialect and passes from C ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a C (or Python, Rust, ...) embedder does with fp8-mlir through the
// MLIR C API: register the fp8 dialect and passes, parse and verify a module
// with fp8 ops, make FP8 types and attributes, and run fp8-ptq-pipeline and
// convert-fp8-to-linalg with the C pass manager. Exits with 1 on the first
// failure.
//
//===----------------------------------------------------------------------===//

#include "fp8-c/Dialects.h"
#include "fp8-c/Registration.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/Dialect/Tensor.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include <stdio.h>
#include <stdlib.h>

// A module with an fp8 op and an f32 linear layer that fp8-ptq-pipeline
// quantizes (dynamic per-token activations, per-channel constant weights).
static const char *kModule =
    "func.func @quantize(%x: tensor<4x16xf32>, %s: tensor<f32>)\n"
    "    -> tensor<4x16xf8E4M3FN> {\n"
    "  %init = tensor.empty() : tensor<4x16xf8E4M3FN>\n"
    "  %q = fp8.quantize %x, %s into %init\n"
    "      : tensor<4x16xf32>, tensor<f32> into tensor<4x16xf8E4M3FN>\n"
    "  return %q : tensor<4x16xf8E4M3FN>\n"
    "}\n"
    "func.func @linear(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {\n"
    "  %w = arith.constant dense<0.5> : tensor<16x8xf32>\n"
    "  %zero = arith.constant 0.0 : f32\n"
    "  %init = tensor.empty() : tensor<4x8xf32>\n"
    "  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4x8xf32>)\n"
    "      -> tensor<4x8xf32>\n"
    "  %y = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x8xf32>)\n"
    "      outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>\n"
    "  return %y : tensor<4x8xf32>\n"
    "}\n";

static void printToStdout(MlirStringRef str, void *userData) {
  (void)userData;
  fwrite(str.data, 1, str.length, stdout);
}

static void fail(const char *what) {
  fprintf(stderr, "embedding-capi: %s\n", what);
  exit(1);
}

static void printType(const char *label, MlirType type) {
  printf("%s: ", label);
  mlirTypePrint(type, printToStdout, NULL);
  printf("\n");
}

static void printAttribute(const char *label, MlirAttribute attr) {
  printf("%s: ", label);
  mlirAttributePrint(attr, printToStdout, NULL);
  printf("\n");
}

/// Runs `pipeline` (textual, anchored on builtin.module) on `module`.
static void runPipeline(MlirContext ctx, MlirModule module,
                        const char *pipeline) {
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  if (mlirLogicalResultIsFailure(mlirParsePassPipeline(
          opm, mlirStringRefCreateFromCString(pipeline), printToStdout, NULL)))
    fail("cannot parse the pass pipeline");
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    fail("the pass pipeline failed");
  mlirPassManagerDestroy(pm);
}

int main(void) {
  // Passes and pipelines go to the global registry, once per process.
  fp8RegisterAllPasses();

  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  // The fp8 dialect with its bufferization models, and the upstream dialects
  // of the input module.
  fp8RegisterAllDialects(registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__arith__(), registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__func__(), registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__linalg__(), registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__tensor__(), registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  // The dialect handle alone (what a tool without the interface models does).
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__fp8__(), ctx);

  // Parse, verify and print.
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
  if (mlirModuleIsNull(module))
    fail("cannot parse the module");
  if (!mlirOperationVerify(mlirModuleGetOperation(module)))
    fail("the module does not verify");
  printf("// parsed\n");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  // Types: FP8 storage types by their format names.
  MlirType e5m2 =
      fp8StorageTypeGet(ctx, mlirStringRefCreateFromCString("e5m2"));
  MlirType e3m4fn =
      fp8StorageTypeGet(ctx, mlirStringRefCreateFromCString("e3m4fn"));
  if (mlirTypeIsNull(e5m2) || mlirTypeIsNull(e3m4fn))
    fail("cannot build an FP8 storage type");
  if (!fp8TypeIsAStorageType(e5m2) || !fp8TypeIsAE3M4FN(e3m4fn) ||
      fp8TypeIsAE3M4FN(e5m2) || fp8TypeIsAStorageType(mlirF32TypeGet(ctx)))
    fail("wrong FP8 type predicates");
  if (!mlirTypeEqual(e3m4fn, fp8E3M4FNTypeGet(ctx)))
    fail("fp8E3M4FNTypeGet differs from the e3m4fn storage type");
  if (!mlirTypeIsNull(
          fp8StorageTypeGet(ctx, mlirStringRefCreateFromCString("e9m9"))))
    fail("an unknown format name gave a type");
  printType("e5m2", e5m2);
  printType("e3m4fn", e3m4fn);
  MlirStringRef name = fp8StorageTypeGetFormatName(e3m4fn);
  printf("format name: %.*s\n", (int)name.length, name.data);
  int64_t shape[] = {4, 16};
  printType("tensor",
            mlirRankedTensorTypeGet(2, shape, e3m4fn, mlirAttributeGetNull()));

  // Attributes.
  MlirAttribute rounding =
      fp8RoundingAttrGet(ctx, mlirStringRefCreateFromCString("stochastic"));
  MlirAttribute layout =
      fp8MatrixLayoutAttrGet(ctx, mlirStringRefCreateFromCString("nk"));
  if (!fp8RoundingAttrIsA(rounding) || !fp8MatrixLayoutAttrIsA(layout) ||
      fp8RoundingAttrIsA(layout))
    fail("wrong FP8 attribute predicates");
  if (!mlirAttributeIsNull(
          fp8RoundingAttrGet(ctx, mlirStringRefCreateFromCString("up"))))
    fail("an unknown rounding mode gave an attribute");
  printAttribute("rounding", rounding);
  printAttribute("layout", layout);

  // Post-training quantization, then the reference lowering.
  runPipeline(ctx, module, "builtin.module(fp8-ptq-pipeline{mode=dynamic})");
  printf("// fp8-ptq-pipeline{mode=dynamic}\n");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  if (mlirLogicalResultIsFailure(mlirOpPassManagerAddPipeline(
          mlirPassManagerGetAsOpPassManager(pm),
          mlirStringRefCreateFromCString("convert-fp8-to-linalg"),
          printToStdout, NULL)))
    fail("cannot add convert-fp8-to-linalg");
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    fail("convert-fp8-to-linalg failed");
  mlirPassManagerDestroy(pm);
  printf("// convert-fp8-to-linalg\n");
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
