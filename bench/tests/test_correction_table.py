"""bench/correction_table.py: the correction study's tables, on hand-made run folders with known answers."""
import json
import math
import os
import sys
import tempfile
import unittest
from unittest import mock

import correction_table as ct
from tests.support import printed, section, table_row, write_json, write_tar_xz

GROUPS = ["block1_1", "block1_2", "block2_1", "block2_2", "fc", "out"]


def arm(kind, net, share, fixed=None):
    fixed = max(net, 0) + 10 if fixed is None else fixed
    return {"arm": kind, "fixed": fixed, "broken": fixed - net, "net": net, "paramShare": share,
            "validationBefore": 0.60, "validationAfter": 0.61, "accuracyBefore": 0.70, "accuracyAfter": 0.69}


def write_run(root, seed, optimizer, targeted, random_nets, random_shares=None, flagged=GROUPS[:3], scores=None,
              targeted_share=0.25):
    """A finished run folder as bench/run-correction.sh keeps it: summary, selection and retraining json."""
    folder = os.path.join(root, "small-cnn-s%d-%s" % (seed, optimizer))
    shares = random_shares or [0.1 * (i + 1) for i in range(len(random_nets))]
    scores = scores or list(range(len(GROUPS), 0, -1))
    write_json(os.path.join(folder, "summary.json"), {"finalTestAccuracy": 0.70})
    write_json(os.path.join(folder, "selection.json"), {
        "flaggedGroups": list(flagged), "flaggedShare": 0.30,
        "ranking": [{"name": g, "score": s} for g, s in zip(GROUPS, scores)]})
    arms = [arm("targeted", targeted, targeted_share), arm("targeted_replicate", targeted + 4, targeted_share),
            arm("all_layers", 20, 1.0)] + [arm("random_layers", n, s) for n, s in zip(random_nets, shares)]
    write_json(os.path.join(folder, "retraining.json"), {"protocol": {"epochs": 1, "baseLr": 0.01}, "arms": arms})
    return folder


def archive_runs(root, names, files=("selection.json", "retraining.json")):
    """Moves files of the named run folders under root into a new root/raw.tar.xz (members <run>/<file>)."""
    members = {}
    for name in names:
        for file in files:
            path = os.path.join(root, name, file)
            with open(path) as f:
                members[name + "/" + file] = json.load(f)
            os.remove(path)
    write_tar_xz(os.path.join(root, ct.RAW_ARCHIVE), members)


class RankRuleTest(unittest.TestCase):
    def test_ties_count_against_the_targeted_arm(self):
        self.assertEqual(ct.rank_among(-3, [5, -3, -6]), (3, 1))
        self.assertEqual(ct.rank_among(0, [0, 0]), (3, 2))

    def test_strictly_best_and_worst(self):
        self.assertEqual(ct.rank_among(10, [1, 2, 3]), (1, 0))
        self.assertEqual(ct.rank_among(-10, [1, 2, 3]), (4, 0))

    def test_no_random_arm(self):
        self.assertEqual(ct.rank_among(1, []), (1, 0))


