"""check_schedule_runs against a real PostgreSQL (SPEC §4), its clock frozen at
2026-01-01 12:00:00 UTC so that ages, windows and bounds are exact."""

import re
import shutil
import subprocess
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin

PLUGIN = "check_schedule_runs"
HOUR = 3600
DAY = 86400


def check(db, *args, env=None):
    return run_plugin(PLUGIN, *db.conn_args(), *args, env=env)


# How the suite joins the conditions of one summary (lib/result.cpp): the one place
# this module names it.
SEPARATOR = ", "


def summary(*conditions):
    """Several conditions of one summary, joined as the suite joins them."""
    return SEPARATOR.join(conditions)


def line(state, *conditions, perfdata):
    return f"SCHEDULE_RUNS {state} - {summary(*conditions)}|{perfdata}"


def perf(running=0, oldest=0, overrunning=0, queued=0, oldest_queued=0, p50=None, p95=None,
         slowdown=None, age=";3600;", queue=";600;", backlog=";;", slow=";;"):
    """The perfdata of line 1 with the defaults' thresholds; the duration and slowdown
    metrics are left out when they have no value."""
    text = (f"running={running};;;0 oldest_running={oldest}s{age};0 "
            f"overrunning={overrunning};;;0 queued={queued}{backlog};0 "
            f"oldest_queued={oldest_queued}s{queue};0")
    if p50 is not None:
        text += f" duration_p50={p50}s;;;0"
    if p95 is not None:
        text += f" duration_p95={p95}s;;;0"
    if slowdown is not None:
        text += f" max_slowdown={slowdown}{slow};0"
    return text


def add_runs(db, schedule_id, job_name, count, duration, first_age, step=60, status="SUCCESS",
             prefix=None, duration_ms=None):
    """`count` finished runs of `duration` seconds (finished_at - started_at), the oldest
    started `first_age` seconds ago, each next one `step` seconds newer; duration_ms is
    stored when given. One statement."""
    prefix = prefix or f"{schedule_id}-{job_name}-{first_age}-"
    rows = []
    for i in range(count):
        age = first_age - i * step
        rows.append("(" + ", ".join([
            harness.lit(f"{prefix}{i}"), harness.lit(schedule_id), harness.lit(job_name),
            harness.lit(status), db.at(age), db.at(age - duration), harness.lit(duration_ms)])
            + ")")
    cols = ", ".join(db.column(f"run.{k}") for k in
                     ("id", "schedule_id", "job_name", "status", "started_at", "finished_at",
                      "duration_ms"))
    db.sql(f"INSERT INTO {db.table('run')} ({cols}) VALUES {', '.join(rows)};")


def add_open_run(db, id, schedule_id, job_name, status, started_age, created_age=None):
    """A run without end: RUNNING or QUEUED, created_at NULL unless given."""
    db.insert("run", {"id": harness.lit(id), "schedule_id": harness.lit(schedule_id),
                      "job_name": harness.lit(job_name), "status": harness.lit(status),
                      "started_at": db.at(started_age), "created_at": db.at(created_age)})


