// fp8.dynamic_quantize with one scale per element (1x1 blocks) did not
// compile for the CPU: its per-block amax is then a linalg.generic with
// parallel loops only whose payload reads its output (maximumf(%out,
// |%in|)), and the elementwise vectorizer took that block argument for a
// value defined above the op and broadcast it ("'vector.broadcast' op failed
// to verify that source operand and result have same element type"). The
// vectorizer now reads the output's current vector. Scales and codes are
// checked bit for bit against the numerics library (test/lib/Runtime), for
// the vectorized code and for the reference lowering alike; the shape of the
// report (2x4: one vector of 4 per row) and a wide one (8x64: 16 lanes).
//
// RUN: fp8-opt %s --fp8-cpu-pipeline=target=generic | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
//
// The amax generic is vectorized (not left to scalar loops), reading its
// output as a vector.
// RUN: fp8-opt %s --convert-fp8-to-vector=target=generic --fp8-vectorize-elementwise=target=generic | FileCheck %s --check-prefix=VECTOR

// CHECK: dynamic_quantize e4m3 scales f32 margin=0 pow2=0: 0 scale mismatches in 8, 0 code mismatches in 8
// CHECK-NEXT: dynamic_quantize e4m3 scales f32 margin=1 pow2=1: 0 scale mismatches in 512, 0 code mismatches in 512
// CHECK-NEXT: dynamic_quantize e5m2 scales e8m0 margin=0 pow2=1: 0 scale mismatches in 512, 0 code mismatches in 512

// VECTOR-LABEL: func.func @quantize_2x4(
// VECTOR:         scf.for
// VECTOR:           scf.for
// VECTOR:             %[[IN:.+]] = vector.transfer_read {{.+}} : tensor<2x4xf32>, vector<4xf32>
// VECTOR:             %[[OUT:.+]] = vector.transfer_read {{.+}} : tensor<2x4xf32>, vector<4xf32>
// VECTOR:             %[[ABS:.+]] = math.absf %[[IN]] : vector<4xf32>
// VECTOR:             arith.maximumf %[[OUT]], %[[ABS]] : vector<4xf32>
// VECTOR-NOT:     vector.broadcast
// VECTOR-LABEL: func.func @quantize_8x64(

func.func private @fp8_check_dynamic_quantize(tensor<*xf32> {bufferization.access = "read"}, tensor<*xf8E4M3FN> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32) attributes {llvm.emit_c_interface}
func.func private @fp8_check_dynamic_quantize_e8m0(tensor<*xf32> {bufferization.access = "read"}, tensor<*xf8E5M2> {bufferization.access = "read"}, tensor<*xf8E8M0FNU> {bufferization.access = "read"}, i32, i32, i32, i32) attributes {llvm.emit_c_interface}

// The report's module.
func.func @quantize_2x4(%x: tensor<2x4xf32>) -> (tensor<2x4xf8E4M3FN>, tensor<2x4xf32>) {
  %qi = tensor.empty() : tensor<2x4xf8E4M3FN>
  %si = tensor.empty() : tensor<2x4xf32>
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<2x4xf32> into tensor<2x4xf8E4M3FN>, tensor<2x4xf32>
  return %q, %s : tensor<2x4xf8E4M3FN>, tensor<2x4xf32>
}

func.func @quantize_8x64(%x: tensor<8x64xf32>) -> (tensor<8x64xf8E4M3FN>, tensor<8x64xf32>) {
  %qi = tensor.empty() : tensor<8x64xf8E4M3FN>
  %si = tensor.empty() : tensor<8x64xf32>
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = 1, pow2_scale = true} : tensor<8x64xf32> into tensor<8x64xf8E4M3FN>, tensor<8x64xf32>
  return %q, %s : tensor<8x64xf8E4M3FN>, tensor<8x64xf32>
}