class TablesAgreeOnRanksTest(unittest.TestCase):
    """One run with a tie: every table states the same rank (the per-run table used to count ties in its favour)."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        write_run(self.dir.name, 1, "sgd", targeted=-3, random_nets=[5, -3, -6, -9])
        write_run(self.dir.name, 2, "sgd", targeted=7, random_nets=[7, 1, 0, -2])  # tied with the best random arm
        self.out = printed(ct.print_tables, self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_per_run_rank(self):
        per_run = section(self.out, "## Per run")
        self.assertEqual(table_row(per_run, 1, "sgd")[11], "3 of 5 (1 tied)")
        self.assertEqual(table_row(per_run, 2, "sgd")[11], "2 of 5 (1 tied)")

    def test_summary_rank_and_wins(self):
        cells = table_row(section(self.out, "## Mean +- sd"), "sgd")
        self.assertEqual(cells[10], "2.5 +- 0.7")   # ranks 3 and 2
        self.assertEqual(cells[11], "0 of 2")       # a tie with the best random arm is no win

    def test_pooled_ranks_and_p(self):
        cells = table_row(section(self.out, "## Pooled"), "sgd")
        self.assertEqual(cells[2], "3 of 5, 2 of 5")
        # P(R1 + R2 <= 5) for two independent uniform ranks on 1..5: 10 of 25 pairs
        self.assertEqual(cells[6], "0.400")

    def test_distribution_marks_the_targeted_arm(self):
        cells = table_row(section(self.out, "## Random arms"), 1, "sgd")
        self.assertEqual(cells[2], "+5 -3 [-3] -6 -9")


class PValueTest(unittest.TestCase):
    def test_one_run_is_its_rank_over_its_size(self):
        for r in range(1, 12):
            self.assertAlmostEqual(ct.rank_sum_p([(r, 11)]), r / 11)

    def test_two_runs_of_two(self):
        self.assertAlmostEqual(ct.rank_sum_p([(1, 2), (1, 2)]), 0.25)
        self.assertAlmostEqual(ct.rank_sum_p([(1, 2), (2, 2)]), 0.75)
        self.assertAlmostEqual(ct.rank_sum_p([(2, 2), (2, 2)]), 1.0)

    def test_always_first(self):
        self.assertAlmostEqual(ct.rank_sum_p([(1, 11)] * 3), 1 / 11 ** 3)


class JaccardAndSpearmanTest(unittest.TestCase):
    def test_expected_jaccard_of_three_of_six(self):
        # overlap x of two 3-subsets of 6 is hypergeometric: P = 1, 9, 9, 1 (/20); J = x / (6 - x)
        self.assertAlmostEqual(ct.expected_jaccard(6, 3, 3), (9 * 1 / 5 + 9 * 2 / 4 + 1 * 1) / 20)

    def test_expected_jaccard_edges(self):
        self.assertEqual(ct.expected_jaccard(6, 0, 0), 1.0)
        self.assertEqual(ct.expected_jaccard(6, 0, 2), 0.0)
        self.assertAlmostEqual(ct.expected_jaccard(6, 6, 6), 1.0)

    def test_ranks_share_ties_and_put_nan_last(self):
        self.assertEqual(ct.ranks([3, 1, 3]), [1.5, 3.0, 1.5])
        self.assertEqual(ct.ranks([float("nan"), 1, 2]), [3.0, 2.0, 1.0])

    def test_spearman(self):
        self.assertAlmostEqual(ct.spearman([1, 2, 3, 4], [10, 20, 30, 400]), 1.0)
        self.assertAlmostEqual(ct.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1.0)
        self.assertTrue(math.isnan(ct.spearman([1, 1, 1], [1, 2, 3])))

    def test_optimizer_table(self):
        with tempfile.TemporaryDirectory() as d:
            write_run(d, 1, "sgd", 0, [1, 2, 3], flagged=["block1_1", "block1_2", "block2_1"])
            write_run(d, 1, "adam", 0, [1, 2, 3], flagged=["block1_1", "block1_2", "fc"],
                      scores=[6, 5, 4, 3, 2, "NaN"])
            cells = table_row(section(printed(ct.print_tables, d), "## SGD vs Adam"), 1)
        self.assertEqual(cells[3], "0.50")                    # 2 shared of 4
        self.assertEqual(cells[4], "0.36 (3 and 3 of 6)")
        self.assertEqual(cells[5], "1.00")                    # same order; NaN ranks last in both


class ShareAdjustedTest(unittest.TestCase):
    def test_line_fit(self):
        self.assertEqual(ct.line_fit([0, 1, 2], [2, 5, 8]), (2.0, 3.0))
        self.assertEqual(ct.line_fit([1, 1], [2, 4]), (3.0, 0.0))

    def test_residual_and_its_rank(self):
        # random nets 100 x + e with e = +1 -1 -1 +1, orthogonal to 1 and x: the line is exactly 100 x
        report = {"arms": [arm("targeted", 26, 0.25)] + [
            arm("random_layers", n, s) for n, s in zip([11, 19, 29, 41], [0.1, 0.2, 0.3, 0.4])]}
        slope, share, residual, z, rank, n, (lo, hi) = ct.share_adjusted(report)
        self.assertAlmostEqual(slope, 100.0)
        self.assertAlmostEqual(residual, 1.0)                  # 26 - 25
        self.assertAlmostEqual(z, 1 / math.sqrt(4 / 3))        # residual sd: sqrt(4 / 3)
        self.assertEqual((rank, n), (3, 4))                    # ties with the two +1 residuals, counted against it
        self.assertEqual((lo, hi), (0.1, 0.4))

    def test_needs_three_random_arms(self):
        report = {"arms": [arm("targeted", 1, 0.2), arm("random_layers", 1, 0.1), arm("random_layers", 2, 0.3)]}
        self.assertIsNone(ct.share_adjusted(report))


class MissingDataTest(unittest.TestCase):
    def test_unfinished_and_foreign_folders_are_skipped(self):
        with tempfile.TemporaryDirectory() as d:
            write_run(d, 3, "adam", 0, [1, 2, 3])
            unfinished = write_run(d, 4, "adam", 0, [1, 2, 3])
            os.remove(os.path.join(unfinished, "retraining.json"))
            write_run(d, 5, "adam", 0, [1, 2, 3])
            os.rename(os.path.join(d, "small-cnn-s5-adam"), os.path.join(d, "resnet-s5-adam"))
            self.assertEqual(list(ct.runs(d)), [(3, "adam")])

    def test_no_finished_run_is_an_error_and_prints_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(SystemExit) as exit_:
                self.assertEqual(printed(ct.print_tables, d), "")
        self.assertIn("no finished run", str(exit_.exception.code))

    def test_mean_sd_cell(self):
        self.assertEqual(ct.ms([]), "-")
        self.assertEqual(ct.ms([None, float("nan")]), "-")
        self.assertEqual(ct.ms([2.0]), "2.0")
        self.assertEqual(ct.ms([1, 3], "{:+.1f}"), "+2.0 +- 1.4")


class RawArchiveTest(unittest.TestCase):
    """A finished run's raw records (selection.json, retraining.json) are read from raw.tar.xz when its folder lacks
    them: the study keeps them compressed, summary.json and config.json in the folder."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def test_the_tables_from_the_archive_are_those_from_the_folders(self):
        write_run(self.root, 1, "sgd", targeted=-3, random_nets=[5, -3, -6, -9])
        write_run(self.root, 1, "adam", targeted=7, random_nets=[7, 1, 0, -2])
        from_folders = printed(ct.print_tables, self.root)
        archive_runs(self.root, ["small-cnn-s1-sgd", "small-cnn-s1-adam"])
        self.assertFalse(os.path.exists(os.path.join(self.root, "small-cnn-s1-sgd", "retraining.json")))
        self.assertEqual(printed(ct.print_tables, self.root), from_folders)
        self.assertIn("| 1 | sgd |", from_folders)

    def test_a_file_in_the_folder_takes_precedence(self):
        write_run(self.root, 2, "sgd", targeted=-3, random_nets=[1, 2, 3])
        archive_runs(self.root, ["small-cnn-s2-sgd"])
        write_run(self.root, 2, "sgd", targeted=11, random_nets=[1, 2, 3])   # a rerun writes the folder again
        report = ct.runs(self.root)[(2, "sgd")]["retraining"]
        self.assertEqual(ct.arms(report, "targeted")[0]["net"], 11)

    def test_finished_runs_are_those_with_retraining_json_in_either_place(self):
        write_run(self.root, 1, "sgd", 0, [1, 2, 3])
        archive_runs(self.root, ["small-cnn-s1-sgd"])
        write_run(self.root, 2, "sgd", 0, [1, 2, 3])                          # in its folder
        unfinished = write_run(self.root, 3, "sgd", 0, [1, 2, 3])
        os.remove(os.path.join(unfinished, "retraining.json"))
        self.assertEqual(ct.RunRecords(self.root).finished(), ["small-cnn-s1-sgd", "small-cnn-s2-sgd"])
        with mock.patch.object(sys, "argv", ["correction_table.py", "--finished", self.root]):
            self.assertEqual(printed(ct.main), "small-cnn-s1-sgd\nsmall-cnn-s2-sgd\n")

    def test_a_missing_record_names_both_places(self):
        write_run(self.root, 4, "adam", 0, [1, 2, 3])
        archive_runs(self.root, ["small-cnn-s4-adam"], files=("retraining.json",))
        os.remove(os.path.join(self.root, "small-cnn-s4-adam", "selection.json"))
        with self.assertRaises(FileNotFoundError) as error:
            ct.runs(self.root)
        self.assertIn("selection.json", str(error.exception))
        self.assertIn(ct.RAW_ARCHIVE, str(error.exception))

    def test_no_study_folder_has_no_finished_run(self):
        self.assertEqual(ct.RunRecords(os.path.join(self.root, "absent")).finished(), [])


