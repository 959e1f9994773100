// Checks the reference lowering of fp8.scaled_matmul and
// fp8.batch_scaled_matmul two ways (test/lib/Runtime): bit for bit against an
// emulation of the op's semantics, and against the exact f64 result within
// the error bound of docs/Spec.md. Every scale granularity (per-tensor,
// per-channel, 1x128 x 128x128 blocks, MX 1x32 with f8E8M0FNU), both B
// layouts, acc_type f32/f16/bf16 with several chunk sizes (one that does not
// divide K), bias, and f32/bf16/f16 results, for pairs of formats; and
// M <= 8, where the vector kernel streams B's codes instead of packing B.
//
// RUN: sed -e 's/@TA@/f8E4M3FN/g' -e 's/@FA@/0/g' -e 's/@TB@/f8E4M3FN/g' -e 's/@FB@/0/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TA@/f8E4M3FN/g' -e 's/@FA@/0/g' -e 's/@TB@/f8E5M2/g' -e 's/@FB@/1/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TA@/!fp8.e3m4fn/g' -e 's/@FA@/3/g' -e 's/@TB@/f8E4M3FN/g' -e 's/@FB@/0/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TA@/f8E4M3FNUZ/g' -e 's/@FA@/4/g' -e 's/@TB@/f8E5M2FNUZ/g' -e 's/@FB@/5/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s

// CHECK-NOT: mismatch at
// CHECK: scaled_matmul [[A:[a-z0-9]+]] x [[B:[a-z0-9]+]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=bf16 chunk=32 out=bf16: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f16 chunk=0 out=f16: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f32 chunk=128 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f32 chunk=128 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @fp8_fill_codes(memref<*x@TA@>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_codes_b(memref<*x@TB@>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_scales(memref<*xf32>, i32, i64) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_e8m0(memref<*xf8E8M0FNU>, i32, i64) attributes {llvm.emit_c_interface}
func.func private @fp8_check_scaled_matmul(tensor<*x@TA@> {bufferization.access = "read"}, tensor<*x@TB@> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32, i32, i32, i64, i32) attributes {llvm.emit_c_interface}
func.func private @fp8_check_scaled_matmul_mx(tensor<*x@TA@> {bufferization.access = "read"}, tensor<*x@TB@> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32, i32, i32, i64, i32) attributes {llvm.emit_c_interface}