func.func @quantize_8x64_mx(%x: tensor<8x64xf32>) -> (tensor<8x64xf8E5M2>, tensor<8x64xf8E8M0FNU>) {
  %qi = tensor.empty() : tensor<8x64xf8E5M2>
  %si = tensor.empty() : tensor<8x64xf8E8M0FNU>
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {pow2_scale = true} : tensor<8x64xf32> into tensor<8x64xf8E5M2>, tensor<8x64xf8E8M0FNU>
  return %q, %s : tensor<8x64xf8E5M2>, tensor<8x64xf8E8M0FNU>
}

func.func @main() {
  %e4m3 = arith.constant 0 : i32
  %e5m2 = arith.constant 1 : i32
  %f32 = arith.constant 0 : i32
  %e8m0 = arith.constant 3 : i32
  %m0 = arith.constant 0 : i32
  %m1 = arith.constant 1 : i32
  %no = arith.constant 0 : i32
  %yes = arith.constant 1 : i32

  // Zero (scale 1), both signs, a subnormal, the largest finite f32, a NaN.
  %x = arith.constant dense<[[0.0, -3.5, 1.0e-40, 3.40282347e+38], [0x7FC00000, 448.0, -0.0078125, 1000.0]]> : tensor<2x4xf32>
  %q, %s = call @quantize_2x4(%x) : (tensor<2x4xf32>) -> (tensor<2x4xf8E4M3FN>, tensor<2x4xf32>)
  %x_u = tensor.cast %x : tensor<2x4xf32> to tensor<*xf32>
  %q_u = tensor.cast %q : tensor<2x4xf8E4M3FN> to tensor<*xf8E4M3FN>
  %s_u = tensor.cast %s : tensor<2x4xf32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%x_u, %q_u, %s_u, %e4m3, %f32, %m0, %no) : (tensor<*xf32>, tensor<*xf8E4M3FN>, tensor<*xf32>, i32, i32, i32, i32) -> ()

  // i * 0.37 - 50 for i in 0..511: both signs, exponents 2^-6 .. 2^7.
  %e = tensor.empty() : tensor<8x64xf32>
  %wide = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<8x64xf32>) {
  ^bb0(%out: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %c64 = arith.constant 64 : index
    %row = arith.muli %i0, %c64 : index
    %index = arith.addi %row, %i1 : index
    %i = arith.index_cast %index : index to i32
    %f = arith.sitofp %i : i32 to f32
    %step = arith.constant 0.37 : f32
    %offset = arith.constant 50.0 : f32
    %scaled = arith.mulf %f, %step : f32
    %v = arith.subf %scaled, %offset : f32
    linalg.yield %v : f32
  } -> tensor<8x64xf32>
  %wide_u = tensor.cast %wide : tensor<8x64xf32> to tensor<*xf32>
  %q1, %s1 = call @quantize_8x64(%wide) : (tensor<8x64xf32>) -> (tensor<8x64xf8E4M3FN>, tensor<8x64xf32>)
  %q1_u = tensor.cast %q1 : tensor<8x64xf8E4M3FN> to tensor<*xf8E4M3FN>
  %s1_u = tensor.cast %s1 : tensor<8x64xf32> to tensor<*xf32>
  call @fp8_check_dynamic_quantize(%wide_u, %q1_u, %s1_u, %e4m3, %f32, %m1, %yes) : (tensor<*xf32>, tensor<*xf8E4M3FN>, tensor<*xf32>, i32, i32, i32, i32) -> ()
  %q2, %s2 = call @quantize_8x64_mx(%wide) : (tensor<8x64xf32>) -> (tensor<8x64xf8E5M2>, tensor<8x64xf8E8M0FNU>)
  %q2_u = tensor.cast %q2 : tensor<8x64xf8E5M2> to tensor<*xf8E5M2>
  %s2_u = tensor.cast %s2 : tensor<8x64xf8E8M0FNU> to tensor<*xf8E8M0FNU>
  call @fp8_check_dynamic_quantize_e8m0(%wide_u, %q2_u, %s2_u, %e5m2, %e8m0, %m0, %yes) : (tensor<*xf32>, tensor<*xf8E5M2>, tensor<*xf8E8M0FNU>, i32, i32, i32, i32) -> ()
  return
}
