#include "lib/pg.hpp"

#include "lib/number.hpp"
#include "lib/sanitize.hpp"

#include <libpq-fe.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <string>
#include <unistd.h>

extern char** environ;

namespace mps::pg {
namespace {

// libpq messages span several lines ("...failed: Connection refused\n\tIs the server
// running...?"); a status line needs one. Tabs and newlines collapse to single spaces.
std::string one_line(const char* message) {
    std::string out;
    bool space = false;
    for (const char* p = message ? message : ""; *p; ++p) {
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += *p;
    }
    return out;
}

// Icinga 2 exports unset macros as empty variables; libpq would take PGSERVICE="" as a
// service named "". An empty PG* variable therefore counts as unset.
void drop_empty_pg_environment() {
    std::vector<std::string> empty;
    for (char** env = environ; env && *env; ++env) {
        const char* entry = *env;
        const char* eq = std::strchr(entry, '=');
        if (eq && eq[1] == '\0' && std::strncmp(entry, "PG", 2) == 0)
            empty.emplace_back(entry, eq);
    }
    for (const auto& name : empty)
        unsetenv(name.c_str());
}

// Waits until the socket is ready for the given events or the deadline passes.
bool wait_socket(int socket, short events, const Deadline& deadline) {
    for (;;) {
        long left = deadline.remaining_ms();
        if (left <= 0)
            return false;
        pollfd fd{socket, events, 0};
        int ready = ::poll(&fd, 1, static_cast<int>(std::min<long>(left, 1000L * 3600)));
        if (ready > 0)
            return true;
        if (ready < 0 && errno != EINTR)
            return true; // let libpq report the socket error
    }
}

std::string seconds_text(const Deadline& deadline) {
    return format_number(deadline.timeout().seconds) + " s";
}

// Opens the transaction of a pipeline: the statements up to a sync point form one
// implicit transaction, which the server commits at the sync, or rolls back there after
// an error (then no ROLLBACK is needed, and no pooler sees a failed transaction left
// open: PgBouncer's statement pooling closes such a client). Every setting is LOCAL: it
// ends with the transaction, so under transaction pooling it neither depends on nor leaks
// into the pooled server connection; read-only comes first, before any statement of the
// check. No JIT and no parallel workers: a check's statement is short, and compiling it
// (where the planner overestimates it) or starting workers, each a new process that must
// map the same index pages again, took longer than running it alone (bench/README.md). It
// also reports whether the server is a hot standby and how far its replay is behind, on
// the server's real clock (pg_catalog.now()).
constexpr const char* setup_sql =
    "SELECT set_config('transaction_read_only', 'on', true), "
    "set_config('statement_timeout', $1, true), set_config('TimeZone', $2, true), "
    "set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), "
    "pg_is_in_recovery()";
// The same, measuring the replay lag too: only for the checks that report it, as the
// functions it needs cost catalog lookups in every fresh session (bench/README.md).
constexpr const char* setup_with_lag_sql =
    "SELECT set_config('transaction_read_only', 'on', true), "
    "set_config('statement_timeout', $1, true), set_config('TimeZone', $2, true), "
    "set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), "
    "pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN CASE "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE extract(epoch FROM pg_catalog.now() - pg_last_xact_replay_timestamp()) END END";

// Drives a started connection to the end: true when it is established, false when it
// failed (the reason is in PQerrorMessage); Timeout when the deadline passes first.
bool connect_poll(PGconn* conn, const Deadline& deadline) {
    if (PQstatus(conn) == CONNECTION_BAD)
        return false;
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    while (status != PGRES_POLLING_OK) {
        if (status == PGRES_POLLING_FAILED)
            return false;
        short events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (!wait_socket(PQsocket(conn), events, deadline))
            throw Timeout("connection timed out after " + seconds_text(deadline));
        status = PQconnectPoll(conn);
    }
    return true;
}

} // namespace

void Result::Free::operator()(pg_result* result) const {
    PQclear(result);
}

Result::Result(pg_result* result) : result_(result) {}
int Result::rows() const {
    return PQntuples(result_.get());
}
int Result::columns() const {
    return PQnfields(result_.get());
}
bool Result::is_null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column) != 0;
}
std::string_view Result::text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}
std::optional<std::string> Result::optional_text(int row, int column) const {
    if (is_null(row, column))
        return std::nullopt;
    return std::string(text(row, column));
}
std::string Result::item(int row, int column) const {
    return sanitize(text(row, column));
}
std::optional<std::string> Result::optional_item(int row, int column) const {
    if (is_null(row, column))
        return std::nullopt;
    return item(row, column);
}
std::optional<double> Result::number(int row, int column) const {
    if (is_null(row, column))
        return std::nullopt;
    auto value = parse_number(text(row, column));
    if (!value)
        throw Error("unexpected number '" + std::string(text(row, column)) + "' in result", "",
                    false);
    return value;
}
long Result::count(int row, int column) const {
    // Checked here: libpq would complain about the missing row on the error stream.
    if (row >= rows())
        return 0;
    return static_cast<long>(number(row, column).value_or(0));
}

