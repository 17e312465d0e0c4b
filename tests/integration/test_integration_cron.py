"""integrations/cron: the cron.d lines mail only when a check is not OK, and the
systemd timer + OnFailure= alternative. No MTA and no systemd run here: the cron lines'
commands run in sh against a healthy and a failing database (cron mails exactly what a
job prints, so printing nothing is sending nothing); the mail script runs with stand-ins
for systemctl, journalctl and sendmail on PATH; `systemd-analyze verify` checks the
units; shellcheck checks the shipped shell scripts."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "cron"
CRONTAB = DIR / "monitoring-plugins-schedule.cron"
MAIL_SCRIPT = DIR / "schedule-check-mail"
INSTALLED_PLUGINS = "/usr/lib/nagios/plugins"
INSTALLED_MAIL_SCRIPT = "/usr/local/lib/monitoring-plugins-schedule/schedule-check-mail"
SHELL_SCRIPTS = [MAIL_SCRIPT, scenarios.INTEGRATIONS / "http" / "schedule-health.cgi"]


def cron_file():
    """(variables, [(plugin, command)]) of the cron.d file: user field dropped."""
    variables, jobs = {}, []
    for line in CRONTAB.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assignment = re.fullmatch(r"([A-Z_]+)=(.*)", line)
        if assignment:
            variables[assignment[1]] = assignment[2]
            continue
        fields = line.split(None, 6)
        plugin = re.search(r"/(check_\w+)", fields[6])[1]
        jobs.append((plugin, fields[6]))
    return variables, jobs


class CronMailsOnlyWhenNotOk(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-cron."

    def run_job(self, command, scenario, variables):
        """Runs one cron command as cron would (sh -c, the file's variables), on a
        service file whose service "scheduler" is the scenario's database."""
        c = harness.cluster()
        db = self.databases[scenario]
        services = self.tmp / f"{scenario}.conf"
        services.write_text(f"[scheduler]\nhost={c.host}\nport={c.port}\ndbname={db.name}\n"
                            f"user={c.user}\n")
        env = harness.plugin_env(dict(variables, PGSERVICEFILE=str(services)))
        command = command.replace(INSTALLED_PLUGINS, str(harness.build_dir() / "plugins"))
        return subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True,
                              env=env, timeout=60)

    def test_file_has_the_four_checks(self):
        variables, jobs = cron_file()
        self.assertEqual(sorted(p for p, _ in jobs), sorted(scenarios.PLUGINS))
        self.assertIn("MAILTO", variables)
        self.assertEqual(variables.get("PGSERVICE"), "scheduler")

    def test_no_unescaped_percent(self):
        # cron turns % into a newline and feeds the rest to stdin.
        for _, command in cron_file()[1]:
            self.assertNotRegex(command, r"(?<!\\)%")

    def test_healthy_prints_nothing(self):
        variables, jobs = cron_file()
        for plugin, command in jobs:
            with self.subTest(plugin):
                proc = self.run_job(command, "healthy", variables)
                self.assertEqual((proc.stdout, proc.stderr), ("", ""))
                self.assertEqual(proc.returncode, 0)

    def test_failing_prints_the_plugins_output(self):
        variables, jobs = cron_file()
        for plugin, command in jobs:
            with self.subTest(plugin):
                proc = self.run_job(command, "failing", variables)
                direct = harness.run_plugin(plugin, *self.databases["failing"].conn_args(),
                                            "-v")
                self.assertNotEqual(direct.code, 0)
                self.assertEqual(proc.stdout, direct.stdout)
                self.assertEqual(proc.stderr, "")


class SystemdAlternative(unittest.TestCase):
    """The units pass systemd-analyze verify; the OnFailure= mail script composes the
    mail from the failed run's journal."""

    def setUp(self):
        self.tmp = Path(os.path.realpath(tempfile.mkdtemp(prefix="mps-sd.")))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def install_units(self):
        units = self.tmp / "units"
        units.mkdir()
        for name in ("schedule-check@.service", "schedule-check@.timer",
                     "schedule-check-failed@.service"):
            text = (DIR / name).read_text()
            text = text.replace(INSTALLED_PLUGINS, str(harness.build_dir() / "plugins"))
            text = text.replace(INSTALLED_MAIL_SCRIPT, str(MAIL_SCRIPT))
            (units / name).write_text(text)
        instances = ["schedule-check@check_schedule_daemon.service",
                     "schedule-check@check_schedule_daemon.timer",
                     "schedule-check-failed@schedule-check@check_schedule_daemon.service.service"]
        for instance in instances:
            template = re.sub(r"@.*\.(service|timer)$", r"@.\1", instance)
            (units / instance).symlink_to(template)
        return units, instances

    def test_units_verify(self):
        analyze = scenarios.require("systemd-analyze", "systemd")
        units, instances = self.install_units()
        proc = subprocess.run([analyze, "verify", "--man=no", *(f"./{i}" for i in instances)],
                              cwd=units, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("OnFailure=schedule-check-failed@%n.service",
                      (DIR / "schedule-check@.service").read_text())

    def test_mail_script_sends_the_failed_runs_output(self):
        output = ("SCHEDULE_DAEMON CRITICAL - heartbeat 6m 40s ago (worker w-9 on app-1, "
                  "pid 4242)|heartbeat_age=400s;120;300;0 live=0;;;0\nw-9 on app-1\n")
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir()
        log = self.tmp / "calls"
        fakes = {
            "systemctl": 'echo "systemctl $*" >>"$LOG"; echo 0123abcd',
            "journalctl": f'echo "journalctl $*" >>"$LOG"; cat "{self.tmp / "journal"}"',
            "sendmail": f'echo "sendmail $*" >>"$LOG"; cat >"{self.tmp / "mail"}"',
            "uname": "echo monitor-1",
        }
        (self.tmp / "journal").write_text(output)
        for name, body in fakes.items():
            (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
            (bin_dir / name).chmod(0o755)
        env = dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin", LOG=str(log),
                   MAILTO="ops@example.com")
        unit = "schedule-check@check_schedule_daemon.service"
        proc = subprocess.run([str(MAIL_SCRIPT), unit], capture_output=True, text=True,
                              env=env, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        calls = log.read_text().splitlines()
        self.assertEqual(calls, [
            f"systemctl show --property=InvocationID --value -- {unit}",
            "journalctl --quiet --output=cat _SYSTEMD_INVOCATION_ID=0123abcd",
            "sendmail -i -t"])
        self.assertEqual((self.tmp / "mail").read_text(),
                         "To: ops@example.com\n"
                         f"Subject: [monitor-1] {unit}: {output.splitlines()[0]}\n"
                         "Content-Type: text/plain; charset=utf-8\n\n" + output)

    def test_shell_scripts_are_shellcheck_clean(self):
        shellcheck = scenarios.require("shellcheck", "shellcheck")
        for script in SHELL_SCRIPTS:
            with self.subTest(script.name):
                proc = subprocess.run([shellcheck, str(script)], capture_output=True,
                                      text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
