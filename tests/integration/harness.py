"""Helpers for the integration tests: a throwaway PostgreSQL cluster, one fresh database
per test (copied from a prepared template), a frozen database clock, rows placed
relative to that clock, and a runner for the built plugins.

tests/run.py starts the cluster and calls configure(); a test module run on its own
(python3 -m unittest discover -s tests/integration) gets a cluster started lazily and
stopped at exit, and the plugins from $MPS_BUILD_DIR (default: ./build).
"""

import atexit
import collections
import contextlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = ROOT / "tests" / "sql"
THROWAWAY_PG = ROOT / "tools" / "throwaway-pg"

# The time every test's database clock is frozen at, unless it says otherwise.
FROZEN = "2026-01-01 12:00:00+00"

# Environment variables that would let the caller's setup leak into a plugin run.
_LEAKY_ENV = re.compile(r"^(PG\w+|MP_CONFIG_FILE|NAGIOS_CONFIG_PATH)$")


class Cluster:
    """A running throwaway-pg cluster: its socket directory, port, superuser, binaries."""

    def __init__(self, env):
        self.env = dict(env)
        self.host = env["PGHOST"]
        self.port = env["PGPORT"]
        self.user = env["PGUSER"]
        self.bindir = Path(env.get("PGBIN", ""))
        self._stopped = False

    @classmethod
    def start(cls):
        directory = tempfile.mkdtemp(prefix="pg.", dir="/tmp")
        os.rmdir(directory)  # throwaway-pg wants to create (or find empty) its directory
        try:
            proc = subprocess.run([str(THROWAWAY_PG), "start", directory], capture_output=True,
                                  text=True, timeout=120)
            if proc.returncode != 0:
                raise RuntimeError("throwaway-pg start failed:\n" + proc.stdout + proc.stderr)
        except BaseException:
            # Interrupted or failed half-way: a server may already run there.
            subprocess.run([str(THROWAWAY_PG), "stop", directory], capture_output=True)
            raise
        env = {}
        for line in proc.stdout.splitlines():
            key, sep, value = line.partition("=")
            if sep and re.fullmatch(r"[A-Z_]+", key):
                env[key] = shlex.split(value)[0] if value else ""
        cluster = cls(env)
        atexit.register(cluster.stop)
        return cluster

    def stop(self):
        if self._stopped:
            return
        self._stopped = True
        proc = subprocess.run([str(THROWAWAY_PG), "stop", self.host], capture_output=True,
                              text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"throwaway-pg stop {self.host} failed: {proc.stderr.strip()}")

    def psql_command(self):
        psql = self.bindir / "psql"
        return [str(psql) if psql.exists() else "psql"]

    def client_env(self, dbname="postgres"):
        env = {k: v for k, v in os.environ.items() if not _LEAKY_ENV.match(k)}
        env.update(PGHOST=self.host, PGPORT=self.port, PGUSER=self.user, PGDATABASE=dbname)
        return env

    def psql(self, dbname, text, user=None):
        """Runs text through psql in dbname (stopping at the first error); returns stdout."""
        args = self.psql_command() + ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                      "-d", dbname]
        if user:
            args += ["-U", user]
        proc = subprocess.run(args, input=text, capture_output=True, text=True,
                              env=self.client_env(dbname), timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"psql failed in {dbname}: {proc.stderr.strip()}\n--- SQL:\n{text}")
        return proc.stdout


# The plugins and the prefix of their status lines.
PREFIXES = {"check_schedule_daemon": "SCHEDULE_DAEMON",
            "check_schedule_nextrun": "SCHEDULE_NEXTRUN",
            "check_schedule_failures": "SCHEDULE_FAILURES",
            "check_daemon_restarts": "DAEMON_RESTARTS",
            "check_schedule_runs": "SCHEDULE_RUNS"}
PLUGINS = list(PREFIXES)

_config = {"cluster": None, "build_dir": None}


