// Check of the reference lowering of fp8.dynamic_quantize against the
// numerics library (amax per block, computeScale, quantize): scales and codes
// bit for bit, per-tensor, per-row (per-token), 1x128 blocks, MX 1x32 blocks
// with f8E8M0FNU scales, one scale per element (1x1 blocks), margin and
// power-of-two scales; a row of zeros (scale 1) and a row holding a NaN
// (scale NaN).
//
// RUN: sed -e 's/@TYPE@/f8E4M3FN/g' -e 's/@FORMAT@/0/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E5M2/g' -e 's/@FORMAT@/1/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/!fp8.e3m4fn/g' -e 's/@FORMAT@/3/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3FNUZ/g' -e 's/@FORMAT@/4/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s

// CHECK-NOT: mismatch at
// CHECK: dynamic_quantize [[FMT:[a-z0-9]+]] scales f32 margin=0 pow2=0: 0 scale mismatches in 1, 0 code mismatches in 32768
// CHECK-NEXT: dynamic_quantize [[FMT]] scales f32 margin=0 pow2=0: 0 scale mismatches in 64, 0 code mismatches in 32768
// CHECK-NEXT: dynamic_quantize [[FMT]] scales f32 margin=2 pow2=1: 0 scale mismatches in 256, 0 code mismatches in 32768
// CHECK-NEXT: dynamic_quantize [[FMT]] scales e8m0 margin=0 pow2=1: 0 scale mismatches in 1024, 0 code mismatches in 32768
// CHECK-NEXT: dynamic_quantize [[FMT]] scales f32 margin=0 pow2=0: 0 scale mismatches in 32768, 0 code mismatches in 32768

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @fp8_check_dynamic_quantize(tensor<*xf32> {bufferization.access = "read"}, tensor<*x@TYPE@> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32) attributes {llvm.emit_c_interface}
func.func private @fp8_check_dynamic_quantize_e8m0(tensor<*xf32> {bufferization.access = "read"}, tensor<*x@TYPE@> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, i32, i32, i32, i32) attributes {llvm.emit_c_interface}

// Pseudo-random values with exponents 2^-8 .. 2^7 and both signs; row 0 is
// zero and row 1 holds a NaN.
func.func @input() -> tensor<64x512xf32> {
  %e = tensor.empty() : tensor<64x512xf32>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<64x512xf32>) {
  ^bb0(%out: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %c512 = arith.constant 512 : index
    %row = arith.muli %i0, %c512 : index
    %index = arith.addi %row, %i1 : index
    %i = arith.index_cast %index : index to i32
    %golden = arith.constant -1640531535 : i32
    %hash = arith.muli %i, %golden : i32
    %c13 = arith.constant 13 : i32
    %mixed0 = arith.shrui %hash, %c13 : i32
    %mixed = arith.xori %hash, %mixed0 : i32
    %signmant = arith.constant -2139095041 : i32
    %kept = arith.andi %mixed, %signmant : i32
    %c23 = arith.constant 23 : i32
    %c15 = arith.constant 15 : i32
    %c119 = arith.constant 119 : i32
    %e4 = arith.shrui %mixed, %c23 : i32
    %e4m = arith.andi %e4, %c15 : i32
    %exp = arith.addi %e4m, %c119 : i32
    %expbits = arith.shli %exp, %c23 : i32
    %bits = arith.ori %kept, %expbits : i32
    %value = arith.bitcast %bits : i32 to f32
    %c0 = arith.constant 0 : index
    %is_zero_row = arith.cmpi eq, %i0, %c0 : index
    %zero = arith.constant 0.0 : f32
    %v = arith.select %is_zero_row, %zero, %value : f32
    linalg.yield %v : f32
  } -> tensor<64x512xf32>
  %nan = arith.constant 0x7FC00000 : f32
  %c1 = arith.constant 1 : index
  %c77 = arith.constant 77 : index
  %with_nan = tensor.insert %nan into %x[%c1, %c77] : tensor<64x512xf32>
  return %with_nan : tensor<64x512xf32>
}

