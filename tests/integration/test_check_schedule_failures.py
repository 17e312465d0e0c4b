"""check_schedule_failures against a real PostgreSQL (SPEC §4), its clock frozen at
2026-01-01 12:00:00 UTC so that the window's bounds are exact."""

import json
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin

PLUGIN = "check_schedule_failures"
WEEK = 7 * 86400


def check(db, *args, env=None, timeout=30):
    return run_plugin(PLUGIN, *db.conn_args(), *args, env=env, timeout=timeout)


def line(state, summary, perfdata):
    return f"SCHEDULE_FAILURES {state} - {summary}|{perfdata}"


def perf(worst=0, failing=0, runs=0, rate=None, streak_thresholds="2;", rate_thresholds=";"):
    """The perfdata of line 1; success_rate is left out when there is no finished run."""
    text = f"worst_streak={worst};{streak_thresholds};0 failing={failing};;;0 runs={runs};;;0"
    if rate is not None:
        text += f" success_rate={rate}%;{rate_thresholds};0;100"
    return text


def long_output(result):
    return result.stdout.splitlines()[1:]


def add_runs(db, schedule_id, job_name, statuses, first_age=1000, step=100, errors=None,
             prefix=None):
    """One run per status, the first `first_age` seconds ago and each next one `step`
    seconds newer (so the last status is the newest run), in one statement.
    errors: None or a list as long as statuses."""
    prefix = prefix or f"{schedule_id}-{job_name}-"
    rows = []
    for i, status in enumerate(statuses):
        age = first_age - i * step
        error = errors[i] if errors else None
        rows.append("(" + ", ".join([
            harness.lit(f"{prefix}{first_age}-{i}"), harness.lit(schedule_id),
            harness.lit(job_name), harness.lit(status), db.at(age), db.at(max(age - 10, 0)),
            harness.lit(error)]) + ")")
    cols = ", ".join(db.column(f"run.{k}") for k in
                     ("id", "schedule_id", "job_name", "status", "started_at", "finished_at",
                      "error"))
    db.sql(f"INSERT INTO {db.table('run')} ({cols}) VALUES {', '.join(rows)};")


class Streaks(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def test_all_successful_is_ok(self):
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "SUCCESS", "SUCCESS"])
        self.assertPlugin(check(self.db), 0, line(
            "OK", "success rate 100% of 3 runs in the last 7d", perf(runs=3, rate=100)))

    def test_completed_and_success_both_count_as_success(self):
        add_runs(self.db, "nightly", "sync", ["FAILED", "COMPLETED", "SUCCESS", "COMPLETED"])
        self.assertPlugin(check(self.db), 0, line(
            "OK", "success rate 75% of 4 runs in the last 7d", perf(runs=4, rate=75)))

    def test_three_failed_in_a_row_warns(self):
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "e1", "e2", "timeout after 30s\nstack trace"])
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: timeout after 30s, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))
        self.assertEqual(long_output(result),
                         ["nightly/sync failed 3 times in a row: timeout after 30s"])

    def test_two_in_a_row_is_ok_and_listed_only_at_vv(self):
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED"],
                 errors=[None, "e1", "boom"])
        expected = line("OK", "nightly/sync failed 2 times in a row: boom, "
                              "success rate 33.33% of 3 runs in the last 7d, 1 failing group",
                        perf(worst=2, failing=1, runs=3, rate=33.33))
        result = check(self.db)
        self.assertPlugin(result, 0, expected)
        self.assertEqual(long_output(result), [])
        result = check(self.db, "-vv")
        self.assertPlugin(result, 0, expected)
        self.assertIn("nightly/sync failed 2 times in a row: boom", long_output(result))

    def test_success_after_failures_ends_the_streak(self):
        add_runs(self.db, "nightly", "sync", ["FAILED", "FAILED", "FAILED", "SUCCESS"])
        self.assertPlugin(check(self.db), 0, line(
            "OK", "success rate 25% of 4 runs in the last 7d", perf(runs=4, rate=25)))

    def test_single_failure_is_singular(self):
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED"], errors=[None, "oops"])
        self.assertPlugin(check(self.db, "-w", "0"), 1, line(
            "WARNING", "nightly/sync failed 1 time in a row: oops, "
                       "success rate 50% of 2 runs in the last 7d, 1 failing group",
            perf(worst=1, failing=1, runs=2, rate=50, streak_thresholds="0;")))

    def test_null_error_gives_no_colon(self):
        add_runs(self.db, "nightly", "sync", ["FAILED", "FAILED", "FAILED"])
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))

    def test_newest_failure_has_null_error(self):
        add_runs(self.db, "nightly", "sync", ["FAILED", "FAILED", "FAILED"],
                 errors=["old", "older news", None])
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))

    def test_critical_threshold(self):
        add_runs(self.db, "nightly", "sync", ["FAILED"] * 5, errors=["e"] * 4 + ["last"])
        self.assertPlugin(check(self.db, "-c", "4"), 2, line(
            "CRITICAL", "nightly/sync failed 5 times in a row: last, "
                        "success rate 0% of 5 runs in the last 7d, 1 failing group",
            perf(worst=5, failing=1, runs=5, rate=0, streak_thresholds="2;4")))

    def test_streak_follows_started_at_not_insertion_or_finish(self):
        # The success is inserted last and finishes last, but started first.
        add_runs(self.db, "nightly", "sync", ["FAILED", "FAILED", "FAILED"], first_age=3000,
                 errors=["a", "b", "c"])
        self.db.add_run("r-late-finish", "nightly", "sync", "SUCCESS", started_age=5000,
                        finished_age=1)
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: c, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_worst_group_first_and_every_alerting_group_listed(self):
        self.db.add_schedule("hourly")
        add_runs(self.db, "nightly", "sync", ["FAILED"] * 3, errors=["x", "y", "sync broke"])
        add_runs(self.db, "hourly", "import", ["FAILED"] * 5, errors=["p"] * 4 + ["import broke"])
        add_runs(self.db, "hourly", "export", ["SUCCESS", "FAILED"], errors=[None, "export broke"])
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "hourly/import failed 5 times in a row: import broke, "
                       "success rate 10% of 10 runs in the last 7d, 3 failing groups",
            perf(worst=5, failing=3, runs=10, rate=10)))
        self.assertEqual(long_output(result), [
            "hourly/import failed 5 times in a row: import broke",
            "nightly/sync failed 3 times in a row: sync broke"])
        result = check(self.db, "-v", "-vv")
        self.assertEqual([l for l in long_output(result) if " in a row" in l], [
            "hourly/import failed 5 times in a row: import broke",
            "nightly/sync failed 3 times in a row: sync broke",
            "hourly/export failed 1 time in a row: export broke"])


