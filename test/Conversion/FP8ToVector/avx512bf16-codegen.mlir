// target=avx512bf16 compiled for a machine with AVX512-BF16 (from any
// machine: check-host-cpu=false): f32 accumulation with more rows than one
// register block is VDPBF16PS of a broadcast pair of A's bf16 row and 16
// columns' pairs of B (2 x 8 accumulators without promotion). A is packed
// like B, as i32 words of bf16 pairs by blocks of rows, so the broadcast
// pair is one scalar load; an odd chunk cannot pair k and keeps the FMA
// kernel.
//
// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512bf16 --fp8-vectorize-elementwise=target=avx512bf16 | FileCheck %s --check-prefix=IR
// RUN: fp8-opt %s --fp8-cpu-pipeline="target=avx512bf16 check-host-cpu=false" | mlir-translate --mlir-to-llvmir | llc -O2 -mtriple=x86_64-unknown-linux-gnu -mattr=+avx512f,+avx512bw,+avx512vl,+avx512dq,+avx512bf16 | FileCheck %s

// IR-LABEL: func.func @bf16_pairs
// IR:         scf.for
// IR:           vector.transfer_read %{{.*}} : tensor<2x33x32xi32>, vector<16xi32>
// IR:           vector.bitcast %{{.*}} : vector<16xi32> to vector<32xbf16>
// IR:           tensor.extract %{{.*}} : tensor<2x33x8xi32>
// IR:           vector.broadcast %{{.*}} : i32 to vector<16xi32>
// IR-COUNT-16:  x86vector.avx512.dot %{{.*}} : vector<32xbf16> -> vector<16xf32>

// CHECK-LABEL: bf16_pairs:
// CHECK-COUNT-16: vdpbf16ps %zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm
func.func @bf16_pairs(%a: tensor<9x65xf8E4M3FN>, %b: tensor<65x40xf8E5M2>, %s: tensor<f32>, %c: tensor<9x40xf32>) -> tensor<9x40xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<9x65xf8E4M3FN>, tensor<65x40xf8E5M2>, tensor<f32>, tensor<f32> into tensor<9x40xf32>
  return %r : tensor<9x40xf32>
}


// IR-LABEL: func.func @bf16_odd_chunk
// IR-NOT:     x86vector
// IR:         vector.fma
// CHECK-LABEL: bf16_odd_chunk:
// CHECK-NOT:     vdpbf16ps
// CHECK:         vfmadd231ps
func.func @bf16_odd_chunk(%a: tensor<9x65xf8E4M3FN>, %b: tensor<65x40xf8E5M2>, %s: tensor<f32>, %c: tensor<9x40xf32>) -> tensor<9x40xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 13} : tensor<9x65xf8E4M3FN>, tensor<65x40xf8E5M2>, tensor<f32>, tensor<f32> into tensor<9x40xf32>
  return %r : tensor<9x40xf32>
}
