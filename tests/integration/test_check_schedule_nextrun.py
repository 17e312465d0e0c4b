"""check_schedule_nextrun against a real PostgreSQL (SPEC §4), its clock frozen at
2026-01-01 12:00:00 UTC so that every lateness and lock age, and so every line 1, is exact."""

import json
import re
import unittest

import harness
from harness import PluginTestCase, new_database, run_plugin

PLUGIN = "check_schedule_nextrun"


def check(db, *args, env=None, timeout=30):
    return run_plugin(PLUGIN, *db.conn_args(), *args, env=env, timeout=timeout)


def line(state, summary, perfdata):
    return f"SCHEDULE_NEXTRUN {state} - {summary}|{perfdata}"


def perf(enabled, missing=0, late=0, max_lateness=None, stuck=0, max_lock_age=None,
         missing_thresholds=";0", lateness_thresholds="600;3600", lock_thresholds="600;3600"):
    """The perfdata of line 1; a metric without value (None) is left out."""
    parts = [f"enabled={enabled};;;0", f"missing={missing};{missing_thresholds};0",
             f"late={late};;;0"]
    if max_lateness is not None:
        parts.append(f"max_lateness={max_lateness}s;{lateness_thresholds};0")
    parts.append(f"stuck_locks={stuck};;;0")
    if max_lock_age is not None:
        parts.append(f"max_lock_age={max_lock_age}s;{lock_thresholds};0")
    return " ".join(parts)


def ok_line(enabled, late_text=None, max_lateness=0):
    """None: no next run is overdue ("none overdue", never "at most 0s late")."""
    noun = "schedule" if enabled == 1 else "schedules"
    lateness = f"next run at most {late_text} late" if late_text else "none overdue"
    return line("OK", f"{enabled} enabled {noun}, {lateness}",
                perf(enabled, max_lateness=max_lateness))


def long_output(result):
    return result.stdout.splitlines()[1:]


def add_many_schedules(db, count, prefix="sched-", next_run_in=None, locked_age=None):
    """count enabled schedules prefix001.. in one statement."""
    next_run = "NULL" if next_run_in is None else db.at(-next_run_in)
    locked = db.at(locked_age)
    db.sql(f"INSERT INTO {db.table('schedule')} ({db.column('schedule.id')}, "
           f"{db.column('schedule.enabled')}, {db.column('schedule.next_run_at')}, "
           f"{db.column('schedule.locked_at')}) "
           f"SELECT {harness.lit(prefix)} || lpad(g::text, 3, '0'), true, {next_run}, {locked} "
           f"FROM generate_series(1, {int(count)}) AS g;")


