"""Datadog Agent custom check: runs a monitoring-plugins-schedule plugin with
--format=json and submits

- the service check <prefix>.status (schedule_daemon.status, ...): the plugin's exit
  code is the status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, as Datadog counts them),
  the summary its message;
- one gauge per perfdata value, <prefix>.<label> with the unit in the name
  (schedule_daemon.heartbeat_age_seconds, schedule_failures.success_rate_percent,
  schedule_nextrun.missing), the names of --format=prometheus with a dot after the
  prefix;
- <prefix>.check_state, the state as a number (0..3).

Install: this file as /etc/datadog-agent/checks.d/schedule.py, conf.d/schedule.d/
conf.yaml as /etc/datadog-agent/conf.d/schedule.d/conf.yaml. The dd-agent user runs
the plugins: give it a pg_service.conf service or a ~/.pgpass, never a password in the
YAML.
"""

import json
import subprocess

from datadog_checks.base import AgentCheck

__version__ = "1.0.0"

PLUGINS = ("check_schedule_daemon", "check_schedule_nextrun", "check_schedule_failures",
           "check_daemon_restarts", "check_schedule_runs")
UNIT_SUFFIX = {"": "", "s": "_seconds", "%": "_percent"}


def prefix_of(plugin):
    """check_schedule_daemon -> schedule_daemon (the plugin's PREFIX lower-cased)."""
    return plugin[len("check_"):]


def metric_name(prefix, entry):
    """The gauge of one perfdata entry: <prefix>.<label>[_seconds|_percent]."""
    uom = entry.get("uom") or ""
    if uom not in UNIT_SUFFIX:
        raise ValueError(f"unexpected unit {uom!r} of {entry.get('label')!r}")
    return f"{prefix}.{entry['label']}{UNIT_SUFFIX[uom]}"


def parse_output(stdout, returncode):
    """(status, message, [(name, value)]) from one run's JSON output and exit code.
    Keys the check does not use (details, details_omitted, ...) are ignored."""
    status = returncode if returncode in (0, 1, 2, 3) else 3
    try:
        data = json.loads(stdout)
        prefix = prefix_of(data["plugin"])
        gauges = [(metric_name(prefix, entry), float(entry["value"]))
                  for entry in data.get("perfdata", []) if entry.get("value") is not None]
        message = data.get("summary", "")
    except (ValueError, KeyError, TypeError) as error:
        return 3, f"unreadable plugin output ({error}): {stdout[:200]!r}", []
    gauges.append((f"{prefix}.check_state", float(status)))
    return status, message, gauges


class ScheduleCheck(AgentCheck):
    def check(self, instance):
        plugin = instance.get("plugin", "check_schedule_daemon")
        if plugin not in PLUGINS:
            raise ValueError(f"plugin must be one of {', '.join(PLUGINS)}, not {plugin!r}")
        plugin_dir = instance.get("plugin_dir", "/usr/lib/nagios/plugins")
        timeout = float(instance.get("timeout", 10))
        args = [str(a) for a in instance.get("args", [])]
        tags = list(instance.get("tags", [])) + [f"plugin:{plugin}"]
        service_check = f"{prefix_of(plugin)}.status"
        command = [f"{plugin_dir}/{plugin}", "--format=json", f"--timeout={timeout:g}", *args]
        try:
            # The plugin keeps its own deadline; the margin only catches a hung process.
            proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=timeout + 5)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.service_check(service_check, AgentCheck.UNKNOWN, tags=tags,
                               message=f"{plugin} did not run: {error}")
            return
        status, message, gauges = parse_output(proc.stdout, proc.returncode)
        for name, value in gauges:
            self.gauge(name, value, tags=tags)
        self.service_check(service_check, status, tags=tags, message=message)
