"""Packaging: the tarball, the Debian package and the RPMs built once by tools/packages.

Asserts that lintian and rpmlint are clean, that the tarball holds what debian/ and the
spec need, that the .deb and the RPM hold the integration files where they belong (the
Zabbix UserParameters as a conffile naming the package's plugin directory, the examples
one folder per monitoring system), that the man pages are clean under `man --warnings`
and list every option of --help, that the Icinga 2 CheckCommands cover every option of
--help, then installs the .deb, runs each installed plugin (--version and a real check
through the read-only role of sql/grant-monitoring-role.sql, directly and through
`zabbix_agentd -t` with the installed UserParameters), runs the autopkgtest script
against the installed package and purges it again. `make distcheck` runs in the scratch
build of the tarball.

Slow (a few minutes: three builds and the unit tests three times). Set
MPS_PACKAGES_DIR to a folder tools/packages already filled to reuse it, or
MPS_SKIP_PACKAGING=1 to skip the module.
"""

import grp
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest
from pathlib import Path

import harness

ROOT = harness.ROOT
PACKAGE = "monitoring-plugins-schedule"
PLUGINS = harness.PLUGINS
# Plugin -> Icinga 2 CheckCommand.
ICINGA_COMMANDS = {"check_schedule_daemon": "schedule_daemon",
                   "check_schedule_nextrun": "schedule_nextrun",
                   "check_schedule_failures": "schedule_failures",
                   "check_daemon_restarts": "schedule_restarts",
                   "check_schedule_runs": "schedule_runs"}
# Options that make no sense for Icinga 2, which reads the nagios format on stdout (the
# --http-* options shape the --format=cgi response only).
NOT_FOR_ICINGA = {"help", "version", "format", "output-file", "http-ok-states", "http-details"}
ROLE = "nagios_schedule"
DEB_PLUGINDIR = "/usr/lib/nagios/plugins"
NAGIOS_CFG_DEB = "/etc/nagios-plugins/config/schedule.cfg"
NAGIOS_CFG_RPM = "/etc/nagios/conf.d/schedule.cfg"
ICINGA2_CONF = "/usr/share/icinga2/include/plugins-contrib.d/monitoring-plugins-schedule.conf"
# In the directory each distribution's zabbix_agentd.conf includes.
ZABBIX_CONF_DEB = "/etc/zabbix/zabbix_agentd.conf.d/userparameter_schedule.conf"
ZABBIX_CONF_RPM = "/etc/zabbix/zabbix_agentd.d/userparameter_schedule.conf"
ZABBIX_KEYS = {"schedule.daemon": "check_schedule_daemon",
               "schedule.nextrun": "check_schedule_nextrun",
               "schedule.failures": "check_schedule_failures",
               "schedule.restarts": "check_daemon_restarts",
               "schedule.runs": "check_schedule_runs"}
# Files of integrations/ shipped as examples, in the same layout below .../examples/.
EXAMPLES = ["README.md",
            "grafana/schedule-dashboard.json",
            "icinga2/example-apply-rules.conf",
            "nagios/example-services.cfg",
            "prometheus/alertmanager.yml",
            "prometheus/monitoring-plugins-schedule.default",
            "prometheus/monitoring-plugins-schedule@.service",
            "prometheus/monitoring-plugins-schedule@.timer",
            "prometheus/schedule-alerts.rules.yml",
            "sensu/schedule-checks.yaml",
            "zabbix/externalscripts/schedule_check",
            "zabbix/template_schedule_agent.xml",
            "zabbix/template_schedule_external.xml",
            # HTTP health endpoint, cron/systemd mail, Datadog and CloudWatch routes
            "http/README.md", "http/apache-schedule-health.conf", "http/http-health.ini",
            "http/lighttpd-schedule-health.conf", "http/nginx-schedule-health.conf",
            "http/schedule-health.cgi", "cron/README.md", "cron/monitoring-plugins-schedule.cron",
            "cron/schedule-check-failed@.service", "cron/schedule-check-mail",
            "cron/schedule-check@.service", "cron/schedule-check@.timer", "datadog/README.md",
            "datadog/checks.d/schedule.py", "datadog/conf.d/openmetrics.d/conf.yaml",
            "datadog/conf.d/schedule.d/conf.yaml", "cloudwatch/README.md",
            "cloudwatch/schedule-cloudwatch", "cloudwatch/schedule-cloudwatch@.service",
            "cloudwatch/schedule-cloudwatch@.timer"]
