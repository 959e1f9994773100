// fp8-quantize{recipe=FILE}: the recipe's options are the pass's, and its
// per-tensor overrides change the format, granularity, method or precision
// of single tensors (docs/Quantization.md, "Recipes"). The table is found
// relative to the recipe's directory.
//
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/make_calibration_table.py %t/calib.json fc1/lhs=2.0 fc2/lhs=8.0 fc3/lhs=1.0
// RUN: fp8-opt %t/model.mlir --fp8-quantize="recipe=%t/mixed.json" 2>&1 | FileCheck %s
//
// Without overrides a recipe gives what the same options give on the
// command line: identical output.
// RUN: fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/plain.json" -o %t/from-recipe.mlir
// RUN: fp8-opt %t/model.mlir --fp8-ptq-pipeline="calibration=%t/calib.json weight-format=e5m2 activation-format=e3m4fn method=percentile percentile=99.9 weight-granularity=tensor" -o %t/from-options.mlir
// RUN: diff %t/from-recipe.mlir %t/from-options.mlir
//
// keep on an op's tensors is exclude= for those ids: identical output.
// RUN: fp8-opt %t/model.mlir --fp8-ptq-pipeline="recipe=%t/keep.json" -o %t/keep-recipe.mlir
// RUN: fp8-opt %t/model.mlir --fp8-ptq-pipeline="calibration=%t/calib.json exclude=^fc3/" -o %t/keep-options.mlir
// RUN: diff %t/keep-recipe.mlir %t/keep-options.mlir

//--- model.mlir
func.func @mlp(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %w1 = arith.constant dense<0.5> : tensor<8x16xf32>
  %w2 = arith.constant dense<0.25> : tensor<16x8xf32>
  %w3 = arith.constant dense<0.125> : tensor<8x8xf32>
  %z = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4x16xf32>
  %f1 = linalg.fill ins(%z : f32) outs(%e1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %h1 = linalg.matmul ins(%x, %w1 : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f1 : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %e2 = tensor.empty() : tensor<4x8xf32>
  %f2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %h2 = linalg.matmul ins(%h1, %w2 : tensor<4x16xf32>, tensor<16x8xf32>) outs(%f2 : tensor<4x8xf32>) -> tensor<4x8xf32> loc("fc2")
  %h3 = linalg.matmul ins(%h2, %w3 : tensor<4x8xf32>, tensor<8x8xf32>) outs(%f2 : tensor<4x8xf32>) -> tensor<4x8xf32> loc("fc3")
  return %h3 : tensor<4x8xf32>
}

// Global: E4M3 activations and weights, per-channel weights. fc1's weight
// is E5M2 with one scale; fc2's input is E3M4FN with a percentile
// threshold; fc3 stays in f32.
// CHECK-LABEL: func.func @mlp
// fc1: E4M3 input, E5M2 weight with a per-tensor scale.
// CHECK: fp8.quantize %{{.+}} : tensor<4x8xf32>, tensor<f32> into tensor<4x8xf8E4M3FN>
// CHECK: fp8.dequantize %{{.+}} : tensor<8x16xf8E5M2>, tensor<f32>
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x8xf32>, tensor<8x16xf32>)
// fc2: E3M4FN input, E4M3 weight with per-channel scales.
// CHECK: fp8.quantize %{{.+}} : tensor<4x16xf32>, tensor<f32> into tensor<4x16x!fp8.e3m4fn>
// CHECK: fp8.dequantize %{{.+}} : tensor<16x8xf8E4M3FN>, tensor<1x8xf32>
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x16xf32>, tensor<16x8xf32>)
// fc3: nothing.
// CHECK-NOT: fp8.
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x8xf32>, tensor<8x8xf32>)

//--- mixed.json
{
  "format": "fp8-recipe",
  "version": 1,
  "options": {"weight-format": "e4m3", "activation-format": "e4m3"},
  "overrides": {
    "fc1/rhs": {"weight-format": "e5m2", "weight-granularity": "tensor"},
    "fc2/lhs": {"activation-format": "e3m4fn", "method": "percentile", "percentile": 99.9},
    "fc3/lhs": {"keep": "f32"},
    "fc3/rhs": {"keep": "f32"}
  },
  "calibration": "calib.json",
  "metric": {"kind": "rel-error", "budget": 0.05, "fp32": 0, "achieved": 0.02}
}

//--- plain.json
{
  "format": "fp8-recipe",
  "version": 1,
  "options": {"weight-format": "e5m2", "activation-format": "e3m4fn", "method": "percentile",
              "percentile": 99.9, "weight-granularity": "tensor"},
  "calibration": "calib.json"
}

//--- keep.json
{
  "format": "fp8-recipe",
  "version": 1,
  "options": {},
  "overrides": {"fc3/lhs": {"keep": "f32"}, "fc3/rhs": {"keep": "f32"}},
  "calibration": "calib.json"
}
