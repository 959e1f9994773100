// RUN: fp8-opt %s --fp8-erase-dead-poison | FileCheck %s

// Unused poison values go (FP8-typed ones too, which ub-to-llvm would not
// convert); a used one stays.
// CHECK-LABEL: func.func @poison(
// CHECK-NEXT:    %[[USED:.*]] = ub.poison : f32
// CHECK-NEXT:    return %[[USED]] : f32
func.func @poison() -> f32 {
  %dead = ub.poison : f8E4M3FN
  %used = ub.poison : f32
  %dead_vector = ub.poison : vector<16xf8E5M2>
  return %used : f32
}
