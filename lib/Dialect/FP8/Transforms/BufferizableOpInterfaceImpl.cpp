//===- BufferizableOpInterfaceImpl.cpp - Bufferization of fp8 ops ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every fp8 op except observe is in destination-passing style and has a
// memref form, so bufferization swaps tensor operands for buffers, as linalg
// does. Observe aliases its operand.
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/Transforms/BufferizableOpInterfaceImpl.h"

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::fp8;

namespace {

/// Replaces every tensor operand with its buffer and re-creates the op in
/// its memref form, which has no results; the inits' buffers replace the
/// tensor results.
static LogicalResult bufferizeDpsOp(RewriterBase &rewriter, Operation *op,
                                    const BufferizationOptions &options,
                                    BufferizationState &state) {
  auto dps = cast<DestinationStyleOpInterface>(op);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  SmallVector<Value> newOperands;
  SmallVector<Value> initBuffers;
  for (OpOperand &operand : op->getOpOperands()) {
    Value value = operand.get();
    if (!isa<TensorType>(value.getType())) {
      newOperands.push_back(value);
      continue;
    }
    FailureOr<Value> buffer = getBuffer(rewriter, value, options, state);
    if (failed(buffer))
      return failure();
    newOperands.push_back(*buffer);
    if (dps.isDpsInit(&operand))
      initBuffers.push_back(*buffer);
  }
  Operation *bufferized =
      mlir::clone(rewriter, op, /*newResultTypes=*/TypeRange(), newOperands);
  (void)bufferized;
  replaceOpWithBufferizedValues(rewriter, op, initBuffers);
  return success();
}

template <typename OpTy, bool ReadsInits>
struct DpsOpInterface : public DstBufferizableOpInterfaceExternalModel<
                            DpsOpInterface<OpTy, ReadsInits>, OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &opOperand,
                              const AnalysisState &) const {
    // Elementwise ops overwrite their inits entirely; matmuls accumulate.
    return ReadsInits ||
           !cast<DestinationStyleOpInterface>(op).isDpsInit(&opOperand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    return bufferizeDpsOp(rewriter, op, options, state);
  }
};

struct ObserveOpInterface
    : public BufferizableOpInterface::ExternalModel<ObserveOpInterface,
                                                    ObserveOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return true;
  }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return false;
  }
  AliasingValueList getAliasingValues(Operation *op, OpOperand &,
                                      const AnalysisState &) const {
    return {{op->getResult(0), BufferRelation::Equivalent}};
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto observe = cast<ObserveOp>(op);
    FailureOr<Value> buffer =
        getBuffer(rewriter, observe.getInput(), options, state);
    if (failed(buffer))
      return failure();
    ObserveOp::create(rewriter, op->getLoc(), *buffer, observe.getIdAttr());
    replaceOpWithBufferizedValues(rewriter, op, *buffer);
    return success();
  }
};

} // namespace

void mlir::fp8::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, FP8Dialect *) {
    QuantizeOp::attachInterface<DpsOpInterface<QuantizeOp, false>>(*context);
    DequantizeOp::attachInterface<DpsOpInterface<DequantizeOp, false>>(
        *context);
    DynamicQuantizeOp::attachInterface<
        DpsOpInterface<DynamicQuantizeOp, false>>(*context);
    ScaledMatmulOp::attachInterface<DpsOpInterface<ScaledMatmulOp, true>>(
        *context);
    BatchScaledMatmulOp::attachInterface<
        DpsOpInterface<BatchScaledMatmulOp, true>>(*context);
    ObserveOp::attachInterface<ObserveOpInterface>(*context);
  });
}
