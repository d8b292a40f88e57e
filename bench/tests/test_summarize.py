"""bench/summarize.py: medians per group of the bench results, on hand-made jsonl files."""
import math
import os
import tempfile
import unittest

import summarize
from tests.support import printed, section, table_row, write_jsonl


def spark(master, workers, omp, img_s, helpers_disable="false", load="1.0 1.0 1.0"):
    return {"master": master, "workers": workers, "OMP": omp, "img/s": img_s, "helpersDisable": helpers_disable,
            "load before": load, "load after": load}


def throughput(model, img_s, build="-onednn-avx2"):
    return {"model": model, "path": "fast", "OMP": "2", "img/s": img_s, "platformExtension": build,
            "train GFLOP/img": 0.175, "GFLOP/s": img_s * 0.175, "% of peak": img_s / 10}


class SummarizeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, records):
        write_jsonl(os.path.join(self.dir.name, name + ".jsonl"), records)

    def test_load_range(self):
        rs = [{"load before": "2.5 1.0 1.0", "load after": "unknown"}, {"load before": "0.5 1 1", "load after": "4.0"}]
        self.assertEqual(summarize.loads(rs), "0.5-4.0")
        self.assertEqual(summarize.loads([{"load before": "unknown"}]), "?")

    def test_throughput_medians_per_group_in_first_seen_order(self):
        self.write("throughput", [throughput("resnet20", 10.0), throughput("small_cnn", 30.0),
                                  throughput("small_cnn", 10.0), throughput("small_cnn", 100.0),
                                  throughput("resnet20", 20.0)])
        out = printed(summarize.main, self.dir.name)
        rows = [l for l in out.splitlines() if l.startswith("| resnet20") or l.startswith("| small_cnn")]
        self.assertEqual([r.split(" | ")[0] for r in rows], ["| resnet20", "| small_cnn"])
        self.assertEqual(table_row(out, "small_cnn")[4:9], ["3", "30.0", "0.175", "5.25", "3.0"])
        self.assertEqual(table_row(out, "resnet20")[4:6], ["2", "15.0"])   # the median of an even count
        self.assertEqual(table_row(out, "resnet20")[9], "?")               # no load recorded

    def test_native_builds_are_not_pooled(self):
        self.write("throughput", [throughput("small_cnn", 30.0), throughput("small_cnn", 40.0),
                                  throughput("small_cnn", 300.0, "-onednn-avx512")])
        out = printed(summarize.main, self.dir.name)
        self.assertEqual(table_row(out, "small_cnn", "fast", "-onednn-avx2")[4:6], ["2", "35.0"])
        self.assertEqual(table_row(out, "small_cnn", "fast", "-onednn-avx512")[4:6], ["1", "300.0"])

    def test_spark_overhead_against_the_one_jvm_medians(self):
        self.write("spark-overhead", [spark("none", 1, "1", 100.0), spark("none", 1, "1", 120.0),
                                      spark("none", 1, "2", 50.0), spark("local[2]", 2, "1", 165.0)])
        out = section(printed(summarize.main, self.dir.name), "### Spark overhead")
        self.assertEqual(table_row(out, "local[2]")[3:8], ["fast", "1", "165.0", "1.50", "3.30"])
        self.assertEqual(table_row(out, "none", "1", "1")[4:8], ["2", "110.0", "1.00", "2.20"])

    def test_spark_overhead_compares_each_path_with_its_own_one_jvm_runs(self):
        self.write("spark-overhead", [spark("none", 1, "1", 100.0), spark("none", 1, "1", 10.0, "true"),
                                      spark("local[2]", 2, "1", 150.0), spark("local[2]", 2, "1", 20.0, "true")])
        out = printed(summarize.main, self.dir.name)
        self.assertEqual(table_row(out, "local[2]", "2", "1", "fast")[4:7], ["1", "150.0", "1.50"])
        self.assertEqual(table_row(out, "local[2]", "2", "1", "default")[4:7], ["1", "20.0", "2.00"])

    def test_spark_overhead_without_a_base(self):
        self.write("spark-overhead", [spark("local[2]", 2, "1", 165.0)])
        cells = table_row(printed(summarize.main, self.dir.name), "local[2]")
        self.assertEqual(cells[6:8], ["nan", "nan"])
        self.assertTrue(math.isnan(float(cells[6])))

    def test_missing_and_empty_files_print_no_table(self):
        self.write("peak", [])
        self.assertEqual(printed(summarize.main, self.dir.name), "")


if __name__ == "__main__":
    unittest.main()
