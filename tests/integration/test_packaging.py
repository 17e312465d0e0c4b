"""Packaging: the tarball, the Debian package and the RPMs built once by tools/packages.

Asserts that lintian and rpmlint are clean, that the tarball holds what debian/ and the
spec need, that the man pages are clean under `man --warnings` and list every option
of --help, that the Icinga 2 CheckCommands cover every option of --help, then installs
the .deb, runs each installed plugin (--version and a real check through the read-only
role of sql/grant-monitoring-role.sql), runs the autopkgtest script against the
installed package and purges it again. `make distcheck` runs in the scratch build of
the tarball.

Slow (a few minutes: three builds and the unit tests three times). Set
MPS_PACKAGES_DIR to a folder tools/packages already filled to reuse it, or
MPS_SKIP_PACKAGING=1 to skip the module.
"""

import grp
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
PLUGINS = ["check_schedule_daemon", "check_schedule_nextrun", "check_schedule_failures",
           "check_daemon_restarts"]
# Plugin -> Icinga 2 CheckCommand.
ICINGA_COMMANDS = {"check_schedule_daemon": "schedule_daemon",
                   "check_schedule_nextrun": "schedule_nextrun",
                   "check_schedule_failures": "schedule_failures",
                   "check_daemon_restarts": "schedule_restarts"}
# Options that make no sense for Icinga 2, which reads the nagios format on stdout.
NOT_FOR_ICINGA = {"help", "version", "format", "output-file"}
ROLE = "nagios_schedule"

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
            "man/monitoring-plugins-schedule.7",
        } | {f"man/{p}.1" for p in PLUGINS} | {f"man/{p}.h2m" for p in PLUGINS}
        self.assertEqual(sorted(expected - names), [], "missing from the tarball")
        # Every file debian/ has in the repository is shipped.
        in_repo = {str(p.relative_to(ROOT)) for p in (ROOT / "debian").rglob("*") if p.is_file()}
        self.assertEqual(sorted(in_repo - names), [], "debian/ files missing from EXTRA_DIST")

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
                for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                                "RANGES", "EXAMPLES", "SEE ALSO") if page.suffix == ".1" else (
                                "NAME", "PRIVILEGES", "SCHEMA MAPPING", "RANGES"):
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
        self.assertFalse(Path("/etc/nagios-plugins/config/schedule.cfg").exists())
        self.assertFalse(Path("/usr/lib/nagios/plugins/check_schedule_daemon").exists())

    def check_installed(self):
        plugindir = Path("/usr/lib/nagios/plugins")
        conffiles = run(["dpkg-query", "-W", "-f=${Conffiles}", PACKAGE]).stdout
        self.assertIn("/etc/nagios-plugins/config/schedule.cfg", conffiles)
        for path in ["/usr/share/icinga2/include/plugins-contrib.d/monitoring-plugins-schedule.conf",
                     "/usr/share/man/man7/monitoring-plugins-schedule.7.gz",
                     "/usr/share/doc/monitoring-plugins-schedule/copyright"]:
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
                                     "app-1, pid 4242)|heartbeat_age=12s;120;300;0 live=1;;;0",
            "check_schedule_nextrun": "SCHEDULE_NEXTRUN OK",
            "check_schedule_failures": "SCHEDULE_FAILURES OK",
            "check_daemon_restarts": "DAEMON_RESTARTS OK",
        }
        for plugin, line1 in expected.items():
            proc = run([str(plugindir / plugin), *conn], env=harness.plugin_env(), timeout=30)
            context = f"{plugin}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
            self.assertEqual(proc.stderr, "", context)
            self.assertEqual(proc.returncode, 0, context)
            self.assertTrue(proc.stdout.startswith(line1), context)

        # The autopkgtest, from the unpacked tarball (its own throwaway server).
        with tempfile.TemporaryDirectory(prefix="mps-autopkgtest.") as tmp:
            with tarfile.open(self.tarball()) as tar:
                tar.extractall(tmp)
            src = next(Path(tmp).iterdir())
            proc = timed("autopkgtest smoke", run, ["debian/tests/smoke"], cwd=src,
                         env=harness.plugin_env(), timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

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
