// fp8-approximate-math: exp, expm1, tanh and erf become upstream's
// polynomial approximations (arith and math.fma, no libm call a lane);
// other math ops (log, rsqrt) stay. Accuracy on data:
// test/Integration/CPU/reductions.mlir (softmax within a few ulp).
//
// RUN: fp8-opt %s --fp8-approximate-math | FileCheck %s

// CHECK-LABEL: func.func @softmax_and_gelu
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.erf
// CHECK:         math.fma {{.*}} : vector<8xf32>
// CHECK:         math.log %{{.*}} : vector<8xf32>
// CHECK:         math.rsqrt %{{.*}} : vector<8xf32>
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.erf
// CHECK:         return
func.func @softmax_and_gelu(%x: vector<8xf32>, %y: f32) -> (vector<8xf32>, f32, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %e = math.exp %x : vector<8xf32>
  %t = math.tanh %y : f32
  %r = math.erf %x : vector<8xf32>
  %l = math.log %x : vector<8xf32>
  %s = math.rsqrt %x : vector<8xf32>
  return %e, %t, %r, %l, %s : vector<8xf32>, f32, vector<8xf32>, vector<8xf32>, vector<8xf32>
}
