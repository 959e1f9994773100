// RUN: fp8-opt %s --split-input-file --fp8-tag-profile-ops --mlir-print-debuginfo --mlir-print-local-scope --verify-diagnostics | FileCheck %s

// Each op that does work gets an id, named by its NameLoc, else by op name
// and index among the function's top-level ops; the ops nested in it get
// the same id. Constants, tensor.empty, scalar ops and the return get none.

// CHECK: module attributes {fp8.profile_ops = ["linalg.fill#4", "fc1", "relu1"]}
// CHECK-LABEL: func.func @mlp
// CHECK: arith.constant 0.000000e+00 : f32 loc("{{.*}}":{{[0-9]+}}:{{[0-9]+}})
// CHECK: tensor.empty() : tensor<4x16xf32> loc("{{.*}}":{{[0-9]+}}:{{[0-9]+}})
// CHECK: tensor.dim {{.*}} loc("{{.*}}":{{[0-9]+}}:{{[0-9]+}})
// CHECK: linalg.fill {{.*}} loc(fused<{fp8.profile_id = 0 : i64}>["{{.*}}":{{[0-9]+}}:{{[0-9]+}}])
// CHECK: linalg.matmul {{.*}} loc(fused<{fp8.profile_id = 1 : i64}>["fc1"("{{.*}}":{{[0-9]+}}:{{[0-9]+}})])
// CHECK: arith.maximumf {{.*}} loc(fused<{fp8.profile_id = 2 : i64}>["{{.*}}":{{[0-9]+}}:{{[0-9]+}}])
// CHECK: linalg.yield {{.*}} loc(fused<{fp8.profile_id = 2 : i64}>["{{.*}}":{{[0-9]+}}:{{[0-9]+}}])
// CHECK: } -> tensor<4x16xf32> loc(fused<{fp8.profile_id = 2 : i64}>["relu1"("{{.*}}":{{[0-9]+}}:{{[0-9]+}})])
// CHECK: return {{.*}} loc("{{.*}}":{{[0-9]+}}:{{[0-9]+}})
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @mlp(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %c0 = arith.constant 0 : index
  %d = tensor.dim %x, %c0 : tensor<4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%mm : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x16xf32> loc("relu1")
  return %r : tensor<4x16xf32>
}

// -----

// Several public functions: unnamed ops carry the function's name; a loc
// name on several ops gets the op name, then the op's index; private
// functions are not numbered (their time is that of the call).

// CHECK: module attributes {fp8.profile_ops = ["@first/func.call#0", "twice (func.call)", "@second/tensor.insert#1", "shared (tensor.insert)", "twice (func.call)#3", "shared (linalg.fill)"]}
// CHECK-LABEL: func.func @first
// CHECK: call @helper{{.*}} loc(fused<{fp8.profile_id = 0 : i64}>
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: fp8.profile_id
// CHECK-LABEL: func.func @second
func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %s = func.call @helper(%r) : (tensor<4xf32>) -> tensor<4xf32> loc("twice")
  return %s : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @second(%x: tensor<4xf32>, %v: f32) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %r = tensor.insert %v into %x[%c0] : tensor<4xf32>
  %t = tensor.insert %v into %r[%c0] : tensor<4xf32> loc("shared")
  %s = func.call @helper(%t) : (tensor<4xf32>) -> tensor<4xf32> loc("twice")
  %f = linalg.fill ins(%v : f32) outs(%s : tensor<4xf32>) -> tensor<4xf32> loc("shared")
  return %f : tensor<4xf32>
}

// -----

// Numbering twice would give two ops one id.

// expected-error @+1 {{fp8-tag-profile-ops: the module's ops are numbered already (it holds fp8.profile_ops)}}
module attributes {fp8.profile_ops = ["fc1"]} {
  func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}
