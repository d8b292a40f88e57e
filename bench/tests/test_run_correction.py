"""bench/run-correction.sh without training: which runs it counts as done, --archive and --tables, on hand-made
study folders (CRITDAMP_BENCH_RESULTS and RUNS point at a temporary folder)."""
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest

import correction_table as ct
from tests.support import printed
from tests.test_correction_table import archive_runs, write_run

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "run-correction.sh")


@unittest.skipUnless(shutil.which("bash") and shutil.which("tar") and shutil.which("xz"), "needs bash, tar and xz")
class RunCorrectionTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.results = os.path.join(self.dir.name, "results")
        self.study = os.path.join(self.results, "correction")

    def tearDown(self):
        self.dir.cleanup()

    def script(self, *args, seeds="1 2"):
        env = dict(os.environ, CRITDAMP_BENCH_RESULTS=self.results, RUNS=os.path.join(self.dir.name, "runs"),
                   SEEDS=seeds, OPTIMIZERS="sgd", PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run(["bash", SCRIPT, *args], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout

    def test_a_run_in_the_archive_is_done_and_not_trained_again(self):
        write_run(self.study, 1, "sgd", 0, [1, 2, 3])
        archive_runs(self.study, ["small-cnn-s1-sgd"])
        out = self.script("--dry-run")
        self.assertIn("== small-cnn-s1-sgd: done", out)
        self.assertNotIn("small-cnn-s1-sgd: train", out)
        self.assertIn("== small-cnn-s2-sgd: train: deploy/critdamp train", out)

    def test_a_run_in_its_folder_is_done(self):
        write_run(self.study, 2, "sgd", 0, [1, 2, 3])
        out = self.script("--dry-run")
        self.assertIn("== small-cnn-s2-sgd: done", out)
        self.assertIn("== small-cnn-s1-sgd: train", out)

    def test_archive_moves_the_raw_records_and_keeps_the_archived_runs(self):
        write_run(self.study, 1, "sgd", 0, [1, 2, 3])
        archive_runs(self.study, ["small-cnn-s1-sgd"])
        folder = write_run(self.study, 2, "sgd", 5, [1, 2, 3])
        with open(os.path.join(folder, "attribution.json"), "w") as f:
            f.write("{}")
        self.script("--archive")
        self.assertEqual(sorted(os.listdir(folder)), ["summary.json"])
        with tarfile.open(os.path.join(self.study, ct.RAW_ARCHIVE)) as tar:
            self.assertEqual(tar.getnames(), [
                "small-cnn-s1-sgd/retraining.json", "small-cnn-s1-sgd/selection.json",
                "small-cnn-s2-sgd/attribution.json", "small-cnn-s2-sgd/retraining.json",
                "small-cnn-s2-sgd/selection.json"])
        self.assertEqual(ct.RunRecords(self.study).finished(), ["small-cnn-s1-sgd", "small-cnn-s2-sgd"])
        report = ct.runs(self.study)[(2, "sgd")]["retraining"]
        self.assertEqual(ct.arms(report, "targeted")[0]["net"], 5)

    def test_archive_is_reproducible(self):
        archives = []
        for _ in range(2):
            folder = write_run(self.study, 1, "sgd", 0, [1, 2, 3])
            self.script("--archive")
            with open(os.path.join(self.study, ct.RAW_ARCHIVE), "rb") as f:
                archives.append(f.read())
            os.remove(os.path.join(self.study, ct.RAW_ARCHIVE))
            shutil.rmtree(folder)
        self.assertEqual(archives[0], archives[1])

    def test_tables_from_the_archive_alone(self):
        write_run(self.study, 1, "sgd", -3, [5, -3, -6, -9])
        archive_runs(self.study, ["small-cnn-s1-sgd"])
        self.script("--tables")
        with open(os.path.join(self.study, "tables.md")) as f:
            self.assertEqual(f.read(), printed(ct.print_tables, self.study))
        self.assertIn("| 1 | sgd |", printed(ct.print_tables, self.study))
        self.assertFalse(os.path.exists(os.path.join(self.study, "tables.md.tmp")))


if __name__ == "__main__":
    unittest.main()
