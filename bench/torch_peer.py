#!/usr/bin/python3
"""PyTorch peer of critdamp's networks, for side-by-side numbers on the same machine.

Same networks as critdamp.model (SmallCnn; ResNet-20 option A), same batch (64), same CIFAR-10 binary files read with
numpy, same per-channel normalisation (critdamp.data.ChannelNormalization.CIFAR10).

  /usr/bin/python3 bench/torch_peer.py --model small_cnn --seconds 20 [--channels-last]   # training img/s
  /usr/bin/python3 bench/torch_peer.py --model small_cnn --epochs 3                       # convergence run
  /usr/bin/python3 bench/torch_peer.py --dataset fashion_mnist --epochs 3 --train-images 10800 --test-images 5000 \
      --momentum constant                                                                  # Fashion-MNIST run

The convergence run uses critdamp's heavy-ball form exactly, by a manual update (not torch.optim.SGD, whose
v = mu*v + g; p -= lr*v scales the velocity by the *current* lr, which differs from ours when lr changes):
    g = grad + wd * p;  v = mu * v - lr * g;  p = p + v
with lr(t) cosine from base_lr to 0 over the run and mu(t) = clamp(1 - 2*sqrt(lr(t)), 0, 0.99) (physics momentum).
(--momentum constant: mu = 0.9.) CIFAR-10 augmentation as critdamp's (pad 4 + random 32x32 crop, horizontal flip);
Fashion-MNIST (Debian's idx files, 1x28x28, critdamp.data.FashionMnist's mean/std) unaugmented, as critdamp trains it.
Results go to bench/results/torch-peer.* and torch-convergence-<dataset>.* (torch-convergence.*: earlier runs).
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = np.array([0.4914, 0.4822, 0.4465], dtype=np.float32)
STD = np.array([0.2470, 0.2435, 0.2616], dtype=np.float32)
RECORD = 3073
FASHION_MEAN, FASHION_STD = 0.2860, 0.3530
FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def read_cifar(path):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, RECORD)
    labels = raw[:, 0].astype(np.int64)
    pixels = raw[:, 1:].reshape(-1, 3, 32, 32)
    return pixels, labels


def normalise(pixels):
    x = pixels.astype(np.float32) / 255.0
    return (x - MEAN[None, :, None, None]) / STD[None, :, None, None]


def load(dirname, files):
    xs, ys = zip(*(read_cifar(os.path.join(dirname, f)) for f in files))
    return np.concatenate(xs), np.concatenate(ys)


def read_idx(path):
    """An idx1/idx3 file (gzipped or not) as a uint8 array: labels [n] or images [n, 1, 28, 28]."""
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    n = int.from_bytes(raw[4:8], "big")
    if magic == 0x801:
        return np.frombuffer(raw, dtype=np.uint8, offset=8, count=n).copy()
    if magic == 0x803:
        return np.frombuffer(raw, dtype=np.uint8, offset=16, count=n * 784).reshape(n, 1, 28, 28).copy()
    raise ValueError("%s: not an idx1/idx3 file (magic %#x)" % (path, magic))


def load_fashion(dirname, split):
    """Fashion-MNIST split 'train' or 't10k': (pixels [n,1,28,28] uint8, labels int64)."""
    def find(base):
        for name in (base, base + ".gz"):
            if os.path.exists(os.path.join(dirname, name)):
                return os.path.join(dirname, name)
        raise FileNotFoundError("%s/%s[.gz] (Debian: apt-get install dataset-fashion-mnist)" % (dirname, base))
    return read_idx(find(split + "-images-idx3-ubyte")), read_idx(find(split + "-labels-idx1-ubyte")).astype(np.int64)


def normalise_fashion(pixels):
    return (pixels.astype(np.float32) / 255.0 - FASHION_MEAN) / FASHION_STD


def conv_bn_relu(cin, cout, stride=1):
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
            nn.ReLU(inplace=True)]


class SmallCnn(nn.Module):
    """critdamp.model.SmallCnn: [conv3x3-BN-ReLU] 32,32, maxpool, 64,64, maxpool, 128, global avg pool, dense."""

    def __init__(self, classes=10, channels=3):
        super().__init__()
        self.features = nn.Sequential(*conv_bn_relu(channels, 32), *conv_bn_relu(32, 32), nn.MaxPool2d(2),
                                      *conv_bn_relu(32, 64), *conv_bn_relu(64, 64), nn.MaxPool2d(2),
                                      *conv_bn_relu(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.fc = nn.Linear(128, classes)

    def forward(self, x):
        return self.fc(self.features(x))


class BasicBlockA(nn.Module):
    """ResNet basic block with He et al.'s option-A shortcut (stride-2 subsample, zero-padded channels)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = cout - cin
        self.stride = stride

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = x
        if self.stride != 1 or self.pad:
            s = x[:, :, ::self.stride, ::self.stride]
            s = torch.cat([s, torch.zeros_like(s)[:, :self.pad]], 1)
        return F.relu(y + s)


