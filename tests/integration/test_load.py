"""Load: 200 concurrent runs of every plugin (MPS_LOAD_RUNS_PER_PLUGIN), against a
server limited to 20 connections (the private cluster). Every run ends within its
deadline with 0..3 and one status line, none is killed by a signal, no zombie is left,
and no server session of check_% outlives its plugin.

A run either answers (perfdata) or says in one UNKNOWN line why it could not: the
server is full ("too many clients"), the deadline passed before the overloaded server
finished the connection ("timed out after 10 s"), or the postmaster's listen queue,
which the plugins retry while it is full, stayed full until the deadline (test_faults
covers both queue cases on their own).

All runs are started first, each waiting at a gate, then released at once; one thread
reaps them, output going to files, so a run's time is its own, counted from the gate."""

import os
import signal
import statistics
import tempfile
import time

import harness
import private_cluster as pc
from harness import PluginTestCase

RUNS_PER_PLUGIN = int(os.environ.get("MPS_LOAD_RUNS_PER_PLUGIN", "200"))
TIMEOUT = 10  # the plugins' -t
# A run's deadline starts in its main(), and 800 processes released at once on 2 cores
# queue for the CPU before they get there: runs that answered OK within their deadline
# were seen to live up to 80 s (machine load 15 before the burst; ASan builds start
# slower still). So the lifetime seen from outside bounds hangs (a run the watchdog
# failed to end), not the deadline itself; test_faults measures that one on its own,
# on a quiet machine.
HANG = 300  # seconds after the gate; then every run still alive is killed, reported hung

# The reasons a run may give, in one UNKNOWN line, for having no answer.
ONE_LINE_UNKNOWNS = ("too many clients",                   # the 18 slots are taken
                     f"timed out after {TIMEOUT} s",       # connected, never answered in time
                     "Resource temporarily unavailable")  # listen queue full until the deadline


class Load(PluginTestCase):
    def test_concurrent_runs_against_a_small_server(self):
        dbname = pc.database("load")
        pc.ensure_running()
        env = harness.plugin_env()
        with tempfile.TemporaryDirectory(prefix="mps-load.") as out_dir:
            runs = self._run_all(dbname, env, out_dir)

        codes, unknowns = {}, {reason: 0 for reason in ONE_LINE_UNKNOWNS}
        for run in runs:
            name, code, text, err, elapsed = (run["name"], run["code"], run["out"],
                                              run["err"], run["elapsed"])
            context = f"{name}: exit {code}, {elapsed:.1f} s, stdout {text[:300]!r}, stderr {err[:300]!r}"
            self.assertNotEqual(code, "hung", context)
            self.assertGreaterEqual(code, 0, "killed by a signal: " + context)
            self.assertIn(code, (0, 1, 2, 3), context)
            self.assertEqual(err, b"", context)
            self.assertTrue(text.startswith(pc.PREFIXES[name] + " "), context)
            if "|" in text:
                self.assertEqual(text.count("|"), 1, context)
            else:
                self.assertEqual(code, 3, context)
                self.assertEqual(text.count("\n"), 1, context)
                reasons = [r for r in ONE_LINE_UNKNOWNS if r in text]
                self.assertTrue(reasons, "an UNKNOWN line without an expected reason: " + context)
                unknowns[reasons[0]] += 1
            codes[code] = codes.get(code, 0) + 1
        self.assertIn(0, codes, f"no run succeeded at all: {codes}")

        # No zombies: every child was reaped, none is left over.
        with self.assertRaises(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)
        self.assertEqual(self._zombies(), [])
        self.assertEqual(pc.wait_for_no_sessions(), 0, "server sessions of check_% left over")

        lifetimes = [run["elapsed"] for run in runs]
        print(f"\n  load: {len(runs)} runs in {self.wall:.1f} s, exit codes {codes}, one-line "
              f"UNKNOWNs {unknowns}, run time median {statistics.median(lifetimes):.1f} s, "
              f"slowest {max(lifetimes):.1f} s", flush=True)

    def _run_all(self, dbname, env, out_dir):
        """Starts every run, each held by `sh` at a gate until all exist, then opens the
        gate (EOF on a pipe they all read) so they run at once; reaps each as it exits.
        Returns one dict per run, its time counted from the gate."""
        gate_read, gate_write = os.pipe()
        pending, runs = {}, []
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        try:
            for i in range(RUNS_PER_PLUGIN):
                for name in pc.PLUGINS:
                    out, err = (os.path.join(out_dir, f"{name}.{i}.{s}") for s in ("out", "err"))
                    args = [harness.plugin_path(name), *pc.conn_args(dbname), "-t", str(TIMEOUT)]
                    pid = os.posix_spawn("/bin/sh", ["sh", "-c", 'read -r _; exec "$@"', "sh", *map(str, args)],
                                         env, file_actions=[
                                             (os.POSIX_SPAWN_DUP2, gate_read, 0),
                                             (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o600),
                                             (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o600)])
                    pending[pid] = {"name": name, "paths": (out, err)}
        finally:
            os.close(gate_read)
            began = time.monotonic()
            os.close(gate_write)

        while pending:
            pid, status, _ = os.wait4(-1, os.WNOHANG)
            if pid:
                run = pending.pop(pid)
                run["code"] = os.waitstatus_to_exitcode(status)
                runs.append(self._collect(run, time.monotonic() - began))
            elif time.monotonic() - began > HANG:
                for hung, run in pending.items():
                    os.kill(hung, signal.SIGKILL)
                    os.waitpid(hung, 0)
                    run["code"] = "hung"
                    runs.append(self._collect(run, time.monotonic() - began))
                break
            else:
                time.sleep(0.005)
        self.wall = time.monotonic() - began
        return runs

    @staticmethod
    def _collect(run, elapsed):
        out, err = run.pop("paths")
        with open(out, "rb") as f:
            run["out"] = f.read().decode("utf-8", "replace")
        with open(err, "rb") as f:
            run["err"] = f.read()
        run["elapsed"] = elapsed
        return run

    @staticmethod
    def _zombies():
        zombies = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if fields[0] == "Z" and int(fields[1]) == os.getpid():
                    zombies.append(pid)
        return zombies