class Healthy(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_all_scheduled_is_ok(self):
        self.db.add_schedule("daily-full-sync", next_run_in=3600)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db), 0, ok_line(2))

    def test_one_schedule_is_singular(self):
        self.db.add_schedule("daily-full-sync", next_run_in=3600)
        self.assertPlugin(check(self.db), 0, ok_line(1))

    def test_no_schedules_at_all(self):
        self.assertPlugin(check(self.db), 0, line("OK", "no enabled schedules", perf(0)))

    def test_only_disabled_schedules(self):
        self.db.add_schedule("legacy-export", enabled=False, next_run_in=None)
        self.db.add_schedule("old-import", enabled=False, next_run_in=-90000, locked_age=90000)
        self.assertPlugin(check(self.db), 0, line("OK", "no enabled schedules", perf(0)))

    def test_small_lateness_is_ok_and_reported(self):
        self.db.add_schedule("feed-cleanup", next_run_in=-30)
        self.db.add_schedule("daily-full-sync", next_run_in=3600)
        self.assertPlugin(check(self.db), 0, ok_line(2, "30s", 30))

    def test_lateness_is_floored_to_whole_seconds(self):
        self.db.add_schedule("feed-cleanup", next_run_in=-30.999)
        self.assertPlugin(check(self.db), 0, ok_line(1, "30s", 30))

    def test_young_lock_is_not_stuck(self):
        self.db.add_schedule("feed-cleanup", next_run_in=60, locked_age=5, locked_by="w-7")
        self.assertPlugin(check(self.db), 0, line(
            "OK", "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, max_lock_age=5)))


class Missing(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_null_next_run_is_critical_and_named(self):
        self.db.add_schedule("daily-full-sync", next_run_in=None)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "1 enabled schedule without next run (daily-full-sync), "
                        "2 enabled schedules, none overdue",
            perf(2, missing=1, max_lateness=0)))

    def test_disabled_schedule_without_next_run_is_ignored(self):
        self.db.add_schedule("legacy-export", enabled=False, next_run_in=None)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db), 0, ok_line(1))

    def test_names_are_sorted_and_at_most_five(self):
        for name in ("g", "c", "a", "f", "b", "e", "d"):
            self.db.add_schedule(name, next_run_in=None)
        self.db.add_schedule("z-ok", next_run_in=60)
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "7 enabled schedules without next run (a, b, c, d, e and 2 more), "
                        "8 enabled schedules, none overdue",
            perf(8, missing=7, max_lateness=0)))

    def test_exactly_five_are_all_named(self):
        for name in ("e", "d", "c", "b", "a"):
            self.db.add_schedule(name, next_run_in=None)
        self.assertPlugin(check(self.db), 2,
                          startswith="SCHEDULE_NEXTRUN CRITICAL - 5 enabled schedules without "
                                     "next run (a, b, c, d, e), ",
                          perfdata=perf(5, missing=5))

    def test_max_lateness_omitted_when_no_schedule_has_a_next_run(self):
        self.db.add_schedule("daily-full-sync", next_run_in=None)
        self.assertPlugin(check(self.db), 2,
                          startswith="SCHEDULE_NEXTRUN CRITICAL - 1 enabled schedule without "
                                     "next run (daily-full-sync)",
                          perfdata=perf(1, missing=1))

    def test_missing_critical_range_allows_some(self):
        self.db.add_schedule("a", next_run_in=None)
        self.db.add_schedule("b", next_run_in=None)
        self.db.add_schedule("c", next_run_in=60)
        self.assertPlugin(check(self.db, "--missing-critical", "2"), 0,
                          startswith="SCHEDULE_NEXTRUN OK - 2 enabled schedules without next run (a, b)",
                          perfdata=perf(3, missing=2, max_lateness=0, missing_thresholds=";2"))

    def test_missing_warning_and_critical(self):
        self.db.add_schedule("a", next_run_in=None)
        self.db.add_schedule("c", next_run_in=60)
        self.assertPlugin(check(self.db, "--missing-warning", "0", "--missing-critical", "5"), 1,
                          line("WARNING", "1 enabled schedule without next run (a), "
                                          "2 enabled schedules, none overdue",
                               perf(2, missing=1, max_lateness=0, missing_thresholds="0;5")))

    def test_garbage_missing_range_is_a_usage_error(self):
        result = check(self.db, "--missing-critical", "lots")
        self.assertPlugin(result, 3, perfdata="", contains="--missing-critical")


class Lateness(PluginTestCase):
    """Exact bounds of the defaults -w 10m -c 1h: a bound itself does not alert."""

    def setUp(self):
        self.db = new_database()

    def late(self, seconds, *args):
        self.db.add_schedule("hourly-feed-import", next_run_in=-seconds)
        return check(self.db, *args)

    def test_600_is_ok(self):
        self.assertPlugin(self.late(600), 0, ok_line(1, "10m", 600))

    def test_601_is_warning(self):
        self.assertPlugin(self.late(601), 1, line(
            "WARNING", "1 schedule late, hourly-feed-import by 10m 1s, "
                       "1 enabled schedule, next run at most 10m 1s late",
            perf(1, late=1, max_lateness=601)))

    def test_3600_is_warning(self):
        self.assertPlugin(self.late(3600), 1, line(
            "WARNING", "1 schedule late, hourly-feed-import by 1h, "
                       "1 enabled schedule, next run at most 1h late",
            perf(1, late=1, max_lateness=3600)))

    def test_3601_is_critical(self):
        self.assertPlugin(self.late(3601), 2,
                          startswith="SCHEDULE_NEXTRUN CRITICAL - 1 schedule late, "
                                     "hourly-feed-import by 1h",
                          perfdata=perf(1, late=1, max_lateness=3601))

    def test_hours_late_is_critical(self):
        self.assertPlugin(self.late(7380), 2, line(
            "CRITICAL", "1 schedule late, hourly-feed-import by 2h 3m, "
                        "1 enabled schedule, next run at most 2h 3m late",
            perf(1, late=1, max_lateness=7380)))

    def test_worst_is_named_and_only_alerting_ones_count(self):
        self.db.add_schedule("a-slightly", next_run_in=-30)
        self.db.add_schedule("b-warning", next_run_in=-700)
        self.db.add_schedule("c-critical", next_run_in=-4000)
        self.db.add_schedule("d-future", next_run_in=7200)
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "2 schedules late, c-critical by 1h 6m, "
                        "4 enabled schedules, next run at most 1h 6m late",
            perf(4, late=2, max_lateness=4000)))

    def test_custom_thresholds_with_units(self):
        self.assertPlugin(self.late(400, "-w", "5m", "-c", "20m"), 1, line(
            "WARNING", "1 schedule late, hourly-feed-import by 6m 40s, "
                       "1 enabled schedule, next run at most 6m 40s late",
            perf(1, late=1, max_lateness=400, lateness_thresholds="300;1200")))

    def test_custom_thresholds_in_seconds(self):
        self.assertPlugin(self.late(45, "--warning=30", "--critical=40"), 2, line(
            "CRITICAL", "1 schedule late, hourly-feed-import by 45s, "
                        "1 enabled schedule, next run at most 45s late",
            perf(1, late=1, max_lateness=45, lateness_thresholds="30;40")))

    def test_disabled_late_schedule_is_ignored(self):
        self.db.add_schedule("old", enabled=False, next_run_in=-90000)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db), 0, ok_line(1))

    def test_reversed_range_is_a_usage_error(self):
        result = check(self.db, "-w", "1h:10m")
        self.assertPlugin(result, 3, perfdata="")
        self.assertIn("-w", result.line1.replace("--warning", "-w"))


