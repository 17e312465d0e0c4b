"""integrations/datadog without the Agent (it is not installable here): the custom check
checks.d/schedule.py runs the built plugins against a healthy and a failing database
with --format=json, under a stand-in for datadog_checks.base.AgentCheck that records
what the check submits. The service check's status must be the plugin's exit code and
every perfdata value a gauge named <prefix>.<label>[_seconds|_percent]. The OpenMetrics
alternative's metric patterns must select every series --format=prometheus writes."""

import importlib.util
import json
import re
import sys
import types
import unittest

import yaml

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "datadog"
SUFFIX = {"": "", "s": "_seconds", "%": "_percent"}


class AgentCheckStandIn:
    """The part of datadog_checks.base.AgentCheck the check uses."""
    OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3

    def __init__(self, name="schedule", init_config=None, instances=None):
        self.name = name
        self.gauges = []
        self.service_checks = []

    def gauge(self, name, value, tags=None, hostname=None):
        self.gauges.append((name, value, tuple(tags or ())))

    def service_check(self, name, status, tags=None, hostname=None, message=None):
        self.service_checks.append((name, status, tuple(tags or ()), message))


def load_check_module():
    base = types.ModuleType("datadog_checks.base")
    base.AgentCheck = AgentCheckStandIn
    package = types.ModuleType("datadog_checks")
    package.base = base
    saved = {k: sys.modules.get(k) for k in ("datadog_checks", "datadog_checks.base")}
    sys.modules.update({"datadog_checks": package, "datadog_checks.base": base})
    try:
        spec = importlib.util.spec_from_file_location("schedule_check",
                                                      DIR / "checks.d" / "schedule.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value


def expected_gauges(plugin, perfdata):
    """The gauges a perfdata string of line 1 must become."""
    prefix = plugin[len("check_"):]
    gauges = []
    for item in perfdata.split():
        label, value = item.split(";")[0].split("=")
        number, unit = re.fullmatch(r"([-0-9.]+)(s|%|)", value).groups()
        gauges.append((f"{prefix}.{label}{SUFFIX[unit]}", float(number)))
    return gauges


class DatadogCustomCheck(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-datadog."

    @classmethod
    def set_up_scenarios(cls):
        cls.module = load_check_module()

    def run_check(self, plugin, scenario):
        check = self.module.ScheduleCheck("schedule", {}, [])
        instance = {"plugin": plugin, "plugin_dir": str(harness.build_dir() / "plugins"),
                    "args": self.databases[scenario].conn_args(), "timeout": 10,
                    "tags": ["env:test"]}
        check.check(instance)
        return check

    def test_service_check_and_gauges_of_every_plugin(self):
        for plugin in scenarios.PLUGINS:
            prefix = plugin[len("check_"):]
            for scenario in ("healthy", "failing"):
                code, perfdata = scenarios.EXPECTED[plugin][scenario]
                with self.subTest(plugin=plugin, scenario=scenario):
                    check = self.run_check(plugin, scenario)
                    tags = ("env:test", f"plugin:{plugin}")
                    direct = harness.run_plugin(plugin, *self.databases[scenario].conn_args(),
                                                "--format=json")
                    self.assertEqual(check.service_checks, [
                        (f"{prefix}.status", code, tags, json.loads(direct.stdout)["summary"])])
                    self.assertEqual(check.gauges, [
                        (name, value, tags) for name, value in
                        expected_gauges(plugin, perfdata) + [(f"{prefix}.check_state",
                                                              float(code))]])

    def test_plugin_that_cannot_run_is_unknown(self):
        check = self.module.ScheduleCheck("schedule", {}, [])
        check.check({"plugin": "check_schedule_daemon", "plugin_dir": str(self.tmp)})
        [(name, status, _, message)] = check.service_checks
        self.assertEqual((name, status), ("schedule_daemon.status", 3))
        self.assertIn("did not run", message)
        self.assertEqual(check.gauges, [])

    def test_database_down_is_unknown_with_its_message(self):
        check = self.module.ScheduleCheck("schedule", {}, [])
        check.check({"plugin": "check_schedule_nextrun",
                     "plugin_dir": str(harness.build_dir() / "plugins"),
                     "args": ["-H", str(self.tmp / "none"), "-d", "x"]})
        [(name, status, _, message)] = check.service_checks
        self.assertEqual((name, status), ("schedule_nextrun.status", 3))
        self.assertIn("cannot connect to the database", message)
        self.assertEqual(check.gauges, [("schedule_nextrun.check_state", 3.0,
                                         ("plugin:check_schedule_nextrun",))])

    def test_unknown_keys_such_as_details_omitted_are_ignored(self):
        output = json.dumps({"plugin": "check_schedule_failures", "state": "WARNING",
                             "exit_code": 1, "summary": "s", "details": ["a"],
                             "details_omitted": 40, "perfdata": [
                                 {"label": "runs", "value": 3, "uom": "", "warn": None,
                                  "crit": None, "min": 0, "max": None}]})
        self.assertEqual(self.module.parse_output(output, 1),
                         (1, "s", [("schedule_failures.runs", 3.0),
                                   ("schedule_failures.check_state", 1.0)]))

    def test_unreadable_output_is_unknown(self):
        status, message, gauges = self.module.parse_output("SCHEDULE_DAEMON OK - x\n", 0)
        self.assertEqual((status, gauges), (3, []))
        self.assertIn("unreadable plugin output", message)

    def test_example_instances_name_known_plugins(self):
        conf = yaml.safe_load((DIR / "conf.d" / "schedule.d" / "conf.yaml").read_text())
        plugins = [instance["plugin"] for instance in conf["instances"]]
        self.assertEqual(sorted(plugins), sorted(scenarios.PLUGINS))
        for instance in conf["instances"]:
            self.assertIsInstance(instance["args"], list)


class DatadogOpenMetrics(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-datadog-om."

    def test_patterns_select_every_series_the_plugins_write(self):
        conf = yaml.safe_load((DIR / "conf.d" / "openmetrics.d" / "conf.yaml").read_text())
        [instance] = conf["instances"]
        patterns = [p for p in instance["metrics"] if isinstance(p, str)]
        self.assertEqual(instance["namespace"], "schedule")
        for plugin in scenarios.PLUGINS:
            for scenario, db in self.databases.items():
                result = harness.run_plugin(plugin, *db.conn_args(), "--format=prometheus")
                names = {re.split(r"[{\s]", line)[0] for line in result.stdout.splitlines()
                         if line and not line.startswith("#")}
                self.assertTrue(names)
                for name in names:
                    with self.subTest(plugin=plugin, scenario=scenario, name=name):
                        self.assertTrue(any(re.fullmatch(p, name) for p in patterns))
        self.assertFalse(any(re.fullmatch(p, "node_cpu_seconds_total") for p in patterns))
