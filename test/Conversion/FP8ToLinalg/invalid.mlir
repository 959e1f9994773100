// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file -verify-diagnostics

// The memref forms of the DPS ops come from bufferization, which runs after
// convert-fp8-to-linalg: the pass rejects them with a reason.

func.func @quantize_memref(%x: memref<16xf32>, %s: memref<f32>, %i: memref<16xf8E4M3FN>) {
  // expected-error @+1 {{'fp8.quantize' op on memrefs is not lowered by convert-fp8-to-linalg; run the pass before bufferization}}
  fp8.quantize %x, %s into %i : memref<16xf32>, memref<f32> into memref<16xf8E4M3FN>
  return
}

// -----

func.func @dequantize_memref(%q: memref<16xf8E4M3FN>, %s: memref<f32>, %i: memref<16xf32>) {
  // expected-error @+1 {{'fp8.dequantize' op on memrefs is not lowered by convert-fp8-to-linalg}}
  fp8.dequantize %q, %s into %i : memref<16xf8E4M3FN>, memref<f32> into memref<16xf32>
  return
}

// -----

func.func @dynamic_quantize_memref(%x: memref<4x256xf32>, %q: memref<4x256xf8E5M2>, %s: memref<4x1xf32>) {
  // expected-error @+1 {{'fp8.dynamic_quantize' op on memrefs is not lowered by convert-fp8-to-linalg}}
  fp8.dynamic_quantize %x into %q, %s : memref<4x256xf32> into memref<4x256xf8E5M2>, memref<4x1xf32>
  return
}

// -----

func.func @scaled_matmul_memref(%a: memref<16x32xf8E4M3FN>, %b: memref<32x16xf8E4M3FN>, %s: memref<f32>, %c: memref<16x16xf32>) {
  // expected-error @+1 {{'fp8.scaled_matmul' op on memrefs is not lowered by convert-fp8-to-linalg}}
  fp8.scaled_matmul %a, %b scales(%s, %s) into %c : memref<16x32xf8E4M3FN>, memref<32x16xf8E4M3FN>, memref<f32>, memref<f32> into memref<16x16xf32>
  return
}

// -----

func.func @batch_scaled_matmul_memref(%a: memref<2x16x32xf8E4M3FN>, %b: memref<2x32x16xf8E4M3FN>, %s: memref<f32>, %c: memref<2x16x16xf32>) {
  // expected-error @+1 {{'fp8.batch_scaled_matmul' op on memrefs is not lowered by convert-fp8-to-linalg}}
  fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : memref<2x16x32xf8E4M3FN>, memref<2x32x16xf8E4M3FN>, memref<f32>, memref<f32> into memref<2x16x16xf32>
  return
}

// -----

// A memref form after a tensor form in the same function: nothing is
// rewritten and the memref op is reported.
func.func @mixed_forms(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %xm: memref<16xf32>, %sm: memref<f32>, %im: memref<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  // expected-error @+1 {{'fp8.quantize' op on memrefs is not lowered by convert-fp8-to-linalg}}
  fp8.quantize %xm, %sm into %im : memref<16xf32>, memref<f32> into memref<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