def configure(cluster, build_dir):
    """Called by tests/run.py: the cluster to use and the build directory."""
    _config["cluster"] = cluster
    _config["build_dir"] = Path(build_dir).resolve()


def cluster():
    if _config["cluster"] is None:
        _config["cluster"] = Cluster.start()
    return _config["cluster"]


def build_dir():
    if _config["build_dir"] is None:
        _config["build_dir"] = Path(os.environ.get("MPS_BUILD_DIR", ROOT / "build")).resolve()
    return _config["build_dir"]


def sanitized():
    """True when the plugins under test were built with --enable-sanitizers."""
    makefile = build_dir() / "Makefile"
    return makefile.is_file() and "-fsanitize=address" in makefile.read_text()


def skip_in_sanitizer_build(what):
    """Skips a test of third-party software (web servers, Prometheus, Zabbix) in the
    sanitizer build: that stage re-runs the suite for memory errors in our C++ code only."""
    if sanitized():
        raise unittest.SkipTest(f"{what}: the sanitizer stage checks our C++ code only")


# --- schema --------------------------------------------------------------------------

_STATUS_TYPES = {"prisma": ('"WorkerStatus"', '"JobStatus"'),
                 "snake": ("worker_status", "job_status")}


def schema_sql(naming="prisma", status_type="enum", timestamptz=False):
    """The daemon's tables (tests/sql/<naming>.sql), statuses as enum or text, timestamps
    as timestamp(3) or timestamptz(3)."""
    if naming not in _STATUS_TYPES:
        raise ValueError(f"naming must be prisma or snake, not {naming!r}")
    text = (SQL_DIR / f"{naming}.sql").read_text()
    if status_type == "text":
        types = "|".join(re.escape(t) for t in _STATUS_TYPES[naming])
        text, n = re.subn(rf'^(\s+"?status"?\s+)(?:{types})(?=\s)', r"\1TEXT", text, flags=re.M)
        assert n == 2, f"{naming}.sql: expected two status columns, found {n}"
    elif status_type != "enum":
        raise ValueError(f"status_type must be enum or text, not {status_type!r}")
    if timestamptz:
        text, n = re.subn(r"\bTIMESTAMP\(3\)", "TIMESTAMPTZ(3)", text)
        assert n >= 7, f"{naming}.sql: expected the seven timestamp columns, found {n}"
    return text


