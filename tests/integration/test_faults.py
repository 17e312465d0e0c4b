"""Faults: every way the database can fail a plugin ends in one status line that tells
the operator what is wrong — UNKNOWN (or --db-error-state / the timeout state) — within
the deadline, for every plugin. Destructive cases (stop, restart, max_connections) use
the private cluster (private_cluster.py), never the shared one."""

import os
import subprocess
import tempfile
import time

import harness
import private_cluster as pc
from harness import PluginTestCase, new_database, run_plugin

PLUGINS = pc.PLUGINS
PREFIXES = pc.PREFIXES


class Faults(PluginTestCase):
    def assertFault(self, name, result, code, contains, within=None):
        """One line (no long output), the state, a message naming the fault."""
        self.assertPlugin(result, code, startswith=f"{PREFIXES[name]} "
                          f"{['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][code]} - ",
                          contains=contains, perfdata="")
        self.assertEqual(result.stdout.count("\n"), 1, f"one line only: {result.stdout!r}")
        if within is not None:
            self.assertLess(result.elapsed, within, f"{name} took {result.elapsed:.2f} s")

    def each(self, fn):
        for name in PLUGINS:
            with self.subTest(plugin=name):
                fn(name)


class SharedClusterFaults(Faults):
    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1")
        self.db.add_schedule("s-1")

    def test_unknown_database(self):
        c = harness.cluster()
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, "-H", c.host, "-P", c.port, "-d", "no_such_db", "-l", c.user),
            3, ['cannot connect to the database', 'database "no_such_db" does not exist']))

    def test_unknown_host(self):
        def check(name):
            result = run_plugin(name, "-H", "db.example.invalid", "-d", "x", "-l", "x", "-t", "5")
            # A resolver that answers says the name is unknown; one that does not answer
            # runs into the deadline. Either way: one line, UNKNOWN, within the deadline.
            self.assertFault(name, result, 3, [], within=7)
            self.assertRegex(result.line1, r"db\.example\.invalid|timed out after 5 s")
        self.each(check)

    def test_wrong_password(self):
        self.db.sql("""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pwuser') THEN
                CREATE ROLE pwuser LOGIN;
            END IF; END $$;
            ALTER ROLE pwuser PASSWORD 'right-password';""")
        with tempfile.TemporaryDirectory() as tmp:
            ini = os.path.join(tmp, "plugins.ini")
            with open(ini, "w") as f:
                for name in PLUGINS:
                    f.write(f"[{name}]\npassword = wrong-password\n")
            c = harness.cluster()
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, "-H", "127.0.0.1", "-P", c.port, "-d", self.db.name,
                              "-l", "pwuser", f"--extra-opts=@{ini}"),
                3, ['password authentication failed for user "pwuser"']))

    def test_missing_table(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME TO "Gone1";'
                    'ALTER TABLE "JobSchedule" RENAME TO "Gone2";'
                    'ALTER TABLE "JobRun" RENAME TO "Gone3";')
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, *self.db.conn_args()), 3, ["not found", "--table="]))

    def test_missing_column(self):
        self.db.sql('ALTER TABLE "WorkerInstance" RENAME COLUMN status TO state;'
                    'ALTER TABLE "JobSchedule" RENAME COLUMN enabled TO active;'
                    'ALTER TABLE "JobRun" RENAME COLUMN status TO state;')
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, *self.db.conn_args()), 3, ["not found", "--column="]))

    def test_a_write_is_refused(self):
        # Tables mapped to views whose rows cost a nextval(): the plugin's transaction is
        # read-only, so the statement fails and the sequence never moves.
        self.db.add_run("r-1", "s-1", "job", "FAILED", started_age=120, finished_age=100)
        self.db.sql("CREATE SEQUENCE probe;"
                    'CREATE VIEW w AS SELECT * FROM "WorkerInstance" WHERE nextval(\'probe\') > 0;'
                    'CREATE VIEW sc AS SELECT * FROM "JobSchedule" WHERE nextval(\'probe\') > 0;'
                    'CREATE VIEW r AS SELECT * FROM "JobRun" WHERE nextval(\'probe\') > 0;')
        args = [*self.db.conn_args(), "--table=worker=w", "--table=schedule=sc", "--table=run=r"]
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, *args), 3, ["cannot execute nextval() in a read-only transaction"]))
        self.assertEqual(self.db.sql("SELECT is_called FROM probe").strip(), "f")

    def test_permission_denied(self):
        self.db.sql("""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mps_nogrants') THEN
                CREATE ROLE mps_nogrants LOGIN;
            END IF; END $$;""")
        args = self.db.conn_args()[:-1] + ["mps_nogrants"]
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, *args), 3, ["permission denied", "grant SELECT"]))

    def test_permission_denied_with_db_error_state(self):
        self.db.sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                    "'mps_nogrants') THEN CREATE ROLE mps_nogrants LOGIN; END IF; END $$;")
        args = self.db.conn_args()[:-1] + ["mps_nogrants", "--db-error-state=critical"]
        self.each(lambda n: self.assertFault(n, run_plugin(n, *args), 2, ["permission denied"]))

    def test_statement_blocked_by_a_lock(self):
        # Every plugin reads at least one of these; lock them all.
        with harness.table_locked(self.db, "worker"), harness.table_locked(self.db, "schedule"), \
                harness.table_locked(self.db, "run"):
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, *self.db.conn_args(), "-t", "2", timeout=15),
                3, ["timed out after 2 s"], within=3.5))
        self.assertEqual(self.db.sql("SELECT count(*) FROM pg_stat_activity WHERE "
                                     "application_name LIKE 'check\\_%' AND state = 'active';")
                         .strip(), "0", "a timed-out statement was left running")

    def test_lock_timeout_state(self):
        with harness.table_locked(self.db, "worker"), harness.table_locked(self.db, "schedule"), \
                harness.table_locked(self.db, "run"):
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, *self.db.conn_args(), "-t", "2:critical", timeout=15),
                2, ["timed out after 2 s"], within=3.5))

    def test_silent_tcp_peer(self):
        with harness.silent_server() as port:
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, "-H", "127.0.0.1", "-P", port, "-d", "x", "-l", "x", "-t", "2",
                              timeout=15),
                3, ["timed out after 2 s"], within=3.0))

    def test_listen_queue_full(self):
        # The server socket's queue stays full: the plugin keeps trying until its
        # deadline, then says why it could not connect.
        with harness.full_listen_queue() as (directory, port):
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, "-H", directory, "-P", port, "-d", self.db.name, "-t", "2",
                              timeout=15),
                3, ["cannot connect to the database", "Resource temporarily unavailable"],
                within=3.0))

    def test_listen_queue_full_for_a_moment(self):
        # A burst of clients fills the queue for a moment: a blocking client would wait
        # in connect(); the plugin retries and gets its answer.
        c = harness.cluster()
        for name in PLUGINS:
            with self.subTest(plugin=name), harness.full_listen_queue(drain_after=0.5) as \
                    (directory, port):
                result = run_plugin(name, "-H", directory, "-P", port, "-d", self.db.name,
                                    "-l", c.user)
                self.assertPlugin(result, 0, startswith=f"{PREFIXES[name]} OK - ")
                self.assertGreater(result.elapsed, 0.4, "the queue was never full")

    def test_ini_file_missing(self):
        self.each(lambda n: self._usage(
            n, run_plugin(n, "--extra-opts=@/nonexistent/mps/plugins.ini"),
            ["--extra-opts", "/nonexistent/mps/plugins.ini"]))

    def test_ini_section_missing(self):
        with tempfile.TemporaryDirectory() as tmp:
            ini = os.path.join(tmp, "plugins.ini")
            with open(ini, "w") as f:
                f.write("[something_else]\ntimeout = 5\n")
            self.each(lambda n: self._usage(
                n, run_plugin(n, f"--extra-opts=no_such_section@{ini}"),
                ["--extra-opts", "no_such_section"]))

    def _usage(self, name, result, contains):
        """A usage error: line 1 names the problem, line 2 is the usage line."""
        self.assertPlugin(result, 3, startswith=f"{PREFIXES[name]} UNKNOWN - ",
                          contains=contains, perfdata="")
        lines = result.stdout.splitlines()
        self.assertLessEqual(len(lines), 2, result.stdout)