class Running(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def test_nothing_running_is_ok(self):
        self.assertPlugin(check(self.db), 0, line("OK", "no running runs", "no queued runs",
                                                  perfdata=perf()))

    def test_running_age_bounds_are_inclusive(self):
        add_open_run(self.db, "r-1", "nightly", "sync", "RUNNING", HOUR)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "1 run running, oldest nightly/sync run r-1 running for 1h",
            "no queued runs", perfdata=perf(running=1, oldest=3600)))
        self.db.sql(f"UPDATE {self.db.table('run')} SET {self.db.column('run.started_at')} = "
                    f"{self.db.at(HOUR + 1)};")
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", "1 run running, oldest nightly/sync run r-1 running for 1h",
            "no queued runs", perfdata=perf(running=1, oldest=3601)))

    def test_critical_and_count(self):
        add_open_run(self.db, "r-1", "nightly", "sync", "RUNNING", 2 * HOUR + 1)
        add_open_run(self.db, "r-2", "nightly", "other", "RUNNING", 60)
        result = check(self.db, "-w", "1h", "-c", "2h", "-v")
        self.assertPlugin(result, 2, line(
            "CRITICAL", "2 runs running, oldest nightly/sync run r-1 running for 2h",
            "no queued runs", perfdata=perf(running=2, oldest=7201, age=";3600;7200")))
        self.assertEqual(result.stdout.splitlines()[1:],
                         ["nightly/sync run r-1 running for 2h"])
        self.assertEqual(check(self.db, "-vv").stdout.splitlines()[2:4],
                         ["nightly/sync run r-1 running for 2h",
                          "nightly/other run r-2 running for 1m"])

    def test_other_running_statuses(self):
        db = new_database(status_type="text")
        db.add_schedule("nightly")
        add_open_run(db, "r-1", "nightly", "sync", "STARTING", 100)
        self.assertPlugin(check(db), 0, startswith="SCHEDULE_RUNS OK - no running runs")
        self.assertPlugin(check(db, "--running-status=STARTING", "--running-status=RUNNING"),
                          0, startswith="SCHEDULE_RUNS OK - 1 run running, oldest "
                                        "nightly/sync run r-1 running for 1m 40s")


class Overrun(PluginTestCase):
    """A running run beyond --overrun-factor x its group's p95, once the group has
    --min-runs successful runs in the window, and beyond --overrun-min."""

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        add_runs(self.db, "nightly", "sync", 10, 300, first_age=3 * DAY, step=HOUR)

    def running(self, age):
        add_open_run(self.db, "r-9", "nightly", "sync", "RUNNING", age)

    def test_beyond_three_times_p95_warns(self):
        self.running(901)
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "overrunning: nightly/sync run r-9 running for 15m 1s, usually 5m (p95)",
            "1 run running, oldest nightly/sync run r-9 running for 15m 1s", "no queued runs",
            perfdata=perf(running=1, oldest=901, overrunning=1)))
        self.assertEqual(result.stdout.splitlines()[1:], [
            "overrunning: nightly/sync run r-9 running for 15m 1s, usually 5m (p95)"])

    def test_several_overrunning_runs_name_the_worst(self):
        self.running(1000)
        add_runs(self.db, "nightly", "ping", 10, 10, first_age=2 * DAY)
        add_open_run(self.db, "r-1", "nightly", "ping", "RUNNING", 100)
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "2 runs overrunning, worst nightly/ping run r-1 running for 1m 40s, "
            "usually 10s (p95)",
            "2 runs running, oldest nightly/sync run r-9 running for 16m 40s", "no queued runs",
            perfdata=perf(running=2, oldest=1000, overrunning=2)))
        self.assertEqual(result.stdout.splitlines()[1:], [
            "overrunning: nightly/ping run r-1 running for 1m 40s, usually 10s (p95)",
            "overrunning: nightly/sync run r-9 running for 16m 40s, usually 5m (p95)"])

    def test_at_three_times_p95_is_ok(self):
        self.running(900)
        self.assertPlugin(check(self.db), 0, perfdata=perf(running=1, oldest=900))

    def test_min_runs(self):
        self.running(901)
        self.db.sql(f"DELETE FROM {self.db.table('run')} WHERE {self.db.column('run.id')} "
                    "= 'nightly-sync-259200-0';")
        self.assertPlugin(check(self.db), 0, perfdata=perf(running=1, oldest=901))
        self.assertPlugin(check(self.db, "--min-runs=9"), 1,
                          perfdata=perf(running=1, oldest=901, overrunning=1))

    def test_only_successful_runs_in_the_window_count(self):
        self.running(901)
        add_runs(self.db, "nightly", "sync", 10, 3000, first_age=2 * DAY, status="FAILED")
        add_runs(self.db, "nightly", "sync", 10, 3000, first_age=8 * DAY, prefix="old-")
        self.assertPlugin(check(self.db), 1, perfdata=perf(running=1, oldest=901, overrunning=1))
        # Ten old successes of 50 minutes each join the p95 with a two-week window.
        self.assertPlugin(check(self.db, "--window=14d"), 0, perfdata=perf(running=1, oldest=901))

    def test_factor(self):
        self.running(901)
        self.assertPlugin(check(self.db, "--overrun-factor=0"), 0,
                          perfdata=perf(running=1, oldest=901))
        self.assertPlugin(check(self.db, "--overrun-factor=3.5"), 0,
                          perfdata=perf(running=1, oldest=901))
        self.assertPlugin(check(self.db, "--overrun-factor=2.5"), 1,
                          perfdata=perf(running=1, oldest=901, overrunning=1))

    def test_overrun_min(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "ping", 10, 10, first_age=DAY * 2)
        add_open_run(db, "r-1", "nightly", "ping", "RUNNING", 60)
        self.assertPlugin(check(db), 0, perfdata=perf(running=1, oldest=60))
        self.assertPlugin(check(db, "--overrun-min=59s"), 1, startswith=(
            "SCHEDULE_RUNS WARNING - overrunning: nightly/ping run r-1 running for 1m, "
            "usually 10s (p95)"))

    def test_group_by_schedule(self):
        # A quick job of the same schedule: overrunning against its own p95, not against
        # the schedule's (which the slow job sets).
        add_runs(self.db, "nightly", "ping", 10, 10, first_age=2 * DAY)
        add_open_run(self.db, "r-1", "nightly", "ping", "RUNNING", 100)
        self.assertPlugin(check(self.db), 1, startswith=(
            "SCHEDULE_RUNS WARNING - overrunning: nightly/ping run r-1 running for 1m 40s, "
            "usually 10s (p95)"))
        self.assertPlugin(check(self.db, "--group-by=schedule"), 0,
                          perfdata=perf(running=1, oldest=100, p50=None))

    def test_duration_ms_wins_over_finished_at(self):
        db = new_database()
        db.add_schedule("nightly")
        # 300 s between start and finish, but the daemon measured 20 s.
        add_runs(db, "nightly", "sync", 10, 300, first_age=2 * DAY, duration_ms=20000)
        add_open_run(db, "r-1", "nightly", "sync", "RUNNING", 100)
        self.assertPlugin(check(db, "--overrun-min=0"), 1, startswith=(
            "SCHEDULE_RUNS WARNING - overrunning: nightly/sync run r-1 running for 1m 40s, "
            "usually 20s (p95)"))
        self.assertPlugin(check(db, "--overrun-min=0", "--column=run.duration_ms="), 0,
                          perfdata=perf(running=1, oldest=100))


