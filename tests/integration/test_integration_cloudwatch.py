"""integrations/cloudwatch without AWS: schedule-cloudwatch runs the built plugins
against a healthy and a failing database; the MetricData it produces is validated
against botocore's CloudWatch API model (PutMetricData through a Stubber, no network),
and the aws CLI call is checked with a stand-in `aws` on PATH that keeps the
--metric-data file."""

import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
import shutil
import tempfile
import unittest
from pathlib import Path

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "cloudwatch"
SCRIPT = DIR / "schedule-cloudwatch"
UNITS = {"": "None", "s": "Seconds", "%": "Percent"}

try:
    import botocore.session
    from botocore.exceptions import ParamValidationError
    from botocore.stub import Stubber
except ImportError:  # pragma: no cover - tools/install-deps installs python3-botocore
    botocore = None


def expected_metrics(code, perfdata):
    """(name, value, unit) of check_state and each perfdata item of line 1."""
    metrics = [("check_state", float(code), "None")]
    for item in perfdata.split():
        label, value = item.split(";")[0].split("=")
        number, unit = re.fullmatch(r"([-0-9.]+)(s|%|)", value).groups()
        metrics.append((label, float(number), UNITS[unit]))
    return metrics


class CloudWatchMetricData(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-cloudwatch."

    @classmethod
    def require_binaries(cls):
        if botocore is None:
            raise unittest.SkipTest("python3-botocore is not installed (tools/install-deps)")

    def setUp(self):
        session = botocore.session.get_session()
        self.client = session.create_client("cloudwatch", region_name="eu-west-1",
                                            aws_access_key_id="test",
                                            aws_secret_access_key="test")

    def run_script(self, plugin, scenario, *options, env=None):
        return subprocess.run(
            [sys.executable, str(SCRIPT), *options, "--host", "monitor-1",
             str(harness.build_dir() / "plugins" / plugin),
             *self.databases[scenario].conn_args()],
            capture_output=True, text=True, timeout=60, env=env or harness.plugin_env())

    def put(self, namespace, data):
        """PutMetricData through the Stubber: botocore validates the parameters against
        the CloudWatch model before the stub answers."""
        with Stubber(self.client) as stubber:
            stubber.add_response("put_metric_data", {},
                                 {"Namespace": namespace, "MetricData": data})
            self.client.put_metric_data(Namespace=namespace, MetricData=data)
            stubber.assert_no_pending_responses()

    def test_every_plugin_validates_against_the_api_model(self):
        for plugin in scenarios.PLUGINS:
            for scenario in ("healthy", "failing"):
                code, perfdata = scenarios.EXPECTED[plugin][scenario]
                with self.subTest(plugin=plugin, scenario=scenario):
                    proc = self.run_script(plugin, scenario, "--dry-run", "--namespace",
                                           "Scheduler", "--dimension", "Env=test")
                    self.assertEqual((proc.returncode, proc.stderr), (0, ""))
                    request = json.loads(proc.stdout)
                    self.assertEqual(request["Namespace"], "Scheduler")
                    data = request["MetricData"]
                    self.put(request["Namespace"], data)
                    self.assertEqual([(m["MetricName"], m["Value"], m["Unit"]) for m in data],
                                     expected_metrics(code, perfdata))
                    for metric in data:
                        self.assertEqual(metric["Dimensions"], [
                            {"Name": "Host", "Value": "monitor-1"},
                            {"Name": "Check", "Value": plugin},
                            {"Name": "Env", "Value": "test"}])

    def test_validation_is_real(self):
        with self.assertRaises(ParamValidationError):
            self.put("Scheduler", [{"MetricName": "x", "Value": "12", "Unit": "Seconds"}])

    def test_database_down_publishes_check_state_3(self):
        proc = subprocess.run([sys.executable, str(SCRIPT), "--dry-run", "--host", "m",
                               str(harness.build_dir() / "plugins" / "check_schedule_daemon"),
                               "-H", str(self.tmp / "none"), "-d", "x"],
                              capture_output=True, text=True, timeout=60,
                              env=harness.plugin_env())
        data = json.loads(proc.stdout)["MetricData"]
        self.put("MonitoringPluginsSchedule", data)
        self.assertEqual([(m["MetricName"], m["Value"]) for m in data], [("check_state", 3.0)])

    def test_details_omitted_and_other_keys_are_ignored(self):
        loader = importlib.machinery.SourceFileLoader("schedule_cloudwatch", str(SCRIPT))
        module = importlib.util.module_from_spec(
            importlib.util.spec_from_loader("schedule_cloudwatch", loader))
        loader.exec_module(module)
        output = json.dumps({"plugin": "check_schedule_failures", "state": "WARNING",
                             "exit_code": 1, "summary": "s", "details": [],
                             "details_omitted": 12, "perfdata": [
                                 {"label": "success_rate", "value": 50, "uom": "%",
                                  "warn": None, "crit": None, "min": 0, "max": 100}]})
        data = module.metric_data(output, 1, "check_schedule_failures", "m")
        self.assertEqual([(m["MetricName"], m["Value"], m["Unit"]) for m in data],
                         [("check_state", 1.0, "None"), ("success_rate", 50.0, "Percent")])
        self.put("Scheduler", data)

    def test_calls_the_aws_cli_with_a_metric_data_file(self):
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir(exist_ok=True)
        fake = bin_dir / "aws"
        fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" >"$CALL"\n'
                        'for a; do case $a in file://*) cat "${a#file://}" >"$DATA";; esac; '
                        'done\n')
        fake.chmod(0o755)
        env = harness.plugin_env({"PATH": f"{bin_dir}:{os.environ['PATH']}",
                                  "CALL": str(self.tmp / "call"),
                                  "DATA": str(self.tmp / "data")})
        proc = self.run_script("check_schedule_daemon", "failing", "--namespace", "Scheduler",
                               "--region", "eu-west-1", env=env)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        call = (self.tmp / "call").read_text().splitlines()
        self.assertEqual(call[:5], ["cloudwatch", "put-metric-data", "--namespace", "Scheduler",
                                    "--metric-data"])
        self.assertRegex(call[5], r"^file:///.+\.json$")
        self.assertEqual(call[6:], ["--region", "eu-west-1"])
        self.assertFalse(os.path.exists(call[5][len("file://"):]), "temporary file left")
        data = json.loads((self.tmp / "data").read_text())
        self.put("Scheduler", data)
        self.assertEqual(data[0]["Value"], 2.0)

    def test_failed_publish_fails_the_script(self):
        bin_dir = self.tmp / "bin-fail"
        bin_dir.mkdir(exist_ok=True)
        (bin_dir / "aws").write_text("#!/bin/sh\necho 'Unable to locate credentials' >&2\n"
                                     "exit 255\n")
        (bin_dir / "aws").chmod(0o755)
        env = harness.plugin_env({"PATH": f"{bin_dir}:{os.environ['PATH']}"})
        proc = self.run_script("check_schedule_daemon", "healthy", env=env)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Unable to locate credentials", proc.stderr)


class CloudWatchUnits(unittest.TestCase):
    def test_units_verify(self):
        analyze = scenarios.require("systemd-analyze", "systemd")
        tmp = Path(os.path.realpath(tempfile.mkdtemp(prefix="mps-cw-sd.")))
        self.addCleanup(shutil.rmtree, tmp, True)
        for name in ("schedule-cloudwatch@.service", "schedule-cloudwatch@.timer"):
            text = (DIR / name).read_text()
            text = text.replace("/usr/local/lib/monitoring-plugins-schedule/schedule-cloudwatch",
                                str(SCRIPT))
            (tmp / name).write_text(text.replace("/usr/lib/nagios/plugins",
                                                 str(harness.build_dir() / "plugins")))
        instances = ["schedule-cloudwatch@check_schedule_daemon.service",
                     "schedule-cloudwatch@check_schedule_daemon.timer"]
        for instance in instances:
            (tmp / instance).symlink_to(re.sub(r"@.*\.", "@.", instance))
        proc = subprocess.run([analyze, "verify", "--man=no", *(f"./{i}" for i in instances)],
                              cwd=tmp, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
