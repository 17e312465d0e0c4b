"""The plugin's own -vv/-vvv lines (the settings line, each SQL statement) are shown whole,
in nagios and json format alike; only text from the database is cut to 200 characters
(SPEC §2). The settings line names the host and port libpq actually connected to."""

import json
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin


def long_output(result):
    return result.stdout.split("\n")[1:-1]


class OwnLinesWhole(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_worker("w-1", heartbeat_age=12)
        self.db.add_schedule("s-1", next_run_in=60)
        # A job name far beyond 200 characters: database text, cut in long output.
        self.db.add_run("r-1", "s-1", "j" * 300, "FAILED", started_age=120, finished_age=100,
                        error="boom")

    def run_all(self, *args, env=None, conn=True):
        for plugin in harness.PLUGINS:
            conn_args = self.db.conn_args() if conn else []
            yield plugin, run_plugin(plugin, *conn_args, *args, env=env)

    def test_sql_lines_are_whole_at_vvv(self):
        for plugin, result in self.run_all("-vvv"):
            with self.subTest(plugin=plugin):
                self.check_invariants(result)
                sql = [l for l in long_output(result) if l.startswith("sql (")]
                self.assertTrue(sql, result.stdout)
                self.assertTrue(any(len(l) > 200 for l in sql), result.stdout)
                for line in sql:
                    self.assertFalse(line.endswith("\u2026"), line)

    def test_statements_of_one_round_trip_share_its_time(self):
        # bench/run sums the times after "sql (": a round trip's time is on its first line.
        result = run_plugin("check_schedule_runs", *self.db.conn_args(), "-vvv", "-s", "s-1")
        self.check_invariants(result)
        sql = [l for l in long_output(result) if l.startswith("sql (")]
        self.assertRegex(sql[0], r"^sql \([0-9.]+ ms, 1 rows\): SELECT pg_catalog\.format_type")
        self.assertRegex(sql[1], r"^sql \(same round trip, 0 rows\): SELECT p\.n FROM unnest")
        self.assertRegex(sql[2], r"^sql \(same round trip, 6 rows\): SELECT e\.enumlabel")

    def test_settings_line_is_whole_in_json(self):
        for plugin, result in self.run_all("-vvv", "--format=json"):
            with self.subTest(plugin=plugin):
                details = json.loads(result.stdout)["details"]
                settings = [d for d in details if d.startswith("settings: ")]
                self.assertEqual(len(settings), 1, result.stdout)
                self.assertTrue(settings[0].endswith(" db-timezone=UTC"), settings[0])
                sql = [d for d in details if d.startswith("sql (")]
                self.assertTrue(any(len(d) > 200 for d in sql), result.stdout)

    def test_settings_name_the_host_and_port_libpq_used(self):
        c = harness.cluster()
        expected = f"settings: host={c.host} port={c.port} "
        # Given on the command line, and taken from PGHOST/PGPORT by libpq.
        env = {"PGHOST": c.host, "PGPORT": c.port, "PGUSER": c.user,
               "PGDATABASE": self.db.name}
        for how, runs in (("options", self.run_all("-vv")),
                          ("environment", self.run_all("-vv", env=env, conn=False))):
            for plugin, result in runs:
                with self.subTest(plugin=plugin, how=how):
                    settings = [l for l in long_output(result) if l.startswith("settings: ")]
                    self.assertEqual(len(settings), 1, result.stdout)
                    self.assertTrue(settings[0].startswith(expected), settings[0])
                    self.assertNotIn("(libpq default)", settings[0].split(" dbname=")[0])

    def test_database_text_is_still_cut_at_200(self):
        result = run_plugin("check_schedule_failures", *self.db.conn_args(), "-vv", "-w", "0")
        self.check_invariants(result)
        job_lines = [l for l in long_output(result) if "jjjj" in l]
        self.assertTrue(job_lines, result.stdout)
        for line in job_lines:
            self.assertLessEqual(len(line), 200, line)
            self.assertTrue(line.endswith("\u2026"), line)


if __name__ == "__main__":
    unittest.main()