func.func @main() {
  %format = arith.constant @FORMAT@ : i32
  %f32 = arith.constant 0 : i32
  %e8m0 = arith.constant 3 : i32
  %m0 = arith.constant 0 : i32
  %m2 = arith.constant 2 : i32
  %no = arith.constant 0 : i32
  %yes = arith.constant 1 : i32
  %x = call @input() : () -> tensor<64x512xf32>
  %x_u = tensor.cast %x : tensor<64x512xf32> to tensor<*xf32>
  %qe = tensor.empty() : tensor<64x512x@TYPE@>

  %s0e = tensor.empty() : tensor<f32>
  %q0:2 = fp8.dynamic_quantize %x into %qe, %s0e : tensor<64x512xf32> into tensor<64x512x@TYPE@>, tensor<f32>
  %q0_u = tensor.cast %q0#0 : tensor<64x512x@TYPE@> to tensor<*x@TYPE@>
  %s0_u = tensor.cast %q0#1 : tensor<f32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%x_u, %q0_u, %s0_u, %format, %f32, %m0, %no) : (tensor<*xf32>, tensor<*x@TYPE@>, tensor<*xf32>, i32, i32, i32, i32) -> ()

  %s1e = tensor.empty() : tensor<64x1xf32>
  %q1:2 = fp8.dynamic_quantize %x into %qe, %s1e : tensor<64x512xf32> into tensor<64x512x@TYPE@>, tensor<64x1xf32>
  %q1_u = tensor.cast %q1#0 : tensor<64x512x@TYPE@> to tensor<*x@TYPE@>
  %s1_u = tensor.cast %q1#1 : tensor<64x1xf32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%x_u, %q1_u, %s1_u, %format, %f32, %m0, %no) : (tensor<*xf32>, tensor<*x@TYPE@>, tensor<*xf32>, i32, i32, i32, i32) -> ()

  %s2e = tensor.empty() : tensor<64x4xf32>
  %q2:2 = fp8.dynamic_quantize %x into %qe, %s2e {margin = 2, pow2_scale = true} : tensor<64x512xf32> into tensor<64x512x@TYPE@>, tensor<64x4xf32>
  %q2_u = tensor.cast %q2#0 : tensor<64x512x@TYPE@> to tensor<*x@TYPE@>
  %s2_u = tensor.cast %q2#1 : tensor<64x4xf32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%x_u, %q2_u, %s2_u, %format, %f32, %m2, %yes) : (tensor<*xf32>, tensor<*x@TYPE@>, tensor<*xf32>, i32, i32, i32, i32) -> ()

  %s3e = tensor.empty() : tensor<64x16xf8E8M0FNU>
  %q3:2 = fp8.dynamic_quantize %x into %qe, %s3e {pow2_scale = true} : tensor<64x512xf32> into tensor<64x512x@TYPE@>, tensor<64x16xf8E8M0FNU>
  %q3_u = tensor.cast %q3#0 : tensor<64x512x@TYPE@> to tensor<*x@TYPE@>
  %s3_u = tensor.cast %q3#1 : tensor<64x16xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  call @fp8_check_dynamic_quantize_e8m0(%x_u, %q3_u, %s3_u, %format, %e8m0, %m0, %yes) : (tensor<*xf32>, tensor<*x@TYPE@>, tensor<*xf8E8M0FNU>, i32, i32, i32, i32) -> ()

  %s4e = tensor.empty() : tensor<64x512xf32>
  %q4:2 = fp8.dynamic_quantize %x into %qe, %s4e : tensor<64x512xf32> into tensor<64x512x@TYPE@>, tensor<64x512xf32>
  %q4_u = tensor.cast %q4#0 : tensor<64x512x@TYPE@> to tensor<*x@TYPE@>
  %s4_u = tensor.cast %q4#1 : tensor<64x512xf32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%x_u, %q4_u, %s4_u, %format, %f32, %m0, %no) : (tensor<*xf32>, tensor<*x@TYPE@>, tensor<*xf32>, i32, i32, i32, i32) -> ()
  return
}
