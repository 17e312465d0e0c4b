"""integrations/nagios against a real Nagios 4: `nagios4 -v` accepts the shipped command
definitions and example services together with Debian's stock objects and the
monitoring-plugins' command definitions (no name clash), and a throwaway Nagios (every
path in a temp dir, running as the current user) executes each command for a healthy and
a failing scheduler database: SCHEDULE_FORCED_SVC_CHECK goes to its command file, state,
output and perfdata come back from status.dat. A third host on the healthy database
tightens only the daemon check through its own custom variable: its daemon service turns
CRITICAL while its other services stay as they are."""

import math
import os
import re
import subprocess
import time
import unittest
from pathlib import Path

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "nagios"
COMMANDS = DIR / "schedule-commands.cfg"
EXAMPLES = DIR / "example-services.cfg"
STOCK_OBJECTS = Path("/etc/nagios4/objects")
MONITORING_PLUGINS_CONFIG = Path("/etc/nagios-plugins/config")
# The tuned host: healthy data, the heartbeat (12 s old) judged by -w 5s -c 10s.
TUNED = "tuned"
TUNED_DAEMON = (2, "heartbeat_age=12s;5;10;0 live=1;;;0 uptime=3600s;;;0")
SERVICES = {"Schedule daemon": "check_schedule_daemon",
            "Schedule next runs": "check_schedule_nextrun",
            "Scheduled job failures": "check_schedule_failures",
            "Schedule daemon restarts": "check_daemon_restarts"}


def status_blocks(text, kind):
    """The `kind { key=value ... }` blocks of status.dat as dicts."""
    blocks = []
    for body in re.findall(r"^" + kind + r" \{\n(.*?)^\t\}", text, re.M | re.S):
        blocks.append(dict(line.strip().split("=", 1) for line in body.splitlines()
                           if "=" in line))
    return blocks