class PrivateClusterFaults(Faults):
    """Stop, restart and a full house, on the private cluster."""

    def setUp(self):
        self.dbname = pc.database("faults")

    def tearDown(self):
        pc.ensure_running()

    def test_server_stopped(self):
        pc.stop()
        for args, code in ((), 3), (("--db-error-state=critical",), 2):
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, *pc.conn_args(self.dbname), *args), code,
                ["cannot connect to the database"], within=10))

    def test_server_stopped_over_tcp(self):
        pc.stop()
        self.each(lambda n: self.assertFault(
            n, run_plugin(n, *pc.conn_args(self.dbname, tcp=True), "--db-error-state=warning"),
            1, ["cannot connect to the database", "refused"], within=10))

    def test_server_restarted_between_two_checks(self):
        for name in PLUGINS:
            with self.subTest(plugin=name, check="before"):
                self.assertPlugin(run_plugin(name, *pc.conn_args(self.dbname)), 0,
                                  startswith=f"{PREFIXES[name]} OK - ")
        pc.restart()
        for name in PLUGINS:
            with self.subTest(plugin=name, check="after"):
                self.assertPlugin(run_plugin(name, *pc.conn_args(self.dbname)), 0,
                                  startswith=f"{PREFIXES[name]} OK - ")

    def test_max_connections_exhausted(self):
        c = pc.cluster()
        holders = []
        try:
            # Superuser sessions fill every slot, the reserved ones too.
            for _ in range(pc.MAX_CONNECTIONS + 5):
                p = subprocess.Popen(c.psql_command() + ["-X", "-q", "-A", "-t", "-d", "postgres"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=c.client_env(), text=True)
                p.stdin.write("SELECT 'connected';\n")
                p.stdin.flush()
                holders.append(p)
            connected = sum(1 for p in holders if p.stdout.readline().strip() == "connected")
            self.assertEqual(connected, pc.MAX_CONNECTIONS, "could not fill the server")
            self.each(lambda n: self.assertFault(
                n, run_plugin(n, *pc.conn_args(self.dbname)), 3,
                ["cannot connect to the database", "too many clients"], within=10))
        finally:
            for p in holders:
                try:
                    p.stdin.close()
                except OSError:
                    pass
            for p in holders:
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                p.stdout.close()
