"""The connection paths production uses (SPEC §3): a real PgBouncer in transaction and in
session pooling with its default configuration, a streaming replica made with
pg_basebackup -R, TLS with a CA made here, multi-host strings, a service file.

One primary cluster of its own (server TimeZone America/New_York, log_statement=all,
TLS on), its replica and one pgbouncer are started once for the module, as an
unprivileged user, and stopped at the end, also on failure.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import harness
import private_cluster as pc
from harness import FROZEN, PluginTestCase, free_port, ident, lit, run_plugin

DB = "paths"
ROLE = "mps_monitor"
GRANT_SQL = harness.ROOT / "sql" / "grant-monitoring-role.sql"
SERVER_ZONE = "America/New_York"

PRIMARY_SETTINGS = f"""
timezone = '{SERVER_ZONE}'
log_statement = 'all'
log_line_prefix = '%m [%p] app=%a '
log_min_messages = warning
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
wal_level = replica
max_wal_senders = 4
"""


def at(seconds):
    """A timestamp-without-time-zone literal holding UTC, `seconds` before the frozen clock."""
    return (f"((TIMESTAMPTZ {lit(FROZEN)} - interval {lit(f'{seconds} seconds')}) "
            "AT TIME ZONE 'UTC')")


# Rows with something to say for every plugin: a live daemon, a late schedule, a failure
# streak, four restarts in the hour (WARNING).
DATA = f"""
INSERT INTO "WorkerInstance" (id, "workerType", status, hostname, pid, "startedAt", "lastHeartbeatAt")
VALUES ('w-1', 'schedule_daemon', 'STOPPED', 'app-1', 1, {at(3000)}, {at(2400)}),
       ('w-2', 'schedule_daemon', 'STOPPED', 'app-1', 2, {at(2400)}, {at(1800)}),
       ('w-3', 'schedule_daemon', 'STOPPED', 'app-1', 3, {at(1800)}, {at(1200)}),
       ('w-4', 'schedule_daemon', 'RUNNING', 'app-1', 4, {at(1200)}, {at(12)});
INSERT INTO "JobSchedule" (id, enabled, "nextRunAt")
VALUES ('nightly', true, {at(7200)}), ('hourly', true, {at(-900)});
INSERT INTO "JobRun" (id, "scheduleId", "jobName", status, "startedAt", "finishedAt", error)
VALUES ('r-1', 'nightly', 'sync', 'SUCCESS', {at(9000)}, {at(8900)}, NULL),
       ('r-2', 'nightly', 'sync', 'FAILED', {at(7000)}, {at(6900)}, 'a'),
       ('r-3', 'nightly', 'sync', 'FAILED', {at(5000)}, {at(4900)}, 'b'),
       ('r-4', 'nightly', 'sync', 'FAILED', {at(3000)}, {at(2900)}, 'c');
"""


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_ca(directory, name):
    """A CA key and self-signed certificate: DIR/NAME.key, DIR/NAME.crt."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=directory)


def make_server_cert(directory, ca):
    """server.key and server.crt for localhost / 127.0.0.1, signed by the CA."""
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", "server.key", "-out", "server.csr", cwd=directory)
    with open(os.path.join(directory, "san.ext"), "w") as ext:
        ext.write("subjectAltName = DNS:localhost, IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt",
            cwd=directory)


def chown_to_owner(path):
    if os.geteuid() == 0:
        shutil.chown(path, "nobody", "nogroup")


