"""One long-output rule for every plugin (monitoring-plugins-schedule(7), OUTPUT): without
-v only line 1; -v adds one line per offending item (an item behind a WARNING or
CRITICAL), so a healthy system has none; -vv adds every item checked and the settings;
-vvv each SQL statement."""

import unittest

import harness
import integration_scenarios as scenarios
from harness import PluginTestCase, run_plugin


def long_output(result):
    return result.stdout.split("\n")[1:-1]


class LongOutputRule(PluginTestCase):
    @classmethod
    def setUpClass(cls):
        cls.databases = scenarios.make_databases()

    @classmethod
    def tearDownClass(cls):
        scenarios.drop_databases(cls.databases)

    def run_each(self, scenario, *args):
        db = self.databases[scenario]
        for plugin in harness.PLUGINS:
            result = run_plugin(plugin, *db.conn_args(), *args)
            self.check_invariants(result)
            yield plugin, result

    def test_without_v_only_line_1(self):
        for scenario in ("healthy", "failing"):
            for plugin, result in self.run_each(scenario):
                with self.subTest(plugin=plugin, scenario=scenario):
                    self.assertEqual(long_output(result), [], result.stdout)

    def test_v_on_a_healthy_system_adds_nothing(self):
        for plugin, result in self.run_each("healthy", "-v"):
            with self.subTest(plugin=plugin):
                self.assertEqual(result.code, 0, result.stdout)
                self.assertEqual(long_output(result), [], result.stdout)

    def test_v_names_the_offending_items(self):
        # The failing database's offenders, as each plugin names them at -v.
        offenders = {"check_schedule_nextrun": "no next run: daily-full-sync",
                     "check_schedule_failures": "daily-full-sync/full-sync failed 3 times",
                     "check_daemon_restarts": "start: "}
        for plugin, result in self.run_each("failing", "-v"):
            if plugin not in offenders:
                continue
            with self.subTest(plugin=plugin):
                self.assertNotEqual(result.code, 0, result.stdout)
                self.assertTrue(any(l.startswith(offenders[plugin])
                                    for l in long_output(result)), result.stdout)
                self.assertFalse([l for l in long_output(result)
                                  if l.startswith(("settings: ", "sql ("))], result.stdout)

    def test_v_notes_a_warning_that_can_never_fire(self):
        db = self.databases["healthy"]
        note = ("note: -w/--warning 300 never fires before -c/--critical 120: every value it "
                "alerts on is CRITICAL already")
        result = run_plugin("check_schedule_daemon", *db.conn_args(), "-w", "300", "-c", "120",
                            "-v")
        self.assertPlugin(result, 0, startswith="SCHEDULE_DAEMON OK - ")
        self.assertEqual(long_output(result), [note])
        quiet = run_plugin("check_schedule_daemon", *db.conn_args(), "-w", "300", "-c", "120")
        self.assertEqual(long_output(quiet), [])
        usual = run_plugin("check_schedule_daemon", *db.conn_args(), "-w", "120", "-c", "300",
                           "-v")
        self.assertEqual(long_output(usual), [])
        # Secondary pairs too: --lock-warning beyond --lock-critical.
        result = run_plugin("check_schedule_nextrun", *db.conn_args(), "--lock-warning=2h",
                            "--lock-critical=1h", "-v")
        self.assertIn("note: --lock-warning 7200 never fires before --lock-critical 3600: "
                      "every value it alerts on is CRITICAL already", long_output(result))

    def test_vv_adds_the_settings_on_a_healthy_system(self):
        for plugin, result in self.run_each("healthy", "-vv"):
            with self.subTest(plugin=plugin):
                lines = long_output(result)
                self.assertEqual(len([l for l in lines if l.startswith("settings: ")]), 1,
                                 result.stdout)


if __name__ == "__main__":
    unittest.main()