# Logical keys (SPEC §1) -> names, per naming preset.
NAMES = {
    "prisma": {
        "worker": "WorkerInstance", "worker.id": "id", "worker.type": "workerType",
        "worker.status": "status", "worker.hostname": "hostname", "worker.pid": "pid",
        "worker.started_at": "startedAt", "worker.heartbeat_at": "lastHeartbeatAt",
        "schedule": "JobSchedule", "schedule.id": "id", "schedule.enabled": "enabled",
        "schedule.next_run_at": "nextRunAt", "schedule.last_run_at": "lastRunAt",
        "schedule.locked_at": "lockedAt", "schedule.locked_by": "lockedBy",
        "run": "JobRun", "run.id": "id", "run.schedule_id": "scheduleId",
        "run.job_name": "jobName", "run.status": "status", "run.started_at": "startedAt",
        "run.finished_at": "finishedAt", "run.error": "error",
        "run.created_at": "createdAt", "run.duration_ms": "durationMs",
    },
    "snake": {
        "worker": "worker_instance", "worker.id": "id", "worker.type": "worker_type",
        "worker.status": "status", "worker.hostname": "hostname", "worker.pid": "pid",
        "worker.started_at": "started_at", "worker.heartbeat_at": "last_heartbeat_at",
        "schedule": "job_schedule", "schedule.id": "id", "schedule.enabled": "enabled",
        "schedule.next_run_at": "next_run_at", "schedule.last_run_at": "last_run_at",
        "schedule.locked_at": "locked_at", "schedule.locked_by": "locked_by",
        "run": "job_run", "run.id": "id", "run.schedule_id": "schedule_id",
        "run.job_name": "job_name", "run.status": "status", "run.started_at": "started_at",
        "run.finished_at": "finished_at", "run.error": "error",
        "run.created_at": "created_at", "run.duration_ms": "duration_ms",
    },
}


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def lit(value):
    """A SQL literal: None -> NULL, bool, number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


_templates = set()
_created = []
_counter = iter(range(1, 1_000_000))


def _template(naming, status_type, timestamptz, schema):
    name = f"tpl_{naming}_{status_type}_{'tz' if timestamptz else 'ts'}_{schema or 'public'}"
    if name not in _templates:
        c = cluster()
        c.psql("postgres", f"DROP DATABASE IF EXISTS {ident(name)}; CREATE DATABASE {ident(name)};")
        prefix = ""
        if schema:
            prefix = f"CREATE SCHEMA {ident(schema)};\nSET search_path = {ident(schema)};\n"
        c.psql(name, prefix + schema_sql(naming, status_type, timestamptz) + "\n"
               + "RESET search_path;\n" + (SQL_DIR / "clock.sql").read_text())
        _templates.add(name)
    return name


def _freeze_sql(at):
    return ("INSERT INTO test_clock.frozen (at) VALUES (" + lit(at) + ") "
            "ON CONFLICT (only_row) DO UPDATE SET at = EXCLUDED.at;")


class Database:
    """One fresh database of the daemon's tables, its clock frozen at FROZEN.

    Times are given as ages in seconds relative to the frozen clock (negative: in the
    future). Columns without time zone get UTC wall-clock values, or those of
    `stored_zone` (what --db-timezone describes)."""

    def __init__(self, name, naming, status_type, timestamptz, schema):
        self.name = name
        self.naming = naming
        self.status_type = status_type
        self.timestamptz = timestamptz
        self.schema = schema
        self.stored_zone = "UTC"
        self.frozen = None

    def __str__(self):
        return self.name

    # names
    def table(self, key):
        """Quoted, schema-qualified table of a logical key ('worker')."""
        name = ident(NAMES[self.naming][key])
        return f"{ident(self.schema)}.{name}" if self.schema else name

    def column(self, key):
        """Quoted column of a logical key ('worker.heartbeat_at')."""
        return ident(NAMES[self.naming][key])

    # SQL
    def sql(self, text, user=None):
        return cluster().psql(self.name, text, user=user)

    def freeze(self, at=FROZEN):
        """Freezes now() for the plugins (and for sql()) at the timestamptz literal `at`."""
        self.sql(_freeze_sql(at))
        self.frozen = at

    def unfreeze(self):
        self.sql("DELETE FROM test_clock.frozen;")
        self.frozen = None

    def set_time_zone(self, zone):
        """The TimeZone every new session of this database starts with."""
        self.sql(f"ALTER DATABASE {ident(self.name)} SET timezone = {lit(zone)};")

    def at(self, age):
        """SQL for the moment `age` seconds before the frozen clock, typed as the columns."""
        if age is None:
            return "NULL"
        moment = f"(TIMESTAMPTZ {lit(self.frozen or FROZEN)} - interval {lit(f'{age} seconds')})"
        if self.timestamptz:
            return moment
        return f"({moment} AT TIME ZONE {lit(self.stored_zone)})"

    def insert(self, table_key, values):
        """Inserts one row: values maps logical column keys ('heartbeat_at') to SQL text."""
        cols = ", ".join(self.column(f"{table_key}.{k}") for k in values)
        return self.sql(f"INSERT INTO {self.table(table_key)} ({cols}) "
                        f"VALUES ({', '.join(values.values())});")

    def add_worker(self, id, heartbeat_age=12, status="RUNNING", worker_type="schedule_daemon",
                   hostname="app-1", pid=4242, started_age=3600):
        """heartbeat_age: seconds before the frozen clock (None: NULL heartbeat)."""
        self.insert("worker", {
            "id": lit(id), "type": lit(worker_type), "status": lit(status),
            "hostname": lit(hostname), "pid": lit(pid), "started_at": self.at(started_age),
            "heartbeat_at": self.at(heartbeat_age)})

    def add_schedule(self, id, enabled=True, next_run_in=60, last_run_age=None,
                     locked_age=None, locked_by=None, cron=None):
        """next_run_in: seconds after the frozen clock (None: NULL, negative: late)."""
        self.insert("schedule", {
            "id": lit(id), "enabled": lit(enabled),
            "next_run_at": "NULL" if next_run_in is None else self.at(-next_run_in),
            "last_run_at": self.at(last_run_age), "locked_at": self.at(locked_age),
            "locked_by": lit(locked_by)})
        if cron is not None:
            self.sql(f"UPDATE {self.table('schedule')} SET cron = {lit(cron)} "
                     f"WHERE {self.column('schedule.id')} = {lit(id)};")

    def add_run(self, id, schedule_id, job_name, status, started_age, finished_age=None,
                error=None):
        self.insert("run", {
            "id": lit(id), "schedule_id": lit(schedule_id), "job_name": lit(job_name),
            "status": lit(status), "started_at": self.at(started_age),
            "finished_at": self.at(finished_age), "error": lit(error)})

    def conn_args(self):
        """-H/-P/-d/-l for a plugin, over the unix socket."""
        c = cluster()
        return ["-H", c.host, "-P", c.port, "-d", self.name, "-l", c.user]


def new_database(naming="prisma", status_type="enum", timestamptz=False, schema=None,
                 freeze_at=FROZEN):
    """A fresh database with the daemon's tables (empty) and a frozen clock."""
    template = _template(naming, status_type, timestamptz, schema)
    name = f"t{os.getpid()}_{next(_counter)}"
    # One psql run: create, set the search_path that puts test_clock.now() first, freeze.
    text = (f"CREATE DATABASE {ident(name)} TEMPLATE {ident(template)} STRATEGY = FILE_COPY;\n"
            f"ALTER DATABASE {ident(name)} SET search_path = test_clock, pg_catalog, public;\n")
    if freeze_at is not None:
        text += f"\\connect {ident(name)}\n{_freeze_sql(freeze_at)}\n"
    cluster().psql("postgres", text)
    _created.append(name)
    db = Database(name, naming, status_type, timestamptz, schema)
    db.frozen = freeze_at
    return db