class Stack:
    """The primary, its replica and pgbouncer."""

    def __init__(self):
        self.primary = None
        self.replica_dir = None
        self.replica_port = None
        self.bouncer = None
        self.bouncer_dir = None
        self.bouncer_port = None
        self.certs = tempfile.mkdtemp(prefix="mps-tls.")
        os.chmod(self.certs, 0o755)

    # --- start -----------------------------------------------------------------------
    def start(self):
        make_ca(self.certs, "ca")
        make_ca(self.certs, "other-ca")
        make_server_cert(self.certs, "ca")

        self.primary = harness.Cluster.start()
        data = os.path.join(self.primary.host, "data")
        for name in ("server.crt", "server.key"):
            target = os.path.join(data, name)
            shutil.copy(os.path.join(self.certs, name), target)
            os.chmod(target, 0o600)
            chown_to_owner(target)
        with open(os.path.join(data, "postgresql.conf"), "a") as conf:
            conf.write(PRIMARY_SETTINGS)
        with open(os.path.join(data, "pg_hba.conf"), "a") as hba:
            hba.write("local replication all trust\nhost replication all 127.0.0.1/32 trust\n")
        self.pg_ctl(data, os.path.join(self.primary.host, "log"), "restart", "-m", "fast")

        self.psql("postgres", f"CREATE DATABASE {ident(DB)};")
        self.psql(DB, harness.schema_sql("prisma") + (harness.SQL_DIR / "clock.sql").read_text()
                  + f"ALTER DATABASE {ident(DB)} SET search_path = test_clock, pg_catalog, public;\n"
                  + f"INSERT INTO test_clock.frozen (at) VALUES ({lit(FROZEN)});\n" + DATA)
        proc = subprocess.run(self.primary.psql_command() + ["-X", "-q", "-d", DB, "-v",
                                                             f"role={ROLE}", "-f", str(GRANT_SQL)],
                              capture_output=True, text=True, timeout=60,
                              env=self.primary.client_env(DB))
        if proc.returncode != 0:
            raise RuntimeError(f"grant-monitoring-role.sql failed: {proc.stderr}")

        self.start_replica()
        self.start_bouncer()

    def pg_ctl(self, data, log, *args):
        proc = subprocess.run(pc.as_owner([str(self.primary.bindir / "pg_ctl"), "-D", data, "-l",
                                           log, "-w", "-t", "60", *args]),
                              capture_output=True, text=True, timeout=90, cwd="/")
        if proc.returncode != 0:
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed: {proc.stdout}{proc.stderr}")

    def start_replica(self):
        self.replica_dir = tempfile.mkdtemp(prefix="rep.", dir="/tmp")
        os.chmod(self.replica_dir, 0o755)
        chown_to_owner(self.replica_dir)
        data = os.path.join(self.replica_dir, "data")
        proc = subprocess.run(pc.as_owner([str(self.primary.bindir / "pg_basebackup"), "-D", data,
                                           "-R", "-X", "stream", "-c", "fast", "-h", self.primary.host,
                                           "-p", self.primary.port, "-U", "postgres"]),
                              capture_output=True, text=True, timeout=120, cwd="/")
        if proc.returncode != 0:
            raise RuntimeError(f"pg_basebackup failed: {proc.stderr}")
        self.replica_port = str(free_port())
        with open(os.path.join(data, "postgresql.conf"), "a") as conf:
            conf.write(f"port = {self.replica_port}\nunix_socket_directories = "
                       f"'{self.replica_dir}'\nhot_standby = on\nssl = off\n")
        self.pg_ctl(data, os.path.join(self.replica_dir, "log"), "start")
        self.wait_for_replay()

    def wait_for_replay(self, timeout=30):
        """Until the replica has replayed all the primary has written."""
        target = self.psql("postgres", "SELECT pg_current_wal_lsn();").strip()
        deadline = time.monotonic() + timeout
        while True:
            done = self.psql_replica("postgres", "SELECT pg_last_wal_replay_lsn() >= "
                                                 f"{lit(target)}::pg_lsn;").strip()
            if done == "t":
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the replica did not catch up")
            time.sleep(0.1)

    def start_bouncer(self):
        """pgbouncer with its defaults (no ignore_startup_parameters), one pool per mode,
        each one server connection, so that the next client reuses what the last left."""
        self.bouncer_dir = tempfile.mkdtemp(prefix="bouncer.", dir="/tmp")
        os.chmod(self.bouncer_dir, 0o755)
        chown_to_owner(self.bouncer_dir)
        self.bouncer_port = str(free_port())
        target = f"host=127.0.0.1 port={self.primary.port} dbname={DB}"
        ini = os.path.join(self.bouncer_dir, "pgbouncer.ini")
        with open(ini, "w") as f:
            f.write(f"""[databases]
{DB}_tx = {target} pool_mode=transaction pool_size=1
{DB}_session = {target} pool_mode=session pool_size=1
{DB}_statement = {target} pool_mode=statement pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.bouncer_port}
unix_socket_dir =
auth_type = trust
auth_file = {self.bouncer_dir}/users.txt
logfile = {self.bouncer_dir}/pgbouncer.log
pidfile = {self.bouncer_dir}/pgbouncer.pid
""")
        with open(os.path.join(self.bouncer_dir, "users.txt"), "w") as f:
            f.write(f'"postgres" ""\n"{ROLE}" ""\n')
        for name in ("pgbouncer.ini", "users.txt"):
            chown_to_owner(os.path.join(self.bouncer_dir, name))
        self.bouncer = subprocess.Popen(pc.as_owner(["pgbouncer", ini]), cwd="/",
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", self.bouncer_port,
                              "-d", f"{DB}_tx"]).returncode != 0:
            if time.monotonic() > deadline or self.bouncer.poll() is not None:
                raise RuntimeError("pgbouncer did not start: " + self.bouncer_log())
            time.sleep(0.1)

    def bouncer_log(self):
        try:
            with open(os.path.join(self.bouncer_dir, "pgbouncer.log")) as f:
                return f.read()[-2000:]
        except OSError:
            return "(no log)"

    # --- stop ------------------------------------------------------------------------
    def stop(self):
        if self.bouncer is not None:
            self.bouncer.terminate()
            try:
                self.bouncer.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.bouncer.kill()
                self.bouncer.wait()
        if self.replica_dir:
            data = os.path.join(self.replica_dir, "data")
            if os.path.exists(os.path.join(data, "postmaster.pid")):
                subprocess.run(pc.as_owner([str(self.primary.bindir / "pg_ctl"), "-D", data,
                                            "-m", "immediate", "-w", "stop"]),
                               capture_output=True, timeout=60, cwd="/")
            shutil.rmtree(self.replica_dir, ignore_errors=True)
        if self.primary is not None:
            self.primary.stop()
        for directory in (self.bouncer_dir, self.certs):
            if directory:
                shutil.rmtree(directory, ignore_errors=True)

    # --- use -------------------------------------------------------------------------
    def psql(self, dbname, text):
        return self.primary.psql(dbname, text)

    def psql_replica(self, dbname, text):
        env = self.primary.client_env(dbname)
        env.update(PGHOST=self.replica_dir, PGPORT=self.replica_port)
        proc = subprocess.run(self.primary.psql_command() + ["-X", "-q", "-A", "-t", "-d", dbname],
                              input=text, capture_output=True, text=True, env=env, timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"psql on the replica failed: {proc.stderr}")
        return proc.stdout

    def psql_bouncer(self, pool, text):
        env = self.primary.client_env()
        env.update(PGHOST="127.0.0.1", PGPORT=self.bouncer_port, PGDATABASE=f"{DB}_{pool}")
        proc = subprocess.run(self.primary.psql_command() + ["-X", "-q", "-A", "-t"],
                              input=text, capture_output=True, text=True, env=env, timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"psql through pgbouncer failed: {proc.stderr}")
        return proc.stdout

    def direct(self, user="postgres"):
        return ["-H", self.primary.host, "-P", self.primary.port, "-d", DB, "-l", user]

    def replica(self, user="postgres"):
        return ["-H", self.replica_dir, "-P", self.replica_port, "-d", DB, "-l", user]

    def pooled(self, pool, user="postgres"):
        return ["-H", "127.0.0.1", "-P", self.bouncer_port, "-d", f"{DB}_{pool}", "-l", user]

    def log_size(self):
        return os.path.getsize(os.path.join(self.primary.host, "log"))

    def log_since(self, offset):
        with open(os.path.join(self.primary.host, "log"), "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")


