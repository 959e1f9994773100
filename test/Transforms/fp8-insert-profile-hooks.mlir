// RUN: fp8-opt %s --split-input-file --fp8-insert-profile-hooks | FileCheck %s

// Bufferized code of three numbered ops. Each run of top-level ops with
// one id is timed by one pair of hook calls: the alloc without an id stays
// outside, the fill and its copy are one run. The generic of "relu" holds
// the payload of "bias" (elementwise fusion cloned it there): "bias" is
// timed with "relu" and named in its entry. It also holds an op of "fill",
// which has a run of its own: "relu" holds part of "fill". "gone" was
// folded away.

// CHECK: module attributes {fp8.profile_ops = ["fill", "bias", "bias + relu (with part of fill)", "gone"]}
// CHECK-DAG: func.func private @fp8_profile_begin(i64, i64)
// CHECK-DAG: func.func private @fp8_profile_end(i64)
// CHECK-LABEL: func.func @f
// CHECK: %[[ALLOC:.+]] = memref.alloc()
// CHECK-NEXT: %[[FILL:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1 : i64
// CHECK-NEXT: call @fp8_profile_begin(%[[FILL]], %[[ONE]]) : (i64, i64) -> ()
// CHECK-NEXT: linalg.fill
// CHECK-NEXT: memref.copy
// CHECK-NEXT: call @fp8_profile_end(%[[FILL]]) : (i64) -> ()
// CHECK-NEXT: %[[RELU:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[ONE2:.+]] = arith.constant 1 : i64
// CHECK-NEXT: call @fp8_profile_begin(%[[RELU]], %[[ONE2]]) : (i64, i64) -> ()
// CHECK-NEXT: linalg.generic
// CHECK: linalg.yield
// CHECK-NEXT: }
// CHECK-NEXT: call @fp8_profile_end(%[[RELU]]) : (i64) -> ()
// CHECK-NEXT: return
#map = affine_map<(d0) -> (d0)>
module attributes {fp8.profile_ops = ["fill", "bias", "relu", "gone"]} {
  func.func @f(%x: memref<4xf32>, %out: memref<4xf32>) {
    %zero = arith.constant 0.0 : f32
    %alloc = memref.alloc() : memref<4xf32>
    linalg.fill ins(%zero : f32) outs(%alloc : memref<4xf32>) loc(fused<{fp8.profile_id = 0 : i64}>["fill"])
    memref.copy %alloc, %out : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 0 : i64}>["fill"])
    linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
        ins(%x : memref<4xf32>) outs(%out : memref<4xf32>) {
    ^bb0(%in: f32, %o: f32):
      %s = arith.mulf %in, %in : f32 loc(fused<{fp8.profile_id = 0 : i64}>["fill"])
      %b = arith.addf %s, %o : f32 loc(fused<{fp8.profile_id = 1 : i64}>["bias"])
      %r = arith.maximumf %b, %zero : f32 loc(fused<{fp8.profile_id = 2 : i64}>["relu"])
      linalg.yield %r : f32 loc(fused<{fp8.profile_id = 2 : i64}>["relu"])
    } loc(fused<{fp8.profile_id = 2 : i64}>["relu"])
    return
  }
}

// -----

// An op without an id between two ops of one id is inside their run; ops
// of one id on both sides of another op's run are timed in two runs, the
// second counting no call (it resumes the op).

// CHECK-LABEL: func.func @split
// CHECK: %[[A:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[CALL:.+]] = arith.constant 1 : i64
// CHECK-NEXT: call @fp8_profile_begin(%[[A]], %[[CALL]]) :
// CHECK-NEXT: memref.copy
// CHECK-NEXT: memref.alloc
// CHECK-NEXT: memref.copy
// CHECK-NEXT: call @fp8_profile_end(%[[A]]) :
// CHECK: call @fp8_profile_begin(%[[B:.+]], %{{.+}}) :
// CHECK-NEXT: memref.copy
// CHECK-NEXT: call @fp8_profile_end(%[[B]]) :
// CHECK: %[[A2:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[RESUME:.+]] = arith.constant 0 : i64
// CHECK-NEXT: call @fp8_profile_begin(%[[A2]], %[[RESUME]]) :
// CHECK-NEXT: memref.copy
// CHECK-NEXT: call @fp8_profile_end(%[[A2]]) :
module attributes {fp8.profile_ops = ["a", "b"]} {
  func.func @split(%x: memref<4xf32>, %y: memref<4xf32>) {
    memref.copy %x, %y : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 0 : i64}>["a"])
    %t = memref.alloc() : memref<4xf32>
    memref.copy %y, %t : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 0 : i64}>["a"])
    memref.copy %t, %y : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 1 : i64}>["b"])
    memref.copy %y, %x : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 0 : i64}>["a"])
    return
  }
}

// -----

// Without fp8.profile_ops (fp8-tag-profile-ops did not run) nothing changes.

// CHECK-LABEL: func.func @untagged
// CHECK-NOT: fp8_profile
func.func @untagged(%x: memref<4xf32>, %y: memref<4xf32>) {
  memref.copy %x, %y : memref<4xf32> to memref<4xf32> loc(fused<{fp8.profile_id = 0 : i64}>["a"])
  return
}
