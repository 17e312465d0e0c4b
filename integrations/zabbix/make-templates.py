#!/usr/bin/env python3
"""Writes the Zabbix 6.0 templates of monitoring-plugins-schedule (standard library only):

  template_schedule_agent.xml     master items are the agent's UserParameters
                                  (userparameter_schedule.conf)
  template_schedule_external.xml  master items are external checks run by the Zabbix
                                  server or proxy (externalscripts/schedule_check)

Both have the same dependent items (JSONPath on the plugins' --format=json output) and
triggers (the original system's alert table). UUIDs are version-4 shaped and derived from
the object's name, so regenerating gives the same file.

  integrations/zabbix/make-templates.py [OUTPUT_DIR]     (default: this directory)
"""

import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GROUP = "Templates/Databases"

MACROS = [
    ("{$SCHEDULE.PGSERVICE}", "scheduler", "libpq service name of the scheduler database (pg_service.conf)"),
    ("{$SCHEDULE.ALERT.DELAY}", "3m", "how long a condition must hold before a problem (the original alerts' 'for 3m')"),
    ("{$SCHEDULE.HEARTBEAT.MAX}", "300", "heartbeat age in seconds above which the daemon counts as dead"),
    ("{$SCHEDULE.FAILURES.STREAK}", "3", "failures in a row that make a problem"),
    ("{$SCHEDULE.RESTARTS.MAX}", "3", "daemon starts an hour above which the daemon counts as crash-looping"),
    ("{$SCHEDULE.NODATA}", "10m", "no check result for this long is a problem"),
]

# check -> (plugin, title, [(label, name, units, value_type, always present)])
CHECKS = {
    "daemon": ("check_schedule_daemon", "Schedule daemon", [
        ("heartbeat_age", "heartbeat age", "s", "FLOAT", False),
        ("live", "live workers", "", "UNSIGNED", True),
    ]),
    "nextrun": ("check_schedule_nextrun", "Schedules", [
        ("enabled", "enabled schedules", "", "UNSIGNED", True),
        ("missing", "schedules without next run", "", "UNSIGNED", True),
        ("late", "late schedules", "", "UNSIGNED", True),
        ("max_lateness", "largest lateness", "s", "FLOAT", False),
        ("stuck_locks", "stuck locks", "", "UNSIGNED", True),
        ("max_lock_age", "oldest lock age", "s", "FLOAT", False),
    ]),
    "failures": ("check_schedule_failures", "Scheduled jobs", [
        ("worst_streak", "worst failure streak", "", "UNSIGNED", True),
        ("failing", "failing jobs", "", "UNSIGNED", True),
        ("runs", "finished runs in window", "", "UNSIGNED", True),
        ("success_rate", "success rate", "%", "FLOAT", False),
    ]),
    "restarts": ("check_daemon_restarts", "Daemon restarts", [
        ("starts", "starts in window", "", "UNSIGNED", True),
        ("unclean", "unclean ends", "", "UNSIGNED", True),
    ]),
}

VARIANTS = {
    "agent": ("Schedule daemon by Zabbix agent", "ZABBIX_PASSIVE",
              lambda check: f"schedule.{check}[{{$SCHEDULE.PGSERVICE}}]",
              "Needs userparameter_schedule.conf on the agent of the host."),
    "external": ("Schedule daemon by external check", "EXTERNAL",
                 lambda check: f'schedule_check["{check}","{{$SCHEDULE.PGSERVICE}}"]',
                 "Runs externalscripts/schedule_check on the Zabbix server or proxy."),
}


def uuid4(*parts):
    """A version-4 UUID (32 hex digits, as Zabbix exports them) derived from parts."""
    h = hashlib.md5("/".join(parts).encode()).hexdigest()
    return h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) % 4] + h[17:]


def sub(parent, element_name, text=None, **children):
    element = ET.SubElement(parent, element_name)
    if text is not None:
        element.text = text
    for key, value in children.items():
        sub(element, key, value)
    return element


def trigger(parent, template, expression, name, priority, description, opdata=""):
    t = sub(parent, "trigger")
    sub(t, "uuid", uuid4(template, "trigger", name))
    sub(t, "expression", expression)
    sub(t, "name", name)
    if opdata:
        sub(t, "opdata", opdata)
    sub(t, "priority", priority)
    sub(t, "description", description)
    tags = sub(t, "tags")
    sub(tags, "tag", None, tag="scope", value="availability")
    return t


