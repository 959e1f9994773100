//===- KernelBuilder.cpp - gpu.launch on device copies of buffers ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::fp8;

Value mlir::fp8::indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

SmallVector<Value> mlir::fp8::getDimSizes(OpBuilder &b, Location loc,
                                          Value memref) {
  SmallVector<Value> sizes;
  auto type = cast<MemRefType>(memref.getType());
  for (int64_t i = 0, e = type.getRank(); i < e; ++i)
    sizes.push_back(type.isDynamicDim(i)
                        ? memref::DimOp::create(b, loc, memref, i).getResult()
                        : indexConstant(b, loc, type.getDimSize(i)));
  return sizes;
}

Value mlir::fp8::getProduct(OpBuilder &b, Location loc, ArrayRef<Value> sizes) {
  Value product = indexConstant(b, loc, 1);
  for (Value size : sizes)
    product = b.createOrFold<arith::MulIOp>(loc, product, size);
  return product;
}

SmallVector<Value> mlir::fp8::delinearize(OpBuilder &b, Location loc,
                                          Value linear, ArrayRef<Value> sizes) {
  SmallVector<Value> indices(sizes.size());
  for (int64_t i = static_cast<int64_t>(sizes.size()) - 1; i >= 0; --i) {
    if (i == 0) {
      indices[i] = linear;
      break;
    }
    indices[i] = arith::RemUIOp::create(b, loc, linear, sizes[i]);
    linear = arith::DivUIOp::create(b, loc, linear, sizes[i]);
  }
  return indices;
}

SmallVector<Value> mlir::fp8::getScaleIndices(OpBuilder &b, Location loc,
                                              ShapedType data, ShapedType scale,
                                              ArrayRef<Value> dataIndices) {
  SmallVector<Value> indices;
  if (scale.getRank() == 0)
    return indices;
  for (auto [dim, index] :
       llvm::zip_equal(getScaleDimensions(data, scale), dataIndices)) {
    switch (dim.kind) {
    case ScaleDimension::Broadcast:
      indices.push_back(indexConstant(b, loc, 0));
      break;
    case ScaleDimension::PerElement:
      indices.push_back(index);
      break;
    case ScaleDimension::Block:
      indices.push_back(arith::DivUIOp::create(
          b, loc, index, indexConstant(b, loc, dim.blockSize)));
      break;
    }
  }
  return indices;
}

Value mlir::fp8::ceilDiv(OpBuilder &b, Location loc, Value a, Value divisor) {
  return b.createOrFold<arith::CeilDivUIOp>(loc, a, divisor);
}

Value mlir::fp8::decodeElement(OpBuilder &b, Location loc,
                               const FP8GPUTarget &target, Value code,
                               Type fp8Type) {
  if (Value decoded = target.decode(b, loc, code, fp8Type))
    return decoded;
  return FloatCodec(b, loc, ::fp8::getFormat(*getFormatKind(fp8Type)))
      .decode(code);
}

Value mlir::fp8::encodeElement(OpBuilder &b, Location loc,
                               const FP8GPUTarget &target, Value value,
                               Type fp8Type, ::fp8::EncodeOptions options,
                               Value randomBits) {
  if (Value code = target.encode(b, loc, value, fp8Type, options))
    return code;
  return FloatCodec(b, loc, ::fp8::getFormat(*getFormatKind(fp8Type)))
      .encode(value, options, randomBits);
}

LogicalResult mlir::fp8::checkOperandFormats(Operation *op,
                                             const FP8GPUTarget &target,
                                             PatternRewriter &rewriter) {
  for (Value operand : op->getOperands()) {
    Type element = getElementTypeOrSelf(operand.getType());
    if (!isFP8StorageType(element) || isa<Float8E8M0FNUType>(element))
      continue;
    if (failed(target.checkFormat(op, element)))
      return failure();
  }
  return success();
}

/// An identity-layout memref type with the shape and element type of `type`.
static MemRefType getContiguousType(MemRefType type) {
  return MemRefType::get(type.getShape(), type.getElementType());
}

