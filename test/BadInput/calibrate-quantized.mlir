// fp8-run --calibrate on a module that is already quantized observes
// nothing: one error (exit 1) instead of an empty table.
//
// RUN: rm -rf %t && mkdir -p %t/samples
// RUN: %python -c "import numpy as np; np.save('%t/samples/0.npy', np.ones((4, 8), np.float32))"
// RUN: fp8-opt %s --fp8-ptq-pipeline=mode=dynamic -o %t/quantized.mlir
// RUN: not fp8-run %t/quantized.mlir --input %t/samples --calibrate %t/table.json 2>&1 | FileCheck %s
// CHECK: fp8-run: error: --calibrate: no tensor was observed (no fp8.observe op ran): {{.*}}quantized.mlir holds nothing fp8-quantize would quantize (is it already quantized? calibrate the f32 model); no table written
// RUN: not ls %t/table.json
// The f32 model itself calibrates.
// RUN: fp8-run %s --input %t/samples --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=F32
// F32: wrote {{.*}}table.json

func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %z = arith.constant dense<0.0> : tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x2xf32>) outs(%z : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
