#!/usr/bin/env python3
"""Writes the Zabbix 6.0 templates of monitoring-plugins-schedule (standard library only):

  template_schedule_agent.xml     master items are the agent's UserParameters
                                  (userparameter_schedule.conf)
  template_schedule_external.xml  master items are external checks run by the Zabbix
                                  server or proxy (externalscripts/schedule_check)

Both have the same dependent items (JSONPath on the plugins' --format=json output), graphs,
template dashboard and triggers: the original system's alert table, and for each plugin
its own CRITICAL (High) and WARNING (Warning) verdict and an UNKNOWN-or-no-data trigger
that the others depend on. Every trigger links its runbook. UUIDs are version-4 shaped and derived from
the object's name, so regenerating gives the same file.

  integrations/zabbix/make-templates.py [OUTPUT_DIR]     (default: this directory)
"""

import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GROUP = "Templates/Databases"
RUNBOOK_DEFAULT = "file:///usr/share/doc/monitoring-plugins-schedule/runbooks/"

# (macro, default, description). The *.WARN/*.CRIT pairs are passed to the plugins as -w/-c
# (through the item keys) and the alert triggers compare against the same macros, so one
# setting changes both. An empty value leaves the plugin's own default.
MACROS = [
    ("{$SCHEDULE.PGSERVICE}", "scheduler", "libpq service name of the scheduler database (pg_service.conf)"),
    ("{$SCHEDULE.INTERVAL}", "1m", "how often each plugin runs"),
    ("{$SCHEDULE.ALERT.DELAY}", "3m", "how long a condition must hold before a problem (the original alerts' 'for 3m')"),
    ("{$SCHEDULE.NODATA}", "10m", "no check result for this long is a problem"),
    ("{$SCHEDULE.RUNBOOK.BASE}", RUNBOOK_DEFAULT, "where the runbooks live: each trigger links <base><slug>.md"),
    ("{$SCHEDULE.HEARTBEAT.WARN}", "120", "check_schedule_daemon -w: heartbeat age (seconds, or 2m) that is a WARNING"),
    ("{$SCHEDULE.HEARTBEAT.CRIT}", "300", "check_schedule_daemon -c: heartbeat age (seconds) above which the daemon counts as dead"),
    ("{$SCHEDULE.LATENESS.WARN}", "10m", "check_schedule_nextrun -w: lateness of a schedule that is a WARNING"),
    ("{$SCHEDULE.LATENESS.CRIT}", "1h", "check_schedule_nextrun -c: lateness of a schedule that is CRITICAL"),
    ("{$SCHEDULE.FAILURES.WARN}", "2", "check_schedule_failures -w: failures in a row tolerated; more is a problem"),
    ("{$SCHEDULE.FAILURES.CRIT}", "", "check_schedule_failures -c: failures in a row tolerated before CRITICAL (empty: none)"),
    ("{$SCHEDULE.RESTARTS.WARN}", "3", "check_daemon_restarts -w: daemon starts an hour tolerated; more is crash-looping"),
    ("{$SCHEDULE.RESTARTS.CRIT}", "", "check_daemon_restarts -c: starts an hour tolerated before CRITICAL (empty: none)"),
    ("{$SCHEDULE.RUNNING.WARN}", "1h", "check_schedule_runs -w: age of the oldest running run that is a WARNING"),
    ("{$SCHEDULE.RUNNING.CRIT}", "", "check_schedule_runs -c: age of the oldest running run that is CRITICAL (empty: none)"),
    ("{$SCHEDULE.QUEUE.WARN}", "600", "check_schedule_runs --queue-warning: wait (seconds) of the oldest queued run that is a WARNING"),
    ("{$SCHEDULE.QUEUE.CRIT}", "", "check_schedule_runs --queue-critical: wait of the oldest queued run that is CRITICAL (empty: none)"),
]
# Further threshold pairs a plugin takes after -w/-c, as two more key parameters.
EXTRA_THRESHOLDS = {"runs": "QUEUE"}