EXAMPLES.sort()
# Runbooks, installed uncompressed (alerts link <docdir>/runbooks/<slug>.md).
RUNBOOKS = sorted(p.name for p in (ROOT / "docs" / "runbooks").glob("*.md"))
# Examples that run a plugin by its absolute path.
EXAMPLES_WITH_PLUGINDIR = ["prometheus/monitoring-plugins-schedule@.service",
                           "zabbix/externalscripts/schedule_check",
                           "http/schedule-health.cgi", "http/lighttpd-schedule-health.conf",
                           "http/apache-schedule-health.conf",
                           "http/nginx-schedule-health.conf",
                           "cron/monitoring-plugins-schedule.cron",
                           "cron/schedule-check@.service",
                           "cloudwatch/schedule-cloudwatch@.service",
                           "datadog/checks.d/schedule.py"]

_state = {"out": None, "error": None, "timings": []}


def timed(name, func, *args, **kwargs):
    start = time.monotonic()
    try:
        return func(*args, **kwargs)
    finally:
        seconds = time.monotonic() - start
        _state["timings"].append((name, seconds))
        print(f"\n  [packaging] {name}: {seconds:.1f} s", file=sys.stderr, flush=True)


def run(args, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(args, **kwargs)


def packages_dir():
    """The folder tools/packages filled (run once per process)."""
    if _state["out"] is None and _state["error"] is None:
        reuse = os.environ.get("MPS_PACKAGES_DIR")
        if reuse:
            _state["out"] = Path(reuse).resolve()
        else:
            out = Path(tempfile.mkdtemp(prefix="mps-packages."))
            proc = timed("tools/packages (tarball, deb, lintian, rpm, rpmlint)", run,
                         [str(ROOT / "tools" / "packages"), str(out)], timeout=3000)
            _state["out"] = out
            if proc.returncode != 0:
                _state["error"] = (f"tools/packages failed (exit {proc.returncode}):\n"
                                   + proc.stderr[-6000:])
            print(proc.stderr[-2500:], file=sys.stderr)
    return _state["out"]


def one(pattern):
    found = sorted(packages_dir().glob(pattern))
    if len(found) != 1:
        raise AssertionError(f"expected one {pattern} in {packages_dir()}, found {found}")
    return found[0]


def long_options(help_text):
    """Long option names in a --help text, in order."""
    return re.findall(r"^ {2}(?:-\w, )?(?: {4})?--([a-z][a-z0-9-]*)", help_text, re.M)


def userparameter_plugins(conf_text):
    """{UserParameter key: absolute path of the plugin it runs}."""
    return dict(re.findall(r"^UserParameter=([\w.]+)\[\*\],.*?\s(/\S+)", conf_text, re.M))


def icinga_commands(conf_text):
    """{command name: (binary, [argument keys including the imported template's])}."""
    blocks = re.split(r"^(?=(?:object|template) CheckCommand )", conf_text, flags=re.M)
    templates, commands = {}, {}
    for block in blocks:
        head = re.match(r'(object|template) CheckCommand "([^"]+)"', block)
        if not head:
            continue
        keys = re.findall(r'^\t\t"(--[a-z0-9-]+)" = \{', block, re.M)
        imports = re.findall(r'^\timport "([^"]+)"', block, re.M)
        binary = re.search(r'PluginContribDir \+ "/([^"]+)"', block)
        for name in imports:
            keys = templates.get(name, []) + keys
        if head.group(1) == "template":
            templates[head.group(2)] = keys
        else:
            commands[head.group(2)] = (binary.group(1) if binary else None, keys)
    return commands


@unittest.skipIf(os.environ.get("MPS_SKIP_PACKAGING"), "MPS_SKIP_PACKAGING is set")
class Packaging(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        packages_dir()

    def setUp(self):
        if _state["error"] and self._testMethodName != "test_linters_and_builds":
            # The builds are reported once, by test_linters_and_builds.
            if not list(packages_dir().glob("*.tar.gz")):
                self.skipTest("no tarball: see test_linters_and_builds")

    def tarball(self):
        return one(f"{PACKAGE}-*.tar.gz")

    def test_linters_and_builds(self):
        """tools/packages built everything and lintian/rpmlint report no error or warning."""
        out = packages_dir()
        self.assertIsNone(_state["error"], _state["error"])
        one(f"{PACKAGE}_*.deb")
        lintian = (out / "lintian.txt").read_text()
        self.assertEqual([l for l in lintian.splitlines() if re.match(r"[EW]: ", l)], [],
                         "lintian:\n" + lintian)
        if shutil.which("rpmlint") is None:
            self.skipTest("rpmlint cannot be installed here: the RPMs were not linted")
        self.assertTrue(list(out.glob(f"{PACKAGE}-*.src.rpm")), "no source RPM")
        self.assertTrue([p for p in out.glob(f"{PACKAGE}-*.rpm") if ".src." not in p.name],
                        "no binary RPM")
        rpmlint = (out / "rpmlint.txt").read_text()
        self.assertEqual([l for l in rpmlint.splitlines() if re.search(r": [EW]: ", l)], [],
                         "rpmlint:\n" + rpmlint)

    def test_tarball_contents(self):
        with tarfile.open(self.tarball()) as tar:
            names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        expected = {
            "LICENSE", "configure", "debian/rules", "debian/control", "debian/changelog",
            "debian/copyright", "debian/tests/control", "debian/tests/smoke",
            "rpm/monitoring-plugins-schedule.spec", "rpm/rpmlintrc",
            "sql/grant-monitoring-role.sql", "sql/recommended-indexes.sql",
            "integrations/nagios/schedule-commands.cfg",
            "integrations/icinga2/monitoring-plugins-schedule.conf",
            "integrations/zabbix/userparameter_schedule.conf",
            "man/monitoring-plugins-schedule.7",
            "man/monitoring-plugins-schedule-runbook.7", "man/runbooks-to-man",
        } | {f"man/{p}.1" for p in PLUGINS} | {f"man/{p}.h2m" for p in PLUGINS}
        expected |= {f"integrations/{e}" for e in EXAMPLES}
        expected |= {f"docs/runbooks/{r}" for r in RUNBOOKS}
        self.assertEqual(sorted(expected - names), [], "missing from the tarball")
        # Every file debian/ has in the repository is shipped.
        in_repo = {str(p.relative_to(ROOT)) for p in (ROOT / "debian").rglob("*") if p.is_file()}
        self.assertEqual(sorted(in_repo - names), [], "debian/ files missing from EXTRA_DIST")

    def assert_zabbix_conf(self, text, plugindir, installed):
        """The UserParameters run the four plugins from plugindir, which the package holds."""
        plugins = userparameter_plugins(text)
        self.assertEqual(plugins, {key: f"{plugindir}/{plugin}"
                                   for key, plugin in ZABBIX_KEYS.items()}, text)
        for key, path in plugins.items():
            if ZABBIX_KEYS[key] in PLUGINS:  # (a plugin not built yet: no file to hold)
                self.assertIn(path, installed, "a UserParameter runs a file the package lacks")

    def test_deb_contents(self):
        """The .deb installs the Zabbix UserParameters as a conffile for its plugin
        directory and the examples, one folder per monitoring system."""
        deb = one(f"{PACKAGE}_*.deb")
        with tempfile.TemporaryDirectory(prefix="mps-deb.") as tmp:
            proc = run(["dpkg-deb", "-x", str(deb), tmp])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            root = Path(tmp)
            files = {"/" + str(p.relative_to(root)) for p in root.rglob("*")
                     if p.is_file() or p.is_symlink()}
            for path in [NAGIOS_CFG_DEB, ICINGA2_CONF, ZABBIX_CONF_DEB,
                         *(f"{DEB_PLUGINDIR}/{p}" for p in PLUGINS)]:
                self.assertIn(path, files)
            conffiles = run(["dpkg-deb", "-I", str(deb), "conffiles"]).stdout.split()
            self.assertEqual(sorted(conffiles), sorted([NAGIOS_CFG_DEB, ZABBIX_CONF_DEB]))
            self.assert_zabbix_conf((root / ZABBIX_CONF_DEB[1:]).read_text(), DEB_PLUGINDIR, files)
            docdir = f"/usr/share/doc/{PACKAGE}"
            examples = sorted(f[len(f"{docdir}/examples/"):] for f in files
                              if f.startswith(f"{docdir}/examples/"))
            self.assertEqual(examples, EXAMPLES)
            for name in EXAMPLES_WITH_PLUGINDIR:
                text = (root / docdir[1:] / "examples" / name).read_text()
                self.assertIn(DEB_PLUGINDIR, text, name)
            self.assertEqual(sorted(f[len(f"{docdir}/runbooks/"):] for f in files
                                    if f.startswith(f"{docdir}/runbooks/")), RUNBOOKS)
            self.assertIn("/usr/share/man/man7/monitoring-plugins-schedule-runbook.7.gz", files)

    def test_rpm_contents(self):
        """The RPM installs the Zabbix UserParameters as %config(noreplace) for its plugin
        directory (%{_libdir}/nagios/plugins) and the examples as %doc, one folder per
        monitoring system."""
        rpms = [p for p in packages_dir().glob(f"{PACKAGE}-*.rpm") if ".src." not in p.name]
        if not rpms or not shutil.which("rpm2cpio"):
            self.skipTest("no binary RPM (or no rpm2cpio) here")
        self.assertEqual(len(rpms), 1, rpms)
        rpm = str(rpms[0])
        # rpm -qlp, with each path's mode to tell the directories apart.
        listing = run(["rpm", "-qp", "--qf", "[%{FILEMODES:perms} %{FILENAMES}\\n]", rpm]).stdout
        files = {line.split(" ", 1)[1] for line in listing.splitlines() if line[:1] != "d"}
        plugindir = run(["rpm", "--eval", "%{_libdir}/nagios/plugins"]).stdout.strip()
        for path in [NAGIOS_CFG_RPM, ICINGA2_CONF, ZABBIX_CONF_RPM,
                     *(f"{plugindir}/{p}" for p in PLUGINS)]:
            self.assertIn(path, files)
        configs = run(["rpm", "-qcp", rpm]).stdout.split()
        self.assertEqual(sorted(configs), sorted([NAGIOS_CFG_RPM, ZABBIX_CONF_RPM]))
        flags = run(["rpm", "-qp", "--qf", "[%{FILEFLAGS:fflags} %{FILENAMES}\\n]", rpm]).stdout
        self.assertRegex(flags, rf"(?m)^\S*n\S* {re.escape(ZABBIX_CONF_RPM)}$",
                         "not %config(noreplace)")
        # Fedora's %{_pkgdocdir} is /usr/share/doc/NAME; Debian's rpm adds -VERSION.
        docdirs = {m.group(1) for f in files
                   if (m := re.match(rf"(/usr/share/doc/{PACKAGE}(?:-[0-9.]+)?)/examples/", f))}
        self.assertEqual(len(docdirs), 1, sorted(files))
        docdir = docdirs.pop()
        examples = sorted(f[len(f"{docdir}/examples/"):] for f in files
                          if f.startswith(f"{docdir}/examples/"))
        self.assertEqual(examples, EXAMPLES)
        self.assertEqual(sorted(f[len(f"{docdir}/runbooks/"):] for f in files
                                if f.startswith(f"{docdir}/runbooks/")), RUNBOOKS)
        self.assertTrue([f for f in files if f.startswith(
            "/usr/share/man/man7/monitoring-plugins-schedule-runbook.7")], sorted(files))
        with tempfile.TemporaryDirectory(prefix="mps-rpm.") as tmp:
            proc = subprocess.run(f"rpm2cpio '{rpm}' | cpio -idm --quiet", shell=True, cwd=tmp,
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            root = Path(tmp)
            self.assert_zabbix_conf((root / ZABBIX_CONF_RPM[1:]).read_text(), plugindir, files)
            for name in EXAMPLES_WITH_PLUGINDIR:
                text = (root / docdir[1:] / "examples" / name).read_text()
                self.assertIn(plugindir, text, name)
                if plugindir != DEB_PLUGINDIR:
                    self.assertNotIn(DEB_PLUGINDIR, text, name)

    def test_icinga2_commands_cover_help(self):
        """Each CheckCommand runs its plugin and passes every option --help lists."""
        conf = (ROOT / "integrations/icinga2/monitoring-plugins-schedule.conf").read_text()
        commands = icinga_commands(conf)
        self.assertEqual(sorted(commands), sorted(ICINGA_COMMANDS.values()))
        for plugin, command in ICINGA_COMMANDS.items():
            help_text = run([str(harness.plugin_path(plugin)), "--help"]).stdout
            options = set(long_options(help_text)) - NOT_FOR_ICINGA
            self.assertIn("warning", options, f"cannot read {plugin} --help")
            binary, keys = commands[command]
            self.assertEqual(binary, plugin)
            self.assertEqual(sorted(options ^ {k[2:] for k in keys}), [],
                             f"{command}: options and arguments differ from {plugin} --help")
            for key in keys:
                # ITL convention: vars.<command>_<param>, shared ones vars.schedule_<param>.
                var = key[2:].replace("-", "_")
                self.assertRegex(conf, rf"\$schedule_({re.escape(command[9:])}_)?{var}\$")
        if shutil.which("icinga2"):
            with tempfile.TemporaryDirectory(prefix="mps-icinga.") as tmp:
                main = Path(tmp) / "icinga2.conf"
                main.write_text(
                    'const PluginDir = "/usr/lib/nagios/plugins"\n'
                    'const PluginContribDir = "/usr/lib/nagios/plugins"\n'
                    'const ManubulonPluginDir = "/usr/lib/nagios/plugins"\n'
                    'const NodeName = "localhost"\nconst ZoneName = "localhost"\n'
                    'include <itl>\ninclude <plugins>\ninclude <plugins-contrib>\n'
                    f'include "{ROOT}/integrations/icinga2/monitoring-plugins-schedule.conf"\n'
                    'object Host "db" { check_command = "dummy"; vars.schedule_dbname = "x" }\n'
                    'apply Service for (c in [ "schedule_daemon", "schedule_nextrun", '
                    '"schedule_failures", "schedule_restarts" ]) {\n'
                    '  check_command = c\n  assign where host.vars.schedule_dbname\n}\n')
                dirs = []
                for name in ("DataDir", "LogDir", "CacheDir", "SpoolDir", "InitRunDir"):
                    (Path(tmp) / name).mkdir()
                    dirs.append(f"-D{name}={tmp}/{name}")
                user = pwd.getpwuid(os.geteuid()).pw_name
                group = grp.getgrgid(os.getegid()).gr_name
                proc = run(["icinga2", "daemon", "-C", "-c", str(main), *dirs,
                            f"-DRunAsUser={user}", f"-DRunAsGroup={group}"], timeout=120)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_man_pages(self):
        """The shipped pages render without warnings and list every option of --help."""
        env = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
        with tempfile.TemporaryDirectory(prefix="mps-man.") as tmp, \
                tarfile.open(self.tarball()) as tar:
            top = tar.getnames()[0].split("/")[0]
            members = [m for m in tar.getmembers() if re.fullmatch(rf"{top}/man/[^/]+\.[17]", m.name)]
            tar.extractall(tmp, members=members)
            for member in members:
                page = Path(tmp) / member.name
                proc = run(["man", "--warnings", "-E", "UTF-8", "-l", str(page)], env=env)
                self.assertEqual(proc.returncode, 0, f"{page.name}: {proc.stderr}")
                self.assertEqual(proc.stderr, "", f"{page.name}: man --warnings")
                # No hyphenation, so that option names stay whole.
                text = run(["man", "--nh", "--nj", "-l", str(page)], env=env).stdout
                sections = ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                            "RANGES", "EXAMPLES", "SEE ALSO") if page.suffix == ".1" else (
                            "NAME", "PRIVILEGES", "SCHEMA MAPPING", "RANGES")
                if page.name == "monitoring-plugins-schedule-runbook.7":
                    sections = ("NAME", "DESCRIPTION", "DAEMON-DOWN", "SEE ALSO")
                for section in sections:
                    self.assertRegex(text, rf"(?m)^{section}$", f"{page.name}: no {section}")
                if page.suffix == ".1":
                    help_text = run([str(harness.plugin_path(page.stem)), "--help"]).stdout
                    for option in long_options(help_text):
                        self.assertIn(f"--{option}", text, f"{page.name} lacks --{option}")
                    self.assertNotIn("manual page for", text)

    @unittest.skipUnless(os.geteuid() == 0, "installing the .deb needs root")
    def test_installed_deb(self):
        """Install the .deb, run every plugin from /usr/lib/nagios/plugins, purge it."""
        deb = one(f"{PACKAGE}_*.deb")
        proc = timed("dpkg -i", run, ["dpkg", "-i", str(deb)], timeout=600)
        if proc.returncode != 0:
            fix = run(["apt-get", "-f", "install", "-y", "-q"], timeout=900,
                      env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
            self.assertEqual(fix.returncode, 0, proc.stderr + fix.stdout + fix.stderr)
        try:
            self.check_installed()
        finally:
            purge = timed("dpkg --purge", run, ["dpkg", "--purge", PACKAGE], timeout=600)
        self.assertEqual(purge.returncode, 0, purge.stderr)
        self.assertFalse(Path(NAGIOS_CFG_DEB).exists())
        self.assertFalse(Path(ZABBIX_CONF_DEB).exists())
        self.assertFalse(Path("/usr/lib/nagios/plugins/check_schedule_daemon").exists())

    def check_installed(self):
        plugindir = Path("/usr/lib/nagios/plugins")
        conffiles = run(["dpkg-query", "-W", "-f=${Conffiles}", PACKAGE]).stdout
        self.assertIn(NAGIOS_CFG_DEB, conffiles)
        self.assertIn(ZABBIX_CONF_DEB, conffiles)
        for path in [ICINGA2_CONF, "/usr/share/man/man7/monitoring-plugins-schedule.7.gz",
                     "/usr/share/doc/monitoring-plugins-schedule/copyright",
                     *(f"/usr/share/doc/{PACKAGE}/examples/{e}" for e in EXAMPLES)]:
            self.assertTrue(Path(path).exists(), path)
        self.assertTrue(list(Path("/usr/share/doc/monitoring-plugins-schedule/sql")
                             .glob("grant-monitoring-role.sql*")))
        for plugin in PLUGINS:
            self.assertTrue(Path(f"/usr/share/man/man1/{plugin}.1.gz").exists())
            proc = run([str(plugindir / plugin), "--version"])
            self.assertEqual((proc.returncode, proc.stdout, proc.stderr),
                             (3, f"{plugin} v0.1.0 (monitoring-plugins-schedule)\n", ""))

        # One real check per plugin, as the read-only role the shipped SQL creates.
        db = harness.new_database()
        c = harness.cluster()
        grant = run(c.psql_command() + ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"role={ROLE}",
                                        "-d", db.name, "-f", str(ROOT / "sql/grant-monitoring-role.sql")],
                    env=c.client_env(db.name))
        self.assertEqual(grant.returncode, 0, grant.stderr)
        db.add_worker("w-1", heartbeat_age=12)
        db.add_schedule("daily-full-sync", next_run_in=600)
        db.add_run("r-1", "daily-full-sync", "full-sync", "SUCCESS", started_age=3600,
                   finished_age=3500)
        conn = ["-H", c.host, "-P", c.port, "-d", db.name, "-l", ROLE]
        expected = {
            "check_schedule_daemon": "SCHEDULE_DAEMON OK - heartbeat 12s ago (worker w-1 on "
                                     "app-1, pid 4242)|heartbeat_age=12s;120;300;0 live=1;;;0 "
                                     "uptime=3600s;;;0",
            "check_schedule_nextrun": "SCHEDULE_NEXTRUN OK",
            "check_schedule_failures": "SCHEDULE_FAILURES OK",
            "check_daemon_restarts": "DAEMON_RESTARTS OK",
            "check_schedule_runs": "SCHEDULE_RUNS OK",
        }
        for plugin, line1 in expected.items():
            proc = run([str(plugindir / plugin), *conn], env=harness.plugin_env(), timeout=30)
            context = f"{plugin}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
            self.assertEqual(proc.stderr, "", context)
            self.assertEqual(proc.returncode, 0, context)
            self.assertTrue(proc.stdout.startswith(line1), context)
        with self.subTest("zabbix_agentd -t with the installed UserParameters"):
            self.check_zabbix_agent(c, db, expected)

        # The autopkgtest, from the unpacked tarball (its own throwaway server).
        with tempfile.TemporaryDirectory(prefix="mps-autopkgtest.") as tmp:
            with tarfile.open(self.tarball()) as tar:
                tar.extractall(tmp)
            src = next(Path(tmp).iterdir())
            proc = timed("autopkgtest smoke", run, ["debian/tests/smoke"], cwd=src,
                         env=harness.plugin_env(), timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def check_zabbix_agent(self, c, db, expected):
        """Each installed UserParameter, run by `zabbix_agentd -t` through a libpq service,
        returns the installed plugin's JSON."""
        agentd = shutil.which("zabbix_agentd", path="/usr/sbin:/usr/bin:/sbin:/bin")
        if agentd is None:
            run([str(ROOT / "tools" / "install-deps"), "zabbix-agent"], timeout=900)
            agentd = shutil.which("zabbix_agentd", path="/usr/sbin:/usr/bin:/sbin:/bin")
        if agentd is None:
            self.skipTest("zabbix_agentd (package zabbix-agent) cannot be installed here")
        with tempfile.TemporaryDirectory(prefix="mps-zabbix.") as tmp:
            services = Path(tmp) / "pg_service.conf"
            services.write_text(f"[pkgtest]\nhost={c.host}\nport={c.port}\ndbname={db.name}\n"
                                f"user={ROLE}\n")
            conf = Path(tmp) / "zabbix_agentd.conf"
            conf.write_text(f"LogType=console\nTimeout=10\nInclude={ZABBIX_CONF_DEB}\n")
            env = harness.plugin_env({"PGSERVICEFILE": str(services)})
            for key, plugin in ZABBIX_KEYS.items():
                if plugin not in PLUGINS:
                    continue
                proc = run([agentd, "-c", str(conf), "-t", f"{key}[pkgtest]"], env=env, timeout=60)
                context = f"{key}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
                self.assertEqual(proc.returncode, 0, context)
                match = re.fullmatch(r"(\S+)\s+\[t\|(.*)\]\n", proc.stdout, re.S)
                self.assertIsNotNone(match, context)
                document = json.loads(match.group(2))
                self.assertEqual((document["plugin"], document["state"], document["exit_code"]),
                                 (plugin, "OK", 0), context)
                # The nagios line 1 without prefix, state and perfdata.
                summary = expected[plugin].partition(" OK")[2].removeprefix(" - ").split("|")[0]
                self.assertTrue(document["summary"].startswith(summary), context)

    def test_distcheck(self):
        """`make distcheck` passes in the scratch build the tarball came from."""
        build = packages_dir() / ".work" / "dist-build"
        if not (build / "Makefile").exists():
            self.skipTest(f"no scratch build in {build} (MPS_PACKAGES_DIR from --tarball?)")
        proc = timed("make distcheck", run, ["make", "-j2", "distcheck"], cwd=build,
                     timeout=1800)
        self.assertEqual(proc.returncode, 0, proc.stdout[-4000:] + proc.stderr[-4000:])


def tearDownModule():
    out = _state["out"]
    if out is not None and not os.environ.get("MPS_PACKAGES_DIR") and not _state["error"]:
        shutil.rmtree(out, ignore_errors=True)  # kept for inspection when the build failed
    if _state["timings"]:
        print("\n  [packaging] timings: " + ", ".join(f"{n} {s:.0f} s" for n, s in _state["timings"]),
              file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
