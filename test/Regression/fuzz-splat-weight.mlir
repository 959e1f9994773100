// fp8-quantize copied every element of a constant weight to compute its
// scales: a splat weight of 1.3 * 10^13 elements ran out of memory ("LLVM ERROR:
// out of memory"). A splat weight has one amax: one splat scale, and the
// quantized weight folds to a splat.
//
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic" 2>&1 | FileCheck %s
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block" 2>&1 | FileCheck %s --check-prefix=BLOCK

// CHECK-LABEL: func.func @fc
// CHECK-DAG: %[[W:.+]] = arith.constant dense<4.480000e+02> : tensor<100000000x131072xf8E4M3FN>
// CHECK-DAG: %[[S:.+]] = arith.constant dense<0.00111607148> : tensor<1x131072xf32>
// CHECK: fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])
// BLOCK-LABEL: func.func @fc
// BLOCK: arith.constant dense<0.00111607148> : tensor<781250x1024xf32>
func.func @fc(%x: tensor<4x100000000xf32>) -> tensor<4x131072xf32> {
  %w = arith.constant dense<0.5> : tensor<100000000x131072xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x131072xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x131072xf32>) -> tensor<4x131072xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x100000000xf32>, tensor<100000000x131072xf32>) outs(%f : tensor<4x131072xf32>) -> tensor<4x131072xf32>
  return %y : tensor<4x131072xf32>
}