static SmallVector<Value> getDynamicSizes(OpBuilder &b, Location loc,
                                          Value memref) {
  SmallVector<Value> sizes;
  auto type = cast<MemRefType>(memref.getType());
  for (int64_t i = 0, e = type.getRank(); i < e; ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(memref::DimOp::create(b, loc, memref, i));
  return sizes;
}

void mlir::fp8::buildDeviceLaunch(
    OpBuilder &b, Location loc, ArrayRef<KernelBuffer> buffers,
    std::array<Value, 3> gridSize, std::array<Value, 3> blockSize,
    function_ref<void(OpBuilder &, Location, gpu::LaunchOp, ArrayRef<Value>)>
        body) {
  Type tokenType = b.getType<gpu::AsyncTokenType>();
  Value token =
      gpu::WaitOp::create(b, loc, tokenType, ValueRange{}).getAsyncToken();

  // gpu.memcpy needs contiguous buffers: strided views go through a
  // contiguous host copy.
  SmallVector<Value> hostBuffers, deviceBuffers;
  for (const KernelBuffer &buffer : buffers) {
    auto type = cast<MemRefType>(buffer.host.getType());
    Value host = buffer.host;
    if (!type.getLayout().isIdentity()) {
      host = memref::AllocOp::create(b, loc, getContiguousType(type),
                                     getDynamicSizes(b, loc, buffer.host));
      if (buffer.read)
        memref::CopyOp::create(b, loc, buffer.host, host);
    }
    hostBuffers.push_back(host);
    auto alloc = gpu::AllocOp::create(
        b, loc, getContiguousType(type), tokenType, ValueRange{token},
        getDynamicSizes(b, loc, host), ValueRange{}, /*hostShared=*/false);
    token = alloc.getAsyncToken();
    deviceBuffers.push_back(alloc.getMemref());
    if (buffer.read)
      token = gpu::MemcpyOp::create(b, loc, tokenType, ValueRange{token},
                                    alloc.getMemref(), host)
                  .getAsyncToken();
  }

  auto launch = gpu::LaunchOp::create(
      b, loc, gridSize[0], gridSize[1], gridSize[2], blockSize[0], blockSize[1],
      blockSize[2], /*dynamicSharedMemorySize=*/nullptr, tokenType,
      ValueRange{token});
  {
    OpBuilder::InsertionGuard guard(b);
    Block &entry = launch.getBody().front();
    b.setInsertionPointToEnd(&entry);
    body(b, loc, launch, deviceBuffers);
    gpu::TerminatorOp::create(b, loc);
  }
  token = launch.getAsyncToken();

  for (auto [buffer, host, device] :
       llvm::zip_equal(buffers, hostBuffers, deviceBuffers)) {
    if (buffer.written)
      token = gpu::MemcpyOp::create(b, loc, tokenType, ValueRange{token}, host,
                                    device)
                  .getAsyncToken();
  }
  for (Value device : deviceBuffers)
    token = gpu::DeallocOp::create(b, loc, tokenType, ValueRange{token}, device)
                .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{token});

  for (auto [buffer, host] : llvm::zip_equal(buffers, hostBuffers)) {
    if (host == buffer.host)
      continue;
    if (buffer.written)
      memref::CopyOp::create(b, loc, host, buffer.host);
    memref::DeallocOp::create(b, loc, host);
  }
}

Value mlir::fp8::fixEncodedNaN(OpBuilder &b, Location loc, Value value,
                               Value code, const ::fp8::Format &format) {
  Type i8 = b.getI8Type();
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  Value nanCode;
  if (format.encoding == ::fp8::Encoding::FNUZ) {
    nanCode = arith::ConstantIntOp::create(b, loc, i8, 0x80);
  } else {
    // The sign of the input, on the format's canonical NaN.
    Value bits = arith::BitcastOp::create(b, loc, b.getI32Type(), value);
    Value sign = arith::TruncIOp::create(
        b, loc, i8,
        arith::ShRUIOp::create(
            b, loc, bits,
            arith::ConstantIntOp::create(b, loc, b.getI32Type(), 24)));
    sign = arith::AndIOp::create(
        b, loc, sign, arith::ConstantIntOp::create(b, loc, i8, 0x80));
    nanCode = arith::OrIOp::create(
        b, loc, sign,
        arith::ConstantIntOp::create(b, loc, i8, format.nanCode(false)));
  }
  return arith::SelectOp::create(b, loc, isNaN, nanCode, code);
}

Value mlir::fp8::fixDecodedNaN(OpBuilder &b, Location loc, Value code,
                               Value value, const ::fp8::Format &format) {
  Type i32 = b.getI32Type();
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  Value quiet = arith::ConstantIntOp::create(b, loc, i32, 0x7FC00000);
  if (format.encoding != ::fp8::Encoding::FNUZ) {
    Value sign = arith::ShLIOp::create(
        b, loc,
        arith::AndIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i32, code),
                              arith::ConstantIntOp::create(b, loc, i32, 0x80)),
        arith::ConstantIntOp::create(b, loc, i32, 24));
    quiet = arith::OrIOp::create(b, loc, quiet, sign);
  }
  Value nan = arith::BitcastOp::create(b, loc, b.getF32Type(), quiet);
  return arith::SelectOp::create(b, loc, isNaN, nan, value);
}
