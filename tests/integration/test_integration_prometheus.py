"""integrations/prometheus and integrations/grafana against the real software.

- promtool: the alert rules load; a generated `promtool test rules` suite proves, for
  every alert, that it does not fire before its `for:`, fires after it with its labels
  and annotations, and resolves when the metric is healthy again.
- amtool: the Alertmanager example loads and routes by severity.
- The systemd unit's ExecStart writes, for every plugin and a healthy and a failing
  daemon, a textfile that `promtool check metrics` accepts.
- Every metric name a rule, a dashboard panel or a runbook uses is one the plugins
  print.
- End to end (PrometheusEndToEnd): node_exporter's textfile collector reads files the
  plugins wrote, a real Prometheus scrapes it and evaluates the rules (`for:` shortened
  in a test copy), and a real Alertmanager receives ScheduleDaemonDown for the stale
  heartbeat (`amtool alert query`), the daemon's consequences inhibited. Every
  dashboard panel's PromQL returns a series from that Prometheus (`promtool query
  instant`). All servers listen on 127.0.0.1 and run as an unprivileged user."""

import json
import os
import re
import shlex
import shutil
import subprocess
import time
import unittest
import urllib.request

import yaml

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "prometheus"
RULES = DIR / "schedule-alerts.rules.yml"
ALERTMANAGER = DIR / "alertmanager.yml"
SERVICE = DIR / "monitoring-plugins-schedule@.service"
TIMER = DIR / "monitoring-plugins-schedule@.timer"
DASHBOARD = scenarios.INTEGRATIONS / "grafana" / "schedule-dashboard.json"
RUNBOOKS = harness.ROOT / "docs" / "runbooks"
RUNBOOK_BASE = "file:///usr/share/doc/monitoring-plugins-schedule/runbooks/"
TEXTFILE_DIR = "/var/lib/prometheus/node-exporter"
PLUGIN_DIR = "/usr/lib/nagios/plugins"


# Metrics of node_exporter itself that rules and panels may use.
NODE_EXPORTER_METRICS = {"node_textfile_mtime_seconds"}
# A metric name of ours (in PromQL with its string literals removed, or in prose).
OUR_METRIC = re.compile(r"(?<![\w/.-])((?:schedule_(?:daemon|nextrun|failures|runs|job)"
                        r"|daemon_restarts)_[a-z0-9_]+)")
# Any metric name with a selector in PromQL (string literals removed).
ANY_METRIC = re.compile(r"(?<![\w.$])([a-z_][a-z0-9_]*)(?=\s*\{)")
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def promql_metrics(expr):
    """The metric names a PromQL expression reads."""
    bare = STRING_LITERAL.sub('""', expr)
    return set(OUR_METRIC.findall(bare)) | set(ANY_METRIC.findall(bare))


def plugins():
    """The plugins to collect metrics from: the four, and check_schedule_runs when built."""
    names = list(scenarios.PLUGINS)
    if (harness.build_dir() / "plugins" / "check_schedule_runs").exists():
        names.append("check_schedule_runs")
    return list(dict.fromkeys(names))


def exec_start():
    """The unit's ExecStart as words."""
    match = re.search(r"^ExecStart=(.+)$", SERVICE.read_text(), re.M)
    return shlex.split(match.group(1))


def write_textfiles(db, outdir):
    """Runs every plugin as the systemd unit does, writing outdir/<plugin>.prom."""
    outdir.mkdir(parents=True, exist_ok=True)
    results = {}
    for plugin in plugins():
        args = [w.replace("%i", plugin).replace(TEXTFILE_DIR, str(outdir))
                for w in exec_start()[1:] if w != "$SCHEDULE_CHECK_OPTS"]
        results[plugin] = harness.run_plugin(plugin, *args, *db.conn_args())
    return results


def rules():
    return yaml.safe_load(RULES.read_text())["groups"][0]["rules"]


def dashboard_targets():
    """(panel title, PromQL) of every target of every dashboard panel."""
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [(p["title"], t["expr"]) for p in panels for t in p.get("targets", [])]


def concrete(expr):
    """A panel's PromQL with the dashboard variables as "all instances"."""
    return expr.replace("$instance", ".*")


