"""Least privilege: sql/grant-monitoring-role.sql makes a role that can SELECT only the
mapped columns; every plugin runs successfully as that role, and with log_statement=all
the server log shows that the plugins never write (private cluster)."""

import re
import subprocess
import time

import harness
import private_cluster as pc
from harness import PluginTestCase, run_plugin

GRANT_SQL = harness.ROOT / "sql" / "grant-monitoring-role.sql"
ROLE = "mps_monitor"
WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|GRANT|REVOKE|"
                    r"COPY|LOCK|VACUUM|ANALYZE|REINDEX|CLUSTER|COMMENT|CALL|DO|SET|RESET|"
                    r"NOTIFY|PREPARE TRANSACTION|SECURITY LABEL|REFRESH|IMPORT|SELECT\s.*\bINTO\b|"
                    r"FOR\s+(UPDATE|SHARE|NO KEY UPDATE|KEY SHARE))\b", re.I | re.S)


class LeastPrivilege(PluginTestCase):
    @classmethod
    def setUpClass(cls):
        cls.dbname = pc.database("privilege")
        c = pc.cluster()
        proc = subprocess.run(c.psql_command() + ["-X", "-q", "-d", cls.dbname, "-v", f"role={ROLE}",
                                                  "-f", str(GRANT_SQL)],
                              capture_output=True, text=True, env=c.client_env(cls.dbname),
                              timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"grant-monitoring-role.sql failed: {proc.stderr}")

    def setUp(self):
        pc.ensure_running()

    def test_role_has_only_select_on_mapped_columns(self):
        out = pc.psql(self.dbname, f"""
            SELECT count(*) FROM information_schema.role_table_grants
             WHERE grantee = '{ROLE}';
            SELECT string_agg(table_name || '.' || column_name || ':' || privilege_type, ','
                              ORDER BY table_name, column_name)
              FROM information_schema.column_privileges WHERE grantee = '{ROLE}'
               AND privilege_type <> 'SELECT';
            SELECT has_column_privilege('{ROLE}', '"JobSchedule"', 'cron', 'SELECT');
            SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '{ROLE}';
            SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
             WHERE rolname = '{ROLE}';""").split("\n")
        self.assertEqual(out[0], "0", "table-wide grants")
        self.assertEqual(out[1], "", "non-SELECT column grants")
        self.assertEqual(out[2], "f", "an unmapped column is readable")
        self.assertEqual(out[3], "f")
        self.assertIn("default_transaction_read_only=on", out[4])

    def test_every_plugin_runs_as_the_role_and_never_writes(self):
        log = pc.log_path()
        with open(log, "rb") as f:
            f.seek(0, 2)
            offset = f.tell()
        for name in pc.PLUGINS:
            for args in ([], ["-vvv"], ["--format=json"]):
                with self.subTest(plugin=name, args=args):
                    result = run_plugin(name, *pc.conn_args(self.dbname, user=ROLE), *args)
                    self.check_invariants(result)
                    self.assertEqual(result.code, 0, result.stdout)
        # The log is written by the server asynchronously; the statements are there
        # before the plugins get their results, but give the write a moment.
        time.sleep(0.5)
        with open(log, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        statements = {}
        for entry in re.split(r"\n(?=\d{4}-\d\d-\d\d )", text):
            m = re.search(r"app=(check_\w+) user=(\S*) .*?LOG:\s+(?:statement|execute [^:]*):\s(.*)",
                          entry, re.S)
            if m:
                self.assertEqual(m.group(2), ROLE, entry)
                statements.setdefault(m.group(1), []).append(m.group(3))
        self.assertEqual(sorted(statements), sorted(pc.PLUGINS),
                         "log_statement=all logged no statement of some plugin:\n" + text[-2000:])
        for name, sqls in statements.items():
            for sql in sqls:
                self.assertIsNone(WRITES.search(re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "",
                                                       sql)), f"{name} ran: {sql}")