class ResNet20(nn.Module):
    def __init__(self, classes=10, channels=3):
        super().__init__()
        layers = [*conv_bn_relu(channels, 16)]
        cin = 16
        for stage, width in enumerate([16, 32, 64]):
            for b in range(3):
                layers.append(BasicBlockA(cin, width, 2 if stage > 0 and b == 0 else 1))
                cin = width
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(self.features(x))


def build(name, channels=3):
    net = {"small_cnn": SmallCnn, "resnet20": ResNet20}[name](channels=channels)
    for m in net.modules():  # DL4J WeightInit.RELU (He normal, fan-in) for convs, XAVIER for the classifier
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
        elif isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def conv_flops(net):
    """Forward multiply-add FLOPs per image (2*k*k*Cin*Cout*Hout*Wout + 2*in*out), as critdamp.model.FlopCount."""
    total = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            total[0] += 2 * m.kernel_size[0] * m.kernel_size[1] * m.in_channels * m.out_channels * out.shape[2] * out.shape[3]
        elif isinstance(m, nn.Linear):
            total[0] += 2 * m.in_features * m.out_features
    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        net.eval()
        net(torch.zeros(1, 3, 32, 32))
        net.train()
    for h in hs:
        h.remove()
    return total[0]


def heavy_ball_step(params, velocity, lr, mu, wd):
    """critdamp's HeavyBallSgd: g = grad + wd*p; v = mu*v - lr*g; p += v."""
    with torch.no_grad():
        for p, v in zip(params, velocity):
            g = p.grad
            if wd:
                g = g.add(p, alpha=wd)
            v.mul_(mu).sub_(g, alpha=lr)
            p.add_(v)


def augment(pixels, rng):
    """Pad 4 (zeros, i.e. black before normalisation) + random 32x32 crop, random horizontal flip."""
    n = pixels.shape[0]
    padded = np.zeros((n, 3, 40, 40), dtype=pixels.dtype)
    padded[:, :, 4:36, 4:36] = pixels
    dx = rng.integers(0, 9, n)
    dy = rng.integers(0, 9, n)
    flip = rng.random(n) < 0.5
    out = np.empty_like(pixels)
    for i in range(n):
        img = padded[i, :, dy[i]:dy[i] + 32, dx[i]:dx[i] + 32]
        out[i] = img[:, :, ::-1] if flip[i] else img
    return out


def machine():
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        cpu = platform.processor()
    return {"cpu": cpu, "cores": os.cpu_count(), "torch": torch.__version__, "python": sys.executable,
            "threads": torch.get_num_threads(), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "unset"),
            "blas": "openblas" if "openblas" in torch.__config__.show().lower() else "see torch.__config__",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def append(results, table, head, details):
    os.makedirs(results, exist_ok=True)
    row = dict(head, **details, **machine())
    with open(os.path.join(results, table + ".jsonl"), "a") as f:
        f.write(json.dumps(row) + "\n")
    md = os.path.join(results, table + ".md")
    new = not os.path.exists(md)
    with open(md, "a") as f:
        if new:
            f.write("| " + " | ".join(head) + " | date |\n|" + "---|" * (len(head) + 1) + "\n")
        cells = [("%.4g" % v if isinstance(v, float) else str(v)) for v in head.values()]
        f.write("| " + " | ".join(cells) + " | " + row["date"] + " |\n")


def throughput(args, x, y):
    net = build(args.model)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    net = net.to(memory_format=fmt)
    params = list(net.parameters())
    velocity = [torch.zeros_like(p) for p in params]
    flops = 3 * conv_flops(net)
    n = x.shape[0] // args.batch
    xb = [torch.from_numpy(x[i * args.batch:(i + 1) * args.batch]).contiguous(memory_format=fmt) for i in range(n)]
    yb = [torch.from_numpy(y[i * args.batch:(i + 1) * args.batch]) for i in range(n)]
    load_before = loadavg()

    def step(i):
        net.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(xb[i % n]), yb[i % n])
        loss.backward()
        heavy_ball_step(params, velocity, 0.01, 0.8, 0.0)
        return loss

    for i in range(args.warmup):
        step(i)
    t0 = time.perf_counter()
    i = 0
    while True:
        loss = step(i)
        i += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= args.seconds:
            break
    ips = i * args.batch / elapsed
    print("torch %s batch %d %s: %.1f img/s, %.2f training GFLOP/s (%.4f GFLOP/img), %d iterations in %.1f s, loss %.3f"
          % (args.model, args.batch, "channels_last" if args.channels_last else "NCHW", ips, ips * flops / 1e9,
             flops / 1e9, i, elapsed, loss.item()))
    append(args.results, "torch-peer", {
        "model": args.model, "batch": args.batch, "format": "channels_last" if args.channels_last else "NCHW",
        "threads": torch.get_num_threads(), "img/s": ips, "GFLOP/s": ips * flops / 1e9, "label": args.label,
        "load before": load_before, "load after": loadavg()}, {"seconds": elapsed, "iterations": i,
                                                               "trainFlopsPerImage": flops})