def template(variant):
    name, master_type, master_key, note = VARIANTS[variant]
    root = ET.Element("zabbix_export")
    sub(root, "version", "6.0")
    sub(root, "date", "2026-01-01T00:00:00Z")
    groups = sub(root, "groups")
    g = sub(groups, "group")
    sub(g, "uuid", uuid4("group", GROUP))
    sub(g, "name", GROUP)
    tpl = sub(sub(root, "templates"), "template")
    sub(tpl, "uuid", uuid4(name))
    sub(tpl, "template", name)
    sub(tpl, "name", name)
    sub(tpl, "description",
        "Job-schedule daemon whose state lives in PostgreSQL, checked by the "
        "monitoring-plugins-schedule plugins (--format=json). " + note +
        " Set {$SCHEDULE.PGSERVICE} to the libpq service of the scheduler database.")
    sub(sub(sub(tpl, "groups"), "group"), "name", GROUP)
    items = sub(tpl, "items")
    top_triggers = []
    p = lambda k: f"/{name}/{k}"  # noqa: E731 (an item reference in a trigger)

    for check, (plugin, title, metrics) in CHECKS.items():
        key = master_key(check)
        item = sub(items, "item")
        sub(item, "uuid", uuid4(name, "item", key))
        sub(item, "name", f"{title}: {plugin} result")
        sub(item, "type", master_type)
        sub(item, "key", key)
        sub(item, "delay", "1m")
        sub(item, "history", "1d")
        sub(item, "trends", "0")
        sub(item, "value_type", "TEXT")
        sub(item, "description", f"The JSON object of {plugin} --format=json.")
        sub(sub(item, "tags"), "tag", None, tag="component", value="schedule")

        def dependent(suffix, label, path, value_type, units="", discard=False,
                      valuemap=None, description=""):
            d = sub(items, "item")
            dkey = f"schedule.{check}.{suffix}"
            sub(d, "uuid", uuid4(name, "item", dkey))
            sub(d, "name", f"{title}: {label}")
            sub(d, "type", "DEPENDENT")
            sub(d, "key", dkey)
            sub(d, "delay", "0")
            sub(d, "history", "7d")
            if value_type == "CHAR":
                sub(d, "trends", "0")
            sub(d, "value_type", value_type)
            if units:
                sub(d, "units", units)
            if description:
                sub(d, "description", description)
            if valuemap:
                sub(sub(d, "valuemap"), "name", valuemap)
            step = sub(sub(d, "preprocessing"), "step")
            sub(step, "type", "JSONPATH")
            sub(sub(step, "parameters"), "parameter", path)
            if discard:
                # The plugin omits a metric that has no value (e.g. no heartbeat at all).
                sub(step, "error_handler", "DISCARD_VALUE")
            sub(sub(d, "master_item"), "key", key)
            sub(sub(d, "tags"), "tag", None, tag="component", value="schedule")
            return d, dkey

        state, state_key = dependent("state", "check state", "$.exit_code", "UNSIGNED",
                                     valuemap="Monitoring plugin state",
                                     description=f"State of {plugin}: 0 OK, 1 WARNING, "
                                                 "2 CRITICAL, 3 UNKNOWN.")
        _, summary_key = dependent("summary", "check summary", "$.summary", "CHAR")
        trigger(sub(state, "triggers"), name,
                f"last({p(state_key)})=3 or nodata({p(state_key)},{{$SCHEDULE.NODATA}})=1",
                f"{title}: {plugin} is UNKNOWN or returns no data", "WARNING",
                f"{plugin} could not judge (e.g. the database is unreachable), or the item "
                "is not collected. The check summary item says why.")
        keys = {}
        for label, metric_name, units, value_type, always in metrics:
            keys[label] = dependent(
                label, metric_name, f"$.perfdata[?(@.label=='{label}')].value.first()",
                value_type, units, discard=not always)

        delay = "{$SCHEDULE.ALERT.DELAY}"
        if check == "daemon":
            # Multi-item: a template-level trigger. live is 0 also with no running worker,
            # when the heartbeat age is not reported at all.
            top_triggers.append((
                f"min({p(keys['heartbeat_age'][1])},{delay})>{{$SCHEDULE.HEARTBEAT.MAX}}"
                f" or max({p(keys['live'][1])},{delay})=0",
                "Schedule daemon: heartbeat stale for more than 5 minutes", "DISASTER",
                "No running schedule daemon has sent a heartbeat recently: scheduled jobs "
                "do not start. Look at the daemon's host and logs.",
                "heartbeat age: {ITEM.LASTVALUE1}, live workers: {ITEM.LASTVALUE2}"))
        elif check == "nextrun":
            item_, k = keys["missing"]
            trigger(sub(item_, "triggers"), name, f"min({p(k)},{delay})>0",
                    "Schedules: {ITEM.LASTVALUE1} enabled schedule(s) without next run",
                    "HIGH", "Enabled schedules have no next run time and will never run. "
                    "check_schedule_nextrun -v names them.", "{ITEM.LASTVALUE1}")
        elif check == "failures":
            item_, k = keys["worst_streak"]
            trigger(sub(item_, "triggers"), name,
                    f"min({p(k)},{delay})>={{$SCHEDULE.FAILURES.STREAK}}",
                    "Scheduled jobs: a job failed {ITEM.LASTVALUE1} times in a row",
                    "AVERAGE", "A scheduled job failed 3 or more times in a row. The check "
                    "summary names the job and its newest error.", "{ITEM.LASTVALUE1}")
        elif check == "restarts":
            item_, k = keys["starts"]
            trigger(sub(item_, "triggers"), name,
                    f"min({p(k)},{delay})>{{$SCHEDULE.RESTARTS.MAX}}",
                    "Daemon restarts: {ITEM.LASTVALUE1} starts within an hour",
                    "AVERAGE", "The schedule daemon started more than 3 times within an "
                    "hour: it is probably crash-looping.", "{ITEM.LASTVALUE1}")

    macros = sub(tpl, "macros")
    for macro, value, description in MACROS:
        m = sub(macros, "macro")
        sub(m, "macro", macro)
        sub(m, "value", value)
        sub(m, "description", description)
    valuemaps = sub(tpl, "valuemaps")
    vm = sub(valuemaps, "valuemap")
    sub(vm, "uuid", uuid4(name, "valuemap", "Monitoring plugin state"))
    sub(vm, "name", "Monitoring plugin state")
    mappings = sub(vm, "mappings")
    for value, state in enumerate(("OK", "WARNING", "CRITICAL", "UNKNOWN")):
        sub(mappings, "mapping", None, value=str(value), newvalue=state)

    triggers = sub(root, "triggers")
    for expression, tname, priority, description, opdata in top_triggers:
        trigger(triggers, name, expression, tname, priority, description, opdata)
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for variant in VARIANTS:
        (out / f"template_schedule_{variant}.xml").write_text(template(variant))


if __name__ == "__main__":
    main()
