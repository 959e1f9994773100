#!/usr/bin/python3
"""Digits models whose activations look like large networks': outlier channels and heavy tails.

Function-preserving rewrites of the trained models of examples/digits (no training, no download):
each one multiplies some output channels of a layer by a power of two and divides the matching
inputs of the next layer by it, so the FP32 function is unchanged bit for bit (scaling by 2^k is
exact in float32, ReLU is positively homogeneous, layer norm's gain and bias scale its output),
while the activation between the two layers gets the range statistics that quantization sees in
real networks.

  mlp-outliers          fc1 -> ReLU -> fc2: 4 of fc1's 128 output channels x64, fc2's inputs
                        /64 (and the same for fc2 -> fc3): a few channels 64x larger than the
                        rest, the "outlier features" of Dettmers et al. 2022 (LLM.int8()).
  transformer-outliers  2 of the 32 model dimensions x64 in the gain and bias of every layer
                        norm (ln1, ln2 of both layers, the final norm), undone in the rows of
                        the q/k/v, fc1 and head weights that read them: Bondarenko et al.
                        2021/2023 find such outliers in the layer-norm outputs of BERT-like
                        transformers.
  cnn-heavytail         conv1's 8 output channels x 2^k (k = 0, 0, 1, 1, 2, 3, 5, 7), conv2's
                        input channels / 2^k: a per-tensor distribution whose tail is set by a
                        few wide channels (heavy-tailed), as in CNNs whose channels were never
                        equalized.

Reads examples/digits/{mlp,cnn,transformer}.mlir (the trained weights), rebuilds each model with
scripts/train-digits-models.py's emitters (checking that the unchanged weights give the
shipped file back), and writes examples/digits/<name>.mlir. Run from anywhere:

  /usr/bin/python3 scripts/gen-outlier-models.py [--check]

--check writes nothing and fails when a committed file differs from what it would write.
numpy only. docs/Accuracy.md (scripts/accuracy.py table) measures them.
"""

import argparse
import importlib.util
import os
import re
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIGITS = os.path.join(ROOT, "examples", "digits")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
_spec = importlib.util.spec_from_file_location("train_digits",
                                               os.path.join(ROOT, "scripts", "train-digits-models.py"))
train = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train)

CONSTANT = re.compile(r'arith\.constant dense<([^>]*)> : tensor<([^>]*)> loc\("([^"]+)"\)', re.S)


def read_params(model):
    """The trained weights of examples/digits/<model>.mlir, keyed and ordered as PyTorch's state_dict."""
    with open(os.path.join(DIGITS, model + ".mlir")) as f:
        text = f.read()
    params = {}
    for body, ttype, loc in CONSTANT.findall(text):
        shape = [int(d) for d in ttype.split("x")[:-1]]
        values = np.array(eval(body.replace("\n", " ")), dtype=np.float32).reshape(shape)
        if loc.endswith(".bias_const") or loc.endswith("_const"):
            key = loc[: -len(".bias_const")] + ".bias" if loc.endswith(".bias_const") else loc[: -len("_const")]
        elif loc.endswith(".gamma"):
            key = loc[: -len(".gamma")] + ".weight"
        elif loc.endswith(".beta"):
            key = loc[: -len(".beta")] + ".bias"
        else:
            key = loc
        params[key] = values
    return text, params


def emit(model, params):
    builder, mlir = train.EMITTERS[model](params)
    return builder, mlir


def scale_channels(params, producer, consumers, channels, factors):
    """Multiplies output channels of `producer` (weight rows / filters, bias entries; or a layer
    norm's gain and bias) by `factors` and divides the matching input columns of every consumer."""
    for c, s in zip(channels, factors):
        s = np.float32(s)
        params[producer + ".weight"][c] *= s
        params[producer + ".bias"][c] *= s
        for consumer in consumers:
            params[consumer + ".weight"][:, c] /= s


def mlp_outliers(params):
    rng = np.random.default_rng(1)
    scale_channels(params, "fc1", ["fc2"], rng.choice(128, 4, replace=False), [64] * 4)
    scale_channels(params, "fc2", ["fc3"], rng.choice(64, 4, replace=False), [64] * 4)


def transformer_outliers(params):
    dims = [5, 20]  # the same dimensions in every layer norm, as in BERT
    for i in range(train.LAYERS):
        pre = f"layers.{i}"
        scale_channels(params, f"{pre}.ln1", [f"{pre}.q_proj", f"{pre}.k_proj", f"{pre}.v_proj"], dims, [64] * 2)
        scale_channels(params, f"{pre}.ln2", [f"{pre}.fc1"], dims, [64] * 2)
    scale_channels(params, "norm", ["head"], dims, [64] * 2)


def cnn_heavytail(params):
    scale_channels(params, "conv1", ["conv2"], range(8), [2.0 ** k for k in (0, 0, 1, 1, 2, 3, 5, 7)])


VARIANTS = {
    "mlp-outliers": ("mlp", mlp_outliers,
                     "4 of 128 fc1 outputs and 4 of 64 fc2 outputs x64, undone by the next layer"),
    "transformer-outliers": ("transformer", transformer_outliers,
                             "model dimensions 5 and 20 x64 in every layer norm's gain and bias, "
                             "undone by the q/k/v, fc1 and head weights"),
    "cnn-heavytail": ("cnn", cnn_heavytail,
                      "conv1's 8 output channels x 1, 1, 2, 2, 4, 8, 32, 128, undone by conv2"),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = ap.parse_args()
    ok = True
    for name, (base, rewrite, what) in VARIANTS.items():
        text, params = read_params(base)
        _, again = emit(base, params)
        if not text.endswith(again):
            sys.exit(f"gen-outlier-models.py: re-emitting {base}.mlir from its weights does not give it back")
        rewrite(params)
        _, mlir = emit(base, params)
        header = text[: len(text) - len(again)]
        header = "\n".join(l for l in header.splitlines() if not l.startswith("// Generated by")) + "\n"
        out = (f"// {name}: {base} rewritten so that its activations have {'outlier channels' if 'outlier' in name else 'a heavy tail'}: {what}.\n"
               f"// The FP32 function is the same bit for bit (power-of-two factors).\n"
               + header + "// Generated by scripts/gen-outlier-models.py; do not edit.\n" + mlir)
        path = os.path.join(DIGITS, name + ".mlir")
        if args.check:
            with open(path) as f:
                if f.read() != out:
                    print(f"{path} is out of date", file=sys.stderr)
                    ok = False
            continue
        with open(path, "w") as f:
            f.write(out)
        print(f"wrote {os.path.relpath(path, ROOT)} ({what})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
