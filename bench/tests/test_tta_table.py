"""bench/tta_table.py: the time-to-accuracy rows and summaries, on hand-made run directories."""
import argparse
import json
import os
import tempfile
import unittest
from unittest import mock

import tta_table as tt
from tests.support import printed, table_row, write_jsonl, write_text

TIME_REPORT = """\tCommand being timed: "deploy/critdamp train"
\tMaximum resident set size (kbytes): 2500000
\tElapsed (wall clock) time (h:mm:ss or m:ss): {elapsed}
"""


def console_log(lines):
    return "".join("%s | %s\n" % (t, text) for t, text in lines)


class RunDirectoryTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.run = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def test_time_report_in_minutes_and_in_hours(self):
        write_text(os.path.join(self.run, "time.txt"), TIME_REPORT.format(elapsed="14:20.5"))
        self.assertEqual(tt.time_report(self.run), (2500000, 860.5))
        write_text(os.path.join(self.run, "time.txt"), TIME_REPORT.format(elapsed="1:02:03"))
        self.assertEqual(tt.time_report(self.run), (2500000, 3723.0))

    def test_missing_files_give_nothing(self):
        self.assertEqual(tt.time_report(self.run), (None, None))
        self.assertEqual(tt.sampled_tree(self.run), (None, None))
        self.assertEqual(tt.console(self.run), [])

    def test_sampled_tree_keeps_the_largest_sum_and_process_count(self):
        write_text(os.path.join(self.run, "rss.txt"), "0 1000 1\n1 5000 2\nbroken line\n2 3000 3\n")
        self.assertEqual(tt.sampled_tree(self.run), (5000, 3))

    def test_epoch_stamps_keep_the_first_line_of_each_epoch(self):
        write_text(os.path.join(self.run, "console.log"), console_log([
            ("1.5", "loading"), ("40.0", "epoch 1/2  step 100 loss 2.0"), ("41.0", "epoch 1/2  step 200 loss 1.9"),
            ("80.2", "epoch 2/2  step 300 loss 1.5")]) + "an unstamped line\n")
        lines = tt.console(self.run)
        self.assertEqual(len(lines), 4)
        self.assertEqual(tt.epoch_stamps(lines), {1: 40.0, 2: 80.2})

    def test_crossing_is_the_first_epoch_at_or_above_the_target(self):
        epochs = [(1, 0.45, 30.04), (2, 0.60, 60.0), (3, 0.65, 90.0)]
        self.assertEqual(tt.crossing(epochs, {2: 70.0}, 0.6),
                         {"epoch": 2, "runSeconds": 60.0, "fromStartSeconds": 70.0})
        self.assertEqual(tt.crossing(epochs, {}, 0.5)["fromStartSeconds"], None)
        self.assertIsNone(tt.crossing(epochs, {}, 0.7))

    def test_peer_run_wall_only_when_every_epoch_ran(self):
        rows = [{"epoch": e, "epochs": 3, "test acc": acc, "wall s": 10.0 * e}
                for e, acc in [(1, 0.5), (2, 0.6), (3, 0.7)]]
        write_jsonl(os.path.join(self.run, "peer", "torch-convergence-cifar10.jsonl"), rows)
        self.assertEqual(tt.peer_epochs(self.run), ([(1, 0.5, 10.0), (2, 0.6, 20.0), (3, 0.7, 30.0)], 30.0))
        write_jsonl(os.path.join(self.run, "peer", "torch-convergence-cifar10.jsonl"), rows[:2])
        self.assertIsNone(tt.peer_epochs(self.run)[1])

    def test_critdamp_run_folder_from_the_console(self):
        folder = os.path.join(self.run, "runs", "named")
        write_jsonl(os.path.join(folder, "epochs.jsonl"), [{"epoch": 1, "testAccuracy": 0.5, "wallSeconds": 100.0}])
        lines = [(0.0, "run folder: file:" + folder)]
        self.assertEqual(tt.critdamp_epochs(lines, None), ([(1, 0.5, 100.0)], None, folder))
        self.assertEqual(tt.critdamp_epochs([], folder)[0], [(1, 0.5, 100.0)])  # the folder asked for
        missing = os.path.join(self.run, "nowhere")
        self.assertEqual(tt.critdamp_epochs([], missing), ([], None, missing))

    def test_row_of_a_critdamp_run(self):
        folder = os.path.join(self.run, "runs", "quickstart")
        write_jsonl(os.path.join(folder, "epochs.jsonl"), [
            {"epoch": 1, "testAccuracy": 0.52, "wallSeconds": 100.0},
            {"epoch": 2, "testAccuracy": 0.61, "wallSeconds": 200.0}])
        write_text(os.path.join(folder, "summary.json"), json.dumps({"wallSeconds": 210.0}))
        write_text(os.path.join(self.run, "console.log"), console_log([
            ("20.0", "run folder: " + folder), ("130.0", "epoch 1/2  step 1"), ("235.5", "epoch 2/2  step 2")]))
        write_text(os.path.join(self.run, "time.txt"), TIME_REPORT.format(elapsed="4:00"))
        write_text(os.path.join(self.run, "rss.txt"), "1 3000000 2\n")
        results = os.path.join(self.run, "results")
        os.makedirs(results)
        args = argparse.Namespace(
            kind="critdamp", dir=self.run, sitting="s1", pair="1", position="1", rc="0", load_before="1.0",
            load_after="2.0", command="deploy/critdamp train", git="abc1234", torch="1.13", recipe="epochs 2",
            setting="", results=results, targets="0.5,0.6", run_folder=None)
        with mock.patch.object(tt, "machine", return_value={"cpu": "test"}):
            printed(tt.row, args)
        with open(os.path.join(results, "time-to-accuracy.jsonl")) as f:
            record = json.loads(f.read())
        self.assertEqual(record["targets"]["0.6"], {"epoch": 2, "runSeconds": 200.0, "fromStartSeconds": 235.5})
        self.assertEqual((record["processWallSeconds"], record["peakRssKb"]), (240.0, 2500000))
        with open(os.path.join(results, "time-to-accuracy.md")) as f:
            cells = table_row(f.read(), "s1")
        self.assertEqual(cells[3:12], ["critdamp", "0", "2", "0.6100", "100.0 / 130.0", "200.0 / 235.5", "1 / 2",
                                       "210.0", "240.0"])
        self.assertEqual(cells[12:14], ["2.50", "3.00 (2 procs)"])


