// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc1/lhs=2.0 fc2/lhs=6.0
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json" -split-input-file | FileCheck %s --check-prefix=STATIC
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic" -split-input-file | FileCheck %s --check-prefix=DYN
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic weight-format=e5m2 activation-format=e3m4fn weight-granularity=tensor" -split-input-file | FileCheck %s --check-prefix=MIXED
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=4" -split-input-file | FileCheck %s --check-prefix=BLOCK
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json skip-first-last=true" -split-input-file | FileCheck %s --check-prefix=SKIP
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json exclude=^fc2/" -split-input-file | FileCheck %s --check-prefix=EXCLUDE

// Two linear layers as torch-mlir emits them. Weights ([out, in] constants
// behind transposes) are quantized where they are, per output channel by
// default; activations get QDQ with calibrated (static) or run-time
// (dynamic, per token) scales.

// STATIC-LABEL: func.func @mlp(
// STATIC-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x8xf32>
// STATIC-DAG:     %[[W1:.+]] = arith.constant dense<{{.+}}> : tensor<16x8xf32>
// STATIC-DAG:     %[[SX:.+]] = arith.constant dense<0.00446428591> : tensor<f32>
// STATIC:         %[[QX:.+]] = fp8.quantize %[[X]], %[[SX]] into %{{.+}} : tensor<4x8xf32>, tensor<f32> into tensor<4x8xf8E4M3FN>
// STATIC:         %[[DX:.+]] = fp8.dequantize %[[QX]], %[[SX]] into %{{.+}} : tensor<4x8xf8E4M3FN>, tensor<f32> into tensor<4x8xf32>
// STATIC:         %[[S1:.+]] = arith.constant dense<{{.+}}> : tensor<16x1xf32>
// STATIC:         %[[QW:.+]] = fp8.quantize %[[W1]], %[[S1]] into %{{.+}} : tensor<16x8xf32>, tensor<16x1xf32> into tensor<16x8xf8E4M3FN>
// STATIC:         %[[DW:.+]] = fp8.dequantize %[[QW]], %[[S1]]
// STATIC:         %[[WT:.+]] = linalg.transpose ins(%[[DW]] : tensor<16x8xf32>)
// STATIC:         linalg.matmul ins(%[[DX]], %[[WT]] : tensor<4x8xf32>, tensor<8x16xf32>)
// STATIC:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x16xf32>, tensor<f32> into tensor<4x16xf8E4M3FN>
// STATIC:         linalg.matmul

// DYN-LABEL: func.func @mlp(
// DYN:         %[[R:.+]]:2 = fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} : tensor<4x8xf32> into tensor<4x8xf8E4M3FN>, tensor<4x1xf32>
// DYN:         fp8.dequantize %[[R]]#0, %[[R]]#1 into %{{.+}} : tensor<4x8xf8E4M3FN>, tensor<4x1xf32> into tensor<4x8xf32>
// DYN:         fp8.dynamic_quantize %{{.+}} : tensor<4x16xf32> into tensor<4x16xf8E4M3FN>, tensor<4x1xf32>

// MIXED-LABEL: func.func @mlp(
// MIXED:         fp8.dynamic_quantize %{{.+}} : tensor<4x8xf32> into tensor<4x8x!fp8.e3m4fn>, tensor<4x1xf32>
// MIXED:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<16x8xf32>, tensor<f32> into tensor<16x8xf8E5M2>

// BLOCK-LABEL: func.func @mlp(
// BLOCK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<16x8xf32>, tensor<4x2xf32> into tensor<16x8xf8E4M3FN>
// BLOCK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<16x4xf32>, tensor<4x1xf32> into tensor<16x4xf8E4M3FN>

// The last matmul (fc2) stays in f32 with skip-first-last.
// SKIP-LABEL: func.func @mlp(
// SKIP-COUNT-2: fp8.quantize
// SKIP-NOT:     fp8.quantize
// SKIP:         linalg.matmul
// SKIP:         linalg.matmul

// EXCLUDE-LABEL: func.func @mlp(
// EXCLUDE-COUNT-2: fp8.quantize
// EXCLUDE-NOT:     fp8.quantize
func.func @mlp(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %w1 = arith.constant dense<[[0.5, -0.25, 1.0, 2.0, -1.5, 0.75, 0.125, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-1.0, -2.0, -3.0, -4.0, 4.0, 3.0, 2.0, 1.0], [0.5, -0.25, 1.0, 2.0, -1.5, 0.75, 0.125, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-1.0, -2.0, -3.0, -4.0, 4.0, 3.0, 2.0, 1.0], [0.5, -0.25, 1.0, 2.0, -1.5, 0.75, 0.125, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-1.0, -2.0, -3.0, -4.0, 4.0, 3.0, 2.0, 1.0], [0.5, -0.25, 1.0, 2.0, -1.5, 0.75, 0.125, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-1.0, -2.0, -3.0, -4.0, 4.0, 3.0, 2.0, 1.0]]> : tensor<16x8xf32>
  %e1 = tensor.empty() : tensor<8x16xf32>
  %w1t = linalg.transpose ins(%w1 : tensor<16x8xf32>) outs(%e1 : tensor<8x16xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o1 = tensor.empty() : tensor<4x16xf32>
  %f1 = linalg.fill ins(%z : f32) outs(%o1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %h = linalg.matmul ins(%x, %w1t : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f1 : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %w2 = arith.constant dense<0.25> : tensor<16x4xf32>
  %o2 = tensor.empty() : tensor<4x4xf32>
  %f2 = linalg.fill ins(%z : f32) outs(%o2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y = linalg.matmul ins(%h, %w2 : tensor<4x16xf32>, tensor<16x4xf32>) outs(%f2 : tensor<4x4xf32>) -> tensor<4x4xf32> loc("fc2")
  return %y : tensor<4x4xf32>
}
