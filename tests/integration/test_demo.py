"""tools/demo tells the truth at any time: each scenario's plugin exits with the state its
heading promises, with the database clock frozen (DEMO_NOW) at minutes of the hour and
day where the sample data's own runs (hourly at hh:05, daily at 02:00) sit just before,
just after or far from the moment. Also: --help prints the usage, and the demo's build
is quiet (one summary line, no line per compiled file)."""

import os
import re
import subprocess
import unittest

import harness

DEMO = harness.ROOT / "tools" / "demo"

# scenario -> the exit code its heading promises
EXPECTED = {
    "daemon_healthy": 0, "daemon_stale": 2, "daemon_gone": 2,
    "nextrun_healthy": 0, "nextrun_late": 1, "nextrun_missing": 2,
    "failures_healthy": 0, "failures_streak": 1, "failures_long_streak": 2,
    "restarts_healthy": 0, "restarts_loop": 1, "restarts_crash_loop": 2,
    "runs_healthy": 0, "runs_hung": 1, "runs_backlog": 1, "runs_slowdown": 1,
}

# Just before and after the hourly run (hh:05), inside the minutes that once broke the
# failure scenarios (hh:05..hh:11), the end of an hour, and just after the daily run.
MOMENTS = ["2026-03-02 13:04:59+00", "2026-03-02 13:05:30+00", "2026-03-02 13:08:00+00",
           "2026-03-02 13:59:59+00", "2026-03-02 02:03:00+00"]


def demo(*args, now=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["BUILD_DIR"] = str(harness.build_dir())
    if now:
        env["DEMO_NOW"] = now
    return subprocess.run([str(DEMO), *args], capture_output=True, text=True, env=env,
                          timeout=600)


class Demo(unittest.TestCase):
    maxDiff = None

    def test_help_prints_the_usage(self):
        proc = demo("--help")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(proc.stdout.startswith("Usage: tools/demo [SCENARIO...]"), proc.stdout)
        self.assertIn("DEMO_NOW", proc.stdout)

    def test_unknown_option_is_refused(self):
        proc = demo("--frobnicate")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown option '--frobnicate'", proc.stderr)

    def test_every_scenario_is_expected_here(self):
        listed = demo("--list").stdout.split()
        self.assertEqual(sorted(set(listed) - set(EXPECTED)), [],
                         "scenarios without an expected exit code in this test")

    def test_scenarios_at_any_minute(self):
        scenarios = list(EXPECTED)
        for moment in MOMENTS:
            with self.subTest(now=moment):
                proc = demo(*scenarios, now=moment)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
                self.assertIn(f"frozen at {moment}", proc.stdout)
                codes = [int(c) for c in re.findall(r"^\(exit code (\d)", proc.stdout, re.M)]
                self.assertEqual(dict(zip(scenarios, codes)), EXPECTED, proc.stdout)
                self.assertEqual(len(codes), len(scenarios), proc.stdout)
                # The quiet build: no line per compiled file.
                self.assertNotRegex(proc.stdout + proc.stderr, r"(?m)^\s+CXX\s")


if __name__ == "__main__":
    unittest.main()