class Locks(PluginTestCase):
    """Defaults --lock-warning 10m --lock-critical 1h on the oldest lock."""

    def setUp(self):
        self.db = new_database()

    def locked(self, age, *args, locked_by="w-7"):
        self.db.add_schedule("daily-full-sync", next_run_in=60, locked_age=age,
                             locked_by=locked_by)
        return check(self.db, *args)

    def test_600_is_not_stuck(self):
        self.assertPlugin(self.locked(600), 0, line(
            "OK", "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, max_lock_age=600)))

    def test_601_is_a_warning(self):
        self.assertPlugin(self.locked(601), 1, line(
            "WARNING", "1 stuck lock, daily-full-sync locked 10m 1s ago by w-7, "
                       "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, stuck=1, max_lock_age=601)))

    def test_older_than_critical(self):
        self.assertPlugin(self.locked(7380), 2, line(
            "CRITICAL", "1 stuck lock, daily-full-sync locked 2h 3m ago by w-7, "
                        "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, stuck=1, max_lock_age=7380)))

    def test_without_locked_by(self):
        self.assertPlugin(self.locked(7380, locked_by=None), 2, line(
            "CRITICAL", "1 stuck lock, daily-full-sync locked 2h 3m ago, "
                        "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, stuck=1, max_lock_age=7380)))

    def test_custom_lock_thresholds(self):
        self.assertPlugin(self.locked(120, "--lock-warning", "90s", "--lock-critical", "5m"), 1,
                          line("WARNING", "1 stuck lock, daily-full-sync locked 2m ago by w-7, "
                                          "1 enabled schedule, none overdue",
                               perf(1, max_lateness=0, stuck=1, max_lock_age=120,
                                    lock_thresholds="90;300")))

    def test_oldest_lock_is_named(self):
        self.db.add_schedule("a-young", next_run_in=60, locked_age=30, locked_by="w-1")
        self.db.add_schedule("b-stuck", next_run_in=60, locked_age=900, locked_by="w-2")
        self.db.add_schedule("c-older", next_run_in=60, locked_age=5000, locked_by="w-3")
        self.db.add_schedule("d-disabled", enabled=False, next_run_in=60, locked_age=90000,
                             locked_by="w-4")
        self.assertPlugin(check(self.db), 2, line(
            "CRITICAL", "2 stuck locks, c-older locked 1h 23m ago by w-3, "
                        "3 enabled schedules, none overdue",
            perf(3, max_lateness=0, stuck=2, max_lock_age=5000)))

    def test_garbage_lock_range_is_a_usage_error(self):
        result = check(self.db, "--lock-warning", "forever")
        self.assertPlugin(result, 3, perfdata="", contains="--lock-warning")


class Filters(PluginTestCase):
    """-s/-x: exact ids or shell globs; SQL's own metacharacters are literal; a -s pattern
    that matches no enabled schedule is UNKNOWN naming it."""

    def setUp(self):
        self.db = new_database()

    def test_schedule_exact_id(self):
        self.db.add_schedule("daily-full-sync", next_run_in=None)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db, "-s", "hourly-feed-import"), 0, ok_line(1))

    def test_schedule_glob(self):
        self.db.add_schedule("feed-1", next_run_in=60)
        self.db.add_schedule("feed-22", next_run_in=-30)
        self.db.add_schedule("daily-full-sync", next_run_in=None)
        self.assertPlugin(check(self.db, "--schedule=feed-*"), 0, ok_line(2, "30s", 30))

    def test_schedule_question_mark_is_one_character(self):
        self.db.add_schedule("feed-1", next_run_in=60)
        self.db.add_schedule("feed-22", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "feed-?"), 0, ok_line(1))

    def test_schedule_is_repeatable(self):
        self.db.add_schedule("a", next_run_in=60)
        self.db.add_schedule("b", next_run_in=60)
        self.db.add_schedule("c", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "a", "-s", "b"), 0, ok_line(2))

    def test_pattern_matching_nothing_is_unknown_naming_it(self):
        self.db.add_schedule("a", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "nothing-*"), 3, line(
            "UNKNOWN", "-s 'nothing-*' matches no enabled schedule, no enabled schedules",
            perf(0)))

    def test_pattern_matching_only_a_disabled_schedule_is_unknown(self):
        self.db.add_schedule("feed-1", enabled=False, next_run_in=None)
        self.db.add_schedule("daily", next_run_in=60)
        self.assertPlugin(check(self.db, "-s", "feed-*"), 3, line(
            "UNKNOWN", "-s 'feed-*' matches no enabled schedule, no enabled schedules",
            perf(0)))

    def test_each_pattern_matching_nothing_is_named_and_the_rest_still_checked(self):
        self.db.add_schedule("a", next_run_in=None)
        self.db.add_schedule("b", next_run_in=60)
        self.assertPlugin(check(self.db, "-s", "a", "-s", "typo1", "-s", "b", "-s", "typo2"), 2,
                          line("CRITICAL", "1 enabled schedule without next run (a), "
                                           "-s 'typo1' matches no enabled schedule, "
                                           "-s 'typo2' matches no enabled schedule, "
                                           "2 enabled schedules, none overdue",
                               perf(2, missing=1, max_lateness=0)))

    def test_pattern_is_judged_before_exclusions(self):
        self.db.add_schedule("feed-1", next_run_in=None)
        self.db.add_schedule("daily", next_run_in=60)
        self.assertPlugin(check(self.db, "-s", "feed-*", "-x", "feed-1"), 0,
                          line("OK", "no enabled schedules", perf(0)))

    def test_exclude_exact_id(self):
        self.db.add_schedule("daily-full-sync", next_run_in=None)
        self.db.add_schedule("hourly-feed-import", next_run_in=60)
        self.assertPlugin(check(self.db, "-x", "daily-full-sync"), 0, ok_line(1))

    def test_exclude_glob(self):
        self.db.add_schedule("feed-1", next_run_in=None)
        self.db.add_schedule("feed-2", next_run_in=None)
        self.db.add_schedule("daily-full-sync", next_run_in=60)
        self.assertPlugin(check(self.db, "--exclude=feed-*"), 0, ok_line(1))

    def test_exclude_is_repeatable_and_wins_over_schedule(self):
        self.db.add_schedule("feed-1", next_run_in=None)
        self.db.add_schedule("feed-2", next_run_in=60)
        self.db.add_schedule("feed-3", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "feed-*", "-x", "feed-1", "-x", "feed-3"), 0,
                          ok_line(1))

    def test_underscore_in_schedule_is_literal(self):
        self.db.add_schedule("feed_1", next_run_in=60)
        self.db.add_schedule("feedX1", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "feed_1"), 0, ok_line(1))

    def test_underscore_in_exclude_is_literal(self):
        self.db.add_schedule("feed_1", next_run_in=None)
        self.db.add_schedule("feedX1", next_run_in=None)
        self.assertPlugin(check(self.db, "-x", "feed_1"), 2, line(
            "CRITICAL", "1 enabled schedule without next run (feedX1), 1 enabled schedule",
            perf(1, missing=1)), )

    def test_percent_in_schedule_is_literal(self):
        self.db.add_schedule("100%", next_run_in=60)
        self.db.add_schedule("100-percent", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "100%"), 0, ok_line(1))

    def test_percent_in_exclude_is_literal(self):
        self.db.add_schedule("100%", next_run_in=None)
        self.db.add_schedule("100-percent", next_run_in=60)
        self.assertPlugin(check(self.db, "-x", "100%"), 0, ok_line(1))

    def test_glob_in_exclude_with_underscore_literal(self):
        self.db.add_schedule("feed_a", next_run_in=None)
        self.db.add_schedule("feedXa", next_run_in=60)
        self.assertPlugin(check(self.db, "-x", "feed_*"), 0, ok_line(1))

    def test_star_in_an_id_is_matched_by_its_id(self):
        self.db.add_schedule("job*1", next_run_in=60)
        self.db.add_schedule("other", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "job*1"), 0, ok_line(1))

    def test_quote_in_pattern_is_no_injection(self):
        self.db.add_schedule("o'brien", next_run_in=60)
        self.db.add_schedule("x') OR true --", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "o'brien"), 0, ok_line(1))

    def test_pattern_with_sql_text_matches_only_itself(self):
        self.db.add_schedule("a", next_run_in=None)
        self.assertPlugin(check(self.db, "-s", "' OR '1'='1"), 3, line(
            "UNKNOWN", "-s '' OR '1'='1' matches no enabled schedule, no enabled schedules",
            perf(0)))