STUDY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results", "correction")


@unittest.skipUnless(os.path.isfile(os.path.join(STUDY, ct.RAW_ARCHIVE)), "no correction study in this tree")
class KeptStudyTest(unittest.TestCase):
    """bench/results/correction as kept: its tables.md is what this script makes of its records and raw.tar.xz."""

    def test_tables_md_is_regenerated_from_the_tree(self):
        with open(os.path.join(STUDY, "tables.md")) as f:
            self.assertEqual(printed(ct.print_tables, STUDY), f.read())

    def test_the_archive_holds_the_three_raw_records_of_six_runs_and_stays_small(self):
        records = ct.RunRecords(STUDY)
        runs = ["small-cnn-s%d-%s" % (seed, opt) for seed in (1, 2, 3) for opt in ("adam", "sgd")]
        self.assertEqual(records.finished(), runs)
        self.assertEqual(sorted(records.archived), sorted(
            run + "/" + file for run in runs for file in ("attribution.json", "retraining.json", "selection.json")))
        with open(os.path.join(STUDY, ct.RAW_ARCHIVE), "rb") as f:
            data = f.read()
        self.assertLess(len(data), 20000)
        self.assertLess(data.count(b"\n"), 100)   # what `wc -l` (and so the tree's line count) sees


if __name__ == "__main__":
    unittest.main()