# Per alert: the input series of one test, each "metric{labels}": (healthy, bad), where
# bad holds for BAD_MINUTES from minute 5 on and healthy before and after.
ALERT_INPUTS = {
    "ScheduleDaemonDown": {"schedule_daemon_up": (1, 0)},
    "ScheduleDaemonHeartbeatLate": {"schedule_daemon_heartbeat_age_seconds": (12, 200),
                                    "schedule_daemon_up": (1, 1)},
    "ScheduleWithoutNextRun": {"schedule_nextrun_missing": (0, 2)},
    "ScheduleLate": {"schedule_nextrun_late": (0, 1)},
    "ScheduleLockStuck": {"schedule_nextrun_stuck_locks": (0, 1)},
    "ScheduledJobFailingRepeatedly": {"schedule_failures_worst_streak": (2, 3)},
    "ScheduleDaemonRestarting": {"daemon_restarts_starts": (3, 4)},
    "ScheduleJobHung": {"schedule_runs_overrunning": (0, 1)},
    "ScheduleQueueBacklog": {"schedule_runs_oldest_queued_seconds": (600, 601)},
    "ScheduleJobSlowdown": {"schedule_runs_max_slowdown": (1.9, 2)},
    "ScheduleCheckUnknown": {"schedule_runs_check_state": (2, 3)},
}
INSTANCE = "db1:9100"
STALE_FILE = "/var/lib/prometheus/node-exporter/check_schedule_daemon.prom"


def minutes(duration):
    match = re.fullmatch(r"(\d+)([ms])", duration)
    return int(match.group(1)) * (1 if match.group(2) == "m" else 1 / 60)


def render(template, value, labels):
    """An annotation as Prometheus renders it, for the templates the rules use."""
    text = template.replace("{{ $value }}", value)
    return re.sub(r"\{\{ \$labels\.(\w+) \}\}", lambda m: labels[m.group(1)], text)


