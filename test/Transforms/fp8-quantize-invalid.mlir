// Every mistake in the options or the calibration table is one diagnostic
// that names the option, the file or the tensor.
//
// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc1/lhs=2.0
// RUN: not fp8-opt %s --fp8-quantize -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTABLE
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.missing.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-format=e4m4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic activation-format=int4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=AFORMAT
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.json activation-format=int8" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT8MIXED
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-format=int8 activation-format=int8" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT8DYNAMIC
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.json weight-format=int8 activation-format=int8 method=mse" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT8METHOD
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.json weight-format=int8 activation-format=int8 weight-granularity=block" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT8BLOCK
// RUN: not fp8-opt %s --fp8-quantize="mode=sometimes" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.json method=median" -o /dev/null 2>&1 | FileCheck %s --check-prefix=METHOD
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.json method=percentile percentile=100.5" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PERCENTILE
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=row" -o /dev/null 2>&1 | FileCheck %s --check-prefix=GRANULARITY
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic exclude=fc(" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REGEX
// RUN: not fp8-opt %s --fp8-quantize="mode=dynamic scheme=tiny" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHEME
// RUN: %python %S/Inputs/make_calibration_table.py %t.other.json other/lhs=1.0
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.other.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSINGID
// RUN: %python -c "import json,sys; t=json.load(open(sys.argv[1])); t['version']=7; json.dump(t, open(sys.argv[2], 'w'))" %t.json %t.v7.json
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.v7.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=VERSION
// RUN: %python -c "open('%t.bad.json', 'w').write('{\"format\": \"fp8-calibration\", ')"
// RUN: not fp8-opt %s --fp8-quantize="calibration=%t.bad.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MALFORMED

// NOTABLE: error: fp8-quantize: mode=static needs calibration=FILE
// NOFILE: error: fp8-quantize: {{.*}}.missing.json
// FORMAT: fp8-opt: for the --weight-format option: 'e4m4' is unknown; expected e4m3, e5m2, e3m4, e3m4fn, e4m3fnuz, e5m2fnuz, e4m3ieee, e4m3b11fnuz or int8
// AFORMAT: fp8-opt: for the --activation-format option: 'int4' is unknown; expected e4m3, {{.*}} or int8
// INT8MIXED: error: fp8-quantize: int8 is a baseline for weights and activations together; use weight-format=int8 activation-format=int8 (got weight-format='e4m3' activation-format='int8')
// INT8DYNAMIC: error: fp8-quantize: int8 needs mode=static
// INT8METHOD: error: fp8-quantize: method='mse' models the FP8 grid; with int8 use max or percentile
// INT8BLOCK: error: fp8-quantize: int8 supports weight-granularity=tensor or channel
// MODE: fp8-opt: for the --mode option: 'sometimes' is unknown; expected static or dynamic
// METHOD: fp8-opt: for the --method option: 'median' is unknown; expected max, percentile, mse or kl
// PERCENTILE: error: fp8-quantize: percentile=100.5{{0*}} is out of range; expected a value in (0, 100]
// BLOCK: error: {{.*}}fp8-quantize: block-size 3 does not divide dimension 1 (16) of weight 'fc1/rhs'
// GRANULARITY: fp8-opt: for the --weight-granularity option: 'row' is unknown; expected tensor, channel or block
// REGEX: error: fp8-quantize: exclude='fc(' is not a valid regular expression
// SCHEME: fp8-opt: for the --scheme option: 'tiny' is unknown; expected standard or extended
// MISSINGID: error: {{.*}}fp8-quantize: calibration table '{{.*}}.other.json' has no entry for tensor 'fc1/lhs'
// VERSION: error: fp8-quantize: {{.*}}.v7.json{{.*}}version
// MALFORMED: error: fp8-quantize: {{.*}}.bad.json
func.func @fc(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32> loc("fc1")
  return %y : tensor<4x16xf32>
}
