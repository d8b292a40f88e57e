"""bench/jfr_layers.py: training-thread samples charged to DL4J layers, on a hand-made `jfr print --json` document."""
import unittest

import jfr_layers as jl


def sample(kind, frames, thread="main"):
    return {"type": kind, "values": {
        "sampledThread": {"javaName": thread},
        "stackTrace": {"frames": [{"method": {"type": {"name": c.replace(".", "/")}, "name": m}} for c, m in frames]}}}


CONV = ("org.deeplearning4j.nn.layers.convolution.ConvolutionLayer", "backpropGradient")
GRAPH = ("org.deeplearning4j.nn.graph.ComputationGraph", "fit")
NATIVE = ("org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner", "exec")
UPDATER = ("critdamp.optim.HeavyBallUpdater", "applyUpdater")


class AttributeTest(unittest.TestCase):
    def setUp(self):
        doc = {"recording": {"events": [
            sample("jdk.NativeMethodSample", [NATIVE, CONV, GRAPH]),       # 20 ms to the convolution layer
            sample("jdk.ExecutionSample", [CONV, GRAPH]),                  # 10 ms
            sample("jdk.ExecutionSample", [UPDATER, GRAPH]),               # 10 ms to critdamp's updater
            sample("jdk.ExecutionSample", [GRAPH]),                        # the graph only dispatches: other
            sample("jdk.ExecutionSample", [CONV], thread="Spark executor"),  # not the training thread
            {"type": "jdk.ExecutionSample", "values": {"sampledThread": {"javaName": "main"}}},  # no stack
        ]}}
        self.total, self.owners, self.leaves = jl.attribute(doc)

    def test_total_weights_native_twice(self):
        self.assertEqual(self.total, 50)

    def test_owners(self):
        self.assertEqual(dict(self.owners), {
            "layers.convolution.ConvolutionLayer.backpropGradient": 30,
            "critdamp.optim.HeavyBallUpdater.applyUpdater": 10,
            "other: graph.ComputationGraph.fit": 10})  # the org.deeplearning4j.nn. prefix dropped

    def test_leaves(self):
        self.assertEqual(self.leaves["native NativeOpExecutioner.exec"], 20)
        self.assertEqual(self.leaves["java ConvolutionLayer.backpropGradient"], 10)


if __name__ == "__main__":
    unittest.main()