class PrometheusIntegration(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-prom."

    @classmethod
    def require_binaries(cls):
        cls.promtool = scenarios.require("promtool", "prometheus")
        cls.amtool = scenarios.require("amtool", "prometheus-alertmanager")

    def run_tool(self, tool, *args, input=None):
        return subprocess.run([tool, *args], input=input, capture_output=True, text=True,
                              timeout=60)

    def test_check_rules(self):
        proc = self.run_tool(self.promtool, "check", "rules", str(RULES))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn(f"SUCCESS: {len(rules())} rules found", proc.stdout)

    def test_the_original_daemon_down_alert(self):
        down = [r for r in rules() if r["alert"] == "ScheduleDaemonDown"]
        self.assertEqual([(r["expr"], r["for"], r["labels"]["severity"]) for r in down],
                         [("schedule_daemon_up == 0", "3m", "critical")])

    def test_every_alert_has_a_severity_and_its_runbook(self):
        for rule in rules():
            with self.subTest(alert=rule["alert"]):
                self.assertIn(rule["labels"]["severity"], ("critical", "warning"))
                url = rule["annotations"]["runbook_url"]
                self.assertTrue(url.startswith(RUNBOOK_BASE), url)
                self.assertTrue((RUNBOOKS / url[len(RUNBOOK_BASE):]).is_file(), url)
                # $value is the age or count only where the rule's metric has one.
                self.assertNotIn("$value", rule["annotations"]["description"])

    def alert_test(self, alert, series, bad_from, bad_until, for_minutes):
        """A promtool test: `alert` pending just before bad_from + for, firing at it,
        resolved at bad_until + 1 (minutes); no other alert at the firing time."""
        rule = next(r for r in rules() if r["alert"] == alert)
        labels = {"instance": INSTANCE, "job": "node", **rule["labels"]}
        firing_at = bad_from + for_minutes
        value = series[0][2]
        metric_labels = dict(re.findall(r'(\w+)="([^"]*)"', series[0][0]))
        exp = {"exp_labels": {**labels, **metric_labels},
               "exp_annotations": {k: render(v, value, {**labels, **metric_labels})
                                   for k, v in rule["annotations"].items()}}
        checks = [(firing_at - (1 if for_minutes >= 1 else 0.2), []),
                  (firing_at, [exp]), (bad_until + 1, [])]
        others = [{"eval_time": f"{firing_at}m", "alertname": r["alert"], "exp_alerts": []}
                  for r in rules() if r["alert"] != alert]
        return {"interval": "1m",
                "input_series": [{"series": s, "values": v} for s, v, _ in series],
                "alert_rule_test": [{"eval_time": f"{round(t * 60)}s", "alertname": alert,
                                     "exp_alerts": e} for t, e in checks] + others}

    def promtool_tests(self):
        tests = []
        for rule in rules():
            alert = rule["alert"]
            for_minutes = minutes(rule["for"])
            if alert == "ScheduleMetricsStale":
                # The file's mtime follows the clock until minute 4, then stops: its age
                # passes 300 s at minute 10; rewritten again from minute 25.
                tests.append(self.alert_test(alert, [
                    (f'node_textfile_mtime_seconds{{file="{STALE_FILE}",'
                     f'instance="{INSTANCE}",job="node"}}', "0+60x4 240x19 1500+60x5", "")],
                    10, 24, for_minutes))
                continue
            bad_minutes = int(for_minutes) + 3
            series = []
            for metric, (good, bad) in ALERT_INPUTS[alert].items():
                series.append((f'{metric}{{instance="{INSTANCE}",job="node"}}',
                               f"{good}x4 {bad}x{bad_minutes - 1} {good}x5", str(bad)))
            tests.append(self.alert_test(alert, series, 5, 5 + bad_minutes - 1, for_minutes))
        return tests

    def test_every_alert_waits_for_its_delay_fires_and_resolves(self):
        self.assertEqual(set(ALERT_INPUTS) | {"ScheduleMetricsStale"},
                         {r["alert"] for r in rules()})
        test_file = self.tmp / "rules.test.json"  # JSON is YAML
        test_file.write_text(json.dumps({"rule_files": [str(RULES)],
                                         "evaluation_interval": "1m",
                                         "tests": self.promtool_tests()}))
        proc = self.run_tool(self.promtool, "test", "rules", str(test_file))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_unknown_alert_covers_every_plugin(self):
        expr = next(r["expr"] for r in rules() if r["alert"] == "ScheduleCheckUnknown")
        self.assertEqual(sorted(re.findall(r"(\w+)_check_state == 3", expr)),
                         sorted(p.replace("check_", "") for p in
                                set(scenarios.PLUGINS) | {"check_schedule_runs"}))

    def test_alertmanager_example_loads_and_routes_by_severity(self):
        proc = self.run_tool(self.amtool, "check-config", str(ALERTMANAGER))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        for severity, receiver in (("critical", "schedule-pager"), ("warning", "schedule-chat")):
            with self.subTest(severity=severity):
                proc = self.run_tool(self.amtool, "config", "routes", "test",
                                     f"--config.file={ALERTMANAGER}",
                                     "alertname=ScheduleLate", f"severity={severity}")
                self.assertEqual((proc.returncode, proc.stdout.strip()), (0, receiver),
                                 proc.stderr)

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
        self.assertTrue(exec_start()[0].startswith(PLUGIN_DIR + "/"), exec_start())
        for scenario, db in self.databases.items():
            outdir = self.tmp / scenario
            for plugin, result in write_textfiles(db, outdir).items():
                with self.subTest(plugin=plugin, scenario=scenario):
                    self.assertEqual((result.code, result.stdout, result.stderr), (0, "", ""))
                    text = (outdir / f"{plugin}.prom").read_text()
                    check = self.run_tool(self.promtool, "check", "metrics", input=text)
                    self.assertEqual((check.returncode, check.stdout + check.stderr), (0, ""),
                                     text)
                    if plugin in scenarios.EXPECTED:
                        prefix = plugin.replace("check_", "")
                        code = scenarios.EXPECTED[plugin][scenario][0]
                        self.assertIn(f"\n{prefix}_check_state {code}\n", "\n" + text)
                    self.assertEqual(len(re.findall(r"^# TYPE ", text, re.M)),
                                     len(set(re.findall(r"^# TYPE (\S+)", text, re.M))))
        self.assertIn("schedule_daemon_up 0", (self.tmp / "failing" /
                                               "check_schedule_daemon.prom").read_text())

    def emitted_metrics(self):
        """Every metric name the plugins print for the two scenarios."""
        names = set()
        for scenario, db in self.databases.items():
            outdir = self.tmp / f"names-{scenario}"
            write_textfiles(db, outdir)
            for prom in outdir.glob("*.prom"):
                names.update(re.findall(r"^# TYPE (\w+) ", prom.read_text(), re.M))
        # A run history with a baseline, for the metrics only such history gives
        # (check_schedule_runs' max_slowdown).
        db = harness.new_database()
        db.add_schedule("nightly")
        db.add_run("r-now", "nightly", "sync", "SUCCESS", started_age=600, finished_age=500)
        db.add_run("r-then", "nightly", "sync", "SUCCESS", started_age=3 * 86400,
                   finished_age=3 * 86400 - 100)
        result = harness.run_plugin("check_schedule_runs", *db.conn_args(), "--min-runs=1",
                                    "--format=prometheus")
        names.update(re.findall(r"^# TYPE (\w+) ", result.stdout, re.M))
        return names

    def test_rules_dashboard_and_runbooks_use_only_metrics_the_plugins_print(self):
        known = self.emitted_metrics() | NODE_EXPORTER_METRICS
        self.assertIn("schedule_daemon_heartbeat_age_seconds", known)
        sources = {"rules": "\n".join(r["expr"] for r in rules()),
                   "dashboard": "\n".join(e for _, e in dashboard_targets())}
        for path in sorted(RUNBOOKS.glob("*.md")):
            sources[path.name] = path.read_text()
        used_anywhere = set()
        for source, text in sources.items():
            with self.subTest(source=source):
                if source in ("rules", "dashboard"):
                    used = promql_metrics(text)
                    self.assertGreaterEqual(len(used), 10, used)
                else:
                    used = set(OUR_METRIC.findall(text))
                self.assertEqual(used - known, set())
                used_anywhere |= used
        # The extraction sees what it must: a misspelt name would be caught.
        self.assertIn("schedule_job_duration_seconds", used_anywhere)
        self.assertIn("node_textfile_mtime_seconds", used_anywhere)

    def test_unknown_metric_in_a_rule_is_caught(self):
        self.assertEqual(promql_metrics('schedule_daemon_upp == 0 or sum(schedule_jobs_x) or '
                                        'rate(node_foo{file=~".*check_(schedule_runs_x)"}[5m])'),
                         {"schedule_daemon_upp", "node_foo"})
        self.assertEqual(promql_metrics('100 * sum by (job) (schedule_job_runz{a="b"})'),
                         {"schedule_job_runz"})

    def test_dashboard_panels(self):
        board = json.loads(DASHBOARD.read_text())
        self.assertGreaterEqual(board["schemaVersion"], 39)
        variables = {v["name"]: v for v in board["templating"]["list"]}
        self.assertEqual(variables["datasource"]["type"], "datasource")
        self.assertEqual(variables["datasource"]["query"], "prometheus")
        for panel in board["panels"]:
            with self.subTest(panel=panel["title"]):
                self.assertEqual(len({p["id"] for p in board["panels"]}), len(board["panels"]))
                if panel["type"] == "row":
                    continue
                self.assertEqual(panel["datasource"]["uid"], "${datasource}")
                self.assertTrue(panel["description"])
                for target in panel["targets"]:
                    self.assertEqual(target["datasource"]["uid"], "${datasource}")
                    self.assertIn('instance=~"$instance"', target["expr"])


def add_demo_runs(db):
    """Demo-like history for the healthy daemon (Prisma naming): two jobs with six days
    of successful runs at steady durations (a baseline and a recent day for every
    duration and slowdown panel), one run in progress and one queued, none of them a
    reason to alert."""
    db.add_schedule("hourly-export", next_run_in=1800)
    db.add_schedule("half-hourly-sync", next_run_in=600)
    clock = f"TIMESTAMPTZ {harness.lit(harness.FROZEN)}"
    db.sql("".join(f"""
        INSERT INTO "JobRun" ("id", "scheduleId", "jobName", "status", "startedAt", "finishedAt")
        SELECT '{job}-' || i, '{schedule}', '{job}', 'SUCCESS',
               ({clock} - make_interval(secs => i * {every} + 300)) AT TIME ZONE 'UTC',
               ({clock} - make_interval(secs => i * {every} + 300 - {base} - i % 5))
                   AT TIME ZONE 'UTC'
        FROM generate_series(1, {6 * 86400 // every}) AS i;"""
        for schedule, job, every, base in (("hourly-export", "export", 3600, 60),
                                           ("half-hourly-sync", "sync", 1800, 20))))
    db.add_run("export-now", "hourly-export", "export", "RUNNING", started_age=120)
    db.add_run("sync-next", "half-hourly-sync", "sync", "QUEUED", started_age=30)
    # Where the table records when a run was queued, the queued run has it too.
    db.sql("""
        DO $$ BEGIN
            IF EXISTS (SELECT FROM information_schema.columns
                       WHERE table_name = 'JobRun' AND column_name = 'createdAt') THEN
                EXECUTE 'UPDATE "JobRun" SET "createdAt" = "startedAt"';
            END IF;
        END $$;""")


class PrometheusEndToEnd(scenarios.ScenarioTestCase):
    """Plugins -> node_exporter textfile collector -> Prometheus -> Alertmanager."""

    TMP_PREFIX = "mps-prom-e2e."
    servers = ()

    @classmethod
    def require_binaries(cls):
        harness.skip_in_sanitizer_build("third-party servers")
        cls.promtool = scenarios.require("promtool", "prometheus")
        cls.prometheus = scenarios.require("prometheus", "prometheus")
        cls.amtool = scenarios.require("amtool", "prometheus-alertmanager")
        cls.alertmanager = scenarios.require("prometheus-alertmanager",
                                             "prometheus-alertmanager")
        cls.node_exporter = scenarios.require("prometheus-node-exporter",
                                              "prometheus-node-exporter")

    @classmethod
    def as_server_user(cls, argv):
        if os.geteuid() == 0:
            return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + argv
        return argv

    @classmethod
    def start_server(cls, name, argv, ready_url, marker):
        """Starts argv (as an unprivileged user), its output in tmp/<name>.out; waits up to
        30 s until ready_url answers. marker: a path in argv only this server has."""
        out = open(cls.tmp / f"{name}.out", "w")
        proc = subprocess.Popen(cls.as_server_user(argv), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT)
        cls.servers.append((proc, out, str(marker)))
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    return
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not come up:\n"
                                   + (cls.tmp / f"{name}.out").read_text()[-3000:])
            time.sleep(0.2)

    @classmethod
    def set_up_scenarios(cls):
        cls.servers = []
        os.chmod(cls.tmp, 0o755)
        # One node_exporter per scenario: instance "healthy" and instance "stale".
        cls.instances = {"healthy": "healthy", "failing": "stale"}
        add_demo_runs(cls.databases["healthy"])
        targets = []
        for scenario, instance in cls.instances.items():
            textdir = cls.tmp / f"textfile-{instance}"
            results = write_textfiles(cls.databases[scenario], textdir)
            bad = {p: r for p, r in results.items() if (r.code, r.stderr) != (0, "")}
            if bad:
                raise RuntimeError(f"plugins failed to write metrics: {bad}")
            os.chmod(textdir, 0o755)
            for prom in textdir.iterdir():
                os.chmod(prom, 0o644)
            port = harness.free_port()
            cls.start_server(f"node-{instance}", [
                cls.node_exporter, f"--web.listen-address=127.0.0.1:{port}",
                "--collector.disable-defaults", "--collector.textfile",
                f"--collector.textfile.directory={textdir}"],
                f"http://127.0.0.1:{port}/metrics", textdir)
            targets.append((instance, port))
        am_port = harness.free_port()
        (cls.tmp / "alertmanager").mkdir(mode=0o777)
        os.chmod(cls.tmp / "alertmanager", 0o777)
        cls.am_url = f"http://127.0.0.1:{am_port}"
        cls.start_server("alertmanager", [
            cls.alertmanager, f"--config.file={ALERTMANAGER}",
            f"--storage.path={cls.tmp / 'alertmanager'}",
            f"--web.listen-address=127.0.0.1:{am_port}", "--cluster.listen-address="],
            cls.am_url + "/-/ready", cls.tmp / "alertmanager")
        # The shipped rules with every `for:` shortened, so the test takes seconds.
        rules_copy = cls.tmp / "rules.yml"
        rules_copy.write_text(re.sub(r"(?m)^(\s+for: )\S+$", r"\g<1>2s", RULES.read_text()))
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(rules_copy)],
            "alerting": {"alertmanagers": [{"static_configs": [
                {"targets": [f"127.0.0.1:{am_port}"]}]}]},
            "scrape_configs": [{
                "job_name": "node",
                "static_configs": [{"targets": [f"127.0.0.1:{port}"],
                                    "labels": {"scenario": instance}}
                                   for instance, port in targets],
                # The instance label is the scenario's name, as an operator's host name.
                "relabel_configs": [{"source_labels": ["scenario"], "target_label": "instance"}],
            }],
        }
        (cls.tmp / "prometheus.yml").write_text(json.dumps(config))
        (cls.tmp / "prometheus").mkdir(mode=0o777)
        os.chmod(cls.tmp / "prometheus", 0o777)
        prom_port = harness.free_port()
        cls.prom_url = f"http://127.0.0.1:{prom_port}"
        cls.start_server("prometheus", [
            cls.prometheus, f"--config.file={cls.tmp / 'prometheus.yml'}",
            f"--storage.tsdb.path={cls.tmp / 'prometheus'}",
            f"--web.listen-address=127.0.0.1:{prom_port}"],
            cls.prom_url + "/-/ready", cls.tmp / "prometheus.yml")

    @classmethod
    def tearDownClass(cls):
        for proc, out, marker in reversed(cls.servers):
            scenarios.stop_daemon(proc, marker)
            out.close()
        cls.servers = []
        super().tearDownClass()

    def wait_for(self, what, probe, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.5)

    def alerts(self, *matchers):
        proc = subprocess.run([self.amtool, "alert", "query", "-o", "json", "--active",
                               "--inhibited",
                               f"--alertmanager.url={self.am_url}", *matchers],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_stale_heartbeat_fires_daemon_down_in_alertmanager(self):
        fired = self.wait_for("ScheduleDaemonDown",
                              lambda: self.alerts("alertname=ScheduleDaemonDown"))
        self.assertEqual([(a["labels"]["instance"], a["labels"]["severity"],
                           a["annotations"]["runbook_url"]) for a in fired],
                         [("stale", "critical", RUNBOOK_BASE + "daemon-down.md")],
                         (self.tmp / "prometheus.out").read_text()[-2000:])
        self.assertEqual(fired[0]["status"]["state"], "active")
        # The text amtool shows an operator by default.
        proc = subprocess.run([self.amtool, "alert", "query", f"--alertmanager.url={self.am_url}",
                               "instance=stale"], capture_output=True, text=True, timeout=30)
        self.assertIn("ScheduleDaemonDown", proc.stdout)

    def test_consequences_are_inhibited_while_the_daemon_is_down(self):
        self.wait_for("ScheduleDaemonDown", lambda: self.alerts("alertname=ScheduleDaemonDown"))
        missing = self.wait_for("ScheduleWithoutNextRun",
                                lambda: self.alerts("alertname=ScheduleWithoutNextRun"))
        self.assertEqual([(a["labels"]["instance"], a["status"]["state"]) for a in missing],
                         [("stale", "suppressed")])
        self.assertTrue(missing[0]["status"]["inhibitedBy"])
        # The restarts explain the outage: not inhibited.
        restarting = self.wait_for("ScheduleDaemonRestarting",
                                   lambda: self.alerts("alertname=ScheduleDaemonRestarting"))
        self.assertEqual([(a["labels"]["instance"], a["status"]["state"]) for a in restarting],
                         [("stale", "active")])

    def test_healthy_instance_raises_nothing(self):
        self.wait_for("ScheduleDaemonDown", lambda: self.alerts("alertname=ScheduleDaemonDown"))
        self.assertEqual(self.alerts("instance=healthy"), [])

    def query(self, expr):
        proc = subprocess.run([self.promtool, "query", "instant", "-o", "json",
                               self.prom_url, expr], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, f"{expr}\n{proc.stderr}")
        return json.loads(proc.stdout)

    def test_every_dashboard_panel_returns_a_series(self):
        self.wait_for("data", lambda: self.query("schedule_nextrun_enabled"))
        for title, expr in dashboard_targets():
            with self.subTest(panel=title, expr=expr):
                # Prometheus parses every query, also one whose metrics are not there yet.
                result = self.query(concrete(expr))
                if not result:
                    result = self.wait_for(expr, lambda: self.query(concrete(expr)), timeout=10)
                self.assertTrue(result, f"no series for {concrete(expr)}")


if __name__ == "__main__":
    unittest.main()
