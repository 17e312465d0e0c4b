"""Smoke test of the benchmark (bench/run) at the tiny scale, so that it cannot rot: it
must run end to end and print both tables with every row. It measures nothing; the full
benchmark is `bench/run` (see bench/README.md)."""

import os
import re
import subprocess
import sys
import unittest

import harness

BENCH = harness.ROOT / "bench" / "run"
PLUGINS = harness.PLUGINS
# Rows of the per-check table; peers that are not installed still get a row. The plugins
# run again as the baseline (--baseline-build, here the same build), so that path runs too.
BASELINE = [f"{p} (baseline)" for p in PLUGINS]
SMALL_ROWS = ["floor (bench/floor.c)", *PLUGINS, *BASELINE, "check_pgsql -q",
              "check_postgres custom_query", *(f"floor, {p}'s statement" for p in PLUGINS)]


def table_rows(text, heading):
    """First cells of the markdown table that follows the line starting with heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows, seen_table = [], False
    for line in lines[start + 1:]:
        if line.startswith("|"):
            seen_table = True
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif seen_table:
            break
    return [r for r in rows[2:]]  # without the header and the rule


class BenchSmoke(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        out_dir = harness.build_dir() / "bench-smoke"
        # bench/run starts and stops its own throwaway cluster; the plugins are the ones
        # under test (no rebuild), callgrind is left out for speed.
        cls.proc = subprocess.run(
            [sys.executable, str(BENCH), "--scale", "tiny", "--runs", "2", "--scale-runs", "1",
             "--callgrind-runs", "0", "--no-build", "--build-dir", str(harness.build_dir()),
             "--baseline-build", str(harness.build_dir()), "--out", str(out_dir)],
            capture_output=True, text=True, timeout=600, env=env)
        cls.out_dir = out_dir

    def test_exits_zero(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout + self.proc.stderr)

    def test_per_check_table_has_every_row(self):
        rows = table_rows(self.proc.stdout, "## Per-check cost")
        self.assertEqual([r[0] for r in rows], SMALL_ROWS, self.proc.stdout)
        floor = rows[0]
        self.assertEqual(floor[1], "0", f"the floor must succeed: {floor}")
        self.assertEqual(floor[3], "1.00x")
        for row in rows[1:5]:
            self.assertRegex(row[2], r"^\d+\.\d\d$", f"plugin not timed: {row}")
            self.assertRegex(row[3], r"^\d+\.\d\dx$", f"no ratio to the floor: {row}")
            self.assertRegex(row[4], r"^\d+\.\d\dx$", f"no ratio to its own statement: {row}")
            self.assertIn(row[1], {"0", "1", "2"}, f"plugin failed on the sample data: {row}")
        # Round trips: a plugin needs those of its connection and its statement, as the
        # floor sending that statement does, never one more for its session settings nor
        # for its catalog statements (check_schedule_failures' status enum labels,
        # check_schedule_runs' those and its duration column's type), which travel in the
        # statement's round trip.
        trips = {r[0]: r[-1] for r in rows}
        self.assertRegex(trips[rows[0][0]], r"^\d+$", self.proc.stdout)
        for plugin in PLUGINS:
            self.assertRegex(trips[plugin], r"^\d+$", self.proc.stdout)
            self.assertEqual(int(trips[plugin]), int(trips[f"floor, {plugin}'s statement"]),
                             f"{plugin}: more round trips than its statement needs")

    def test_scale_table_has_every_plugin(self):
        rows = table_rows(self.proc.stdout, "## Scale:")
        labels = [r[0] for r in rows]
        for plugin in PLUGINS + BASELINE:
            self.assertIn(plugin, labels, self.proc.stdout)
        for row in rows:
            self.assertRegex(row[1], r"^\d+\.\d$", f"not timed with the Prisma indexes: {row}")
            self.assertRegex(row[4], r"^\d+\.\d$", f"not timed with the recommended ones: {row}")
            self.assertNotIn("3", row[3] + row[6], f"a plugin answered UNKNOWN at scale: {row}")

    def test_new_backend_table_has_every_plugin(self):
        rows = {r[0]: r for r in table_rows(self.proc.stdout, "What a new backend pays")}
        for plugin in PLUGINS + BASELINE:
            self.assertIn(plugin, rows, self.proc.stdout)
            row = rows[plugin]
            for cell in row[1:5]:
                self.assertRegex(cell, r"^\d+$", f"no page faults counted: {row}")
            self.assertGreater(int(row[4]), 0, f"no page faults counted: {row}")
            self.assertRegex(row[6], r"^\d+\.\d$", f"not timed: {row}")
            self.assertRegex(row[7], r"^(\d+\.\d|not run)$", f"no pooled cell: {row}")

    def test_plans_are_written(self):
        for phase in ("prisma", "recommended"):
            for plugin in PLUGINS:
                path = self.out_dir / f"plan-{phase}-{plugin}.txt"
                self.assertTrue(path.exists(), f"missing {path}")
                self.assertRegex(path.read_text(), r"Execution Time: [\d.]+ ms")

    def test_states_the_machine_and_command(self):
        self.assertRegex(self.proc.stdout, re.compile(r"^Machine: .+load average", re.M))
        self.assertRegex(self.proc.stdout, re.compile(r"^Command: bench/run ", re.M))


if __name__ == "__main__":
    unittest.main()