std::map<std::string, std::vector<int>, std::less<>> Result::rows_by(int column) const {
    std::map<std::string, std::vector<int>, std::less<>> rows_of;
    for (int row = 0; row < rows(); ++row)
        if (!is_null(row, column))
            rows_of[std::string(text(row, column))].push_back(row);
    return rows_of;
}

const pg_result* Result::failed() const {
    ExecStatusType status = PQresultStatus(result_.get());
    bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK ||
              status == PGRES_PIPELINE_ABORTED;
    return ok ? nullptr : result_.get();
}

void Connection::Finish::operator()(pg_conn* conn) const {
    PQfinish(conn);
}

Connection::Connection(pg_conn* conn, const ConnectParams& params)
    : conn_(conn), timezone_(params.timezone), replay_lag_(params.replay_lag) {}

Connection Connection::open(const ConnectParams& params, const Deadline& deadline) {
    drop_empty_pg_environment();
    // The time zone is set inside each transaction; PGTZ would only add a startup parameter.
    unsetenv("PGTZ");

    std::vector<const char*> keys, values;
    auto add = [&](const char* key, const std::optional<std::string>& value) {
        if (value) {
            keys.push_back(key);
            values.push_back(value->c_str());
        }
    };
    // dbname first: when it is a connection string, the explicit options below win.
    add("dbname", params.dbname);
    add("host", params.host);
    add("port", params.port);
    add("user", params.user);
    add("password", params.password);
    std::optional<std::string> app = params.application_name;
    add("application_name", app);
    keys.push_back(nullptr);
    values.push_back(nullptr);

    // A Unix-domain connect() to a server whose listen queue is full fails with EAGAIN
    // where a blocking client would simply wait; libpq connects nonblocking and gives up.
    // Such an attempt is repeated, with a growing pause, until the deadline.
    const std::string queue_full = std::strerror(EAGAIN);
    for (long pause_ms = 10;; pause_ms = std::min(pause_ms * 2, 200L)) {
        Connection connection(PQconnectStartParams(keys.data(), values.data(), 1), params);
        PGconn* conn = connection.conn_.get();
        if (!conn)
            throw Error("cannot connect: out of memory", "", true);
        if (connect_poll(conn, deadline)) {
            // Notices (e.g. a pooled connection's warnings) would reach the error stream.
            PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
            if (!PQenterPipelineMode(conn))
                throw Error(one_line(PQerrorMessage(conn)), "", true);
            return connection;
        }
        std::string message = one_line(PQerrorMessage(conn));
        if (message.find(queue_full) == std::string::npos || deadline.remaining_ms() <= pause_ms)
            throw Error(message, "", true);
        ::usleep(static_cast<useconds_t>(pause_ms * 1000));
    }
}

namespace {

void send(PGconn* conn, const char* sql, const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);
    if (!PQsendQueryParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(),
                           nullptr, nullptr, 0))
        throw Error(one_line(PQerrorMessage(conn)), "", false);
}

// The next result of the pipeline, waiting for it within the deadline: a statement's
// result, nullptr after each statement's results, or the PGRES_PIPELINE_SYNC marker. On
// expiry the running statement is cancelled on the server (through a pooler too), so it
// does not hold a pooled server connection or its locks any longer.
PGresult* next_result(PGconn* conn, const Deadline& deadline) {
    while (PQisBusy(conn)) {
        if (!wait_socket(PQsocket(conn), POLLIN, deadline)) {
            if (PGcancel* cancel = PQgetCancel(conn)) {
                char buffer[256];
                PQcancel(cancel, buffer, sizeof buffer);
                PQfreeCancel(cancel);
            }
            throw Timeout("query timed out after " + seconds_text(deadline));
        }
        if (!PQconsumeInput(conn))
            throw Error(one_line(PQerrorMessage(conn)), "", false);
    }
    return PQgetResult(conn);
}

