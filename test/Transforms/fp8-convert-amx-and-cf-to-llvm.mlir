// RUN: fp8-opt %s --split-input-file --fp8-convert-amx-and-cf-to-llvm | FileCheck %s

// A tile carried by a branch: the AMX ops and the branch are lowered
// together, the block argument becomes an !llvm.x86_amx.
// CHECK-LABEL: func.func @tile_through_branch(
// CHECK:         %[[ZERO:.*]] = llvm.call_intrinsic "llvm.x86.tilezero.internal"
// CHECK:         llvm.br ^bb1(%[[ZERO]] : !llvm.x86_amx)
// CHECK:       ^bb1(%[[TILE:.*]]: !llvm.x86_amx):
// CHECK:         llvm.call_intrinsic "llvm.x86.tilestored64.internal"({{.*}}, %[[TILE]])
// CHECK-NOT:     amx.
// CHECK-NOT:     cf.
func.func @tile_through_branch(%m: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %t = amx.tile_zero : !amx.tile<16x16xf32>
  cf.br ^bb1(%t : !amx.tile<16x16xf32>)
^bb1(%a: !amx.tile<16x16xf32>):
  amx.tile_store %m[%c0, %c0], %a : memref<16x16xf32>, !amx.tile<16x16xf32>
  return
}

// -----

// Without AMX ops the module is left to convert-cf-to-llvm.
// CHECK-LABEL: func.func @no_tiles(
// CHECK:         cf.cond_br
func.func @no_tiles(%x: i1) {
  cf.cond_br %x, ^bb1, ^bb1
^bb1:
  return
}
