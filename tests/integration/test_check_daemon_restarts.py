"""check_daemon_restarts against a real PostgreSQL (SPEC §4), its clock frozen at
2026-01-01 12:00:00 UTC so that the window's bounds and every start time are exact."""

import json
import re
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin

PLUGIN = "check_daemon_restarts"


def check(db, *args, env=None, timeout=30, verbosity=("-vv",)):
    """Runs the plugin at -vv unless told otherwise: the starts are listed at -v only when
    they offend, and at -vv always (the long-output rule), so the tests read them there."""
    return run_plugin(PLUGIN, *db.conn_args(), *verbosity, *args, env=env, timeout=timeout)


def line(state, summary, perfdata):
    return f"DAEMON_RESTARTS {state} - {summary}|{perfdata}"


def perf(starts, unclean=0, starts_thresholds="3;", unclean_thresholds=";"):
    return f"starts={starts};{starts_thresholds};0 unclean={unclean};{unclean_thresholds};0"


def starts_text(n, worker_type="schedule_daemon", window="1h"):
    return f"{n} {'start' if n == 1 else 'starts'} of {worker_type} in the last {window}"


def long_output(result):
    """Long output without the -vv settings line."""
    return [l for l in result.stdout.splitlines()[1:] if not l.startswith("settings: ")]


def add(db, id, started_age, status="STOPPED", **kwargs):
    kwargs.setdefault("heartbeat_age", max(started_age - 60, 0))
    db.add_worker(id, started_age=started_age, status=status, **kwargs)


class Counting(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_one_running_start(self):
        add(self.db, "w-1", 600, "RUNNING")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(1), perf(1)))
        self.assertEqual(long_output(result), [
            "start: w-1 on app-1, pid 4242, 2026-01-01 11:50:00 UTC (10m ago), RUNNING"])

    def test_no_starts(self):
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(0), perf(0)))
        self.assertEqual(long_output(result), [])

    def test_start_exactly_one_hour_ago_counts(self):
        add(self.db, "w-1", 3600, "RUNNING")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(1), perf(1)))
        self.assertEqual(long_output(result), [
            "start: w-1 on app-1, pid 4242, 2026-01-01 11:00:00 UTC (1h ago), RUNNING"])

    def test_start_one_second_earlier_does_not(self):
        add(self.db, "w-0", 3601, "RUNNING")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(0), perf(0)))
        self.assertEqual(long_output(result), [])

    def test_three_starts_are_ok(self):
        add(self.db, "w-1", 3000)
        add(self.db, "w-2", 2000)
        add(self.db, "w-3", 1000, "RUNNING")
        self.assertPlugin(check(self.db), 0, line("OK", starts_text(3), perf(3)))

    def test_four_starts_warn(self):
        add(self.db, "w-0", 7200)  # outside the window
        add(self.db, "w-1", 3600)
        add(self.db, "w-2", 2000)
        add(self.db, "w-3", 1000)
        add(self.db, "w-4", 500, "RUNNING")
        result = check(self.db)
        self.assertPlugin(result, 1, line("WARNING", starts_text(4), perf(4)))
        self.assertEqual(long_output(result), [
            "start: w-4 on app-1, pid 4242, 2026-01-01 11:51:40 UTC (8m 20s ago), RUNNING",
            "start: w-3 on app-1, pid 4242, 2026-01-01 11:43:20 UTC (16m 40s ago), STOPPED",
            "start: w-2 on app-1, pid 4242, 2026-01-01 11:26:40 UTC (33m 20s ago), STOPPED",
            "start: w-1 on app-1, pid 4242, 2026-01-01 11:00:00 UTC (1h ago), STOPPED"])

    def test_critical_threshold(self):
        for i in range(4):
            add(self.db, f"w-{i}", 3000 - i * 600)
        self.assertPlugin(check(self.db, "-c", "3"), 2, line(
            "CRITICAL", starts_text(4), perf(4, starts_thresholds="3;3")))

    def test_custom_thresholds(self):
        for i in range(6):
            add(self.db, f"w-{i}", 3000 - i * 300)
        self.assertPlugin(check(self.db, "-w", "5", "-c", "10"), 1, line(
            "WARNING", starts_text(6), perf(6, starts_thresholds="5;10")))

    def test_other_worker_types_are_ignored(self):
        add(self.db, "jw-1", 100, "RUNNING", worker_type="job_worker")
        add(self.db, "jw-2", 200, worker_type="job_worker")
        add(self.db, "w-1", 600, "RUNNING")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(1), perf(1)))
        self.assertEqual(len(long_output(result)), 1)

    def test_worker_type_option(self):
        for i in range(5):
            add(self.db, f"jw-{i}", 100 + i, "STOPPED" if i else "RUNNING",
                worker_type="job_worker")
        add(self.db, "w-1", 600, "RUNNING")
        result = check(self.db, "--worker-type=job_worker")
        self.assertPlugin(result, 1, line("WARNING", starts_text(5, "job_worker"), perf(5)))

    def test_window_option(self):
        add(self.db, "w-1", 7200)
        add(self.db, "w-2", 5000, "RUNNING")
        self.assertPlugin(check(self.db, "--window=2h"), 0,
                          line("OK", starts_text(2, window="2h"), perf(2)))
        self.assertPlugin(check(self.db, "--window", "30m"), 0,
                          line("OK", starts_text(0, window="30m"), perf(0)))
        self.assertPlugin(check(self.db, "--window", "1d"), 0,
                          line("OK", starts_text(2, window="1d"), perf(2)))

    def test_garbage_window_is_a_usage_error(self):
        self.assertPlugin(check(self.db, "--window=often"), 3, perfdata="", contains="--window")