# check -> (plugin, title, -w macro, -c macro, runbook slug of its state triggers,
#            [(label, name, units, value_type, description)])
CHECKS = {
    "daemon": ("check_schedule_daemon", "Schedule daemon", "HEARTBEAT", "daemon-down", [
        ("heartbeat_age", "heartbeat age", "s", "FLOAT",
         "Age of the newest heartbeat of a running daemon worker (absent when none has one)."),
        ("live", "live workers", "", "UNSIGNED",
         "Running daemon workers whose heartbeat is recent; more than one means duplicate runs."),
        ("uptime", "uptime", "s", "FLOAT",
         "Time since the newest live daemon worker started."),
        ("replay_lag", "replay lag", "s", "FLOAT",
         "Replay lag of the hot standby the check read from (absent on a primary)."),
    ]),
    "nextrun": ("check_schedule_nextrun", "Schedules", "LATENESS", "schedule-late", [
        ("enabled", "enabled schedules", "", "UNSIGNED", "Enabled schedules checked."),
        ("missing", "schedules without next run", "", "UNSIGNED",
         "Enabled schedules whose next run time is empty: they never run."),
        ("late", "late schedules", "", "UNSIGNED",
         "Schedules whose lateness is in the warning or critical range."),
        ("max_lateness", "largest lateness", "s", "FLOAT",
         "How far the most overdue schedule's next run time lies in the past."),
        ("stuck_locks", "stuck locks", "", "UNSIGNED",
         "Schedule locks whose age is in the lock warning or critical range."),
        ("max_lock_age", "oldest lock age", "s", "FLOAT", "Age of the oldest schedule lock."),
    ]),
    "failures": ("check_schedule_failures", "Scheduled jobs", "FAILURES", "job-failures", [
        ("worst_streak", "worst failure streak", "", "UNSIGNED",
         "The longest run of consecutive failed runs of one job, counted back from its newest run."),
        ("failing", "failing jobs", "", "UNSIGNED", "Jobs whose newest finished run failed."),
        ("runs", "finished runs in window", "", "UNSIGNED", "Finished runs within the plugin's window."),
        ("success_rate", "success rate", "%", "FLOAT",
         "Share of the finished runs in the window that succeeded."),
    ]),
    "restarts": ("check_daemon_restarts", "Daemon restarts", "RESTARTS", "daemon-restarts", [
        ("starts", "starts in window", "", "UNSIGNED", "Daemon workers started within the last hour."),
        ("unclean", "unclean ends", "", "UNSIGNED",
         "Started workers that are not the newest and never reached STOPPED (crashed)."),
    ]),
    "runs": ("check_schedule_runs", "Scheduled runs", "RUNNING", "job-slowdown", [
        ("running", "running runs", "", "UNSIGNED", "Runs in a running status."),
        ("oldest_running", "oldest running run", "s", "FLOAT", "Age of the oldest running run."),
        ("overrunning", "overrunning runs", "", "UNSIGNED",
         "Running runs older than the overrun factor times their job's usual p95 duration."),
        ("queued", "queued runs", "", "UNSIGNED", "Runs waiting in a queued status."),
        ("oldest_queued", "oldest queued run", "s", "FLOAT", "How long the oldest queued run has waited."),
        ("duration_p50", "duration p50", "s", "FLOAT",
         "Median duration of the successful runs of the recent period, all jobs."),
        ("duration_p95", "duration p95", "s", "FLOAT",
         "95th percentile duration of the successful runs of the recent period, all jobs."),
        ("max_slowdown", "largest slowdown", "", "FLOAT",
         "Largest ratio of a job's recent p95 duration to its earlier p95 (absent without a baseline)."),
    ]),
}

