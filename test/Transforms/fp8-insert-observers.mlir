// RUN: fp8-opt %s --fp8-insert-observers -split-input-file | FileCheck %s
// RUN: fp8-opt %s --fp8-insert-observers="scheme=extended" -split-input-file | FileCheck %s --check-prefix=EXT
// RUN: fp8-opt %s --fp8-insert-observers --fp8-insert-observers -split-input-file | FileCheck %s --check-prefix=TWICE
// RUN: not fp8-opt %s --fp8-insert-observers="scheme=fancy" -split-input-file 2>&1 | FileCheck %s --check-prefix=ERR

// A linear layer as torch-mlir emits it: the constant weight (behind a
// transpose) is not observed, the activation is, under "<NameLoc>/<role>".

// CHECK-LABEL: func.func @linear(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x8xf32>
// CHECK:         %[[O:.+]] = fp8.observe %[[X]] {id = "fc1/lhs"} : tensor<4x8xf32>
// CHECK-NOT:     fp8.observe
// CHECK:         linalg.matmul ins(%[[O]], %{{.+}} : tensor<4x8xf32>, tensor<8x16xf32>)
// TWICE-LABEL: func.func @linear(
// TWICE-COUNT-1: fp8.observe
// TWICE-NOT:     fp8.observe
// ERR: fp8-opt: for the --scheme option: 'fancy' is unknown; expected standard or extended
func.func @linear(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8xf32>
  %e = tensor.empty() : tensor<8x16xf32>
  %wt = linalg.transpose ins(%w : tensor<16x8xf32>) outs(%e : tensor<8x16xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}

// -----

// Attention: both batch_matmul operands are activations. Without a NameLoc
// the id is "@<function>/<op index>/<role>".

// TWICE-LABEL: func.func @attention(
// CHECK-LABEL: func.func @attention(
// CHECK-DAG:     fp8.observe %{{.+}} {id = "attn.qk/lhs"}
// CHECK-DAG:     fp8.observe %{{.+}} {id = "attn.qk/rhs"}
// CHECK-DAG:     fp8.observe %{{.+}} {id = "@attention/1/lhs"}
// CHECK-DAG:     fp8.observe %{{.+}} {id = "@attention/1/rhs"}
func.func @attention(%q: tensor<2x4x8xf32>, %kt: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>, %acc: tensor<2x4x4xf32>, %acc2: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%acc : tensor<2x4x4xf32>) -> tensor<2x4x4xf32> loc("attn.qk")
  %o = linalg.batch_matmul ins(%s, %v : tensor<2x4x4xf32>, tensor<2x4x8xf32>) outs(%acc2 : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// Convolutions observe their input, not the constant filter; embeddings
// gather from a constant table: nothing to observe.

// CHECK-LABEL: func.func @conv(
// CHECK:         fp8.observe %{{.+}} {id = "stem.conv/input"} : tensor<1x3x8x8xf32>
// CHECK-NOT:     fp8.observe
func.func @conv(%x: tensor<1x3x8x8xf32>, %acc: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w = arith.constant dense<0.25> : tensor<4x3x3x3xf32>
  %y = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%acc : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> loc("stem.conv")
  return %y : tensor<1x4x6x6xf32>
}

// -----

// The extended scheme also observes elementwise add/mul of two activations
// and what a normalization centers; a bias add (constant operand) is not.

// CHECK-LABEL: func.func @residual(
// CHECK-NOT:     fp8.observe
// EXT-LABEL: func.func @residual(
// EXT-DAG:     fp8.observe %{{.+}} {id = "block.add/lhs"}
// EXT-DAG:     fp8.observe %{{.+}} {id = "block.add/rhs"}
// EXT-NOT:     {id = "bias
func.func @residual(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %s = linalg.add ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32> loc("block.add")
  %c = arith.constant dense<1.0> : tensor<4x8xf32>
  %t = linalg.add ins(%s, %c : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32> loc("bias")
  return %t : tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#bcast = affine_map<(d0, d1) -> (d0, 0)>

// EXT-LABEL: func.func @layer_norm(
// EXT-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x8xf32>
// EXT:         %[[O:.+]] = fp8.observe %[[X]] {id = "ln.sum/input"}
// EXT:         linalg.generic {{.*}} ins(%[[O]] :
// EXT:         linalg.generic {{.*}} ins(%[[O]], %{{.+}} :
func.func @layer_norm(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x8xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %a = arith.addf %in, %acc : f32
    linalg.yield %a : f32
  } -> tensor<4xf32> loc("ln.sum")
  %mean = tensor.expand_shape %sum [[0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
  %e2 = tensor.empty() : tensor<4x8xf32>
  %c = linalg.generic {indexing_maps = [#id, #bcast, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %mean : tensor<4x8xf32>, tensor<4x1xf32>) outs(%e2 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %m: f32, %o: f32):
    %d = arith.subf %in, %m : f32
    linalg.yield %d : f32
  } -> tensor<4x8xf32> loc("ln.center")
  return %c : tensor<4x8xf32>
}
