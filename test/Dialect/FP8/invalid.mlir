// RUN: fp8-opt %s -split-input-file -verify-diagnostics

// One case per verifier constraint (C1), (C2), ... of every fp8 op, plus
// malformed attributes and types. Each function is named after the
// constraint that it breaks.

//===----------------------------------------------------------------------===//
// fp8.quantize
//===----------------------------------------------------------------------===//

func.func @quantize_c1_input_element_type(%x: tensor<16xf64>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{'fp8.quantize' op (C1) input element type must be f32, f16 or bf16, got 'f64'}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf64>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c1_fp8_input(%x: tensor<16xf8E5M2>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C1) input element type must be f32, f16 or bf16, got 'f8E5M2'}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf8E5M2>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c2_result_element_type(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf16>) {
  // expected-error @+1 {{(C2) result element type must be an FP8 storage type (f8E4M3FN, f8E5M2, f8E3M4, !fp8.e3m4fn, f8E4M3FNUZ, f8E5M2FNUZ, f8E4M3, f8E4M3B11FNUZ), got 'f16'}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf16>
  return
}

// -----

// f8E8M0FNU is a scale type, not an FP8 storage type.
func.func @quantize_c2_e8m0_result(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E8M0FNU>) {
  // expected-error @+1 {{(C2) result element type must be an FP8 storage type}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E8M0FNU>
  return
}

// -----

func.func @quantize_c2_i8_result(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xi8>) {
  // expected-error @+1 {{(C2) result element type must be an FP8 storage type}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xi8>
  return
}

// -----

func.func @quantize_c3_shape(%x: tensor<4x16xf32>, %s: tensor<f32>, %i: tensor<4x8xf8E4M3FN>) {
  // expected-error @+1 {{(C3) input shape 'tensor<4x16xf32>' and result shape 'tensor<4x8xf8E4M3FN>' differ}}
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<f32> into tensor<4x8xf8E4M3FN>
  return
}

// -----

func.func @quantize_c3_rank(%x: tensor<64xf32>, %s: tensor<f32>, %i: tensor<4x16xf8E4M3FN>) {
  // expected-error @+1 {{(C3) input shape 'tensor<64xf32>' and result shape 'tensor<4x16xf8E4M3FN>' differ}}
  %q = fp8.quantize %x, %s into %i : tensor<64xf32>, tensor<f32> into tensor<4x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_scale_element_type(%x: tensor<16xf32>, %s: tensor<f16>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale element type must be f32 or f8E8M0FNU, got 'f16'}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f16> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_scale_rank(%x: tensor<4x16xf32>, %s: tensor<4xf32>, %i: tensor<4x16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale has rank 1 but the data has rank 2; the block-broadcast rule needs rank 0 or equal ranks}}
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<4xf32> into tensor<4x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_scale_not_dividing(%x: tensor<4x256xf32>, %s: tensor<4x3xf32>, %i: tensor<4x256xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale dimension 1 (3) does not divide the data dimension (256)}}
  %q = fp8.quantize %x, %s into %i : tensor<4x256xf32>, tensor<4x3xf32> into tensor<4x256xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_scale_larger_than_data(%x: tensor<4x16xf32>, %s: tensor<8x1xf32>, %i: tensor<4x16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale dimension 0 (8) does not divide the data dimension (4)}}
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<8x1xf32> into tensor<4x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_scale_zero_size(%x: tensor<4x16xf32>, %s: tensor<4x0xf32>, %i: tensor<4x16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale dimension 1 (0) does not divide the data dimension (16)}}
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<4x0xf32> into tensor<4x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_dynamic_scale_static_data(%x: tensor<4x16xf32>, %s: tensor<?x1xf32>, %i: tensor<4x16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale dimension 0 is dynamic but the data dimension is 4; a dynamic scale dimension needs a dynamic data dimension (one scale per element)}}
  %q = fp8.quantize %x, %s into %i : tensor<4x16xf32>, tensor<?x1xf32> into tensor<4x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c4_static_scale_dynamic_data(%x: tensor<?x16xf32>, %s: tensor<2x1xf32>, %i: tensor<?x16xf8E4M3FN>) {
  // expected-error @+1 {{(C4) scale dimension 0 is 2 but the data dimension is dynamic; use 1 (broadcast) or a dynamic size (one per element)}}
  %q = fp8.quantize %x, %s into %i : tensor<?x16xf32>, tensor<2x1xf32> into tensor<?x16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c5_stochastic_without_seed(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C5) stochastic rounding needs exactly one seed: the `seed` attribute or a `seed(%s : i64)` operand}}
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c5_stochastic_two_seeds(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %seed: i64) {
  // expected-error @+1 {{(C5) stochastic rounding needs exactly one seed}}
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>, seed = 1 : i64} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c5_seed_attr_without_stochastic(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C5) a seed is only allowed with stochastic rounding}}
  %q = fp8.quantize %x, %s into %i {seed = 1 : i64} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c5_seed_operand_without_stochastic(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %seed: i64) {
  // expected-error @+1 {{(C5) a seed is only allowed with stochastic rounding}}
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<toward_zero>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c6_tensor_into_memref(%x: tensor<16xf32>, %s: tensor<f32>, %i: memref<16xf8E4M3FN>) {
  // expected-error @+1 {{(C6) operands must be all tensors or all memrefs, not a mix}}
  fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into memref<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_c6_memref_scale(%x: tensor<16xf32>, %s: memref<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C6) operands must be all tensors or all memrefs, not a mix}}
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, memref<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_seed_not_integer(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %seed: f32) {
  // expected-error @+1 {{operand #2 must be signless integer, but got 'f32'}}
  %q = fp8.quantize %x, %s seed(%seed : f32) into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_vector_operand(%x: vector<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of any type values or memref of any type values, but got 'vector<16xf32>'}}
  %q = fp8.quantize %x, %s into %i : vector<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_unranked(%x: tensor<*xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of any type values or memref of any type values, but got 'tensor<*xf32>'}}
  %q = fp8.quantize %x, %s into %i : tensor<*xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_unknown_rounding(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+2 {{expected ::mlir::fp8::Rounding to be one of: nearest_even, stochastic, toward_zero}}
  // expected-error @+1 {{failed to parse FP8_RoundingAttr parameter 'value'}}
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<nearest_odd>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_rounding_not_enum(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{attribute 'rounding' failed to satisfy constraint: rounding onto the FP8 grid}}
  %q = fp8.quantize %x, %s into %i {rounding = 1 : i32} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return
}