class PerJobIndex(PluginTestCase):
    """With sql/recommended-indexes.sql, a job's baseline comes from its own runs in
    "JobRun_scheduleId_jobName_startedAt_idx", index-only; the answer is the one Prisma's
    indexes alone give."""

    INDEX = "JobRun_scheduleId_jobName_startedAt_idx"

    def test_baseline_of_the_running_job_only(self):
        db = new_database()
        db.add_schedule("nightly")
        add_runs(db, "nightly", "sync", 10, 300, first_age=3 * DAY, step=HOUR)
        add_runs(db, "nightly", "ping", 30, 10, first_age=3 * DAY, step=HOUR)
        add_open_run(db, "r-9", "nightly", "sync", "RUNNING", 901)
        expected = line(
            "WARNING", "overrunning: nightly/sync run r-9 running for 15m 1s, usually 5m (p95)",
            "1 run running, oldest nightly/sync run r-9 running for 15m 1s", "no queued runs",
            perfdata=perf(running=1, oldest=901, overrunning=1))
        self.assertPlugin(check(db), 1, expected)
        db.sql((harness.ROOT / "sql" / "recommended-indexes.sql").read_text())
        name = harness.ident(db.name)
        db.sql(f"ALTER DATABASE {name} SET enable_seqscan = off;"
               f"ALTER DATABASE {name} SET enable_bitmapscan = off;")
        self.assertEqual(harness.index_entries_read(db, self.INDEX), 0)
        self.assertPlugin(check(db), 1, expected)
        # sync's 10 runs (and the entry that ends the range), not ping's 30: the job that
        # needs a baseline, alone; per schedule it would be 40.
        read = harness.index_entries_read_after_plugin(db, self.INDEX)
        self.assertGreaterEqual(read, 10)
        self.assertLess(read, 30)


