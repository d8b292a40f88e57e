#!/usr/bin/python3
"""One training step of the PyTorch peer's small CNN, for critdamp's TorchPeerStepTest: the golden file it compares
the torch engine's step with.

The peer's own network (bench/torch_peer.py's SmallCnn) and its own update (heavy_ball_step, called as its convergence
run applies it: weight decay on the conv and dense weights, none on biases and batch norm) take ONE step, in training
mode, on a fixed batch from fixed values: every weight, batch-norm statistic, momentum value, image and label is drawn
from a counter-based generator that Java reproduces bit for bit (no torch RNG, so no torch version changes them):

    z = splitmix64(stream * 2**32 + i)          (i: the value's index in its stream, from 0)
    u = (z >> 40) / 2**24                       (24 random bits: exact in float and double)
    value = float32(centre + (2u - 1) * half)   (computed in double, rounded once)

    stream 1, the canonical vector (critdamp.engine.ParameterLayout: the state_dict order less num_batches_tracked):
      conv/dense weight: centre 0, half sqrt(6 / fan_in)    bias, batch-norm beta, running mean: 0, 0.1
      batch-norm gamma: 1, 0.2                              running variance (the variance): 1, 0.5
    stream 2, the momentum (trainable values, parameters() order): 0, 0.01
    stream 3, the images (NCHW, example-major): 0, 2
    stream 4, the labels: floor(10u)

The golden file holds, per block, sums and sampled values after the step: of the values and, for trained blocks, of the
velocity v' = mu*v - alpha*(g + lambda*w). Running variances are written as critdamp moves them (DL4J's rule,
running = 0.9 * running + 0.1 * biased batch variance), converted from the peer's BatchNorm2d (which moves them with
the unbiased variance) by the factor (n - 1) / n on its step, n = examples x height x width at that layer.

  /usr/bin/python3 bench/torch_peer_model_step.py       # rewrites the golden file (Debian's python3-torch)
  /usr/bin/python3 bench/torch_peer_model_step.py --output /tmp/step.json
bench/tests/test_torch_peer_model_step.py regenerates it and compares with the committed one where torch imports.
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import SmallCnn, heavy_ball_step  # noqa: E402  (the peer's network and update, not copies)

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common", "src", "test", "resources",
                      "critdamp", "torch", "peer-step-small-cnn.json")
BATCH = 16
CLASSES = 10
ALPHA = 0.05
MU = 0.9
WEIGHT_DECAY = 0.01
SAMPLES = 8  # per block: first, last and 6 drawn (stream 5)
BN_DECAY = 0.9
M64 = (1 << 64) - 1
STREAM_VALUES, STREAM_VELOCITY, STREAM_IMAGES, STREAM_LABELS, STREAM_SAMPLES = 1, 2, 3, 4, 5


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def uniform(stream, i):
    """u in [0, 1) with 24 random bits."""
    return (splitmix64((stream << 32) + i) >> 40) / float(1 << 24)


def draws(stream, start, count, centre, half):
    """count values centre + (2u - 1) * half (double), indices start.. of stream."""
    return [centre + (2.0 * uniform(stream, start + k) - 1.0) * half for k in range(count)]


def role(name, tensor):
    """The canonical role of a state_dict entry (critdamp.engine.ParameterRole)."""
    if name.endswith("running_mean"):
        return "bn_mean"
    if name.endswith("running_var"):
        return "bn_variance"
    if tensor.dim() > 1:
        return "weight"
    if name.startswith("fc."):
        return "bias"
    return "bn_gamma" if name.endswith(".weight") else "bn_beta"


def initial(role_name, shape, start, count):
    if role_name == "weight":
        fan_in = math.prod(shape[1:])
        return draws(STREAM_VALUES, start, count, 0.0, math.sqrt(6.0 / fan_in))
    if role_name == "bn_gamma":
        return draws(STREAM_VALUES, start, count, 1.0, 0.2)
    if role_name == "bn_variance":
        return draws(STREAM_VALUES, start, count, 1.0, 0.5)
    return draws(STREAM_VALUES, start, count, 0.0, 0.1)


def blocks(net):
    """(name, tensor, role) of the canonical vector, in order."""
    return [(n, t, role(n, t)) for n, t in net.state_dict(keep_vars=True).items()
            if not n.endswith("num_batches_tracked")]


def sample_indices(block, length):
    picked = [0, length - 1]
    picked += [int(uniform(STREAM_SAMPLES, block * SAMPLES + k) * length) for k in range(SAMPLES - 2)]
    return picked


def summary(values, picked):
    v = values.detach().double().flatten()
    return {"sum": v.sum().item(), "sumSquares": (v * v).sum().item(), "samples": [v[j].item() for j in picked]}


def golden():
    """The peer's step from the generated start: the golden file's content."""
    torch.set_num_threads(1)
    net = SmallCnn(classes=CLASSES)
    net.train()
    canonical = blocks(net)
    start = {}
    offset = 0
    with torch.no_grad():
        for name, t, r in canonical:
            values = initial(r, list(t.shape), offset, t.numel())
            t.copy_(torch.tensor(values, dtype=torch.float32).view(t.shape))
            start[name] = t.detach().clone()
            offset += t.numel()
    params = list(net.parameters())
    velocity = []
    at = 0
    for p in params:
        velocity.append(torch.tensor(draws(STREAM_VELOCITY, at, p.numel(), 0.0, 0.01), dtype=torch.float32)
                        .view(p.shape))
        at += p.numel()
    pixels = 3 * 32 * 32
    x = torch.tensor(draws(STREAM_IMAGES, 0, BATCH * pixels, 0.0, 2.0), dtype=torch.float32).view(BATCH, 3, 32, 32)
    y = torch.tensor([int(uniform(STREAM_LABELS, k) * CLASSES) for k in range(BATCH)], dtype=torch.int64)

    examples_per_channel = {}

    def count(module, inputs, output):
        examples_per_channel[module] = inputs[0].numel() // inputs[0].shape[1]
    hooks = [m.register_forward_hook(count) for m in net.modules() if isinstance(m, nn.BatchNorm2d)]

    net.zero_grad(set_to_none=True)
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    decayed = [(p, v) for p, v in zip(params, velocity) if p.dim() > 1]  # as the peer's convergence run
    rest = [(p, v) for p, v in zip(params, velocity) if p.dim() <= 1]
    heavy_ball_step([p for p, _ in decayed], [v for _, v in decayed], ALPHA, MU, WEIGHT_DECAY)
    heavy_ball_step([p for p, _ in rest], [v for _, v in rest], ALPHA, MU, 0.0)
    for h in hooks:
        h.remove()

    modules = dict(net.named_modules())
    velocity_of = {id(p): v for p, v in zip(params, velocity)}
    out = []
    for i, (name, t, r) in enumerate(canonical):
        after = t.detach()
        if r == "bn_variance":
            n = examples_per_channel[modules[name.rsplit(".", 1)[0]]]
            before = start[name].double()
            after = BN_DECAY * before + (after.double() - BN_DECAY * before) * (n - 1) / n
        picked = sample_indices(i, t.numel())
        block = {"name": name, "role": r, "shape": list(t.shape), "indices": picked,
                 "values": summary(after, picked)}
        if id(t) in velocity_of:
            block["velocity"] = summary(velocity_of[id(t)], picked)
        out.append(block)
    return {
        "about": "one step of the PyTorch peer's small CNN (bench/torch_peer_model_step.py); read by "
                 "critdamp.torch.TorchPeerStepTest",
        "torch": torch.__version__, "batch": BATCH, "classes": CLASSES, "alpha": ALPHA, "mu": MU,
        "weightDecay": WEIGHT_DECAY, "loss": loss.item(), "blocks": out,
    }


def dumps(g):
    """The golden file's text: one line per field and per block, so that a change reads as a short diff."""
    head = [" %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in g.items() if k != "blocks"]
    blocks = ["  " + json.dumps(b) for b in g["blocks"]]
    return "{\n" + ",\n".join(head) + ',\n "blocks": [\n' + ",\n".join(blocks) + "\n ]\n}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", default=GOLDEN, help="where to write it (default: the committed golden file)")
    args = ap.parse_args()
    g = golden()
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        f.write(dumps(g))
    os.replace(tmp, args.output)
    print("%s: torch %s, loss %.6f, %d blocks" % (os.path.relpath(args.output), g["torch"], g["loss"],
                                                   len(g["blocks"])))


if __name__ == "__main__":
    main()