# The alert table: check -> [(trigger name, expression over {metric} placeholders, priority,
# runbook slug, description, opdata)]. {metric} stands for an item reference; {D} for the delay.
ALERTS = {
    "daemon": [(
        "Schedule daemon: heartbeat stale for {$SCHEDULE.ALERT.DELAY} (older than {$SCHEDULE.HEARTBEAT.CRIT} s, or no live worker)",
        "min({heartbeat_age},{D})>{$SCHEDULE.HEARTBEAT.CRIT} or max({live},{D})=0",
        "DISASTER", "daemon-down",
        "No running schedule daemon has sent a heartbeat recently: scheduled jobs do not start. "
        "Look at the daemon's host and logs.",
        "heartbeat age: {ITEM.LASTVALUE1}, live workers: {ITEM.LASTVALUE2}")],
    "nextrun": [(
        "Schedules: {ITEM.LASTVALUE1} enabled schedule(s) without next run for {$SCHEDULE.ALERT.DELAY}",
        "min({missing},{D})>0", "HIGH", "schedule-no-next-run",
        "Enabled schedules have no next run time and will never run. check_schedule_nextrun -v "
        "names them.", "{ITEM.LASTVALUE1}"), (
        "Schedules: {ITEM.LASTVALUE1} schedule lock(s) held too long for {$SCHEDULE.ALERT.DELAY}",
        "min({stuck_locks},{D})>0", "WARNING", "schedule-lock-stuck",
        "A schedule has been locked longer than the plugin's lock threshold: the daemon that "
        "took the lock probably died with it. check_schedule_nextrun -v names the schedules.",
        "{ITEM.LASTVALUE1}")],
    "failures": [(
        "Scheduled jobs: a job failed {ITEM.LASTVALUE1} times in a row (more than {$SCHEDULE.FAILURES.WARN})",
        "min({worst_streak},{D})>{$SCHEDULE.FAILURES.WARN}", "AVERAGE", "job-failures",
        "A scheduled job failed more than {$SCHEDULE.FAILURES.WARN} times in a row. The check "
        "summary names the job and its newest error.", "{ITEM.LASTVALUE1}")],
    "restarts": [(
        "Daemon restarts: {ITEM.LASTVALUE1} starts within an hour (more than {$SCHEDULE.RESTARTS.WARN})",
        "min({starts},{D})>{$SCHEDULE.RESTARTS.WARN}", "AVERAGE", "daemon-restarts",
        "The schedule daemon started more than {$SCHEDULE.RESTARTS.WARN} times within an hour: "
        "it is probably crash-looping.", "{ITEM.LASTVALUE1}")],
    "runs": [(
        "Scheduled runs: {ITEM.LASTVALUE1} run(s) far beyond their usual duration for {$SCHEDULE.ALERT.DELAY}",
        "min({overrunning},{D})>0", "WARNING", "job-hung",
        "A running job has been running several times longer than its usual p95 duration: it "
        "probably hangs. check_schedule_runs -v names the run.", "{ITEM.LASTVALUE1}"), (
        "Scheduled runs: oldest queued run waiting {ITEM.LASTVALUE1} (more than {$SCHEDULE.QUEUE.WARN} s) for {$SCHEDULE.ALERT.DELAY}",
        "min({oldest_queued},{D})>{$SCHEDULE.QUEUE.WARN}", "WARNING", "queue-backlog",
        "Queued runs are not picked up: no free worker, or the daemon does not dequeue. "
        "check_schedule_runs -v names the oldest.", "{ITEM.LASTVALUE1}")],
}

# Graphs: (check, name, [labels]); the template dashboard shows them two a row, after the
# graph of all plugin states.
GRAPHS = [
    ("daemon", "Schedule daemon: heartbeat age and replay lag", ["heartbeat_age", "replay_lag"]),
    ("daemon", "Schedule daemon: uptime", ["uptime"]),
    ("daemon", "Schedule daemon: live workers", ["live"]),
    ("restarts", "Daemon restarts: starts and unclean ends", ["starts", "unclean"]),
    ("failures", "Scheduled jobs: success rate", ["success_rate"]),
    ("failures", "Scheduled jobs: failure streak and failing jobs", ["worst_streak", "failing"]),
    ("nextrun", "Schedules: lateness and lock age", ["max_lateness", "max_lock_age"]),
    ("nextrun", "Schedules: missing next runs, late, stuck locks", ["missing", "late", "stuck_locks"]),
    ("runs", "Scheduled runs: duration p50 and p95", ["duration_p50", "duration_p95"]),
    ("runs", "Scheduled runs: oldest running and oldest queued", ["oldest_running", "oldest_queued"]),
    ("runs", "Scheduled runs: running, overrunning, queued", ["running", "overrunning", "queued"]),
    ("runs", "Scheduled runs: largest slowdown", ["max_slowdown"]),
]
STATES_GRAPH = "Plugin states (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)"
COLORS = ["1A7C11", "F63100", "2774A4", "A54F10", "FC6EA3", "6C59DC"]
STATE_TRIGGERS = [(2, "CRITICAL", "HIGH"), (1, "WARNING", "WARNING")]