class Queue(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def test_wait_from_created_at(self):
        # Queued 10 minutes ago (inclusive bound: OK), its started_at set later.
        add_open_run(self.db, "q-1", "nightly", "sync", "QUEUED", 100, created_age=600)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "no running runs", "1 run queued, oldest nightly/sync run q-1 waiting for 10m",
            perfdata=perf(queued=1, oldest_queued=600)))
        self.db.sql(f"UPDATE {self.db.table('run')} SET {self.db.column('run.created_at')} = "
                    f"{self.db.at(601)};")
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", "1 run queued, oldest nightly/sync run q-1 waiting for 10m 1s",
            "no running runs", perfdata=perf(queued=1, oldest_queued=601)))

    def test_wait_from_started_at_without_created_at(self):
        add_open_run(self.db, "q-1", "nightly", "sync", "QUEUED", 100, created_age=601)
        self.assertPlugin(check(self.db, "--column=run.created_at="), 0, line(
            "OK", "no running runs", "1 run queued, oldest nightly/sync run q-1 waiting for 1m 40s",
            perfdata=perf(queued=1, oldest_queued=100)))
        # Mapped but NULL: started_at too.
        add_open_run(self.db, "q-2", "nightly", "sync", "QUEUED", 200)
        self.assertPlugin(check(self.db), 1, perfdata=perf(queued=2, oldest_queued=601))
        self.assertPlugin(check(self.db, "--column=run.created_at="), 0,
                          perfdata=perf(queued=2, oldest_queued=200))

    def test_backlog(self):
        for i, age in enumerate([30, 20, 10]):
            add_open_run(self.db, f"q-{i}", "nightly", "sync", "QUEUED", age, created_age=age)
        result = check(self.db, "--backlog-warning=2", "--backlog-critical=5", "-vv")
        self.assertPlugin(result, 1, line(
            "WARNING", "3 runs queued, oldest nightly/sync run q-0 waiting for 30s",
            "no running runs", perfdata=perf(queued=3, oldest_queued=30, backlog=";2;5")))
        self.assertIn("queued: nightly/sync run q-2 waiting for 10s", result.stdout)
        self.assertPlugin(check(self.db, "--backlog-critical=2"), 2,
                          perfdata=perf(queued=3, oldest_queued=30, backlog=";;2"))
        self.assertPlugin(check(self.db, "--backlog-warning=3"), 0,
                          perfdata=perf(queued=3, oldest_queued=30, backlog=";3;"))

    def test_queue_thresholds_and_status(self):
        add_open_run(self.db, "q-1", "nightly", "sync", "QUEUED", 100, created_age=100)
        self.assertPlugin(check(self.db, "--queue-warning=1m", "--queue-critical=90s"), 2,
                          perfdata=perf(queued=1, oldest_queued=100, queue=";60;90"))
        self.assertPlugin(check(self.db, "--queued-status=CANCELLED"), 0,
                          perfdata=perf())


