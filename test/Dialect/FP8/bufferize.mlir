// RUN: fp8-opt %s -one-shot-bufferize="bufferize-function-boundaries" -split-input-file | FileCheck %s

// Bufferization turns each DPS op into its memref form (no result) writing
// into the buffer of its init; fp8.observe aliases its operand.

// CHECK-LABEL: func.func @quantize(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<4x256xf32, strided<[?, ?], offset: ?>>, %[[S:[a-z0-9_]+]]: memref<4x2xf32, strided<[?, ?], offset: ?>>, %[[I:[a-z0-9_]+]]: memref<4x256xf8E4M3FN, strided<[?, ?], offset: ?>>)
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         fp8.quantize %[[X]], %[[S]] into %[[I]] : memref<4x256xf32, {{.+}}>, memref<4x2xf32, {{.+}}> into memref<4x256xf8E4M3FN, {{.+}}>
// CHECK-NEXT:    return %[[I]]
func.func @quantize(%x: tensor<4x256xf32>, %s: tensor<4x2xf32>, %i: tensor<4x256xf8E4M3FN>) -> tensor<4x256xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<4x256xf32>, tensor<4x2xf32> into tensor<4x256xf8E4M3FN>
  return %q : tensor<4x256xf8E4M3FN>
}

// -----

// An init from tensor.empty becomes an allocation; the seed operand passes
// through unchanged.
// CHECK-LABEL: func.func @quantize_empty_init(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<16xf32, {{.+}}>, %[[S:[a-z0-9_]+]]: memref<f32, {{.+}}>, %[[SEED:[a-z0-9_]+]]: i64)
// CHECK:         %[[ALLOC:.+]] = memref.alloc() {{.*}}: memref<16xf8E5M2>
// CHECK-NOT:     memref.copy
// CHECK:         fp8.quantize %[[X]], %[[S]] seed(%[[SEED]] : i64) into %[[ALLOC]] {rounding = #fp8.rounding<stochastic>} : memref<16xf32, {{.+}}>, memref<f32, {{.+}}> into memref<16xf8E5M2>
// CHECK:         return %[[ALLOC]]
func.func @quantize_empty_init(%x: tensor<16xf32>, %s: tensor<f32>, %seed: i64) -> tensor<16xf8E5M2> {
  %i = tensor.empty() : tensor<16xf8E5M2>
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E5M2>
  return %q : tensor<16xf8E5M2>
}

// -----

// The init is still used after the op: quantize writes a new buffer, and
// since it does not read its init, nothing is copied into it.
// CHECK-LABEL: func.func @quantize_init_conflict(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<16xf32, {{.+}}>, %[[S:[a-z0-9_]+]]: memref<f32, {{.+}}>, %[[I:[a-z0-9_]+]]: memref<16xf8E4M3FN, {{.+}}>)
// CHECK:         %[[ALLOC:.+]] = memref.alloc() {{.*}}: memref<16xf8E4M3FN>
// CHECK-NOT:     memref.copy
// CHECK:         fp8.quantize %[[X]], %[[S]] into %[[ALLOC]]
// CHECK-NOT:     memref.copy
// CHECK:         return %[[ALLOC]], %[[I]]
func.func @quantize_init_conflict(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> (tensor<16xf8E4M3FN>, tensor<16xf8E4M3FN>) {
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q, %i : tensor<16xf8E4M3FN>, tensor<16xf8E4M3FN>
}

// -----

// CHECK-LABEL: func.func @dequantize(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: memref<4x256xf8E4M3FN, {{.+}}>, %[[S:[a-z0-9_]+]]: memref<4x1xf32, {{.+}}>, %[[I:[a-z0-9_]+]]: memref<4x256xbf16, {{.+}}>)
// CHECK-NOT:     memref.copy
// CHECK:         fp8.dequantize %[[Q]], %[[S]] into %[[I]] : memref<4x256xf8E4M3FN, {{.+}}>, memref<4x1xf32, {{.+}}> into memref<4x256xbf16, {{.+}}>
// CHECK-NEXT:    return %[[I]]
func.func @dequantize(%q: tensor<4x256xf8E4M3FN>, %s: tensor<4x1xf32>, %i: tensor<4x256xbf16>) -> tensor<4x256xbf16> {
  %x = fp8.dequantize %q, %s into %i : tensor<4x256xf8E4M3FN>, tensor<4x1xf32> into tensor<4x256xbf16>
  return %x : tensor<4x256xbf16>
}

// -----

// Both inits of dynamic_quantize bufferize; no copies.
// CHECK-LABEL: func.func @dynamic_quantize(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<4x256xf32, {{.+}}>)
// CHECK-DAG:     %[[Q:.+]] = memref.alloc() {{.*}}: memref<4x256xf8E4M3FN>
// CHECK-DAG:     %[[S:.+]] = memref.alloc() {{.*}}: memref<4x2xf8E8M0FNU>
// CHECK-NOT:     memref.copy
// CHECK:         fp8.dynamic_quantize %[[X]] into %[[Q]], %[[S]] {pow2_scale = true} : memref<4x256xf32, {{.+}}> into memref<4x256xf8E4M3FN>, memref<4x2xf8E8M0FNU>
// CHECK:         return %[[Q]], %[[S]]
func.func @dynamic_quantize(%x: tensor<4x256xf32>) -> (tensor<4x256xf8E4M3FN>, tensor<4x2xf8E8M0FNU>) {
  %qi = tensor.empty() : tensor<4x256xf8E4M3FN>
  %si = tensor.empty() : tensor<4x2xf8E8M0FNU>
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {pow2_scale = true} : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x2xf8E8M0FNU>
  return %q, %s : tensor<4x256xf8E4M3FN>, tensor<4x2xf8E8M0FNU>
}

// -----

// CHECK-LABEL: func.func @scaled_matmul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: memref<64x128xf8E4M3FN, {{.+}}>, %[[B:[a-z0-9_]+]]: memref<32x128xf8E5M2, {{.+}}>, %[[SA:[a-z0-9_]+]]: memref<64x1xf32, {{.+}}>, %[[SB:[a-z0-9_]+]]: memref<32x1xf32, {{.+}}>, %[[BIAS:[a-z0-9_]+]]: memref<32xf32, {{.+}}>, %[[C:[a-z0-9_]+]]: memref<64x32xbf16, {{.+}}>)
// CHECK-NOT:     memref.alloc
// CHECK:         fp8.scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %[[SB]]) bias(%[[BIAS]] : memref<32xf32, {{.+}}>) into %[[C]] {b_layout = #fp8.layout<nk>, chunk = 64 : i64}
// CHECK-NEXT:    return %[[C]]
func.func @scaled_matmul(%a: tensor<64x128xf8E4M3FN>, %b: tensor<32x128xf8E5M2>, %sa: tensor<64x1xf32>, %sb: tensor<32x1xf32>, %bias: tensor<32xf32>, %c: tensor<64x32xbf16>) -> tensor<64x32xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<32xf32>) into %c {b_layout = #fp8.layout<nk>, chunk = 64 : i64} : tensor<64x128xf8E4M3FN>, tensor<32x128xf8E5M2>, tensor<64x1xf32>, tensor<32x1xf32> into tensor<64x32xbf16>
  return %r : tensor<64x32xbf16>
}