// -----

func.func @quantize_result_type_mismatch(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{'fp8.quantize' op expected type of operand #2 ('tensor<16xf8E4M3FN>') to match type of corresponding result ('tensor<16xf8E5M2>')}}
  %q = "fp8.quantize"(%x, %s, %i) : (tensor<16xf32>, tensor<f32>, tensor<16xf8E4M3FN>) -> tensor<16xf8E5M2>
  return
}

// -----

func.func @quantize_memref_with_result(%x: memref<16xf32>, %s: memref<f32>, %i: memref<16xf8E4M3FN>) {
  // expected-error @+1 {{'fp8.quantize' op result #0 must be ranked tensor of any type values, but got 'memref<16xf8E4M3FN>'}}
  %q = "fp8.quantize"(%x, %s, %i) : (memref<16xf32>, memref<f32>, memref<16xf8E4M3FN>) -> memref<16xf8E4M3FN>
  return
}

// -----

// expected-error @+1 {{type `foo` in dialect `fp8`}}
func.func @unknown_fp8_type(%x: tensor<16x!fp8.foo>) {
  return
}

//===----------------------------------------------------------------------===//
// fp8.dequantize
//===----------------------------------------------------------------------===//

// -----

func.func @dequantize_c1_input_element_type(%q: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf32>) {
  // expected-error @+1 {{'fp8.dequantize' op (C1) input element type must be an FP8 storage type, got 'f32'}}
  %x = fp8.dequantize %q, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf32>
  return
}

// -----

func.func @dequantize_c2_result_element_type(%q: tensor<16xf8E4M3FN>, %s: tensor<f32>, %i: tensor<16xf64>) {
  // expected-error @+1 {{(C2) result element type must be f32, f16 or bf16, got 'f64'}}
  %x = fp8.dequantize %q, %s into %i : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf64>
  return
}

// -----

func.func @dequantize_c2_fp8_result(%q: tensor<16xf8E4M3FN>, %s: tensor<f32>, %i: tensor<16xf8E5M2>) {
  // expected-error @+1 {{(C2) result element type must be f32, f16 or bf16, got 'f8E5M2'}}
  %x = fp8.dequantize %q, %s into %i : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf8E5M2>
  return
}

// -----

func.func @dequantize_c3_shape(%q: tensor<4x16xf8E4M3FN>, %s: tensor<f32>, %i: tensor<16x4xf32>) {
  // expected-error @+1 {{(C3) input shape 'tensor<4x16xf8E4M3FN>' and result shape 'tensor<16x4xf32>' differ}}
  %x = fp8.dequantize %q, %s into %i : tensor<4x16xf8E4M3FN>, tensor<f32> into tensor<16x4xf32>
  return
}

// -----

func.func @dequantize_c4_scale_element_type(%q: tensor<16xf8E4M3FN>, %s: tensor<bf16>, %i: tensor<16xf32>) {
  // expected-error @+1 {{(C4) scale element type must be f32 or f8E8M0FNU, got 'bf16'}}
  %x = fp8.dequantize %q, %s into %i : tensor<16xf8E4M3FN>, tensor<bf16> into tensor<16xf32>
  return
}

// -----

func.func @dequantize_c4_scale_rank(%q: tensor<4x16xf8E4M3FN>, %s: tensor<1x1x1xf32>, %i: tensor<4x16xf32>) {
  // expected-error @+1 {{(C4) scale has rank 3 but the data has rank 2}}
  %x = fp8.dequantize %q, %s into %i : tensor<4x16xf8E4M3FN>, tensor<1x1x1xf32> into tensor<4x16xf32>
  return
}

// -----

func.func @dequantize_c4_scale_not_dividing(%q: tensor<128x256xf8E4M3FN>, %s: tensor<3x2xf32>, %i: tensor<128x256xf32>) {
  // expected-error @+1 {{(C4) scale dimension 0 (3) does not divide the data dimension (128)}}
  %x = fp8.dequantize %q, %s into %i : tensor<128x256xf8E4M3FN>, tensor<3x2xf32> into tensor<128x256xf32>
  return
}

// -----

func.func @dequantize_c4_dynamic_mismatch(%q: tensor<4x?xf8E4M3FN>, %s: tensor<1x4xf32>, %i: tensor<4x?xf32>) {
  // expected-error @+1 {{(C4) scale dimension 1 is 4 but the data dimension is dynamic}}
  %x = fp8.dequantize %q, %s into %i : tensor<4x?xf8E4M3FN>, tensor<1x4xf32> into tensor<4x?xf32>
  return
}

// -----

func.func @dequantize_c5_mix(%q: memref<16xf8E4M3FN>, %s: memref<f32>, %i: tensor<16xf32>) {
  // expected-error @+1 {{(C5) operands must be all tensors or all memrefs, not a mix}}
  %x = fp8.dequantize %q, %s into %i : memref<16xf8E4M3FN>, memref<f32> into tensor<16xf32>
  return
}

//===----------------------------------------------------------------------===//
// fp8.dynamic_quantize
//===----------------------------------------------------------------------===//

// -----

func.func @dynamic_quantize_c1_input_element_type(%x: tensor<4x16xi32>, %qi: tensor<4x16xf8E4M3FN>, %si: tensor<4x1xf32>) {
  // expected-error @+1 {{'fp8.dynamic_quantize' op (C1) input element type must be f32, f16 or bf16, got 'i32'}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x16xi32> into tensor<4x16xf8E4M3FN>, tensor<4x1xf32>
  return
}

// -----

func.func @dynamic_quantize_c2_element_type(%x: tensor<4x16xf32>, %qi: tensor<4x16xbf16>, %si: tensor<4x1xf32>) {
  // expected-error @+1 {{(C2) quantized result element type must be an FP8 storage type, got 'bf16'}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x16xf32> into tensor<4x16xbf16>, tensor<4x1xf32>
  return
}

// -----

func.func @dynamic_quantize_c2_shape(%x: tensor<4x16xf32>, %qi: tensor<4x32xf8E4M3FN>, %si: tensor<4x1xf32>) {
  // expected-error @+1 {{(C2) input shape 'tensor<4x16xf32>' and quantized result shape 'tensor<4x32xf8E4M3FN>' differ}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x16xf32> into tensor<4x32xf8E4M3FN>, tensor<4x1xf32>
  return
}

// -----

func.func @dynamic_quantize_c3_scale_element_type(%x: tensor<4x16xf32>, %qi: tensor<4x16xf8E4M3FN>, %si: tensor<4x1xf16>) {
  // expected-error @+1 {{(C3) scale result element type must be f32 or f8E8M0FNU, got 'f16'}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x16xf32> into tensor<4x16xf8E4M3FN>, tensor<4x1xf16>
  return
}

// -----

func.func @dynamic_quantize_c3_scale_rank(%x: tensor<4x16xf32>, %qi: tensor<4x16xf8E4M3FN>, %si: tensor<4xf32>) {
  // expected-error @+1 {{(C3) scale result has rank 1 but the data has rank 2}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x16xf32> into tensor<4x16xf8E4M3FN>, tensor<4xf32>
  return
}

// -----

func.func @dynamic_quantize_c3_scale_not_dividing(%x: tensor<4x256xf32>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<4x5xf32>) {
  // expected-error @+1 {{(C3) scale result dimension 1 (5) does not divide the data dimension (256)}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x5xf32>
  return
}

// -----

func.func @dynamic_quantize_c3_dynamic_scale(%x: tensor<4x256xf32>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<4x?xf32>) {
  // expected-error @+1 {{(C3) scale result dimension 1 is dynamic but the data dimension is 256}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x?xf32>
  return
}

// -----

func.func @dynamic_quantize_c4_e8m0_needs_pow2(%x: tensor<4x256xf32>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<4x8xf8E8M0FNU>) {
  // expected-error @+1 {{(C4) f8E8M0FNU scales are powers of two: set `pow2_scale = true`}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x8xf8E8M0FNU>
  return
}

// -----

func.func @dynamic_quantize_c5_margin_too_large(%x: tensor<16xf32>, %qi: tensor<16xf8E4M3FN>, %si: tensor<f32>) {
  // expected-error @+1 {{(C5) margin must be within [-64, 64], got 65}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = 65 : i64} : tensor<16xf32> into tensor<16xf8E4M3FN>, tensor<f32>
  return
}

// -----

func.func @dynamic_quantize_c5_margin_too_small(%x: tensor<16xf32>, %qi: tensor<16xf8E4M3FN>, %si: tensor<f32>) {
  // expected-error @+1 {{(C5) margin must be within [-64, 64], got -65}}
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = -65 : i64} : tensor<16xf32> into tensor<16xf8E4M3FN>, tensor<f32>
  return
}

