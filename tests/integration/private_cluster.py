"""A second, small throwaway cluster for the tests that stop, restart, fill or reconfigure
a server (faults, load, privilege), so the shared cluster of tests/run.py stays
undisturbed. Started once per test process on first use, stopped at exit.

Its settings: max_connections=20, superuser_reserved_connections=2, log_statement=all
with the application name in every log line (the log is DIR/log).
"""

import os
import subprocess
import time

import harness

PLUGINS = harness.PLUGINS
PREFIXES = harness.PREFIXES
MAX_CONNECTIONS = 20

SETTINGS = f"""
max_connections = {MAX_CONNECTIONS}
superuser_reserved_connections = 2
log_statement = 'all'
log_line_prefix = '%m [%p] app=%a user=%u db=%d '
log_min_messages = warning
"""

# Healthy data relative to the real clock (no frozen clock here): every plugin is OK.
HEALTHY = """
INSERT INTO "WorkerInstance" (id, "workerType", status, hostname, pid, "startedAt", "lastHeartbeatAt")
VALUES ('w-1', 'schedule_daemon', 'RUNNING', 'app-1', 4242,
        (now() AT TIME ZONE 'UTC') - interval '1 hour', now() AT TIME ZONE 'UTC');
INSERT INTO "JobSchedule" (id, enabled, "nextRunAt")
VALUES ('daily-full-sync', true, (now() AT TIME ZONE 'UTC') + interval '1 hour');
INSERT INTO "JobRun" (id, "scheduleId", "jobName", status, "startedAt", "finishedAt")
VALUES ('r-1', 'daily-full-sync', 'sync', 'SUCCESS', (now() AT TIME ZONE 'UTC') - interval '1 hour',
        (now() AT TIME ZONE 'UTC') - interval '59 minutes');
"""

_state = {"cluster": None, "databases": set()}


def as_owner(args):
    """args run as the unprivileged owner of the test servers when we are root."""
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + args
    return args


def cluster():
    """The private cluster, started (and configured) on first use."""
    if _state["cluster"] is None:
        c = harness.Cluster.start()
        with open(os.path.join(c.host, "data", "postgresql.conf"), "a") as conf:
            conf.write(SETTINGS)
        _state["cluster"] = c
        restart()
    return _state["cluster"]


def data_dir():
    return os.path.join(cluster().host, "data")


def log_path():
    return os.path.join(cluster().host, "log")


def _pg_ctl(*args, timeout=90):
    c = _state["cluster"]
    proc = subprocess.run(as_owner([str(c.bindir / "pg_ctl"), "-D", os.path.join(c.host, "data"),
                                     "-l", os.path.join(c.host, "log"), "-w", "-t", "60", *args]),
                          capture_output=True, text=True, timeout=timeout, cwd="/")
    return proc


def running():
    c = _state["cluster"]
    return c is not None and os.path.exists(os.path.join(c.host, "data", "postmaster.pid"))


def stop():
    proc = _pg_ctl("stop", "-m", "immediate")
    if proc.returncode != 0 and running():
        raise RuntimeError(f"pg_ctl stop failed: {proc.stdout}{proc.stderr}")


def start():
    if not running():
        proc = _pg_ctl("start")
        if proc.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {proc.stdout}{proc.stderr}")


def restart():
    """A full restart (a new postmaster: every session ends, settings re-read)."""
    cluster()
    proc = _pg_ctl("restart", "-m", "fast")
    if proc.returncode != 0:
        raise RuntimeError(f"pg_ctl restart failed: {proc.stdout}{proc.stderr}")


def ensure_running():
    cluster()
    start()


def psql(dbname, text, user=None):
    ensure_running()
    return cluster().psql(dbname, text, user=user)


def database(name, healthy=True):
    """A database of the daemon's tables (prisma naming, enum statuses), made once."""
    ensure_running()
    if name not in _state["databases"]:
        psql("postgres", f"DROP DATABASE IF EXISTS {harness.ident(name)} WITH (FORCE);\n"
                         f"CREATE DATABASE {harness.ident(name)};")
        psql(name, harness.schema_sql("prisma") + (HEALTHY if healthy else ""))
        _state["databases"].add(name)
    return name


def conn_args(dbname, user=None, tcp=False):
    c = cluster()
    host = "127.0.0.1" if tcp else c.host
    return ["-H", host, "-P", c.port, "-d", dbname, "-l", user or c.user]


def sessions(pattern="check\\_%"):
    """Server sessions whose application_name is LIKE pattern."""
    out = psql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name "
                           f"LIKE {harness.lit(pattern)};")
    return int(out.strip())


def wait_for_no_sessions(pattern="check\\_%", timeout=15):
    """Backends exit a moment after their client: waits until none is left."""
    deadline = time.monotonic() + timeout
    while True:
        n = sessions(pattern)
        if n == 0 or time.monotonic() > deadline:
            return n
        time.sleep(0.2)
