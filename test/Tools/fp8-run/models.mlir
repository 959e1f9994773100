// fp8-run on the FP32 test models of test/Models: each output matches the
// numpy reference (max |y - ref| / max |ref| < 1e-4, as
// scripts/gen-test-models.py --validate requires), and --calibrate
// instruments a model that has no observers (fp8-insert-observers) and runs
// all eight calibration samples: the input of fc1 is the model input, so its
// statistics are those of the samples exactly.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: fp8-run %S/../../Models/mlp.mlir --entry forward --input %S/../../Models/Inputs/mlp/eval/input_000.npy --output-dir %t/mlp
// RUN: fp8-run %S/../../Models/transformer.mlir --entry forward --input %S/../../Models/Inputs/transformer/eval/input_001.npy --output-dir %t/transformer
// RUN: fp8-run %S/../../Models/resnet_block_nchw.mlir --entry forward --input %S/../../Models/Inputs/resnet_block_nchw/eval/input_002.npy --output-dir %t/resnet_block_nchw
// RUN: fp8-run %S/../../Models/resnet_block_nhwc.mlir --entry forward --input %S/../../Models/Inputs/resnet_block_nhwc/eval/input_002.npy --output-dir %t/resnet_block_nhwc
// RUN: fp8-run %S/../../Models/embedding.mlir --entry forward --input %S/../../Models/Inputs/embedding/eval/input_003.npy --output-dir %t/embedding
// RUN: %python -c "import numpy as np; cases = [('mlp', 0), ('transformer', 1), ('resnet_block_nchw', 2), ('resnet_block_nhwc', 2), ('embedding', 3)]; [print(m, 'ok' if np.abs(np.load('%t/' + m + '/forward_result0.npy') - np.load('%S/../../Models/Inputs/' + m + '/eval/output_00' + str(i) + '.npy')).max() < 1e-4 * np.abs(np.load('%S/../../Models/Inputs/' + m + '/eval/output_00' + str(i) + '.npy')).max() else 'MISMATCH') for m, i in cases]" | FileCheck %s
// CHECK: mlp ok
// CHECK-NEXT: transformer ok
// CHECK-NEXT: resnet_block_nchw ok
// CHECK-NEXT: resnet_block_nhwc ok
// CHECK-NEXT: embedding ok

// RUN: fp8-run %S/../../Models/mlp.mlir --input %S/../../Models/Inputs/mlp/calib --calibrate %t/mlp.json 2>&1 | FileCheck %s --check-prefix=CALIBRATE
// CALIBRATE: calibrating: 8/8 samples, 3 tensors observed
// RUN: %python -c "import glob, numpy as np; np.save('%t/mlp_inputs.npy', np.stack([np.load(f) for f in sorted(glob.glob('%S/../../Models/Inputs/mlp/calib/*.npy'))]))"
// RUN: %python %S/Inputs/check_table.py %t/mlp.json --samples 8 fc1/lhs=%t/mlp_inputs.npy | FileCheck %s --check-prefix=TABLE
// TABLE: fc1/lhs: ok

// The extended scheme observes more tensors (layer norms, residual adds).
// RUN: fp8-run %S/../../Models/transformer.mlir --input %S/../../Models/Inputs/transformer/calib --calibrate %t/standard.json
// RUN: fp8-run %S/../../Models/transformer.mlir --input %S/../../Models/Inputs/transformer/calib --calibrate %t/extended.json --scheme extended
// RUN: %python -c "import json; s = set(json.load(open('%t/standard.json'))['tensors']); e = set(json.load(open('%t/extended.json'))['tensors']); print('extended adds', len(e - s), 'keeps all' if s <= e else 'drops some')" | FileCheck %s --check-prefix=SCHEME
// SCHEME: extended adds {{[1-9][0-9]*}} keeps all
