// target=amx compiled for a Sapphire Rapids class machine (from any machine:
// check-host-cpu=false): the f32-accumulation kernel multiplies bf16 tiles
// (TDPBF16PS) into 2 x 2 accumulator tiles that stay in tile registers over
// the k loop, configured once (ldtilecfg); A tiles are rows of K bf16
// (stride 2K bytes), B tiles 16 pairs of k x 16 columns (rows of 128 bytes
// in the packed panels), and the chunk sums go through a 32 x 32 f32 scratch
// buffer (rows of 128 bytes) for promotion. Few rows and chunks that are
// not multiples of 32 keep the FMA kernel.
//
// RUN: fp8-opt %s --fp8-cpu-pipeline="target=amx check-host-cpu=false" | mlir-translate --mlir-to-llvmir | llc -O2 -mtriple=x86_64-unknown-linux-gnu -mattr=+amx-tile,+amx-bf16,+avx512f,+avx512bw,+avx512vl,+avx512dq,+avx512bf16,+avx512fp16,+f16c | FileCheck %s
//
// A CPU without AMX refuses to compile code it would run:
// RUN: not fp8-opt %s --fp8-cpu-pipeline=target=amx -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// UNSUPPORTED: amx


// CHECK-LABEL: amx_tiles:
// CHECK:         ldtilecfg
// CHECK:         tilezero
// CHECK:       [[LOOP:.LBB[0-9_]+]]:
// CHECK:         tileloadd
// CHECK-COUNT-4: tdpbf16ps
// CHECK:         j{{[a-z]+}} [[LOOP]]
// CHECK:         tilestored
// CHECK:         tilerelease

// MISSING: error: fp8-cpu-pipeline: target 'amx' needs the CPU feature 'amx-bf16', which this CPU does not have; use host or generic
func.func @amx_tiles(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x64xf8E5M2>, %s: tensor<f32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x64xf8E5M2>, tensor<f32>, tensor<f32> into tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}


// CHECK-LABEL: amx_odd_chunk:
// CHECK-NOT:     tdpbf16ps
// CHECK:         vfmadd231ps
func.func @amx_odd_chunk(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x64xf8E5M2>, %s: tensor<f32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 48} : tensor<64x128xf8E4M3FN>, tensor<128x64xf8E5M2>, tensor<f32>, tensor<f32> into tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}
