"""integrations/prometheus against promtool: the alert rules load and fire on the plugins'
metrics (promtool check rules / test rules), and the systemd unit's ExecStart writes,
for every plugin and a healthy and a failing daemon, a textfile that `promtool check
metrics` accepts."""

import json
import re
import shlex
import shutil
import subprocess
import unittest

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "prometheus"
RULES = DIR / "schedule-alerts.rules.yml"
SERVICE = DIR / "monitoring-plugins-schedule@.service"
TIMER = DIR / "monitoring-plugins-schedule@.timer"
TEXTFILE_DIR = "/var/lib/prometheus/node-exporter"
PLUGIN_DIR = "/usr/lib/nagios/plugins"

# Series -> the alerts that must fire after 5 minutes of it (and only those).
RULE_CASES = [
    ("schedule_daemon_heartbeat_age_seconds", "12", []),
    ("schedule_daemon_up", "1", []),
    ("schedule_daemon_heartbeat_age_seconds", "400", ["ScheduleDaemonHeartbeatStale"]),
    ("schedule_daemon_up", "0", ["ScheduleDaemonHeartbeatStale"]),
    ("schedule_nextrun_missing", "0", []),
    ("schedule_nextrun_missing", "1", ["ScheduleWithoutNextRun"]),
    ("schedule_failures_worst_streak", "2", []),
    ("schedule_failures_worst_streak", "3", ["ScheduledJobFailingRepeatedly"]),
    ("daemon_restarts_starts", "3", []),
    ("daemon_restarts_starts", "4", ["ScheduleDaemonRestarting"]),
    ("schedule_nextrun_check_state", "2", []),
    ("schedule_nextrun_check_state", "3", ["ScheduleCheckUnknown"]),
]


def exec_start():
    """The unit's ExecStart as words, with the plugin directory of build/."""
    match = re.search(r"^ExecStart=(.+)$", SERVICE.read_text(), re.M)
    return shlex.split(match.group(1))


class PrometheusIntegration(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-prom."

    @classmethod
    def require_binaries(cls):
        cls.promtool = scenarios.require("promtool", "prometheus")

    def promtool_run(self, *args, input=None):
        return subprocess.run([self.promtool, *args], input=input, capture_output=True,
                              text=True, timeout=60)

    def test_check_rules(self):
        proc = self.promtool_run("check", "rules", str(RULES))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("SUCCESS: 6 rules found", proc.stdout)

    def test_rules_fire_as_the_alert_table_says(self):
        tests = []
        for metric, value, alerts in RULE_CASES:
            series = f'{metric}{{instance="db1:9100",job="node"}}'
            tests.append({
                "interval": "1m",
                "input_series": [{"series": series, "values": f"{value}x10"}],
                "alert_rule_test": [{"eval_time": "5m", "alertname": name,
                                     "exp_alerts": ([{"exp_labels": self.labels(name),
                                                      "exp_annotations":
                                                          self.annotations(name, value)}]
                                                    if name in alerts else [])}
                                    for name in self.alert_names()],
            })
        # Delay: 2 minutes of a stale heartbeat are not an alert yet.
        tests.append({
            "interval": "1m",
            "input_series": [{"series": 'schedule_daemon_up{instance="db1:9100",job="node"}',
                              "values": "0x10"}],
            "alert_rule_test": [{"eval_time": "2m", "alertname": "ScheduleDaemonHeartbeatStale",
                                 "exp_alerts": []}],
        })
        test_file = self.tmp / "rules.test.json"  # JSON is YAML
        test_file.write_text(json.dumps({"rule_files": [str(RULES)],
                                         "evaluation_interval": "1m", "tests": tests}))
        proc = self.promtool_run("test", "rules", str(test_file))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def annotations(self, alert, value):
        """The alert's annotations as Prometheus renders them for instance db1:9100."""
        block = RULES.read_text().split(f"- alert: {alert}\n", 1)[1].split("- alert:", 1)[0]
        found = dict(re.findall(r'^\s+(summary|description): "(.*)"$', block, re.M))
        return {k: v.replace("{{ $value }}", value).replace("{{ $labels.instance }}", "db1:9100")
                for k, v in found.items()}

    def alert_names(self):
        return re.findall(r"^\s+- alert: (\w+)", RULES.read_text(), re.M)

    def labels(self, alert):
        severity = {"ScheduleDaemonHeartbeatStale": ("critical", "critical"),
                    "ScheduleWithoutNextRun": ("critical", "high"),
                    "ScheduledJobFailingRepeatedly": ("warning", "medium"),
                    "ScheduleDaemonRestarting": ("warning", "medium")}
        labels = {"instance": "db1:9100", "job": "node"}
        if alert in severity:
            labels["severity"], labels["priority"] = severity[alert]
        else:
            labels["severity"] = "warning"
        return labels

    def test_systemd_units_verify(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze not installed")
        unitdir = self.tmp / "units"
        unitdir.mkdir(exist_ok=True)
        name = "monitoring-plugins-schedule@check_schedule_daemon"
        text = SERVICE.read_text().replace(PLUGIN_DIR, str(harness.build_dir() / "plugins"))
        (unitdir / f"{name}.service").write_text(text)
        shutil.copy(TIMER, unitdir / f"{name}.timer")
        proc = subprocess.run(["systemd-analyze", "verify", "--man=no",
                               f"./{name}.service", f"./{name}.timer"],
                              cwd=unitdir, capture_output=True, text=True, timeout=60)
        # Only our units' problems count (systemd may complain about the host's units).
        ours = [l for l in (proc.stdout + proc.stderr).splitlines() if name in l]
        self.assertEqual(ours, [], proc.stdout + proc.stderr)

    def test_unit_writes_metrics_promtool_accepts(self):
        words = exec_start()
        self.assertTrue(words[0].startswith(PLUGIN_DIR + "/"), words)
        rule_metrics = set(re.findall(r"(?<![\w(|])((?:schedule|daemon)_\w+)",
                                      RULES.read_text()))
        seen = set()
        for scenario, db in self.databases.items():
            outdir = self.tmp / scenario
            outdir.mkdir(exist_ok=True)
            for plugin in scenarios.PLUGINS:
                with self.subTest(plugin=plugin, scenario=scenario):
                    args = [w.replace("%i", plugin).replace(TEXTFILE_DIR, str(outdir))
                            for w in words[1:] if w != "$SCHEDULE_CHECK_OPTS"]
                    result = harness.run_plugin(plugin, *args, *db.conn_args())
                    self.assertEqual((result.code, result.stdout, result.stderr), (0, "", ""))
                    prom = outdir / f"{plugin}.prom"
                    text = prom.read_text()
                    check = self.promtool_run("check", "metrics", input=text)
                    self.assertEqual((check.returncode, check.stdout + check.stderr), (0, ""),
                                     text)
                    prefix = plugin.replace("check_", "")
                    code = scenarios.EXPECTED[plugin][scenario][0]
                    self.assertIn(f"\n{prefix}_check_state {code}\n", "\n" + text)
                    self.assertEqual(len(re.findall(r"^# TYPE ", text, re.M)),
                                     len(set(re.findall(r"^# TYPE (\S+)", text, re.M))))
                    seen.update(re.findall(r"^(\w+) ", text, re.M))
        # Every metric the rules use is one a plugin writes (catches typos in the rules).
        self.assertEqual(rule_metrics - seen, set())
        self.assertIn("schedule_daemon_up 0", (self.tmp / "failing" /
                                               "check_schedule_daemon.prom").read_text())


if __name__ == "__main__":
    unittest.main()
