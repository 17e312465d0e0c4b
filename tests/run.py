#!/usr/bin/env python3
"""Runs every test of the suite and prints, as its last line, `N passed, M failed`.

  python3 tests/run.py --build-dir build [-k PATTERN] [--no-unit] [--no-integration]

Stages:
  unit         the Boost.Test binary BUILD/tests/unit/unit_tests (JUNIT report; each
               test case counts)
  integration  every tests/integration/test_*.py (unittest), against one throwaway
               PostgreSQL cluster (tools/throwaway-pg), always stopped at the end

A stage that crashes counts as a failure, never as zero tests. Exit status 1 when
anything failed. Standard library only.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTEGRATION_DIR = ROOT / "tests" / "integration"


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []  # (title, details)

    def fail(self, title, details=""):
        self.failed += 1
        self.failures.append((title, details))


def log(text=""):
    print(text, flush=True)


# --- unit stage ----------------------------------------------------------------------

def run_unit(build_dir, tally):
    binary = build_dir / "tests" / "unit" / "unit_tests"
    if not os.access(binary, os.X_OK):
        tally.fail("unit: stage crashed", f"unit test binary not found: {binary}")
        return
    with tempfile.TemporaryDirectory(prefix="mps-unit.") as tmp:
        report = Path(tmp) / "junit.xml"
        args = [str(binary), f"--logger=JUNIT,message,{report}", "--report_level=no",
                "--color_output=no"]
        start = time.monotonic()
        try:
            proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, errors="replace", timeout=600)
        except subprocess.TimeoutExpired:
            tally.fail("unit: stage crashed", "unit_tests ran longer than 600 s")
            return
        elapsed = time.monotonic() - start
        before = (tally.passed, tally.failed)
        try:
            cases = ET.parse(report).getroot().iter("testcase")
            for case in cases:
                name = "/".join(filter(None, [case.get("classname"), case.get("name")]))
                problems = case.findall("failure") + case.findall("error")
                if problems:
                    details = "\n".join((p.text or p.get("message", "")).strip()
                                        for p in problems)
                    tally.fail(f"unit: {name}", details)
                elif case.find("skipped") is not None:
                    tally.skipped += 1
                else:
                    tally.passed += 1
        except (OSError, ET.ParseError) as e:
            tally.fail("unit: stage crashed",
                       f"no readable JUNIT report ({e}); exit {proc.returncode}\n"
                       f"{proc.stdout}{proc.stderr}")
            return
        passed, failed = tally.passed - before[0], tally.failed - before[1]
        # A crash (signal, abort) or a failure the report does not show.
        if proc.returncode != 0 and failed == 0:
            tally.fail("unit: stage crashed",
                       f"unit_tests exited {proc.returncode} without a failed test case\n"
                       f"{proc.stdout}{proc.stderr}")
            failed += 1
        if passed + failed == 0:
            tally.fail("unit: stage crashed", "unit_tests ran no test case")
            failed += 1
        log(f"unit: {passed} passed, {failed} failed ({elapsed:.1f}s)")


# --- integration stage ---------------------------------------------------------------

class Result(unittest.TestResult):
    """Counts each test case into the tally and prints one line per case."""

    def __init__(self, tally, verbose, harness):
        super().__init__()
        self.tally = tally
        self.harness = harness
        self.verbose = verbose
        self.started = 0.0

    def startTest(self, test):
        super().startTest(test)
        self.started = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        try:
            self.harness.drop_databases()
        except Exception:
            self.tally.fail(f"integration: {test.id()} (dropping its databases)",
                            traceback.format_exc())

    def _line(self, word, test):
        if self.verbose or word != "ok":
            log(f"  {word:<5} {test.id()} ({time.monotonic() - self.started:.2f}s)")

    def addSuccess(self, test):
        super().addSuccess(test)
        self.tally.passed += 1
        self._line("ok", test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.tally.fail(f"integration: {test.id()}", self._exc_info_to_string(err, test))
        self._line("FAIL", test)

    def addError(self, test, err):
        super().addError(test, err)
        self.tally.fail(f"integration: {test.id()}", self._exc_info_to_string(err, test))
        self._line("ERROR", test)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.tally.fail(f"integration: {subtest.id()}", self._exc_info_to_string(err, test))
            self._line("FAIL", subtest)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.tally.skipped += 1
        self._line("skip", test)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.tally.passed += 1

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.tally.fail(f"integration: {test.id()}", "unexpected success")


def _cases(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _cases(item)
        else:
            yield item


def run_integration(build_dir, tally, pattern, verbose):
    sys.path.insert(0, str(INTEGRATION_DIR))
    import harness  # noqa: E402 (needs the path above)

    loader = unittest.TestLoader()
    suite = loader.discover(str(INTEGRATION_DIR), pattern="test_*.py",
                            top_level_dir=str(INTEGRATION_DIR))
    cases = [c for c in _cases(suite) if not pattern or pattern in c.id()]
    if not cases:
        if not pattern:
            tally.fail("integration: stage crashed", f"no test found in {INTEGRATION_DIR}")
        return
    start = time.monotonic()
    before = (tally.passed, tally.failed)
    cluster = None
    try:
        try:
            cluster = harness.Cluster.start()
        except Exception:
            tally.fail("integration: stage crashed", traceback.format_exc())
            return
        harness.configure(cluster, build_dir)
        result = Result(tally, verbose, harness)
        unittest.TestSuite(cases).run(result)
    finally:
        if cluster is not None:
            try:
                cluster.stop()
            except Exception:
                tally.fail("integration: stopping the cluster", traceback.format_exc())
    passed, failed = tally.passed - before[0], tally.failed - before[1]
    log(f"integration: {passed} passed, {failed} failed ({time.monotonic() - start:.1f}s)")


# --- main ----------------------------------------------------------------------------

def _interrupt(signum, frame):
    # KeyboardInterrupt, unlike SystemExit, passes through unittest's per-test handlers,
    # so every finally (and the cluster's stop) runs.
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=str(ROOT / "build"),
                        help="the (out-of-tree) build directory (default: ./build)")
    parser.add_argument("-k", dest="pattern", default="",
                        help="only integration test cases whose id contains PATTERN")
    parser.add_argument("--no-unit", action="store_true", help="skip the unit stage")
    parser.add_argument("--no-integration", action="store_true",
                        help="skip the integration stage")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="one line per passed integration test too")
    args = parser.parse_args()
    build_dir = Path(args.build_dir).resolve()

    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)

    tally = Tally()
    start = time.monotonic()
    try:
        if not args.no_unit:
            run_unit(build_dir, tally)
        if not args.no_integration:
            run_integration(build_dir, tally, args.pattern, args.verbose)
    except KeyboardInterrupt as e:
        tally.fail("interrupted", str(e) or "interrupted")
    except Exception:
        tally.fail("test runner crashed", traceback.format_exc())
    # Nothing may answer the signals any more: the summary must be the last line.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    if tally.failures:
        log()
        log("=" * 72)
        for title, details in tally.failures:
            log(f"FAILED {title}")
            if details:
                log(details.rstrip())
            log("-" * 72)
    log(f"run.py: {time.monotonic() - start:.1f}s")
    summary = f"{tally.passed} passed, {tally.failed} failed"
    if tally.skipped:
        summary += f", {tally.skipped} skipped"
    log(summary)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