class Unclean(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def four_starts(self):
        add(self.db, "w-1", 3000, "RUNNING")
        add(self.db, "w-2", 2000, "STOPPING", hostname="app-2", pid=17)
        add(self.db, "w-3", 1000, "STOPPED")
        add(self.db, "w-4", 500, "RUNNING")

    LONG = ["start: w-4 on app-1, pid 4242, 2026-01-01 11:51:40 UTC (8m 20s ago), RUNNING",
            "start: w-3 on app-1, pid 4242, 2026-01-01 11:43:20 UTC (16m 40s ago), STOPPED",
            "start: w-2 on app-2, pid 17, 2026-01-01 11:26:40 UTC (33m 20s ago), STOPPING (unclean)",
            "start: w-1 on app-1, pid 4242, 2026-01-01 11:10:00 UTC (50m ago), RUNNING (unclean)"]

    def test_unclean_ends_are_counted_and_marked(self):
        self.four_starts()
        result = check(self.db)
        self.assertPlugin(result, 1, line(
            "WARNING", starts_text(4) + ", 2 unclean ends (never reached STOPPED)", perf(4, 2)))
        self.assertEqual(long_output(result), self.LONG)

    def test_newest_start_is_never_unclean(self):
        add(self.db, "w-1", 1000, "STOPPED")
        add(self.db, "w-2", 100, "STARTING")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(2), perf(2)))
        self.assertEqual(long_output(result)[0],
                         "start: w-2 on app-1, pid 4242, 2026-01-01 11:58:20 UTC (1m 40s ago), STARTING")

    def test_one_unclean_end_is_singular(self):
        add(self.db, "w-1", 1000, "RUNNING")
        add(self.db, "w-2", 100, "RUNNING")
        self.assertPlugin(check(self.db), 0, line(
            "OK", starts_text(2) + ", 1 unclean end (never reached STOPPED)", perf(2, 1)))

    def test_starts_outside_the_window_are_not_unclean(self):
        add(self.db, "w-0", 3601, "RUNNING")
        add(self.db, "w-1", 100, "RUNNING")
        self.assertPlugin(check(self.db), 0, line("OK", starts_text(1), perf(1)))

    def test_unclean_warning(self):
        add(self.db, "w-1", 1000, "RUNNING")
        add(self.db, "w-2", 100, "RUNNING")
        self.assertPlugin(check(self.db, "--unclean-warning", "0"), 1, line(
            "WARNING", "1 unclean end (never reached STOPPED), " + starts_text(2),
            perf(2, 1, unclean_thresholds="0;")))

    def test_unclean_warning_without_unclean_ends(self):
        add(self.db, "w-1", 1000, "STOPPED")
        add(self.db, "w-2", 100, "RUNNING")
        self.assertPlugin(check(self.db, "--unclean-warning", "0"), 0, line(
            "OK", starts_text(2), perf(2, 0, unclean_thresholds="0;")))

    def test_unclean_critical(self):
        self.four_starts()
        result = check(self.db, "--unclean-warning=0", "--unclean-critical=1")
        self.assertPlugin(result, 2, line(
            "CRITICAL", "2 unclean ends (never reached STOPPED), " + starts_text(4),
            perf(4, 2, unclean_thresholds="0;1")))
        self.assertEqual(long_output(result), self.LONG)

    def test_stopped_status_option(self):
        db = new_database(status_type="text")
        add(db, "w-1", 2000, "EXITED")
        add(db, "w-2", 1000, "STOPPED")
        add(db, "w-3", 100, "RUNNING")
        result = check(db, "--stopped-status=EXITED")
        self.assertPlugin(result, 0, line(
            "OK", starts_text(3) + ", 1 unclean end (never reached EXITED)", perf(3, 1)))
        self.assertEqual(long_output(result)[1],
                         "start: w-2 on app-1, pid 4242, 2026-01-01 11:43:20 UTC (16m 40s ago), "
                         "STOPPED (unclean)")

    def test_garbage_unclean_range_is_a_usage_error(self):
        self.assertPlugin(check(self.db, "--unclean-critical", "x"), 3, perfdata="",
                          contains="--unclean-critical")