class BracketGlobs(PluginTestCase):
    """-s/-x read bracket expressions as fnmatch(3) does; every other character of a
    pattern, the database's own metacharacters included, is literal."""

    IDS = ["feed-a", "feed-b", "feed-c", "feed-", "feed-ab", "]x", "-x", "!x", "^x", "ax",
           "a%b", "a_b", "a.b", "aXb", "a\\b", "a\\", "a*b", "a[b", "a[b]", "ab", "x1", "x9",
           "xa", "A1", "caf\u00e9", "cafe", "o'brien", "(x)", "x|y", "a$", "a{2}", "aa"]
    GLOBS = ["feed-[ab]", "feed-[!ab]", "feed-[^ab]", "feed-[a-c]", "[]x]x", "[!]]x",
             "[-!]x", "[a-]x", "x[0-9]", "x[!0-9]", "[[:upper:]][[:digit:]]", "a[%_]b",
             "a%b", "a_b", "a.b", "a\\\\b", "a\\*b", "a\\[b", "a[b", "a[b]",
             "caf[\u00e0-\u00ff]", "caf?", "o'brien", "(x)", "x|y", "a$", "a{2}", "a[\\[]*",
             "*[^a-z]*"]

    @classmethod
    def fnmatch(cls, glob, text):
        import ctypes
        libc = ctypes.CDLL(None)
        return libc.fnmatch(glob.encode(), text.encode(), 0) == 0

    def setUp(self):
        self.db = new_database()
        for schedule in self.IDS:
            self.db.add_schedule(schedule, next_run_in=60)

    def test_set_range_and_negation(self):
        self.assertPlugin(check(self.db, "-s", "feed-[ab]"), 0, ok_line(2))
        self.assertPlugin(check(self.db, "-s", "feed-[!ab]"), 0, ok_line(1))
        self.assertPlugin(check(self.db, "-s", "feed-[a-c]"), 0, ok_line(3))
        self.assertPlugin(check(self.db, "-s", "[]x]x", "-s", "x[0-9]"), 0, ok_line(3))

    def test_exclude_understands_brackets(self):
        # feed-b and feed- stay: [!b] needs a character.
        self.assertPlugin(check(self.db, "-s", "feed-*", "-x", "feed-[!b]*"), 0, ok_line(2))

    def test_every_glob_selects_what_fnmatch_selects(self):
        for glob in self.GLOBS:
            expected = sum(self.fnmatch(glob, i) for i in self.IDS)
            with self.subTest(glob=glob):
                self.assertGreater(expected, 0)
                self.assertPlugin(check(self.db, "-s", glob), 0, ok_line(expected))
                excluded = check(self.db, "-x", glob)
                self.assertPlugin(excluded, 0, ok_line(len(self.IDS) - expected))

    def test_a_reversed_range_is_a_usage_error(self):
        result = check(self.db, "-s", "feed-[z-a]")
        self.assertEqual(result.code, 3)
        self.assertEqual(result.stdout.splitlines()[0],
                         "SCHEDULE_NEXTRUN UNKNOWN - --schedule: reversed range z-a in "
                         "'feed-[z-a]'")


