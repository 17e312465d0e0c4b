"""Hostile data: text from the database with '|', newlines, CRs, quotes, backslashes,
10 KB strings and non-ASCII, and options that try SQL injection. The output stays one
status line with exactly one '|', no control characters, under 4 KiB, valid UTF-8, and
nothing injected is executed."""

import re

import harness
from harness import PluginTestCase, new_database, run_plugin
from private_cluster import PLUGINS, PREFIXES

NASTY = [
    "pipe|pipe||",
    "new\nline\n\nOK - fake|x=1",
    "carriage\rreturn\r\n",
    "quote' \"double\" `back`",
    "back\\slash\\\\ \\n \\x00",
    "tab\there\x1b[31mansi\x07bell\x7fdel",
    "ünïcödé ✓ 日本語 — 🚀 " * 20,
    "x" * 10240,
    "é" * 5000,
]

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class Hostile(PluginTestCase):
    def setUp(self):
        db = self.db = new_database(status_type="text")
        lit, w, s, r = harness.lit, db.table("worker"), db.table("schedule"), db.table("run")
        rows = []  # one psql run: the machine may be loaded
        for i, text in enumerate(NASTY):
            rows.append(f'INSERT INTO {w} (id, "workerType", status, hostname, pid, "startedAt", '
                        f'"lastHeartbeatAt") VALUES ({lit(f"w{i}-{text}")}, \'schedule_daemon\', '
                        f"'RUNNING', {lit(text)}, {i}, {db.at(1800 - i)}, {db.at(400 + i)});")
            rows.append(f'INSERT INTO {s} (id, enabled, "nextRunAt", "lockedAt", "lockedBy") '
                        f"VALUES ({lit(f's{i}-{text}')}, true, "
                        f"{'NULL' if i % 2 else db.at(7200)}, {db.at(7200)}, {lit(text)});")
            for j in range(4):
                rows.append(f'INSERT INTO {r} (id, "scheduleId", "jobName", status, "startedAt", '
                            f'"finishedAt", error) VALUES ({lit(f"r{i}-{j}")}, '
                            f"{lit(f's{i}-{text}')}, {lit(f'job{i}-{text}')}, 'FAILED', "
                            f"{db.at(600 - j * 10)}, {db.at(590 - j * 10)}, "
                            f"{lit(f'error {i}: {text}' + chr(10) + 'second line')});")
            # A run that has been running for two hours: check_schedule_runs warns.
            rows.append(f'INSERT INTO {r} (id, "scheduleId", "jobName", status, "startedAt") '
                        f"VALUES ({lit(f'running{i}-{text}')}, {lit(f's{i}-{text}')}, "
                        f"{lit(f'job{i}-{text}')}, 'RUNNING', {db.at(7200)});")
        db.sql("\n".join(rows))

    def assertClean(self, name, result):
        self.check_invariants(result)
        out = result.stdout
        self.assertTrue(result.line1.startswith(PREFIXES[name] + " "), out[:300])
        self.assertEqual(out.count("|"), 1, f"exactly one '|': {out!r}")
        self.assertIn("|", result.line1)
        self.assertIsNone(CONTROL.search(out), f"control character in {out!r}")
        self.assertNotIn("\ufffd", out, "output is not valid UTF-8")
        self.assertLess(len(out.encode()), 4096)
        for line in out.splitlines()[1:]:
            self.assertFalse(re.match(r"^[A-Z_]+ (OK|WARNING|CRITICAL|UNKNOWN) - ", line),
                             f"a database text forged a status line: {line!r}")

    def test_hostile_text_every_plugin_and_verbosity(self):
        for name in PLUGINS:
            for verbosity in ([], ["-v"], ["-vvv"]):
                with self.subTest(plugin=name, verbosity=verbosity):
                    result = run_plugin(name, *self.db.conn_args(), *verbosity)
                    self.assertIn(result.code, (1, 2), result.stdout[:500])
                    self.assertClean(name, result)

    def test_hostile_text_in_json(self):
        import json
        for name in PLUGINS:
            with self.subTest(plugin=name):
                result = run_plugin(name, *self.db.conn_args(), "-v", "--format=json")
                self.assertEqual(result.stderr, "")
                self.assertEqual(result.stdout.count("\n"), 1)
                json.loads(result.stdout)

    def test_schedule_pattern_injection_is_not_executed(self):
        attacks = ["x'); DROP TABLE \"JobRun\"; --", "x'; DROP TABLE \"JobSchedule\"; --",
                   "*' OR '1'='1", "\\'; DELETE FROM \"JobRun\"; --", "$1", "%_"]
        for name in ("check_schedule_nextrun", "check_schedule_failures"):
            for attack in attacks:
                with self.subTest(plugin=name, pattern=attack):
                    result = run_plugin(name, *self.db.conn_args(), "-s", attack, "-x", attack)
                    self.check_invariants(result)
                    self.assertIn(result.code, (0, 1, 2, 3))
        counts = self.db.sql('SELECT (SELECT count(*) FROM "JobRun") || \' \' || '
                             '(SELECT count(*) FROM "JobSchedule");').strip()
        self.assertEqual(counts, f"{len(NASTY) * 5} {len(NASTY)}", "an injection was executed")

    def test_column_value_injection_is_an_identifier_error(self):
        attacks = {
            "check_schedule_daemon": "worker.hostname=hostname\"; DROP TABLE \"JobRun\"; --",
            "check_schedule_nextrun": "schedule.locked_by=x\" FROM \"JobRun\"; DELETE FROM \"JobRun\"; --",
            "check_schedule_failures": "run.error=error'); DROP TABLE \"JobRun\"; --",
            "check_daemon_restarts": "worker.pid=pid\"; DROP TABLE \"WorkerInstance\"; --",
        }
        for name, column in attacks.items():
            with self.subTest(plugin=name):
                result = run_plugin(name, *self.db.conn_args(), f"--column={column}")
                self.assertPlugin(result, 3, startswith=f"{PREFIXES[name]} UNKNOWN - ",
                                  contains=["not found", "--column="], perfdata="")
        tables = self.db.sql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class "
                             "WHERE relname IN ('JobRun', 'JobSchedule', 'WorkerInstance');")
        self.assertEqual(tables.strip(), "JobRun,JobSchedule,WorkerInstance")
        self.assertEqual(self.db.sql('SELECT count(*) FROM "JobRun";').strip(),
                         str(len(NASTY) * 5))

    def test_table_value_injection_is_an_identifier_error(self):
        result = run_plugin("check_schedule_daemon", *self.db.conn_args(),
                            '--table=worker=WorkerInstance"; DROP TABLE "JobRun"; --')
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - ",
                          contains=["not found", "--table="], perfdata="")
        self.assertEqual(self.db.sql('SELECT count(*) FROM "JobRun";').strip(),
                         str(len(NASTY) * 5))


