// RUN: fp8-opt %s -split-input-file -verify-diagnostics

// Verifier constraints (C1)..(C10) of fp8.scaled_matmul and
// fp8.batch_scaled_matmul (the other ops are in invalid.mlir).

func.func @scaled_matmul_c1_a_rank(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{'fp8.scaled_matmul' op (C1) A must be a rank-2 tensor or memref of an FP8 storage type, got 'tensor<2x64x128xf8E4M3FN>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c1_a_element_type(%a: tensor<64x128xf16>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C1) A must be a rank-2 tensor or memref of an FP8 storage type, got 'tensor<64x128xf16>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf16>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c2_b_rank(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C2) B must be a rank-2 tensor or memref of an FP8 storage type, got 'tensor<128xf8E4M3FN>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c2_b_element_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xi8>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C2) B must be a rank-2 tensor or memref of an FP8 storage type, got 'tensor<128x32xi8>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xi8>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c3_result_element_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf8E4M3FN>) {
  // expected-error @+1 {{(C3) the result must be a rank-2 tensor or memref of f32, bf16 or f16, got 'tensor<64x32xf8E4M3FN>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf8E4M3FN>
  return
}

// -----

func.func @scaled_matmul_c3_result_rank(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2048xf32>) {
  // expected-error @+1 {{(C3) the result must be a rank-2 tensor or memref of f32, bf16 or f16, got 'tensor<2048xf32>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2048xf32>
  return
}

// -----

func.func @scaled_matmul_c4_k_mismatch(%a: tensor<64x128xf8E4M3FN>, %b: tensor<64x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C4) K of A (128) and K of B (64) differ (B layout kn)}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<64x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

// With b_layout = nk, B is [N, K]: a [K, N] operand is rejected.
func.func @scaled_matmul_c4_k_mismatch_nk(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C4) K of A (128) and K of B (32) differ (B layout nk)}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {b_layout = #fp8.layout<nk>} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c4_m_mismatch(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<16x32xf32>) {
  // expected-error @+1 {{(C4) the result shape 'tensor<16x32xf32>' is not [M, N] for A 'tensor<64x128xf8E4M3FN>' and B 'tensor<128x32xf8E4M3FN>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x32xf32>
  return
}

// -----

func.func @scaled_matmul_c4_n_mismatch(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x16xf32>) {
  // expected-error @+1 {{(C4) the result shape 'tensor<64x16xf32>' is not [M, N]}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x16xf32>
  return
}

// -----

func.func @scaled_matmul_c5_scale_a_element_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<f16>, %sb: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C5) scale_a element type must be f32 or f8E8M0FNU, got 'f16'}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f16>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c5_scale_a_rank(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<64xf32>, %sb: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C5) scale_a has rank 1 but the data has rank 2}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<64xf32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c5_scale_b_not_dividing(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<1x3xf32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C5) scale_b dimension 1 (3) does not divide the data dimension (32)}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<1x3xf32> into tensor<64x32xf32>
  return
}

// -----

// scale_b follows B's own layout: with nk, a [1, N] scale is not per-column.
func.func @scaled_matmul_c5_scale_b_layout(%a: tensor<64x128xf8E4M3FN>, %b: tensor<48x128xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<1x48xf32>, %c: tensor<64x48xf32>) {
  // expected-error @+1 {{(C5) scale_b dimension 1 (48) does not divide the data dimension (128)}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>} : tensor<64x128xf8E4M3FN>, tensor<48x128xf8E4M3FN>, tensor<f32>, tensor<1x48xf32> into tensor<64x48xf32>
  return
}

// -----

func.func @scaled_matmul_c5_dynamic_scale(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<?x1xf32>, %sb: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C5) scale_a dimension 0 is dynamic but the data dimension is 64}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<?x1xf32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c6_acc_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C6) acc_type must be f32, f16 or bf16, got 'f64'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = f64} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c6_acc_type_integer(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C6) acc_type must be f32, f16 or bf16, got 'i32'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = i32} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c7_negative_chunk(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C7) chunk must be >= 0 (0: never promote), got -1}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = -1 : i64} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c8_k_blocks_differ(%a: tensor<64x256xf8E4M3FN>, %b: tensor<256x32xf8E4M3FN>, %sa: tensor<64x2xf32>, %sb: tensor<4x1xf32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C8) scale_a and scale_b block K differently (128 and 64 elements); K blocks must be equal when both vary along K}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x256xf8E4M3FN>, tensor<256x32xf8E4M3FN>, tensor<64x2xf32>, tensor<4x1xf32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c8_chunk_not_dividing_block(%a: tensor<64x256xf8E4M3FN>, %b: tensor<256x32xf8E4M3FN>, %sa: tensor<64x2xf32>, %sb: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C8) chunk (96) must divide the K block of the scales (128) so that block scales apply at promotion}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 96 : i64} : tensor<64x256xf8E4M3FN>, tensor<256x32xf8E4M3FN>, tensor<64x2xf32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

