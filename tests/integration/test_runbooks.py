"""docs/runbooks and man/monitoring-plugins-schedule-runbook.7: one Markdown runbook per
alert slug, the man page generated from them and committed in step (a section per
slug), groff and man without warnings, and every SQL block of the runbooks running in a
read-only transaction against the daemon's tables (Prisma naming, as the runbooks say)."""

import re
import shutil
import subprocess
import sys
import unittest

import harness

RUNBOOKS = harness.ROOT / "docs" / "runbooks"
MAN_PAGE = harness.ROOT / "man" / "monitoring-plugins-schedule-runbook.7"
GENERATOR = harness.ROOT / "man" / "runbooks-to-man"
# The slugs every alert route links (<base><slug>.md), and the monitoring's own.
SLUGS = ("daemon-down", "schedule-no-next-run", "schedule-late", "schedule-lock-stuck",
         "job-failures", "daemon-restarts", "job-hung", "queue-backlog", "job-slowdown",
         "check-unknown")
SECTIONS = ("What it means", "How to confirm", "Likely causes", "What to do",
            "When to escalate")


def sql_blocks(text):
    return re.findall(r"^```sql\n(.*?)^```$", text, re.M | re.S)


class Runbooks(harness.PluginTestCase):
    def test_one_markdown_runbook_per_slug_with_every_section(self):
        self.assertEqual(sorted(p.stem for p in RUNBOOKS.glob("*.md")), sorted(SLUGS))
        for slug in SLUGS:
            with self.subTest(slug=slug):
                text = (RUNBOOKS / f"{slug}.md").read_text()
                self.assertEqual(re.findall(r"^## (.*)$", text, re.M), list(SECTIONS))
                self.assertRegex(text, r"(?m)^check_\w+ -vv?$")
                self.assertTrue(sql_blocks(text), "no SQL to paste")
                self.assertIn("--naming=snake", text)

    def test_man_page_is_generated_from_the_runbooks(self):
        proc = subprocess.run([sys.executable, str(GENERATOR)], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        self.assertEqual(MAN_PAGE.read_text(), proc.stdout,
                         "run man/runbooks-to-man >man/monitoring-plugins-schedule-runbook.7")
        page = MAN_PAGE.read_text()
        self.assertEqual(re.findall(r"^\.SH ([A-Z-]+)$", page, re.M)[2:],
                         [s.upper() for s in SLUGS])
        for slug in SLUGS:
            with self.subTest(slug=slug):
                section = page.split(f".SH {slug.upper()}\n", 1)[1].split("\n.SH ", 1)[0]
                self.assertEqual(re.findall(r"^\.SS (.*)$", section, re.M), list(SECTIONS))
                # Each SQL statement of the runbook is in its section, letter for letter.
                for block in sql_blocks((RUNBOOKS / f"{slug}.md").read_text()):
                    roff = block.replace("\\", "\\e").replace("-", "\\-")
                    self.assertIn(roff, section)

    def test_man_page_formats_without_warnings(self):
        groff = subprocess.run(["groff", "-ww", "-man", "-z", str(MAN_PAGE)],
                               capture_output=True, text=True, timeout=60)
        self.assertEqual((groff.returncode, groff.stderr), (0, ""))
        if not shutil.which("man"):
            self.skipTest("man not installed")
        man = subprocess.run(["man", "--warnings", "-l", str(MAN_PAGE)], capture_output=True,
                             text=True, timeout=60, env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin",
                                                         "LC_ALL": "C.UTF-8"})
        self.assertEqual((man.returncode, man.stderr), (0, ""))
        self.assertIn("DAEMON-DOWN", man.stdout)

    def test_every_sql_block_runs_read_only(self):
        db = harness.new_database()
        db.add_worker("w-1", heartbeat_age=400, started_age=600)
        db.add_worker("j-1", worker_type="job_worker")
        db.add_worker("w-0", status="STOPPED", heartbeat_age=4000, started_age=5000)
        db.add_schedule("daily-full-sync", next_run_in=None, locked_age=7200, locked_by="w-0")
        db.add_schedule("hourly", next_run_in=-900)
        db.add_run("r-1", "daily-full-sync", "full-sync", "FAILED", started_age=3000,
                   finished_age=2900, error="connection refused")
        db.add_run("r-2", "hourly", "export", "SUCCESS", started_age=200000, finished_age=199000)
        db.add_run("r-3", "hourly", "export", "RUNNING", started_age=7200)
        db.add_run("r-4", "hourly", "export", "QUEUED", started_age=1200)
        count = 0
        for slug in SLUGS:
            for block in sql_blocks((RUNBOOKS / f"{slug}.md").read_text()):
                count += 1
                with self.subTest(slug=slug, sql=block[:60]):
                    # psql stops at the first error: a write or a typo fails here.
                    rows = db.sql("BEGIN READ ONLY;\n" + block + "ROLLBACK;\n")
                    self.assertTrue(rows.strip(), "the statement returned no row")
        self.assertGreaterEqual(count, len(SLUGS))


if __name__ == "__main__":
    unittest.main()
