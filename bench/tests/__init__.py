"""Tests of the bench scripts that write published tables (standard library only).

Run by `mvn verify` (the root pom) as `python3 -m unittest discover -s bench/tests -t bench`: bench/ is then on the
import path, so a test imports a script by its module name (`import correction_table`).
"""