class NagiosIntegration(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-nagios."

    @classmethod
    def require_binaries(cls):
        cls.nagios = scenarios.require("nagios4", "nagios4-core")
        scenarios.require(str(STOCK_OBJECTS / "templates.cfg"), "nagios4-common")

    @classmethod
    def set_up_scenarios(cls):
        cls.write_config()
        cls.validation = subprocess.run([cls.nagios, "-v", str(cls.config)],
                                        capture_output=True, text=True, timeout=120)
        if cls.validation.returncode == 0:
            cls.start_daemon(
                [cls.nagios, str(cls.config)], str(cls.config),
                lambda: (cls.tmp / "nagios.cmd").exists() and (cls.tmp / "status.dat").exists(),
                "nagios4")
            cls.results = cls.check_all()

    @classmethod
    def write_config(cls):
        t = cls.tmp
        (t / "checkresults").mkdir()
        user = subprocess.check_output(["id", "-un"], text=True).strip()
        group = subprocess.check_output(["id", "-gn"], text=True).strip()
        (t / "resource.cfg").write_text(f"$USER1$={harness.build_dir() / 'plugins'}\n")
        c = harness.cluster()
        cls.hosts = {**{name: (name, "") for name in cls.databases},
                     TUNED: ("healthy", "_SCHEDULE_DAEMON_OPTS   -w 5s -c 10s")}
        hosts = "".join(f"""
define host {{
    use                     schedule-database
    host_name               {name}
    address                 {c.host}
    max_check_attempts      1
    active_checks_enabled   0
    contact_groups          admins
    _SCHEDULE_DB            {cls.databases[scenario].name}
    _SCHEDULE_CONN          -P {c.port} -l {c.user}
    {extra}
}}
""" for name, (scenario, extra) in cls.hosts.items())
        (t / "hosts.cfg").write_text(hosts)
        cfg_files = [STOCK_OBJECTS / n for n in
                     ("commands.cfg", "contacts.cfg", "timeperiods.cfg", "templates.cfg")]
        # Debian's nagios4 loads the monitoring-plugins' commands too: ours must not clash.
        # (Skip our own file in case the package is installed on this machine.)
        if MONITORING_PLUGINS_CONFIG.is_dir():
            cfg_files += [p for p in sorted(MONITORING_PLUGINS_CONFIG.glob("*.cfg"))
                          if "check_schedule_daemon" not in p.read_text(errors="replace")]
        cfg_files += [COMMANDS, EXAMPLES, t / "hosts.cfg"]
        cls.config = t / "nagios.cfg"
        cls.config.write_text("\n".join([
            *(f"cfg_file={p}" for p in cfg_files),
            f"log_file={t / 'nagios.log'}",
            f"resource_file={t / 'resource.cfg'}",
            f"status_file={t / 'status.dat'}",
            "status_update_interval=1",
            f"nagios_user={user}",
            f"nagios_group={group}",
            "check_external_commands=1",
            f"command_file={t / 'nagios.cmd'}",
            f"query_socket={t / 'nagios.qh'}",
            f"lock_file={t / 'nagios.lock'}",
            f"temp_file={t / 'nagios.tmp'}",
            f"temp_path={t}",
            f"check_result_path={t / 'checkresults'}",
            f"object_cache_file={t / 'objects.cache'}",
            f"precached_object_file={t / 'objects.precache'}",
            f"state_retention_file={t / 'retention.dat'}",
            "retain_state_information=0",
            "use_retained_program_state=0",
            "enable_notifications=0",
            "enable_event_handlers=0",
            "enable_flap_detection=0",
            "check_service_freshness=0",
            "check_host_freshness=0",
            "interval_length=60",
            "use_syslog=0",
            "log_rotation_method=n",
            "illegal_macro_output_chars=`~$&|'\"<>",
            "",
        ]))

    @classmethod
    def check_all(cls):
        """Forces every service's check; returns {(host, service): servicestatus}."""
        now = int(time.time())
        lines = "".join(f"[{now}] SCHEDULE_FORCED_SVC_CHECK;{host};{service};{now}\n"
                        for host in cls.hosts for service in SERVICES)
        fd = os.open(cls.tmp / "nagios.cmd", os.O_WRONLY | os.O_NONBLOCK)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)
        deadline = time.monotonic() + 60
        while True:
            try:
                text = (cls.tmp / "status.dat").read_text()
            except FileNotFoundError:
                text = ""
            found = {(b["host_name"], b["service_description"]): b
                     for b in status_blocks(text, "servicestatus")}
            if len(found) == len(cls.hosts) * len(SERVICES) and all(
                    b["has_been_checked"] == "1" and int(b["last_check"]) >= now
                    for b in found.values()):
                return found
            if time.monotonic() > deadline:
                raise RuntimeError(f"not every service was checked:\n{text[-3000:]}\n"
                                   + (cls.tmp / "nagios.log").read_text()[-3000:])
            time.sleep(0.3)

    def setUp(self):
        self.assertEqual(self.validation.returncode, 0,
                         "nagios4 -v failed:\n" + self.validation.stdout[-4000:])

    def test_config_verifies(self):
        out = self.validation.stdout
        self.assertIn("Total Warnings: 0", out)
        self.assertIn("Total Errors:   0", out)
        self.assertRegex(out, r"Checked\s+12 services")

    def test_each_command_runs_with_state_and_perfdata(self):
        for (host, service), status in sorted(self.results.items()):
            plugin = SERVICES[service]
            code, perfdata = scenarios.EXPECTED[plugin][self.hosts[host][0]]
            if host == TUNED and plugin == "check_schedule_daemon":
                code, perfdata = TUNED_DAEMON
            with self.subTest(host=host, service=service):
                prefix = plugin.replace("check_", "").upper()
                self.assertTrue(status["plugin_output"].startswith(
                    f"{prefix} {scenarios.STATES[code]} - "), status["plugin_output"])
                self.assertEqual(int(status["current_state"]), code, status["plugin_output"])
                self.assertEqual(status["performance_data"], perfdata)

    def test_multi_condition_summary_arrives_intact(self):
        # Nagios 4 rewrites ';' in plugin output to ':': conditions are joined with ", ".
        output = self.results[("failing", "Scheduled job failures")]["plugin_output"]
        self.assertEqual(output, "SCHEDULE_FAILURES WARNING - daily-full-sync/full-sync failed "
                                 "3 times in a row: connection refused, success rate 0% of 3 "
                                 "runs in the last 7d, 1 failing group")

    def test_example_delay_is_three_minutes(self):
        text = EXAMPLES.read_text()
        template = re.search(r"name\s+schedule-service\n(.*?)\}", text, re.S).group(1)
        retry = int(re.search(r"retry_interval\s+(\d+)", template).group(1))
        attempts = int(re.search(r"max_check_attempts\s+(\d+)", template).group(1))
        self.assertEqual(attempts, 1 + math.ceil(180 / (retry * 60)))
        self.assertEqual(len(re.findall(r"use\s+schedule-service", text)), len(SERVICES))

    def test_check_schedule_runs_has_a_command(self):
        # nagios4 -v (test_config_verifies) accepts it without the binary: Nagios looks
        # for the program only when it runs a check.
        names = re.findall(r"command_name\s+(\S+)", COMMANDS.read_text())
        self.assertEqual(names, [*SERVICES.values(), "check_schedule_runs"])

    def test_each_service_has_its_own_options_and_runbook(self):
        text = EXAMPLES.read_text()
        commands = re.findall(r"check_command\s+(\S+)!\$_HOSTSCHEDULE_DB\$!(.*)", text)
        self.assertEqual(sorted(c for c, _ in commands), sorted(SERVICES.values()))
        variables = [re.findall(r"\$_HOST(\w+_OPTS)\$", args) for _, args in commands]
        self.assertTrue(all(len(v) == 1 for v in variables), commands)
        self.assertEqual(len({v[0] for v in variables}), len(SERVICES), commands)
        urls = re.findall(r"(?m)^\s+notes_url\s+\$_HOSTSCHEDULE_RUNBOOK_BASE\$([a-z-]+)\.md",
                          text)
        self.assertEqual(urls, ["daemon-down", "schedule-no-next-run", "job-failures",
                                "daemon-restarts"])


if __name__ == "__main__":
    unittest.main()