class LongOutput(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_host_and_pid_are_optional(self):
        add(self.db, "w-1", 1200, "STOPPED", hostname=None, pid=None)
        add(self.db, "w-2", 600, "STOPPED", hostname=None)
        add(self.db, "w-3", 300, "RUNNING", pid=None)
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(3), perf(3)))
        self.assertEqual(long_output(result), [
            "start: w-3 on app-1, 2026-01-01 11:55:00 UTC (5m ago), RUNNING",
            "start: w-2, pid 4242, 2026-01-01 11:50:00 UTC (10m ago), STOPPED",
            "start: w-1, 2026-01-01 11:40:00 UTC (20m ago), STOPPED"])

    def test_every_start_is_listed(self):
        for i in range(12):
            add(self.db, f"w-{i:02d}", 3000 - i * 200, "STOPPED")
        result = check(self.db)
        self.assertPlugin(result, 1, line("WARNING", starts_text(12), perf(12)))
        lines = long_output(result)
        self.assertEqual([l.split(",")[0] for l in lines],
                         [f"start: w-{i:02d} on app-1" for i in reversed(range(12))])

    def test_hundreds_of_starts_stay_under_4k(self):
        cols = ", ".join(self.db.column(f"worker.{k}") for k in
                         ("id", "type", "status", "hostname", "pid", "started_at"))
        self.db.sql(f"INSERT INTO {self.db.table('worker')} ({cols}) "
                    f"SELECT 'w-' || lpad(g::text, 3, '0'), 'schedule_daemon', 'STOPPED', "
                    f"'app-1', g, {self.db.at(3000)} + g * interval '1 second' "
                    f"FROM generate_series(1, 250) AS g;")
        result = check(self.db)
        self.assertPlugin(result, 1, line("WARNING", starts_text(250), perf(250)))
        lines = long_output(result)
        self.assertTrue(lines[0].startswith("start: w-250 on app-1, pid 250, "), lines[0])
        match = re.fullmatch(r"… and (\d+) more", lines[-1])
        self.assertIsNotNone(match, result.stdout)
        # The offending starts (-v) are kept before the -vv settings line, which the cut
        # drops first: it is one of the "more".
        self.assertNotIn("\nsettings: ", result.stdout)
        self.assertEqual(len(lines) - 1 + int(match.group(1)), 250 + 1, result.stdout)

    def test_start_time_is_utc_whatever_the_time_zone(self):
        db = new_database()
        db.sql(f"ALTER DATABASE {harness.ident(db.name)} SET timezone = 'Asia/Kolkata';")
        add(db, "w-1", 600, "RUNNING")
        result = check(db, env={"PGTZ": "America/New_York"})
        self.assertPlugin(result, 0, line("OK", starts_text(1), perf(1)))
        self.assertEqual(long_output(result), [
            "start: w-1 on app-1, pid 4242, 2026-01-01 11:50:00 UTC (10m ago), RUNNING"])

    def test_text_is_sanitised(self):
        add(self.db, "w|1", 600, "RUNNING", hostname="app\n2")
        result = check(self.db)
        self.assertPlugin(result, 0, line("OK", starts_text(1), perf(1)))
        self.assertEqual(long_output(result), [
            "start: w/1 on app 2, pid 4242, 2026-01-01 11:50:00 UTC (10m ago), RUNNING"])


