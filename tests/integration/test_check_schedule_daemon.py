"""check_schedule_daemon against a real PostgreSQL (SPEC §4), its clock frozen at
2026-01-01 12:00:00 UTC so that every age, and so every line 1, is exact."""

import json
import os
import tempfile
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin

PLUGIN = "check_schedule_daemon"
OK_12 = ("SCHEDULE_DAEMON OK - heartbeat 12s ago (worker w-1 on app-1, pid 4242)"
         "|heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0")


def check(db, *args, env=None, timeout=30):
    return run_plugin(PLUGIN, *db.conn_args(), *args, env=env, timeout=timeout)


def line(state, summary, perfdata):
    return f"SCHEDULE_DAEMON {state} - {summary}|{perfdata}"


class Healthy(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_ok_names_worker_host_and_pid(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        self.assertPlugin(check(self.db), 0, OK_12)

    def test_age_is_floored_to_whole_seconds(self):
        self.db.add_worker("w-1", heartbeat_age=12.999)
        self.assertPlugin(check(self.db), 0, OK_12)

    def test_host_omitted_when_hostname_null(self):
        self.db.add_worker("w-1", heartbeat_age=12, hostname=None)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "heartbeat 12s ago (worker w-1, pid 4242)", "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_pid_omitted_when_pid_null(self):
        self.db.add_worker("w-1", heartbeat_age=12, pid=None)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "heartbeat 12s ago (worker w-1 on app-1)", "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_host_and_pid_omitted_when_both_null(self):
        self.db.add_worker("w-1", heartbeat_age=12, hostname=None, pid=None)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "heartbeat 12s ago (worker w-1)", "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_zero_age(self):
        self.db.add_worker("w-1", heartbeat_age=0)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "heartbeat 0s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=0s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_other_worker_types_and_statuses_are_ignored(self):
        self.db.add_worker("jw-1", heartbeat_age=1, worker_type="job_worker", pid=1)
        self.db.add_worker("w-0", heartbeat_age=2, status="STOPPING", pid=2)
        self.db.add_worker("w-s", heartbeat_age=3, status="STARTING", pid=3)
        self.db.add_worker("w-1", heartbeat_age=12)
        self.assertPlugin(check(self.db), 0, OK_12)

    def test_newest_running_heartbeat_wins(self):
        self.db.add_worker("w-old", heartbeat_age=4000, hostname="app-9", pid=9)
        self.db.add_worker("w-1", heartbeat_age=12)
        self.assertPlugin(check(self.db), 0, OK_12)

    def test_long_database_text_is_cut_and_sanitised(self):
        self.db.add_worker("w" * 300, heartbeat_age=12, hostname="app|1\nsecond\tline", pid=7)
        result = check(self.db)
        self.assertPlugin(result, 0, startswith="SCHEDULE_DAEMON OK - heartbeat 12s ago (worker ",
                          perfdata="heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0")
        # 200 characters: 199 of the id and the ellipsis that marks the cut.
        self.assertIn("w" * 199 + "\u2026 on", result.line1)
        self.assertNotIn("w" * 200, result.line1)
        self.assertIn("app/1 second line", result.line1)


class Thresholds(PluginTestCase):
    """Exact bounds: -w 120 -c 300 alert above 120 and above 300, not at them."""

    def setUp(self):
        self.db = new_database()

    def age(self, age, *args):
        self.db.add_worker("w-1", heartbeat_age=age)
        return check(self.db, *args)

    def test_120_is_ok(self):
        self.assertPlugin(self.age(120), 0, line(
            "OK", "heartbeat 2m ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=120s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_120_999_floors_to_120_and_is_ok(self):
        self.assertPlugin(self.age(120.999), 0, line(
            "OK", "heartbeat 2m ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=120s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_121_is_warning(self):
        self.assertPlugin(self.age(121), 1, line(
            "WARNING", "heartbeat 2m 1s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=121s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_300_is_warning(self):
        self.assertPlugin(self.age(300), 1, line(
            "WARNING", "heartbeat 5m ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=300s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_301_is_critical(self):
        # 301 s is also past --live-within (300 s): no live worker any more.
        self.assertPlugin(self.age(301), 2, line(
            "CRITICAL", "heartbeat 5m 1s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=301s;120;300;0 live=0;;;0"))

    def test_hours_old_is_critical(self):
        self.assertPlugin(self.age(7380), 2, line(
            "CRITICAL", "heartbeat 2h 3m ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=7380s;120;300;0 live=0;;;0"))

    def test_minute_units_equal_the_defaults(self):
        self.assertPlugin(self.age(121, "-w", "2m", "-c", "5m"), 1, line(
            "WARNING", "heartbeat 2m 1s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=121s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_minute_units_keep_the_bound_ok(self):
        self.assertPlugin(self.age(120, "--warning=2m", "--critical=5m"), 0, line(
            "OK", "heartbeat 2m ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=120s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_custom_thresholds(self):
        self.assertPlugin(self.age(45, "-w", "30", "-c", "60"), 1, line(
            "WARNING", "heartbeat 45s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=45s;30;60;0 live=1;;;0 uptime=3600s;;;0"))

    def test_garbage_threshold_is_a_usage_error(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result = check(self.db, "-w", "soon")
        self.assertPlugin(result, 3, perfdata="")
        self.assertIn("-w", result.line1.replace("--warning", "-w"))

    def test_reversed_range_is_a_usage_error(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result = check(self.db, "-c", "300:100")
        self.assertPlugin(result, 3, perfdata="")
        self.assertIn("-c", result.line1.replace("--critical", "-c"))


class NoRunningWorker(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_no_worker_rows(self):
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "no running schedule_daemon worker", "live=0;;;0"))

    def test_names_the_last_seen_worker(self):
        self.db.add_worker("w-6", heartbeat_age=90000, status="STOPPED", hostname="app-2",
                           started_age=200000)
        self.db.add_worker("w-7", heartbeat_age=7380, status="STOPPED", started_age=80000)
        self.db.add_worker("jw-1", heartbeat_age=3, worker_type="job_worker")
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL",
            "no running schedule_daemon worker (last seen: w-7 on app-1, STOPPED, heartbeat 2h 3m ago)",
            "live=0;;;0"))

    def test_starting_worker_is_not_running(self):
        self.db.add_worker("w-8", heartbeat_age=5, status="STARTING", hostname="app-3", pid=None)
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL",
            "no running schedule_daemon worker (last seen: w-8 on app-3, STARTING, heartbeat 5s ago)",
            "live=0;;;0"))

    def test_running_worker_without_heartbeat(self):
        self.db.add_worker("w-1", heartbeat_age=None)
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "running schedule_daemon worker w-1 has no heartbeat", "live=0;;;0"))

    def test_null_heartbeat_does_not_hide_a_fresh_one(self):
        self.db.add_worker("w-0", heartbeat_age=None, hostname="app-0", pid=1)
        self.db.add_worker("w-1", heartbeat_age=12)
        self.assertPlugin(check(self.db), 0, OK_12)


class LiveWorkers(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_uptime_is_that_of_the_newest_live_worker(self):
        self.db.add_worker("w-1", heartbeat_age=20, started_age=7200)
        self.db.add_worker("w-2", heartbeat_age=5, started_age=600)
        # Started later, but its heartbeat is stale: not live.
        self.db.add_worker("w-3", heartbeat_age=301, started_age=60)
        self.db.add_worker("w-4", heartbeat_age=1, started_age=30, status="STOPPED")
        self.assertPlugin(check(self.db, "--max-running=2"), 0,
                          perfdata="heartbeat_age=5s;120;300;0 live=2;;;0 uptime=600s;;;0")
        result = check(self.db, "--max-running=2", "--format=prometheus")
        self.assertIn("schedule_daemon_uptime_seconds 600", result.stdout.splitlines())
        # No live worker: no uptime.
        self.db.sql(f"DELETE FROM {self.db.table('worker')} "
                    f"WHERE {self.db.column('worker.id')} IN ('w-1', 'w-2');")
        self.assertPlugin(check(self.db), 2, perfdata="heartbeat_age=301s;120;300;0 live=0;;;0")

    def test_two_live_workers_warn(self):
        self.db.add_worker("w-1", heartbeat_age=20)
        self.db.add_worker("w-2", heartbeat_age=5, hostname="app-2", pid=2002)
        result = check(self.db)
        self.assertPlugin(
            result, 1,
            startswith="SCHEDULE_DAEMON WARNING - 2 live schedule_daemon workers (at most 1 "
                       "expected): duplicate executions possible",
            contains=", heartbeat 5s ago (worker w-2 on app-2, pid 2002)",
            perfdata="heartbeat_age=5s;120;300;0 live=2;;;0 uptime=3600s;;;0")

    def test_more_live_workers_than_listed_are_counted(self):
        # The statement lists the 20 newest live workers; the rest are counted.
        for i in range(25):
            self.db.add_worker(f"w-{i:02}", heartbeat_age=10 + i, hostname=f"app-{i}", pid=i)
        result = check(self.db, "-v")
        self.assertPlugin(result, 1, startswith="SCHEDULE_DAEMON WARNING - 25 live ",
                          perfdata="heartbeat_age=10s;120;300;0 live=25;;;0 uptime=3600s;;;0")
        details = result.stdout.splitlines()[1:]
        self.assertEqual(sum(d.startswith("live worker ") for d in details), 20, result.stdout)
        self.assertEqual(details[-1], "… and 5 more", result.stdout)

    def test_stale_running_worker_is_not_live(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.add_worker("w-0", heartbeat_age=301, hostname="app-2", pid=1)
        self.assertPlugin(check(self.db), 0, OK_12)

    def test_live_within_bound_is_inclusive(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.add_worker("w-0", heartbeat_age=300, hostname="app-2", pid=1)
        self.assertPlugin(check(self.db), 1, startswith="SCHEDULE_DAEMON WARNING - 2 live ",
                          perfdata="heartbeat_age=12s;120;300;0 live=2;;;0 uptime=3600s;;;0")

    def test_max_running_two_allows_two(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.add_worker("w-2", heartbeat_age=30, hostname="app-2", pid=2002)
        self.assertPlugin(check(self.db, "--max-running", "2"), 0, line(
            "OK", "heartbeat 12s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=12s;120;300;0 live=2;;;0 uptime=3600s;;;0"))

    def test_live_within_narrows_live(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.add_worker("w-2", heartbeat_age=30, hostname="app-2", pid=2002)
        self.assertPlugin(check(self.db, "--live-within", "20s"), 0, OK_12)

    def test_worst_condition_named_first(self):
        # Both workers live within 10 minutes, the newest heartbeat is critical: CRITICAL
        # first, the duplicate warning after it.
        self.db.add_worker("w-1", heartbeat_age=400)
        self.db.add_worker("w-2", heartbeat_age=500, hostname="app-2", pid=2002)
        result = check(self.db, "--live-within=10m")
        self.assertPlugin(
            result, 2,
            startswith="SCHEDULE_DAEMON CRITICAL - heartbeat 6m 40s ago (worker w-1 on app-1, pid 4242)",
            contains="2 live schedule_daemon workers (at most 1 expected)",
            perfdata="heartbeat_age=400s;120;300;0 live=2;;;0 uptime=3600s;;;0")


class OffenderLines(PluginTestCase):
    """-v names every offending worker in the long output, whatever the thresholds."""

    def setUp(self):
        self.db = new_database()

    def details(self, *args):
        result = check(self.db, *args)
        return result, result.stdout.splitlines()[1:]

    def test_critical_zero_names_the_worker(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result, details = self.details("-c", "0", "-v")
        self.assertPlugin(result, 2, line(
            "CRITICAL", "heartbeat 12s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=12s;120;0;0 live=1;;;0 uptime=3600s;;;0"))
        self.assertEqual(details, ["note: -w/--warning 120 never fires before -c/--critical 0: "
                                   "every value it alerts on is CRITICAL already",
                                   "heartbeat CRITICAL: worker w-1 on app-1, pid 4242, "
                                   "heartbeat 12s ago"])

    def test_warning_names_the_worker(self):
        self.db.add_worker("w-1", heartbeat_age=121)
        result, details = self.details("-v")
        self.assertEqual(result.code, 1)
        self.assertEqual(details, ["heartbeat WARNING: worker w-1 on app-1, pid 4242, "
                                   "heartbeat 2m 1s ago"])

    def test_ok_has_no_offender_line(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result, details = self.details("-v")
        self.assertPlugin(result, 0, OK_12)
        self.assertEqual(details, [])

    def test_no_heartbeat_names_the_worker(self):
        self.db.add_worker("w-1", heartbeat_age=None)
        _, details = self.details("-v")
        self.assertEqual(details, ["no heartbeat: worker w-1 on app-1, pid 4242"])

    def test_clock_skew_names_the_worker(self):
        self.db.add_worker("w-1", heartbeat_age=-125)
        _, details = self.details("-v")
        self.assertEqual(details, ["clock skew: worker w-1 on app-1, pid 4242, "
                                   "heartbeat 2m 5s in the future"])

    def test_no_running_worker_names_the_last_seen(self):
        self.db.add_worker("w-7", heartbeat_age=7380, status="STOPPED")
        _, details = self.details("-v")
        self.assertEqual(details, ["last seen: worker w-7 on app-1, pid 4242, STOPPED"])


class ClockSkew(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_heartbeat_far_in_the_future_warns(self):
        self.db.add_worker("w-1", heartbeat_age=-125)
        self.assertPlugin(check(self.db), 1,
                          startswith="SCHEDULE_DAEMON WARNING - clock skew: heartbeat 2m 5s in the future",
                          perfdata="heartbeat_age=0s;120;300;0 live=1;;;0 uptime=3600s;;;0")

    def test_skew_at_the_limit_is_ok_with_age_zero(self):
        self.db.add_worker("w-1", heartbeat_age=-60)
        self.assertPlugin(check(self.db), 0, line(
            "OK", "heartbeat 0s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=0s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_skew_just_past_the_limit_warns(self):
        self.db.add_worker("w-1", heartbeat_age=-61)
        self.assertPlugin(check(self.db), 1,
                          startswith="SCHEDULE_DAEMON WARNING - clock skew: heartbeat 1m 1s in the future",
                          perfdata="heartbeat_age=0s;120;300;0 live=1;;;0 uptime=3600s;;;0")

    def test_max_clock_skew_option(self):
        self.db.add_worker("w-1", heartbeat_age=-125)
        self.assertPlugin(check(self.db, "--max-clock-skew", "5m"), 0, line(
            "OK", "heartbeat 0s ago (worker w-1 on app-1, pid 4242)",
            "heartbeat_age=0s;120;300;0 live=1;;;0 uptime=3600s;;;0"))


class SchemaVariants(harness.SchemaVariantCases, PluginTestCase):
    """Same data, same line, whatever the column types and time zones."""

    PLUGIN = PLUGIN
    MISSING_TABLE = "--table=worker"

    def fill(self, db):
        db.add_worker("w-1", heartbeat_age=12)

    def expect(self, result):
        self.assertPlugin(result, 0, OK_12)

    def test_timestamptz_columns_with_text_status(self):
        self.same(new_database(status_type="text", timestamptz=True))

    def test_database_time_zone_kolkata(self):
        db = new_database()
        db.set_time_zone("Asia/Kolkata")
        self.same(db)

    def test_session_time_zone_from_pgtz(self):
        self.same(new_database(), env={"PGTZ": "America/New_York"})

    def test_session_time_zone_from_pgoptions(self):
        self.same(new_database(), env={"PGOPTIONS": "-c TimeZone=Asia/Kolkata"})

    def test_unknown_db_timezone_is_a_usage_error(self):
        db = new_database()
        db.add_worker("w-1", heartbeat_age=12)
        result = check(db, "--db-timezone=Mars/Olympus")
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="--db-timezone", perfdata="")

    def test_snake_naming_in_public(self):
        self.same(new_database(naming="snake", status_type="text"), "--naming=snake")


class Mapping(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1", heartbeat_age=12)

    def test_renamed_table_and_column(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME TO "Daemons";'
                    'ALTER TABLE "Daemons" RENAME COLUMN "lastHeartbeatAt" TO beat;')
        self.assertPlugin(check(self.db, "--table=worker=Daemons",
                                "--column=worker.heartbeat_at=beat"), 0, OK_12)

    def test_missing_column_names_its_option(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME COLUMN "lastHeartbeatAt" TO beat;')
        self.assertPlugin(check(self.db), 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="--column=worker.heartbeat_at", perfdata="")

    def test_missing_mapped_column_names_its_option(self):
        self.assertPlugin(check(self.db, "--column=worker.heartbeat_at=beat"), 3,
                          startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="--column=worker.heartbeat_at", perfdata="")

    def test_missing_table_names_its_option(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME TO "Daemons";')
        self.assertPlugin(check(self.db), 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="--table=worker", perfdata="")

    def test_optional_column_declared_absent(self):
        self.db.sql('ALTER TABLE "WorkerInstance" DROP COLUMN pid;')
        self.assertPlugin(check(self.db, "--column=worker.pid="), 0, line(
            "OK", "heartbeat 12s ago (worker w-1 on app-1)", "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_optional_hostname_declared_absent(self):
        self.db.sql('ALTER TABLE "WorkerInstance" DROP COLUMN hostname;')
        self.assertPlugin(check(self.db, "--column=worker.hostname="), 0, line(
            "OK", "heartbeat 12s ago (worker w-1, pid 4242)", "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_worker_type_and_running_status(self):
        db = new_database(status_type="text")
        db.add_worker("jw-1", heartbeat_age=7, worker_type="job_worker", status="UP",
                      hostname="app-3", pid=77)
        self.assertPlugin(check(db, "--worker-type=job_worker", "--running-status=UP"), 0, line(
            "OK", "heartbeat 7s ago (worker jw-1 on app-3, pid 77)",
            "heartbeat_age=7s;120;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_other_worker_type_names_itself(self):
        self.assertPlugin(check(self.db, "--worker-type=job_worker"), 2, line(
            "CRITICAL", "no running job_worker worker", "live=0;;;0"))

    def test_status_not_in_the_enum_is_unknown(self):
        self.assertPlugin(check(self.db, "--running-status=ALIVE"), 3,
                          startswith="SCHEDULE_DAEMON UNKNOWN - ", perfdata="")


class DatabaseErrors(PluginTestCase):
    def nothing_listening(self, *args):
        return run_plugin(PLUGIN, "-H", "127.0.0.1", "-P", harness.free_port(), "-d", "x",
                          "-l", "postgres", *args)

    def test_database_down_is_unknown(self):
        self.assertPlugin(self.nothing_listening(), 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          perfdata="")

    def test_database_down_with_db_error_state_critical(self):
        self.assertPlugin(self.nothing_listening("--db-error-state=critical"), 2,
                          startswith="SCHEDULE_DAEMON CRITICAL - ", perfdata="")

    def test_database_down_with_db_error_state_warning(self):
        self.assertPlugin(self.nothing_listening("--db-error-state=warning"), 1,
                          startswith="SCHEDULE_DAEMON WARNING - ", perfdata="")

    def test_no_such_database_is_unknown(self):
        c = harness.cluster()
        result = run_plugin(PLUGIN, "-H", c.host, "-P", c.port, "-d", "no_such_db", "-l", c.user)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ", perfdata="")


class Timeouts(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1", heartbeat_age=12)

    def test_locked_table_times_out_unknown(self):
        with harness.table_locked(self.db, "worker"):
            result = check(self.db, "-t", "2", timeout=10)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="timed out after 2 s", perfdata="")
        self.assertLess(result.elapsed, 3.0)

    def test_locked_table_times_out_with_state(self):
        with harness.table_locked(self.db, "worker"):
            result = check(self.db, "--timeout=2:CRITICAL", timeout=10)
        self.assertPlugin(result, 2, startswith="SCHEDULE_DAEMON CRITICAL - ",
                          contains="timed out after 2 s", perfdata="")
        self.assertLess(result.elapsed, 3.0)

    def test_silent_server_times_out(self):
        with harness.silent_server() as port:
            result = run_plugin(PLUGIN, "-H", "127.0.0.1", "-P", port, "-d", "x", "-t", "2",
                                timeout=10)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains="timed out after 2 s", perfdata="")
        self.assertLess(result.elapsed, 3.0)


PASSWORD = "S3cret-pw;x=1"


class Passwords(PluginTestCase):
    """pwuser must authenticate with scram-sha-256 (tools/throwaway-pg's pg_hba)."""

    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.sql(f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pwuser') THEN
                    CREATE ROLE pwuser LOGIN;
                END IF;
            END $$;
            SET password_encryption = 'scram-sha-256';
            ALTER ROLE pwuser PASSWORD {harness.lit(PASSWORD)};
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO pwuser;""")
        self.tmp = tempfile.TemporaryDirectory(prefix="mps-ini.")
        self.ini = os.path.join(self.tmp.name, "plugins.ini")
        c = harness.cluster()
        with open(self.ini, "w") as f:
            f.write(f"# monitoring credentials\n[other]\nwarning = 1\n\n"
                    f"[daemon_db]\nhost = {c.host}\nport = {c.port}\ndbname = {self.db.name}\n"
                    f"logname = pwuser\npassword = {PASSWORD}\n\n"
                    f"[check_schedule_daemon]\nhost = {c.host}\nport = {c.port}\n"
                    f"dbname = {self.db.name}\nlogname = pwuser\npassword = {PASSWORD}\n")

    def tearDown(self):
        self.tmp.cleanup()

    def test_password_from_extra_opts_section(self):
        self.assertPlugin(run_plugin(PLUGIN, f"--extra-opts=daemon_db@{self.ini}"), 0, OK_12)

    def test_default_section_is_the_plugin_name(self):
        self.assertPlugin(run_plugin(PLUGIN, f"--extra-opts=@{self.ini}"), 0, OK_12)

    def test_mp_config_file_names_the_file(self):
        self.assertPlugin(run_plugin(PLUGIN, "--extra-opts=daemon_db",
                                     env={"MP_CONFIG_FILE": self.ini}), 0, OK_12)

    def test_command_line_wins_over_the_file(self):
        self.assertPlugin(run_plugin(PLUGIN, f"--extra-opts=daemon_db@{self.ini}", "-w", "5"), 1,
                          line("WARNING", "heartbeat 12s ago (worker w-1 on app-1, pid 4242)",
                               "heartbeat_age=12s;5;300;0 live=1;;;0 uptime=3600s;;;0"))

    def test_password_never_shown(self):
        for verbosity in ("-v", "-vv", "-vvv"):
            result = run_plugin(PLUGIN, f"--extra-opts=daemon_db@{self.ini}", verbosity)
            self.assertPlugin(result, 0, OK_12)
            self.assertNotIn(PASSWORD, result.stdout)
            self.assertNotIn("S3cret", result.stdout)

    def test_without_password_authentication_fails(self):
        c = harness.cluster()
        result = run_plugin(PLUGIN, "-H", c.host, "-P", c.port, "-d", self.db.name, "-l", "pwuser")
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ", perfdata="")

    def test_password_from_pgpassword(self):
        c = harness.cluster()
        result = run_plugin(PLUGIN, "-H", c.host, "-P", c.port, "-d", self.db.name, "-l", "pwuser",
                            env={"PGPASSWORD": PASSWORD})
        self.assertPlugin(result, 0, OK_12)

    def test_password_from_pgpassfile(self):
        c = harness.cluster()
        passfile = os.path.join(self.tmp.name, "pgpass")
        escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
        with open(passfile, "w") as f:
            f.write(f"*:*:*:pwuser:{escaped}\n")
        os.chmod(passfile, 0o600)
        result = run_plugin(PLUGIN, "-H", c.host, "-P", c.port, "-d", self.db.name, "-l", "pwuser",
                            env={"PGPASSFILE": passfile})
        self.assertPlugin(result, 0, OK_12)


class Connection(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1", heartbeat_age=12)

    def test_environment_only(self):
        c = harness.cluster()
        result = run_plugin(PLUGIN, env={"PGHOST": c.host, "PGPORT": c.port,
                                         "PGDATABASE": self.db.name, "PGUSER": c.user})
        self.assertPlugin(result, 0, OK_12)

    def test_empty_pg_variables_count_as_unset(self):
        empty = {k: "" for k in ("PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS",
                                 "PGSSLMODE", "PGTZ", "PGAPPNAME", "PGCONNECT_TIMEOUT")}
        self.assertPlugin(check(self.db, env=empty), 0, OK_12)

    def test_tcp_connection(self):
        c = harness.cluster()
        self.assertPlugin(run_plugin(PLUGIN, "-H", "127.0.0.1", "-P", c.port, "-d", self.db.name,
                                     "-l", c.user), 0, OK_12)

    def test_dbname_as_connection_string(self):
        c = harness.cluster()
        conninfo = f"host={c.host} port={c.port} dbname={self.db.name} user={c.user}"
        self.assertPlugin(run_plugin(PLUGIN, "-d", conninfo), 0, OK_12)

    def test_dbname_as_uri(self):
        c = harness.cluster()
        uri = f"postgresql:///{self.db.name}?host={c.host}&port={c.port}&user={c.user}"
        self.assertPlugin(run_plugin(PLUGIN, "--dbname", uri), 0, OK_12)


class Formats(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_json(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result = check(self.db, "--format=json")
        self.check_invariants(result)
        self.assertEqual(result.code, 0)
        self.assertEqual(result.stdout.count("\n"), 1, "one line of JSON")
        doc = json.loads(result.stdout)
        self.assertEqual(doc["plugin"], PLUGIN)
        self.assertEqual(doc["state"], "OK")
        self.assertEqual(doc["exit_code"], 0)
        self.assertEqual(doc["summary"], "heartbeat 12s ago (worker w-1 on app-1, pid 4242)")
        age = {p["label"]: p for p in doc["perfdata"]}["heartbeat_age"]
        self.assertEqual((age["value"], age["uom"], age["warn"], age["crit"], age["min"]),
                         (12, "s", "120", "300", 0))

    def test_json_keeps_the_exit_code(self):
        result = check(self.db, "--format=json")
        self.check_invariants(result)
        self.assertEqual(result.code, 2)
        self.assertEqual(json.loads(result.stdout)["exit_code"], 2)

    def test_prometheus_healthy(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0)
        lines = result.stdout.splitlines()
        self.assertIn("schedule_daemon_heartbeat_age_seconds 12", lines)
        self.assertIn("schedule_daemon_up 1", lines)
        self.assertIn("schedule_daemon_check_state 0", lines)

    def test_prometheus_exits_0_with_the_state_in_metrics(self):
        self.db.add_worker("w-1", heartbeat_age=400)
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0)
        lines = result.stdout.splitlines()
        self.assertIn("schedule_daemon_heartbeat_age_seconds 400", lines)
        self.assertIn("schedule_daemon_up 0", lines)
        self.assertIn("schedule_daemon_check_state 2", lines)

    def test_output_file(self):
        self.db.add_worker("w-1", heartbeat_age=12)
        with tempfile.TemporaryDirectory(prefix="mps-out.") as tmp:
            path = os.path.join(tmp, "daemon.txt")
            result = check(self.db, f"--output-file={path}")
            self.assertEqual((result.code, result.stderr), (0, ""))
            with open(path) as f:
                self.assertEqual(f.read().split("\n", 1)[0], OK_12)
            self.assertEqual(os.listdir(tmp), ["daemon.txt"], "no temporary file left")


class HelpAndVersion(PluginTestCase):
    OPTIONS = ["--help", "--version", "--verbose", "--timeout", "--warning", "--critical",
               "--host", "--port", "--dbname", "--logname", "--extra-opts", "--db-error-state",
               "--naming", "--db-schema", "--table", "--column", "--db-timezone", "--format",
               "--output-file", "--worker-type", "--running-status", "--live-within",
               "--max-running", "--max-clock-skew"]
    SHORT = ["-h", "-V", "-v", "-t", "-w", "-c", "-H", "-P", "-d", "-l"]

    def help(self, option):
        # --help is no check output: the 4 KiB limit does not apply.
        result = run_plugin(PLUGIN, option)
        self.assertEqual((result.code, result.stderr), (3, ""), result)
        return result

    def test_help_mentions_every_option(self):
        result = self.help("--help")
        for option in self.OPTIONS + self.SHORT:
            self.assertRegex(result.stdout, rf"(?<![\w-]){option}(?![\w-])", option)

    def test_short_help(self):
        result = self.help("-h")
        self.assertIn("--max-clock-skew", result.stdout)

    def test_version(self):
        for option in ("--version", "-V"):
            result = run_plugin(PLUGIN, option)
            self.assertPlugin(result, 3, "check_schedule_daemon v0.1.0 (monitoring-plugins-schedule)")

    def test_unknown_option_is_a_usage_error(self):
        result = run_plugin(PLUGIN, "--no-such-option")
        self.assertPlugin(result, 3, contains="no-such-option", perfdata="")


if __name__ == "__main__":
    unittest.main()
