"""integrations/zabbix: `zabbix_agentd -t` runs each shipped UserParameter (a test agent
config Includes the shipped file with the plugin directory of build/, the database comes
from a libpq service via PGSERVICEFILE) and returns the plugin's JSON with the right
state; the external check script does the same; the templates are what
make-templates.py writes and pass an import-shaped structural check; their JSONPath
dependent items find their values in the real output."""

import json
import re
import subprocess
import sys
import unittest
import uuid
import xml.etree.ElementTree as ET

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "zabbix"
USERPARAMETERS = DIR / "userparameter_schedule.conf"
EXTERNAL_SCRIPT = DIR / "externalscripts" / "schedule_check"
TEMPLATES = {"agent": DIR / "template_schedule_agent.xml",
             "external": DIR / "template_schedule_external.xml"}
CHECKS = {"daemon": "check_schedule_daemon", "nextrun": "check_schedule_nextrun",
          "failures": "check_schedule_failures", "restarts": "check_daemon_restarts"}
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
        self.assertEqual(sorted(keys), sorted(f"schedule.{c}" for c in CHECKS))
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

    def test_dependent_items_find_their_values(self):
        _, tpl = self.template_parts("agent")
        for scenario in self.databases:
            outputs = {}
            for item in tpl.findall("./items/item"):
                if item.findtext("type") != "DEPENDENT":
                    continue
                master = item.findtext("master_item/key")
                check = re.fullmatch(r"schedule\.(\w+)\[.*\]", master).group(1)
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


if __name__ == "__main__":
    unittest.main()
