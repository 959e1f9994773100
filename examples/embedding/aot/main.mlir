// The mlir-runner route for forward.mlir (README.md, "Under mlir-runner"):
// mlir-runner calls a function without arguments, so @main builds the input
// (x[m][k] = ((7m + 2k) mod 13 - 6) / 3, as main.c does) and prints the
// result with printMemrefF32 from libmlir_runner_utils.so.
//
//   cat forward.mlir main.mlir \
//     | fp8-opt --fp8-ptq-pipeline="mode=dynamic" --fp8-cpu-pipeline \
//     | mlir-runner -e main -entry-point-result=void \
//         -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so \
//         -shared-libs=/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[-2.0, -1.3333333333333333, -0.6666666666666666, 0.0, 0.6666666666666666, 1.3333333333333333, 2.0, -1.6666666666666667, -1.0, -0.3333333333333333, 0.3333333333333333, 1.0, 1.6666666666666667, -2.0, -1.3333333333333333, -0.6666666666666666],
      [0.3333333333333333, 1.0, 1.6666666666666667, -2.0, -1.3333333333333333, -0.6666666666666666, 0.0, 0.6666666666666666, 1.3333333333333333, 2.0, -1.6666666666666667, -1.0, -0.3333333333333333, 0.3333333333333333, 1.0, 1.6666666666666667],
      [-1.6666666666666667, -1.0, -0.3333333333333333, 0.3333333333333333, 1.0, 1.6666666666666667, -2.0, -1.3333333333333333, -0.6666666666666666, 0.0, 0.6666666666666666, 1.3333333333333333, 2.0, -1.6666666666666667, -1.0, -0.3333333333333333],
      [0.6666666666666666, 1.3333333333333333, 2.0, -1.6666666666666667, -1.0, -0.3333333333333333, 0.3333333333333333, 1.0, 1.6666666666666667, -2.0, -1.3333333333333333, -0.6666666666666666, 0.0, 0.6666666666666666, 1.3333333333333333, 2.0]]> : tensor<4x16xf32>
  %y = func.call @forward(%x) : (tensor<4x16xf32>) -> tensor<4x8xf32>
  %printable = tensor.cast %y : tensor<4x8xf32> to tensor<*xf32>
  func.call @printMemrefF32(%printable) : (tensor<*xf32>) -> ()
  return
}