class Verbosity(PluginTestCase):
    def test_levels(self):
        db = new_database()
        add(db, "w-1", 1000, "RUNNING")
        add(db, "w-2", 100, "RUNNING")
        expected_line1 = line("OK", starts_text(2) + ", 1 unclean end (never reached STOPPED)",
                              perf(2, 1))
        starts = ["start: w-2 on app-1, pid 4242, 2026-01-01 11:58:20 UTC (1m 40s ago), RUNNING",
                  "start: w-1 on app-1, pid 4242, 2026-01-01 11:43:20 UTC (16m 40s ago), "
                  "RUNNING (unclean)"]
        # OK: the starts are items checked (-vv), not offending items (-v).
        for args, listed, settings, sql in [((), False, False, False),
                                            (("-v",), False, False, False),
                                            (("-vv",), True, True, False),
                                            (("-vvv",), True, True, True)]:
            with self.subTest(args=args):
                result = check(db, *args, verbosity=())
                self.assertPlugin(result, 0, expected_line1)
                lines = long_output(result)
                self.assertEqual([l for l in lines if l.startswith("start: ")],
                                 starts if listed else [])
                self.assertEqual(len([l for l in result.stdout.splitlines()
                                      if l.startswith("settings: ")]),
                                 1 if settings else 0, result.stdout)
                sql_lines = [l for l in lines if l.startswith("sql (")]
                self.assertEqual(bool(sql_lines), sql, result.stdout)
                if sql:
                    self.assertRegex(sql_lines[0], r"^sql \([0-9.]+ ms, \d+ rows\): ")


class Window(PluginTestCase):
    def test_zero_or_negative_window_is_a_usage_error(self):
        db = new_database()
        result = check(db, "--window=0m", verbosity=())
        self.assertPlugin(result, 3, "DAEMON_RESTARTS UNKNOWN - --window: must be more than 0s, "
                                     "got '0m' (nothing happens within no time)")
        self.assertPlugin(check(db, "--window=-1h", verbosity=()), 3,
                          startswith="DAEMON_RESTARTS UNKNOWN - --window: invalid duration")


class SchemaVariants(harness.SchemaVariantCases, PluginTestCase):
    PLUGIN = PLUGIN
    MISSING_TABLE = "--table=worker"
    LINE1 = line("WARNING", starts_text(4) + ", 2 unclean ends (never reached STOPPED)",
                 perf(4, 2))
    LONG = Unclean.LONG

    def fill(self, db):
        add(db, "w-0", 3601, "RUNNING")
        add(db, "w-1", 3000, "RUNNING")
        add(db, "w-2", 2000, "STOPPING", hostname="app-2", pid=17)
        add(db, "w-3", 1000, "STOPPED")
        add(db, "w-4", 500, "RUNNING")
        add(db, "jw-1", 400, "RUNNING", worker_type="job_worker")

    def same(self, db, *args, env=None):
        # The starts offend (WARNING): -v lists them.
        super().same(db, "-v", *args, env=env)

    def expect(self, result):
        self.assertPlugin(result, 1, self.LINE1)
        self.assertEqual(long_output(result), self.LONG)

    def test_database_time_zone_kolkata_with_timestamptz(self):
        # Statuses as text too.
        db = new_database(timestamptz=True, status_type="text")
        db.set_time_zone("Asia/Kolkata")
        self.same(db)

    def test_session_time_zone_from_pgtz(self):
        self.same(new_database(), env={"PGTZ": "Asia/Kolkata"})