class PortablePathsTest(unittest.TestCase):
    """Rows are committed: runDir, runFolder and the command name the checkout's folders relative to it, home as ~."""

    def test_paths_under_the_root_and_the_home(self):
        text = "train --set run.resultsDir=/srv/co/bench/results/tmp/s/runs --data /u/ada/.cache/c /usr/bin/python3"
        self.assertEqual(tt.portable(text, root="/srv/co", home="/u/ada"),
                         "train --set run.resultsDir=bench/results/tmp/s/runs --data ~/.cache/c /usr/bin/python3")

    def test_only_whole_folder_names_from_the_start_of_a_path(self):
        self.assertEqual(tt.portable("/srv/co-old/x /x/srv/co/y /srv/co", root="/srv/co", home="/u/ada"),
                         "/srv/co-old/x /x/srv/co/y /srv/co")

    def test_the_checkout_inside_the_home(self):
        self.assertEqual(tt.portable("/u/ada/co/bench /u/ada/.cache", root="/u/ada/co", home="/u/ada"),
                         "bench ~/.cache")

    def test_a_root_or_home_of_slash_changes_nothing(self):
        self.assertEqual(tt.portable("/srv/co/x", root="/", home="/"), "/srv/co/x")
        self.assertIsNone(tt.portable(None))

    def test_the_row_holds_no_absolute_path_of_the_checkout_or_home(self):
        with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as home:
            run = os.path.join(root, "bench", "results", "tmp", "s1", "critdamp-p1")
            folder = os.path.join(run, "runs", "quickstart")
            write_jsonl(os.path.join(folder, "epochs.jsonl"), [{"epoch": 1, "testAccuracy": 0.52, "wallSeconds": 9.0}])
            write_text(os.path.join(run, "console.log"), console_log([("2.0", "run folder: file:" + folder)]))
            results = os.path.join(root, "bench", "results")
            command = "deploy/critdamp train --set run.resultsDir=%s/runs --data %s/.cache/c" % (run, home)
            args = argparse.Namespace(
                kind="critdamp", dir=run, sitting="s1", pair="1", position="1", rc="0", load_before="1.0",
                load_after="2.0", command=command, git="abc1234", torch="1.13", recipe="epochs 1", setting="",
                results=results, targets="0.5", run_folder=None)
            with mock.patch.object(tt, "ROOT", root), mock.patch.dict(os.environ, {"HOME": home}), \
                    mock.patch.object(tt, "machine", return_value={"cpu": "test"}):
                printed(tt.row, args)
            with open(os.path.join(results, "time-to-accuracy.jsonl")) as f:
                line = f.read()
        record = json.loads(line)
        self.assertEqual(record["runDir"], "bench/results/tmp/s1/critdamp-p1")
        self.assertEqual(record["runFolder"], "bench/results/tmp/s1/critdamp-p1/runs/quickstart")
        self.assertEqual(record["command"], "deploy/critdamp train --set "
                         "run.resultsDir=bench/results/tmp/s1/critdamp-p1/runs --data ~/.cache/c")
        for path in {root, os.path.realpath(root), home}:
            self.assertNotIn(path, line)


