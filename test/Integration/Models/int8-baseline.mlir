// The INT8 baseline of fp8-quantize, run: fp8-run's result equals numpy's
// symmetric INT8 fake quantization (round half to even, clamp to
// [-127, 127], per-row weight scales, per-tensor activation scale) of the
// same linear layer, to float32 rounding. The input includes values beyond
// the calibrated range (clamped), halfway cases and a zero.
//
// RUN: %python %S/../../Transforms/Inputs/make_calibration_table.py %t.json fc1/lhs=2.54
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.array([[0.03, -0.01, 0.05, 2.54, -3.0, 0.0, 1.0, -0.25], [0.5, 0.51, -0.49, 10.0, 0.07, -0.07, 0.02, 0.015]], dtype=np.float32))"
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t.json weight-format=int8 activation-format=int8" -o %t.int8.mlir
// RUN: fp8-run %t.int8.mlir --entry linear --input %t.x.npy --output-dir %t.out
// RUN: %python %S/Inputs/int8_reference.py %t.x.npy %t.out/linear_result0.npy 2.54 | FileCheck %s

// CHECK: max |fp8-run - numpy| =
// CHECK-NEXT: {{^}}MATCH{{$}}
func.func @linear(%x: tensor<2x8xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[1.27, -0.5, 0.25, 0.0, 0.125, -1.0, 0.5, 1.0], [2.54, 1.0, -2.0, 0.5, 0.0, 0.0, 1.5, -2.5], [-12.7, 3.0, 1.0, 0.0, 6.0, -6.0, 2.0, 0.1]]> : tensor<3x8xf32>
  %e = tensor.empty() : tensor<8x3xf32>
  %wt = linalg.transpose ins(%w : tensor<3x8xf32>) outs(%e : tensor<8x3xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<2x3xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<2x8xf32>, tensor<8x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32> loc("fc1")
  return %y : tensor<2x3xf32>
}
