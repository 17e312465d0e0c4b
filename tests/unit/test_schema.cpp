// Schema: presets of SPEC §1, overrides, validation and placeholder rendering.
#include "lib/schema.hpp"
#include "lib/usage_error.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

// GCC 12 at -O2 warns that a std::optional<std::string> assigned right after default
// construction "may be used uninitialized" (a known false positive of its inliner).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace mps;

namespace {

std::string quote(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

SchemaOptions snake() {
    SchemaOptions options;
    options.naming = Naming::Snake;
    return options;
}

std::string usage_message(const SchemaOptions& options) {
    try {
        Schema schema(options);
    } catch (const UsageError& error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(prisma_is_the_default_preset) {
    Schema schema{SchemaOptions{}};
    BOOST_TEST(schema.name("worker") == "WorkerInstance");
    BOOST_TEST(schema.name("schedule") == "JobSchedule");
    BOOST_TEST(schema.name("run") == "JobRun");
}

BOOST_AUTO_TEST_CASE(prisma_columns_follow_the_spec_table) {
    Schema schema{SchemaOptions{}};
    BOOST_TEST(schema.name("worker.type") == "workerType");
    BOOST_TEST(schema.name("worker.heartbeat_at") == "lastHeartbeatAt");
    BOOST_TEST(schema.name("worker.started_at") == "startedAt");
    BOOST_TEST(schema.name("schedule.next_run_at") == "nextRunAt");
    BOOST_TEST(schema.name("schedule.last_run_at") == "lastRunAt");
    BOOST_TEST(schema.name("schedule.locked_at") == "lockedAt");
    BOOST_TEST(schema.name("schedule.locked_by") == "lockedBy");
    BOOST_TEST(schema.name("run.schedule_id") == "scheduleId");
    BOOST_TEST(schema.name("run.job_name") == "jobName");
    BOOST_TEST(schema.name("run.finished_at") == "finishedAt");
    BOOST_TEST(schema.name("run.error") == "error");
}

BOOST_AUTO_TEST_CASE(snake_preset_names_tables_in_snake_case) {
    Schema schema(snake());
    BOOST_TEST(schema.name("worker") == "worker_instance");
    BOOST_TEST(schema.name("schedule") == "job_schedule");
    BOOST_TEST(schema.name("run") == "job_run");
}

BOOST_AUTO_TEST_CASE(snake_preset_names_columns_in_snake_case) {
    Schema schema(snake());
    BOOST_TEST(schema.name("worker.type") == "worker_type");
    BOOST_TEST(schema.name("worker.heartbeat_at") == "last_heartbeat_at");
    BOOST_TEST(schema.name("schedule.next_run_at") == "next_run_at");
    BOOST_TEST(schema.name("schedule.locked_by") == "locked_by");
    BOOST_TEST(schema.name("run.schedule_id") == "schedule_id");
    BOOST_TEST(schema.name("run.job_name") == "job_name");
    BOOST_TEST(schema.name("run.started_at") == "started_at");
    BOOST_TEST(schema.name("run.finished_at") == "finished_at");
}

BOOST_AUTO_TEST_CASE(keys_list_tables_and_columns_in_spec_order) {
    const auto& keys = Schema::keys();
    BOOST_TEST(keys.size() == 25u);
    BOOST_TEST(keys.front() == "worker");
    BOOST_TEST(keys[1] == "worker.id");
    BOOST_TEST(keys[8] == "schedule");
    BOOST_TEST(keys[15] == "run");
    BOOST_TEST(keys.back() == "run.duration_ms");
}

BOOST_AUTO_TEST_CASE(every_key_has_a_name_in_both_presets) {
    Schema prisma{SchemaOptions{}}, snake_case(snake());
    for (const auto& key : Schema::keys()) {
        BOOST_TEST(!prisma.name(key).empty(), key);
        BOOST_TEST(!snake_case.name(key).empty(), key);
    }
}

BOOST_AUTO_TEST_CASE(table_override_applies_after_the_preset) {
    SchemaOptions options = snake();
    options.tables = {{"worker", "daemon_workers"}};
    Schema schema(options);
    BOOST_TEST(schema.name("worker") == "daemon_workers");
    BOOST_TEST(schema.name("schedule") == "job_schedule");
}

BOOST_AUTO_TEST_CASE(column_override_applies_after_the_preset) {
    SchemaOptions options;
    options.columns = {{"worker.heartbeat_at", "beat"}};
    Schema schema(options);
    BOOST_TEST(schema.name("worker.heartbeat_at") == "beat");
    BOOST_TEST(schema.name("worker.started_at") == "startedAt");
}

BOOST_AUTO_TEST_CASE(later_override_of_the_same_key_wins) {
    SchemaOptions options;
    options.columns = {{"run.error", "a"}, {"run.error", "b"}};
    BOOST_TEST(Schema(options).name("run.error") == "b");
}

BOOST_AUTO_TEST_CASE(optional_column_may_be_absent) {
    SchemaOptions options;
    options.columns = {{"worker.pid", ""}};
    BOOST_TEST(Schema(options).name("worker.pid") == "");
}

BOOST_AUTO_TEST_CASE(absent_optional_column_renders_null) {
    SchemaOptions options;
    options.columns = {{"worker.pid", ""}};
    auto rendered = Schema(options).render("SELECT {worker.pid} FROM {worker}", quote);
    BOOST_TEST(rendered.text == "SELECT NULL FROM \"WorkerInstance\"");
}

BOOST_AUTO_TEST_CASE(required_column_cannot_be_absent) {
    SchemaOptions options;
    options.columns = {{"worker.heartbeat_at", ""}};
    BOOST_TEST(usage_message(options).rfind("--column=worker.heartbeat_at=:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(table_name_cannot_be_empty) {
    SchemaOptions options;
    options.tables = {{"run", ""}};
    BOOST_TEST(usage_message(options).rfind("--table=run=:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(unknown_column_key_is_a_usage_error_listing_the_keys) {
    SchemaOptions options;
    options.columns = {{"worker.foo", "x"}};
    std::string message = usage_message(options);
    BOOST_TEST(message.rfind("--column: unknown key 'worker.foo' (known: worker.id,", 0) == 0);
    BOOST_TEST(message.find("run.error") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_table_key_is_a_usage_error) {
    SchemaOptions options;
    options.tables = {{"workers", "x"}};
    BOOST_TEST(usage_message(options) ==
               "--table: unknown key 'workers' (known: worker, schedule, run)");
}

BOOST_AUTO_TEST_CASE(column_key_given_to_table_is_unknown) {
    SchemaOptions options;
    options.tables = {{"worker.pid", "x"}};
    BOOST_TEST(usage_message(options).rfind("--table: unknown key 'worker.pid'", 0) == 0);
}

BOOST_AUTO_TEST_CASE(table_key_given_to_column_is_unknown) {
    SchemaOptions options;
    options.columns = {{"worker", "x"}};
    BOOST_TEST(usage_message(options).rfind("--column: unknown key 'worker'", 0) == 0);
}

BOOST_AUTO_TEST_CASE(name_of_63_bytes_is_accepted) {
    SchemaOptions options;
    options.tables = {{"worker", std::string(63, 'w')}};
    BOOST_TEST(Schema(options).name("worker").size() == 63u);
}

BOOST_AUTO_TEST_CASE(name_longer_than_63_bytes_is_a_usage_error) {
    SchemaOptions options;
    options.columns = {{"run.error", std::string(64, 'e')}};
    BOOST_TEST(usage_message(options).find("longer than 63 bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(name_with_nul_is_a_usage_error) {
    SchemaOptions options;
    options.tables = {{"run", std::string("job\0run", 7)}};
    BOOST_TEST(usage_message(options) == "--table=run=...: name contains a NUL character");
}

BOOST_AUTO_TEST_CASE(empty_db_schema_is_a_usage_error) {
    SchemaOptions options;
    options.db_schema = "";
    BOOST_TEST(usage_message(options).rfind("--db-schema:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(db_schema_longer_than_63_bytes_is_a_usage_error) {
    SchemaOptions options;
    options.db_schema = std::string(64, 's');
    BOOST_TEST(usage_message(options).rfind("--db-schema:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(empty_db_timezone_is_a_usage_error) {
    SchemaOptions options;
    options.db_timezone = "";
    BOOST_TEST(usage_message(options).rfind("--db-timezone:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(table_renders_quoted_without_db_schema) {
    auto rendered = Schema{SchemaOptions{}}.render("FROM {schedule}", quote);
    BOOST_TEST(rendered.text == "FROM \"JobSchedule\"");
}

BOOST_AUTO_TEST_CASE(table_renders_qualified_with_db_schema) {
    SchemaOptions options;
    options.db_schema = "app";
    auto rendered = Schema(options).render("FROM {schedule}", quote);
    BOOST_TEST(rendered.text == "FROM \"app\".\"JobSchedule\"");
}

BOOST_AUTO_TEST_CASE(db_schema_does_not_qualify_columns) {
    SchemaOptions options;
    options.db_schema = "app";
    BOOST_TEST(Schema(options).render("{run.status}", quote).text == "\"status\"");
}

BOOST_AUTO_TEST_CASE(render_uses_the_given_quoter) {
    auto upper = [](std::string_view name) { return "<" + std::string(name) + ">"; };
    BOOST_TEST(Schema(snake()).render("{run.job_name}", upper).text == "<job_name>");
}

BOOST_AUTO_TEST_CASE(render_keeps_text_without_placeholders) {
    std::string sql = "SELECT now() WHERE $1 = 'x'";
    BOOST_TEST(Schema{SchemaOptions{}}.render(sql, quote).text == sql);
}

BOOST_AUTO_TEST_CASE(render_records_keys_in_order_of_first_use) {
    auto rendered = Schema{SchemaOptions{}}.render(
        "SELECT {worker.id}, {worker.pid} FROM {worker} WHERE {worker.id} <> ''", quote);
    std::vector<std::string> expected{"worker.id", "worker.pid", "worker"};
    BOOST_TEST(rendered.keys == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(render_records_absent_columns_too) {
    SchemaOptions options;
    options.columns = {{"run.error", ""}};
    auto rendered = Schema(options).render("{run.error}", quote);
    BOOST_TEST(rendered.keys.size() == 1u);
    BOOST_TEST(rendered.keys.front() == "run.error");
}

BOOST_AUTO_TEST_CASE(column_with_an_expression_renders_the_value_in_the_columns_type) {
    SchemaOptions options;
    options.db_schema = "app";
    auto rendered = Schema(options).render("{run.started_at: now() - $4::float8}", quote);
    BOOST_TEST(rendered.text == "(pg_catalog.jsonb_populate_record(NULL::\"app\".\"JobRun\", "
                                "pg_catalog.jsonb_build_object(E'startedAt', now() - "
                                "$4::float8))).\"startedAt\"");
    std::vector<std::string> expected{"run.started_at", "run"};
    BOOST_TEST(rendered.keys == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(column_name_in_the_expression_form_is_an_escaped_literal) {
    SchemaOptions options;
    options.columns = {{"run.started_at", "it's a \\ name"}};
    auto text = Schema(options).render("{run.started_at:now()}", quote).text;
    BOOST_TEST(text.find("jsonb_build_object(E'it''s a \\\\ name', now())") != std::string::npos,
               text);
}

BOOST_AUTO_TEST_CASE(absent_column_with_an_expression_renders_null) {
    SchemaOptions options;
    options.columns = {{"run.created_at", ""}};
    BOOST_TEST(Schema(options).render("{run.created_at: now()}", quote).text == "NULL");
}

BOOST_AUTO_TEST_CASE(table_with_an_expression_is_a_logic_error) {
    BOOST_CHECK_THROW(Schema{SchemaOptions{}}.render("{run: now()}", quote), std::logic_error);
}

BOOST_AUTO_TEST_CASE(unknown_placeholder_is_a_logic_error) {
    BOOST_CHECK_THROW(Schema{SchemaOptions{}}.render("{worker.foo}", quote), std::logic_error);
}

BOOST_AUTO_TEST_CASE(unknown_placeholder_is_not_a_usage_error) {
    try {
        Schema{SchemaOptions{}}.render("{nope}", quote);
        BOOST_FAIL("no exception");
    } catch (const UsageError&) {
        BOOST_FAIL("a template mistake is a programming error");
    } catch (const std::logic_error&) {
    }
}

BOOST_AUTO_TEST_CASE(unmatched_open_brace_is_a_logic_error) {
    BOOST_CHECK_THROW(Schema{SchemaOptions{}}.render("SELECT {worker", quote), std::logic_error);
}

BOOST_AUTO_TEST_CASE(stray_close_brace_is_a_logic_error) {
    BOOST_CHECK_THROW(Schema{SchemaOptions{}}.render("SELECT '}'", quote), std::logic_error);
}

BOOST_AUTO_TEST_CASE(option_for_a_table) {
    BOOST_TEST(Schema::option_for("worker") == "--table=worker=NAME");
}

BOOST_AUTO_TEST_CASE(option_for_a_column) {
    BOOST_TEST(Schema::option_for("worker.pid") == "--column=worker.pid=NAME");
}

BOOST_AUTO_TEST_CASE(db_schema_and_timezone_are_kept) {
    SchemaOptions options;
    options.db_schema = "app";
    options.db_timezone = "Europe/Berlin";
    Schema schema(options);
    BOOST_TEST(*schema.db_schema() == "app");
    BOOST_TEST(schema.db_timezone() == "Europe/Berlin");
}

BOOST_AUTO_TEST_CASE(name_of_unknown_key_is_a_logic_error) {
    BOOST_CHECK_THROW(Schema{SchemaOptions{}}.name("worker.foo"), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()