class Slowdown(PluginTestCase):
    """Recent p95 / the p95 of the rest of the window, per group; both sides need
    --min-runs."""

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        self.db.add_schedule("hourly")
        add_runs(self.db, "nightly", "sync", 10, 100, first_age=6 * DAY, step=HOUR)
        add_runs(self.db, "nightly", "sync", 10, 250, first_age=20 * HOUR, step=HOUR)
        add_runs(self.db, "hourly", "ping", 10, 10, first_age=5 * DAY, step=HOUR)
        add_runs(self.db, "hourly", "ping", 10, 10, first_age=10 * HOUR, step=HOUR)

    def test_ratio_and_percentiles(self):
        # Recent: 10 x 250 s and 10 x 10 s; p50 130 s, p95 250 s.
        self.assertPlugin(check(self.db), 0, line(
            "OK", "no running runs", "no queued runs",
            perfdata=perf(p50=130, p95=250, slowdown=2.5)))

    def test_warning(self):
        result = check(self.db, "--slowdown-warning=2", "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "slowdown: nightly/sync p95 4m 10s in the last 1d, 2.5x its 1m 40s before",
            "no running runs", "no queued runs",
            perfdata=perf(p50=130, p95=250, slowdown=2.5, slow=";2;")))
        self.assertEqual(result.stdout.splitlines()[1:], [
            "slowdown: nightly/sync p95 4m 10s in the last 1d, 2.5x its 1m 40s before"])
        self.assertPlugin(check(self.db, "--slowdown-critical=2.5"), 0,
                          perfdata=perf(p50=130, p95=250, slowdown=2.5, slow=";;2.5"))

    def test_each_side_needs_min_runs(self):
        self.assertPlugin(check(self.db, "--min-runs=11"), 0,
                          perfdata=perf(p50=130, p95=250))
        # Nine recent runs of nightly/sync: no ratio for it (hourly/ping's is 1).
        self.db.sql(f"DELETE FROM {self.db.table('run')} WHERE {self.db.column('run.id')} = "
                    "'nightly-sync-72000-0';")
        self.assertPlugin(check(self.db), 0, perfdata=perf(p50=10, p95=250, slowdown=1))
        # Nine earlier runs of hourly/ping: no ratio at all, max_slowdown left out.
        self.db.sql(f"DELETE FROM {self.db.table('run')} WHERE {self.db.column('run.id')} = "
                    "'hourly-ping-432000-0';")
        self.assertPlugin(check(self.db), 0, perfdata=perf(p50=10, p95=250))

    def test_recent(self):
        # With --recent=2d the window's recent part holds the same runs.
        self.assertPlugin(check(self.db, "--recent=2d"), 0,
                          perfdata=perf(p50=130, p95=250, slowdown=2.5))
        # With --window=1d there is no baseline.
        self.assertPlugin(check(self.db, "--window=1d"), 0, perfdata=perf(p50=130, p95=250))

    def test_verbose_groups(self):
        lines = check(self.db, "-vv").stdout.splitlines()
        self.assertIn("hourly/ping: 10 successful runs in the last 1d, p50 10s, p95 10s", lines)
        self.assertIn("nightly/sync: 10 successful runs in the last 1d, p50 4m 10s, p95 4m 10s",
                      lines)
        self.assertIn("slowdown: hourly/ping p95 10s in the last 1d, 1x its 10s before", lines)


