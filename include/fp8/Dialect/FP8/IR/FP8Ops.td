//===- FP8Ops.td - FP8 dialect operations ------------------*- tablegen -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8OPS_TD
#define FP8_DIALECT_FP8_IR_FP8OPS_TD

include "fp8/Dialect/FP8/IR/FP8Attrs.td"
include "fp8/Dialect/FP8/IR/FP8Dialect.td"
include "fp8/Dialect/FP8/IR/FP8Types.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/TilingInterface.td"

// Shapes are checked by the verifiers, which cite the constraints of
// docs/Spec.md; ODS only restricts operands to ranked tensors or memrefs.
def FP8_Shaped : AnyTypeOf<[AnyRankedTensor, AnyMemRef]>;

/// Ops in destination-passing style: on tensors, one result per `into`
/// operand, of its type; on memrefs, no result.
class FP8_DpsOp<string mnemonic, list<Trait> traits = []>
    : FP8_Op<mnemonic, !listconcat(traits, [
        DestinationStyleOpInterface,
        DeclareOpInterfaceMethods<InferTypeOpInterface>,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

def FP8_QuantizeOp : FP8_DpsOp<"quantize"> {
  let summary = "quantizes f32/f16/bf16 values to an FP8 format";
  let description = [{
    Computes `stored = convert(x / scale)` element by element, where the
    division is an f32 division (f16 and bf16 inputs are widened first) and
    `convert` rounds onto the grid of the `into` operand's FP8 element type.
    The scale follows the block-broadcast rule (a rank-0 scale is
    per-tensor); f8E8M0FNU scales are powers of two.

    - `rounding`: `nearest_even` (default), `toward_zero`, or `stochastic`,
      which needs a seed: the `seed` attribute, or a `seed(%s : i64)`
      operand. Stochastic rounding of element `i` (row-major linear index)
      uses the 32 bits `stochasticRoundingBits(seed, i)` of the numerics
      library, so results are reproducible and independent of tiling.
    - `saturate` (default true): finite values beyond the largest finite
      value, and infinities, clamp to +-max. With `saturate = false`
      overflow gives NaN for formats without infinity and inf otherwise
      (OCP non-saturating mode). NaN stays NaN.

    Example:

    ```mlir
    %q = fp8.quantize %x, %scale into %init
        : tensor<4x256xf32>, tensor<4x2xf32> into tensor<4x256xf8E4M3FN>
    %r = fp8.quantize %x, %s seed(%step : i64) into %init
        {rounding = #fp8.rounding<stochastic>}
        : tensor<16xbf16>, tensor<f32> into tensor<16xf8E5M2>
    ```
  }];
  let arguments = (ins
    FP8_Shaped:$input,
    FP8_Shaped:$scale,
    Optional<AnySignlessInteger>:$seed_value,
    FP8_Shaped:$init,
    DefaultValuedAttr<FP8_RoundingAttr, "::mlir::fp8::Rounding::nearest_even">:$rounding,
    DefaultValuedAttr<BoolAttr, "true">:$saturate,
    OptionalAttr<I64Attr>:$seed
  );
  let results = (outs Optional<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    $input `,` $scale (`seed` `(` $seed_value^ `:` type($seed_value) `)`)?
    `into` $init attr-dict `:` type($input) `,` type($scale) `into` type($init)
  }];
  let hasFolder = 1;
  let builders = [
    // Round to nearest even, saturating.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$scale,
                   "::mlir::Value":$init), [{
      build($_builder, $_state, input, scale, /*seed_value=*/::mlir::Value(),
            init, ::mlir::fp8::Rounding::nearest_even, /*saturate=*/true,
            /*seed=*/nullptr);
    }]>,
  ];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

def FP8_DequantizeOp : FP8_DpsOp<"dequantize"> {
  let summary = "converts FP8 values back to f32/f16/bf16";
  let description = [{
    Computes `real = decode(stored) * scale` element by element as an f32
    product, rounded to the `into` operand's element type (f32, f16 or bf16).
    Decoding is exact for every format. The scale follows the
    block-broadcast rule.

    Example:

    ```mlir
    %x = fp8.dequantize %q, %scale into %init
        : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xf32>
    ```
  }];
  let arguments = (ins FP8_Shaped:$input, FP8_Shaped:$scale, FP8_Shaped:$init);
  let results = (outs Optional<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    $input `,` $scale `into` $init attr-dict
    `:` type($input) `,` type($scale) `into` type($init)
  }];
  let hasFolder = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
}

//===----------------------------------------------------------------------===//
// DynamicQuantizeOp
//===----------------------------------------------------------------------===//

def FP8_DynamicQuantizeOp : FP8_DpsOp<"dynamic_quantize"> {
  let summary = "computes block scales at run time, then quantizes";
  let description = [{
    For every block of the input (the block-broadcast rule between the input
    and the `scale_init` shapes: `[4, 1]` scales for a `4x256` input are
    per-row, i.e. per-token), computes `amax = max |x|` over the block and
    `scale = amax / max_finite(format) * 2^margin` (`margin` bits of
    headroom: amax quantizes to max_finite / 2^margin), rounded up to a power
    of two when `pow2_scale` is set (f8E8M0FNU scales require it); an amax
    of 0 gives scale 1 and scales below 2^-126 become 2^-126. Then quantizes the block as `fp8.quantize` with
    round-to-nearest-even and saturation. The format is the `q_init` element
    type. NaN in a block makes its scale NaN.

    Example (per-token E4M3 activations):

    ```mlir
    %q, %s = fp8.dynamic_quantize %x into %qi, %si
        : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x1xf32>
    ```
  }];
  let arguments = (ins
    FP8_Shaped:$input,
    FP8_Shaped:$q_init,
    FP8_Shaped:$scale_init,
    DefaultValuedAttr<I64Attr, "0">:$margin,
    DefaultValuedAttr<BoolAttr, "false">:$pow2_scale
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $input `into` $q_init `,` $scale_init attr-dict
    `:` type($input) `into` type($q_init) `,` type($scale_init)
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return ::mlir::MutableOperandRange(*this, /*start=*/1, /*length=*/2);
    }
  }];
}

