// Calibration can be sharded: the tables of two half-runs, merged with
// --merge, are byte for byte the table of one run over all samples.
//
// RUN: rm -rf %t && mkdir -p %t/all %t/first %t/second
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(11); xs = [(rng.standard_normal((8, 16)) * 2.0 ** (i - 3)).astype(np.float32) for i in range(6)]; [np.save(d + '/sample_' + str(i) + '.npy', x) for i, x in enumerate(xs) for d in ('%t/all', '%t/first' if i < 3 else '%t/second')]"
// RUN: fp8-run %s --input %t/all --calibrate %t/all.json
// RUN: fp8-run %s --input %t/first --calibrate %t/first.json
// RUN: fp8-run %s --input %t/second --calibrate %t/second.json
// RUN: fp8-run --merge %t/merged.json %t/first.json %t/second.json
// RUN: diff %t/all.json %t/merged.json
// RUN: %python -c "import json; t = json.load(open('%t/merged.json')); print(t['samples'], sorted(t['tensors']))" | FileCheck %s
// CHECK: 6 ['act', 'act.relu']

// Merging one table rewrites it unchanged.
// RUN: fp8-run --merge %t/copy.json %t/all.json
// RUN: diff %t/all.json %t/copy.json

func.func @layer(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %xo = fp8.observe %x {id = "act"} : tensor<8x16xf32>
  %init = tensor.empty() : tensor<8x16xf32>
  %zero = arith.constant dense<0.0> : tensor<8x16xf32>
  %relu = linalg.max ins(%xo, %zero : tensor<8x16xf32>, tensor<8x16xf32>) outs(%init : tensor<8x16xf32>) -> tensor<8x16xf32>
  %ro = fp8.observe %relu {id = "act.relu"} : tensor<8x16xf32>
  return %ro : tensor<8x16xf32>
}