class Scope(PluginTestCase):
    """Enabled schedules only unless --include-disabled, manual runs only with
    --include-manual, -s/-x."""

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        self.db.add_schedule("hourly")
        self.db.add_schedule("off", enabled=False)
        add_open_run(self.db, "r-n", "nightly", "sync", "RUNNING", 100)
        add_open_run(self.db, "r-h", "hourly", "ping", "RUNNING", 200)
        add_open_run(self.db, "r-o", "off", "x", "RUNNING", 300)
        add_open_run(self.db, "r-m", None, "adhoc", "RUNNING", 400)

    def oldest(self, *args):
        result = check(self.db, *args)
        self.check_invariants(result)
        # The first condition: the running runs and the oldest of them.
        return re.match(r"^.*? running for [^,]*", result.summary).group(0)

    def test_enabled_schedules_only(self):
        self.assertEqual(self.oldest(), "SCHEDULE_RUNS OK - 2 runs running, oldest hourly/ping "
                                        "run r-h running for 3m 20s")

    def test_include_disabled(self):
        self.assertEqual(self.oldest("--include-disabled"),
                         "SCHEDULE_RUNS OK - 3 runs running, oldest off/x run r-o running for 5m")

    def test_a_pattern_matching_no_schedule_is_unknown(self):
        result = check(self.db, "-s", "nightyl", "-s", "hourly")
        self.assertPlugin(result, 3, startswith="SCHEDULE_RUNS UNKNOWN - -s 'nightyl' matches no "
                                                "enabled schedule, ")
        self.assertIn(", 1 run running, oldest hourly/ping run r-h", result.line1)

    def test_bracket_expressions_select_schedules(self):
        self.assertEqual(self.oldest("-s", "[hn]ightly"), "SCHEDULE_RUNS OK - 1 run running, "
                                                          "oldest nightly/sync run r-n running for 1m 40s")
        self.assertEqual(self.oldest("-x", "[!n]*"), "SCHEDULE_RUNS OK - 1 run running, "
                                                     "oldest nightly/sync run r-n running for 1m 40s")

    def test_zero_window_is_a_usage_error(self):
        result = check(self.db, "--window=0")
        self.assertPlugin(result, 3, startswith="SCHEDULE_RUNS UNKNOWN - --window: must be more "
                                                "than 0s, got ")

    def test_a_status_that_is_not_a_label_is_unknown(self):
        result = check(self.db, "--running-status=RUNING")
        self.assertPlugin(result, 3, startswith="SCHEDULE_RUNS UNKNOWN - ", contains="RUNING")

    def test_an_enum_without_a_default_success_status_reads_the_one_it_has(self):
        # The defaults name SUCCESS and COMPLETED; this enum lacks COMPLETED, which rejects
        # the statement: it is sent again without it, and the answer is the same.
        answers = []
        for lacking in (False, True):
            db = new_database()
            if lacking:
                db.sql('CREATE TYPE "RunStatus" AS ENUM (\'QUEUED\', \'RUNNING\', \'SUCCESS\', '
                       '\'FAILED\'); ALTER TABLE "JobRun" ALTER COLUMN status DROP DEFAULT, '
                       'ALTER COLUMN status TYPE "RunStatus" USING status::text::"RunStatus";')
            db.add_schedule("nightly")
            add_runs(db, "nightly", "sync", 10, 300, first_age=10 * HOUR, step=HOUR)
            answers.append(check(db))
        self.assertPlugin(answers[1], 0, answers[0].line1,
                          perfdata=perf(p50=300, p95=300))
        self.assertEqual(answers[1].stdout, answers[0].stdout)
        self.assertPlugin(check(db, "--success-status=COMPLETED"), 3,
                          "SCHEDULE_RUNS UNKNOWN - --success-status: 'COMPLETED' is not a label "
                          "of the run status enum (labels: QUEUED, RUNNING, SUCCESS, FAILED)")

    def test_include_manual(self):
        self.assertEqual(self.oldest("--include-manual"), "SCHEDULE_RUNS OK - 3 runs running, "
                                                          "oldest (manual)/adhoc run r-m running for 6m 40s")
        # -s names schedules: manual runs have none.
        self.assertEqual(self.oldest("--include-manual", "-s", "night*"),
                         "SCHEDULE_RUNS OK - 1 run running, oldest nightly/sync run r-n running "
                         "for 1m 40s")

    def test_schedule_and_exclude(self):
        self.assertEqual(self.oldest("-s", "nightly"), "SCHEDULE_RUNS OK - 1 run running, "
                                                       "oldest nightly/sync run r-n running for 1m 40s")
        self.assertEqual(self.oldest("-x", "hour?y"), "SCHEDULE_RUNS OK - 1 run running, "
                                                      "oldest nightly/sync run r-n running for 1m 40s")

    def test_group_by_schedule_names_schedules(self):
        self.assertEqual(self.oldest("--group-by=schedule"), "SCHEDULE_RUNS OK - 2 runs running, "
                                                             "oldest hourly run r-h running for 3m 20s")


