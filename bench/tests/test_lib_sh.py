"""bench/lib.sh's portable: what the bench scripts write into committed records and logs names no machine's folders."""
import os
import shutil
import subprocess
import tempfile
import unittest

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)


@unittest.skipUnless(shutil.which("bash"), "needs bash")
class PortableTest(unittest.TestCase):
    def portable(self, *words, home="/u/ada"):
        with tempfile.TemporaryDirectory() as results:
            env = dict(os.environ, HOME=home, CRITDAMP_BENCH_RESULTS=results)
            done = subprocess.run(["bash", "-c", 'source "$0"; portable "$@"', os.path.join(BENCH, "lib.sh"), *words],
                                  env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_checkout_paths_become_relative_and_home_paths_start_with_tilde(self):
        self.assertEqual(self.portable("deploy/critdamp retrain --run", ROOT + "/bench/results/tmp/s/run",
                                       "--data", "/u/ada/.cache/critdamp"),
                         "deploy/critdamp retrain --run bench/results/tmp/s/run --data ~/.cache/critdamp\n")

    def test_other_paths_are_kept(self):
        self.assertEqual(self.portable("/tmp/x /usr/bin/python3 runs/quickstart"),
                         "/tmp/x /usr/bin/python3 runs/quickstart\n")

    def test_a_home_of_slash_changes_nothing(self):
        self.assertEqual(self.portable("/u/ada/x", home="/"), "/u/ada/x\n")


if __name__ == "__main__":
    unittest.main()
