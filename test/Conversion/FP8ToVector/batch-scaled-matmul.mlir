// fp8.batch_scaled_matmul on the CPU: convert-fp8-to-vector makes it a loop
// over the batch of fp8.scaled_matmul on each batch's slices (the op's
// definition, so the bits are the same: test/Integration/CPU/scaled-matmul-*
// case 7 checks them), and each slice takes the scaled-matmul kernel. A
// scale's batch index follows the block-broadcast rule: per batch, one for
// all (size 1) or blocks of batches. Four or more small matmuls (at most
// 2^24 multiply-adds each) are an scf.forall over the batch, whose
// matmuls' own foralls fp8-serialize-nested-foralls makes sequential;
// fewer or larger ones an scf.for, each matmul's tiles in parallel.
//
// RUN: fp8-opt %s --pass-pipeline='builtin.module(convert-fp8-to-vector{target=generic},fp8-vectorize-elementwise{target=generic})' | FileCheck %s

// CHECK-LABEL: func.func @attention_scores
// CHECK-SAME:    (%[[Q:.*]]: tensor<12x128x64xf8E4M3FN>, %[[K:.*]]: tensor<12x128x64xf8E4M3FN>, %[[SQ:.*]]: tensor<12x1x1xf32>, %[[SK:.*]]: tensor<f32>, %[[INIT:.*]]: tensor<12x128x128xf32>)
// CHECK:         %[[LOOP:.*]] = scf.forall (%[[I:[a-z0-9]+]]) in (12) shared_outs(%[[ACC:.*]] = %[[INIT]]) -> (tensor<12x128x128xf32>)
// CHECK-DAG:       tensor.extract_slice %[[ACC]][%[[I]], 0, 0] [1, 128, 128] [1, 1, 1] : tensor<12x128x128xf32> to tensor<128x128xf32>
// CHECK-DAG:       tensor.extract_slice %[[Q]][%[[I]], 0, 0] [1, 128, 64] [1, 1, 1] : tensor<12x128x64xf8E4M3FN> to tensor<128x64xf8E4M3FN>
// CHECK-DAG:       tensor.extract_slice %[[K]][%[[I]], 0, 0] [1, 128, 64] [1, 1, 1] : tensor<12x128x64xf8E4M3FN> to tensor<128x64xf8E4M3FN>
// CHECK-DAG:       tensor.extract_slice %[[SQ]][%[[I]], 0, 0] [1, 1, 1] [1, 1, 1] : tensor<12x1x1xf32> to tensor<1x1xf32>
// The kernel, not the reference's linalg.generic over all of M x N x K:
// CHECK:           scf.forall
// CHECK:           vector.fma
// CHECK:           tensor.parallel_insert_slice %{{.*}} into %[[ACC]][%[[I]], 0, 0] [1, 128, 128] [1, 1, 1]
// CHECK:         return %[[LOOP]]
func.func @attention_scores(%q: tensor<12x128x64xf8E4M3FN>, %k: tensor<12x128x64xf8E4M3FN>, %sq: tensor<12x1x1xf32>, %sk: tensor<f32>, %init: tensor<12x128x128xf32>) -> tensor<12x128x128xf32> {
  %r = fp8.batch_scaled_matmul %q, %k scales(%sq, %sk) into %init {b_layout = #fp8.layout<nk>} : tensor<12x128x64xf8E4M3FN>, tensor<12x128x64xf8E4M3FN>, tensor<12x1x1xf32>, tensor<f32> into tensor<12x128x128xf32>
  return %r : tensor<12x128x128xf32>
}

// CHECK-LABEL: func.func @shared_and_blocked_scales
// A scale of size 1 along the batch is read at 0, blocks of 2 batches at i / 2:
// CHECK:         scf.forall (%[[I:[a-z0-9]+]]) in (4)
// CHECK-DAG:       tensor.extract_slice %{{.*}}[0, 0, 0] [1, 8, 1] [1, 1, 1] : tensor<1x8x1xf32> to tensor<8x1xf32>
// CHECK-DAG:       %[[BLOCK:.*]] = arith.divui %[[I]], %{{.*}} : index
// CHECK-DAG:       tensor.extract_slice %{{.*}}[%[[BLOCK]], 0, 0] [1, 1, 32] [1, 1, 1] : tensor<2x1x32xf32> to tensor<1x32xf32>
func.func @shared_and_blocked_scales(%a: tensor<4x8x64xf8E4M3FN>, %b: tensor<4x64x32xf8E5M2>, %sa: tensor<1x8x1xf32>, %sb: tensor<2x1x32xf32>, %init: tensor<4x8x32xf32>) -> tensor<4x8x32xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %init : tensor<4x8x64xf8E4M3FN>, tensor<4x64x32xf8E5M2>, tensor<1x8x1xf32>, tensor<2x1x32xf32> into tensor<4x8x32xf32>
  return %r : tensor<4x8x32xf32>
}

// CHECK-LABEL: func.func @few_batches
// Three batches: in order, each matmul's tiles in parallel.
// CHECK:         %[[LOOP:.*]] = scf.for %[[I:[a-z0-9]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<3x64x64xf32>)
// CHECK:           scf.forall
// CHECK:           tensor.insert_slice %{{.*}} into %[[ACC]][%[[I]], 0, 0] [1, 64, 64] [1, 1, 1]
// CHECK:         return %[[LOOP]]
func.func @few_batches(%a: tensor<3x64x256xf8E4M3FN>, %b: tensor<3x256x64xf8E4M3FN>, %s: tensor<f32>, %init: tensor<3x64x64xf32>) -> tensor<3x64x64xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %init : tensor<3x64x256xf8E4M3FN>, tensor<3x256x64xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<3x64x64xf32>
  return %r : tensor<3x64x64xf32>
}

// CHECK-LABEL: func.func @large_matmuls
// Four matmuls of 2^25 multiply-adds: in order too.
// CHECK:         scf.for %{{.*}} iter_args(%{{.*}}) -> (tensor<4x256x256xf32>)
func.func @large_matmuls(%a: tensor<4x256x512xf8E4M3FN>, %b: tensor<4x512x256xf8E4M3FN>, %s: tensor<f32>, %init: tensor<4x256x256xf32>) -> tensor<4x256x256xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %init : tensor<4x256x512xf8E4M3FN>, tensor<4x512x256xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x256x256xf32>
  return %r : tensor<4x256x256xf32>
}
