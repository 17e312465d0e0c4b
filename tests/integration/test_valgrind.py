"""valgrind memcheck: every plugin, one OK and one UNKNOWN run, no memory errors and no
definite leaks."""

import shutil
import subprocess

import harness
from harness import PluginTestCase, new_database
from private_cluster import PLUGINS, PREFIXES

VALGRIND = shutil.which("valgrind")


@__import__("unittest").skipUnless(VALGRIND, "valgrind is not installed (tools/install-deps installs it)")
class Memcheck(PluginTestCase):
    def setUp(self):
        if harness.sanitized():
            self.skipTest("valgrind cannot run AddressSanitizer builds; the plain build runs this")

    def run_valgrind(self, name, *args):
        cmd = [VALGRIND, "-q", "--error-exitcode=99", "--leak-check=full",
               "--errors-for-leak-kinds=definite", "--log-fd=2",
               str(harness.plugin_path(name)), *args]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              env=harness.plugin_env(), timeout=300)
        self.assertNotEqual(proc.returncode, 99, f"valgrind found errors:\n{proc.stderr}")
        self.assertEqual(proc.stderr, "", proc.stderr)
        return proc

    def test_ok_and_unknown_runs(self):
        db = new_database()
        db.add_worker("w-1")
        db.add_schedule("s-1")
        for name in PLUGINS:
            with self.subTest(plugin=name, run="ok"):
                # -t 60: valgrind is slow, the deadline must not be what we measure.
                proc = self.run_valgrind(name, *db.conn_args(), "-t", "60", "-vvv")
                self.assertEqual(proc.returncode, 0, proc.stdout)
                self.assertTrue(proc.stdout.startswith(PREFIXES[name] + " OK - "), proc.stdout)
            with self.subTest(plugin=name, run="unknown"):
                c = harness.cluster()
                proc = self.run_valgrind(name, "-H", c.host, "-P", c.port, "-d", "no_such_db",
                                         "-l", c.user, "-t", "60")
                self.assertEqual(proc.returncode, 3, proc.stdout)
                self.assertTrue(proc.stdout.startswith(PREFIXES[name] + " UNKNOWN - "), proc.stdout)

    def test_a_statement_sent_again_and_a_failed_one(self):
        # A pipeline's partial results: an enum without COMPLETED rejects the check's
        # statement (sent again), a column mapped to nothing that exists fails it.
        db = new_database()
        db.sql('CREATE TYPE "RunStatus" AS ENUM (\'QUEUED\', \'RUNNING\', \'SUCCESS\', '
               '\'FAILED\'); ALTER TABLE "JobRun" ALTER COLUMN status DROP DEFAULT, '
               'ALTER COLUMN status TYPE "RunStatus" USING status::text::"RunStatus";')
        db.add_schedule("s-1")
        for name in ("check_schedule_failures", "check_schedule_runs"):
            with self.subTest(plugin=name, run="again"):
                proc = self.run_valgrind(name, *db.conn_args(), "-t", "60", "-vvv", "-s", "s-1")
                self.assertTrue(proc.stdout.startswith(PREFIXES[name] + " OK - "), proc.stdout)
            with self.subTest(plugin=name, run="failed"):
                proc = self.run_valgrind(name, *db.conn_args(), "-t", "60",
                                         "--column=run.job_name=nope")
                self.assertEqual(proc.returncode, 3, proc.stdout)
                self.assertIn("--column=run.job_name=NAME", proc.stdout)
