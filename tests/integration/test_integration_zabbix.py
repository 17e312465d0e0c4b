"""integrations/zabbix: `zabbix_agentd -t` runs each shipped UserParameter (a test agent
config Includes the shipped file with the plugin directory of build/, the database comes
from a libpq service via PGSERVICEFILE) and returns the plugin's JSON with the right
state; the external check script does the same; the templates are what
make-templates.py writes and pass an import-shaped structural check; their JSONPath
dependent items find their values in the real output.

ZabbixServerEndToEnd imports both templates into a real Zabbix 6.0 server (zabbix_server.py:
its own database, the frontend API under `php -S`, a zabbix_agentd with the shipped
UserParameters), links hosts to them and reads values and problems back over the API."""

import json
import re
import subprocess
import sys
import unittest
import uuid
import xml.etree.ElementTree as ET

import harness
import integration_scenarios as scenarios
import zabbix_server

DIR = scenarios.INTEGRATIONS / "zabbix"
USERPARAMETERS = DIR / "userparameter_schedule.conf"
EXTERNAL_SCRIPT = DIR / "externalscripts" / "schedule_check"
TEMPLATES = {"agent": DIR / "template_schedule_agent.xml",
             "external": DIR / "template_schedule_external.xml"}
CHECKS = {"daemon": "check_schedule_daemon", "nextrun": "check_schedule_nextrun",
          "failures": "check_schedule_failures", "restarts": "check_daemon_restarts"}
ALL_CHECKS = {**CHECKS, "runs": "check_schedule_runs"}
RUNS_LABELS = ("running", "oldest_running", "overrunning", "queued", "oldest_queued",
               "duration_p50", "duration_p95", "max_slowdown")
RUNBOOK_SLUGS = ("daemon-down", "schedule-no-next-run", "schedule-late", "schedule-lock-stuck",
                 "job-failures", "daemon-restarts", "job-hung", "queue-backlog", "job-slowdown")
RUNBOOK_DEFAULT = "file:///usr/share/doc/monitoring-plugins-schedule/runbooks/"
PRIORITIES = ("NOT_CLASSIFIED", "INFO", "WARNING", "AVERAGE", "HIGH", "DISASTER")


def perfdata_text(items):
    """The nagios perfdata that a --format=json perfdata array stands for."""
    words = []
    for p in items:
        fields = [p["warn"] or "", p["crit"] or "",
                  "" if p["min"] is None else str(p["min"]),
                  "" if p["max"] is None else str(p["max"])]
        while fields and fields[-1] == "":
            fields.pop()
        words.append(";".join([f"{p['label']}={p['value']}{p['uom']}", *fields]))
    return " ".join(words)


def jsonpath(document, path):
    """The two JSONPath shapes the templates use; raises LookupError when nothing matches."""
    match = re.fullmatch(r"\$\.(\w+)", path)
    if match:
        return document[match.group(1)]
    match = re.fullmatch(r"\$\.perfdata\[\?\(@\.label=='(\w+)'\)\]\.value\.first\(\)", path)
    if match:
        for p in document["perfdata"]:
            if p["label"] == match.group(1):
                return p["value"]
        raise LookupError(path)
    raise AssertionError(f"JSONPath shape the test does not know: {path}")


