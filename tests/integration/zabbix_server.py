"""A throwaway Zabbix 6.0 installation on loopback for tests/integration/test_integration_zabbix.py:
its own database in the harness's PostgreSQL cluster (schema, images and data of the
zabbix-server-pgsql package, without the stock templates' contents), zabbix_server -f,
the frontend's JSON-RPC API served by `php -S` from a private copy of /usr/share/zabbix
whose configuration file is ours, and a zabbix_agentd with the shipped UserParameters.
Everything lives in one directory and is stopped by stop(): by the test class, when
start() failed half-way, and at exit. About 10 s to start.

Not a test module itself (no test_ prefix)."""

import atexit
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import time
import unittest
import urllib.request
import uuid

import harness
import integration_scenarios as scenarios

SQL_DIR = "/usr/share/zabbix-server-pgsql"
FRONTEND = "/usr/share/zabbix"
CONFIG_FILE_PHP = "include/classes/core/CConfigFile.php"

# Few processes: two cores are shared. CacheUpdateFrequency=1 makes a new host known to
# the server within a second instead of a minute.
SERVER_CONF = """\
LogType=console
ListenIP=127.0.0.1
ListenPort={server_port}
PidFile={dir}/zabbix_server.pid
SocketDir={dir}
DBHost={db_host}
DBPort={db_port}
DBName={db_name}
DBUser={db_user}
AllowRoot=1
CacheUpdateFrequency=1
StartPollers=2
StartPollersUnreachable=1
StartPingers=0
StartTrappers=1
StartDiscoverers=0
StartHTTPPollers=0
StartTimers=1
StartEscalators=1
StartAlerters=1
StartPreprocessors=1
StartHistoryPollers=1
StartLLDProcessors=1
StartDBSyncers=1
StartReportWriters=0
HousekeepingFrequency=0
Timeout=10
ExternalScripts={dir}/externalscripts
"""

AGENT_CONF = """\
LogType=console
ListenIP=127.0.0.1
ListenPort={agent_port}
PidFile={dir}/zabbix_agentd.pid
Server=127.0.0.1
ServerActive=
AllowRoot=1
StartAgents=2
Timeout=10
Include={dir}/userparameter_schedule.conf
"""

FRONTEND_CONF = """\
<?php
$DB['TYPE'] = ZBX_DB_POSTGRESQL;
$DB['SERVER'] = {db_host};
$DB['PORT'] = {db_port};
$DB['DATABASE'] = {db_name};
$DB['USER'] = {db_user};
$DB['PASSWORD'] = '';
$DB['SCHEMA'] = '';
$DB['ENCRYPTION'] = false;
$DB['KEY_FILE'] = '';
$DB['CERT_FILE'] = '';
$DB['CA_FILE'] = '';
$DB['VERIFY_HOST'] = false;
$DB['CIPHER_LIST'] = '';
$DB['VAULT_URL'] = '';
$DB['VAULT_DB_PATH'] = '';
$DB['VAULT_TOKEN'] = '';
$DB['DOUBLE_IEEE754'] = true;
$ZBX_SERVER = '127.0.0.1';
$ZBX_SERVER_PORT = '{server_port}';
$ZBX_SERVER_NAME = 'monitoring-plugins-schedule test';
$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
"""


# data.sql is one INSERT per statement, each starting a line. These tables hold the
# contents of the stock templates (items, triggers, graphs, dashboards, value maps,
# macros) and are left out: they are four fifths of the load time and nothing here uses
# them. Users, roles, groups, settings, the template and host rows themselves stay.
STOCK_TEMPLATE_TABLES = {
    "items", "item_tag", "item_preproc", "item_discovery", "item_condition", "item_parameter",
    "item_rtdata", "lld_macro_path", "functions", "triggers", "trigger_tag", "trigger_depends",
    "graphs", "graphs_items", "widget", "widget_field", "valuemap", "valuemap_mapping",
    "hostmacro", "host_tag", "host_discovery", "lld_override", "lld_override_condition",
    "lld_override_operation", "lld_override_opdiscover", "lld_override_opstatus",
    "lld_override_optemplate",
}


def stock_data_without_templates():
    kept, keep = [], True
    for line in gzip.open(f"{SQL_DIR}/data.sql.gz", "rt"):
        if line.startswith("INSERT INTO "):
            keep = line.split()[2] not in STOCK_TEMPLATE_TABLES
        if keep:
            kept.append(line)
    return "".join(kept)


def low_free_port():
    """A free TCP port on 127.0.0.1 below 32768, the range Zabbix daemons accept."""
    for _ in range(100):
        port = random.randrange(20000, 32768)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


def require_php_pgsql(php):
    """Skips the test class when PHP's pgsql extension is missing and cannot be installed."""
    def loaded():
        return subprocess.run([php, "-r", "exit(extension_loaded('pgsql') ? 0 : 1);"],
                              capture_output=True, timeout=60).returncode == 0
    if not loaded():
        subprocess.run([str(harness.ROOT / "tools" / "install-deps"), "php-pgsql"],
                       capture_output=True, timeout=900)
        if not loaded():
            raise unittest.SkipTest("PHP's pgsql extension (package php-pgsql) is not available")


class ApiError(Exception):
    def __init__(self, method, error):
        super().__init__(f"{method}: {error.get('message')} {error.get('data')}")
        self.data = error.get("data", "")