// A chunk longer than the K block of the scales would skip block boundaries.
func.func @scaled_matmul_c8_chunk_longer_than_block(%a: tensor<32x256xf8E4M3FN>, %b: tensor<64x256xf8E4M3FN>, %sa: tensor<32x8xf8E8M0FNU>, %sb: tensor<64x8xf8E8M0FNU>, %c: tensor<32x64xf32>) {
  // expected-error @+1 {{(C8) chunk (64) must divide the K block of the scales (32)}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 64 : i64} : tensor<32x256xf8E4M3FN>, tensor<64x256xf8E4M3FN>, tensor<32x8xf8E8M0FNU>, tensor<64x8xf8E8M0FNU> into tensor<32x64xf32>
  return
}

// -----

func.func @scaled_matmul_c9_bias_rank(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %bias: tensor<1x32xf32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C9) bias must be a rank-1 tensor or memref of N f32, bf16 or f16 values, got 'tensor<1x32xf32>' for N = 32}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) bias(%bias : tensor<1x32xf32>) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c9_bias_size(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %bias: tensor<64xf32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C9) bias must be a rank-1 tensor or memref of N f32, bf16 or f16 values, got 'tensor<64xf32>' for N = 32}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) bias(%bias : tensor<64xf32>) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c9_bias_element_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %bias: tensor<32xf8E4M3FN>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C9) bias must be a rank-1 tensor or memref of N f32, bf16 or f16 values, got 'tensor<32xf8E4M3FN>'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) bias(%bias : tensor<32xf8E4M3FN>) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c10_mix(%a: tensor<64x128xf8E4M3FN>, %b: memref<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C10) operands must be all tensors or all memrefs, not a mix}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, memref<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_c10_memref_bias(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %bias: memref<32xf32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{(C10) operands must be all tensors or all memrefs, not a mix}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) bias(%bias : memref<32xf32>) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_unknown_layout(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+2 {{expected ::mlir::fp8::MatrixLayout to be one of: kn, nk}}
  // expected-error @+1 {{failed to parse FP8_MatrixLayoutAttr parameter 'value'}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {b_layout = #fp8.layout<mk>} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

// -----

func.func @scaled_matmul_acc_type_not_type(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x32xf32>) {
  // expected-error @+1 {{attribute 'acc_type' failed to satisfy constraint: any type attribute}}
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = "f16"} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return
}

//===----------------------------------------------------------------------===//
// fp8.batch_scaled_matmul
//===----------------------------------------------------------------------===//

// -----

func.func @batch_scaled_matmul_c1_a_rank(%a: tensor<64x128xf8E4M3FN>, %b: tensor<2x128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x64x32xf32>) {
  // expected-error @+1 {{'fp8.batch_scaled_matmul' op (C1) A must be a rank-3 tensor or memref of an FP8 storage type, got 'tensor<64x128xf8E4M3FN>'}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<2x128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x64x32xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c4_batch_b(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<3x128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x64x32xf32>) {
  // expected-error @+1 {{(C4) batch sizes of A 'tensor<2x64x128xf8E4M3FN>', B 'tensor<3x128x32xf8E4M3FN>' and the result 'tensor<2x64x32xf32>' differ}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x64x128xf8E4M3FN>, tensor<3x128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x64x32xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c4_batch_result(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<?x128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<4x64x32xf32>) {
  // expected-error @+1 {{(C4) batch sizes of A}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x64x128xf8E4M3FN>, tensor<?x128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x64x32xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c4_result_shape(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<2x128x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x32x64xf32>) {
  // expected-error @+1 {{(C4) the result shape 'tensor<2x32x64xf32>' is not [B, M, N] for A 'tensor<2x64x128xf8E4M3FN>' and B 'tensor<2x128x32xf8E4M3FN>'}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x64x128xf8E4M3FN>, tensor<2x128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x32x64xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c5_scale_rank(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<2x128x32xf8E4M3FN>, %sa: tensor<64x1xf32>, %sb: tensor<f32>, %c: tensor<2x64x32xf32>) {
  // expected-error @+1 {{(C5) scale_a has rank 2 but the data has rank 3}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<2x64x128xf8E4M3FN>, tensor<2x128x32xf8E4M3FN>, tensor<64x1xf32>, tensor<f32> into tensor<2x64x32xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c9_bias(%a: tensor<2x64x128xf8E4M3FN>, %b: tensor<2x128x32xf8E4M3FN>, %s: tensor<f32>, %bias: tensor<2x32xf32>, %c: tensor<2x64x32xf32>) {
  // expected-error @+1 {{(C9) bias must be a rank-1 tensor or memref of N f32, bf16 or f16 values, got 'tensor<2x32xf32>' for N = 32}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) bias(%bias : tensor<2x32xf32>) into %c : tensor<2x64x128xf8E4M3FN>, tensor<2x128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x64x32xf32>
  return
}

// -----

func.func @batch_scaled_matmul_c10_mix(%a: memref<2x64x128xf8E4M3FN>, %b: memref<2x128x32xf8E4M3FN>, %s: memref<f32>, %c: tensor<2x64x32xf32>) {
  // expected-error @+1 {{(C10) operands must be all tensors or all memrefs, not a mix}}
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : memref<2x64x128xf8E4M3FN>, memref<2x128x32xf8E4M3FN>, memref<f32>, memref<f32> into tensor<2x64x32xf32>
  return
}