class ZabbixIntegration(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-zabbix."

    @classmethod
    def require_binaries(cls):
        cls.agentd = scenarios.require("zabbix_agentd", "zabbix-agent")

    @classmethod
    def set_up_scenarios(cls):
        cls.services = scenarios.service_file(cls.tmp / "pg_service.conf", cls.databases)
        plugins = str(harness.build_dir() / "plugins")
        (cls.tmp / "userparameter_schedule.conf").write_text(
            USERPARAMETERS.read_text().replace("/usr/lib/nagios/plugins", plugins))
        (cls.tmp / "zabbix_agentd.conf").write_text(
            "LogType=console\nAllowRoot=1\nTimeout=10\n"
            f"Include={cls.tmp / 'userparameter_schedule.conf'}\n")

    def env(self, **extra):
        return harness.plugin_env({"PGSERVICEFILE": str(self.services), **extra})

    def agent_test(self, key):
        proc = subprocess.run([self.agentd, "-c", str(self.tmp / "zabbix_agentd.conf"), "-t", key],
                              capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        match = re.fullmatch(r"(\S+)\s+\[t\|(.*)\]\n", proc.stdout, re.S)
        self.assertIsNotNone(match, f"unexpected zabbix_agentd -t output: {proc.stdout!r}")
        self.assertEqual(match.group(1), key)
        return match.group(2)

    def assert_result(self, text, plugin, scenario):
        code, perfdata = scenarios.EXPECTED[plugin][scenario]
        self.assertNotIn("\n", text)
        document = json.loads(text)
        self.assertEqual((document["plugin"], document["exit_code"], document["state"]),
                         (plugin, code, scenarios.STATES[code]), text)
        self.assertEqual(perfdata_text(document["perfdata"]), perfdata)
        return document

    def test_userparameters_return_the_plugins_json(self):
        keys = re.findall(r"^UserParameter=([\w.]+)\[\*\],", USERPARAMETERS.read_text(), re.M)
        self.assertEqual(sorted(keys), sorted(f"schedule.{c}" for c in ALL_CHECKS))
        for check, plugin in CHECKS.items():
            for scenario in self.databases:
                with self.subTest(check=check, scenario=scenario):
                    self.assert_result(self.agent_test(f"schedule.{check}[{scenario}]"),
                                       plugin, scenario)

    def test_userparameter_unknown_service_is_unknown_json(self):
        document = json.loads(self.agent_test("schedule.daemon[no_such_service]"))
        self.assertEqual((document["state"], document["exit_code"]), ("UNKNOWN", 3))

    def test_external_script_returns_the_plugins_json(self):
        env = self.env(SCHEDULE_PLUGIN_DIR=str(harness.build_dir() / "plugins"))
        for check, plugin in CHECKS.items():
            for scenario in self.databases:
                with self.subTest(check=check, scenario=scenario):
                    proc = subprocess.run([str(EXTERNAL_SCRIPT), check, scenario], env=env,
                                          capture_output=True, text=True, timeout=60)
                    self.assertEqual(proc.stderr, "")
                    self.assert_result(proc.stdout.rstrip("\n"), plugin, scenario)
        proc = subprocess.run([str(EXTERNAL_SCRIPT), "../../bin/sh"], env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((proc.returncode, json.loads(proc.stdout)["exit_code"]), (0, 3))

    def test_userparameters_pass_the_thresholds(self):
        # schedule.<check>[service,warning,critical]: the plugin's own -w/-c.
        document = json.loads(self.agent_test("schedule.daemon[healthy,5,10]"))
        self.assertEqual(document["exit_code"], 2, document)
        self.assertEqual((document["perfdata"][0]["warn"], document["perfdata"][0]["crit"]),
                         ("5", "10"))
        document = json.loads(self.agent_test("schedule.daemon[healthy,5,]"))
        self.assertEqual(document["exit_code"], 1, document)
        self.assertEqual(document["perfdata"][0]["crit"], "300")
        document = json.loads(self.agent_test("schedule.restarts[failing,,]"))
        self.assertEqual((document["exit_code"], document["perfdata"][0]["warn"]), (1, "3"))
        document = json.loads(self.agent_test("schedule.nextrun[healthy,1m,2m]"))
        self.assertEqual([(p["warn"], p["crit"]) for p in document["perfdata"]
                          if p["label"] == "max_lateness"], [("60", "120")])

    def test_external_script_passes_the_thresholds(self):
        env = self.env(SCHEDULE_PLUGIN_DIR=str(harness.build_dir() / "plugins"))
        for args, code in ((["healthy", "5", "10"], 2), (["healthy", "5"], 1),
                           (["healthy", "", "10"], 2), (["healthy", "", ""], 0)):
            with self.subTest(args=args):
                proc = subprocess.run([str(EXTERNAL_SCRIPT), "daemon", *args], env=env,
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual(json.loads(proc.stdout)["exit_code"], code, proc.stdout)

    def test_runs_keys_pass_the_queue_thresholds(self):
        # check_schedule_runs takes --queue-warning/--queue-critical after -w/-c; a stand-in
        # for the plugin shows the command line each route builds.
        stub = self.tmp / "stub"
        stub.mkdir(exist_ok=True)
        (stub / "check_schedule_runs").write_text(
            '#!/bin/sh\nprintf \'{"plugin":"check_schedule_runs","args":"%s"}\\n\' "$*"\n')
        (stub / "check_schedule_runs").chmod(0o755)
        conf = self.tmp / "zabbix_agentd_stub.conf"
        (self.tmp / "userparameter_stub.conf").write_text(
            USERPARAMETERS.read_text().replace("/usr/lib/nagios/plugins", str(stub)))
        conf.write_text("LogType=console\nAllowRoot=1\nTimeout=10\n"
                        f"Include={self.tmp / 'userparameter_stub.conf'}\n")
        proc = subprocess.run([self.agentd, "-c", str(conf), "-t", "schedule.runs[s,1h,2h,5m,]"],
                              capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertIn('"args":"--format=json --timeout=2 -w 1h -c 2h --queue-warning 5m"',
                      proc.stdout)
        proc = subprocess.run([str(EXTERNAL_SCRIPT), "runs", "s", "", "2h", "", "9m"],
                              env=self.env(SCHEDULE_PLUGIN_DIR=str(stub)),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(json.loads(proc.stdout)["args"],
                         "--format=json --timeout=2 -c 2h --queue-critical 9m")

    def test_templates_are_generated(self):
        out = self.tmp / "generated"
        out.mkdir()
        subprocess.run([sys.executable, str(DIR / "make-templates.py"), str(out)], check=True,
                       timeout=60)
        for path in TEMPLATES.values():
            self.assertEqual((out / path.name).read_text(), path.read_text(),
                             f"{path.name} is stale: run integrations/zabbix/make-templates.py")

    def template_parts(self, variant):
        root = ET.parse(TEMPLATES[variant]).getroot()
        templates = root.findall("./templates/template")
        self.assertEqual(len(templates), 1)
        return root, templates[0]

    def test_templates_are_import_shaped(self):
        for variant in TEMPLATES:
            with self.subTest(variant=variant):
                root, tpl = self.template_parts(variant)
                self.assertEqual(root.tag, "zabbix_export")
                self.assertEqual(root.findtext("version"), "6.0")
                name = tpl.findtext("template")
                groups = {g.findtext("name") for g in root.findall("./groups/group")}
                for g in tpl.findall("./groups/group"):
                    self.assertIn(g.findtext("name"), groups)
                uuids = [e.text for e in root.iter("uuid")]
                for value in uuids:
                    self.assertRegex(value, r"^[0-9a-f]{32}$")
                    self.assertEqual(uuid.UUID(value).version, 4, value)
                    self.assertEqual(uuid.UUID(value).variant, uuid.RFC_4122, value)
                self.assertEqual(len(uuids), len(set(uuids)), "UUIDs must be unique")
                items = {i.findtext("key"): i for i in tpl.findall("./items/item")}
                self.assertEqual(len(items), len(tpl.findall("./items/item")), "duplicate keys")
                macros = {m.findtext("macro") for m in tpl.findall("./macros/macro")}
                valuemaps = {v.findtext("name") for v in tpl.findall("./valuemaps/valuemap")}
                text = TEMPLATES[variant].read_text()
                self.assertEqual(set(re.findall(r"\{\$[A-Z0-9_.]+\}", text)) - macros, set())
                for key, item in items.items():
                    self.assertIn(item.findtext("value_type"),
                                  ("FLOAT", "CHAR", "LOG", "UNSIGNED", "TEXT"))
                    vm = item.findtext("valuemap/name")
                    if vm is not None:
                        self.assertIn(vm, valuemaps)
                    if item.findtext("type") == "DEPENDENT":
                        master = item.findtext("master_item/key")
                        self.assertIn(master, items, f"{key}: master item missing")
                        self.assertNotEqual(items[master].findtext("type"), "DEPENDENT")
                        self.assertEqual(item.findtext("delay"), "0")
                        self.assertTrue(item.findall("preprocessing/step"))
                    else:
                        self.assertEqual(item.findtext("type"),
                                         {"agent": "ZABBIX_PASSIVE", "external": "EXTERNAL"}[variant])
                        self.assertEqual(item.findtext("value_type"), "TEXT")
                        if variant == "agent":
                            base = key.split("[")[0]
                            self.assertIn(f"UserParameter={base}[*],", USERPARAMETERS.read_text())
                        else:
                            self.assertEqual(key.split("[")[0], EXTERNAL_SCRIPT.name)
                triggers = root.findall("./triggers/trigger") + tpl.findall(".//item/triggers/trigger")
                self.assertTrue(triggers)
                for trigger in triggers:
                    expression = trigger.findtext("expression")
                    refs = re.findall(r"/([^/]+)/([^,)]+)", expression)
                    self.assertTrue(refs, expression)
                    for host, key in refs:
                        self.assertEqual(host, name, expression)
                        self.assertIn(key, items, f"trigger refers to a missing item: {expression}")
                    self.assertIn(trigger.findtext("priority"), PRIORITIES)
                for item in tpl.findall("./items/item"):
                    for trigger in item.findall("triggers/trigger"):
                        # A trigger nested in an item refers to that item only.
                        keys = set(re.findall(r"/[^/]+/([^,)]+)", trigger.findtext("expression")))
                        self.assertEqual(keys, {item.findtext("key")})
                # The original alert table's severities.
                by_item = {}
                for trigger in triggers:
                    for key in re.findall(r"/[^/]+/([^,)]+)", trigger.findtext("expression")):
                        by_item.setdefault(key, set()).add(trigger.findtext("priority"))
                self.assertEqual(by_item["schedule.daemon.heartbeat_age"], {"DISASTER"})
                self.assertEqual(by_item["schedule.nextrun.missing"], {"HIGH"})
                self.assertEqual(by_item["schedule.failures.worst_streak"], {"AVERAGE"})
                self.assertEqual(by_item["schedule.restarts.starts"], {"AVERAGE"})

    def test_templates_carry_what_an_operator_needs(self):
        for variant in TEMPLATES:
            with self.subTest(variant=variant):
                root, tpl = self.template_parts(variant)
                name = tpl.findtext("template")
                macros = {m.findtext("macro"): m.findtext("value") or ""
                          for m in tpl.findall("./macros/macro")}
                self.assertEqual(macros["{$SCHEDULE.RUNBOOK.BASE}"], RUNBOOK_DEFAULT)
                self.assertEqual({(t.findtext("tag"), t.findtext("value"))
                                  for t in tpl.findall("./tags/tag")},
                                 {("class", "application"), ("target", "schedule")})
                items = tpl.findall("./items/item")
                keys = {i.findtext("key") for i in items}
                for item in items:
                    key = item.findtext("key")
                    self.assertTrue(item.findtext("description"), f"{key} has no description")
                    if item.findtext("type") == "DEPENDENT":
                        # (a) an UNKNOWN result or an omitted metric never makes it unsupported
                        self.assertIn(item.findtext("preprocessing/step/error_handler"),
                                      ("DISCARD_VALUE", "CUSTOM_VALUE"), key)
                    else:
                        self.assertEqual(item.findtext("delay"), "{$SCHEDULE.INTERVAL}")
                        # (d) the macros reach the plugins' -w/-c
                        limits = re.findall(r"\{\$SCHEDULE\.[A-Z]+\.(?:WARN|CRIT)\}", key)
                        self.assertEqual(len(limits), 4 if ".runs" in key or '"runs"' in key
                                         else 2, key)
                        for warn, crit in zip(limits[::2], limits[1::2]):
                            self.assertEqual(warn.replace("WARN", "CRIT"), crit, key)
                            self.assertIn(warn, macros)
                            self.assertIn(crit, macros)
                # every plugin, every metric the plugins print (and check_schedule_runs' SPEC)
                for check in ALL_CHECKS:
                    self.assertIn(f"schedule.{check}.state", keys)
                self.assertLessEqual({f"schedule.runs.{label}" for label in RUNS_LABELS}, keys)
                state_items = [i for i in items if i.findtext("key").endswith(".state")]
                self.assertEqual(len(state_items), len(ALL_CHECKS))
                triggers = root.findall("./triggers/trigger") + tpl.findall(".//item/triggers/trigger")
                by_name = {t.findtext("name"): t for t in triggers}
                for trigger in triggers:
                    tname = trigger.findtext("name")
                    url = trigger.findtext("url")
                    slug = re.fullmatch(r"\{\$SCHEDULE\.RUNBOOK\.BASE\}([a-z-]+)\.md", url or "")
                    self.assertIsNotNone(slug, f"{tname}: url {url!r}")
                    self.assertIn(slug.group(1), RUNBOOK_SLUGS)
                    self.assertIn(f"Runbook: {url}", trigger.findtext("description"))
                    # (d) no hard-coded limits: the macros say them
                    for literal in ("5 minutes", "3 or more", "more than 3", "3 times"):
                        self.assertNotIn(literal, tname + trigger.findtext("description"))
                    for dep in trigger.findall("dependencies/dependency"):
                        self.assertIn(dep.findtext("name"), by_name)
                        self.assertEqual(by_name[dep.findtext("name")].findtext("expression"),
                                         dep.findtext("expression"))
                for check, plugin in ALL_CHECKS.items():
                    state_ref = f"/{name}/schedule.{check}.state"
                    mine = [t for t in triggers if state_ref in t.findtext("expression")]
                    unknown = [t for t in mine if "nodata(" in t.findtext("expression")]
                    self.assertEqual(len(unknown), 1, check)
                    unknown_name = unknown[0].findtext("name")
                    severities = {t.findtext("name").split(": ", 1)[1].split(":")[0]:
                                  t.findtext("priority") for t in mine if t not in unknown}
                    # (b) the plugin's own verdict, with its severity
                    self.assertEqual(severities, {f"{plugin} is CRITICAL": "HIGH",
                                                  f"{plugin} is WARNING": "WARNING"})
                    # every other trigger of this check depends on the UNKNOWN/no-data one
                    others = [t for t in triggers if t is not unknown[0] and
                              f"/{name}/schedule.{check}." in t.findtext("expression")]
                    self.assertTrue(others)
                    for t in others:
                        self.assertIn(unknown_name, [d.findtext("name") for d in
                                                     t.findall("dependencies/dependency")])
                graphs = {g.findtext("name"): g for g in root.findall("./graphs/graph")}
                for g in graphs.values():
                    for gi in g.findall("graph_items/graph_item"):
                        self.assertEqual(gi.findtext("item/host"), name)
                        self.assertIn(gi.findtext("item/key"), keys)
                widgets = tpl.findall("./dashboards/dashboard/pages/page/widgets/widget")
                self.assertEqual({w.findtext("fields/field/value/name") for w in widgets},
                                 set(graphs))
                cells = set()
                for w in widgets:
                    x, y, width, height = (int(w.findtext(k)) for k in ("x", "y", "width", "height"))
                    self.assertLessEqual(x + width, 24)
                    area = {(i, j) for i in range(x, x + width) for j in range(y, y + height)}
                    self.assertFalse(cells & area, "widgets overlap")
                    cells |= area

    def test_every_printed_metric_has_an_item(self):
        _, tpl = self.template_parts("agent")
        keys = {i.findtext("key") for i in tpl.findall("./items/item")}
        for check in CHECKS:
            for scenario in self.databases:
                document = json.loads(self.agent_test(f"schedule.{check}[{scenario}]"))
                for p in document["perfdata"]:
                    self.assertIn(f"schedule.{check}.{p['label']}", keys)

    def test_dependent_items_find_their_values(self):
        _, tpl = self.template_parts("agent")
        for scenario in self.databases:
            outputs = {}
            for item in tpl.findall("./items/item"):
                if item.findtext("type") != "DEPENDENT":
                    continue
                master = item.findtext("master_item/key")
                check = re.fullmatch(r"schedule\.(\w+)\[.*\]", master).group(1)
                if not harness.plugin_path(ALL_CHECKS[check]).exists():
                    continue
                if check not in outputs:
                    outputs[check] = json.loads(self.agent_test(f"schedule.{check}[{scenario}]"))
                path = item.findtext("preprocessing/step/parameters/parameter")
                discard = item.findtext("preprocessing/step/error_handler") == "DISCARD_VALUE"
                with self.subTest(scenario=scenario, item=item.findtext("key")):
                    try:
                        value = jsonpath(outputs[check], path)
                    except LookupError:
                        self.assertTrue(discard, f"{path} found nothing and is not discarded")
                        continue
                    if item.findtext("value_type") in ("UNSIGNED", "FLOAT"):
                        self.assertIsInstance(value, (int, float))
        # The trigger metrics hold the values the alert table speaks of.
        failing = {c: json.loads(self.agent_test(f"schedule.{c}[failing]")) for c in CHECKS}
        self.assertGreater(jsonpath(failing["daemon"], "$.perfdata[?(@.label=='heartbeat_age')].value.first()"), 300)
        self.assertGreater(jsonpath(failing["nextrun"], "$.perfdata[?(@.label=='missing')].value.first()"), 0)
        self.assertGreaterEqual(jsonpath(failing["failures"], "$.perfdata[?(@.label=='worst_streak')].value.first()"), 3)
        self.assertGreater(jsonpath(failing["restarts"], "$.perfdata[?(@.label=='starts')].value.first()"), 3)


class ZabbixServerEndToEnd(scenarios.ScenarioTestCase):
    """A real Zabbix 6.0 server, frontend API and agent, started once for the class."""

    TMP_PREFIX = "mps-zabbix-server."
    zabbix = None

    @classmethod
    def require_binaries(cls):
        harness.skip_in_sanitizer_build("the Zabbix server end-to-end test")
        scenarios.require("zabbix_server", "zabbix-server-pgsql")
        scenarios.require("/usr/share/zabbix/api_jsonrpc.php", "zabbix-frontend-php")
        zabbix_server.require_php_pgsql(scenarios.require("php", "php-cli"))
        scenarios.require("zabbix_agentd", "zabbix-agent")

    @classmethod
    def set_up_scenarios(cls):
        services = scenarios.service_file(cls.tmp / "pg_service.conf", cls.databases)
        plugins = str(harness.build_dir() / "plugins")
        env = harness.plugin_env({"PGSERVICEFILE": str(services), "SCHEDULE_PLUGIN_DIR": plugins})
        cls.zabbix = zabbix_server.ZabbixServer(
            cls.tmp, USERPARAMETERS.read_text().replace("/usr/lib/nagios/plugins", plugins), env)
        cls.zabbix.start()
        cls.templateids = {}
        for variant, path in TEMPLATES.items():
            cls.zabbix.api("configuration.import", {"format": "xml", "source": path.read_text(),
                                                    "rules": IMPORT_RULES})
            name = ET.parse(path).getroot().findtext("./templates/template/template")
            cls.templateids[variant] = cls.zabbix.api(
                "template.get", {"filter": {"host": name}, "output": ["templateid"]}
            )[0]["templateid"]
        cls.groupid = cls.zabbix.api("hostgroup.create", {"name": "Schedule databases"})["groupids"][0]
        # The failing database by agent (fast checks, a runbook base of its own), the
        # healthy one by external check.
        cls.hostids = {
            "failing": cls.create_host("db-failing", "agent", {
                "{$SCHEDULE.PGSERVICE}": "failing", "{$SCHEDULE.INTERVAL}": "5s",
                "{$SCHEDULE.RUNBOOK.BASE}": RUNBOOK_BASE}),
            "healthy": cls.create_host("db-healthy", "external", {
                "{$SCHEDULE.PGSERVICE}": "healthy", "{$SCHEDULE.INTERVAL}": "5s"}),
            # The healthy database with a tighter heartbeat limit: a WARNING that no row
            # of the alert table names.
            "strict": cls.create_host("db-strict", "agent", {
                "{$SCHEDULE.PGSERVICE}": "healthy", "{$SCHEDULE.INTERVAL}": "5s",
                "{$SCHEDULE.HEARTBEAT.WARN}": "5", "{$SCHEDULE.ALERT.DELAY}": "5s"}),
            "unknown": cls.create_host("db-unknown", "agent", {
                "{$SCHEDULE.PGSERVICE}": "no_such_service", "{$SCHEDULE.INTERVAL}": "5s"}),
        }

    @classmethod
    def tearDownClass(cls):
        if cls.zabbix is not None:
            cls.zabbix.stop()
            cls.zabbix = None
        super().tearDownClass()

    @classmethod
    def create_host(cls, name, variant, macros, interface=True):
        params = {"host": name, "groups": [{"groupid": cls.groupid}],
                  "templates": [{"templateid": cls.templateids[variant]}],
                  "macros": [{"macro": k, "value": v} for k, v in macros.items()]}
        if interface:
            params["interfaces"] = [{"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1",
                                     "dns": "", "port": str(cls.zabbix.agent_port)}]
        return cls.zabbix.api("host.create", params)["hostids"][0]

    def items(self, scenario):
        return {i["key_"]: i for i in self.zabbix.api("item.get", {
            "hostids": self.hostids[scenario],
            "output": ["key_", "lastvalue", "lastclock", "state", "error", "description"]})}

    def values(self, scenario, keys):
        """Waits until every item in keys has a value; returns {key: lastvalue}."""
        def probe():
            items = self.items(scenario)
            if all(items[k]["lastclock"] != "0" for k in keys):
                return {k: items[k]["lastvalue"] for k in keys}
            return None
        return self.zabbix.wait_for(f"values of {sorted(keys)} on {scenario}", probe)

    def test_both_templates_import_with_every_plugin(self):
        for variant, templateid in self.templateids.items():
            with self.subTest(variant=variant):
                template = self.zabbix.api("template.get", {
                    "templateids": templateid, "selectItems": ["key_", "description"],
                    "selectMacros": ["macro", "value"], "selectTags": ["tag", "value"],
                    "selectGraphs": ["name"], "selectDashboards": ["name"],
                    "selectTriggers": ["description", "url", "priority"], "output": ["host"]})[0]
                keys = {i["key_"] for i in template["items"]}
                for check in ALL_CHECKS:
                    self.assertIn(f"schedule.{check}.state", keys)
                self.assertIn("schedule.runs.duration_p95", keys)
                self.assertEqual([i["key_"] for i in template["items"] if not i["description"]], [])
                tags = {(t["tag"], t["value"]) for t in template["tags"]}
                self.assertLessEqual({("class", "application"), ("target", "schedule")}, tags)
                self.assertEqual(len(template["graphs"]), len(ET.parse(TEMPLATES[variant]).getroot()
                                                             .findall("./graphs/graph")))
                self.assertEqual([d["name"] for d in template["dashboards"]], ["Schedule daemon"])
                # Every dashboard widget shows one of the template's graphs.
                graphids = {g["graphid"] for g in self.zabbix.api("graph.get", {
                    "templateids": templateid, "output": ["graphid"]})}
                page = self.zabbix.api("templatedashboard.get", {
                    "templateids": templateid, "selectPages": "extend"})[0]["pages"][0]
                shown = [f["value"] for w in page["widgets"] for f in w["fields"]
                         if f["name"] == "graphid"]
                self.assertEqual(sorted(shown), sorted(graphids))
                for t in template["triggers"]:
                    self.assertRegex(t["url"], r"^\{\$SCHEDULE\.RUNBOOK\.BASE\}[a-z-]+\.md$")
                self.assertEqual(
                    {t["priority"] for t in template["triggers"] if " is CRITICAL" in t["description"]},
                    {"4"})

    def test_agent_host_receives_values(self):
        values = self.values("failing", ["schedule.daemon.heartbeat_age", "schedule.daemon.state",
                                         "schedule.nextrun.missing", "schedule.failures.worst_streak",
                                         "schedule.restarts.starts", "schedule.daemon.summary"])
        self.assertEqual(float(values["schedule.daemon.heartbeat_age"]), 400)
        self.assertEqual(values["schedule.daemon.state"], "2")
        self.assertEqual(values["schedule.nextrun.missing"], "1")
        self.assertEqual(values["schedule.failures.worst_streak"], "3")
        self.assertEqual(values["schedule.restarts.starts"], "6")
        self.assertTrue(values["schedule.daemon.summary"].startswith("heartbeat 6m 40s ago"))
        items = self.items("failing")
        # Metrics the failing daemon does not report are discarded, not unsupported.
        for key in ("schedule.daemon.heartbeat_age", "schedule.nextrun.max_lateness",
                    "schedule.nextrun.max_lock_age", "schedule.daemon.uptime"):
            self.assertEqual(items[key]["state"], "0", f"{key}: {items[key]['error']}")

    def test_external_host_receives_values(self):
        values = self.values("healthy", ["schedule.daemon.heartbeat_age", "schedule.daemon.state",
                                         "schedule.failures.success_rate"])
        self.assertEqual((float(values["schedule.daemon.heartbeat_age"]),
                          values["schedule.daemon.state"],
                          float(values["schedule.failures.success_rate"])), (12, "0", 100))

    def test_external_template_needs_an_interface(self):
        with self.assertRaises(zabbix_server.ApiError) as raised:
            self.create_host("db-no-interface", "external", {}, interface=False)
        self.assertIn('Cannot find host interface on "db-no-interface" for item key '
                      '"schedule_check[', raised.exception.data)

    def test_failing_database_raises_the_alert_table(self):
        expected = {
            "Schedule daemon: heartbeat stale for 3m (older than 300 s, or no live worker)": "5",
            "Schedules: 1 enabled schedule(s) without next run for 3m": "4",
            "Scheduled jobs: a job failed 3 times in a row (more than 2)": "3",
            "Daemon restarts: 6 starts within an hour (more than 3)": "3",
        }

        def problems():
            found = {p["name"]: p["severity"] for p in self.zabbix.api("problem.get", {
                "hostids": self.hostids["failing"], "output": ["name", "severity"]})}
            return found if set(expected) <= set(found) else None
        found = self.zabbix.wait_for("the alert table's problems on db-failing", problems)
        # The plugins' own CRITICAL/WARNING triggers keep quiet: the specific triggers of
        # at least their severity speak (trigger dependencies).
        self.assertEqual(found, expected)

    def problems(self, scenario, contains):
        """Waits for a problem on the scenario's host whose name contains `contains`;
        returns {name: severity} of all its problems then."""
        def probe():
            found = {p["name"]: p["severity"] for p in self.zabbix.api("problem.get", {
                "hostids": self.hostids[scenario], "output": ["name", "severity"]})}
            return found if any(contains in name for name in found) else None
        return self.zabbix.wait_for(f"a problem '{contains}' on {scenario}", probe)

    def test_a_plugin_warning_outside_the_alert_table_is_a_problem(self):
        # -w comes from {$SCHEDULE.HEARTBEAT.WARN}: the plugin itself says WARNING.
        found = self.problems("strict", "check_schedule_daemon is WARNING")
        self.assertEqual(found, {"Schedule daemon: check_schedule_daemon is WARNING: heartbeat "
                                 "12s ago (worker w-1 on app-1, pid 4242)": "2"})

    def test_an_unknown_check_is_one_problem_and_no_unsupported_item(self):
        found = self.problems("unknown", "check_schedule_daemon is UNKNOWN")
        for plugin in ALL_CHECKS.values():
            self.zabbix.wait_for(f"{plugin} UNKNOWN on db-unknown",
                                 lambda: self.problems("unknown", f"{plugin} is UNKNOWN"))
        found = self.problems("unknown", "is UNKNOWN")
        self.assertEqual(set(found),
                         {f"{title}: {plugin} is UNKNOWN or returns no data for 10m"
                          for title, plugin in (("Schedule daemon", "check_schedule_daemon"),
                                                ("Schedules", "check_schedule_nextrun"),
                                                ("Scheduled jobs", "check_schedule_failures"),
                                                ("Daemon restarts", "check_daemon_restarts"),
                                                ("Scheduled runs", "check_schedule_runs"))})
        items = self.items("unknown")
        for key, item in items.items():
            with self.subTest(key=key):
                self.assertEqual(item["state"], "0", f"{key}: {item['error']}")
        self.assertEqual(items["schedule.daemon.state"]["lastvalue"], "3")

    def test_stale_heartbeat_raises_the_daemon_down_problem(self):
        def problems():
            found = self.zabbix.api("problem.get", {"hostids": self.hostids["failing"],
                                                    "output": ["name", "severity", "objectid"]})
            return {p["name"]: p for p in found} if any(
                p["name"].startswith("Schedule daemon: heartbeat stale") for p in found) else None
        found = self.zabbix.wait_for("heartbeat problem on db-failing", problems)
        name = ("Schedule daemon: heartbeat stale for 3m (older than 300 s, or no live worker)")
        self.assertIn(name, found)
        self.assertEqual(found[name]["severity"], "5")
        trigger = self.zabbix.api("trigger.get", {
            "triggerids": found[name]["objectid"], "output": ["url", "comments"],
            "expandComment": True})[0]
        self.assertEqual(trigger["url"], "{$SCHEDULE.RUNBOOK.BASE}daemon-down.md")
        self.assertIn(f"Runbook: {RUNBOOK_BASE}daemon-down.md", trigger["comments"])
        # The healthy database raises nothing.
        self.assertEqual({p["name"]: p for p in self.zabbix.api("problem.get", {
            "hostids": self.hostids["healthy"], "output": ["name"]})}, {})


RUNBOOK_BASE = "https://wiki.example.org/runbooks/"
IMPORT_RULES = {
    "groups": {"createMissing": True},
    "templates": {"createMissing": True, "updateExisting": True},
    "templateDashboards": {"createMissing": True, "updateExisting": True},
    "templateLinkage": {"createMissing": True},
    "items": {"createMissing": True, "updateExisting": True},
    "triggers": {"createMissing": True, "updateExisting": True},
    "graphs": {"createMissing": True, "updateExisting": True},
    "valueMaps": {"createMissing": True, "updateExisting": True},
}


if __name__ == "__main__":
    unittest.main()
