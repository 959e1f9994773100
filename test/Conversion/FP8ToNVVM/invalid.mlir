// RUN: not fp8-opt %s --convert-fp8-to-nvvm=chip=sm_80 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not fp8-opt %s --fp8-nvvm-pipeline=chip=sm_100 2>&1 | FileCheck %s --check-prefix=PIPELINE-CHIP
// RUN: not fp8-opt %s --fp8-nvvm-pipeline="chip=sm_89 format=elf" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not fp8-opt %s --convert-fp8-to-nvvm=chip=sm_89 2>&1 | FileCheck %s --check-prefix=TENSOR
// RUN: not fp8-opt %s --fp8-nvvm-pipeline="chip=sm_89 format=isa" 2>&1 | FileCheck %s --check-prefix=STORAGE

// CHIP: for the --chip option: 'sm_80' is unknown; expected sm_89 or sm_90a
// PIPELINE-CHIP: fp8-nvvm-pipeline: unknown chip 'sm_100'; expected sm_89 or sm_90a
// FORMAT: fp8-nvvm-pipeline: unknown format 'elf'; expected auto, isa, bin or fatbin
// TENSOR: error: convert-fp8-to-nvvm: expects the memref form of the fp8 ops (run it after bufferization, as the pipeline does)
// STORAGE: error: convert-fp8-to-nvvm (chip sm_89): FP8 type '!fp8.e3m4fn' is not supported by the GPU kernels
func.func @dialect_storage_type(%x: tensor<16xf32>, %s: tensor<f32>) -> tensor<16x!fp8.e3m4fn> {
  %e = tensor.empty() : tensor<16x!fp8.e3m4fn>
  %q = fp8.quantize %x, %s into %e : tensor<16xf32>, tensor<f32> into tensor<16x!fp8.e3m4fn>
  return %q : tensor<16x!fp8.e3m4fn>
}
