"""bench/lr_study_peer_table.py: critdamp's and PyTorch's constant and physics rows, on a hand-made study."""
import os
import tempfile
import unittest

import lr_study_peer_table as pt
from tests.support import printed, table_row, write_jsonl

TARGETS = [0.6, 0.7]


def study_row(schedule, rate, final_mean, final_sd, verdict="INTERIOR"):
    return {"schedule": schedule, "search": {"verdict": verdict, "best": {"rate": rate}},
            "finalTestAccuracy": {"n": 3, "mean": final_mean, "sd": final_sd},
            "targets": [{"target": 0.6, "reached": 3, "of": 3, "epochs": {"n": 3, "mean": 2.0, "sd": 1.0},
                         "seconds": {"n": 3, "mean": 200.0, "sd": 10.0}},
                        {"target": 0.7, "reached": 0, "of": 3, "epochs": {"n": 0, "mean": "NaN", "sd": "NaN"},
                         "seconds": {"n": 0, "mean": "NaN", "sd": "NaN"}}]}


def peer_run(momentum, seed, rate, accuracies, epochs=None, wall=100.0):
    """One torch_peer.py run: a row per epoch; epochs is the run's budget (default: as many as accuracies)."""
    n = epochs or len(accuracies)
    return [{"momentum": momentum, "seed": seed, "base lr": rate, "epochs": n, "epoch": e + 1, "test acc": a,
             "wall s": wall * (e + 1)} for e, a in enumerate(accuracies)]


class ReachTest(unittest.TestCase):
    def test_first_reach_counts_equality(self):
        epochs = [{"epoch": 1, "test acc": 0.5, "wall s": 10}, {"epoch": 2, "test acc": 0.6, "wall s": 20}]
        self.assertEqual(pt.first_reach(epochs, 0.6), (2, 20))
        self.assertIsNone(pt.first_reach(epochs, 0.61))

    def test_reach_cell_over_the_runs_that_reached(self):
        run = lambda accs: [{"epoch": i + 1, "test acc": a, "wall s": 10.0 * (i + 1)} for i, a in enumerate(accs)]
        runs = [run([0.7, 0.8]), run([0.5, 0.5, 0.5, 0.7]), run([0.1])]
        self.assertEqual(pt.reach_cell(runs, 0.7, 0, "%.1f"), "2.5 ± 2.1 (2/3)")
        self.assertEqual(pt.reach_cell(runs[:1], 0.7, 1, "%.0f"), "10 (1/1)")
        self.assertEqual(pt.reach_cell(runs, 0.9, 0, "%.1f"), "not reached (0/3)")

    def test_critdamp_reach(self):
        row = study_row("constant", 0.1, 0.8, 0.01)
        self.assertEqual(pt.critdamp_reach(row, 0.6, "epochs", "%.1f"), "2.0 ± 1.0 (3/3)")
        self.assertEqual(pt.critdamp_reach(row, 0.7, "seconds", "%.0f"), "not reached (0/3)")
        self.assertEqual(pt.critdamp_reach(row, 0.65, "epochs", "%.1f"), "–")


class GapTest(unittest.TestCase):
    # sd 0.01 and n 2 on both sides: the standard error of the difference is 0.01, the noise bound 0.02
    def test_verdicts(self):
        self.assertEqual(pt.gap("x", 0.83, 0.01, 2, 0.80, 0.01, 2), "x +0.0300 ± 0.0200, constant higher")
        self.assertEqual(pt.gap("x", 0.80, 0.01, 2, 0.83, 0.01, 2), "x -0.0300 ± 0.0200, physics higher")
        self.assertEqual(pt.gap("x", 0.81, 0.01, 2, 0.80, 0.01, 2), "x +0.0100 ± 0.0200, within noise")


class TableTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        study, peer = os.path.join(self.dir.name, "study"), os.path.join(self.dir.name, "peer")
        write_jsonl(os.path.join(study, "study.jsonl"), [
            study_row("constant", 0.4, 0.80, 0.01), study_row("physics", 1.6, 0.76, 0.01),
            study_row("demon", 0.2, 0.9, 0.01)])
        rows = (peer_run("constant", 1, 0.4, [0.5, 0.1])          # seed 1's first run: replaced by its rerun
                + peer_run("constant", 1, 0.4, [0.6, 0.82])
                + peer_run("constant", 2, 0.4, [0.5, 0.69])
                + peer_run("constant", 3, 0.4, [0.5], epochs=2)    # unfinished: out
                + peer_run("constant", 4, 0.2, [0.9, 0.9])         # another rate: out
                + peer_run("constant", 5, 0.4, [0.9, 0.9, 0.9])    # another budget: out
                + peer_run("physics", 1, 1.6, [0.6, 0.79]) + peer_run("physics", 2, 1.6, [0.7, 0.77]))
        write_jsonl(os.path.join(peer, "torch-convergence-cifar10.jsonl"), rows)
        self.out = printed(pt.main, study, peer, 2)

    def tearDown(self):
        self.dir.cleanup()

    def test_peer_rows_count_each_finished_seed_once_at_its_latest_run(self):
        self.assertEqual(table_row(self.out, "constant", "PyTorch"),
                         ["constant", "PyTorch", "0.4", "2", "0.7550 ± 0.0919", "1.5 ± 0.7 (2/2)", "150 ± 71 (2/2)",
                          "2.0 (1/2)", "200 (1/2)"])

    def test_critdamp_rows_from_the_study(self):
        self.assertEqual(table_row(self.out, "physics", "critdamp"),
                         ["physics", "critdamp", "1.6", "3", "0.7600 ± 0.0100", "2.0 ± 1.0 (3/3)", "200 ± 10 (3/3)",
                          "not reached (0/3)", "not reached (0/3)"])

    def test_only_constant_and_physics(self):
        self.assertNotIn("demon", self.out)

    def test_targets_and_gap_line(self):
        self.assertIn("Targets: 0.6000, 0.7000 test accuracy", self.out)
        # critdamp: 0.04 apart, 2 se = 2 sqrt(2 * 0.0001 / 3) = 0.0163; PyTorch: 0.755 - 0.78, sd 0.0919 and 0.0141
        # over 2 seeds each: 2 se = 2 sqrt((0.0919^2 + 0.0141^2) / 2) = 0.1315
        self.assertIn("critdamp +0.0400 ± 0.0163, constant higher; PyTorch -0.0250 ± 0.1315, within noise.", self.out)

    def test_schedule_without_a_chosen_rate(self):
        with tempfile.TemporaryDirectory() as d:
            write_jsonl(os.path.join(d, "study.jsonl"), [study_row("constant", 0.4, 0.8, 0.01, verdict="OPEN")])
            out = printed(pt.main, d, d, 2)
        self.assertIn("| constant | – | no chosen rate yet |", out)
        self.assertIn("| physics | – | no chosen rate yet |", out)


if __name__ == "__main__":
    unittest.main()
