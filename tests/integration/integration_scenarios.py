"""Shared by the test_integration_*.py modules: two databases (a healthy daemon and a
failing one) that live for a whole test class, the states and perfdata every plugin
must report for them, a way to find (or install) the monitoring system's binary, and
ScenarioTestCase, the class-wide set-up and tear-down around them.

Not a test module itself (no test_ prefix)."""

import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import harness

ROOT = harness.ROOT
INTEGRATIONS = ROOT / "integrations"

PLUGINS = ("check_schedule_daemon", "check_schedule_nextrun", "check_schedule_failures",
           "check_daemon_restarts")

# plugin -> scenario -> (exit code, perfdata of line 1)
EXPECTED = {
    "check_schedule_daemon": {
        "healthy": (0, "heartbeat_age=12s;120;300;0 live=1;;;0 uptime=3600s;;;0"),
        "failing": (2, "heartbeat_age=400s;120;300;0 live=0;;;0"),
    },
    "check_schedule_nextrun": {
        "healthy": (0, "enabled=1;;;0 missing=0;;0;0 late=0;;;0 max_lateness=0s;600;3600;0 "
                       "stuck_locks=0;;;0"),
        "failing": (2, "enabled=1;;;0 missing=1;;0;0 late=0;;;0 stuck_locks=0;;;0"),
    },
    "check_schedule_failures": {
        "healthy": (0, "worst_streak=0;2;;0 failing=0;;;0 runs=1;;;0 success_rate=100%;;;0;100"),
        "failing": (1, "worst_streak=3;2;;0 failing=1;;;0 runs=3;;;0 success_rate=0%;;;0;100"),
    },
    "check_daemon_restarts": {
        "healthy": (0, "starts=1;3;;0 unclean=0;;;0"),
        "failing": (1, "starts=6;3;;0 unclean=1;;;0"),
    },
    # Nothing runs or waits in either; the failing database has no successful run.
    "check_schedule_runs": {
        "healthy": (0, "running=0;;;0 oldest_running=0s;3600;;0 overrunning=0;;;0 queued=0;;;0 "
                       "oldest_queued=0s;600;;0 duration_p50=100s;;;0 duration_p95=100s;;;0"),
        "failing": (0, "running=0;;;0 oldest_running=0s;3600;;0 overrunning=0;;;0 queued=0;;;0 "
                       "oldest_queued=0s;600;;0"),
    },
}

STATES = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}


def require(binary, package):
    """The path of `binary` (a command name, or an absolute path of any file); installs
    `package` through tools/install-deps when it is missing, and skips the test class
    when that is impossible."""
    def find():
        if binary.startswith("/"):
            return binary if os.path.exists(binary) else None
        return shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/sbin:/usr/bin")
    path = find()
    if path:
        return path
    proc = subprocess.run([str(ROOT / "tools" / "install-deps"), package],
                          capture_output=True, text=True, timeout=900)
    path = find()
    if not path:
        raise unittest.SkipTest(f"{binary} not available: package {package} could not be "
                                f"installed ({(proc.stderr or proc.stdout).strip()[-300:]})")
    return path


def _keep(db):
    # tests/run.py drops every database after each test; these serve a whole class.
    harness._created.remove(db.name)
    return db


def make_databases():
    """{'healthy': Database, 'failing': Database}; drop them with drop_databases()."""
    healthy = _keep(harness.new_database())
    healthy.add_worker("w-1", heartbeat_age=12)
    healthy.add_schedule("daily-full-sync", next_run_in=600)
    healthy.add_run("r-1", "daily-full-sync", "full-sync", "SUCCESS", started_age=3000,
                    finished_age=2900)

    failing = _keep(harness.new_database())
    failing.add_worker("w-9", heartbeat_age=400)
    for i in range(5):
        failing.add_worker(f"w-r{i}", status="STOPPED", heartbeat_age=500 + i,
                           started_age=600 + i * 300)
    failing.add_schedule("daily-full-sync", next_run_in=None)
    for i in range(3):
        failing.add_run(f"r-{i}", "daily-full-sync", "full-sync", "FAILED",
                        started_age=3000 + i * 100, finished_age=2900 + i * 100,
                        error="connection refused")
    return {"healthy": healthy, "failing": failing}


def drop_databases(databases):
    if databases:
        harness.cluster().psql("postgres", "".join(
            f"DROP DATABASE IF EXISTS {harness.ident(db.name)} WITH (FORCE);\n"
            for db in databases.values()))


def service_file(path, databases):
    """Writes a libpq service file with one service per scenario; returns its path."""
    c = harness.cluster()
    text = "".join(f"[{name}]\nhost={c.host}\nport={c.port}\ndbname={db.name}\nuser={c.user}\n\n"
                   for name, db in databases.items())
    path.write_text(text)
    return path


def _pids_with(marker):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def stop_daemon(process, marker, timeout=30):
    """Stops a daemon started with subprocess.Popen, then waits for the helper processes
    it forked (their command line contains `marker`, a path of the test's temp dir) and
    kills, by pid, any left after `timeout`."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    deadline = time.monotonic() + timeout
    while _pids_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in _pids_with(marker):
        try:
            os.kill(pid, 9)
        except OSError:
            pass


class ScenarioTestCase(harness.PluginTestCase):
    """Tests that share, for the whole class, a temporary directory (cls.tmp), the
    scenario databases (cls.databases) and at most one daemon of the monitoring system
    (cls.daemon). A subclass names TMP_PREFIX and overrides require_binaries() (runs
    first, may skip the class) and set_up_scenarios() (runs once the databases exist).
    A set-up that fails half-way tears down what it made."""

    TMP_PREFIX = "mps-scenarios."
    tmp = None
    databases = None
    daemon = None

    @classmethod
    def require_binaries(cls):
        pass

    @classmethod
    def set_up_scenarios(cls):
        pass

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_binaries()
        cls.tmp = Path(tempfile.mkdtemp(prefix=cls.TMP_PREFIX))
        try:
            cls.databases = make_databases()
            cls.set_up_scenarios()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.daemon is not None:
            stop_daemon(cls.daemon, cls.daemon_marker)
            cls.daemon = None
            cls.daemon_out.close()
        drop_databases(cls.databases)
        cls.databases = None
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def start_daemon(cls, argv, marker, ready, name, poll=0.2):
        """Starts argv as cls.daemon, its output in tmp/daemon.out, and waits up to 60 s
        until ready() is true. marker is what stop_daemon() looks for in the command line
        of the helpers it forks."""
        cls.daemon_out = open(cls.tmp / "daemon.out", "w")
        cls.daemon_marker = marker
        cls.daemon = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=cls.daemon_out,
                                      stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not ready():
            if cls.daemon.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not come up:\n"
                                   + (cls.tmp / "daemon.out").read_text()[-3000:])
            time.sleep(poll)