// -----

func.func @dynamic_quantize_c6_mix(%x: tensor<16xf32>, %qi: tensor<16xf8E4M3FN>, %si: memref<f32>) {
  // expected-error @+1 {{(C6) operands must be all tensors or all memrefs, not a mix}}
  %q = fp8.dynamic_quantize %x into %qi, %si : tensor<16xf32> into tensor<16xf8E4M3FN>, memref<f32>
  return
}

//===----------------------------------------------------------------------===//
// fp8.observe
//===----------------------------------------------------------------------===//

// -----

func.func @observe_c1_empty_id(%x: tensor<16xf32>) {
  // expected-error @+1 {{'fp8.observe' op (C1) id must be a non-empty tensor id}}
  %y = fp8.observe %x {id = ""} : tensor<16xf32>
  return
}

// -----

func.func @observe_c2_element_type(%x: tensor<16xf8E4M3FN>) {
  // expected-error @+1 {{(C2) input element type must be f32, f16 or bf16, got 'f8E4M3FN'}}
  %y = fp8.observe %x {id = "q"} : tensor<16xf8E4M3FN>
  return
}

// -----

func.func @observe_missing_id(%x: tensor<16xf32>) {
  // expected-error @+1 {{requires attribute 'id'}}
  %y = fp8.observe %x : tensor<16xf32>
  return
}

