// REQUIRES: ptxas
// RUN: fp8-opt %S/ptx.mlir --fp8-nvvm-pipeline="chip=sm_89 format=isa" | %extract-gpu-assembly --run "%ptxas -arch=sm_89 -o /dev/null" | FileCheck %s
// RUN: fp8-opt %S/ptx.mlir --fp8-nvvm-pipeline="chip=sm_90a format=isa" | %extract-gpu-assembly --run "%ptxas -arch=sm_90a -o /dev/null" | FileCheck %s

// Every kernel of ptx.mlir assembles with CUDA's ptxas for both chips.
// CHECK: checked 8 objects
