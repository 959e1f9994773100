// RUN: fp8-opt %s --fp8-strip-bufferization-access | FileCheck %s

// The attribute goes from func.func and llvm.func arguments; other argument
// attributes stay.
// CHECK-LABEL: func.func private @hook(memref<?xf32>, memref<?xf32> {llvm.noalias})
// CHECK-LABEL: llvm.func @lowered_hook(!llvm.ptr)
// CHECK-NOT:   bufferization.access
func.func private @hook(memref<?xf32> {bufferization.access = "read"}, memref<?xf32> {bufferization.access = "write", llvm.noalias})
llvm.func @lowered_hook(!llvm.ptr {bufferization.access = "read"})