class MinEnabled(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_fewer_than_min_enabled_warns(self):
        self.db.add_schedule("a", next_run_in=60)
        self.db.add_schedule("b", next_run_in=60)
        self.db.add_schedule("c", enabled=False, next_run_in=60)
        self.assertPlugin(check(self.db, "--min-enabled", "3"), 1, line(
            "WARNING", "2 enabled schedules, fewer than --min-enabled 3, "
                       "2 enabled schedules, none overdue",
            perf(2, max_lateness=0)))

    def test_exactly_min_enabled_is_ok(self):
        self.db.add_schedule("a", next_run_in=60)
        self.db.add_schedule("b", next_run_in=60)
        self.assertPlugin(check(self.db, "--min-enabled=2"), 0, ok_line(2))

    def test_no_enabled_schedules_with_min_enabled(self):
        self.db.add_schedule("c", enabled=False, next_run_in=60)
        self.assertPlugin(check(self.db, "--min-enabled", "1"), 1, line(
            "WARNING", "0 enabled schedules, fewer than --min-enabled 1, no enabled schedules",
            perf(0)))

    def test_min_enabled_counts_after_filters(self):
        self.db.add_schedule("feed-1", next_run_in=60)
        self.db.add_schedule("daily", next_run_in=60)
        self.assertPlugin(check(self.db, "-s", "feed-*", "--min-enabled", "2"), 1, line(
            "WARNING", "1 enabled schedule, fewer than --min-enabled 2, "
                       "1 enabled schedule, none overdue",
            perf(1, max_lateness=0)))

    def test_garbage_min_enabled_is_a_usage_error(self):
        result = check(self.db, "--min-enabled", "some")
        self.assertPlugin(result, 3, perfdata="", contains="--min-enabled")


class ManySchedules(PluginTestCase):
    """Hundreds of offenders: line 1 names five, the output stays under 4 KiB."""

    def missing_300(self, *args):
        db = new_database()
        add_many_schedules(db, 300)
        return check(db, *args)

    SUMMARY = ("SCHEDULE_NEXTRUN CRITICAL - 300 enabled schedules without next run "
               "(sched-001, sched-002, sched-003, sched-004, sched-005 and 295 more)")

    def test_line1_names_five_and_counts_the_rest(self):
        result = self.missing_300()
        self.assertPlugin(result, 2, startswith=self.SUMMARY, perfdata=perf(300, missing=300))
        self.assertEqual(long_output(result), [])

    def assert_cut(self, result, prefix, total):
        lines = long_output(result)
        self.assertTrue(lines, "long output expected")
        match = re.fullmatch(r"… and (\d+) more", lines[-1])
        self.assertIsNotNone(match, f"last line should be '… and N more':\n{result.stdout}")
        items = [l for l in lines[:-1] if l.startswith(prefix)]
        self.assertTrue(items)
        self.assertEqual(len(items) + int(match.group(1)), total,
                         f"shown + 'N more' must count every item:\n{result.stdout}")
        return items

    def test_verbose_long_output_is_cut_with_and_n_more(self):
        result = self.missing_300("-v")
        self.assertPlugin(result, 2, startswith=self.SUMMARY, perfdata=perf(300, missing=300))
        items = self.assert_cut(result, "no next run: ", 300)
        self.assertEqual(items[:3], ["no next run: sched-001", "no next run: sched-002",
                                     "no next run: sched-003"])

    def test_very_verbose_stays_under_4k(self):
        result = self.missing_300("-vvv")
        self.assertPlugin(result, 2, startswith=self.SUMMARY, perfdata=perf(300, missing=300))
        self.assertRegex(result.stdout.splitlines()[-1], r"^… and \d+ more$")

    def test_hundreds_late(self):
        db = new_database()
        add_many_schedules(db, 300, prefix="late-", next_run_in=-700)
        result = check(db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "300 schedules late, late-001 by 11m 40s, "
                       "300 enabled schedules, next run at most 11m 40s late",
            perf(300, late=300, max_lateness=700)))
        self.assert_cut(result, "late: ", 300)

    def test_hundreds_stuck(self):
        db = new_database()
        add_many_schedules(db, 300, prefix="lock-", next_run_in=60, locked_age=900)
        result = check(db, "-v")
        self.assertPlugin(result, 1, line(
            "WARNING", "300 stuck locks, lock-001 locked 15m ago, "
                       "300 enabled schedules, none overdue",
            perf(300, max_lateness=0, stuck=300, max_lock_age=900)))
        self.assert_cut(result, "stuck lock: ", 300)

    def test_vv_counts_every_checked_schedule(self):
        db = new_database()
        add_many_schedules(db, 600, prefix="ok-", next_run_in=60)
        result = check(db, "-vv")
        self.assertPlugin(result, 0, ok_line(600))
        self.assert_cut(result, "checked: ", 600)


