#!/usr/bin/python3
"""Trains the shipped digits models and writes them as linalg-on-tensors MLIR (examples/digits).

Data: the 8x8 handwritten digits of UCI that Debian's python3-sklearn ships (1,797 images,
sklearn.datasets.load_digits, no download). Pixels 0..16 are scaled to [0, 1]. A stratified
split (seed 0) holds out 540 images (30%) for evaluation; calibration uses training images only.

Models (PyTorch modules written the way torch-mlir lowers them, see scripts/linalg_emitter.py):
  mlp          flatten 64 -> fc1 128 -> ReLU -> fc2 64 -> ReLU -> fc3 10
  cnn          NCHW: conv1 1->8 3x3 pad 1, ReLU, conv2 8->16 3x3 pad 1, ReLU, 2x2 max pool, flatten
               256 -> fc 10 (a first convolution and a last linear, the layers Shen et al. keep in
               high precision with skip-first-last)
  transformer  the 8 image rows are 8 tokens of 8 pixels: embed linear 8->32 + learned positions,
               2 pre-norm encoder layers (layer norm, 2-head self-attention, GELU FFN 64), final
               layer norm, mean over tokens, head 32->10

Training uses Debian's python3-torch 1.13 (autograd and Adam; hand-written numpy backprop of
attention and layer norm would be more code to trust than the models themselves), seeded, one
thread, a few seconds per model on two cores. Weights are rounded to 5 significant digits to keep
the files small; the rounded float32 values are the model (the FP32 accuracy below is measured
with them).

Writes (deterministically):
  examples/digits/{mlp,cnn,transformer}.mlir  func.func @forward(tensor<540x1x8x8xf32>) ->
                                              tensor<540x10xf32> (logits), weights inline as
                                              arith.constant, loc("...") on every op
  examples/digits/data/eval_images.npy        the 540 held-out images, float32 [540, 1, 8, 8]
  examples/digits/data/eval_labels.npy        their labels, int64 [540]
  examples/digits/data/calib/sample_00N.npy   2 calibration samples of 540 training images each
  examples/digits/manifest.json               data split, per model: parameters, PyTorch FP32
                                              accuracy, tensor ids
  examples/digits/README.md

Install what it needs (Debian 12), then run from the repository root:
  apt-get install -y python3-sklearn python3-torch
  /usr/bin/python3 scripts/train-digits-models.py             # train and write
  /usr/bin/python3 scripts/train-digits-models.py --validate  # also run every model with
      # build/bin/fp8-run on the held-out set and check its logits against PyTorch's
Nothing at build, test or run time needs sklearn or torch: the outputs are committed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from linalg_emitter import Builder, ttype

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_EVAL = 540
N_CALIB_SAMPLES = 2
SEED = 0
D_MODEL, HEADS, FFN, LAYERS = 32, 2, 64, 2


def load_digits():
    from sklearn.datasets import load_digits as sklearn_digits
    from sklearn.model_selection import train_test_split
    digits = sklearn_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # [1797, 1, 8, 8]
    labels = digits.target.astype(np.int64)
    return train_test_split(images, labels, test_size=N_EVAL, stratify=labels, random_state=SEED)


# ----------------------------------------------------------------------------------------------
# PyTorch models. Each computes exactly what its MLIR computes (same op order, same layouts).


def torch_models():
    import torch
    from torch import nn
    import torch.nn.functional as F

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2, self.fc3 = nn.Linear(64, 128), nn.Linear(128, 64), nn.Linear(64, 10)

        def forward(self, x):
            h = F.relu(self.fc1(x.flatten(1)))
            return self.fc3(F.relu(self.fc2(h)))

    class CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.conv2 = nn.Conv2d(1, 8, 3, padding=1), nn.Conv2d(8, 16, 3, padding=1)
            self.fc = nn.Linear(256, 10)

        def forward(self, x):
            h = F.relu(self.conv2(F.relu(self.conv1(x))))
            return self.fc(F.max_pool2d(h, 2).flatten(1))

    class EncoderLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(D_MODEL), nn.LayerNorm(D_MODEL)
            self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(D_MODEL, D_MODEL)
                                                                    for _ in range(4))
            self.fc1, self.fc2 = nn.Linear(D_MODEL, FFN), nn.Linear(FFN, D_MODEL)

        def forward(self, x):
            n, t, d = x.shape
            dh = d // HEADS
            h = self.ln1(x)
            q, k, v = (p(h).view(n, t, HEADS, dh).transpose(1, 2) for p in (self.q_proj, self.k_proj,
                                                                           self.v_proj))
            probs = torch.softmax(q @ k.transpose(-1, -2) * (dh ** -0.5), dim=-1)
            x = x + self.out_proj((probs @ v).transpose(1, 2).reshape(n, t, d))
            return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))

    class Transformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Linear(8, D_MODEL)
            self.pos = nn.Parameter(torch.randn(8, D_MODEL) * 0.02)
            self.layers = nn.ModuleList(EncoderLayer() for _ in range(LAYERS))
            self.norm, self.head = nn.LayerNorm(D_MODEL), nn.Linear(D_MODEL, 10)

        def forward(self, x):
            h = self.embed(x.flatten(1, 2)) + self.pos  # [n, 8 rows as tokens, d]
            for layer in self.layers:
                h = layer(h)
            return self.head(self.norm(h).mean(1))

    return {"mlp": (MLP, 40), "cnn": (CNN, 40), "transformer": (Transformer, 120)}


def train(name, cls, epochs, x, y):
    import torch
    torch.manual_seed(SEED)
    model = cls()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs)
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    generator = torch.Generator().manual_seed(SEED)
    for _ in range(epochs):
        model.train()
        for batch in torch.randperm(len(xs), generator=generator).split(32):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(xs[batch]), ys[batch]).backward()
            optimizer.step()
        schedule.step()
    # The shipped weights: float32 rounded to 5 significant digits.
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy(np.array([float(f"{v:.5g}") for v in p.numpy().ravel()],
                                              dtype=np.float32).reshape(p.shape)))
    model.eval()
    return model


def params(model):
    return {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}


# ----------------------------------------------------------------------------------------------
# MLIR, from the trained weights


def emit_mlp(P):
    b = Builder("mlp")
    x = "%x"
    b.types[x] = ttype([N_EVAL, 1, 8, 8])
    h = b.collapse(x, [[0], [1, 2, 3]])
    for i in (1, 2, 3):
        w = b.tensor_const(P[f"fc{i}.weight"], f"fc{i}.weight")
        bias = b.tensor_const(P[f"fc{i}.bias"], f"fc{i}.bias_const")
        h = b.linear(h, w, bias, f"fc{i}")
        if i < 3:
            h = b.relu(h, f"relu{i}")
    return b, b.finish([x], h)


def emit_cnn(P):
    b = Builder("cnn")
    x = "%x"
    b.types[x] = ttype([N_EVAL, 1, 8, 8])
    c = {k: b.tensor_const(v, k if k.endswith("weight") else k + "_const") for k, v in P.items()}
    h = b.relu(b.conv3x3(x, c["conv1.weight"], c["conv1.bias"], "conv1", "nchw"), "relu1")
    h = b.relu(b.conv3x3(h, c["conv2.weight"], c["conv2.bias"], "conv2", "nchw"), "relu2")
    h = b.max_pool2x2_nchw(h, "pool")
    h = b.collapse(h, [[0], [1, 2, 3]])
    return b, b.finish([x], b.linear(h, c["fc.weight"], c["fc.bias"], "fc"))


def emit_transformer(P):
    n, t, d, heads = N_EVAL, 8, D_MODEL, HEADS
    dh = d // heads
    b = Builder("transformer")
    x = "%x"
    b.types[x] = ttype([n, 1, 8, 8])
    names = {"weight": "weight", "bias": "bias_const"}

    def const(key):
        if key == "pos":
            return b.tensor_const(P[key], "pos")
        module, kind = key.rsplit(".", 1)
        if module.endswith(("ln1", "ln2", "norm")):
            return b.tensor_const(P[key], f"{module}.{'gamma' if kind == 'weight' else 'beta'}")
        return b.tensor_const(P[key], f"{module}.{names[kind]}")

    c = {k: const(k) for k in P}
    h = b.linear(b.collapse(x, [[0, 1, 2], [3]]), c["embed.weight"], c["embed.bias"], "embed")
    h = b.expand(h, [[0, 1], [2]], [n, t, d])
    h = b.elementwise([h, c["pos"]], lambda a: ([f"%b0 = arith.addf {a[0]}, {a[1]} : f32"], "%b0"),
                      "pos_add", maps=[["d0", "d1", "d2"], ["d1", "d2"]])

    def split_heads(v, loc):  # [n*t, d] -> [n*heads, t, dh]
        v = b.expand(v, [[0, 1], [2, 3]], [n, t, heads, dh])
        return b.collapse(b.transpose(v, [0, 2, 1, 3], loc), [[0, 1], [2], [3]])

    for i in range(LAYERS):
        pre = f"layers.{i}"
        lin = lambda v, m: b.linear(v, c[f"{pre}.{m}.weight"], c[f"{pre}.{m}.bias"], f"{pre}.{m}")
        a = b.collapse(b.layer_norm(h, c[f"{pre}.ln1.weight"], c[f"{pre}.ln1.bias"], f"{pre}.ln1"),
                       [[0, 1], [2]])
        q, k, v = (split_heads(lin(a, m), f"{pre}.{m[0]}_heads") for m in ("q_proj", "k_proj", "v_proj"))
        kt = b.transpose(k, [0, 2, 1], f"{pre}.k_t")
        scores = b.named("linalg.batch_matmul", q, kt, b.zeros([n * heads, t, t]), f"{pre}.qk")
        scale = b.scalar(dh ** -0.5)
        scores = b.elementwise([scores], lambda a: ([f"%b0 = arith.mulf {a[0]}, {scale} : f32"], "%b0"),
                               f"{pre}.scale")
        probs = b.softmax_last(scores, f"{pre}.softmax")
        av = b.named("linalg.batch_matmul", probs, v, b.zeros([n * heads, t, dh]), f"{pre}.av")
        av = b.transpose(b.expand(av, [[0, 1], [2], [3]], [n, heads, t, dh]), [0, 2, 1, 3],
                         f"{pre}.merge_heads")
        o = b.expand(lin(b.collapse(av, [[0, 1], [2, 3]]), "out_proj"), [[0, 1], [2]], [n, t, d])
        h = b.add(h, o, f"{pre}.residual1")
        f = b.collapse(b.layer_norm(h, c[f"{pre}.ln2.weight"], c[f"{pre}.ln2.bias"], f"{pre}.ln2"),
                       [[0, 1], [2]])
        f = lin(b.gelu_tanh(lin(f, "fc1"), f"{pre}.gelu"), "fc2")
        h = b.add(h, b.expand(f, [[0, 1], [2]], [n, t, d]), f"{pre}.residual2")
    h = b.mean_axis(b.layer_norm(h, c["norm.weight"], c["norm.bias"], "norm"), 1, "pool")
    return b, b.finish([x], b.linear(h, c["head.weight"], c["head.bias"], "head"))


EMITTERS = {"mlp": emit_mlp, "cnn": emit_cnn, "transformer": emit_transformer}
DOCS = {
    "mlp": "MLP 64-128-64-10 (ReLU) on the flattened image",
    "cnn": "CNN, NCHW: conv 1->8 3x3, ReLU, conv 8->16 3x3, ReLU, 2x2 max pool, linear 256->10",
    "transformer": f"Transformer classifier: the 8 image rows are tokens; linear embedding 8->{D_MODEL} + "
                   f"learned positions, {LAYERS} pre-norm encoder layers ({HEADS} heads, layer norm, GELU FFN "
                   f"{FFN}), final layer norm, mean over tokens, linear head",
}


def header(name, builder, accuracy):
    return (f"// {name}: {DOCS[name]}.\n"
            f"// Trained on the 8x8 digits data set (1,257 training images); PyTorch FP32 top-1 accuracy on the\n"
            f"// 540 held-out images (data/eval_*.npy): {accuracy:.4f}. Input {ttype([N_EVAL, 1, 8, 8])} (pixels\n"
            f"// scaled to [0, 1]), output {ttype([N_EVAL, 10])} (logits).\n"
            f"// Generated by scripts/train-digits-models.py (seeded); do not edit.\n")


def write_readme(out, manifest):
    L = ["# Digits models",
         "",
         "Three small classifiers trained on the 8x8 handwritten digits that Debian's python3-sklearn",
         "ships (UCI, 1,797 images; 1,257 for training, 540 held out, stratified, seed 0), in",
         "linalg-on-tensors form as torch-mlir lowers them, with `loc(\"...\")` names on every op (the",
         "tensor ids of calibration tables). `@forward` takes the whole held-out set at once:",
         f"`{ttype([N_EVAL, 1, 8, 8])}` (pixels / 16) to `{ttype([N_EVAL, 10])}` logits.",
         "",
         "**Generated, do not edit**: `scripts/train-digits-models.py` (its docstring says how to install",
         "PyTorch and scikit-learn from Debian) trains and rewrites this directory. Nothing else needs",
         "them. `scripts/accuracy.py table` quantizes every model in every format and writes",
         "docs/Accuracy.md; `scripts/main.sh` runs the flow on the MLP.",
         "",
         "| file | model | parameters | PyTorch FP32 top-1 |",
         "|---|---|---|---|"]
    for name, m in manifest["models"].items():
        L.append(f"| `{m['file']}` | {m['description']} | {m['parameters']:,} | {m['fp32_accuracy']:.4f} |")
    L += ["",
          "`data/eval_images.npy` (float32 [540, 1, 8, 8]) and `data/eval_labels.npy` (int64 [540]) are",
          "the held-out set; `data/calib/sample_000.npy`, `sample_001.npy` are two batches of 540",
          "training images for `fp8-run --calibrate`. `manifest.json` lists every tensor id per model.",
          "",
          "`mlp-outliers.mlir`, `transformer-outliers.mlir` and `cnn-heavytail.mlir` are the same models",
          "rewritten by `scripts/gen-outlier-models.py` (not by the training script): a few channels",
          "multiplied by a power of two (64 for the outliers, up to 128 for the heavy tail) and divided",
          "back out by the next layer, so the FP32 function is the same bit for bit while the activations",
          "have outlier channels (Dettmers et al.; Bondarenko et al.) or heavy tails. docs/Accuracy.md",
          "measures them.",
          ""]
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("\n".join(L))


def validate(out, manifest, logits, run_tool):
    """Runs every FP32 model with fp8-run on the held-out set and compares with PyTorch."""
    ok = True
    labels = np.load(os.path.join(out, "data", "eval_labels.npy"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, m in manifest["models"].items():
            r = subprocess.run([run_tool, os.path.join(out, m["file"]), "--entry", "forward", "--input",
                                os.path.join(out, "data", "eval_images.npy"), "--output-dir", tmp],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{name}: fp8-run failed:\n{r.stderr}")
                ok = False
                continue
            got = np.load(os.path.join(tmp, "forward_result0.npy")).astype(np.float64)
            ref = logits[name].astype(np.float64)
            rel = np.max(np.abs(got - ref)) / np.max(np.abs(ref))
            accuracy = float(np.mean(np.argmax(got, 1) == labels))
            good = rel < 1e-4 and accuracy == m["fp32_accuracy"]
            ok &= good
            print(f"{name:12s} fp8-run FP32 accuracy {accuracy:.4f} (PyTorch {m['fp32_accuracy']:.4f}), "
                  f"max |logit error| / max |logit| {rel:.2e}  {'OK' if good else 'FAIL'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "examples", "digits"))
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--fp8-run", default=os.path.join(ROOT, "build", "bin", "fp8-run"))
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("train-digits-models.py needs PyTorch and scikit-learn from Debian: "
                 "apt-get install -y python3-sklearn python3-torch (and run /usr/bin/python3)")
    torch.set_num_threads(1)
    x_train, x_eval, y_train, y_eval = load_digits()

    out = args.out
    os.makedirs(os.path.join(out, "data", "calib"), exist_ok=True)
    np.save(os.path.join(out, "data", "eval_images.npy"), x_eval)
    np.save(os.path.join(out, "data", "eval_labels.npy"), y_eval)
    calib_order = np.random.default_rng(SEED).permutation(len(x_train))
    for i in range(N_CALIB_SAMPLES):
        batch = x_train[calib_order[i * N_EVAL:(i + 1) * N_EVAL]]
        np.save(os.path.join(out, "data", "calib", f"sample_{i:03d}.npy"), np.ascontiguousarray(batch))

    manifest = {"data": {"source": "sklearn.datasets.load_digits (Debian python3-sklearn)",
                         "train": len(x_train), "eval": len(x_eval), "split_seed": SEED,
                         "pixels": "value / 16, float32, NCHW [N, 1, 8, 8]",
                         "calibration_samples": N_CALIB_SAMPLES},
                "models": {}}
    logits = {}
    for name, (cls, epochs) in torch_models().items():
        model = train(name, cls, epochs, x_train, y_train)
        with torch.no_grad():
            logits[name] = model(torch.from_numpy(x_eval)).numpy()
        accuracy = float(np.mean(np.argmax(logits[name], 1) == y_eval))
        builder, mlir = EMITTERS[name](params(model))
        with open(os.path.join(out, name + ".mlir"), "w") as f:
            f.write(header(name, builder, accuracy) + mlir)
        manifest["models"][name] = {
            "file": name + ".mlir", "description": DOCS[name], "epochs": epochs,
            "parameters": int(sum(p.numel() for p in model.parameters())),
            "fp32_accuracy": accuracy,
            "tensor_ids": [{"id": t, "op": op} for t, op in builder.ids if op != "arith.constant"],
        }
        print(f"{name:12s} {manifest['models'][name]['parameters']:6d} parameters, "
              f"PyTorch FP32 top-1 on {len(y_eval)} held-out images: {accuracy:.4f}, "
              f"{os.path.getsize(os.path.join(out, name + '.mlir')) / 1024:.0f} KiB")
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    write_readme(out, manifest)
    if args.validate and not validate(out, manifest, logits, args.fp8_run):
        sys.exit(1)


if __name__ == "__main__":
    main()