// -----

// scaled_matmul accumulates into its init: when the init is still needed,
// the new buffer is a copy of it.
// CHECK-LABEL: func.func @scaled_matmul_init_conflict(
// CHECK-SAME:    %[[C:[a-z0-9_]+]]: memref<16x16xf32, {{.+}}>)
// CHECK:         %[[ALLOC:.+]] = memref.alloc() {{.*}}: memref<16x16xf32>
// CHECK:         memref.copy %[[C]], %[[ALLOC]]
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %[[ALLOC]]
// CHECK:         return %[[ALLOC]], %[[C]]
func.func @scaled_matmul_init_conflict(%a: tensor<16x32xf8E4M3FN>, %b: tensor<32x16xf8E4M3FN>, %s: tensor<f32>, %c: tensor<16x16xf32>) -> (tensor<16x16xf32>, tensor<16x16xf32>) {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<16x32xf8E4M3FN>, tensor<32x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf32>
  return %r, %c : tensor<16x16xf32>, tensor<16x16xf32>
}

// -----

// CHECK-LABEL: func.func @batch_scaled_matmul(
// CHECK-SAME:    %[[C:[a-z0-9_]+]]: memref<2x16x16xf32, {{.+}}>)
// CHECK:         fp8.batch_scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %[[C]] : memref<2x16x32xf8E4M3FN, {{.+}}>, memref<2x32x16xf8E4M3FN, {{.+}}>, memref<f32, {{.+}}>, memref<f32, {{.+}}> into memref<2x16x16xf32, {{.+}}>
// CHECK-NEXT:    return %[[C]]
func.func @batch_scaled_matmul(%a: tensor<2x16x32xf8E4M3FN>, %b: tensor<2x32x16xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x16x16xf32>) -> tensor<2x16x16xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x16x32xf8E4M3FN>, tensor<2x32x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x16x16xf32>
  return %r : tensor<2x16x16xf32>
}

// -----

// observe reads its operand's buffer in place and its result is that
// buffer: no copy, and users of the result read the same buffer.
// CHECK-LABEL: func.func @observe(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<16xf32, {{.+}}>, %[[S:[a-z0-9_]+]]: memref<f32, {{.+}}>)
// CHECK-NOT:     memref.copy
// CHECK:         fp8.observe %[[X]] {id = "x"} : memref<16xf32, {{.+}}>
// CHECK:         %[[ALLOC:.+]] = memref.alloc() {{.*}}: memref<16xf8E4M3FN>
// CHECK:         fp8.quantize %[[X]], %[[S]] into %[[ALLOC]]
// CHECK:         return %[[X]], %[[ALLOC]]
func.func @observe(%x: tensor<16xf32>, %s: tensor<f32>) -> (tensor<16xf32>, tensor<16xf8E4M3FN>) {
  %y = fp8.observe %x {id = "x"} : tensor<16xf32>
  %i = tensor.empty() : tensor<16xf8E4M3FN>
  %q = fp8.quantize %y, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %y, %q : tensor<16xf32>, tensor<16xf8E4M3FN>
}