// The error a failed statement's result carries; 57014 (statement_timeout, set from the
// same deadline) is the deadline's.
std::exception_ptr error_of(PGconn* conn, const PGresult* failed, const Deadline& deadline) {
    const char* state = PQresultErrorField(failed, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(failed, PG_DIAG_MESSAGE_PRIMARY);
    std::string sqlstate = state ? state : "";
    if (sqlstate == "57014")
        return std::make_exception_ptr(Timeout("query timed out after " + seconds_text(deadline)));
    const char* message = primary ? primary : PQresultErrorMessage(failed);
    return std::make_exception_ptr(
        Error(one_line(*message ? message : PQerrorMessage(conn)), sqlstate, false));
}

// Ends the pipeline with a sync point and sends it.
void sync(PGconn* conn) {
    if (!PQpipelineSync(conn))
        throw Error(one_line(PQerrorMessage(conn)), "", false);
}

// Collects the statements' results up to the pipeline's next sync point.
std::vector<Result> collect(PGconn* conn, const Deadline& deadline) {
    std::vector<Result> results;
    for (int ends = 0;;) {
        PGresult* raw = next_result(conn, deadline);
        if (!raw) {
            // One nullptr ends each statement; two in a row, or a broken connection, mean
            // nothing more will come.
            if (++ends > 1 || PQstatus(conn) == CONNECTION_BAD)
                break;
            continue;
        }
        ends = 0;
        if (PQresultStatus(raw) == PGRES_PIPELINE_SYNC) {
            PQclear(raw);
            return results;
        }
        results.emplace_back(raw);
    }
    for (const Result& result : results)
        if (const PGresult* failed = result.failed())
            std::rethrow_exception(error_of(conn, failed, deadline));
    throw Error(one_line(PQerrorMessage(conn)), "", false);
}

} // namespace

std::vector<Result> Replies::take() {
    if (failure)
        std::rethrow_exception(failure);
    return std::move(results);
}

Replies Connection::query_all(const std::vector<Statement>& statements, const Deadline& deadline) {
    PGconn* conn = conn_.get();
    send(conn, replay_lag_ ? setup_with_lag_sql : setup_sql,
         {std::to_string(std::max(1L, deadline.remaining_ms())), timezone_});
    for (const Statement& statement : statements)
        send(conn, statement.sql.c_str(), statement.params);
    sync(conn);
    std::vector<Result> results = collect(conn, deadline);
    // The set-up comes first. After an error the server skips the rest
    // (PGRES_PIPELINE_ABORTED) and rolls the transaction back at the sync.
    const std::size_t first = 1, end = first + statements.size();
    std::size_t ran = 0;
    while (ran < results.size() && !results[ran].failed())
        ++ran;
    std::exception_ptr failure;
    if (ran < results.size()) {
        failure = error_of(conn, results[ran].failed(), deadline);
        if (ran < first)
            std::rethrow_exception(failure);
    } else if (results.size() != end) {
        throw Error("unexpected reply to a pipeline of " + std::to_string(end) + " statements",
                    "", false);
    }

    const Result& setup = results[0];
    server_ = Server{setup.text(0, 5) == "t",
                     replay_lag_ ? setup.number(0, 6) : std::optional<double>()};
    results.erase(results.begin() + static_cast<long>(std::min(ran, end)), results.end());
    results.erase(results.begin(), results.begin() + first);
    return {std::move(results), failure};
}

Result Connection::query(const std::string& sql,
                         const std::vector<std::optional<std::string>>& params,
                         const Deadline& deadline) {
    return std::move(query_all({{sql, params}}, deadline).take().front());
}

std::string Connection::quote_identifier(std::string_view name) const {
    char* quoted = PQescapeIdentifier(conn_.get(), name.data(), name.size());
    if (!quoted)
        throw Error(one_line(PQerrorMessage(conn_.get())), "", false);
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
}

std::string Connection::host() const {
    const char* host = PQhost(conn_.get());
    return host ? host : "";
}

std::string Connection::port() const {
    const char* port = PQport(conn_.get());
    return port ? port : "";
}

} // namespace mps::pg