//===----------------------------------------------------------------------===//
// ScaledMatmulOp and BatchScaledMatmulOp
//===----------------------------------------------------------------------===//

class FP8_ScaledMatmulBase<string mnemonic, list<Trait> traits = []>
    : FP8_DpsOp<mnemonic, traits> {
  let arguments = (ins
    FP8_Shaped:$a,
    FP8_Shaped:$b,
    FP8_Shaped:$scale_a,
    FP8_Shaped:$scale_b,
    Optional<FP8_Shaped>:$bias,
    FP8_Shaped:$init,
    DefaultValuedAttr<FP8_MatrixLayoutAttr, "::mlir::fp8::MatrixLayout::kn">:$b_layout,
    OptionalAttr<TypeAttr>:$acc_type,
    DefaultValuedAttr<I64Attr, "0">:$chunk
  );
  let results = (outs Optional<AnyRankedTensor>:$result);
  let assemblyFormat = [{
    $a `,` $b `scales` `(` $scale_a `,` $scale_b `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `into` $init attr-dict `:` type($a) `,` type($b) `,` type($scale_a) `,`
    type($scale_b) `into` type($init)
  }];
  code commonClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    /// Number of leading batch dimensions (0 or 1).
    unsigned getNumBatchDims();
    bool isTransposedB() { return getBLayout() == ::mlir::fp8::MatrixLayout::nk; }
    /// The accumulator type: `acc_type`, f32 when absent.
    ::mlir::Type getAccumulatorType() {
      if (std::optional<::mlir::Type> type = getAccType())
        return *type;
      return ::mlir::Float32Type::get(getContext());
    }
  }];
}

def FP8_ScaledMatmulOp : FP8_ScaledMatmulBase<"scaled_matmul", [
    DeclareOpInterfaceMethods<TilingInterface, [
      "getIterationDomain", "getLoopIteratorTypes", "getTiledImplementation",
      "getResultTilePosition", "generateResultTileValue"]>]> {
  let summary = "matrix product of FP8 operands with scales and chunked accumulation";
  let description = [{
    `C[m,n] += bias[n] + sum over chunks c of
      f32(sum_{k in c} decode(A[m,k]) * decode(B[k,n]) accumulated in acc_type)
      * scale_a[m/bm, k/bka] * scale_b[k/bkb, n/bn]`

    A is `[M, K]`; B is `[K, N]` (`b_layout = #fp8.layout<kn>`, default) or
    `[N, K]` (`#fp8.layout<nk>`), in any FP8 formats (mixed formats allowed).
    Scales follow the block-broadcast rule over A's and B's shapes: rank 0
    (per-tensor), per-row / per-column, or blocks, also along K (1x128 for A
    and 128x128 for B as in DeepSeek-V3, MX 1x32 with f8E8M0FNU).

    Accumulation: each product `decode(a) * decode(b)` is exact in f32; it is
    added to the chunk sum in f32 and the sum is rounded to `acc_type` (f32,
    f16 or bf16) after every addition. Every `chunk` elements of K (0: never)
    and at every K-block boundary of the scales, the chunk sum is promoted:
    multiplied by its scales and added to an f32 total. The result is
    `init + bias + total` computed in f32 and rounded once to the element
    type of `init` (f32, bf16 or f16). On tensors the op returns the updated
    value of `init`, on memrefs it updates it in place.

    Example (DeepGEMM-style block scales, promotion every 128):

    ```mlir
    %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %acc
        {b_layout = #fp8.layout<nk>, chunk = 128}
        : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>,
          tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
    ```
  }];
  let extraClassDeclaration = commonClassDeclaration;
}

def FP8_BatchScaledMatmulOp : FP8_ScaledMatmulBase<"batch_scaled_matmul"> {
  let summary = "batched scaled_matmul";
  let description = [{
    `fp8.scaled_matmul` over a leading batch dimension: A `[B, M, K]`, B
    `[B, K, N]` or `[B, N, K]`, C `[B, M, N]`, rank-3 (or rank-0) scales
    under the block-broadcast rule, bias `[N]`.

    ```mlir
    %c = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %acc
        : tensor<8x64x128xf8E4M3FN>, tensor<8x128x32xf8E5M2>,
          tensor<f32>, tensor<8x1x32xf32> into tensor<8x64x32xf32>
    ```
  }];
  let extraClassDeclaration = commonClassDeclaration;
}

//===----------------------------------------------------------------------===//
// ObserveOp
//===----------------------------------------------------------------------===//

def FP8_ObserveOp : FP8_Op<"observe", [
    DeclareOpInterfaceMethods<InferTypeOpInterface>,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "records statistics of a tensor during calibration";
  let description = [{
    Returns its operand unchanged. During calibration runs the runtime
    records min, max, amax, count and a histogram of |x| under `id`
    (DESIGN.md section 5). On a memref the op has no result.

    ```mlir
    %y = fp8.observe %x {id = "layer1.fc.input"} : tensor<4x256xf32>
    ```
  }];
  let arguments = (ins FP8_Shaped:$input, StrAttr:$id);
  let results = (outs Optional<AnyRankedTensor>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

#endif // FP8_DIALECT_FP8_IR_FP8OPS_TD