class Statuses(PluginTestCase):
    def test_queued_running_cancelled_are_ignored(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync",
                 ["SUCCESS", "FAILED", "CANCELLED", "FAILED", "QUEUED", "FAILED", "RUNNING",
                  "CANCELLED", "QUEUED"],
                 errors=[None, "a", None, "b", None, "c", None, "cancelled", None])
        self.assertPlugin(check(db), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: c, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_only_unfinished_runs(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["QUEUED", "RUNNING", "CANCELLED"])
        self.assertPlugin(check(db), 0, line("OK", "no finished runs in the last 7d", perf()))

    def test_failed_status_override_with_text_status(self):
        db = new_database(status_type="text")
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["OK", "ERROR", "FAILED", "TIMEOUT", "ERROR"],
                 errors=[None, "e", "f", "t", "last error"])
        result = check(db, "--failed-status", "ERROR", "--failed-status=TIMEOUT",
                       "--success-status", "OK")
        self.assertPlugin(result, 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: last error, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_success_status_override_drops_the_defaults(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED", "COMPLETED"],
                 errors=[None, "a", "b", "c", None])
        self.assertPlugin(check(db), 0, line(
            "OK", "success rate 40% of 5 runs in the last 7d", perf(runs=5, rate=40)))
        self.assertPlugin(check(db, "--success-status=SUCCESS"), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: c, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_cancelled_counted_as_failed_when_asked(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["SUCCESS", "FAILED", "CANCELLED", "CANCELLED"],
                 errors=[None, "f", None, "cancelled by operator"])
        self.assertPlugin(check(db, "--failed-status", "FAILED", "--failed-status", "CANCELLED"),
                          1, line("WARNING", "nightly/sync failed 3 times in a row: "
                                             "cancelled by operator, "
                                             "success rate 25% of 4 runs in the last 7d, "
                                             "1 failing group",
                                  perf(worst=3, failing=1, runs=4, rate=25)))

    def test_default_status_an_enum_does_not_define_is_left_out(self):
        # The defaults name SUCCESS and COMPLETED; a schema's enum usually has only one.
        # A status given on the command line that the enum lacks is a typo: UNKNOWN.
        db = new_database()
        db.sql('CREATE TYPE "RunStatus" AS ENUM (\'QUEUED\', \'RUNNING\', \'SUCCESS\', \'FAILED\');'
               'ALTER TABLE "JobRun" ALTER COLUMN status DROP DEFAULT,'
               ' ALTER COLUMN status TYPE "RunStatus" USING status::text::"RunStatus";')
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c"])
        expected = line("WARNING", "nightly/sync failed 3 times in a row: c, "
                                   "success rate 25% of 4 runs in the last 7d, 1 failing group",
                        perf(worst=3, failing=1, runs=4, rate=25))
        self.assertPlugin(check(db), 1, expected)
        self.assertPlugin(check(db, "--failed-status=FAILED", "--failed-status=TIMEOUT"), 3,
                          "SCHEDULE_FAILURES UNKNOWN - --failed-status: 'TIMEOUT' is not a label "
                          "of the run status enum (labels: QUEUED, RUNNING, SUCCESS, FAILED)")

    def test_given_status_outside_the_enum_is_unknown(self):
        db = new_database()  # statuses are the enum "JobStatus"
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["SUCCESS", "COMPLETED"])
        result = check(db, "--success-status=DONE")
        self.assertPlugin(result, 3, startswith="SCHEDULE_FAILURES UNKNOWN - --success-status: "
                                                "'DONE' is not a label of the run status enum "
                                                "(labels: ")
        self.assertIn("SUCCESS", result.line1)

    def test_text_status_column_counts_each_given_status_at_v(self):
        db = new_database(status_type="text")
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["SUCCESS", "COMPLETED", "FAILED"])
        result = check(db, "-v", "--success-status=DONE", "--success-status=SUCCESS")
        self.check_invariants(result)
        self.assertIn("runs by status in the last 7d: DONE 0, SUCCESS 1", long_output(result))
        # Quiet without -v, and nothing to count when no status option is given.
        self.assertFalse([l for l in long_output(check(db, "--success-status=DONE"))
                          if l.startswith("runs by status")])
        self.assertFalse([l for l in long_output(check(db, "-v"))
                          if l.startswith("runs by status")])

    def test_zero_window_is_a_usage_error(self):
        db = new_database()
        for window in ("0", "0s", "0d"):
            with self.subTest(window=window):
                result = check(db, f"--window={window}")
                self.assertPlugin(result, 3, startswith="SCHEDULE_FAILURES UNKNOWN - --window: "
                                                        "must be more than 0s, got ")
                self.assertIn("Usage: check_schedule_failures", result.stdout)

    def same_on(self, db):
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", ["COMPLETED", "FAILED", "RUNNING", "FAILED", "FAILED"],
                 errors=[None, "a", None, "b", "c"])
        self.assertPlugin(check(db), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: c, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_enum_status(self):
        self.same_on(new_database(status_type="enum"))

    def test_text_status(self):
        self.same_on(new_database(status_type="text"))


class Grouping(PluginTestCase):
    """The same runs of schedule etl: per job, extract failed 3 times in a row and load
    once; per schedule, the newest runs are load F, extract F, load S: 2 in a row."""

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("etl")
        for run_id, job, status, age in [
                ("r1", "extract", "FAILED", 5000), ("r2", "load", "FAILED", 4000),
                ("r3", "extract", "FAILED", 3000), ("r4", "load", "SUCCESS", 2500),
                ("r5", "extract", "FAILED", 2000), ("r6", "load", "FAILED", 1000)]:
            self.db.add_run(run_id, "etl", job, status, started_age=age, finished_age=age - 60,
                            error=None if status == "SUCCESS" else f"{job} e{age}")

    def test_group_by_job_is_the_default(self):
        expected = line("WARNING", "etl/extract failed 3 times in a row: extract e2000, "
                                   "success rate 16.67% of 6 runs in the last 7d, 2 failing groups",
                        perf(worst=3, failing=2, runs=6, rate=16.67))
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, expected)
        self.assertEqual(long_output(result), ["etl/extract failed 3 times in a row: extract e2000"])
        self.assertPlugin(check(self.db, "-v", "--group-by=job"), 1, expected)

    def test_group_by_job_vv_lists_the_quiet_group(self):
        result = check(self.db, "-vv")
        lines = long_output(result)
        self.assertEqual([l for l in lines if " in a row" in l], [
            "etl/extract failed 3 times in a row: extract e2000",
            "etl/load failed 1 time in a row: load e1000"])
        self.assertEqual(len([l for l in lines if l.startswith("settings: ")]), 1, result.stdout)

    def test_group_by_schedule(self):
        result = check(self.db, "--group-by", "schedule")
        self.assertPlugin(result, 0, line(
            "OK", "etl failed 2 times in a row: load e1000, "
                  "success rate 16.67% of 6 runs in the last 7d, 1 failing group",
            perf(worst=2, failing=1, runs=6, rate=16.67)))
        self.assertEqual(long_output(result), [])

    def test_group_by_schedule_warns_at_three(self):
        self.db.add_run("r7", "etl", "extract", "FAILED", started_age=500, error="extract e500")
        self.assertPlugin(check(self.db, "--group-by=schedule"), 1, line(
            "WARNING", "etl failed 3 times in a row: extract e500, "
                       "success rate 14.29% of 7 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=7, rate=14.29)))

    def test_bad_group_by_is_a_usage_error(self):
        result = check(self.db, "--group-by=host")
        self.assertPlugin(result, 3, perfdata="", contains="--group-by")


class Window(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def test_no_finished_runs(self):
        self.assertPlugin(check(self.db), 0, line(
            "OK", "no finished runs in the last 7d", perf()))

    def test_old_runs_do_not_count(self):
        add_runs(self.db, "nightly", "sync", ["FAILED"] * 4, first_age=10 * 86400, step=86400)
        add_runs(self.db, "nightly", "sync", ["SUCCESS"], first_age=3600)
        # Failed 10, 9, 8 and 7 days ago: 7 days exactly is inside the window.
        self.assertPlugin(check(self.db), 0, line(
            "OK", "success rate 50% of 2 runs in the last 7d", perf(runs=2, rate=50)))

    def test_window_bound_is_inclusive(self):
        self.db.add_run("in", "nightly", "sync", "FAILED", started_age=WEEK, error="inside")
        self.db.add_run("out", "nightly", "sync", "FAILED", started_age=WEEK + 1, error="outside")
        self.assertPlugin(check(self.db, "-w", "0"), 1, line(
            "WARNING", "nightly/sync failed 1 time in a row: inside, "
                       "success rate 0% of 1 run in the last 7d, 1 failing group",
            perf(worst=1, failing=1, runs=1, rate=0, streak_thresholds="0;")))

    def test_streak_is_cut_by_the_window(self):
        add_runs(self.db, "nightly", "sync", ["FAILED"] * 3, first_age=3 * 3600, step=3600,
                 errors=["a", "b", "c"])
        self.assertPlugin(check(self.db), 1, startswith="SCHEDULE_FAILURES WARNING - ",
                          perfdata=perf(worst=3, failing=1, runs=3, rate=0))
        self.assertPlugin(check(self.db, "--window", "2h"), 0, line(
            "OK", "nightly/sync failed 2 times in a row: c, "
                  "success rate 0% of 2 runs in the last 2h, 1 failing group",
            perf(worst=2, failing=1, runs=2, rate=0)))

    def test_runs_older_than_a_day_decide_too(self):
        # Nothing in the last day: each group's newest success comes from older runs.
        day = 86400
        add_runs(self.db, "nightly", "a", ["SUCCESS", "FAILED", "FAILED"], first_age=5 * day,
                 step=day, errors=[None, "a1", "a2"])
        add_runs(self.db, "nightly", "b", ["FAILED", "SUCCESS"], first_age=4 * day, step=day)
        add_runs(self.db, "nightly", "c", ["FAILED", "FAILED"], first_age=3 * day, step=day,
                 errors=["c1", "c2"])
        add_runs(self.db, "nightly", "d", ["FAILED", "SUCCESS", "FAILED"], first_age=2 * day + 60,
                 step=day, errors=["d1", None, "d2"])
        self.assertPlugin(check(self.db, "-w", "0", "-v"), 1, line(
            "WARNING", "nightly/a failed 2 times in a row: a2, "
                       "success rate 30% of 10 runs in the last 7d, 3 failing groups",
            perf(worst=2, failing=3, runs=10, rate=30, streak_thresholds="0;")))
        self.assertEqual(long_output(check(self.db, "-w", "0", "-v")), [
            "nightly/a failed 2 times in a row: a2", "nightly/c failed 2 times in a row: c2",
            "nightly/d failed 1 time in a row: d2"])

    def test_runs_older_than_a_day_decide_in_one_pass_for_many_groups(self):
        # Over 100 groups without a success in the last day: their newest successes come
        # from one pass over the window, not one lookup each.
        day = 86400
        run, col = self.db.table("run"), self.db.column
        for status, where in (("SUCCESS", ""), ("FAILED", "NOT ")):
            self.db.sql(f"INSERT INTO {run} ({col('run.id')}, {col('run.schedule_id')}, "
                        f"{col('run.job_name')}, {col('run.status')}, {col('run.started_at')}) "
                        f"SELECT 'r' || g || '-' || k, 'nightly', 'job-' || lpad(g::text, 3, '0'), "
                        f"'{status}', {self.db.at(5 * day)} + k * interval '1 day' "
                        f"FROM generate_series(1, 120) AS g, generate_series(1, 3) AS k "
                        f"WHERE {where}((k = 1) = (g <= 60));")
        # job-001..060: SUCCESS, FAILED, FAILED (failing, 2 in a row); job-061..120:
        # FAILED, SUCCESS, SUCCESS (not failing).
        self.assertPlugin(check(self.db, "-w", "1"), 1, startswith="SCHEDULE_FAILURES WARNING - "
                          "nightly/job-001 failed 2 times in a row, ",
                          perfdata=perf(worst=2, failing=60, runs=360, rate=50,
                                        streak_thresholds="1;"))

    def test_window_in_days(self):
        add_runs(self.db, "nightly", "sync", ["SUCCESS"], first_age=86400)
        self.assertPlugin(check(self.db, "--window=2d"), 0, line(
            "OK", "success rate 100% of 1 run in the last 2d", perf(runs=1, rate=100)))

    def test_window_of_one_hour_bounds(self):
        self.db.add_run("a", "nightly", "sync", "SUCCESS", started_age=3600)
        self.db.add_run("b", "nightly", "sync", "FAILED", started_age=3601)
        self.assertPlugin(check(self.db, "--window=1h"), 0, line(
            "OK", "success rate 100% of 1 run in the last 1h", perf(runs=1, rate=100)))

    def test_garbage_window_is_a_usage_error(self):
        self.assertPlugin(check(self.db, "--window=soon"), 3, perfdata="", contains="--window")


class Scope(PluginTestCase):
    """Disabled schedules, manual runs and -s/-x."""

    def setUp(self):
        self.db = new_database()

    def test_disabled_schedule_runs_are_ignored(self):
        self.db.add_schedule("old", enabled=False)
        add_runs(self.db, "old", "export", ["FAILED"] * 4, errors=["x"] * 4)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "no finished runs in the last 7d", perf()))

    def test_include_disabled(self):
        self.db.add_schedule("old", enabled=False)
        add_runs(self.db, "old", "export", ["FAILED"] * 4, errors=["x"] * 4)
        self.assertPlugin(check(self.db, "--include-disabled"), 1, line(
            "WARNING", "old/export failed 4 times in a row: x, "
                       "success rate 0% of 4 runs in the last 7d, 1 failing group",
            perf(worst=4, failing=1, runs=4, rate=0)))

    def test_manual_runs_are_always_ignored(self):
        self.db.add_schedule("nightly")
        add_runs(self.db, "nightly", "sync", ["SUCCESS"])
        for i in range(4):
            self.db.add_run(f"manual-{i}", None, "reindex", "FAILED", started_age=100 + i,
                            error="manual")
        expected = line("OK", "success rate 100% of 1 run in the last 7d", perf(runs=1, rate=100))
        self.assertPlugin(check(self.db), 0, expected)
        self.assertPlugin(check(self.db, "--include-disabled"), 0, expected)

    def three_groups(self):
        for schedule in ("feed-a", "feed_b", "feedXb", "sync"):
            self.db.add_schedule(schedule)
        add_runs(self.db, "feed-a", "job", ["FAILED"] * 3, errors=["a"] * 3)
        add_runs(self.db, "feed_b", "job", ["FAILED"] * 4, errors=["b"] * 4)
        add_runs(self.db, "feedXb", "job", ["FAILED"] * 5, errors=["x"] * 5)
        add_runs(self.db, "sync", "job", ["SUCCESS"] * 2)

    def test_schedule_exact(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-s", "sync"), 0, line(
            "OK", "success rate 100% of 2 runs in the last 7d", perf(runs=2, rate=100)))

    def test_schedule_underscore_is_literal(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-s", "feed_b"), 1, line(
            "WARNING", "feed_b/job failed 4 times in a row: b, "
                       "success rate 0% of 4 runs in the last 7d, 1 failing group",
            perf(worst=4, failing=1, runs=4, rate=0)))

    def test_schedule_glob(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "--schedule=feed-*", "-s", "sync"), 1, line(
            "WARNING", "feed-a/job failed 3 times in a row: a, "
                       "success rate 40% of 5 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=5, rate=40)))

    def test_exclude_glob(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-x", "feed*"), 0, line(
            "OK", "success rate 100% of 2 runs in the last 7d", perf(runs=2, rate=100)))

    def test_schedule_bracket_set(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-s", "feed[-_]b", "-s", "feed[!-_]b"), 1, line(
            "WARNING", "feedXb/job failed 5 times in a row: x, "
                       "success rate 0% of 9 runs in the last 7d, 2 failing groups",
            perf(worst=5, failing=2, runs=9, rate=0)))

    def test_schedule_matching_nothing_is_unknown_naming_it(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-s", "snyc"), 3, line(
            "UNKNOWN", "-s 'snyc' matches no enabled schedule, no finished runs in the last 7d",
            perf()))

    def test_schedule_matching_only_a_disabled_one_counts_with_include_disabled(self):
        self.db.add_schedule("old", enabled=False)
        add_runs(self.db, "old", "job", ["SUCCESS"])
        self.assertPlugin(check(self.db, "-s", "old"), 3, line(
            "UNKNOWN", "-s 'old' matches no enabled schedule, no finished runs in the last 7d",
            perf()))
        self.assertPlugin(check(self.db, "-s", "old", "--include-disabled"), 0, line(
            "OK", "success rate 100% of 1 run in the last 7d", perf(runs=1, rate=100)))
        self.assertPlugin(check(self.db, "-s", "gone", "--include-disabled"), 3, line(
            "UNKNOWN", "-s 'gone' matches no schedule, no finished runs in the last 7d",
            perf()))

    def test_exclude_underscore_is_literal(self):
        self.three_groups()
        self.assertPlugin(check(self.db, "-x", "feed_b", "-x", "feed-a"), 1, line(
            "WARNING", "feedXb/job failed 5 times in a row: x, "
                       "success rate 28.57% of 7 runs in the last 7d, 1 failing group",
            perf(worst=5, failing=1, runs=7, rate=28.57)))