class Verbosity(PluginTestCase):
    LINE1 = line("CRITICAL", "1 enabled schedule without next run (a-missing), "
                             "1 schedule late, b-late by 11m 40s, "
                             "1 stuck lock, c-locked locked 15m ago by w-7, "
                             "4 enabled schedules, next run at most 11m 40s late",
                 perf(4, missing=1, late=1, max_lateness=700, stuck=1, max_lock_age=900))
    LEVEL1 = ["no next run: a-missing", "late: b-late by 11m 40s",
              "stuck lock: c-locked locked 15m ago by w-7"]
    CHECKED = ["checked: a-missing, next run missing",
               "checked: b-late, next run due 11m 40s ago",
               "checked: c-locked, next run in 1m",
               "checked: d-ok, next run in 2m"]

    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("a-missing", next_run_in=None)
        self.db.add_schedule("b-late", next_run_in=-700)
        self.db.add_schedule("c-locked", next_run_in=60, locked_age=900, locked_by="w-7")
        self.db.add_schedule("d-ok", next_run_in=120)

    def test_default_has_no_long_output(self):
        result = check(self.db)
        self.assertPlugin(result, 2, self.LINE1)
        self.assertEqual(long_output(result), [])

    def test_v_names_each_offender(self):
        result = check(self.db, "-v")
        self.assertPlugin(result, 2, self.LINE1)
        self.assertEqual(long_output(result), self.LEVEL1)

    def test_vv_adds_every_schedule_and_the_settings(self):
        result = check(self.db, "-vv")
        self.assertPlugin(result, 2, self.LINE1)
        lines = long_output(result)
        for expected in self.LEVEL1 + self.CHECKED:
            self.assertIn(expected, lines)
        self.assertEqual([l for l in lines if l.startswith("checked: ")], self.CHECKED)
        self.assertEqual(len([l for l in lines if l.startswith("settings: ")]), 1, result.stdout)
        self.assertFalse([l for l in lines if l.startswith("sql (")])

    def test_vvv_adds_the_sql(self):
        result = check(self.db, "-v", "-v", "--verbose")
        self.assertPlugin(result, 2, self.LINE1)
        lines = long_output(result)
        for expected in self.LEVEL1 + self.CHECKED:
            self.assertIn(expected, lines)
        sql_lines = [l for l in lines if l.startswith("sql (")]
        self.assertTrue(sql_lines, result.stdout)
        self.assertRegex(sql_lines[0], r"^sql \([0-9.]+ ms, \d+ rows\): ")

    def test_vv_next_run_due_right_now(self):
        db = new_database()
        db.add_schedule("now", next_run_in=0)
        result = check(db, "-vv")
        self.assertPlugin(result, 0, ok_line(1))
        checked = [l for l in long_output(result) if l.startswith("checked: ")]
        self.assertEqual(len(checked), 1, result.stdout)
        # One of the two wordings of SPEC's -vv line, never a bare "next run 0s ago".
        self.assertIn(checked[0], ["checked: now, next run due 0s ago",
                                   "checked: now, next run in 0s"])


