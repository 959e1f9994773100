// target=avx512fp16 compiled for a machine with AVX512-FP16 (from any
// machine: check-host-cpu=false): f16 accumulation is native 32-lane f16
// FMA; FP8 decoding and promotion convert halves to f32 (vcvtph2psx).
//
// RUN: fp8-opt %s --fp8-cpu-pipeline="target=avx512fp16 check-host-cpu=false" | mlir-translate --mlir-to-llvmir | llc -O2 -mtriple=x86_64-unknown-linux-gnu -mattr=+avx512f,+avx512bw,+avx512vl,+avx512fp16,+f16c | FileCheck %s
//
// A CPU without the feature refuses to compile code it would run:
// RUN: not fp8-opt %s --fp8-cpu-pipeline=target=avx512fp16 -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// UNSUPPORTED: avx512fp16

// CHECK-LABEL: f16_accumulation:
// CHECK-DAG:     vfmadd231ph %zmm
// CHECK-DAG:     vcvtph2psx
// CHECK-NOT:     vfmadd{{[0-9]+}}ps

// MISSING: error: fp8-cpu-pipeline: target 'avx512fp16' needs the CPU feature 'avx512fp16', which this CPU does not have; use host or generic
func.func @f16_accumulation(%a: tensor<16x64xf8E4M3FN>, %b: tensor<64x64xf8E4M3FN>, %s: tensor<f32>, %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = f16, chunk = 32} : tensor<16x64xf8E4M3FN>, tensor<64x64xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x64xf32>
  return %r : tensor<16x64xf32>
}