def drop_databases():
    """Drops every database new_database() made so far (tests/run.py calls this after
    each test, which keeps the cluster small and its removal quick)."""
    if _created and _config["cluster"] is not None:
        names, _created[:] = list(_created), []
        cluster().psql("postgres", "".join(
            f"DROP DATABASE IF EXISTS {ident(n)} WITH (FORCE);\n" for n in names))


def sql(db, text):
    """Runs SQL in a database (a Database or a name); returns psql's unaligned output."""
    return cluster().psql(str(db), text)


def index_entries_read(db, index):
    """Index entries the database's scans have read from `index` (pg_stat_user_indexes)."""
    return int(sql(db, "SELECT pg_catalog.pg_stat_clear_snapshot();"
                       "SELECT coalesce(sum(idx_tup_read), 0) "
                       "FROM pg_catalog.pg_stat_user_indexes "
                       f"WHERE indexrelname = {lit(index)};").strip())


def index_entries_read_after_plugin(db, index, timeout=10):
    """index_entries_read once the plugin's session has reported its scans: a session
    reports them when it ends, a moment after the plugin's answer."""
    deadline = time.monotonic() + timeout
    while index_entries_read(db, index) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    return index_entries_read(db, index)


def freeze(db, at=FROZEN):
    db.freeze(at)


# --- running plugins -----------------------------------------------------------------

