// Scaled matmuls (f32 accumulation) with more rows than one register block
// and shapes that are not multiples of the kernels' tiles (M = 40, N = 80,
// K = 256, 250 and odd 251), for the avx512bf16 and amx kernels: both B
// layouts, per-tensor / per-channel / 1x128 x 128x128 / MX scales, chunks
// that pair k (64) and one that cannot (25: the FMA kernel's case), bias,
// nonzero init, and f32 / bf16 / f16 results. Checked by test/lib/Runtime
// (the bound of docs/Spec.md; bits differ from the reference's order).
// @TA@/@FA@ and @TB@/@FB@ are substituted as in ../../Reference/scaled-matmul.mlir.

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @fp8_fill_codes(memref<*x@TA@>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_codes_b(memref<*x@TB@>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_scales(memref<*xf32>, i32, i64) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_e8m0(memref<*xf8E8M0FNU>, i32, i64) attributes {llvm.emit_c_interface}
func.func private @fp8_check_scaled_matmul(tensor<*x@TA@> {bufferization.access = "read"}, tensor<*x@TB@> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32, i32, i32, i64, i32) attributes {llvm.emit_c_interface}
func.func private @fp8_check_scaled_matmul_mx(tensor<*x@TA@> {bufferization.access = "read"}, tensor<*x@TB@> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32, i32, i32, i64, i32) attributes {llvm.emit_c_interface}

func.func @codes_a(%seed: i64) -> tensor<40x256x@TA@> {
  %m = memref.alloc() : memref<40x256x@TA@>
  %u = memref.cast %m : memref<40x256x@TA@> to memref<*x@TA@>
  %format = arith.constant @FA@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes(%u, %format, %seed, %limit) : (memref<*x@TA@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<40x256x@TA@> to tensor<40x256x@TA@>
  return %t : tensor<40x256x@TA@>
}

func.func @codes_kn(%seed: i64) -> tensor<256x80x@TB@> {
  %m = memref.alloc() : memref<256x80x@TB@>
  %u = memref.cast %m : memref<256x80x@TB@> to memref<*x@TB@>
  %format = arith.constant @FB@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*x@TB@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<256x80x@TB@> to tensor<256x80x@TB@>
  return %t : tensor<256x80x@TB@>
}

func.func @codes_nk(%seed: i64) -> tensor<80x256x@TB@> {
  %m = memref.alloc() : memref<80x256x@TB@>
  %u = memref.cast %m : memref<80x256x@TB@> to memref<*x@TB@>
  %format = arith.constant @FB@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*x@TB@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<80x256x@TB@> to tensor<80x256x@TB@>
  return %t : tensor<80x256x@TB@>
}

// Positive values in [0.25, 4) for scales, init and bias.
func.func @values(%seed: i64) -> tensor<40x80xf32> {
  %m = memref.alloc() : memref<40x80xf32>
  %u = memref.cast %m : memref<40x80xf32> to memref<*xf32>
  %kind = arith.constant 0 : i32
  call @fp8_fill_scales(%u, %kind, %seed) : (memref<*xf32>, i32, i64) -> ()
  %t = bufferization.to_tensor %m restrict : memref<40x80xf32> to tensor<40x80xf32>
  return %t : tensor<40x80xf32>
}

func.func @main() {
  %fa = arith.constant @FA@ : i32
  %fb = arith.constant @FB@ : i32
  %f32 = arith.constant 0 : i32
  %f16 = arith.constant 1 : i32
  %bf16 = arith.constant 2 : i32
  %e8m0 = arith.constant 3 : i32
  %kn = arith.constant 0 : i32
  %nk = arith.constant 1 : i32
  %c0 = arith.constant 0 : i64
  %c25 = arith.constant 25 : i64
  %c64 = arith.constant 64 : i64
  %c128 = arith.constant 128 : i64
  %s1 = arith.constant 11 : i64
  %s2 = arith.constant 12 : i64
  %s3 = arith.constant 13 : i64
  %s4 = arith.constant 14 : i64
  %s5 = arith.constant 15 : i64
  %a = call @codes_a(%s1) : (i64) -> tensor<40x256x@TA@>
  %b = call @codes_kn(%s2) : (i64) -> tensor<256x80x@TB@>
  %bt = call @codes_nk(%s3) : (i64) -> tensor<80x256x@TB@>
  %init = call @values(%s4) : (i64) -> tensor<40x80xf32>
  %values = call @values(%s5) : (i64) -> tensor<40x80xf32>
  %a_u = tensor.cast %a : tensor<40x256x@TA@> to tensor<*x@TA@>
  %b_u = tensor.cast %b : tensor<256x80x@TB@> to tensor<*x@TB@>
  %bt_u = tensor.cast %bt : tensor<80x256x@TB@> to tensor<*x@TB@>
  %init_u = tensor.cast %init : tensor<40x80xf32> to tensor<*xf32>
  %zeros = arith.constant dense<0.0> : tensor<40x80xf32>
  %zeros_u = tensor.cast %zeros : tensor<40x80xf32> to tensor<*xf32>
  %no_bias = arith.constant dense<0.0> : tensor<0xf32>
  %no_bias_u = tensor.cast %no_bias : tensor<0xf32> to tensor<*xf32>
  %sa1 = arith.constant dense<0.75> : tensor<f32>
  %sb1 = arith.constant dense<3.0e-2> : tensor<f32>
  %sa1_u = tensor.cast %sa1 : tensor<f32> to tensor<*xf32>
  %sb1_u = tensor.cast %sb1 : tensor<f32> to tensor<*xf32>

  // 1. Odd K (251: padded to even), per-tensor, one chunk, nonzero init.
  %a1 = tensor.extract_slice %a[0, 0] [40, 251] [1, 1] : tensor<40x256x@TA@> to tensor<40x251x@TA@>
  %b1 = tensor.extract_slice %b[0, 0] [251, 80] [1, 1] : tensor<256x80x@TB@> to tensor<251x80x@TB@>
  %a1_u = tensor.cast %a1 : tensor<40x251x@TA@> to tensor<*x@TA@>
  %b1_u = tensor.cast %b1 : tensor<251x80x@TB@> to tensor<*x@TB@>
  %r1 = fp8.scaled_matmul %a1, %b1 scales(%sa1, %sb1) into %init : tensor<40x251x@TA@>, tensor<251x80x@TB@>, tensor<f32>, tensor<f32> into tensor<40x80xf32>
  %r1_u = tensor.cast %r1 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a1_u, %b1_u, %sa1_u, %sb1_u, %no_bias_u, %init_u, %r1_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 2. Per-channel scales, B as [N, K], chunk 64.
  %sa2 = tensor.extract_slice %values[0, 0] [40, 1] [1, 1] : tensor<40x80xf32> to tensor<40x1xf32>
  %sb2r = tensor.extract_slice %values[1, 0] [1, 80] [1, 1] : tensor<40x80xf32> to tensor<1x80xf32>
  %sb2v = tensor.collapse_shape %sb2r [[0, 1]] : tensor<1x80xf32> into tensor<80xf32>
  %sb2 = tensor.expand_shape %sb2v [[0, 1]] output_shape [80, 1] : tensor<80xf32> into tensor<80x1xf32>
  %sa2_u = tensor.cast %sa2 : tensor<40x1xf32> to tensor<*xf32>
  %sb2_u = tensor.cast %sb2 : tensor<80x1xf32> to tensor<*xf32>
  %r2 = fp8.scaled_matmul %a, %bt scales(%sa2, %sb2) into %zeros {b_layout = #fp8.layout<nk>, chunk = 64} : tensor<40x256x@TA@>, tensor<80x256x@TB@>, tensor<40x1xf32>, tensor<80x1xf32> into tensor<40x80xf32>
  %r2_u = tensor.cast %r2 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %bt_u, %sa2_u, %sb2_u, %no_bias_u, %zeros_u, %r2_u, %fa, %fb, %f32, %f32, %nk, %f32, %c64, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 3. DeepGEMM blocks (1x128 for A, 128x128 for B as [N, K]), promotion
  //    at every block, bias, bf16 result.
  %sa3 = tensor.extract_slice %values[0, 0] [40, 2] [1, 1] : tensor<40x80xf32> to tensor<40x2xf32>
  %sb3 = tensor.extract_slice %values[2, 0] [1, 2] [1, 1] : tensor<40x80xf32> to tensor<1x2xf32>
  %bias3r = tensor.extract_slice %values[3, 0] [1, 80] [1, 1] : tensor<40x80xf32> to tensor<1x80xf32>
  %bias3 = tensor.collapse_shape %bias3r [[0, 1]] : tensor<1x80xf32> into tensor<80xf32>
  %sa3_u = tensor.cast %sa3 : tensor<40x2xf32> to tensor<*xf32>
  %sb3_u = tensor.cast %sb3 : tensor<1x2xf32> to tensor<*xf32>
  %bias3_u = tensor.cast %bias3 : tensor<80xf32> to tensor<*xf32>
  %eb = tensor.empty() : tensor<40x80xbf16>
  %zb = arith.constant 0.0 : bf16
  %zeros_b = linalg.fill ins(%zb : bf16) outs(%eb : tensor<40x80xbf16>) -> tensor<40x80xbf16>
  %r3 = fp8.scaled_matmul %a, %bt scales(%sa3, %sb3) bias(%bias3 : tensor<80xf32>) into %zeros_b {b_layout = #fp8.layout<nk>} : tensor<40x256x@TA@>, tensor<80x256x@TB@>, tensor<40x2xf32>, tensor<1x2xf32> into tensor<40x80xbf16>
  %ef = tensor.empty() : tensor<40x80xf32>
  %w3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%r3 : tensor<40x80xbf16>) outs(%ef : tensor<40x80xf32>) {
  ^bb0(%x: bf16, %o: f32):
    %xw = arith.extf %x : bf16 to f32
    linalg.yield %xw : f32
  } -> tensor<40x80xf32>
  %r3_u = tensor.cast %w3 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %bt_u, %sa3_u, %sb3_u, %bias3_u, %zeros_u, %r3_u, %fa, %fb, %f32, %f32, %nk, %f32, %c0, %bf16) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 4. MX: 1x32 E8M0 blocks along K (promotion every 32), f16 result.
  %sa4m = memref.alloc() : memref<40x8xf8E8M0FNU>
  %sb4m = memref.alloc() : memref<8x80xf8E8M0FNU>
  %sa4mu = memref.cast %sa4m : memref<40x8xf8E8M0FNU> to memref<*xf8E8M0FNU>
  %sb4mu = memref.cast %sb4m : memref<8x80xf8E8M0FNU> to memref<*xf8E8M0FNU>
  call @fp8_fill_e8m0(%sa4mu, %e8m0, %s1) : (memref<*xf8E8M0FNU>, i32, i64) -> ()
  call @fp8_fill_e8m0(%sb4mu, %e8m0, %s2) : (memref<*xf8E8M0FNU>, i32, i64) -> ()
  %sa4 = bufferization.to_tensor %sa4m restrict : memref<40x8xf8E8M0FNU> to tensor<40x8xf8E8M0FNU>
  %sb4 = bufferization.to_tensor %sb4m restrict : memref<8x80xf8E8M0FNU> to tensor<8x80xf8E8M0FNU>
  %sa4_u = tensor.cast %sa4 : tensor<40x8xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  %sb4_u = tensor.cast %sb4 : tensor<8x80xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  %eh = tensor.empty() : tensor<40x80xf16>
  %zh = arith.constant 0.0 : f16
  %zeros_h = linalg.fill ins(%zh : f16) outs(%eh : tensor<40x80xf16>) -> tensor<40x80xf16>
  %r4 = fp8.scaled_matmul %a, %b scales(%sa4, %sb4) into %zeros_h : tensor<40x256x@TA@>, tensor<256x80x@TB@>, tensor<40x8xf8E8M0FNU>, tensor<8x80xf8E8M0FNU> into tensor<40x80xf16>
  %w4 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%r4 : tensor<40x80xf16>) outs(%ef : tensor<40x80xf32>) {
  ^bb0(%x: f16, %o: f32):
    %xw = arith.extf %x : f16 to f32
    linalg.yield %xw : f32
  } -> tensor<40x80xf32>
  %r4_u = tensor.cast %w4 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul_mx(%a_u, %b_u, %sa4_u, %sb4_u, %no_bias_u, %zeros_u, %r4_u, %fa, %fb, %e8m0, %e8m0, %kn, %f32, %c0, %f16) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf8E8M0FNU>, tensor<*xf8E8M0FNU>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 5. K = 250 with chunk 25 (odd: no pairs of k, the FMA kernel's case)
  //    and with chunk 128 (the last chunk partial and padded).
  %a5 = tensor.extract_slice %a[0, 0] [40, 250] [1, 1] : tensor<40x256x@TA@> to tensor<40x250x@TA@>
  %b5 = tensor.extract_slice %b[0, 0] [250, 80] [1, 1] : tensor<256x80x@TB@> to tensor<250x80x@TB@>
  %a5_u = tensor.cast %a5 : tensor<40x250x@TA@> to tensor<*x@TA@>
  %b5_u = tensor.cast %b5 : tensor<250x80x@TB@> to tensor<*x@TB@>
  %r5 = fp8.scaled_matmul %a5, %b5 scales(%sa1, %sb1) into %zeros {chunk = 25} : tensor<40x250x@TA@>, tensor<250x80x@TB@>, tensor<f32>, tensor<f32> into tensor<40x80xf32>
  %r5_u = tensor.cast %r5 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r5_u, %fa, %fb, %f32, %f32, %kn, %f32, %c25, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()
  %r6 = fp8.scaled_matmul %a5, %b5 scales(%sa1, %sb1) into %init {chunk = 128} : tensor<40x250x@TA@>, tensor<250x80x@TB@>, tensor<f32>, tensor<f32> into tensor<40x80xf32>
  %r6_u = tensor.cast %r6 : tensor<40x80xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %init_u, %r6_u, %fa, %fb, %f32, %f32, %kn, %f32, %c128, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()
  return
}
