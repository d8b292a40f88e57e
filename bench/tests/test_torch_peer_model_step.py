"""bench/torch_peer_model_step.py: the committed golden file of critdamp's TorchPeerStepTest is what the PyTorch peer
computes today. Needs torch: in this interpreter, or in the one CRITDAMP_TORCH_PYTHON names (Debian's python3-torch
is /usr/bin/python3's); skipped, with the reason, where neither has it. The Java test runs in every build."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(BENCH, "torch_peer_model_step.py")
GOLDEN = os.path.join(BENCH, "..", "common", "src", "test", "resources", "critdamp", "torch",
                      "peer-step-small-cnn.json")
# The Java test's tolerances (TorchPeerStepTest): another CPU or torch version changes the gradient's float noise.
VELOCITY_TOLERANCE = 2e-8
VALUE_TOLERANCE = 2e-7


def torch_python():
    """(an interpreter where torch imports, None) or (None, why there is none)."""
    candidates = [sys.executable] + [p for p in [os.environ.get("CRITDAMP_TORCH_PYTHON")] if p]
    for python in candidates:
        try:
            if subprocess.run([python, "-c", "import torch"], capture_output=True, timeout=120).returncode == 0:
                return python, None
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None, ("torch does not import in %s; set CRITDAMP_TORCH_PYTHON to an interpreter where it does"
                  % " or ".join(candidates))


class GoldenFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(GOLDEN) as f:
            cls.committed = json.load(f)

    def test_the_committed_file_is_compact_and_complete(self):
        self.assertLess(os.path.getsize(GOLDEN), 200_000)
        self.assertEqual(len(self.committed["blocks"]), 27)  # 5 x (conv, gamma, beta, mean, variance), fc W, fc b
        trained = [b for b in self.committed["blocks"] if not b["role"].startswith("bn_m")
                   and b["role"] != "bn_variance"]
        self.assertTrue(all("velocity" in b for b in trained))

    def test_regenerated_equals_committed(self):
        python, why = torch_python()
        if python is None:
            self.skipTest(why)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "step.json")
            run = subprocess.run([python, SCRIPT, "--output", out], capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr)
            with open(out) as f:
                fresh = json.load(f)
        for key in ("batch", "classes", "alpha", "mu", "weightDecay"):
            self.assertEqual(fresh[key], self.committed[key], key)
        self.assertAlmostEqual(fresh["loss"], self.committed["loss"], delta=1e-6)
        self.assertEqual(len(fresh["blocks"]), len(self.committed["blocks"]))
        for new, old in zip(fresh["blocks"], self.committed["blocks"]):
            for key in ("name", "role", "shape", "indices"):
                self.assertEqual(new[key], old[key], "%s: %s" % (old["name"], key))
            length = math.prod(old["shape"])
            self.assert_close(old["name"] + " values", new["values"], old["values"], VALUE_TOLERANCE, length)
            self.assertEqual("velocity" in new, "velocity" in old, old["name"])
            if "velocity" in old:
                self.assert_close(old["name"] + " velocity", new["velocity"], old["velocity"], VELOCITY_TOLERANCE,
                                  length)

    def assert_close(self, what, new, old, tolerance, length):
        """Each sample within tolerance, the sum within tolerance per value summed."""
        self.assertEqual(len(new["samples"]), len(old["samples"]), what)
        for j, (a, b) in enumerate(zip(new["samples"], old["samples"])):
            self.assertAlmostEqual(a, b, delta=tolerance, msg="%s sample %d" % (what, j))
        self.assertAlmostEqual(new["sum"], old["sum"], delta=tolerance * length, msg=what + " sum")


if __name__ == "__main__":
    unittest.main()