class SchemaVariants(harness.SchemaVariantCases, PluginTestCase):
    """Same data, same line, whatever the naming, column types and time zones."""

    PLUGIN = PLUGIN
    MISSING_TABLE = "--table=schedule"
    LINE1 = line("WARNING", "1 schedule late, b-late by 11m 40s, "
                            "1 stuck lock, c-locked locked 10m 1s ago by w-7, "
                            "3 enabled schedules, next run at most 11m 40s late",
                 perf(3, late=1, max_lateness=700, stuck=1, max_lock_age=601))

    def fill(self, db):
        db.add_schedule("a-ok", next_run_in=60)
        db.add_schedule("b-late", next_run_in=-700)
        db.add_schedule("c-locked", next_run_in=3600, locked_age=601, locked_by="w-7")
        db.add_schedule("d-disabled", enabled=False, next_run_in=None)

    def expect(self, result):
        self.assertPlugin(result, 1, self.LINE1)

    def test_session_time_zone_from_pgtz(self):
        self.same(new_database(), env={"PGTZ": "Pacific/Auckland"})


class Mapping(PluginTestCase):
    def setUp(self):
        self.db = new_database()

    def test_renamed_table_and_columns(self):
        self.db.add_schedule("b-late", next_run_in=-700)
        self.db.add_schedule("c-locked", next_run_in=60, locked_age=601, locked_by="w-7")
        self.db.sql('ALTER TABLE "JobSchedule" RENAME TO "Plans";'
                    'ALTER TABLE "Plans" RENAME COLUMN "nextRunAt" TO due;'
                    'ALTER TABLE "Plans" RENAME COLUMN "lockedAt" TO "lockTime";'
                    'ALTER TABLE "Plans" RENAME COLUMN enabled TO active;')
        self.assertPlugin(check(self.db, "--table=schedule=Plans", "--column=schedule.next_run_at=due",
                                "--column", "schedule.locked_at=lockTime",
                                "--column=schedule.enabled=active"), 1,
                          line("WARNING", "1 schedule late, b-late by 11m 40s, "
                                          "1 stuck lock, c-locked locked 10m 1s ago by w-7, "
                                          "2 enabled schedules, next run at most 11m 40s late",
                               perf(2, late=1, max_lateness=700, stuck=1, max_lock_age=601)))

    def test_optional_locked_by_declared_absent(self):
        self.db.add_schedule("c-locked", next_run_in=60, locked_age=601, locked_by="w-7")
        self.db.sql('ALTER TABLE "JobSchedule" DROP COLUMN "lockedBy";')
        self.assertPlugin(check(self.db, "--column=schedule.locked_by="), 1, line(
            "WARNING", "1 stuck lock, c-locked locked 10m 1s ago, "
                       "1 enabled schedule, none overdue",
            perf(1, max_lateness=0, stuck=1, max_lock_age=601)))

    def test_missing_column_names_its_option(self):
        self.db.sql('ALTER TABLE "JobSchedule" RENAME COLUMN "nextRunAt" TO due;')
        self.assertPlugin(check(self.db), 3, startswith="SCHEDULE_NEXTRUN UNKNOWN - ",
                          contains="--column=schedule.next_run_at", perfdata="")

    def test_missing_table_names_its_option(self):
        self.assertPlugin(check(self.db, "--table=schedule=Plans"), 3,
                          startswith="SCHEDULE_NEXTRUN UNKNOWN - ", contains="--table=schedule",
                          perfdata="")


