"""--format=cgi run directly (SPEC §2): the CGI/1.1 response of every plugin for a
healthy and a failing daemon, --http-ok-states and --http-details, usage errors and
timeouts as one-line 503s with exit 0, and the refusal of a command line that ends with
the words of an ISINDEX query string."""

import harness
import integration_scenarios as scenarios
from harness import run_plugin

HEAD_200 = ("Status: 200 OK\nContent-Type: text/plain; charset=utf-8\n"
            "Cache-Control: no-store\n\n")
HEAD_503 = ("Status: 503 Service Unavailable\nContent-Type: text/plain; charset=utf-8\n"
            "Cache-Control: no-store\n\n")
CGI = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET"}


class CgiFormat(scenarios.ScenarioTestCase):
    TMP_PREFIX = "mps-cgi."

    def run_cgi(self, plugin, scenario, *args, env=None):
        result = run_plugin(plugin, *self.databases[scenario].conn_args(), "--format=cgi",
                            *args, env=env)
        self.assertEqual(result.stderr, "")
        return result

    def test_every_plugin_healthy_is_200_with_prefix_and_state(self):
        for plugin, prefix in harness.PREFIXES.items():
            with self.subTest(plugin):
                result = self.run_cgi(plugin, "healthy")
                self.assertEqual(result.stdout, HEAD_200 + f"{prefix} OK\n")
                self.assertEqual(result.code, 0)

    def test_every_plugin_failing_by_its_state(self):
        for plugin, prefix in harness.PREFIXES.items():
            code, _ = scenarios.EXPECTED[plugin]["failing"]
            state = scenarios.STATES[code]
            with self.subTest(plugin):
                result = self.run_cgi(plugin, "failing")
                head = HEAD_200 if state in ("OK", "WARNING") else HEAD_503
                self.assertEqual(result.stdout, head + f"{prefix} {state}\n")
                self.assertEqual(result.code, 0, "exit 0 once the response is written")

    def test_stale_heartbeat_is_503_without_details(self):
        result = self.run_cgi("check_schedule_daemon", "failing")
        self.assertEqual(result.stdout, HEAD_503 + "SCHEDULE_DAEMON CRITICAL\n")
        self.assertNotIn("w-9", result.stdout)

    def test_http_ok_states(self):
        result = self.run_cgi("check_daemon_restarts", "failing", "--http-ok-states=OK")
        self.assertEqual(result.stdout, HEAD_503 + "DAEMON_RESTARTS WARNING\n")
        result = self.run_cgi("check_schedule_daemon", "failing",
                              "--http-ok-states=OK,WARNING,CRITICAL")
        self.assertEqual(result.stdout, HEAD_200 + "SCHEDULE_DAEMON CRITICAL\n")

    def test_http_details_adds_the_summary(self):
        result = self.run_cgi("check_schedule_daemon", "healthy", "--http-details")
        self.assertEqual(result.stdout, HEAD_200 + "SCHEDULE_DAEMON OK - heartbeat 12s ago "
                         "(worker w-1 on app-1, pid 4242)\n")

    def test_database_down_is_503(self):
        result = run_plugin("check_schedule_daemon", "-H", str(self.tmp / "no-server"),
                            "-d", "x", "--format=cgi")
        self.assertEqual(result.stdout, HEAD_503 + "SCHEDULE_DAEMON UNKNOWN\n")
        self.assertEqual(result.code, 0)

    def test_timeout_is_a_well_formed_503(self):
        with harness.silent_server() as port:
            result = run_plugin("check_schedule_nextrun", "-H", "127.0.0.1", "-P", port,
                                "-d", "x", "-l", "x", "-t", "1", "--format=cgi", timeout=15)
        self.assertEqual(result.stdout, HEAD_503 + "SCHEDULE_NEXTRUN UNKNOWN\n")
        self.assertEqual(result.code, 0)
        self.assertLess(result.elapsed, 3)

    def test_usage_error_is_a_one_line_503(self):
        result = run_plugin("check_schedule_failures", "--format=cgi", "-w", "nonsense")
        self.assertTrue(result.stdout.startswith(HEAD_503 + "SCHEDULE_FAILURES UNKNOWN - "
                                                 "check_schedule_failures: -w/--warning: "
                                                 "invalid range 'nonsense'"),
                        result.stdout)
        self.assertEqual(result.stdout.count("\n"), 5, "one line after the head")
        self.assertNotIn("Usage:", result.stdout)
        self.assertEqual(result.code, 0)

    def test_usage_error_under_a_web_server_is_a_503_without_format(self):
        result = run_plugin("check_schedule_daemon", "--no-such-option", env=CGI)
        self.assertEqual(result.stdout,
                         HEAD_503 + "SCHEDULE_DAEMON UNKNOWN - unknown option '--no-such-option'\n")
        self.assertNotIn("Usage:", result.stdout)
        self.assertEqual(result.code, 0)

    def test_help_under_a_web_server_is_refused(self):
        result = run_plugin("check_schedule_daemon", "--help", env=CGI)
        self.assertTrue(result.stdout.startswith(HEAD_503), result.stdout)
        self.assertEqual(result.stdout.count("\n"), 5)
        self.assertEqual(result.code, 0)

    def test_isindex_query_words_in_argv_are_refused(self):
        env = dict(CGI, QUERY_STRING="-c+0")
        result = self.run_cgi("check_schedule_daemon", "healthy", "-c", "0", env=env)
        self.assertEqual(result.stdout, HEAD_503 + "SCHEDULE_DAEMON UNKNOWN - the query string "
                         "reached the command line; run the plugin through a wrapper that "
                         "passes fixed arguments\n")
        self.assertEqual(result.code, 0)

    def test_query_string_not_in_argv_changes_nothing(self):
        for query in ("-c+0", "--http-details", "format=nagios&critical=0"):
            with self.subTest(query):
                result = self.run_cgi("check_schedule_daemon", "healthy",
                                      env=dict(CGI, QUERY_STRING=query))
                self.assertEqual(result.stdout, HEAD_200 + "SCHEDULE_DAEMON OK\n")