VARIANTS = {
    "agent": ("Schedule daemon by Zabbix agent", "ZABBIX_PASSIVE",
              lambda check, limits: f"schedule.{check}[{','.join(['{$SCHEDULE.PGSERVICE}', *limits])}]",
              "Needs userparameter_schedule.conf on the agent of the host."),
    "external": ("Schedule daemon by external check", "EXTERNAL",
                 lambda check, limits: "schedule_check[" + ",".join(
                     f'"{p}"' for p in [check, "{$SCHEDULE.PGSERVICE}", *limits]) + "]",
                 "Runs externalscripts/schedule_check on the Zabbix server or proxy; Zabbix 6.0 "
                 "links it only to a host with an interface (any type: it is not contacted)."),
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


def runbook(slug):
    return "{$SCHEDULE.RUNBOOK.BASE}" + slug + ".md"


class Trigger:
    """A trigger before it is written: written last, once its dependencies are known."""

    def __init__(self, expression, name, priority, slug, description, opdata=""):
        self.expression, self.name, self.priority = expression, name, priority
        self.slug, self.description, self.opdata = slug, description, opdata
        self.depends_on = []

    def write(self, parent, template_name):
        t = sub(parent, "trigger")
        sub(t, "uuid", uuid4(template_name, "trigger", self.name))
        sub(t, "expression", self.expression)
        sub(t, "name", self.name)
        if self.opdata:
            sub(t, "opdata", self.opdata)
        sub(t, "url", runbook(self.slug))
        sub(t, "priority", self.priority)
        sub(t, "description", f"{self.description}\n\nRunbook: {runbook(self.slug)}")
        if self.depends_on:
            deps = sub(t, "dependencies")
            for other in self.depends_on:
                sub(deps, "dependency", None, name=other.name, expression=other.expression)
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
        " Set {$SCHEDULE.PGSERVICE} to the libpq service of the scheduler database; the "
        "{$SCHEDULE.*.WARN}/{$SCHEDULE.*.CRIT} macros are the plugins' -w/-c and the alert "
        "triggers' limits. Each trigger links its runbook under {$SCHEDULE.RUNBOOK.BASE}.")
    sub(sub(sub(tpl, "groups"), "group"), "name", GROUP)
    items = sub(tpl, "items")
    ref = lambda k: f"/{name}/{k}"  # noqa: E731 (an item reference in a trigger)
    item_triggers = []   # (item element, Trigger): a trigger on one item nests in it
    top_triggers = []    # multi-item triggers go to the export's top level
    state_keys = []
    delay = "{$SCHEDULE.ALERT.DELAY}"

    for check, (plugin, title, macro, slug, metrics) in CHECKS.items():
        pairs = [macro] + ([EXTRA_THRESHOLDS[check]] if check in EXTRA_THRESHOLDS else [])
        key = master_key(check, [f"{{$SCHEDULE.{m}.{level}}}" for m in pairs
                                 for level in ("WARN", "CRIT")])
        item = sub(items, "item")
        sub(item, "uuid", uuid4(name, "item", f"schedule.{check}"))
        sub(item, "name", f"{title}: {plugin} result")
        sub(item, "type", master_type)
        sub(item, "key", key)
        sub(item, "delay", "{$SCHEDULE.INTERVAL}")
        sub(item, "history", "1d")
        sub(item, "trends", "0")
        sub(item, "value_type", "TEXT")
        sub(item, "description",
            f"The JSON object of {plugin} --format=json, run with -w {{$SCHEDULE.{macro}.WARN}} "
            f"-c {{$SCHEDULE.{macro}.CRIT}}"
            + (f" --queue-warning {{$SCHEDULE.QUEUE.WARN}} --queue-critical {{$SCHEDULE.QUEUE.CRIT}}"
               if check == "runs" else "")
            + f" (empty: the plugin's default). The items '{title}: …' pick the state and "
            "the metrics from it.")
        item_tags(item, check)

        def dependent(suffix, label, path, value_type, units="", valuemap=None,
                      description="", on_error=("DISCARD_VALUE", "")):
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
            sub(d, "description", description)
            if valuemap:
                sub(sub(d, "valuemap"), "name", valuemap)
            step = sub(sub(d, "preprocessing"), "step")
            sub(step, "type", "JSONPATH")
            sub(sub(step, "parameters"), "parameter", path)
            # An UNKNOWN result has no perfdata, and the plugin omits a metric that has no
            # value: such a result must not turn the item unsupported.
            sub(step, "error_handler", on_error[0])
            if on_error[1]:
                sub(step, "error_handler_params", on_error[1])
            sub(sub(d, "master_item"), "key", key)
            item_tags(d, check)
            return d, dkey

        state, state_key = dependent(
            "state", "check state", "$.exit_code", "UNSIGNED", valuemap="Monitoring plugin state",
            description=f"State of {plugin}: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. A result "
                        "that is not the plugin's JSON counts as UNKNOWN.",
            on_error=("CUSTOM_VALUE", "3"))
        state_keys.append(state_key)
        dependent("summary", "check summary", "$.summary", "CHAR",
                  description=f"The summary line of {plugin}: what is wrong, or what is fine.",
                  on_error=("CUSTOM_VALUE", "no JSON from the plugin: see the result item"))
        unknown = Trigger(
            f"last({ref(state_key)})=3 or nodata({ref(state_key)},{{$SCHEDULE.NODATA}})=1",
            f"{title}: {plugin} is UNKNOWN or returns no data for {{$SCHEDULE.NODATA}}",
            "WARNING", slug,
            f"{plugin} could not judge (e.g. the database is unreachable), or the item is not "
            "collected. The check summary item says why. The other triggers of this check "
            "depend on this one.")
        item_triggers.append((state, unknown))
        keys = {}
        for label, metric_name, units, value_type, description in metrics:
            keys[label] = dependent(label, metric_name,
                                    f"$.perfdata[?(@.label=='{label}')].value.first()",
                                    value_type, units, description=description)

        alerts = []
        for tname, expression, priority, aslug, description, opdata in ALERTS[check]:
            used = [m for m in keys if "{" + m + "}" in expression]
            expression = expression.replace("{D}", delay)
            for m in used:
                expression = expression.replace("{" + m + "}", ref(keys[m][1]))
            t = Trigger(expression, tname, priority, aslug, description, opdata)
            t.depends_on.append(unknown)
            alerts.append(t)
            if len(used) == 1:
                item_triggers.append((keys[used[0]][0], t))
            else:
                top_triggers.append(t)

        # The plugin's own verdict, for every condition the alert table does not name. A
        # generic trigger keeps quiet while a specific one of at least its severity speaks.
        stronger = []
        for code, word, priority in STATE_TRIGGERS:
            # The summary comes first, so that {ITEM.LASTVALUE1} (name, operational data)
            # is the plugin's own words; the state must hold for the whole delay.
            lo, hi = (f"={code}", f"={code}") if code == 2 else (f">={code}", "<=2")
            t = Trigger(f"length(last({ref(f'schedule.{check}.summary')}))>=0"
                        f" and min({ref(state_key)},{delay}){lo}"
                        f" and max({ref(state_key)},{delay}){hi}",
                        f"{title}: {plugin} is {word}: {{ITEM.LASTVALUE1}}",
                        priority, slug,
                        f"{plugin} has reported {word} for {{$SCHEDULE.ALERT.DELAY}}. The name "
                        "carries its summary; the plugin at -v names every offending item.",
                        "{ITEM.LASTVALUE2}")
            t.depends_on = [unknown, *stronger] + [
                a for a in alerts if PRIORITIES.index(a.priority) >= PRIORITIES.index(priority)]
            stronger.append(t)
            top_triggers.append(t)

    tags = sub(tpl, "tags")
    sub(tags, "tag", None, tag="class", value="application")
    sub(tags, "tag", None, tag="target", value="schedule")
    macros = sub(tpl, "macros")
    for macro, value, description in MACROS:
        m = sub(macros, "macro")
        sub(m, "macro", macro)
        if value:
            sub(m, "value", value)
        sub(m, "description", description)
    dashboard(tpl, name)
    valuemaps = sub(tpl, "valuemaps")
    vm = sub(valuemaps, "valuemap")
    sub(vm, "uuid", uuid4(name, "valuemap", "Monitoring plugin state"))
    sub(vm, "name", "Monitoring plugin state")
    mappings = sub(vm, "mappings")
    for value, state_name in enumerate(("OK", "WARNING", "CRITICAL", "UNKNOWN")):
        sub(mappings, "mapping", None, value=str(value), newvalue=state_name)

    for element, t in item_triggers:
        parent = element.find("triggers")
        t.write(parent if parent is not None else sub(element, "triggers"), name)
    triggers = sub(root, "triggers")
    for t in top_triggers:
        t.write(triggers, name)
    graphs = sub(root, "graphs")
    graph(graphs, name, STATES_GRAPH, state_keys)
    for check, gname, labels in GRAPHS:
        graph(graphs, name, gname, [f"schedule.{check}.{label}" for label in labels])
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