class HostileJsonBound(PluginTestCase):
    """--format=json stays under 4 KiB with many long, quote-heavy, control-character
    texts: the details array is cut and details_omitted counts what was left out."""

    GROUPS = 60
    UNIT = '"\\\x01\'`'  # quote, backslash, a control character, quote, backquote

    def setUp(self):
        import json  # noqa: F401 (used by the tests)
        db = self.db = new_database(status_type="text")
        lit, s, r = harness.lit, db.table("schedule"), db.table("run")
        rows = []
        for i in range(self.GROUPS):
            sid = f"s{i:02}-" + self.UNIT * 80
            rows.append(f'INSERT INTO {s} (id, enabled, "nextRunAt") VALUES ({lit(sid)}, true, '
                        f"NULL);")
            for j in range(4):
                rows.append(f'INSERT INTO {r} (id, "scheduleId", "jobName", status, '
                            f'"startedAt", "finishedAt", error) VALUES ({lit(f"r{i}-{j}")}, '
                            f"{lit(sid)}, {lit('job' + self.UNIT * 40)}, 'FAILED', "
                            f"{db.at(600 - j * 10)}, {db.at(590 - j * 10)}, "
                            f"{lit('error ' + self.UNIT * 100)});")
        db.sql("\n".join(rows))

    def check_bound(self, name, verbosity, total):
        import json
        result = run_plugin(name, *self.db.conn_args(), verbosity, "--format=json")
        self.check_invariants(result)
        self.assertLess(len(result.stdout.encode()), 4096)
        doc = json.loads(result.stdout)
        self.assertGreater(len(doc["details"]), 0)
        self.assertGreater(doc["details_omitted"], 0, "the details must have been cut")
        self.assertEqual(len(doc["details"]) + doc["details_omitted"], total)

    def test_nextrun(self):
        # -v: every missing schedule (the statement names 50, counts the rest); -vv adds
        # every schedule checked and the settings line.
        self.check_bound("check_schedule_nextrun", "-v", self.GROUPS)
        self.check_bound("check_schedule_nextrun", "-vv", 2 * self.GROUPS + 1)

    def test_failures(self):
        self.check_bound("check_schedule_failures", "-v", self.GROUPS)
        self.check_bound("check_schedule_failures", "-vv", self.GROUPS + 1)