class Mapping(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        add(self.db, "w-1", 1000, "RUNNING")
        add(self.db, "w-2", 100, "RUNNING")

    LINE1 = line("OK", starts_text(2) + ", 1 unclean end (never reached STOPPED)", perf(2, 1))

    def test_renamed_table_and_columns(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME TO "Daemons";'
                    'ALTER TABLE "Daemons" RENAME COLUMN "startedAt" TO began;'
                    'ALTER TABLE "Daemons" RENAME COLUMN "workerType" TO kind;'
                    'ALTER TABLE "Daemons" RENAME COLUMN status TO state;')
        result = check(self.db, "--table=worker=Daemons", "--column=worker.started_at=began",
                       "--column", "worker.type=kind", "--column=worker.status=state")
        self.assertPlugin(result, 0, self.LINE1)
        self.assertEqual(len(long_output(result)), 2)

    def test_optional_columns_declared_absent(self):
        self.db.sql('ALTER TABLE "WorkerInstance" DROP COLUMN pid, DROP COLUMN hostname;')
        result = check(self.db, "--column=worker.pid=", "--column=worker.hostname=")
        self.assertPlugin(result, 0, self.LINE1)
        self.assertEqual(long_output(result), [
            "start: w-2, 2026-01-01 11:58:20 UTC (1m 40s ago), RUNNING",
            "start: w-1, 2026-01-01 11:43:20 UTC (16m 40s ago), RUNNING (unclean)"])

    def test_missing_column_names_its_option(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME COLUMN "startedAt" TO began;')
        self.assertPlugin(check(self.db), 3, startswith="DAEMON_RESTARTS UNKNOWN - ",
                          contains="--column=worker.started_at", perfdata="")

    def test_missing_table_names_its_option(self):
        self.assertPlugin(check(self.db, "--table=worker=Daemons"), 3,
                          startswith="DAEMON_RESTARTS UNKNOWN - ", contains="--table=worker",
                          perfdata="")


class Formats(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        add(self.db, "w-1", 3000, "RUNNING")
        add(self.db, "w-2", 2000, "STOPPING", hostname="app-2", pid=17)
        add(self.db, "w-3", 1000, "STOPPED")
        add(self.db, "w-4", 500, "RUNNING")

    def test_json(self):
        result = check(self.db, "--format=json", verbosity=("-v",))
        self.check_invariants(result)
        self.assertEqual(result.code, 1)
        self.assertEqual(result.stdout.count("\n"), 1, "one line of JSON")
        doc = json.loads(result.stdout)
        self.assertEqual(doc["plugin"], PLUGIN)
        self.assertEqual(doc["state"], "WARNING")
        self.assertEqual(doc["exit_code"], 1)
        self.assertEqual(doc["summary"],
                         starts_text(4) + ", 2 unclean ends (never reached STOPPED)")
        self.assertEqual(doc["details"], Unclean.LONG)
        metrics = {p["label"]: p for p in doc["perfdata"]}
        self.assertEqual(list(metrics), ["starts", "unclean"])
        self.assertEqual((metrics["starts"]["value"], metrics["starts"]["min"]), (4, 0))
        self.assertEqual(metrics["unclean"]["value"], 2)
        for p in doc["perfdata"]:
            self.assertEqual(set(p), {"label", "value", "uom", "warn", "crit", "min", "max"})

    def test_prometheus(self):
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0, "the state lives in the metrics")
        lines = result.stdout.splitlines()
        for name, value in {"daemon_restarts_starts": "4", "daemon_restarts_unclean": "2",
                            "daemon_restarts_check_state": "1"}.items():
            self.assertIn(f"{name} {value}", lines, result.stdout)
            self.assertIn(f"# TYPE {name} gauge", lines, result.stdout)
            self.assertTrue(any(l.startswith(f"# HELP {name} ") for l in lines), name)
        self.assertFalse([l for l in lines if l.startswith("start: ")])


if __name__ == "__main__":
    unittest.main()
