"""bench/profile_epoch.py: where an epoch's seconds go, on a hand-made run folder of two epochs."""
import math
import unittest

import profile_epoch as pe
from tests.support import table_row


def epoch(n, wall, rounds, data, compute, evaluation, writing, gc, test):
    return {"epoch": n, "wallSeconds": wall, "testAccuracy": test,
            "times": {"rounds": rounds, "data": data, "compute": compute, "evaluation": evaluation,
                      "writing": writing, "gc": gc}}


EPOCHS = [epoch(1, 100.0, 80.0, 10.0, 50.0, 8.0, 2.0, 1.0, 0.5),
          epoch(2, 220.0, 100.0, 10.0, 60.0, 10.0, 4.0, "NaN", 0.6)]
# rounds.jsonl numbers epochs from 0; broadcastSeconds is an extra key, missing on one round
ROUNDS = [{"epoch": 0, "images": 3200, "seconds": 40.0, "broadcastSeconds": 1.5},
          {"epoch": 0, "images": 3200, "seconds": 40.0, "broadcastSeconds": 2.5},
          {"epoch": 1, "images": 4000, "seconds": 100.0}]


class EpochColumnsTest(unittest.TestCase):
    def setUp(self):
        self.cols, self.extra = pe.epoch_columns(EPOCHS, ROUNDS)

    def test_the_split_of_each_epoch(self):
        first, second = self.cols
        self.assertEqual(first["wall"], 100.0)
        self.assertEqual(second["wall"], 120.0)                  # between the epoch records
        self.assertEqual((first["spark"], second["spark"]), (20.0, 30.0))  # rounds - data - compute
        self.assertEqual((first["other"], second["other"]), (10.0, 6.0))  # wall - rounds - evaluation - writing
        self.assertTrue(math.isnan(second["gc"]))               # "NaN" as critdamp writes it

    def test_rounds_are_matched_to_their_epoch(self):
        self.assertEqual([(c["rounds_n"], c["images"]) for c in self.cols], [(2, 6400), (1, 4000)])
        self.assertEqual(self.extra, ["broadcastSeconds"])
        self.assertEqual(self.cols[0]["x:broadcastSeconds"], 4.0)
        self.assertTrue(math.isnan(self.cols[1]["x:broadcastSeconds"]))

    def test_table_totals_and_shares(self):
        text = pe.table(self.cols, self.extra, "fixture")
        self.assertEqual(table_row(text, "wall time between epoch records")[1:], ["100.0", "120.0", "220.0", "100.0%"])
        self.assertEqual(table_row(text, "averaging rounds")[1:], ["80.0", "100.0", "180.0", "81.8%"])
        self.assertEqual(table_row(text, "JVM GC pauses (within the rows above)")[1:], ["1.0", "-", "-", "-%"])
        self.assertEqual(table_row(text, "rounds / images/s in rounds")[1:4], ["2 / 80", "1 / 40", "3 / 58"])
        self.assertEqual(table_row(text, "test accuracy")[1:3], ["0.5000", "0.6000"])

    def test_a_run_without_epoch_times_is_refused(self):
        with self.assertRaises(SystemExit):
            pe.epoch_columns([{"epoch": 1, "wallSeconds": 1.0, "testAccuracy": 0.1}], [])


class NumberTest(unittest.TestCase):
    def test_number(self):
        self.assertEqual(pe.number(2), 2.0)
        self.assertTrue(math.isnan(pe.number("NaN")))
        self.assertTrue(math.isnan(pe.number(None)))


if __name__ == "__main__":
    unittest.main()
