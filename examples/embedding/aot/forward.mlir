// The model of the ahead-of-time example (README.md, "Ahead of time: an
// object file called from C"): one f32 linear layer y = x W, as a frontend
// emits it. W[k][n] = ((3k + 5n) mod 11 - 5) / 4; main.c computes the same
// product in f32 to check the FP8 code it calls.
//
//   fp8-opt forward.mlir --fp8-ptq-pipeline="mode=dynamic" \
//       --fp8-cpu-pipeline="results-to-out-params=true" \
//     | mlir-translate --mlir-to-llvmir \
//     | llc -O2 -mcpu=native -filetype=obj -relocation-model=pic -o forward.o
//
// llvm.emit_c_interface gives the entry a C wrapper, _mlir_ciface_forward,
// that takes pointers to memref descriptors; results-to-out-params turns the
// result into a last argument that the caller allocates.

func.func @forward(%x: tensor<4x16xf32>) -> tensor<4x8xf32>
    attributes {llvm.emit_c_interface} {
  %w = arith.constant dense<[[-1.25, 0.0, 1.25, -0.25, 1.0, -0.5, 0.75, -0.75],
       [-0.5, 0.75, -0.75, 0.5, -1.0, 0.25, -1.25, 0.0],
       [0.25, -1.25, 0.0, 1.25, -0.25, 1.0, -0.5, 0.75],
       [1.0, -0.5, 0.75, -0.75, 0.5, -1.0, 0.25, -1.25],
       [-1.0, 0.25, -1.25, 0.0, 1.25, -0.25, 1.0, -0.5],
       [-0.25, 1.0, -0.5, 0.75, -0.75, 0.5, -1.0, 0.25],
       [0.5, -1.0, 0.25, -1.25, 0.0, 1.25, -0.25, 1.0],
       [1.25, -0.25, 1.0, -0.5, 0.75, -0.75, 0.5, -1.0],
       [-0.75, 0.5, -1.0, 0.25, -1.25, 0.0, 1.25, -0.25],
       [0.0, 1.25, -0.25, 1.0, -0.5, 0.75, -0.75, 0.5],
       [0.75, -0.75, 0.5, -1.0, 0.25, -1.25, 0.0, 1.25],
       [-1.25, 0.0, 1.25, -0.25, 1.0, -0.5, 0.75, -0.75],
       [-0.5, 0.75, -0.75, 0.5, -1.0, 0.25, -1.25, 0.0],
       [0.25, -1.25, 0.0, 1.25, -0.25, 1.0, -0.5, 0.75],
       [1.0, -0.5, 0.75, -0.75, 0.5, -1.0, 0.25, -1.25],
       [-1.0, 0.25, -1.25, 0.0, 1.25, -0.25, 1.0, -0.5]]> : tensor<16x8xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4x8xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4x8xf32>)
      -> tensor<4x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x8xf32>)
      outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32> loc("fc")
  return %y : tensor<4x8xf32>
}
