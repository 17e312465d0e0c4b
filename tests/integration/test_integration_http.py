"""integrations/http against a real lighttpd (Debian's package) and curl: the shipped
lighttpd snippet and schedule-health.cgi serve the health URLs, with only the paths
pointed at this build and a temporary ini file. Healthy -> 200, stale heartbeat -> 503,
database down -> 503, hostile query strings, headers, bodies and path info change
nothing, a usage error is a one-line 503, a timeout a 503, and an address the snippet
does not allow gets 403. The nginx location also runs in a real nginx with fcgiwrap
(a subset of the same requests). The Apache file is checked with apache2 -t on a
private main configuration, not run; nginx -t checks the nginx file as well."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import harness
import integration_scenarios as scenarios

DIR = scenarios.INTEGRATIONS / "http"
WRAPPER = DIR / "schedule-health.cgi"
INSTALLED_WRAPPER = "/usr/local/lib/monitoring-plugins-schedule/schedule-health.cgi"
INSTALLED_INI = "/etc/monitoring-plugins-schedule/http-health.ini"
INSTALLED_PLUGINS = "/usr/lib/nagios/plugins"
URLS = {"check_schedule_daemon": "SCHEDULE_DAEMON",
        "check_schedule_nextrun": "SCHEDULE_NEXTRUN",
        "check_schedule_failures": "SCHEDULE_FAILURES",
        "check_daemon_restarts": "DAEMON_RESTARTS"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pointed_here(text, tmp):
    """A shipped file with its installed paths replaced by this test's."""
    return (text.replace(INSTALLED_WRAPPER, str(WRAPPER))
            .replace(INSTALLED_INI, str(tmp / "http-health.ini"))
            .replace(INSTALLED_PLUGINS, str(harness.build_dir() / "plugins")))


