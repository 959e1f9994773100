// Bit-exact check of the reference lowering of fp8.dequantize against the
// numerics library: all 256 codes of every format, per-tensor and block
// scales, f32, f16 and bf16 results.
//
// RUN: sed -e 's/@TYPE@/f8E4M3FN/g' -e 's/@FORMAT@/0/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E5M2/g' -e 's/@FORMAT@/1/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E3M4/g' -e 's/@FORMAT@/2/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/!fp8.e3m4fn/g' -e 's/@FORMAT@/3/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3FNUZ/g' -e 's/@FORMAT@/4/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E5M2FNUZ/g' -e 's/@FORMAT@/5/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3/g' -e 's/@FORMAT@/6/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3B11FNUZ/g' -e 's/@FORMAT@/7/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s

// CHECK-NOT: mismatch at
// CHECK: dequantize [[FMT:[a-z0-9]+]] -> f32: 0 mismatches in 2048
// CHECK-NEXT: dequantize [[FMT]] -> f32: 0 mismatches in 2048
// CHECK-NEXT: dequantize [[FMT]] -> f16: 0 mismatches in 2048
// CHECK-NEXT: dequantize [[FMT]] -> bf16: 0 mismatches in 2048

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @fp8_fill_codes(memref<*x@TYPE@>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_check_dequantize(tensor<*x@TYPE@> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32) attributes {llvm.emit_c_interface}

func.func @main() {
  %format = arith.constant @FORMAT@ : i32
  %f32 = arith.constant 0 : i32
  %f16 = arith.constant 1 : i32
  %bf16 = arith.constant 2 : i32
  // Every code, eight times (code = element index mod 256).
  %buffer = memref.alloc() : memref<256x8x@TYPE@>
  %buffer_u = memref.cast %buffer : memref<256x8x@TYPE@> to memref<*x@TYPE@>
  %all = arith.constant -1 : i64
  %inf = arith.constant 0x7F800000 : f32
  call @fp8_fill_codes(%buffer_u, %format, %all, %inf) : (memref<*x@TYPE@>, i32, i64, f32) -> ()
  %q = bufferization.to_tensor %buffer restrict : memref<256x8x@TYPE@> to tensor<256x8x@TYPE@>
  %q_u = tensor.cast %q : tensor<256x8x@TYPE@> to tensor<*x@TYPE@>
  %e = tensor.empty() : tensor<256x8xf32>

  %one = arith.constant dense<1.0> : tensor<f32>
  %one_u = tensor.cast %one : tensor<f32> to tensor<*xf32>
  %d0 = fp8.dequantize %q, %one into %e : tensor<256x8x@TYPE@>, tensor<f32> into tensor<256x8xf32>
  %d0_u = tensor.cast %d0 : tensor<256x8xf32> to tensor<*xf32>
  call @fp8_check_dequantize(%q_u, %one_u, %d0_u, %format, %f32) : (tensor<*x@TYPE@>, tensor<*xf32>, tensor<*xf32>, i32, i32) -> ()

  // Blocks of 128x2 with scales that overflow f16 and bf16 ranges or
  // produce their subnormals.
  %blocks = arith.constant dense<[[1.0, 3.0e-3, 1.0e3, 0.7], [2.5e-8, 4.0e4, 1.0e38, 1.0e-38]]> : tensor<2x4xf32>
  %blocks_u = tensor.cast %blocks : tensor<2x4xf32> to tensor<*xf32>
  %d1 = fp8.dequantize %q, %blocks into %e : tensor<256x8x@TYPE@>, tensor<2x4xf32> into tensor<256x8xf32>
  %d1_u = tensor.cast %d1 : tensor<256x8xf32> to tensor<*xf32>
  call @fp8_check_dequantize(%q_u, %blocks_u, %d1_u, %format, %f32) : (tensor<*x@TYPE@>, tensor<*xf32>, tensor<*xf32>, i32, i32) -> ()

  %eh = tensor.empty() : tensor<256x8xf16>
  %d2 = fp8.dequantize %q, %blocks into %eh : tensor<256x8x@TYPE@>, tensor<2x4xf32> into tensor<256x8xf16>
  %eb = tensor.empty() : tensor<256x8xbf16>
  %d3 = fp8.dequantize %q, %blocks into %eb : tensor<256x8x@TYPE@>, tensor<2x4xf32> into tensor<256x8xbf16>
  %w:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%d2, %d3 : tensor<256x8xf16>, tensor<256x8xbf16>) outs(%e, %e : tensor<256x8xf32>, tensor<256x8xf32>) {
  ^bb0(%h: f16, %b: bf16, %o: f32, %ob: f32):
    %hw = arith.extf %h : f16 to f32
    %bw = arith.extf %b : bf16 to f32
    linalg.yield %hw, %bw : f32, f32
  } -> (tensor<256x8xf32>, tensor<256x8xf32>)
  %wh = tensor.cast %w#0 : tensor<256x8xf32> to tensor<*xf32>
  %wb = tensor.cast %w#1 : tensor<256x8xf32> to tensor<*xf32>
  call @fp8_check_dequantize(%q_u, %blocks_u, %wh, %format, %f16) : (tensor<*x@TYPE@>, tensor<*xf32>, tensor<*xf32>, i32, i32) -> ()
  call @fp8_check_dequantize(%q_u, %blocks_u, %wb, %format, %bf16) : (tensor<*x@TYPE@>, tensor<*xf32>, tensor<*xf32>, i32, i32) -> ()
  return
}
