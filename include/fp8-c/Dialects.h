//===- Dialects.h - C API of the fp8 dialect ----------------------*- C -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fp8 dialect for C (and Python, Rust, ...) embedders: the dialect
// handle, the FP8 storage types and the dialect attributes. Registration of
// the passes and of the interface models is in fp8-c/Registration.h.
//
// Functions that take a name (a format, a rounding mode, a layout) return a
// null object (check with mlirTypeIsNull / mlirAttributeIsNull) for a name
// they do not know.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_C_DIALECTS_H
#define FP8_C_DIALECTS_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__fp8__(): registers or loads the fp8 dialect through
/// mlirDialectHandleRegisterDialect / mlirDialectHandleLoadDialect. This adds
/// the dialect only; fp8RegisterAllDialects also adds the external interface
/// models (bufferization) that one-shot-bufferize needs.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(FP8, fp8);

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// True for every FP8 storage type: the builtin f8 types of the formats the
/// project supports (f8E4M3FN, f8E5M2, f8E3M4, f8E4M3FNUZ, f8E5M2FNUZ,
/// f8E4M3, f8E4M3B11FNUZ) and the dialect types such as !fp8.e3m4fn.
/// f8E8M0FNU (a scale type) is not a storage type.
MLIR_CAPI_EXPORTED bool fp8TypeIsAStorageType(MlirType type);

/// The storage type of the format with option name `formatName` (`e4m3`,
/// `e5m2`, `e3m4`, `e3m4fn`, `e4m3fnuz`, `e5m2fnuz`, `e4m3ieee`,
/// `e4m3b11fnuz`: the names the passes take). A null type for an unknown
/// name.
MLIR_CAPI_EXPORTED MlirType fp8StorageTypeGet(MlirContext ctx,
                                              MlirStringRef formatName);

/// The option name of the format of a storage type (`e4m3`, ...); a null
/// string reference (data == NULL, length 0) for any other type. The string
/// is static: it outlives every context.
MLIR_CAPI_EXPORTED MlirStringRef fp8StorageTypeGetFormatName(MlirType type);

/// !fp8.e3m4fn: the E3M4 of Shen et al. 2023 (bias 3, no inf, max 30). The
/// fp8 dialect must be loaded in `ctx`.
MLIR_CAPI_EXPORTED MlirType fp8E3M4FNTypeGet(MlirContext ctx);
MLIR_CAPI_EXPORTED bool fp8TypeIsAE3M4FN(MlirType type);
MLIR_CAPI_EXPORTED MlirTypeID fp8E3M4FNTypeGetTypeID(void);

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

/// #fp8.rounding<...> from its keyword: `nearest_even`, `stochastic` or
/// `toward_zero`. A null attribute for any other name.
MLIR_CAPI_EXPORTED MlirAttribute fp8RoundingAttrGet(MlirContext ctx,
                                                    MlirStringRef rounding);
MLIR_CAPI_EXPORTED bool fp8RoundingAttrIsA(MlirAttribute attr);
/// The keyword of a #fp8.rounding attribute (static storage).
MLIR_CAPI_EXPORTED MlirStringRef fp8RoundingAttrGetValue(MlirAttribute attr);

/// #fp8.layout<...>, the layout of the B operand of fp8.scaled_matmul, from
/// its keyword: `kn` or `nk`. A null attribute for any other name.
MLIR_CAPI_EXPORTED MlirAttribute fp8MatrixLayoutAttrGet(MlirContext ctx,
                                                        MlirStringRef layout);
MLIR_CAPI_EXPORTED bool fp8MatrixLayoutAttrIsA(MlirAttribute attr);
/// The keyword of a #fp8.layout attribute (static storage).
MLIR_CAPI_EXPORTED MlirStringRef
fp8MatrixLayoutAttrGetValue(MlirAttribute attr);

#ifdef __cplusplus
}
#endif

#endif // FP8_C_DIALECTS_H
