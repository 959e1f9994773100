// Pass flags typed by hand (issue 17, item 5): fp8-opt checks them before
// anything runs and says what was meant, in one line, exit code 1.
//
// A misspelt option names the flag, the closest option and every option
// (MLIR's own message is "no such option calibraton").
// RUN: not fp8-opt %s --fp8-ptq-pipeline="calibraton=x.json" 2>&1 | FileCheck %s --check-prefix=PTQ
// PTQ: fp8-opt: error: --fp8-ptq-pipeline has no option 'calibraton' (did you mean 'calibration'?); its options are accumulator, activation-format, allow-table-mismatch, block-size, calibration, chunk, exclude, method, mode, percentile, recipe, scheme, skip-first-last, weight-format, weight-granularity
// RUN: not fp8-opt %s --fp8-ptq-pipeline="calibraton=x.json" 2>&1 | count 1
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic exclud=fc1" 2>&1 | FileCheck %s --check-prefix=QUANTIZE
// QUANTIZE: fp8-opt: error: --fp8-quantize has no option 'exclud' (did you mean 'exclude'?); its options are {{.*}}, exclude, {{.*}}
// RUN: not fp8-opt %s -fp8-cpu-pipeline="targt=generic" 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: fp8-opt: error: -fp8-cpu-pipeline has no option 'targt' (did you mean 'target'?); its options are check-host-cpu, observers-to-runtime, profile, results-to-out-params, target, threads
// Upstream passes too; no suggestion when nothing is close.
// RUN: not fp8-opt %s --canonicalize="max-iteration=3 zzz=1" 2>&1 | FileCheck %s --check-prefix=UPSTREAM
// UPSTREAM: fp8-opt: error: --canonicalize has no option 'max-iteration' (did you mean 'max-iterations'?); its options are
// RUN: not fp8-opt %s --fp8-fuse="anything=1" 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: fp8-opt: error: --fp8-fuse has no option 'anything'; its options are none
// Quoted values with spaces and valid options pass the check.
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic exclude='fc 1'" -o /dev/null

// A space for the '=': the options became positional arguments (cl says
// "Too many positional arguments").
// RUN: not fp8-opt %s --fp8-ptq-pipeline calibration=x.json method=mse 2>&1 | FileCheck %s --check-prefix=SPACE
// SPACE: fp8-opt: error: 'calibration=x.json method=mse' after --fp8-ptq-pipeline is not part of it: pass options follow '=' in one quoted argument: --fp8-ptq-pipeline="calibration=x.json method=mse"
// RUN: not fp8-opt %s --fp8-ptq-pipeline calibration=x.json 2>&1 | count 1

func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<8x16xf32>
  %z = arith.constant dense<0.0> : tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%z : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
