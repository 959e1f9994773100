// A static tensor.pad with a constant value: convert-fp8-to-vector writes it
// as a fill of the result and a vector copy of the source into the
// interior, in place (the loop nest carries the interior's extract_slice,
// so bufferization writes the padded buffer directly instead of copying
// through a strided memref.copy). The ResNet block's convolution inputs.
//
// RUN: fp8-opt %s --convert-fp8-to-vector=target=generic --fp8-vectorize-elementwise=target=generic | FileCheck %s

// CHECK-LABEL: func.func @pad
// CHECK-SAME:    (%[[X:.*]]: tensor<1x16x28x32xf32>)
// CHECK:         %[[FILLED:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x16x30x34xf32>)
// CHECK:         %[[INTERIOR:.*]] = tensor.extract_slice %[[FILLED]][0, 0, 1, 1] [1, 16, 28, 32] [1, 1, 1, 1]
// CHECK:         %[[COPIED:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INTERIOR]])
// CHECK:           vector.transfer_read %[[X]]{{.*}} : tensor<1x16x28x32xf32>, vector<8xf32>
// CHECK:           vector.transfer_write
// CHECK:         %[[RESULT:.*]] = tensor.insert_slice %[[COPIED]] into %[[FILLED]][0, 0, 1, 1] [1, 16, 28, 32] [1, 1, 1, 1]
// CHECK-NOT:     tensor.pad
// CHECK:         return %[[RESULT]]
func.func @pad(%x: tensor<1x16x28x32xf32>) -> tensor<1x16x30x34xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x16x28x32xf32> to tensor<1x16x30x34xf32>
  return %p : tensor<1x16x30x34xf32>
}

// A padding value computed per element stays a tensor.pad.
// CHECK-LABEL: func.func @computed_padding
// CHECK:         tensor.pad
func.func @computed_padding(%x: tensor<4x8xf32>) -> tensor<6x8xf32> {
  %p = tensor.pad %x low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    %c = arith.index_cast %i : index to i32
    %f = arith.sitofp %c : i32 to f32
    tensor.yield %f : f32
  } : tensor<4x8xf32> to tensor<6x8xf32>
  return %p : tensor<6x8xf32>
}

// The ResNet block's pad: a fill of 32Ki elements or more is a parallel
// loop of vector stores (one channel a tile), not one thread's memset,
// and so is the copy.
// CHECK-LABEL: func.func @large_pad
// CHECK-NOT:     linalg.fill
// CHECK:         %[[FILLED:.*]] = scf.for
// CHECK:           scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 128, 30, 30) step (1, 1, 30, 30)
// CHECK:             vector.transfer_write %{{.*}} : vector<6xf32>, tensor<1x1x30x30xf32>
// CHECK:         tensor.extract_slice %[[FILLED]][0, 0, 1, 1] [1, 128, 28, 28] [1, 1, 1, 1]
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 128, 28, 28) step (1, 1, 28, 28)
// CHECK:           vector.transfer_read
// CHECK-NOT:     tensor.pad
func.func @large_pad(%x: tensor<1x128x28x28xf32>) -> tensor<1x128x30x30xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x128x28x28xf32> to tensor<1x128x30x30xf32>
  return %p : tensor<1x128x30x30xf32>
}