def php_string(value):
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class ZabbixServer:
    """start() brings up database, server, frontend and agent; api() calls the frontend."""

    def __init__(self, directory, userparameters, plugin_env):
        self.dir = directory
        self.userparameters = userparameters
        self.plugin_env = plugin_env
        self.processes = []
        self.db_name = None
        self.auth = None
        self.timings = {}
        self.server_port = low_free_port()
        self.agent_port = low_free_port()
        self.web_port = harness.free_port()

    # --- start and stop ---------------------------------------------------------------

    def start(self):
        atexit.register(self.stop)
        try:
            self._database()
            self._server()
            self._frontend()
            self._agent()
            self.auth = self.api("user.login", {"username": "Admin", "password": "zabbix"},
                                 auth=False)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        for name, process, out, marker in reversed(self.processes):
            scenarios.stop_daemon(process, marker)
            out.close()
        self.processes = []
        # The server's and agent's helpers rename themselves (no marker left in their
        # command line) but keep the working directory we gave them.
        self._kill_helpers()
        if self.db_name:
            harness.cluster().psql("postgres", f"DROP DATABASE IF EXISTS "
                                               f"{harness.ident(self.db_name)} WITH (FORCE);")
            self.db_name = None

    def _kill_helpers(self, timeout=30):
        def helpers():
            pids = []
            for entry in os.listdir("/proc"):
                try:
                    if entry.isdigit() and os.readlink(f"/proc/{entry}/cwd") == str(self.dir):
                        pids.append(int(entry))
                except OSError:
                    pass
            return pids
        deadline = time.monotonic() + timeout
        while helpers() and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in helpers():
            try:
                os.kill(pid, 9)
            except OSError:
                pass

    def log(self, name):
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def _spawn(self, name, argv, ready, env=None):
        """Starts argv (whose last word, a path in our directory, is what stop_daemon looks
        for in the command lines of its helpers) and waits until ready()."""
        out = open(self.dir / f"{name}.log", "w")
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, env=env, cwd=self.dir)
        self.processes.append((name, process, out, argv[-1]))
        deadline = time.monotonic() + 60
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not come up:\n{self.log(name)}")
            time.sleep(0.2)

    def _database(self):
        started = time.monotonic()
        cluster = harness.cluster()
        self.db_name = "zabbix_" + uuid.uuid4().hex[:12]
        cluster.psql("postgres", f"CREATE DATABASE {harness.ident(self.db_name)};")
        sql = "".join(gzip.open(f"{SQL_DIR}/{part}.sql.gz", "rt").read()
                      for part in ("schema", "images")) + stock_data_without_templates()
        # One transaction without waiting for each commit: loading takes seconds, not minutes.
        proc = subprocess.run(cluster.psql_command() + ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                                                        "-d", self.db_name],
                              input="SET client_min_messages = warning;\n"
                                    "SET synchronous_commit = off;\n" + sql,
                              capture_output=True, text=True, env=cluster.client_env(self.db_name),
                              timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"loading the Zabbix schema failed: {proc.stderr[-2000:]}")
        self.timings["database"] = time.monotonic() - started

    def _db_settings(self):
        c = harness.cluster()
        return {"db_host": c.host, "db_port": c.port, "db_name": self.db_name, "db_user": c.user}

    def _server(self):
        scripts = self.dir / "externalscripts"
        scripts.mkdir()
        source = scenarios.INTEGRATIONS / "zabbix" / "externalscripts" / "schedule_check"
        shutil.copy(source, scripts / source.name)
        conf = self.dir / "zabbix_server.conf"
        conf.write_text(SERVER_CONF.format(dir=self.dir, server_port=self.server_port,
                                           **self._db_settings()))
        self._spawn("zabbix_server", [shutil.which("zabbix_server", path="/usr/sbin:/usr/bin"),
                                      "-f", "-c", str(conf)],
                    lambda: "server #0 started" in self.log("zabbix_server"),
                    env=self.plugin_env)

    def _frontend(self):
        web = self.dir / "frontend"
        shutil.copytree(FRONTEND, web, symlinks=True)
        conf = self.dir / "zabbix.conf.php"
        conf.write_text(FRONTEND_CONF.format(
            server_port=self.server_port,
            **{k: php_string(v) for k, v in self._db_settings().items()}))
        config_class = web / CONFIG_FILE_PHP
        text = config_class.read_text()
        marker = "const CONFIG_FILE_PATH = "
        start = text.index(marker)
        end = text.index(";", start)
        config_class.write_text(text[:start] + marker + php_string(conf) + text[end:])

        def answers():
            try:
                self.api("apiinfo.version", {}, auth=False)
                return True
            except OSError:
                return False
        self._spawn("php", ["php", "-S", f"127.0.0.1:{self.web_port}", "-t", str(web)], answers)

    def _agent(self):
        (self.dir / "userparameter_schedule.conf").write_text(self.userparameters)
        conf = self.dir / "zabbix_agentd.conf"
        conf.write_text(AGENT_CONF.format(dir=self.dir, agent_port=self.agent_port))
        self._spawn("zabbix_agentd", [shutil.which("zabbix_agentd", path="/usr/sbin:/usr/bin"),
                                      "-f", "-c", str(conf)],
                    lambda: "started [listener #1]" in self.log("zabbix_agentd"),
                    env=self.plugin_env)

    # --- the API ----------------------------------------------------------------------

    def api(self, method, params, auth=True):
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
        if auth:
            body["auth"] = self.auth
        request = urllib.request.Request(f"http://127.0.0.1:{self.web_port}/api_jsonrpc.php",
                                         data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json-rpc"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        if "error" in answer:
            raise ApiError(method, answer["error"])
        return answer["result"]

    def wait_for(self, what, probe, timeout=60):
        """probe()'s first true result within timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = probe()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"Zabbix: no {what} within {timeout} s\n"
                                     f"--- zabbix_server log:\n{self.log('zabbix_server')}")
            time.sleep(0.5)