class Formats(PluginTestCase):
    def setUp(self):
        self.db = new_database()
        self.db.add_schedule("a-missing", next_run_in=None)
        self.db.add_schedule("b-late", next_run_in=-700)

    SUMMARY = ("1 enabled schedule without next run (a-missing), 1 schedule late, b-late by "
               "11m 40s, 2 enabled schedules, next run at most 11m 40s late")

    def test_nagios_is_the_default(self):
        expected = line("CRITICAL", self.SUMMARY, perf(2, missing=1, late=1, max_lateness=700))
        self.assertPlugin(check(self.db, "--format=nagios"), 2, expected)
        self.assertPlugin(check(self.db), 2, expected)

    def test_json(self):
        result = check(self.db, "--format=json", "-v")
        self.check_invariants(result)
        self.assertEqual(result.code, 2)
        self.assertEqual(result.stdout.count("\n"), 1, "one line of JSON")
        doc = json.loads(result.stdout)
        self.assertEqual(doc["plugin"], PLUGIN)
        self.assertEqual(doc["state"], "CRITICAL")
        self.assertEqual(doc["exit_code"], 2)
        self.assertEqual(doc["summary"], self.SUMMARY)
        self.assertEqual(doc["details"], ["no next run: a-missing", "late: b-late by 11m 40s"])
        metrics = {p["label"]: p for p in doc["perfdata"]}
        self.assertEqual(list(metrics), ["enabled", "missing", "late", "max_lateness", "stuck_locks"])
        self.assertEqual(metrics["enabled"]["value"], 2)
        self.assertEqual(metrics["missing"]["value"], 1)
        self.assertEqual(metrics["late"]["value"], 1)
        lateness = metrics["max_lateness"]
        self.assertEqual((lateness["value"], lateness["uom"], lateness["min"]), (700, "s", 0))
        self.assertEqual(metrics["stuck_locks"]["value"], 0)
        for p in doc["perfdata"]:
            self.assertEqual(set(p), {"label", "value", "uom", "warn", "crit", "min", "max"})

    def test_json_is_bounded_with_400_missing_at_vv(self):
        add_many_schedules(self.db, 400, prefix="missing-with-a-rather-long-schedule-id-")
        result = check(self.db, "--format=json", "-vv")
        self.check_invariants(result)
        self.assertEqual(result.code, 2)
        self.assertLess(len(result.stdout.encode()), 4096)
        doc = json.loads(result.stdout)
        self.assertIn("no next run: a-missing", doc["details"])
        # 401 missing and 1 late at -v; the settings and the 402 schedules checked at -vv.
        self.assertGreater(doc["details_omitted"], 0)
        self.assertEqual(len(doc["details"]) + doc["details_omitted"], 401 + 1 + 1 + 402)

    def test_json_details_omitted_is_zero_when_nothing_is_cut(self):
        doc = json.loads(check(self.db, "--format=json", "-v").stdout)
        self.assertEqual(doc["details_omitted"], 0)

    def test_prometheus(self):
        self.db.add_schedule("c-locked", next_run_in=60, locked_age=30)
        result = check(self.db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0, "the state lives in the metrics")
        lines = result.stdout.splitlines()
        values = {
            "schedule_nextrun_enabled": "3", "schedule_nextrun_missing": "1",
            "schedule_nextrun_late": "1", "schedule_nextrun_max_lateness_seconds": "700",
            "schedule_nextrun_stuck_locks": "0", "schedule_nextrun_max_lock_age_seconds": "30",
            "schedule_nextrun_check_state": "2",
        }
        for name, value in values.items():
            self.assertIn(f"{name} {value}", lines, result.stdout)
            self.assertIn(f"# TYPE {name} gauge", lines, result.stdout)
            self.assertTrue(any(l.startswith(f"# HELP {name} ") for l in lines), name)

    def test_prometheus_omits_metrics_without_value(self):
        db = new_database()
        result = check(db, "--format=prometheus")
        self.check_invariants(result)
        self.assertEqual(result.code, 0)
        self.assertIn("schedule_nextrun_enabled 0", result.stdout.splitlines())
        self.assertIn("schedule_nextrun_check_state 0", result.stdout.splitlines())
        self.assertNotIn("max_lateness", result.stdout)
        self.assertNotIn("max_lock_age", result.stdout)


if __name__ == "__main__":
    unittest.main()