class ConnectionPaths(PluginTestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack()
        cls.addClassCleanup(cls.stack.stop)
        cls.stack.start()
        cls.expected = {name: run_plugin(name, *cls.stack.direct()) for name in harness.PLUGINS}

    def assertSameAnswer(self, name, result, path, extra_perfdata=""):
        expected = self.expected[name]
        self.check_invariants(result)
        self.assertEqual((result.code, result.line1), (expected.code, expected.line1 + extra_perfdata),
                         f"{name} through {path} differs from the direct connection")

    def test_direct_answers_do_not_depend_on_the_server_time_zone(self):
        self.assertPlugin(self.expected["check_schedule_daemon"], 0,
                          startswith="SCHEDULE_DAEMON OK - heartbeat 12s ago (worker w-4 on app-1")
        self.assertPlugin(self.expected["check_daemon_restarts"], 1,
                          startswith="DAEMON_RESTARTS WARNING - 4 starts")
        self.assertPlugin(self.expected["check_schedule_failures"], 1,
                          startswith="SCHEDULE_FAILURES WARNING - nightly/sync failed 3 times")
        self.assertPlugin(self.expected["check_schedule_nextrun"], 2,
                          startswith="SCHEDULE_NEXTRUN CRITICAL")

    def test_pgbouncer_default_config_gives_the_direct_answers(self):
        # Statement pooling too: each statement's transaction ends within its pipeline.
        for pool in ("tx", "session", "statement"):
            for name in harness.PLUGINS:
                with self.subTest(pool=pool, plugin=name):
                    self.assertSameAnswer(name, run_plugin(name, *self.stack.pooled(pool)),
                                          f"pgbouncer ({pool})")

    def test_least_privilege_role_through_the_transaction_pooler(self):
        for name in harness.PLUGINS:
            with self.subTest(plugin=name):
                self.assertSameAnswer(name, run_plugin(name, *self.stack.pooled("tx", ROLE)),
                                      f"pgbouncer (tx) as {ROLE}")

    def test_a_statement_sent_again_gives_the_direct_answers(self):
        # A schema whose run status enum lacks COMPLETED: the first statement fails and the
        # server rolls its pipeline back at the sync, so no pooler sees a failed
        # transaction left open (statement pooling would end such a client).
        self.stack.psql(DB, """
CREATE SCHEMA lacking;
CREATE TYPE lacking."RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCESS', 'FAILED');
CREATE TABLE lacking."JobSchedule" AS SELECT * FROM public."JobSchedule";
CREATE TABLE lacking."JobRun" AS SELECT * FROM public."JobRun" WHERE status::text <> 'COMPLETED';
ALTER TABLE lacking."JobRun"
    ALTER COLUMN status TYPE lacking."RunStatus" USING status::text::lacking."RunStatus";
""")
        self.addCleanup(self.stack.psql, DB, "DROP SCHEMA lacking CASCADE;")
        for name in ("check_schedule_failures", "check_schedule_runs"):
            expected = run_plugin(name, *self.stack.direct(), "--db-schema=lacking")
            self.check_invariants(expected)
            self.assertNotEqual(expected.code, 3, expected.stdout)
            for pool in ("tx", "session", "statement"):
                with self.subTest(plugin=name, pool=pool):
                    result = run_plugin(name, *self.stack.pooled(pool), "--db-schema=lacking")
                    self.check_invariants(result)
                    self.assertEqual((result.code, result.line1), (expected.code, expected.line1))

    def test_settings_hold_inside_a_read_only_transaction_and_do_not_leak(self):
        offset = self.stack.log_size()
        for name in harness.PLUGINS:
            self.check_invariants(run_plugin(name, *self.stack.pooled("tx"), "-t", "7"))
        log = self.stack.log_since(offset)
        for name in harness.PLUGINS:
            with self.subTest(plugin=name):
                lines = [line for line in log.splitlines() if f"app={name} " in line]
                statements = [re.sub(r"^.*?(statement|execute [^:]*): ", "", line)
                              for line in lines if re.search(r"(statement|execute [^:]*): ", line)]
                # What pgbouncer itself sends on the server connection.
                statements = [s for s in statements
                              if not re.match(r"(SET application_name|select 1|DISCARD ALL)", s, re.I)]
                details = [line for line in lines if "DETAIL:  parameters:" in line]
                self.assertGreaterEqual(len(statements), 2, "\n".join(lines))
                # Every transaction of the plugin is one pipeline: the settings, read-only
                # first, then its statements (those of one round trip); the sync ends it.
                # No BEGIN/COMMIT: after an error the server rolls back by itself.
                setups = [i for i, s in enumerate(statements)
                          if s.startswith("SELECT set_config('transaction_read_only', 'on', true)")]
                self.assertEqual(setups[0], 0, statements)
                for i in setups:
                    self.assertIn("set_config('statement_timeout', $1, true)", statements[i])
                    self.assertIn("set_config('TimeZone', $2, true)", statements[i])
                for a, b in zip(setups, setups[1:] + [len(statements)]):
                    self.assertGreater(b, a + 1, statements)
                self.assertFalse([s for s in statements
                                  if re.match(r"(BEGIN|COMMIT|ROLLBACK)\b", s)], statements)
                self.assertTrue(any(re.search(r"\$1 = '(6\d{3}|7000)', \$2 = 'UTC'", d)
                                    for d in details), details)
        # The same server connection (pool size 1) shows the server's own defaults.
        shown = self.stack.psql_bouncer("tx", "SHOW default_transaction_read_only; "
                                              "SHOW statement_timeout; SHOW TimeZone; SHOW jit;")
        self.assertEqual(shown.split(), ["off", "0", SERVER_ZONE, "on"])

    def test_deadline_cancels_the_statement_through_the_pooler(self):
        lock = subprocess.Popen(self.stack.primary.psql_command() + ["-X", "-q", "-d", DB],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, text=True,
                                env=self.stack.primary.client_env(DB))
        try:
            lock.stdin.write('BEGIN;\nLOCK TABLE "WorkerInstance" IN ACCESS EXCLUSIVE MODE;\n')
            lock.stdin.flush()
            deadline = time.monotonic() + 10
            while self.stack.psql(DB, "SELECT count(*) FROM pg_locks WHERE granted AND mode = "
                                      "'AccessExclusiveLock' AND relation = "
                                      "'\"WorkerInstance\"'::regclass;").strip() != "1":
                self.assertLess(time.monotonic(), deadline, "could not take the lock")
                time.sleep(0.05)
            for pool in ("tx", "session"):
                with self.subTest(pool=pool):
                    result = run_plugin("check_schedule_daemon", *self.stack.pooled(pool), "-t", "2")
                    self.assertPlugin(result, 3, line1="SCHEDULE_DAEMON UNKNOWN - query timed "
                                                       "out after 2 s")
                    self.assertLess(result.elapsed, 3.5)
                    waiting = "1"
                    deadline = time.monotonic() + 3
                    while waiting != "0" and time.monotonic() < deadline:
                        waiting = self.stack.psql("postgres", "SELECT count(*) FROM "
                                                  "pg_stat_activity WHERE state = 'active' AND "
                                                  "application_name = 'check_schedule_daemon';"
                                                  ).strip()
                        time.sleep(0.05)
                    self.assertEqual(waiting, "0", "the statement still runs on the server")
        finally:
            lock.stdin.write("ROLLBACK;\n")
            lock.stdin.close()
            lock.wait(timeout=10)
        for pool in ("tx", "session"):
            with self.subTest(pool=pool, after="lock released"):
                self.assertSameAnswer("check_schedule_daemon",
                                      run_plugin("check_schedule_daemon", *self.stack.pooled(pool)),
                                      f"pgbouncer ({pool}) after a timeout")

    def test_pooler_without_the_database_is_one_unknown_line(self):
        args = ["-H", "127.0.0.1", "-P", self.stack.bouncer_port, "-d", "nosuchdb", "-l", "postgres"]
        result = run_plugin("check_schedule_daemon", *args)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - cannot connect to the "
                                                "database: ", contains="no such database")
        self.assertEqual(result.stdout.count("\n"), 1)

    def test_replica_gives_the_primary_answers_and_says_it_is_a_standby(self):
        self.stack.wait_for_replay()
        for user in ("postgres", ROLE):
            for name in harness.PLUGINS:
                with self.subTest(plugin=name, user=user):
                    # A heartbeat seen on a standby comes with the standby's replay lag.
                    lag = " replay_lag=0s;;;0" if name == "check_schedule_daemon" else ""
                    self.assertSameAnswer(name, run_plugin(name, *self.stack.replica(user)),
                                          "the replica", lag)
                    verbose = run_plugin(name, *self.stack.replica(user), "-v")
                    # check_schedule_daemon measures the lag; the others only say where.
                    said = ("server: hot standby (replay lag 0s): its data may be that much "
                            "behind the primary" if name == "check_schedule_daemon" else
                            "server: hot standby: its data may be behind the primary")
                    self.assertIn(f"\n{said}\n", verbose.stdout)
                    primary = run_plugin(name, *self.stack.direct(user), "-v")
                    self.assertNotIn("hot standby", primary.stdout)
        self.assertNotIn("replay_lag", self.expected["check_schedule_daemon"].perfdata)
        prom = run_plugin("check_schedule_daemon", *self.stack.replica(), "--format=prometheus")
        self.assertIn("\nschedule_daemon_replay_lag_seconds 0\n", prom.stdout)

    def test_tls_verify_full_with_the_right_ca(self):
        dbname = (f"host=localhost hostaddr=127.0.0.1 port={self.stack.primary.port} dbname={DB} "
                  f"user=postgres sslmode=verify-full sslrootcert={self.stack.certs}/ca.crt")
        self.assertSameAnswer("check_schedule_daemon",
                              run_plugin("check_schedule_daemon", "-d", dbname), "TLS verify-full")

    def test_tls_with_an_unrelated_ca_is_one_unknown_line_naming_it(self):
        dbname = (f"host=localhost hostaddr=127.0.0.1 port={self.stack.primary.port} dbname={DB} "
                  f"user=postgres sslmode=verify-full sslrootcert={self.stack.certs}/other-ca.crt")
        result = run_plugin("check_schedule_daemon", "-d", dbname)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - cannot connect to the "
                                                "database: ", contains="certificate verify failed")
        self.assertEqual(result.stdout.count("\n"), 1)

    def test_a_wrong_sslmode_is_one_unknown_line_naming_it(self):
        result = run_plugin("check_schedule_daemon", "-d", f"dbname={DB} sslmode=sometimes",
                            "-H", self.stack.primary.host, "-P", self.stack.primary.port)
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - cannot connect to the "
                                                "database: ", contains="sslmode")

    def test_authentication_failure_is_one_unknown_line_naming_it(self):
        self.stack.psql("postgres", "DROP ROLE IF EXISTS pwuser; "
                                    "CREATE ROLE pwuser LOGIN PASSWORD 'secret';")
        result = run_plugin("check_schedule_daemon", "-H", "127.0.0.1", "-P",
                            self.stack.primary.port, "-d", DB, "-l", "pwuser",
                            env={"PGPASSWORD": "wrong"})
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - cannot connect to the "
                                                "database: ",
                          contains='password authentication failed for user "pwuser"')

    def test_multi_host_string_skips_a_host_that_refuses(self):
        closed = free_port()
        dbname = (f"host=127.0.0.1,127.0.0.1 port={closed},{self.stack.primary.port} "
                  f"dbname={DB} user=postgres")
        self.assertSameAnswer("check_schedule_daemon",
                              run_plugin("check_schedule_daemon", "-d", dbname),
                              "a multi-host string")

    def test_target_session_attrs_picks_the_primary_or_says_why_not(self):
        hosts = f"host={self.stack.replica_dir},{self.stack.primary.host} " \
                f"port={self.stack.replica_port},{self.stack.primary.port} dbname={DB} user=postgres"
        result = run_plugin("check_schedule_daemon", "-d", hosts + " target_session_attrs=read-write",
                            "-v")
        self.assertSameAnswer("check_schedule_daemon", result, "target_session_attrs=read-write")
        self.assertNotIn("hot standby", result.stdout)
        only_primary = (f"host={self.stack.primary.host} port={self.stack.primary.port} dbname={DB} "
                        "user=postgres")
        result = run_plugin("check_schedule_daemon", "-d", only_primary + " target_session_attrs=standby")
        self.assertPlugin(result, 3, startswith="SCHEDULE_DAEMON UNKNOWN - cannot connect to the "
                                                "database: ", contains="not in hot standby mode")

    def test_service_file_and_unix_socket(self):
        with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
            f.write(f"[scheduler]\nhost={self.stack.primary.host}\nport={self.stack.primary.port}\n"
                    f"dbname={DB}\nuser=postgres\n")
        try:
            for args, env in ((["-d", "service=scheduler"], {"PGSERVICEFILE": f.name}),
                              ([], {"PGSERVICEFILE": f.name, "PGSERVICE": "scheduler"})):
                with self.subTest(args=args):
                    self.assertSameAnswer("check_schedule_daemon",
                                          run_plugin("check_schedule_daemon", *args, env=env),
                                          "a service file")
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