def record(sitting, kind, rc=0, to60=None, final=0.6, peak_kb=2000000, wall=500.0):
    return {"sitting": sitting, "kind": kind, "rc": rc, "finalTestAccuracy": final, "peakRssKb": peak_kb,
            "processWallSeconds": wall,
            "targets": {"0.5": {"runSeconds": 50.0, "fromStartSeconds": 60.0},
                        "0.6": None if to60 is None else {"runSeconds": to60, "fromStartSeconds": to60 + 10}}}


class SummaryTest(unittest.TestCase):
    def summary(self, records, sitting="s1"):
        with tempfile.TemporaryDirectory() as results:
            write_jsonl(os.path.join(results, "time-to-accuracy.jsonl"), records)
            return printed(tt.summary, argparse.Namespace(sitting=sitting, results=results))

    def test_medians_ratios_and_points(self):
        out = self.summary([
            record("s1", "critdamp", to60=100.0, final=0.62), record("s1", "critdamp", to60=300.0, final=0.64),
            record("s1", "critdamp", to60=None, final=0.58),       # missed 60%: out of that median, counted below
            record("s1", "critdamp", rc=1, to60=1.0, final=0.99),  # failed: out
            record("s1", "peer", to60=100.0, final=0.66, peak_kb=1000000),
            record("s2", "peer", to60=1.0, final=0.99)])           # another sitting: out
        self.assertIn("critdamp (dl4j) 3, peer 1; reached 50% / 60%: critdamp (dl4j) 3 / 2, peer 1 / 1", out)
        self.assertEqual(table_row(out, "time to 60%, run clock (s)"), [
            "time to 60%, run clock (s)", "200.0", "100.0", "2.00x"])
        self.assertEqual(table_row(out, "time to 60%, from start (s)")[1:], ["210.0", "110.0", "1.91x"])
        self.assertEqual(table_row(out, "peak RSS (GB)")[1:], ["2.00", "1.00", "2.00x"])
        self.assertEqual(table_row(out, "final test accuracy")[1:], ["0.6200", "0.6600", "-4.0 points"])

    def test_both_engines_each_against_the_peer(self):
        out = self.summary([
            record("s1", "critdamp", to60=300.0, final=0.70), record("s1", "torch", to60=90.0, final=0.71),
            record("s1", "peer", to60=100.0, final=0.72)])
        self.assertIn("critdamp (dl4j) 1, critdamp (torch) 1, peer 1", out)
        self.assertEqual(table_row(out, "time to 60%, run clock (s)")[1:],
                         ["300.0", "90.0", "100.0", "3.00x", "0.90x"])
        self.assertEqual(table_row(out, "final test accuracy")[1:],
                         ["0.7000", "0.7100", "0.7200", "-2.0 points", "-1.0 points"])

    def test_without_peer_runs(self):
        out = self.summary([record("s1", "critdamp", to60=100.0)])
        self.assertEqual(table_row(out, "time to 60%, run clock (s)")[1:], ["100.0", "-", "-"])


if __name__ == "__main__":
    unittest.main()
