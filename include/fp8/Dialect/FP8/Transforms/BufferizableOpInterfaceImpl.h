//===- BufferizableOpInterfaceImpl.h - fp8 bufferization --------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define FP8_DIALECT_FP8_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace fp8 {
/// Registers the BufferizableOpInterface models of the fp8 ops, so that
/// one-shot-bufferize turns them into their memref forms.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace fp8
} // namespace mlir

#endif // FP8_DIALECT_FP8_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
