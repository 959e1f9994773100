// On success fp8-run prints one line on stderr: what ran, its time, where
// the results went. stdout keeps only the data asked for (--benchmark,
// --profile). --quiet drops the line (and the progress of --calibrate).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 3), np.float32))"

// RUN: fp8-run %s --entry one --input %t/x.npy --output-dir %t/out 2>&1 >%t/stdout.txt | FileCheck %s --check-prefix=LINE
// RUN: count 0 < %t/stdout.txt
// LINE-NOT: {{.}}
// LINE: {{^}}fp8-run: ran @one in {{[0-9]+\.[0-9][0-9][0-9]}} ms (compiled in {{[0-9]+}} ms); wrote {{.*}}out{{/|\\}}one_result0.npy{{$}}
// LINE-NOT: {{.}}

// RUN: fp8-run %s --entry two --input %t/x.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: {{^}}fp8-run: ran @two in {{.*}} ms); wrote 2 results: {{.*}}out{{/|\\}}two_result0.npy to two_result1.npy{{$}}

// RUN: fp8-run %s --entry one --input %t/x.npy --benchmark 3 2>&1 >/dev/null | FileCheck %s --check-prefix=BENCH
// BENCH: {{^}}fp8-run: ran @one 4 times (1 warm-up, 3 timed, mean {{[0-9]+\.[0-9][0-9][0-9]}} ms per call; compiled in {{[0-9]+}} ms); no results written (--output-dir DIR keeps those of the last call){{$}}

// --quiet: nothing on stderr, the results written all the same.
// RUN: fp8-run %s --entry one --input %t/x.npy --output-dir %t/quiet --quiet 2>&1 | count 0
// RUN: cmp %t/out/one_result0.npy %t/quiet/one_result0.npy
// RUN: fp8-run %s --entry one --input %t/x.npy --benchmark 2 --quiet 2>&1 | FileCheck %s --check-prefix=QUIET-BENCH
// QUIET-BENCH: {{^}}median
// QUIET-BENCH-NOT: fp8-run

// --calibrate reports the table it wrote; --merge the merged one.
// RUN: mkdir -p %t/samples && cp %t/x.npy %t/samples/0.npy
// RUN: fp8-run %s --entry mm --input %t/samples --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=CALIBRATE
// CALIBRATE: calibrating: 1/1 samples, 1 tensors observed in {{.*}} s; wrote {{.*}}table.json
// RUN: fp8-run %s --entry mm --input %t/samples --calibrate %t/quiet.json --quiet 2>&1 | count 0
// RUN: cmp %t/table.json %t/quiet.json
// RUN: fp8-run --merge %t/merged.json %t/table.json %t/quiet.json 2>&1 | FileCheck %s --check-prefix=MERGE
// MERGE: {{^}}fp8-run: merged 2 tables (2 samples, 1 tensors) into {{.*}}merged.json{{$}}
// RUN: fp8-run --merge %t/merged2.json %t/table.json --quiet 2>&1 | count 0

// RUN: fp8-run --help | FileCheck %s --check-prefix=HELP
// HELP: --quiet {{.*}}no summary line

func.func @one(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%x, %x : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @two(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %e = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%x, %x : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r, %x : tensor<2x3xf32>, tensor<2x3xf32>
}

func.func @mm(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2xf32>
  %zero = arith.constant dense<0.0> : tensor<2x2xf32>
  %r = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>) outs(%zero : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
