#!/usr/bin/python3
"""The PyTorch peer's optimizer steps on a tiny fixed problem: the expected values of critdamp's TorchHeavyBallTest.

Three heavy-ball steps with weight decay, alpha and mu changing every step, on three parameters: a 2x3 weight
(decayed: rank >= 2, as conv and dense weights), a bias and a batch-norm-like scale (rank 1, not decayed). The
gradient of step k is G_k exactly (loss = sum(G_k * p), then backward). The update is bench/torch_peer.py's own
heavy_ball_step, called as its convergence run applies it: with the decay on the weights and 0 on the rest.

  /usr/bin/python3 bench/torch_peer_step.py      # prints the parameters after the three steps, as Java literals
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import heavy_ball_step  # noqa: E402  (the peer's update, not a copy)

# Keep in step with TorchHeavyBallTest (common/src/test/java/critdamp/torch/).
WEIGHT = [[0.5, -0.25, 0.125], [1.0, -0.75, 0.3]]
BIAS = [0.1, -0.2]
SCALE = [1.0, 0.9]
GRADS = [  # per step: weight, bias, scale
    ([[0.2, -0.1, 0.05], [0.3, 0.0, -0.4]], [0.5, -0.5], [0.25, -0.125]),
    ([[-0.1, 0.2, 0.3], [0.05, -0.15, 0.25]], [-0.3, 0.2], [0.1, 0.05]),
    ([[0.4, 0.1, -0.2], [-0.25, 0.35, 0.15]], [0.05, 0.15], [-0.2, 0.3]),
]
ALPHA = [0.1, 0.05, 0.2]
MU = [0.9, 0.5, 0.8]
WEIGHT_DECAY = 0.01


def main():
    torch.set_num_threads(1)
    params = [torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in (WEIGHT, BIAS, SCALE)]
    decayed = [p for p in params if p.dim() > 1]
    rest = [p for p in params if p.dim() <= 1]
    v_decayed = [torch.zeros_like(p) for p in decayed]
    v_rest = [torch.zeros_like(p) for p in rest]
    for grads, alpha, mu in zip(GRADS, ALPHA, MU):
        for p in params:
            p.grad = None
        loss = sum((p * torch.tensor(g, dtype=torch.float32)).sum() for p, g in zip(params, grads))
        loss.backward()
        heavy_ball_step(decayed, v_decayed, alpha, mu, WEIGHT_DECAY)
        heavy_ball_step(rest, v_rest, alpha, mu, 0.0)
    print("// torch %s" % torch.__version__)
    for name, p in zip(("WEIGHT", "BIAS", "SCALE"), params):
        values = ", ".join("%.9ef" % x for x in p.detach().flatten().tolist())
        print("private static final float[] PEER_%s = {%s};" % (name, values))


if __name__ == "__main__":
    main()