// Codes with |value| <= 8, so that f16 chunk sums of 512 products stay in
// range (the error bound excludes f16 overflow).
func.func @a_codes(%seed: i64) -> tensor<16x512x@TA@> {
  %m = memref.alloc() : memref<16x512x@TA@>
  %u = memref.cast %m : memref<16x512x@TA@> to memref<*x@TA@>
  %format = arith.constant @FA@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes(%u, %format, %seed, %limit) : (memref<*x@TA@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<16x512x@TA@> to tensor<16x512x@TA@>
  return %t : tensor<16x512x@TA@>
}

func.func @b_codes_kn(%seed: i64) -> tensor<512x256x@TB@> {
  %m = memref.alloc() : memref<512x256x@TB@>
  %u = memref.cast %m : memref<512x256x@TB@> to memref<*x@TB@>
  %format = arith.constant @FB@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*x@TB@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<512x256x@TB@> to tensor<512x256x@TB@>
  return %t : tensor<512x256x@TB@>
}

func.func @b_codes_nk(%seed: i64) -> tensor<256x512x@TB@> {
  %m = memref.alloc() : memref<256x512x@TB@>
  %u = memref.cast %m : memref<256x512x@TB@> to memref<*x@TB@>
  %format = arith.constant @FB@ : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*x@TB@>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<256x512x@TB@> to tensor<256x512x@TB@>
  return %t : tensor<256x512x@TB@>
}

// Positive f32 scales (or init / bias values) in [0.25, 4).
func.func @values_16x256(%seed: i64) -> tensor<16x256xf32> {
  %m = memref.alloc() : memref<16x256xf32>
  %u = memref.cast %m : memref<16x256xf32> to memref<*xf32>
  %kind = arith.constant 0 : i32
  call @fp8_fill_scales(%u, %kind, %seed) : (memref<*xf32>, i32, i64) -> ()
  %t = bufferization.to_tensor %m restrict : memref<16x256xf32> to tensor<16x256xf32>
  return %t : tensor<16x256xf32>
}

func.func @unranked_f32(%t: tensor<16x256xf32>) -> tensor<*xf32> {
  %u = tensor.cast %t : tensor<16x256xf32> to tensor<*xf32>
  return %u : tensor<*xf32>
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
  %c32 = arith.constant 32 : i64
  %c64 = arith.constant 64 : i64
  %c128 = arith.constant 128 : i64
  %s1 = arith.constant 1 : i64
  %s2 = arith.constant 2 : i64
  %s3 = arith.constant 3 : i64
  %s4 = arith.constant 4 : i64
  %s5 = arith.constant 5 : i64
  %a = call @a_codes(%s1) : (i64) -> tensor<16x512x@TA@>
  %b = call @b_codes_kn(%s2) : (i64) -> tensor<512x256x@TB@>
  %bt = call @b_codes_nk(%s3) : (i64) -> tensor<256x512x@TB@>
  %a_u = tensor.cast %a : tensor<16x512x@TA@> to tensor<*x@TA@>
  %b_u = tensor.cast %b : tensor<512x256x@TB@> to tensor<*x@TB@>
  %bt_u = tensor.cast %bt : tensor<256x512x@TB@> to tensor<*x@TB@>
  %init = call @values_16x256(%s4) : (i64) -> tensor<16x256xf32>
  %init_u = call @unranked_f32(%init) : (tensor<16x256xf32>) -> tensor<*xf32>
  %zeros = arith.constant dense<0.0> : tensor<16x256xf32>
  %zeros_u = tensor.cast %zeros : tensor<16x256xf32> to tensor<*xf32>
  %no_bias = arith.constant dense<0.0> : tensor<0xf32>
  %no_bias_u = tensor.cast %no_bias : tensor<0xf32> to tensor<*xf32>
  %values = call @values_16x256(%s5) : (i64) -> tensor<16x256xf32>

  // 1. Per-tensor scales, f32 accumulation, accumulate into a nonzero init.
  %sa1 = arith.constant dense<0.75> : tensor<f32>
  %sb1 = arith.constant dense<3.0e-2> : tensor<f32>
  %sa1_u = tensor.cast %sa1 : tensor<f32> to tensor<*xf32>
  %sb1_u = tensor.cast %sb1 : tensor<f32> to tensor<*xf32>
  %r1 = fp8.scaled_matmul %a, %b scales(%sa1, %sb1) into %init : tensor<16x512x@TA@>, tensor<512x256x@TB@>, tensor<f32>, tensor<f32> into tensor<16x256xf32>
  %r1_u = tensor.cast %r1 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %b_u, %sa1_u, %sb1_u, %no_bias_u, %init_u, %r1_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 2. Per-channel scales (per row of A, per column of B), B as [N, K],
  //    f16 accumulation promoted every 64.
  %sa2 = tensor.extract_slice %values[0, 0] [16, 1] [1, 1] : tensor<16x256xf32> to tensor<16x1xf32>
  %sb2 = tensor.extract_slice %values[1, 0] [1, 256] [1, 1] : tensor<16x256xf32> to tensor<1x256xf32>
  %sb2t = tensor.collapse_shape %sb2 [[0, 1]] : tensor<1x256xf32> into tensor<256xf32>
  %sb2n = tensor.expand_shape %sb2t [[0, 1]] output_shape [256, 1] : tensor<256xf32> into tensor<256x1xf32>
  %sa2_u = tensor.cast %sa2 : tensor<16x1xf32> to tensor<*xf32>
  %sb2_u = tensor.cast %sb2n : tensor<256x1xf32> to tensor<*xf32>
  %r2 = fp8.scaled_matmul %a, %bt scales(%sa2, %sb2n) into %zeros {b_layout = #fp8.layout<nk>, acc_type = f16, chunk = 64} : tensor<16x512x@TA@>, tensor<256x512x@TB@>, tensor<16x1xf32>, tensor<256x1xf32> into tensor<16x256xf32>
  %r2_u = tensor.cast %r2 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %bt_u, %sa2_u, %sb2_u, %no_bias_u, %zeros_u, %r2_u, %fa, %fb, %f32, %f32, %nk, %f16, %c64, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 3. DeepGEMM layout: 1x128 blocks for A, 128x128 for B as [N, K], bf16
  //    accumulation promoted every 32, bias, bf16 result.
  %sa3 = tensor.extract_slice %values[0, 0] [16, 4] [1, 1] : tensor<16x256xf32> to tensor<16x4xf32>
  %sb3 = tensor.extract_slice %values[2, 0] [2, 4] [1, 1] : tensor<16x256xf32> to tensor<2x4xf32>
  %bias3 = tensor.extract_slice %values[3, 0] [1, 256] [1, 1] : tensor<16x256xf32> to tensor<1x256xf32>
  %bias3v = tensor.collapse_shape %bias3 [[0, 1]] : tensor<1x256xf32> into tensor<256xf32>
  %sa3_u = tensor.cast %sa3 : tensor<16x4xf32> to tensor<*xf32>
  %sb3_u = tensor.cast %sb3 : tensor<2x4xf32> to tensor<*xf32>
  %bias3_u = tensor.cast %bias3v : tensor<256xf32> to tensor<*xf32>
  %eb = tensor.empty() : tensor<16x256xbf16>
  %init3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%init : tensor<16x256xf32>) outs(%eb : tensor<16x256xbf16>) {
  ^bb0(%x: f32, %o: bf16):
    %t = arith.truncf %x : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<16x256xbf16>
  %r3 = fp8.scaled_matmul %a, %bt scales(%sa3, %sb3) bias(%bias3v : tensor<256xf32>) into %init3 {b_layout = #fp8.layout<nk>, acc_type = bf16, chunk = 32} : tensor<16x512x@TA@>, tensor<256x512x@TB@>, tensor<16x4xf32>, tensor<2x4xf32> into tensor<16x256xbf16>
  %ef = tensor.empty() : tensor<16x256xf32>
  %w3:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%init3, %r3 : tensor<16x256xbf16>, tensor<16x256xbf16>) outs(%ef, %ef : tensor<16x256xf32>, tensor<16x256xf32>) {
  ^bb0(%x: bf16, %y: bf16, %o: f32, %p: f32):
    %xw = arith.extf %x : bf16 to f32
    %yw = arith.extf %y : bf16 to f32
    linalg.yield %xw, %yw : f32, f32
  } -> (tensor<16x256xf32>, tensor<16x256xf32>)
  %init3_u = tensor.cast %w3#0 : tensor<16x256xf32> to tensor<*xf32>
  %r3_u = tensor.cast %w3#1 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %bt_u, %sa3_u, %sb3_u, %bias3_u, %init3_u, %r3_u, %fa, %fb, %f32, %f32, %nk, %bf16, %c32, %bf16) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 4. f16 accumulation over all of K without promotion, f16 result.
  %eh = tensor.empty() : tensor<16x256xf16>
  %zh = arith.constant 0.0 : f16
  %zeros_h = linalg.fill ins(%zh : f16) outs(%eh : tensor<16x256xf16>) -> tensor<16x256xf16>
  %r4 = fp8.scaled_matmul %a, %b scales(%sa1, %sb1) into %zeros_h {acc_type = f16} : tensor<16x512x@TA@>, tensor<512x256x@TB@>, tensor<f32>, tensor<f32> into tensor<16x256xf16>
  %w4 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%r4 : tensor<16x256xf16>) outs(%ef : tensor<16x256xf32>) {
  ^bb0(%x: f16, %o: f32):
    %xw = arith.extf %x : f16 to f32
    linalg.yield %xw : f32
  } -> tensor<16x256xf32>
  %r4_u = tensor.cast %w4 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %b_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r4_u, %fa, %fb, %f32, %f32, %kn, %f16, %c0, %f16) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 5. K = 500 with chunk 64: the last chunk is partial (K is padded).
  %a5 = tensor.extract_slice %a[0, 0] [16, 500] [1, 1] : tensor<16x512x@TA@> to tensor<16x500x@TA@>
  %b5 = tensor.extract_slice %b[0, 0] [500, 256] [1, 1] : tensor<512x256x@TB@> to tensor<500x256x@TB@>
  %a5_u = tensor.cast %a5 : tensor<16x500x@TA@> to tensor<*x@TA@>
  %b5_u = tensor.cast %b5 : tensor<500x256x@TB@> to tensor<*x@TB@>
  %r5 = fp8.scaled_matmul %a5, %b5 scales(%sa1, %sb1) into %zeros {acc_type = f16, chunk = 64} : tensor<16x500x@TA@>, tensor<500x256x@TB@>, tensor<f32>, tensor<f32> into tensor<16x256xf32>
  %r5_u = tensor.cast %r5 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r5_u, %fa, %fb, %f32, %f32, %kn, %f16, %c64, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 5b. The same with dynamic shapes (K padded at run time).
  %a5d = tensor.cast %a5 : tensor<16x500x@TA@> to tensor<?x?x@TA@>
  %b5d = tensor.cast %b5 : tensor<500x256x@TB@> to tensor<?x?x@TB@>
  %zd = tensor.cast %zeros : tensor<16x256xf32> to tensor<?x?xf32>
  %r5d = fp8.scaled_matmul %a5d, %b5d scales(%sa1, %sb1) into %zd {acc_type = f16, chunk = 64} : tensor<?x?x@TA@>, tensor<?x?x@TB@>, tensor<f32>, tensor<f32> into tensor<?x?xf32>
  %r5d_u = tensor.cast %r5d : tensor<?x?xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r5d_u, %fa, %fb, %f32, %f32, %kn, %f16, %c64, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 6. MX: 1x32 blocks along K with f8E8M0FNU scales (promotion at every
  //    block boundary).
  %sa6m = memref.alloc() : memref<16x16xf8E8M0FNU>
  %sb6m = memref.alloc() : memref<16x256xf8E8M0FNU>
  %sa6mu = memref.cast %sa6m : memref<16x16xf8E8M0FNU> to memref<*xf8E8M0FNU>
  %sb6mu = memref.cast %sb6m : memref<16x256xf8E8M0FNU> to memref<*xf8E8M0FNU>
  call @fp8_fill_e8m0(%sa6mu, %e8m0, %s1) : (memref<*xf8E8M0FNU>, i32, i64) -> ()
  call @fp8_fill_e8m0(%sb6mu, %e8m0, %s2) : (memref<*xf8E8M0FNU>, i32, i64) -> ()
  %sa6 = bufferization.to_tensor %sa6m restrict : memref<16x16xf8E8M0FNU> to tensor<16x16xf8E8M0FNU>
  %sb6 = bufferization.to_tensor %sb6m restrict : memref<16x256xf8E8M0FNU> to tensor<16x256xf8E8M0FNU>
  %sa6_u = tensor.cast %sa6 : tensor<16x16xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  %sb6_u = tensor.cast %sb6 : tensor<16x256xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  %r6 = fp8.scaled_matmul %a, %b scales(%sa6, %sb6) into %zeros : tensor<16x512x@TA@>, tensor<512x256x@TB@>, tensor<16x16xf8E8M0FNU>, tensor<16x256xf8E8M0FNU> into tensor<16x256xf32>
  %r6_u = tensor.cast %r6 : tensor<16x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul_mx(%a_u, %b_u, %sa6_u, %sb6_u, %no_bias_u, %zeros_u, %r6_u, %fa, %fb, %e8m0, %e8m0, %kn, %f32, %c0, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf8E8M0FNU>, tensor<*xf8E8M0FNU>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 7. Batched: two batches of the same A and B halves, per-batch scales.
  %ab = tensor.expand_shape %a [[0, 1], [2]] output_shape [2, 8, 512] : tensor<16x512x@TA@> into tensor<2x8x512x@TA@>
  %bb = tensor.expand_shape %bt [[0, 1], [2]] output_shape [2, 128, 512] : tensor<256x512x@TB@> into tensor<2x128x512x@TB@>
  %ab_u = tensor.cast %ab : tensor<2x8x512x@TA@> to tensor<*x@TA@>
  %bb_u = tensor.cast %bb : tensor<2x128x512x@TB@> to tensor<*x@TB@>
  %sa7 = arith.constant dense<[[[0.5]], [[2.0]]]> : tensor<2x1x1xf32>
  %sa7_u = tensor.cast %sa7 : tensor<2x1x1xf32> to tensor<*xf32>
  %z7 = arith.constant dense<0.0> : tensor<2x8x128xf32>
  %z7_u = tensor.cast %z7 : tensor<2x8x128xf32> to tensor<*xf32>
  %r7 = fp8.batch_scaled_matmul %ab, %bb scales(%sa7, %sb1) into %z7 {b_layout = #fp8.layout<nk>, chunk = 128} : tensor<2x8x512x@TA@>, tensor<2x128x512x@TB@>, tensor<2x1x1xf32>, tensor<f32> into tensor<2x8x128xf32>
  %r7_u = tensor.cast %r7 : tensor<2x8x128xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%ab_u, %bb_u, %sa7_u, %sb1_u, %no_bias_u, %z7_u, %r7_u, %fa, %fb, %f32, %f32, %nk, %f32, %c128, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 8. Three rows (the vector kernel's streaming path), kn, per-channel
  //    scales, accumulating into a nonzero init.
  %a8 = tensor.extract_slice %a[0, 0] [3, 512] [1, 1] : tensor<16x512x@TA@> to tensor<3x512x@TA@>
  %a8_u = tensor.cast %a8 : tensor<3x512x@TA@> to tensor<*x@TA@>
  %sa8 = tensor.extract_slice %values[0, 0] [3, 1] [1, 1] : tensor<16x256xf32> to tensor<3x1xf32>
  %sa8_u = tensor.cast %sa8 : tensor<3x1xf32> to tensor<*xf32>
  %init8 = tensor.extract_slice %init[0, 0] [3, 256] [1, 1] : tensor<16x256xf32> to tensor<3x256xf32>
  %init8_u = tensor.cast %init8 : tensor<3x256xf32> to tensor<*xf32>
  %sb8_u = tensor.cast %sb2 : tensor<1x256xf32> to tensor<*xf32>
  %r8 = fp8.scaled_matmul %a8, %b scales(%sa8, %sb2) into %init8 : tensor<3x512x@TA@>, tensor<512x256x@TB@>, tensor<3x1xf32>, tensor<1x256xf32> into tensor<3x256xf32>
  %r8_u = tensor.cast %r8 : tensor<3x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a8_u, %b_u, %sa8_u, %sb8_u, %no_bias_u, %init8_u, %r8_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 9. Five rows, B as [N, K] (16 x 16 tiles transposed in registers),
  //    1x128 x 128x128 block scales promoted every 128, bias.
  %a9 = tensor.extract_slice %a[0, 0] [5, 512] [1, 1] : tensor<16x512x@TA@> to tensor<5x512x@TA@>
  %a9_u = tensor.cast %a9 : tensor<5x512x@TA@> to tensor<*x@TA@>
  %sa9 = tensor.extract_slice %sa3[0, 0] [5, 4] [1, 1] : tensor<16x4xf32> to tensor<5x4xf32>
  %sa9_u = tensor.cast %sa9 : tensor<5x4xf32> to tensor<*xf32>
  %z9 = arith.constant dense<0.0> : tensor<5x256xf32>
  %z9_u = tensor.cast %z9 : tensor<5x256xf32> to tensor<*xf32>
  %r9 = fp8.scaled_matmul %a9, %bt scales(%sa9, %sb3) bias(%bias3v : tensor<256xf32>) into %z9 {b_layout = #fp8.layout<nk>, chunk = 128} : tensor<5x512x@TA@>, tensor<256x512x@TB@>, tensor<5x4xf32>, tensor<2x4xf32> into tensor<5x256xf32>
  %r9_u = tensor.cast %r9 : tensor<5x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a9_u, %bt_u, %sa9_u, %sb3_u, %bias3_u, %z9_u, %r9_u, %fa, %fb, %f32, %f32, %nk, %f32, %c128, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 10. GEMV, B as [N, K], per-tensor scales.
  %a10 = tensor.extract_slice %a[7, 0] [1, 512] [1, 1] : tensor<16x512x@TA@> to tensor<1x512x@TA@>
  %a10_u = tensor.cast %a10 : tensor<1x512x@TA@> to tensor<*x@TA@>
  %z10 = arith.constant dense<0.0> : tensor<1x256xf32>
  %z10_u = tensor.cast %z10 : tensor<1x256xf32> to tensor<*xf32>
  %r10 = fp8.scaled_matmul %a10, %bt scales(%sa1, %sb1) into %z10 {b_layout = #fp8.layout<nk>} : tensor<1x512x@TA@>, tensor<256x512x@TB@>, tensor<f32>, tensor<f32> into tensor<1x256xf32>
  %r10_u = tensor.cast %r10 : tensor<1x256xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a10_u, %bt_u, %sa1_u, %sb1_u, %no_bias_u, %z10_u, %r10_u, %fa, %fb, %f32, %f32, %nk, %f32, %c0, %f32) : (tensor<*x@TA@>, tensor<*x@TB@>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()
  return
}