class PluginResult(collections.namedtuple("PluginResult", "code stdout stderr elapsed")):
    """(exit code, stdout, stderr, elapsed seconds) of one plugin run."""

    @property
    def line1(self):
        return self.stdout.split("\n", 1)[0]

    @property
    def summary(self):
        """Line 1 without the perfdata."""
        return self.line1.split("|", 1)[0]

    @property
    def perfdata(self):
        """The perfdata of line 1 ('' when there is none)."""
        return self.line1.split("|", 1)[1] if "|" in self.line1 else ""


_home = None


def plugin_env(env=None):
    """The environment of a plugin run: the caller's without PG* and ini variables, an
    empty HOME (no ~/.pgpass), then env (a value of None removes the variable)."""
    global _home
    if _home is None:
        _home = tempfile.mkdtemp(prefix="mps-home.")
        atexit.register(shutil.rmtree, _home, True)
    result = {k: v for k, v in os.environ.items() if not _LEAKY_ENV.match(k)}
    result["HOME"] = _home
    for key, value in (env or {}).items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def plugin_path(name):
    return build_dir() / "plugins" / name


def run_plugin(name, *args, env=None, timeout=30):
    """Runs build/plugins/<name> with args; returns PluginResult. Fails the test (rather
    than hanging) when the plugin outlives `timeout`."""
    path = plugin_path(name)
    if not os.access(path, os.X_OK):
        raise AssertionError(f"plugin not built: {path}")
    start = time.monotonic()
    with subprocess.Popen([str(path), *map(str, args)], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=plugin_env(env)) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise AssertionError(f"{name} {shlex.join(map(str, args))} ran longer than "
                                 f"{timeout} s") from None
    elapsed = time.monotonic() - start
    return PluginResult(proc.returncode, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace"), elapsed)


class PluginTestCase(unittest.TestCase):
    """Base class: assertions every plugin run must satisfy (SPEC §2)."""

    maxDiff = None

    def check_invariants(self, result):
        self.assertIn(result.code, (0, 1, 2, 3), f"exit code outside 0..3: {result}")
        self.assertEqual(result.stderr, "", f"stderr must stay empty: {result}")
        self.assertLess(len(result.stdout.encode()), 4096, "output over 4 KiB")
        self.assertLessEqual(result.stdout.count("|"), 1, f"more than one '|': {result}")
        self.assertTrue(result.stdout.endswith("\n"), f"output must end with a newline: {result}")

    def assertPlugin(self, result, code, line1=None, startswith=None, perfdata=None,
                     contains=None):
        """Asserts the exit code and line 1 (exact, or its start, or a part) and the
        exact perfdata ('' = none), plus the invariants."""
        self.check_invariants(result)
        context = f"\n--- stdout:\n{result.stdout}--- exit {result.code}"
        if line1 is not None:
            self.assertEqual(result.line1, line1, context)
        if startswith is not None:
            self.assertTrue(result.line1.startswith(startswith),
                            f"line 1 should start with {startswith!r}{context}")
        if contains is not None:
            for part in [contains] if isinstance(contains, str) else contains:
                self.assertIn(part, result.line1, context)
        if perfdata is not None:
            self.assertEqual(result.perfdata, perfdata, context)
        self.assertEqual(result.code, code, f"exit code{context}")


class SchemaVariantCases:
    """Mixed into a plugin's SchemaVariants(SchemaVariantCases, PluginTestCase): the same
    rows give the same output whatever the naming preset, the PostgreSQL schema, the
    column types and the time zones. The class sets PLUGIN and MISSING_TABLE (what its
    UNKNOWN names when the tables are in a schema it was not told) and defines fill(db),
    which adds the rows, and expect(result), which asserts the output for them."""

    PLUGIN = None
    MISSING_TABLE = "--table="

    def same(self, db, *args, env=None):
        self.fill(db)
        self.expect(run_plugin(self.PLUGIN, *db.conn_args(), *args, env=env))

    def test_prisma_default(self):
        self.same(new_database())

    def test_status_as_text(self):
        self.same(new_database(status_type="text"))

    def test_timestamptz_columns(self):
        self.same(new_database(timestamptz=True))

    def test_database_time_zone_new_york(self):
        db = new_database()
        db.set_time_zone("America/New_York")
        self.same(db)

    def test_database_time_zone_kolkata_with_timestamptz(self):
        db = new_database(timestamptz=True)
        db.set_time_zone("Asia/Kolkata")
        self.same(db)

    def test_db_timezone_for_local_wall_clock_columns(self):
        db = new_database()
        db.set_time_zone("America/New_York")
        db.stored_zone = "Europe/Berlin"
        self.same(db, "--db-timezone=Europe/Berlin")

    def test_snake_naming_in_a_schema(self):
        self.same(new_database(naming="snake", schema="scheduler"),
                  "--naming=snake", "--db-schema=scheduler")

    def test_snake_naming_with_text_status_and_timestamptz(self):
        self.same(new_database(naming="snake", status_type="text", timestamptz=True),
                  "--naming=snake")

    def test_prisma_naming_in_a_schema(self):
        self.same(new_database(schema="daemon"), "--db-schema=daemon")

    def test_tables_in_another_schema_need_db_schema(self):
        db = new_database(naming="snake", schema="scheduler")
        self.fill(db)
        self.assertPlugin(run_plugin(self.PLUGIN, *db.conn_args(), "--naming=snake"), 3,
                          startswith=f"{PREFIXES[self.PLUGIN]} UNKNOWN - ",
                          contains=self.MISSING_TABLE, perfdata="")


# --- misbehaving peers ---------------------------------------------------------------

def free_port():
    """A TCP port on 127.0.0.1 where nothing listens (at the time of asking)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def silent_server():
    """A TCP port that accepts connections and never says a word; yields the port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


@contextlib.contextmanager
def full_listen_queue(drain_after=None):
    """A Unix socket directory whose server socket has a full listen queue, so that a
    nonblocking connect() fails with EAGAIN (what a busy postmaster's socket does under
    a burst of clients). After drain_after seconds it starts accepting and relays every
    connection to the shared cluster. Yields (directory, port) for -H/-P."""
    c = cluster()
    target = os.path.join(c.host, f".s.PGSQL.{c.port}")
    directory = tempfile.mkdtemp(prefix="mps-q.", dir="/tmp")
    server = socket.socket(socket.AF_UNIX)
    server.bind(os.path.join(directory, f".s.PGSQL.{c.port}"))
    server.listen(0)
    fillers = []
    while True:
        s = socket.socket(socket.AF_UNIX)
        s.setblocking(False)
        try:
            s.connect(server.getsockname())
        except BlockingIOError:
            s.close()
            break
        fillers.append(s)
        if len(fillers) > 64:
            raise RuntimeError("the listen queue does not fill")
    stop = threading.Event()

    def pump(src, dst):
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def relay():
        if stop.wait(drain_after):
            return
        for s in fillers:
            s.close()
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                peer, _ = server.accept()
            except socket.timeout:
                continue
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(target)
            for a, b in (peer, upstream), (upstream, peer):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    thread = threading.Thread(target=relay, daemon=True)
    if drain_after is not None:
        thread.start()
    try:
        yield directory, c.port
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()
        for s in fillers:
            s.close()
        server.close()
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def table_locked(db, table_key):
    """Holds ACCESS EXCLUSIVE on a table from another session while the block runs."""
    c = cluster()
    table = db.table(table_key)
    proc = subprocess.Popen(c.psql_command() + ["-X", "-q", "-d", db.name],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=c.client_env(db.name), text=True)
    try:
        proc.stdin.write(f"BEGIN;\nLOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 10
        while True:
            held = db.sql("SELECT count(*) FROM pg_catalog.pg_locks WHERE granted AND "
                          f"mode = 'AccessExclusiveLock' AND relation = {lit(table)}::regclass;")
            if held.strip() == "1":
                break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"could not lock {table}")
            time.sleep(0.05)
        yield
    finally:
        try:
            proc.stdin.write("ROLLBACK;\n")
            proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
