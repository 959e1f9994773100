// The calibration hooks that fp8-run links in, as libfp8_runtime.so for
// mlir-runner: with FP8_CALIBRATION_TABLE set, each run merges what it
// observed into the table as one more sample (statistics of both runs
// below: every value twice, the infinity counted apart). Covers the f32, f16
// and bf16 hooks and a strided view of a function argument.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: fp8-opt %s --fp8-cpu-pipeline -o %t/lowered.mlir
// RUN: env FP8_CALIBRATION_TABLE=%t/table.json mlir-runner %t/lowered.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils,%fp8_runtime
// RUN: env FP8_CALIBRATION_TABLE=%t/table.json mlir-runner %t/lowered.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils,%fp8_runtime
// RUN: %python -c "import json; t = json.load(open('%t/table.json')); print(t['samples']); [print(k, float(v['min']), float(v['max']), float(v['amax']), v['nan_count'], v['inf_count'], sum(v['histogram']['counts'])) for k, v in sorted(t['tensors'].items())]" | FileCheck %s
// CHECK: 2
// CHECK-NEXT: bf16 -0.5 0.25 0.5 0 0 4
// CHECK-NEXT: columns -6.0 4.0 6.0 0 0 8
// CHECK-NEXT: f16 -8.0 1.0 8.0 0 0 4
// CHECK-NEXT: x -6.0 4.0 6.0 0 2 10

// Without the variable nothing is written.
// RUN: mlir-runner %t/lowered.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils,%fp8_runtime
// RUN: not ls %t/*.tmp* %t/*temp*

func.func @observe_all(%x: tensor<2x3xf32>) {
  %xo = fp8.observe %x {id = "x"} : tensor<2x3xf32>
  // Columns 1 and 2: a memref with row stride 3.
  %columns = tensor.extract_slice %x[0, 1] [2, 2] [1, 1] : tensor<2x3xf32> to tensor<2x2xf32>
  %co = fp8.observe %columns {id = "columns"} : tensor<2x2xf32>
  return
}

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 3.0], [0x7F800000, 4.0, -6.0]]> : tensor<2x3xf32>
  call @observe_all(%x) : (tensor<2x3xf32>) -> ()
  %h = arith.constant dense<[1.0, -8.0]> : tensor<2xf16>
  %ho = fp8.observe %h {id = "f16"} : tensor<2xf16>
  %b = arith.constant dense<[[0.25], [-0.5]]> : tensor<2x1xbf16>
  %bo = fp8.observe %b {id = "bf16"} : tensor<2x1xbf16>
  return
}