//===----------------------------------------------------------------------===//
// Discardable attributes (fp8.acc_type, fp8.chunk)
//===----------------------------------------------------------------------===//

// -----

func.func @acc_type_not_a_wide_float(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'fp8.acc_type' must be f32, f16 or bf16 (the acc_type of the fp8.scaled_matmul that fp8-fuse makes of it), got f64}}
  %r = linalg.matmul {fp8.acc_type = f64} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

func.func @acc_type_not_a_type(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'fp8.acc_type' must be f32, f16 or bf16 (the acc_type of the fp8.scaled_matmul that fp8-fuse makes of it), got "f16"}}
  %r = linalg.matmul {fp8.acc_type = "f16"} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

func.func @chunk_negative(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'linalg.matmul' op 'fp8.chunk' must be an i64 >= 0 (the chunk of the fp8.scaled_matmul that fp8-fuse makes of it; 0: one chunk), got -16 : i64}}
  %r = linalg.matmul {fp8.chunk = -16 : i64} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

func.func @chunk_not_i64(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'fp8.chunk' must be an i64 >= 0 (the chunk of the fp8.scaled_matmul that fp8-fuse makes of it; 0: one chunk), got 32 : i32}}
  %r = linalg.matmul {fp8.chunk = 32 : i32} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

func.func @unknown_discardable_attribute(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'fp8.chunks' is not an attribute of the fp8 dialect; expected fp8.acc_type, fp8.chunk, fp8.ordered_reduction or fp8.profile_ops}}
  %r = linalg.matmul {fp8.chunks = 32 : i64} ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

func.func @profile_ops_not_on_module(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'fp8.profile_ops' must be an array of strings on a module (the names of the ops that fp8-tag-profile-ops numbered), got ["fc1"]}}
  %r = tensor.cast %a {fp8.profile_ops = ["fc1"]} : tensor<4xf32> to tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// expected-error @+1 {{'fp8.profile_ops' must be an array of strings on a module (the names of the ops that fp8-tag-profile-ops numbered), got [1]}}
module attributes {fp8.profile_ops = [1]} {
}
