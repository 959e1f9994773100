// dense_resource weights whose values are not there, given to fp8-quantize
// (alone and in fp8-ptq-pipeline): one error at the constant, naming the
// weight and the blob; exit code 1; no output file. Quantizing the good
// module below is test/Transforms/fp8-quantize-dense-resource.mlir.
//
// RUN: rm -rf %t && mkdir -p %t/in %t/out

// The module below, printed as tools do to keep large weights out of logs:
// the blob is dropped and the reference kept.
// RUN: fp8-opt %s --mlir-elide-resource-strings-if-larger=1 -o %t/in/elided.mlir
// RUN: FileCheck %s --check-prefix=ELIDED-IR < %t/in/elided.mlir
// ELIDED-IR: arith.constant dense_resource<fc.weight> : tensor<4x2xf32>
// ELIDED-IR-NOT: fc.weight:
// RUN: not fp8-opt %t/in/elided.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | FileCheck %s --check-prefix=ELIDED
// RUN: not fp8-opt %t/in/elided.mlir --fp8-quantize="mode=dynamic weight-granularity=tensor" -o %t/out/model.mlir 2>&1 | FileCheck %s --check-prefix=ELIDED
// ELIDED: elided.mlir:{{[0-9]+}}:{{[0-9]+}}: error: fp8-quantize: cannot read the values of weight '@forward/{{[0-9]+}}/rhs': dense_resource blob 'fc.weight' has no data: the module's dialect_resources section does not hold it (was the module printed with --mlir-elide-resource-strings-if-larger?)

// Written without its dialect_resources; the weight is shared by two
// matmuls and reported once.
// RUN: not fp8-opt %S/Inputs/missing-blob.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: missing-blob.mlir:3:8: error: fp8-quantize: cannot read the values of weight 'fc1/rhs': dense_resource blob 'tied.weight' has no data

// A blob shorter than its tensor.
// RUN: not fp8-opt %S/Inputs/short-blob.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: short-blob.mlir:3:8: error: fp8-quantize: cannot read the values of weight 'fc/rhs': dense_resource blob 'fc.weight' holds 4 bytes, but 'tensor<4x2xf32>' needs 32

// One error each.
// RUN: not fp8-opt %t/in/elided.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// RUN: not fp8-opt %S/Inputs/missing-blob.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// RUN: not fp8-opt %S/Inputs/short-blob.mlir --fp8-ptq-pipeline="mode=dynamic" -o %t/out/model.mlir 2>&1 | grep -c error: | FileCheck %s --check-prefix=ONE
// ONE: {{^1$}}

// Nothing written.
// RUN: ls %t/out | count 0

func.func @forward(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense_resource<fc.weight> : tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      fc.weight: "0x040000000000E040000060C00000003F0000E03F0000E03FCDCCCC3D0000E0BE00000000"
    }
  }
#-}
