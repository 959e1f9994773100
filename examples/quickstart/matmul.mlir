// Quickstart: one f32 matmul Y = X W and its FP8 version.
//
// X (8x256 activations) is quantized to E4M3 at run time with one scale per
// row (per token); W (256x64 weights) is quantized to E4M3 with one scale per
// output channel. fp8.scaled_matmul multiplies the FP8 operands with f32
// accumulation and applies both scales. main prints a corner of both results
// and the largest error relative to max |Y|.
//
//   fp8-opt matmul.mlir --fp8-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so
//
// (test/Integration/CPU/quickstart.mlir runs it so, and on threads.)

#id = affine_map<(d0, d1) -> (d0, d1)>
#rows = affine_map<(d0, d1) -> (d0, 0)>

// Deterministic pseudo-random values in [-amplitude, amplitude): a hash of
// the element index, so that the example needs no input files.
func.func @values(%init: tensor<?x?xf32>, %salt: i32, %amplitude: f32) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%init : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c1000 = arith.constant 1000 : index
    %row = arith.muli %i, %c1000 : index
    %index = arith.addi %row, %j : index
    %n = arith.index_cast %index : index to i32
    %salted = arith.addi %n, %salt : i32
    %golden = arith.constant -1640531535 : i32
    %hash = arith.muli %salted, %golden : i32
    %c8 = arith.constant 8 : i32
    %bits = arith.shrui %hash, %c8 : i32
    %unit = arith.uitofp %bits : i32 to f32
    %scale = arith.constant 5.96046448e-08 : f32
    %u01 = arith.mulf %unit, %scale : f32
    %half = arith.constant 0.5 : f32
    %centered = arith.subf %u01, %half : f32
    %two = arith.constant 2.0 : f32
    %span = arith.mulf %two, %amplitude : f32
    %v = arith.mulf %centered, %span : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @main() {
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %ex = tensor.empty(%c8, %c256) : tensor<?x?xf32>
  %ew = tensor.empty(%c256, %c64) : tensor<?x?xf32>
  %salt_x = arith.constant 7 : i32
  %salt_w = arith.constant 1234 : i32
  %ax = arith.constant 3.0 : f32
  %aw = arith.constant 0.05 : f32
  %xd = call @values(%ex, %salt_x, %ax) : (tensor<?x?xf32>, i32, f32) -> tensor<?x?xf32>
  %wd = call @values(%ew, %salt_w, %aw) : (tensor<?x?xf32>, i32, f32) -> tensor<?x?xf32>
  %x = tensor.cast %xd : tensor<?x?xf32> to tensor<8x256xf32>
  %w = tensor.cast %wd : tensor<?x?xf32> to tensor<256x64xf32>

  // FP32 reference.
  %zero = arith.constant 0.0 : f32
  %ey = tensor.empty() : tensor<8x64xf32>
  %y0 = linalg.fill ins(%zero : f32) outs(%ey : tensor<8x64xf32>) -> tensor<8x64xf32>
  %y32 = linalg.matmul ins(%x, %w : tensor<8x256xf32>, tensor<256x64xf32>) outs(%y0 : tensor<8x64xf32>) -> tensor<8x64xf32>

  // FP8: per-token activations, per-channel weights, both E4M3.
  %qx_init = tensor.empty() : tensor<8x256xf8E4M3FN>
  %sx_init = tensor.empty() : tensor<8x1xf32>
  %qx, %sx = fp8.dynamic_quantize %x into %qx_init, %sx_init
      : tensor<8x256xf32> into tensor<8x256xf8E4M3FN>, tensor<8x1xf32>
  %qw_init = tensor.empty() : tensor<256x64xf8E4M3FN>
  %sw_init = tensor.empty() : tensor<1x64xf32>
  %qw, %sw = fp8.dynamic_quantize %w into %qw_init, %sw_init
      : tensor<256x64xf32> into tensor<256x64xf8E4M3FN>, tensor<1x64xf32>
  %y8 = fp8.scaled_matmul %qx, %qw scales(%sx, %sw) into %y0
      : tensor<8x256xf8E4M3FN>, tensor<256x64xf8E4M3FN>, tensor<8x1xf32>, tensor<1x64xf32> into tensor<8x64xf32>

  // Largest |Y8 - Y32| and largest |Y32|.
  %e0 = tensor.empty() : tensor<f32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %stats:2 = linalg.generic {indexing_maps = [#id, #id, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]}
      ins(%y8, %y32 : tensor<8x64xf32>, tensor<8x64xf32>) outs(%s0, %s0 : tensor<f32>, tensor<f32>) {
  ^bb0(%a: f32, %b: f32, %err: f32, %mag: f32):
    %d = arith.subf %a, %b : f32
    %ad = math.absf %d : f32
    %ab = math.absf %b : f32
    %e = arith.maximumf %err, %ad : f32
    %m = arith.maximumf %mag, %ab : f32
    linalg.yield %e, %m : f32, f32
  } -> (tensor<f32>, tensor<f32>)
  %max_error = tensor.extract %stats#0[] : tensor<f32>
  %max_magnitude = tensor.extract %stats#1[] : tensor<f32>
  %relative = arith.divf %max_error, %max_magnitude : f32

  %corner32 = tensor.extract_slice %y32[0, 0] [2, 6] [1, 1] : tensor<8x64xf32> to tensor<2x6xf32>
  %corner8 = tensor.extract_slice %y8[0, 0] [2, 6] [1, 1] : tensor<8x64xf32> to tensor<2x6xf32>
  %u32 = tensor.cast %corner32 : tensor<2x6xf32> to tensor<*xf32>
  %u8 = tensor.cast %corner8 : tensor<2x6xf32> to tensor<*xf32>
  vector.print str "Y = X W in f32 (top-left corner):\n"
  call @printMemrefF32(%u32) : (tensor<*xf32>) -> ()
  vector.print str "the same with E4M3 operands (fp8.scaled_matmul):\n"
  call @printMemrefF32(%u8) : (tensor<*xf32>) -> ()
  vector.print str "max |Y8 - Y32| / max |Y32| = "
  vector.print %relative : f32
  return
}

func.func private @printMemrefF32(tensor<*xf32>)