class Prometheus(PluginTestCase):
    """Per-group series over --recent, labels escaped, at most --max-series groups."""

    HOSTILE = 'sync "a\\b"\nc|d'

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")
        self.db.add_schedule("hourly")
        add_runs(self.db, "nightly", self.HOSTILE, 4, 100, first_age=10 * HOUR, step=HOUR)
        add_runs(self.db, "nightly", self.HOSTILE, 1, 100, first_age=5 * HOUR, status="FAILED")
        add_runs(self.db, "hourly", "ping", 2, 10, first_age=HOUR, step=60)
        add_runs(self.db, "hourly", "ping", 3, 10, first_age=3 * DAY)  # before --recent

    def promtool_check(self, text):
        promtool = shutil.which("promtool")
        if promtool is None:
            self.skipTest("promtool not installed (package prometheus, tools/install-deps)")
        proc = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def series(self, text):
        return [line for line in text.splitlines() if not line.startswith("#")]

    def test_series_per_group(self):
        result = check(self.db, "--format=prometheus")
        self.assertEqual(result.code, 0, result.stdout)
        self.assertEqual(result.stderr, "")
        job = 'sync \\"a\\\\b\\" c/d'
        self.assertEqual(self.series(result.stdout), [
            "schedule_runs_running 0",
            "schedule_runs_oldest_running_seconds 0",
            "schedule_runs_overrunning 0",
            "schedule_runs_queued 0",
            "schedule_runs_oldest_queued_seconds 0",
            "schedule_runs_duration_p50_seconds 100",
            "schedule_runs_duration_p95_seconds 100",
            'schedule_job_duration_seconds{schedule="hourly",job="ping",quantile="0.5"} 10',
            'schedule_job_duration_seconds{schedule="hourly",job="ping",quantile="0.95"} 10',
            'schedule_job_duration_seconds_sum{schedule="hourly",job="ping"} 20',
            'schedule_job_duration_seconds_count{schedule="hourly",job="ping"} 2',
            f'schedule_job_duration_seconds{{schedule="nightly",job="{job}",quantile="0.5"}} 100',
            f'schedule_job_duration_seconds{{schedule="nightly",job="{job}",quantile="0.95"}} 100',
            f'schedule_job_duration_seconds_sum{{schedule="nightly",job="{job}"}} 400',
            f'schedule_job_duration_seconds_count{{schedule="nightly",job="{job}"}} 4',
            'schedule_job_runs{schedule="hourly",job="ping",status="SUCCESS"} 2',
            f'schedule_job_runs{{schedule="nightly",job="{job}",status="FAILED"}} 1',
            f'schedule_job_runs{{schedule="nightly",job="{job}",status="SUCCESS"}} 4',
            "schedule_runs_series_omitted 0",
            "schedule_runs_check_state 0",
        ])
        self.promtool_check(result.stdout)

    def test_max_series(self):
        result = check(self.db, "--format=prometheus", "--max-series=1")
        series = self.series(result.stdout)
        self.assertIn("schedule_runs_series_omitted 1", series)
        self.assertEqual([s for s in series if s.startswith("schedule_job_")], [
            'schedule_job_duration_seconds{schedule="hourly",job="ping",quantile="0.5"} 10',
            'schedule_job_duration_seconds{schedule="hourly",job="ping",quantile="0.95"} 10',
            'schedule_job_duration_seconds_sum{schedule="hourly",job="ping"} 20',
            'schedule_job_duration_seconds_count{schedule="hourly",job="ping"} 2',
            'schedule_job_runs{schedule="hourly",job="ping",status="SUCCESS"} 2'])
        self.promtool_check(result.stdout)
        result = check(self.db, "--format=prometheus", "--max-series=0")
        self.assertIn("schedule_runs_series_omitted 2", self.series(result.stdout))
        self.promtool_check(result.stdout)

    def test_hostile_names_in_nagios_output(self):
        add_open_run(self.db, "r|1\n", "nightly", self.HOSTILE, "RUNNING", 7200)
        self.assertPlugin(check(self.db), 1, line(
            "WARNING", '1 run running, oldest nightly/sync "a\\b" c/d run r/1  running for 2h',
            "no queued runs", perfdata=perf(running=1, oldest=7200, p50=100, p95=100)))