class Rate(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("hourly")

    def runs(self, successes, failures):
        # Failures first, so the newest run is a success and no streak alerts.
        add_runs(self.db, "hourly", "import", ["FAILED"] * failures + ["SUCCESS"] * successes,
                 first_age=50000, step=60)

    def test_rate_at_the_bound_is_ok(self):
        self.runs(19, 1)
        self.assertPlugin(check(self.db, "--rate-warning", "95:"), 0, line(
            "OK", "success rate 95% of 20 runs in the last 7d", perf(runs=20, rate=95)))

    def test_rate_below_warning(self):
        self.runs(18, 2)
        self.assertPlugin(check(self.db, "--rate-warning", "95:"), 1, line(
            "WARNING", "success rate 90% of 20 runs in the last 7d", perf(runs=20, rate=90)))

    def test_rate_below_critical(self):
        self.runs(3, 1)
        self.assertPlugin(check(self.db, "--rate-warning=95:", "--rate-critical=80:"), 2, line(
            "CRITICAL", "success rate 75% of 4 runs in the last 7d", perf(runs=4, rate=75)))

    def test_plain_rate_range_fills_the_perfdata_field(self):
        # "95" alerts outside 0..95: a plain upper bound, so perfdata carries it.
        self.runs(18, 2)
        self.assertPlugin(check(self.db, "--rate-warning", "95"), 0, line(
            "OK", "success rate 90% of 20 runs in the last 7d",
            perf(runs=20, rate=90, rate_thresholds="95;")))

    def test_plain_critical_rate_range(self):
        self.runs(20, 0)
        self.assertPlugin(check(self.db, "--rate-critical", "99"), 2, line(
            "CRITICAL", "success rate 100% of 20 runs in the last 7d",
            perf(runs=20, rate=100, rate_thresholds=";99")))

    def test_rate_is_rounded_to_two_decimals(self):
        self.runs(2, 1)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "success rate 66.67% of 3 runs in the last 7d", perf(runs=3, rate=66.67)))

    def test_rate_worse_than_streak_is_named_first(self):
        add_runs(self.db, "hourly", "import", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c"])
        self.assertPlugin(check(self.db, "--rate-critical", "50:"), 2, line(
            "CRITICAL", "success rate 25% of 4 runs in the last 7d, "
                        "hourly/import failed 3 times in a row: c, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_garbage_rate_is_a_usage_error(self):
        self.assertPlugin(check(self.db, "--rate-warning", "high"), 3, perfdata="",
                          contains="--rate-warning")


class ErrorText(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def failing(self, newest_error, *args):
        add_runs(self.db, "nightly", "sync", ["FAILED"] * 3,
                 errors=["older error", "old error", newest_error])
        return check(self.db, *args)

    def test_first_line_pipe_and_newlines_are_sanitised(self):
        result = self.failing("disk full | retry later\nTraceback (most recent call last):\n"
                              "  File \"x.py\"", "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: disk full / retry later, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))
        self.assertEqual(long_output(result),
                         ["nightly/sync failed 3 times in a row: disk full / retry later"])
        self.assertNotIn("Traceback", result.stdout)

    def test_carriage_return_ends_the_first_line(self):
        result = self.failing("connection reset\r\nat line 2")
        self.assertPlugin(result, 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: connection reset, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))

    def test_control_characters_become_spaces(self):
        result = self.failing("bad\tvalue\x07here")
        self.assertPlugin(result, 1, line(
            "WARNING", "nightly/sync failed 3 times in a row: bad value here, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))

    def test_ids_are_sanitised_too(self):
        self.db.add_schedule("a|b")
        add_runs(self.db, "a|b", "job\tx", ["FAILED"] * 3, errors=["e"] * 3, prefix="ab-")
        result = check(self.db)
        self.assertPlugin(result, 1, line(
            "WARNING", "a/b/job x failed 3 times in a row: e, "
                       "success rate 0% of 3 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=3, rate=0)))

    def test_long_error_is_cut(self):
        result = self.failing("E" * 3000)
        self.assertPlugin(result, 1, startswith="SCHEDULE_FAILURES WARNING - nightly/sync failed "
                                                "3 times in a row: EEEE",
                          perfdata=perf(worst=3, failing=1, runs=3, rate=0))
        self.assertNotIn("E" * 201, result.stdout)

    def test_newest_error_is_named(self):
        result = self.failing("the newest")
        self.assertPlugin(result, 1, contains="failed 3 times in a row: the newest, ",
                          perfdata=perf(worst=3, failing=1, runs=3, rate=0))
        self.assertNotIn("old error", result.stdout)

    def test_many_failing_groups_stay_under_4k(self):
        self.db.sql(f"INSERT INTO {self.db.table('run')} ("
                    f"{self.db.column('run.id')}, {self.db.column('run.schedule_id')}, "
                    f"{self.db.column('run.job_name')}, {self.db.column('run.status')}, "
                    f"{self.db.column('run.started_at')}, {self.db.column('run.error')}) "
                    f"SELECT 'r' || g || '-' || k, 'nightly', 'job-' || lpad(g::text, 3, '0'), "
                    f"'FAILED', {self.db.at(1000)} + k * interval '1 second', "
                    f"repeat('x', 150) || ' error ' || g "
                    f"FROM generate_series(1, 200) AS g, generate_series(1, 3) AS k;")
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, startswith="SCHEDULE_FAILURES WARNING - nightly/job-001 "
                                                "failed 3 times in a row: ",
                          perfdata=perf(worst=3, failing=200, runs=600, rate=0))
        self.assertRegex(result.stdout.splitlines()[-1], r"^… and \d+ more$")
        lines = long_output(result)
        shown = len([l for l in lines if " in a row" in l])
        self.assertEqual(shown + int(lines[-1].split()[2]), 200, result.stdout)


class SchemaVariants(harness.SchemaVariantCases, PluginTestCase):
    PLUGIN = PLUGIN
    LINE1 = line("WARNING", "nightly/sync failed 3 times in a row: c, "
                            "success rate 50% of 6 runs in the last 7d, 1 failing group",
                 perf(worst=3, failing=1, runs=6, rate=50))

    def fill(self, db):
        db.add_schedule("nightly")
        db.add_schedule("hourly")
        db.add_schedule("off", enabled=False)
        add_runs(db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c"])
        add_runs(db, "hourly", "import", ["SUCCESS"])
        add_runs(db, "off", "x", ["FAILED"] * 4)
        # Seven days and a second ago: outside the window in every time zone.
        db.add_run("ancient", "hourly", "import", "FAILED", started_age=WEEK + 1)
        # Seven days ago exactly: inside.
        db.add_run("edge", "hourly", "import", "COMPLETED", started_age=WEEK)

    def expect(self, result):
        self.assertPlugin(result, 1, self.LINE1)

    def test_session_time_zone_from_pgoptions(self):
        self.same(new_database(), env={"PGOPTIONS": "-c TimeZone=Asia/Kolkata"})

    def test_snake_naming_with_text_status(self):
        self.same(new_database(naming="snake", status_type="text"), "--naming=snake")

    def test_prisma_naming_in_a_schema(self):
        # timestamptz columns too.
        self.same(new_database(schema="daemon", timestamptz=True), "--db-schema=daemon")


class Mapping(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c"])

    LINE1 = line("WARNING", "nightly/sync failed 3 times in a row: c, "
                            "success rate 25% of 4 runs in the last 7d, 1 failing group",
                 perf(worst=3, failing=1, runs=4, rate=25))

    def test_renamed_tables_and_columns(self):
        self.db.sql('ALTER TABLE "JobRun" RENAME TO "Executions";'
                    'ALTER TABLE "Executions" RENAME COLUMN "jobName" TO task;'
                    'ALTER TABLE "Executions" RENAME COLUMN "startedAt" TO began;'
                    'ALTER TABLE "JobSchedule" RENAME TO "Plans";')
        self.assertPlugin(check(self.db, "--table=run=Executions", "--column=run.job_name=task",
                                "--column=run.started_at=began", "--table", "schedule=Plans"),
                          1, self.LINE1)

    def test_optional_error_declared_absent(self):
        self.db.sql('ALTER TABLE "JobRun" DROP COLUMN error;')
        self.assertPlugin(check(self.db, "--column=run.error="), 1, line(
            "WARNING", "nightly/sync failed 3 times in a row, "
                       "success rate 25% of 4 runs in the last 7d, 1 failing group",
            perf(worst=3, failing=1, runs=4, rate=25)))

    def test_start_column_named_with_quote_and_backslash(self):
        # The window's start names the column in a string constant too (see the index test).
        self.db.sql('ALTER TABLE "JobRun" RENAME COLUMN "startedAt" TO "it\'s \\ began";')
        self.assertPlugin(check(self.db, "--column=run.started_at=it's \\ began"), 1, self.LINE1)

    def test_missing_start_column_names_its_option(self):
        self.db.sql('ALTER TABLE "JobRun" RENAME COLUMN "startedAt" TO began;')
        self.assertPlugin(check(self.db), 3, startswith="SCHEDULE_FAILURES UNKNOWN - ",
                          contains="--column=run.started_at", perfdata="")

    def test_missing_column_names_its_option(self):
        self.db.sql('ALTER TABLE "JobRun" RENAME COLUMN "jobName" TO task;')
        self.assertPlugin(check(self.db), 3, startswith="SCHEDULE_FAILURES UNKNOWN - ",
                          contains="--column=run.job_name", perfdata="")

    def test_missing_table_names_its_option(self):
        self.assertPlugin(check(self.db, "--table=run=Executions"), 3,
                          startswith="SCHEDULE_FAILURES UNKNOWN - ", contains="--table=run",
                          perfdata="")


class Verbosity(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c"])
        add_runs(self.db, "nightly", "report", ["SUCCESS", "FAILED"], errors=[None, "r"])

    LINE1 = line("WARNING", "nightly/sync failed 3 times in a row: c, "
                            "success rate 33.33% of 6 runs in the last 7d, 2 failing groups",
                 perf(worst=3, failing=2, runs=6, rate=33.33))

    def test_levels(self):
        for args, offender, quiet_group, settings, sql in [((), False, False, False, False),
                                                           (("-v",), True, False, False, False),
                                                           (("-vv",), True, True, True, False),
                                                           (("-vvv",), True, True, True, True)]:
            with self.subTest(args=args):
                result = check(self.db, *args)
                self.assertPlugin(result, 1, self.LINE1)
                lines = long_output(result)
                groups = [l for l in lines if " in a row" in l]
                self.assertEqual("nightly/sync failed 3 times in a row: c" in groups, offender)
                self.assertEqual("nightly/report failed 1 time in a row: r" in lines, quiet_group)
                self.assertEqual(any(l.startswith("settings: ") for l in lines), settings)
                self.assertEqual(any(l.startswith("sql (") for l in lines), sql)


class Formats(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        add_runs(self.db, "nightly", "sync", ["SUCCESS", "FAILED", "FAILED", "FAILED"],
                 errors=[None, "a", "b", "c|d\ne"])

    SUMMARY = ("nightly/sync failed 3 times in a row: c/d, "
               "success rate 25% of 4 runs in the last 7d, 1 failing group")

    def test_json(self):
        result = check(self.db, "-v", "--format=json")
        self.check_invariants(result)
        self.assertEqual(result.code, 1)
        self.assertEqual(result.stdout.count("\n"), 1, "one line of JSON")
        doc = json.loads(result.stdout)
        self.assertEqual(doc["plugin"], PLUGIN)
        self.assertEqual(doc["state"], "WARNING")
        self.assertEqual(doc["exit_code"], 1)
        self.assertEqual(doc["summary"], self.SUMMARY)
        self.assertEqual(doc["details"], ["nightly/sync failed 3 times in a row: c/d"])
        metrics = {p["label"]: p for p in doc["perfdata"]}
        self.assertEqual(list(metrics), ["worst_streak", "failing", "runs", "success_rate"])
        self.assertEqual([metrics[k]["value"] for k in metrics], [3, 1, 4, 25])
        rate = metrics["success_rate"]
        self.assertEqual((rate["uom"], rate["min"], rate["max"]), ("%", 0, 100))

    def test_json_without_runs_omits_the_rate(self):
        db = new_database()
        result = check(db, "--format=json")
        self.check_invariants(result)
        self.assertEqual(result.code, 0)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["summary"], "no finished runs in the last 7d")
        self.assertEqual([p["label"] for p in doc["perfdata"]], ["worst_streak", "failing", "runs"])

    def test_prometheus(self):
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0, "the state lives in the metrics")
        lines = result.stdout.splitlines()
        values = {"schedule_failures_worst_streak": "3", "schedule_failures_failing": "1",
                  "schedule_failures_runs": "4", "schedule_failures_success_rate_percent": "25",
                  "schedule_failures_check_state": "1"}
        for name, value in values.items():
            self.assertIn(f"{name} {value}", lines, result.stdout)
            self.assertIn(f"# TYPE {name} gauge", lines, result.stdout)
            self.assertTrue(any(l.startswith(f"# HELP {name} ") for l in lines), name)

    def test_prometheus_fractional_rate(self):
        add_runs(self.db, "nightly", "other", ["SUCCESS", "SUCCESS"])
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertIn("schedule_failures_success_rate_percent 50", result.stdout.splitlines())
        db = new_database()
        db.add_schedule("x")
        add_runs(db, "x", "j", ["FAILED", "SUCCESS", "SUCCESS"])
        result = check(db, "--format=prometheus")
        self.assertIn("schedule_failures_success_rate_percent 66.67", result.stdout.splitlines())


class SuccessCount(PluginTestCase):
    """The window's successes of the selected schedules, counted two ways: where a validated
    foreign key guarantees that every run's schedule exists and an index leads with the start
    time, all successes with a schedule less those of the schedules left out (at most 100);
    else matched to the selection one by one. Same answers either way, orphaned runs and
    manual runs never counted."""

    def setUp(self):
        self.db = new_database()
        self.db.sql(f"CREATE INDEX run_started_at ON {self.db.table('run')} "
                    f"({self.db.column('run.started_at')});")
        self.db.add_schedule("a")
        self.db.add_schedule("b")
        self.db.add_schedule("old", enabled=False)
        add_runs(self.db, "a", "sync", ["SUCCESS", "FAILED", "SUCCESS", "SUCCESS"])
        add_runs(self.db, "b", "sync", ["COMPLETED", "SUCCESS"])
        add_runs(self.db, "old", "export", ["SUCCESS", "SUCCESS", "SUCCESS"])
        for i in range(2):
            self.db.add_run(f"manual-{i}", None, "reindex", "SUCCESS", started_age=100 + i)

    def foreign_key(self):
        return self.db.sql("SELECT conname FROM pg_catalog.pg_constraint WHERE contype = 'f' "
                           f"AND conrelid = {harness.lit(self.db.table('run'))}::regclass;"
                           ).strip()

    def without_foreign_key(self, orphans=True, not_valid=False):
        """Drops the foreign key, adds runs of a schedule that does not exist, and, with
        not_valid, the key again as NOT VALID (which vouches for new rows only)."""
        run, name = self.db.table("run"), self.foreign_key()
        self.db.sql(f"ALTER TABLE {run} DROP CONSTRAINT {harness.ident(name)};")
        if orphans:
            add_runs(self.db, "gone", "sync", ["SUCCESS"] * 5)
        if not_valid:
            self.db.sql(f"ALTER TABLE {run} ADD CONSTRAINT {harness.ident(name)} FOREIGN KEY "
                        f"({self.db.column('run.schedule_id')}) REFERENCES "
                        f"{self.db.table('schedule')} ({self.db.column('schedule.id')}) "
                        "NOT VALID;")

    def assert_counts(self, *args, runs=6, rate="83.33"):
        self.assertPlugin(check(self.db, *args), 0, line(
            "OK", f"success rate {rate}% of {runs} runs in the last 7d",
            perf(runs=runs, rate=rate)))

    def test_with_the_foreign_key(self):
        self.assertNotEqual(self.foreign_key(), "")
        self.assert_counts()
        self.assert_counts("--include-disabled", runs=9, rate="88.89")
        self.assert_counts("-s", "a", runs=4, rate="75")
        self.assert_counts("-x", "a", runs=2, rate="100")

    def test_without_a_foreign_key_orphans_do_not_count(self):
        self.without_foreign_key()
        self.assert_counts()
        self.assert_counts("--include-disabled", runs=9, rate="88.89")
        self.assert_counts("-s", "a", runs=4, rate="75")

    def test_a_key_not_validated_is_not_trusted(self):
        self.without_foreign_key(not_valid=True)
        self.assert_counts()
        self.assert_counts("-x", "a", runs=2, rate="100")

    def test_without_a_start_time_index(self):
        self.db.sql("DROP INDEX run_started_at;")
        self.assert_counts()
        self.assert_counts("-x", "a", runs=2, rate="100")

    def test_more_than_100_schedules_left_out(self):
        values = ", ".join(f"({harness.lit(f'idle-{i:03}')}, false)" for i in range(150))
        self.db.sql(f"INSERT INTO {self.db.table('schedule')} ({self.db.column('schedule.id')}, "
                    f"{self.db.column('schedule.enabled')}) VALUES {values};")
        self.assert_counts()
        self.without_foreign_key()
        self.assert_counts()


class RecommendedIndexes(PluginTestCase):
    """sql/recommended-indexes.sql as shipped: PostgreSQL uses its partial index of failed runs
    only when the statement's failed-run test is the index's WHERE clause verbatim."""

    INDEX = "JobRun_startedAt_failed_idx"

    def indexed(self, status_type, statuses):
        db = new_database(status_type=status_type)
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", statuses)
        db.sql((harness.ROOT / "sql" / "recommended-indexes.sql").read_text())
        # Index paths only: on a few rows a sequential scan would win and hide the choice.
        name = harness.ident(db.name)
        db.sql(f"ALTER DATABASE {name} SET enable_seqscan = off;"
               f"ALTER DATABASE {name} SET enable_bitmapscan = off;")
        return db

    def assert_reads_partial_index(self, status_type):
        # The newest run succeeded: no failing group, so no probe for an error message
        # (which could use an index of failed runs too); only the failed-run pass reads it.
        db = self.indexed(status_type, ["FAILED", "FAILED", "SUCCESS"])
        self.assertEqual(harness.index_entries_read(db, self.INDEX), 0)
        self.assertPlugin(check(db), 0, line(
            "OK", "success rate 33.33% of 3 runs in the last 7d",
            perf(runs=3, rate=33.33)))
        self.assertEqual(harness.index_entries_read_after_plugin(db, self.INDEX), 2,
                         f"{self.INDEX}: not both failed runs read")

    def test_successes_are_counted_from_the_index_of_successes(self):
        # With the foreign key of Prisma's schema: the successes of the window, and nothing
        # else, are read from the index that holds only their start times.
        index = "JobRun_startedAt_success_idx"
        db = self.indexed("enum", ["SUCCESS", "COMPLETED", "FAILED", "SUCCESS"])
        add_runs(db, "nightly", "sync", ["SUCCESS"], first_age=WEEK + 100, prefix="old-")
        self.assertPlugin(check(db), 0, line(
            "OK", "success rate 75% of 4 runs in the last 7d", perf(runs=4, rate=75)))
        self.assertEqual(harness.index_entries_read_after_plugin(db, index), 3,
                         f"{index}: not the 3 successes read")

    def test_window_start_is_a_value_of_the_start_columns_type(self):
        # Comparing a timestamp column with a timestamptz converts every entry a scan reads
        # (a third of the success count's time at 10 M runs). A tracked operator for that
        # mixed comparison, first on the search path, counts each use: none by the plugin.
        db = self.indexed("text", ["SUCCESS", "COMPLETED", "FAILED", "SUCCESS"])
        db.sql(f"ALTER DATABASE {harness.ident(db.name)} SET track_functions = 'all';"
               "CREATE FUNCTION test_clock.mixed_ge(timestamp, timestamptz) RETURNS boolean "
               "LANGUAGE plpgsql AS 'BEGIN RETURN $1::timestamptz >= $2; END';"
               "CREATE OPERATOR test_clock.>= (LEFTARG = timestamp, RIGHTARG = timestamptz, "
               "FUNCTION = test_clock.mixed_ge);")
        calls = ("SELECT pg_catalog.pg_stat_clear_snapshot(); SELECT coalesce(sum(calls), 0) "
                 "FROM pg_catalog.pg_stat_user_functions WHERE funcname = 'mixed_ge';")
        # A text status column, -v and a status given: the window's runs counted by status.
        result = check(db, "-v", "--failed-status=FAILED")
        self.assertPlugin(result, 0, line(
            "OK", "success rate 75% of 4 runs in the last 7d", perf(runs=4, rate=75)))
        self.assertIn("runs by status in the last 7d: FAILED 1", result.stdout)
        # The plugin's session has reported its statistics once its index reads show.
        harness.index_entries_read_after_plugin(db, "JobRun_startedAt_success_idx")
        self.assertEqual(int(db.sql(calls).strip()), 0)
        # The trap is live: the same window written as a timestamptz goes through it.
        db.sql('SELECT count(*) FROM "JobRun" WHERE "startedAt" >= now() - interval \'7 days\';')
        self.assertGreater(int(db.sql(calls).strip()), 0)

    def test_enum_status_reads_the_partial_index(self):
        self.assert_reads_partial_index("enum")

    def test_text_status_reads_the_partial_index(self):
        self.assert_reads_partial_index("text")

    def test_other_failed_statuses_give_the_same_answer_without_it(self):
        db = self.indexed("enum", ["SUCCESS", "FAILED", "FAILED", "FAILED"])
        result = check(db, "--failed-status=CANCELLED", "--failed-status=FAILED")
        self.assertPlugin(result, 1, startswith="SCHEDULE_FAILURES WARNING - nightly/sync "
                          "failed 3 times in a row")


if __name__ == "__main__":
    unittest.main()