def evaluate(net, x, y, batch=500):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            correct += (net(torch.from_numpy(x[i:i + batch])).argmax(1).numpy() == y[i:i + batch]).sum()
    net.train()
    return correct / x.shape[0]


def convergence(args, data_dir):
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    fashion = args.dataset == "fashion_mnist"
    if fashion:
        train_px, train_y = load_fashion(data_dir, "train")
        test_x, test_y = load_fashion(data_dir, "t10k")
        prepare, test_x = normalise_fashion, normalise_fashion(test_x)
    else:
        train_px, train_y = load(data_dir, ["data_batch_%d.bin" % i for i in range(1, 6)])
        test_x, test_y = load(data_dir, ["test_batch.bin"])
        prepare, test_x = (lambda px: normalise(augment(px, rng))), normalise(test_x)
    train_px, train_y = train_px[:args.train_images], train_y[:args.train_images]
    test_x, test_y = test_x[:args.test_images], test_y[:args.test_images]
    net = build(args.model, channels=train_px.shape[1])
    params = list(net.parameters())
    decay = [p.dim() > 1 for p in params]  # weight decay on weights (conv, dense), as DL4J's l2 on weights only
    velocity = [torch.zeros_like(p) for p in params]
    steps_per_epoch = train_px.shape[0] // args.batch
    total = steps_per_epoch * args.epochs
    t = 0
    t0 = time.perf_counter()
    load_before = loadavg()
    for epoch in range(args.epochs):
        order = rng.permutation(train_px.shape[0])
        loss_sum = 0.0
        for s in range(steps_per_epoch):
            idx = order[s * args.batch:(s + 1) * args.batch]
            xb = torch.from_numpy(prepare(train_px[idx]))
            yb = torch.from_numpy(train_y[idx])
            lr = 0.5 * args.lr * (1 + math.cos(math.pi * t / total))
            mu = 0.9 if args.momentum == "constant" else min(0.99, max(0.0, 1 - 2 * math.sqrt(lr)))
            net.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            with torch.no_grad():
                for p, v, d in zip(params, velocity, decay):
                    g = p.grad.add(p, alpha=args.wd) if d else p.grad
                    v.mul_(mu).sub_(g, alpha=lr)
                    p.add_(v)
            loss_sum += loss.item()
            t += 1
        acc = evaluate(net, test_x, test_y)
        wall = time.perf_counter() - t0
        print("epoch %d/%d  step %d  loss %.4f  test acc %.4f  lr %.4g  mu %.4f  wall %.0f s"
              % (epoch + 1, args.epochs, t, loss_sum / steps_per_epoch, acc, lr, mu, wall), flush=True)
        head = {"model": args.model, "dataset": args.dataset, "momentum": args.momentum, "seed": args.seed}
        append(args.results, "torch-convergence-" + args.dataset, dict(head, **{
            "epoch": epoch + 1, "epochs": args.epochs, "base lr": args.lr, "lr": lr, "mu": mu,
            "train loss": loss_sum / steps_per_epoch, "test acc": float(acc), "wall s": wall,
            "threads": torch.get_num_threads(), "load before": load_before, "load after": loadavg()}),
            {"batch": args.batch, "weightDecay": args.wd, "seed": args.seed, "train": int(train_px.shape[0]),
             "test": int(test_x.shape[0]), "momentum": args.momentum, "dataset": args.dataset})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="small_cnn", choices=["small_cnn", "resnet20"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--epochs", type=int, default=0, help="run a convergence run of this many epochs instead")
    ap.add_argument("--lr", type=float, default=0.05, help="cosine peak (conf/cifar10-small-cnn.yaml: 0.05)")
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--train-images", type=int, default=50000, help="convergence run: first N training images")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dataset", default="cifar10", choices=["cifar10", "fashion_mnist"])
    ap.add_argument("--momentum", default="physics", choices=["physics", "constant"],
                    help="convergence run: mu = clamp(1 - 2 sqrt(lr), 0, 0.99), or 0.9")
    ap.add_argument("--test-images", type=int, default=10000, help="convergence run: first N test images")
    ap.add_argument("--data", default=None, help="data directory (default: critdamp's CIFAR-10 cache, or "
                    + FASHION_DIR + " for fashion_mnist)")
    ap.add_argument("--images", type=int, default=5120, help="distinct images cycled through in throughput mode")
    ap.add_argument("--results", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.data is None:
        args.data = FASHION_DIR if args.dataset == "fashion_mnist" else os.path.expanduser(
            "~/.cache/critdamp/cifar-10-batches-bin")
    if args.epochs > 0:
        convergence(args, args.data)
        return
    if os.path.exists(os.path.join(args.data, "data_batch_1.bin")):
        px, y = read_cifar(os.path.join(args.data, "data_batch_1.bin"))
    else:
        print("no CIFAR-10 files in %s: synthetic data" % args.data)
        rng = np.random.default_rng(1)
        px, y = rng.integers(0, 256, (args.images, 3, 32, 32), dtype=np.uint8), rng.integers(0, 10, args.images)
    throughput(args, normalise(px[:args.images]), y[:args.images])


if __name__ == "__main__":
    main()
