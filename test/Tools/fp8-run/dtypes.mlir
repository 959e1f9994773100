// Every .npy dtype fp8-run exchanges, in and out: <f2, |i1, |u1, <i4 and
// FP8 tensors as their codes (|u1); bf16 results are written as <f4. Input
// files in .npy versions 2.0 and 3.0 read as 1.0 does.
//
// FP8 round trip: every finite E4M3 code, dequantized with scale 1 and
// quantized back, gives the same code; the dequantized values equal an
// independent numpy decoding of the codes.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; from numpy.lib import format as f; np.save('%t/half.npy', np.array([[0.5, -1.25], [65504, 3]], np.float16)); f.write_array(open('%t/small.npy', 'wb'), np.array([-128, -1, 0, 127], np.int8), version=(2, 0)); f.write_array(open('%t/wide.npy', 'wb'), np.array([1, -2, 3 << 20], np.int32), version=(3, 0)); np.save('%t/bytes.npy', np.array([0, 7, 255], np.uint8)); codes = np.array([c for c in range(256) if c & 0x7F != 0x7F], np.uint8); np.save('%t/codes.npy', codes); np.save('%t/wide_f32.npy', np.array([1.0, 1.00390625, -3.1415927], np.float32))"
// RUN: fp8-run %s --entry f --input %t/half.npy --input %t/small.npy --input %t/wide.npy --input %t/bytes.npy --input %t/codes.npy --input %t/wide_f32.npy --output-dir %t/out
// RUN: %python -c "import numpy as np; r = [np.load('%t/out/f_result' + str(i) + '.npy') for i in range(6)]; print([str(a.dtype) for a in r]); print(r[0].tolist(), r[1].tolist(), r[2].tolist(), r[3].tolist(), r[5].tolist())" | FileCheck %s
// CHECK: ['float16', 'int8', 'int32', 'uint8', 'float32', 'float32']
// CHECK-NEXT: {{\[}}[1.0, -2.5], [inf, 6.0]] [-127, 0, 1, -128] [3, -6, 9437184] [0, 7, 255] [1.0, 1.0, -3.140625]

// RUN: %python -c "import numpy as np; codes = np.load('%t/codes.npy').astype(np.int64); values = np.load('%t/out/f_result4.npy'); e = (codes >> 3) & 15; m = codes & 7; magnitude = np.where(e == 0, m / 8 * 2.0 ** -6, (1 + m / 8) * 2.0 ** (e - 7)); expected = np.where(codes >> 7 == 1, -magnitude, magnitude); print('decode ok' if np.array_equal(values, expected.astype(np.float32)) else 'decode MISMATCH')" | FileCheck %s --check-prefix=DECODE
// DECODE: decode ok
// RUN: fp8-run %s --entry roundtrip --input %t/codes.npy --output-dir %t/out
// RUN: cmp %t/codes.npy %t/out/roundtrip_result0.npy

func.func @f(%half: tensor<2x2xf16>, %small: tensor<4xi8>, %wide: tensor<3xi32>, %bytes: tensor<3xui8>,
             %codes: tensor<254xf8E4M3FN>, %f32: tensor<3xf32>)
    -> (tensor<2x2xf16>, tensor<4xi8>, tensor<3xi32>, tensor<3xui8>, tensor<254xf32>, tensor<3xbf16>) {
  %h = linalg.add ins(%half, %half : tensor<2x2xf16>, tensor<2x2xf16>) outs(%half : tensor<2x2xf16>) -> tensor<2x2xf16>
  %ones = arith.constant dense<1> : tensor<4xi8>
  %s = linalg.add ins(%small, %ones : tensor<4xi8>, tensor<4xi8>) outs(%small : tensor<4xi8>) -> tensor<4xi8>
  %threes = arith.constant dense<3> : tensor<3xi32>
  %w = linalg.mul ins(%wide, %threes : tensor<3xi32>, tensor<3xi32>) outs(%wide : tensor<3xi32>) -> tensor<3xi32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %init = tensor.empty() : tensor<254xf32>
  %values = fp8.dequantize %codes, %one into %init : tensor<254xf8E4M3FN>, tensor<f32> into tensor<254xf32>
  %binit = tensor.empty() : tensor<3xbf16>
  %b = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%f32 : tensor<3xf32>) outs(%binit : tensor<3xbf16>) {
  ^bb0(%x: f32, %out: bf16):
    %t = arith.truncf %x : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<3xbf16>
  return %h, %s, %w, %bytes, %values, %b : tensor<2x2xf16>, tensor<4xi8>, tensor<3xi32>, tensor<3xui8>, tensor<254xf32>, tensor<3xbf16>
}

func.func @roundtrip(%codes: tensor<254xf8E4M3FN>) -> tensor<254xf8E4M3FN> {
  %one = arith.constant dense<1.0> : tensor<f32>
  %init = tensor.empty() : tensor<254xf32>
  %values = fp8.dequantize %codes, %one into %init : tensor<254xf8E4M3FN>, tensor<f32> into tensor<254xf32>
  %qinit = tensor.empty() : tensor<254xf8E4M3FN>
  %back = fp8.quantize %values, %one into %qinit : tensor<254xf32>, tensor<f32> into tensor<254xf8E4M3FN>
  return %back : tensor<254xf8E4M3FN>
}
