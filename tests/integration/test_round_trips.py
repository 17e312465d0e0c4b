"""Round trips: a check's catalog statements (its status column's enum labels, the type of
check_schedule_runs' duration column, the match of its -s patterns) travel in the round
trip of its own statement. Counted as bench/run counts them: with strace, each time the
plugin sent on a socket and then received data. check_schedule_daemon, one statement and
nothing to look up first, is the measure: its connection's trips and one."""

import json
import re
import shutil
import subprocess
import tempfile
import unittest

import harness
from harness import PluginResult, PluginTestCase, new_database

# An enum as a schema without COMPLETED has it (one of the two default success statuses).
WITHOUT_COMPLETED = (
    'CREATE TYPE "RunStatus" AS ENUM (\'QUEUED\', \'RUNNING\', \'SUCCESS\', \'FAILED\');'
    'ALTER TABLE "JobRun" ALTER COLUMN status DROP DEFAULT,'
    ' ALTER COLUMN status TYPE "RunStatus" USING status::text::"RunStatus";')


def traced(plugin, db, *args):
    """(round trips, PluginResult) of one run of plugin against db."""
    with tempfile.NamedTemporaryFile("r") as trace:
        proc = subprocess.run(["strace", "-f", "-qq", "-e", "trace=sendto,recvfrom", "-o",
                               trace.name, str(harness.plugin_path(plugin)), *db.conn_args(),
                               *args],
                              capture_output=True, text=True, env=harness.plugin_env(),
                              timeout=60)
        trips, sent = 0, False
        for line in trace:
            if "sendto(" in line:
                sent = True
            elif "recvfrom(" in line and re.search(r"\) = [1-9]\d*$", line.rstrip()) and sent:
                trips, sent = trips + 1, False
    return trips, PluginResult(proc.returncode, proc.stdout, proc.stderr, 0)


@unittest.skipUnless(shutil.which("strace"), "strace is not installed")
class RoundTrips(PluginTestCase):
    def setUp(self):
        # LeakSanitizer traces the process itself at exit, which strace already does; the
        # round trips are the protocol's, the same in every build.
        if harness.sanitized():
            self.skipTest("round trips are counted in the main stage (strace and ASan collide)")

    def fill(self, db):
        db.add_schedule("nightly")
        for i, status in enumerate(["SUCCESS", "FAILED", "SUCCESS"]):
            db.add_run(f"r-{i}", "nightly", "sync", status, started_age=3000 - i * 1000,
                       finished_age=2990 - i * 1000)
        db.add_worker("w-1")
        return db

    def trips(self, plugin, db, *args, code=None):
        trips, result = traced(plugin, db, *args)
        self.check_invariants(result)
        if code is not None:
            self.assertEqual(result.code, code, result.stdout)
        return trips

    def one_statement(self, db):
        return self.trips("check_schedule_daemon", db)

    def assert_trips(self, db, extra, *args, plugins=("check_schedule_failures",
                                                      "check_schedule_runs")):
        measure = self.one_statement(db)
        for plugin in plugins:
            with self.subTest(plugin=plugin, args=args):
                self.assertEqual(self.trips(plugin, db, *args), measure + extra)

    def test_catalog_statements_cost_no_round_trip(self):
        db = self.fill(new_database())  # the enum has SUCCESS and COMPLETED
        self.assert_trips(db, 0)
        self.assert_trips(db, 0, "-s", "nightly", plugins=("check_schedule_failures",
                                                           "check_schedule_runs",
                                                           "check_schedule_nextrun"))

    def test_text_status_column_costs_no_round_trip(self):
        self.assert_trips(self.fill(new_database(status_type="text")), 0)

    def test_enum_lacking_a_default_status_costs_one_round_trip_more(self):
        db = new_database()
        db.sql(WITHOUT_COMPLETED)
        self.fill(db)
        self.assert_trips(db, 1)
        # Naming only the statuses the enum has saves it.
        self.assert_trips(db, 0, "--success-status=SUCCESS")

    def test_a_given_status_that_is_no_label_is_answered_without_a_retry(self):
        db = self.fill(new_database())
        measure = self.one_statement(db)
        for plugin in ("check_schedule_failures", "check_schedule_runs"):
            with self.subTest(plugin=plugin):
                self.assertEqual(self.trips(plugin, db, "--success-status=DONE", code=3), measure)

    def test_vvv_lines_of_a_retry(self):
        db = new_database()
        db.sql(WITHOUT_COMPLETED)
        self.fill(db)
        _, result = traced("check_schedule_failures", db, "-vvv", "--format=json")
        output = json.loads(result.stdout)
        sql = [d for d in output["details"] if d.startswith("sql (")]
        # The labels, on the first round trip's line with its time (the check itself was
        # rejected); then the check again, its line left out for the 4 KiB.
        self.assertEqual(len(sql), 1, result.stdout)
        self.assertRegex(sql[0], r"^sql \([0-9.]+ ms, 4 rows\): SELECT e\.enumlabel")
        self.assertEqual(output["details_omitted"], 1, result.stdout)

if __name__ == "__main__":
    unittest.main()