class HttpRequests:
    """The ini file the wrapper reads, and curl against cls.port with assertions on
    status, body and the CGI headers."""

    @classmethod
    def listening(cls):
        try:
            socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
            return True
        except OSError:
            return False

    @classmethod
    def write_ini(cls, scenario, **extra):
        """One section per plugin, all on the scenario's database (or on what extra
        says), written atomically: every request runs the wrapper afresh."""
        c = harness.cluster()
        lines = []
        for plugin in URLS:
            options = {"host": c.host, "port": c.port, "logname": c.user,
                       "dbname": cls.databases[scenario].name, "timeout": "5"}
            options.update(extra)
            lines.append(f"[{plugin}]")
            lines += [f"{key} = {value}" for key, value in options.items()]
        path = cls.tmp / "http-health.ini"
        (cls.tmp / "ini.tmp").write_text("\n".join(lines) + "\n")
        os.replace(cls.tmp / "ini.tmp", path)

    def curl(self, path, *args):
        """(status, headers dict lower-cased, body) of one request."""
        proc = subprocess.run([self.curl_binary, "-s", "-i", "--max-time", "20", *args,
                               f"http://127.0.0.1:{self.port}{path}"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        head, _, body = proc.stdout.replace("\r\n", "\n").partition("\n\n")
        lines = head.split("\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        return status, headers, body

    # The cases every web server must pass.
    def setUp(self):
        self.write_ini("healthy")

    def test_healthy_is_200_for_every_url(self):
        for plugin, prefix in URLS.items():
            with self.subTest(plugin):
                self.assertResponse(self.curl(f"/health/{plugin}"), 200, f"{prefix} OK\n")

    def test_stale_heartbeat_is_503(self):
        self.write_ini("failing")
        self.assertResponse(self.curl("/health/check_schedule_daemon"), 503,
                            "SCHEDULE_DAEMON CRITICAL\n")

    def assertResponse(self, response, status, body):
        got_status, headers, got_body = response
        self.assertEqual((got_status, got_body), (status, body))
        self.assertEqual(headers.get("content-type"), "text/plain; charset=utf-8")
        self.assertEqual(headers.get("cache-control"), "no-store")


class LighttpdHealthEndpoint(HttpRequests, scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-http."

    @classmethod
    def require_binaries(cls):
        harness.skip_in_sanitizer_build("third-party web server test")
        cls.lighttpd = scenarios.require("lighttpd", "lighttpd")
        cls.curl_binary = scenarios.require("curl", "curl")

    @classmethod
    def set_up_scenarios(cls):
        t = cls.tmp
        (t / "docroot").mkdir()
        snippet = (DIR / "lighttpd-schedule-health.conf").read_text()
        (t / "snippet.conf").write_text(pointed_here(snippet, t))
        cls.port = free_port()
        (t / "lighttpd.conf").write_text(
            f'server.document-root = "{t / "docroot"}"\n'
            f'server.bind = "127.0.0.1"\n'
            f'server.port = {cls.port}\n'
            f'server.errorlog = "{t / "error.log"}"\n'
            f'server.pid-file = "{t / "lighttpd.pid"}"\n'
            f'include "{t / "snippet.conf"}"\n')
        cls.write_ini("healthy")
        check = subprocess.run([cls.lighttpd, "-tt", "-f", str(t / "lighttpd.conf")],
                               capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError("lighttpd rejects the configuration:\n" + check.stdout
                               + check.stderr)
        cls.start_daemon([cls.lighttpd, "-D", "-f", str(t / "lighttpd.conf")],
                         str(t / "lighttpd.conf"), cls.listening, "lighttpd")

    def test_failing_by_each_plugins_state(self):
        self.write_ini("failing")
        for plugin, prefix in URLS.items():
            state = scenarios.STATES[scenarios.EXPECTED[plugin]["failing"][0]]
            with self.subTest(plugin):
                self.assertResponse(self.curl(f"/health/{plugin}"),
                                    200 if state in ("OK", "WARNING") else 503,
                                    f"{prefix} {state}\n")

    def test_database_down_is_503(self):
        self.write_ini("healthy", host=str(self.tmp / "no-server"))
        self.assertResponse(self.curl("/health/check_schedule_daemon"), 503,
                            "SCHEDULE_DAEMON UNKNOWN\n")

    def test_hostile_requests_change_nothing(self):
        healthy = self.curl("/health/check_schedule_daemon")
        self.assertResponse(healthy, 200, "SCHEDULE_DAEMON OK\n")
        for query in ("?-c+0", "?--http-details", "?--format%3Dnagios+-c+0",
                      "?--http-ok-states%3DOK+-c+0", "?critical=0&format=nagios",
                      "?--extra-opts%3Dx%40%2Fetc%2Fpasswd", "?--help"):
            with self.subTest(query):
                self.assertResponse(self.curl("/health/check_schedule_daemon" + query),
                                    200, "SCHEDULE_DAEMON OK\n")
        with self.subTest("headers and body"):
            self.assertResponse(self.curl("/health/check_schedule_daemon?-c+0",
                                          "-H", "Schedule-Health-Check: check_schedule_nextrun",
                                          "-H", "Schedule-Health-Ini: /etc/passwd",
                                          "--data", "--http-details -c 0"),
                                200, "SCHEDULE_DAEMON OK\n")
        with self.subTest("path info"):
            self.assertResponse(self.curl("/health/check_schedule_daemon/-c/0"), 200,
                                "SCHEDULE_DAEMON OK\n")

    def test_usage_error_is_a_one_line_503(self):
        self.write_ini("healthy", warning="nonsense")
        status, _, body = self.curl("/health/check_schedule_daemon")
        self.assertEqual(status, 503)
        self.assertTrue(body.startswith("SCHEDULE_DAEMON UNKNOWN - check_schedule_daemon: "
                                        "-w/--warning: invalid range 'nonsense'"), body)
        self.assertEqual(body.count("\n"), 1, body)
        self.assertNotIn("Usage", body)

    def test_timeout_is_a_503(self):
        with harness.silent_server() as port:
            self.write_ini("healthy", host="127.0.0.1", port=port, timeout="1")
            started = time.monotonic()
            response = self.curl("/health/check_schedule_nextrun")
        self.assertResponse(response, 503, "SCHEDULE_NEXTRUN UNKNOWN\n")
        self.assertLess(time.monotonic() - started, 5)

    def test_other_addresses_are_denied(self):
        status, _, body = self.curl("/health/check_schedule_daemon", "--interface", "127.0.0.2")
        self.assertEqual(status, 403)
        self.assertNotIn("SCHEDULE_DAEMON", body)


class NginxFcgiwrapHealthEndpoint(HttpRequests, scenarios.ScenarioTestCase):
    """The shipped nginx location, served by a real nginx and fcgiwrap."""
    TMP_PREFIX = "mps-nginx."
    fcgiwrap = None

    @classmethod
    def require_binaries(cls):
        harness.skip_in_sanitizer_build("third-party web server test")
        cls.nginx = scenarios.require("nginx", "nginx-light")
        cls.fcgiwrap_binary = scenarios.require("fcgiwrap", "fcgiwrap")
        cls.curl_binary = scenarios.require("curl", "curl")

    @classmethod
    def set_up_scenarios(cls):
        t = cls.tmp
        socket_path = t / "fcgiwrap.sock"
        snippet = pointed_here((DIR / "nginx-schedule-health.conf").read_text(), t)
        (t / "snippet.conf").write_text(
            snippet.replace("unix:/run/fcgiwrap.socket", f"unix:{socket_path}"))
        cls.port = free_port()
        user = "user root;\n" if os.geteuid() == 0 else ""
        (t / "nginx.conf").write_text(
            f"{user}daemon off;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\nevents {{}}\n"
            f"http {{\n  access_log off;\n  client_body_temp_path {t}/body;\n"
            f"  fastcgi_temp_path {t}/fastcgi;\n  proxy_temp_path {t}/proxy;\n"
            f"  server {{ listen 127.0.0.1:{cls.port}; include {t}/snippet.conf; }}\n}}\n")
        cls.write_ini("healthy")
        cls.fcgiwrap_out = open(t / "fcgiwrap.out", "w")
        cls.fcgiwrap = subprocess.Popen([cls.fcgiwrap_binary, "-s", f"unix:{socket_path}"],
                                        stdin=subprocess.DEVNULL, stdout=cls.fcgiwrap_out,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not socket_path.exists():
            if cls.fcgiwrap.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("fcgiwrap did not come up")
            time.sleep(0.1)
        cls.start_daemon([cls.nginx, "-c", str(t / "nginx.conf"), "-p", f"{t}/"],
                         str(t / "nginx.conf"), cls.listening, "nginx")

    @classmethod
    def tearDownClass(cls):
        if cls.fcgiwrap is not None:
            scenarios.stop_daemon(cls.fcgiwrap, str(cls.tmp / "fcgiwrap.sock"))
            cls.fcgiwrap = None
            cls.fcgiwrap_out.close()
        super().tearDownClass()

    def test_hostile_requests_change_nothing(self):
        for query in ("?-c+0", "?--http-details", "?critical=0&format=nagios"):
            with self.subTest(query):
                self.assertResponse(self.curl("/health/check_schedule_daemon" + query,
                                              "-H", "Schedule-Health-Check: x"),
                                    200, "SCHEDULE_DAEMON OK\n")

    def test_other_urls_and_addresses_are_not_served(self):
        self.assertEqual(self.curl("/health/check_other")[0], 404)
        self.assertEqual(self.curl("/health/check_schedule_daemon", "--interface",
                                   "127.0.0.2")[0], 403)


class OtherServersSyntax(unittest.TestCase):
    """apache2 -t and nginx -t accept the shipped files in a private main config (Apache
    is not started)."""

    def setUp(self):
        harness.skip_in_sanitizer_build("third-party web server test")
        self.tmp = Path(tempfile.mkdtemp(prefix="mps-httpconf."))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_apache_accepts_the_config(self):
        apache = scenarios.require("apache2", "apache2")
        modules = "/usr/lib/apache2/modules"
        loads = "".join(f"LoadModule {name}_module {modules}/mod_{name}.so\n"
                        for name in ("mpm_event", "authz_core", "authz_host", "alias", "cgid",
                                     "env"))
        conf = self.tmp / "httpd.conf"
        conf.write_text(f"ServerRoot {self.tmp}\nServerName localhost\n"
                        f"Listen 127.0.0.1:{free_port()}\nPidFile {self.tmp}/httpd.pid\n"
                        f"ErrorLog {self.tmp}/error.log\n{loads}"
                        f"Include {DIR / 'apache-schedule-health.conf'}\n")
        proc = subprocess.run([apache, "-t", "-f", str(conf)], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("Syntax OK", proc.stdout + proc.stderr)

    def test_nginx_accepts_the_config(self):
        nginx = scenarios.require("nginx", "nginx-light")
        conf = self.tmp / "nginx.conf"
        conf.write_text(f"pid {self.tmp}/nginx.pid;\nerror_log {self.tmp}/error.log;\n"
                        "events {}\nhttp {\n  access_log off;\n"
                        f"  client_body_temp_path {self.tmp}/body;\n"
                        f"  fastcgi_temp_path {self.tmp}/fastcgi;\n"
                        f"  proxy_temp_path {self.tmp}/proxy;\n"
                        f"  server {{ listen 127.0.0.1:{free_port()}; "
                        f"include {DIR / 'nginx-schedule-health.conf'}; }}\n}}\n")
        proc = subprocess.run([nginx, "-t", "-c", str(conf), "-p", f"{self.tmp}/"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("test is successful", proc.stderr)
