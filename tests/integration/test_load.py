"""Load: 200 concurrent runs of every plugin (MPS_LOAD_RUNS_PER_PLUGIN), against a
server limited to 20 connections (the private cluster). Every run ends within its
deadline with 0..3 and one status line (perfdata, or an UNKNOWN saying the server is
full), none is killed by a signal, no zombie is left, and no server session of check_%
outlives its plugin. A burst of connects also overflows the postmaster's listen queue,
which the plugins ride out by retrying (test_faults covers that on its own)."""

import os
import subprocess
import threading
import time

import harness
import private_cluster as pc
from harness import PluginTestCase

# 800 runs took 61 s on a loaded 2-core machine (all OK, the slowest 3.1 s).
RUNS_PER_PLUGIN = int(os.environ.get("MPS_LOAD_RUNS_PER_PLUGIN", "200"))
TIMEOUT = 10  # the plugins' -t


class Load(PluginTestCase):
    def test_concurrent_runs_against_a_small_server(self):
        dbname = pc.database("load")
        pc.ensure_running()
        jobs = [(name, i) for i in range(RUNS_PER_PLUGIN) for name in pc.PLUGINS]
        results = [None] * len(jobs)
        env = harness.plugin_env()
        start_gate = threading.Event()

        def worker(index, name):
            start_gate.wait()
            args = [str(harness.plugin_path(name)), *pc.conn_args(dbname), "-t", str(TIMEOUT)]
            started = time.monotonic()
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env)
            try:
                out, err = proc.communicate(timeout=TIMEOUT + 90)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                results[index] = (name, "hung", b"", b"", time.monotonic() - started)
                return
            results[index] = (name, proc.returncode, out, err, time.monotonic() - started)

        threads = [threading.Thread(target=worker, args=(i, name), daemon=True)
                   for i, (name, _) in enumerate(jobs)]
        for t in threads:
            t.start()
        began = time.monotonic()
        start_gate.set()
        for t in threads:
            t.join(TIMEOUT + 120)
        wall = time.monotonic() - began

        self.assertTrue(all(r is not None for r in results), "a run never finished")
        codes = {}
        refused = 0
        slowest = 0.0
        for name, code, out, err, elapsed in results:
            text = out.decode("utf-8", "replace")
            context = f"{name}: exit {code}, {elapsed:.1f} s, stdout {text[:300]!r}, stderr {err[:300]!r}"
            self.assertNotEqual(code, "hung", context)
            self.assertGreaterEqual(code, 0, "killed by a signal: " + context)
            self.assertIn(code, (0, 1, 2, 3), context)
            self.assertEqual(err, b"", context)
            self.assertTrue(text.startswith(pc.PREFIXES[name] + " "), context)
            if "|" not in text:
                # 18 slots for 200 clients: a run may find the server full. That is a
                # one-line UNKNOWN saying so, never a half answer.
                self.assertEqual(code, 3, context)
                self.assertEqual(text.count("\n"), 1, context)
                self.assertIn("too many clients", text, context)
                refused += 1
            else:
                self.assertEqual(text.count("|"), 1, context)
            # The plugin enforces its deadline itself (poll, then the watchdog half a second
            # later); measured from here, the time also holds process start-up and 200
            # threads' scheduling on a loaded machine (16 s seen at load 9 on 2 cores, 36 s with ASan, for a
            # run that itself finished OK). The bound catches hangs, not slowness.
            self.assertLess(elapsed, TIMEOUT + 50, context)
            codes[code] = codes.get(code, 0) + 1
            slowest = max(slowest, elapsed)
        self.assertIn(0, codes, f"no run succeeded at all: {codes}")

        # No zombies: every child was reaped, none is left over.
        with self.assertRaises(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)
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
        self.assertEqual(zombies, [])
        self.assertEqual(pc.wait_for_no_sessions(), 0, "server sessions of check_% left over")
        print(f"\n  load: {len(jobs)} runs in {wall:.1f} s, exit codes {codes} ({refused} refused: server full), slowest {slowest:.1f} s",
              flush=True)
