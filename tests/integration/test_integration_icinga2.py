"""integrations/icinga2 against a real Icinga 2: `icinga2 daemon -C` accepts the shipped
CheckCommands and example apply rules together with the whole stock ITL, and a throwaway
daemon (every path in a temp dir, API on 127.0.0.1) executes each of them for a healthy
and a failing scheduler database; state and perfdata come back through the REST API,
the perfdata parsed by Icinga's own parser (console parse_performance_data), and its log
has no perfdata warnings (an InfluxdbWriter, which parses every value, is configured)."""

import base64
import json
import re
import shutil
import ssl
import subprocess
import time
import unittest
import urllib.request

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "icinga2"
COMMANDS = DIR / "monitoring-plugins-schedule.conf"
EXAMPLES = DIR / "example-apply-rules.conf"
NODE = "mps-test"
USER, PASSWORD = "mps", "mps-secret"
SERVICES = {"schedule daemon": "check_schedule_daemon",
            "schedule next runs": "check_schedule_nextrun",
            "scheduled job failures": "check_schedule_failures",
            "schedule daemon restarts": "check_daemon_restarts"}
UNITS = {"s": "seconds", "%": "percent", "": ""}


class Icinga2Integration(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-icinga2."

    @classmethod
    def require_binaries(cls):
        cls.icinga2 = scenarios.require("icinga2", "icinga2-bin")
        scenarios.require("openssl", "openssl")
        scenarios.require("/usr/share/icinga2/include/itl", "icinga2-common")

    @classmethod
    def set_up_scenarios(cls):
        cls.port = harness.free_port()
        cls.write_config()
        cls.validation = cls.run_icinga2("daemon", "-C")
        if cls.validation.returncode == 0:
            cls.start_icinga2()
            cls.results = cls.check_all()

    # --- setup ---------------------------------------------------------------------

    @classmethod
    def defines(cls):
        d = {name: str(cls.tmp / name.lower()) for name in
             ("ConfigDir", "DataDir", "LogDir", "CacheDir", "SpoolDir", "InitRunDir")}
        d.update(RunAsUser=subprocess.check_output(["id", "-un"], text=True).strip(),
                 RunAsGroup=subprocess.check_output(["id", "-gn"], text=True).strip(),
                 NodeName=NODE, ZoneName="master")
        return d

    @classmethod
    def run_icinga2(cls, *args):
        argv = [cls.icinga2, *args, "-c", str(cls.tmp / "configdir" / "icinga2.conf")]
        argv += [f"-D{k}={v}" for k, v in cls.defines().items()]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    @classmethod
    def write_config(cls):
        for name in ("ConfigDir", "DataDir", "LogDir", "CacheDir", "SpoolDir", "InitRunDir"):
            (cls.tmp / name.lower()).mkdir()
        certs = cls.tmp / "datadir" / "certs"
        certs.mkdir()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", f"/CN={NODE}", "-keyout", str(certs / f"{NODE}.key"),
                        "-out", str(certs / f"{NODE}.crt")], check=True, capture_output=True,
                       timeout=60)
        shutil.copy(certs / f"{NODE}.crt", certs / "ca.crt")
        c = harness.cluster()
        hosts = "".join(f"""
object Host "{name}" {{
  check_command = "dummy"
  vars.schedule_host = "{c.host}"
  vars.schedule_port = "{c.port}"
  vars.schedule_dbname = "{db.name}"
  vars.schedule_logname = "{c.user}"
}}
""" for name, db in cls.databases.items())
        plugins = harness.build_dir() / "plugins"
        (cls.tmp / "configdir" / "icinga2.conf").write_text(f"""
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "{plugins}"
include <itl>
include <plugins>
include <plugins-contrib>
include <manubulon>
include <windows-plugins>
include <nscp>
// Installed into plugins-contrib.d by the packages; here included explicitly.
include "{COMMANDS}"
include "{EXAMPLES}"

object FileLogger "test" {{
  path = "{cls.tmp / 'logdir' / 'icinga2.log'}"
  severity = "notice"
}}
object Endpoint "{NODE}" {{ }}
object Zone "master" {{ endpoints = [ "{NODE}" ] }}
object CheckerComponent "checker" {{ }}
object ApiListener "api" {{
  bind_host = "127.0.0.1"
  bind_port = {cls.port}
}}
object ApiUser "{USER}" {{
  password = "{PASSWORD}"
  permissions = [ "*" ]
}}
// Parses every perfdata value and logs a warning for each it rejects; never flushes.
object InfluxdbWriter "perfdata" {{
  host = "127.0.0.1"
  port = {harness.free_port()}
  database = "none"
  flush_interval = 1h
  flush_threshold = 1000000
}}
{hosts}""")

    @classmethod
    def start_icinga2(cls):
        argv = [cls.icinga2, "daemon", "-c", str(cls.tmp / "configdir" / "icinga2.conf")]
        argv += [f"-D{k}={v}" for k, v in cls.defines().items()]

        def api_answers():
            try:
                cls.api("GET", "/v1/status/ApiListener")
                return True
            except OSError:
                return False

        cls.start_daemon(argv, str(cls.tmp / "configdir"), api_answers, "icinga2 daemon",
                         poll=0.3)

    @classmethod
    def api(cls, method, path, body=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        request = urllib.request.Request(
            f"https://127.0.0.1:{cls.port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Accept": "application/json",
                     "Authorization": "Basic " + base64.b64encode(
                         f"{USER}:{PASSWORD}".encode()).decode()})
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            return json.loads(response.read())

    @classmethod
    def check_all(cls):
        """Forces a check of every service; returns {(host, service): last_check_result}."""
        start = time.time()
        cls.api("POST", "/v1/actions/reschedule-check",
                {"type": "Service", "filter": "true", "force": True})
        deadline = time.monotonic() + 60
        while True:
            found = cls.api("GET", "/v1/objects/services?attrs=last_check_result")["results"]
            results = {tuple(r["name"].split("!", 1)): r["attrs"]["last_check_result"]
                       for r in found}
            if results and all(r and r["schedule_start"] >= start - 1 for r in results.values()):
                return results
            if time.monotonic() > deadline:
                raise RuntimeError(f"not every service was checked: {results}")
            time.sleep(0.3)

    # --- tests ---------------------------------------------------------------------

    def setUp(self):
        self.assertEqual(self.validation.returncode, 0,
                         "icinga2 daemon -C failed:\n" + self.validation.stdout[-4000:])

    def test_config_validates_with_the_stock_itl(self):
        out = self.validation.stdout
        self.assertNotRegex(out, r"(?m)^\S+ (warning|critical)/", out[-4000:])
        # schedule_runs validates without its binary (check_schedule_runs), as every
        # CheckCommand does: Icinga 2 looks for the program only when it runs a check.
        for name in ("schedule_daemon", "schedule_nextrun", "schedule_failures",
                     "schedule_restarts", "schedule_runs"):
            self.assertIn(f'object CheckCommand "{name}"', COMMANDS.read_text())
        self.assertRegex(out, r"8 Services\.")

    def test_each_service_links_its_runbook(self):
        base = "file:///usr/share/doc/monitoring-plugins-schedule/runbooks/"
        slugs = {"schedule daemon": "daemon-down", "schedule next runs": "schedule-no-next-run",
                 "scheduled job failures": "job-failures",
                 "schedule daemon restarts": "daemon-restarts"}
        found = self.api("GET", "/v1/objects/services?attrs=notes_url")["results"]
        self.assertEqual(len(found), 2 * len(SERVICES))
        for r in found:
            service = r["name"].split("!", 1)[1]
            with self.subTest(service=r["name"]):
                self.assertEqual(r["attrs"]["notes_url"], base + slugs[service] + ".md")

    def test_each_command_runs_with_state_and_perfdata(self):
        for (host, service), result in sorted(self.results.items()):
            plugin = SERVICES[service]
            code, perfdata = scenarios.EXPECTED[plugin][host]
            with self.subTest(host=host, service=service):
                self.assertEqual(result["command"][0],
                                 str(harness.build_dir() / "plugins" / plugin))
                prefix = plugin.replace("check_", "").upper()
                self.assertTrue(result["output"].startswith(
                    f"{prefix} {scenarios.STATES[code]} - "), result["output"])
                self.assertEqual((result["exit_status"], result["state"]), (code, code),
                                 result["output"])
                self.assertEqual(" ".join(result["performance_data"]), perfdata)

    def test_icinga_parses_every_perfdata_value(self):
        values = {v for r in self.results.values() for v in r["performance_data"]}
        self.assertTrue(values)
        for value in sorted(values):
            with self.subTest(value=value):
                answer = self.api("POST", "/v1/console/execute-script", {
                    "command": f"parse_performance_data({json.dumps(value)})",
                    "session": "mps-test"})["results"][0]
                self.assertEqual(answer["code"], 200, answer)
                parsed = answer["result"]
                label, rest = value.split("=", 1)
                fields = rest.split(";") + [""] * 4
                number, unit = re.fullmatch(r"([0-9.]+)(s|%|)", fields[0]).groups()
                self.assertEqual(parsed["label"], label)
                self.assertEqual(parsed["value"], float(number))
                self.assertEqual(parsed["unit"], UNITS[unit])
                # Every warn/crit we print is a plain number, so Icinga keeps it.
                for key, field in (("warn", fields[1]), ("crit", fields[2]),
                                   ("min", fields[3]), ("max", fields[4])):
                    self.assertEqual(parsed[key], float(field) if field else None, key)

    def test_log_has_no_perfdata_warnings(self):
        log = (self.tmp / "logdir" / "icinga2.log").read_text()
        self.assertIn("InfluxdbWriter", log)
        problems = [line for line in log.splitlines()
                    if re.search(r"(?i)perfdata|performance", line)
                    and re.search(r"\] (warning|critical)/", line)]
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