PRIORITIES = ["NOT_CLASSIFIED", "INFO", "WARNING", "AVERAGE", "HIGH", "DISASTER"]


def item_tags(item, check):
    tags = sub(item, "tags")
    sub(tags, "tag", None, tag="component", value="schedule")
    sub(tags, "tag", None, tag="check", value=check)


def graph(parent, template_name, graph_name, keys):
    g = sub(parent, "graph")
    sub(g, "uuid", uuid4(template_name, "graph", graph_name))
    sub(g, "name", graph_name)
    graph_items = sub(g, "graph_items")
    for i, key in enumerate(keys):
        gi = sub(graph_items, "graph_item")
        if i:
            sub(gi, "sortorder", str(i))
        sub(gi, "color", COLORS[i % len(COLORS)])
        sub(gi, "item", None, host=template_name, key=key)


def dashboard(tpl, template_name):
    """One page: the graph of all plugin states across the top, then the graphs two a row
    (the 6.0 dashboard grid is 24 columns wide)."""
    d = sub(sub(tpl, "dashboards"), "dashboard")
    sub(d, "uuid", uuid4(template_name, "dashboard"))
    sub(d, "name", "Schedule daemon")
    widgets = sub(sub(sub(d, "pages"), "page"), "widgets")
    placed = [(0, 0, 24, STATES_GRAPH)] + [
        (12 * (i % 2), 5 + 5 * (i // 2), 12, gname) for i, (_, gname, _) in enumerate(GRAPHS)]
    for x, y, width, gname in placed:
        w = sub(widgets, "widget")
        sub(w, "type", "GRAPH_CLASSIC")
        sub(w, "name", gname)
        sub(w, "x", str(x))
        sub(w, "y", str(y))
        sub(w, "width", str(width))
        sub(w, "height", "5")
        field = sub(sub(w, "fields"), "field")
        sub(field, "type", "GRAPH")
        sub(field, "name", "graphid")
        sub(field, "value", None, host=template_name, name=gname)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for variant in VARIANTS:
        (out / f"template_schedule_{variant}.xml").write_text(template(variant))


if __name__ == "__main__":
    main()