class BadInput(PluginTestCase):
    """One UNKNOWN line naming the option (writes: test_privilege.py, for every plugin)."""

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("nightly")

    def assert_unknown(self, result, naming):
        self.assertPlugin(result, 3, startswith="SCHEDULE_RUNS UNKNOWN - ", contains=naming,
                          perfdata="")

    def test_duration_column_not_numeric(self):
        self.db.sql(f"ALTER TABLE {self.db.table('run')} ADD COLUMN took text;")
        result = check(self.db, "--column=run.duration_ms=took")
        self.assert_unknown(result, "--column=run.duration_ms=NAME: column \"took\" is text, "
                                    "not a number of milliseconds")
        self.assertEqual(len(result.stdout.splitlines()), 1)
        # A numeric column of another name is fine, and a missing one is named too.
        self.db.sql(f"ALTER TABLE {self.db.table('run')} ADD COLUMN ms bigint;")
        self.assertPlugin(check(self.db, "--column=run.duration_ms=ms"), 0, perfdata=perf())
        self.assert_unknown(check(self.db, "--column=run.duration_ms=nope"),
                            "--column=run.duration_ms=NAME")

    def test_duration_column_of_text_that_breaks_the_statement(self):
        # Its type is judged before the statement's failure (invalid input for float8).
        self.db.sql(f"ALTER TABLE {self.db.table('run')} ADD COLUMN took text;")
        add_runs(self.db, "nightly", "sync", 1, 300, first_age=HOUR)
        self.db.sql(f"UPDATE {self.db.table('run')} SET took = 'fast';")
        self.assert_unknown(check(self.db, "--column=run.duration_ms=took"),
                            "--column=run.duration_ms=NAME: column \"took\" is text, "
                            "not a number of milliseconds")

    def test_schema_without_the_optional_columns(self):
        add_open_run(self.db, "r-1", "nightly", "sync", "RUNNING", 100)
        self.db.sql(f"ALTER TABLE {self.db.table('run')} DROP COLUMN "
                    f"{self.db.column('run.created_at')}, DROP COLUMN "
                    f"{self.db.column('run.duration_ms')};")
        self.assert_unknown(check(self.db), "--column=run.duration_ms=NAME")
        self.assert_unknown(check(self.db, "--column=run.duration_ms="),
                            "--column=run.created_at=NAME")
        self.assertPlugin(check(self.db, "--column=run.duration_ms=", "--column=run.created_at="),
                          0, perfdata=perf(running=1, oldest=100))

    def test_recent_longer_than_window(self):
        self.assert_unknown(check(self.db, "--recent=8d"), "--recent: 8d is longer than "
                                                           "--window (7d)")
        self.assert_unknown(check(self.db, "--window=12h"), "--recent")
        self.assertPlugin(check(self.db, "--recent=7d"), 0, perfdata=perf())

    def test_factor(self):
        for factor in ("-1", "x", "", "1e3"):
            self.assert_unknown(check(self.db, f"--overrun-factor={factor}"), "--overrun-factor")
        for option in ("--slowdown-warning=x", "--backlog-critical=5:1", "--queue-warning=-1m",
                       "--min-runs=0", "--max-series=-1", "--group-by=host", "--overrun-min=soon"):
            self.assert_unknown(check(self.db, option), option.split("=")[0])


class SchemaVariants(harness.SchemaVariantCases, PluginTestCase):
    PLUGIN = PLUGIN
    LINE1 = line("WARNING",
                 "overrunning: nightly/sync run r-1 running for 20m, usually 5m (p95)",
                 "1 run running, oldest nightly/sync run r-1 running for 20m",
                 "1 run queued, oldest hourly/ping run q-1 waiting for 5m",
                 perfdata=perf(running=1, oldest=1200, overrunning=1, queued=1,
                               oldest_queued=300, p50=300, p95=300, slowdown=1.5))

    def fill(self, db):
        db.add_schedule("nightly")
        db.add_schedule("hourly")
        # Durations 200 s before --recent, 300 s in it.
        add_runs(db, "nightly", "sync", 10, 200, first_age=3 * DAY, step=HOUR)
        add_runs(db, "nightly", "sync", 10, 300, first_age=20 * HOUR, step=HOUR)
        # Seven days and a second ago: outside the window in every time zone.
        add_runs(db, "nightly", "sync", 1, 9000, first_age=7 * DAY + 1, prefix="ancient-")
        add_open_run(db, "r-1", "nightly", "sync", "RUNNING", 1200)
        add_open_run(db, "q-1", "hourly", "ping", "QUEUED", 60, created_age=300)

    def expect(self, result):
        self.assertPlugin(result, 1, self.LINE1)
