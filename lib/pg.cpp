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

// Backslash-escapes a value for the "options" connection keyword.
std::string option_value(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == ' ' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
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
    // Checked here: libpq would report the missing row on stderr.
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

void Connection::Finish::operator()(pg_conn* conn) const {
    PQfinish(conn);
}

Connection::Connection(pg_conn* conn) : conn_(conn) {}

Connection Connection::open(const ConnectParams& params, const Deadline& deadline) {
    drop_empty_pg_environment();
    // libpq would send SET timezone from PGTZ after the startup packet, undoing ours.
    unsetenv("PGTZ");

    // Read-only transactions, the server-side statement deadline and the time zone of
    // timestamp-without-time-zone columns travel in the startup packet: no extra round trip.
    // No JIT and no parallel workers: a check's statement is short, and compiling it (where
    // the planner overestimates it) or starting workers, each a new process that must map the
    // same index pages again, took longer than running it alone (bench/README.md).
    std::string options = "-c default_transaction_read_only=on -c jit=off "
                          "-c max_parallel_workers_per_gather=0 -c statement_timeout=" +
                          std::to_string(std::max(1L, deadline.remaining_ms())) +
                          " -c TimeZone=" + option_value(params.timezone);

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
    std::optional<std::string> app = params.application_name, opts = options;
    add("application_name", app);
    add("options", opts);
    keys.push_back(nullptr);
    values.push_back(nullptr);

    // A Unix-domain connect() to a server whose listen queue is full fails with EAGAIN
    // where a blocking client would simply wait; libpq connects nonblocking and gives up.
    // Such an attempt is repeated, with a growing pause, until the deadline.
    const std::string queue_full = std::strerror(EAGAIN);
    for (long pause_ms = 10;; pause_ms = std::min(pause_ms * 2, 200L)) {
        Connection connection(PQconnectStartParams(keys.data(), values.data(), 1));
        PGconn* conn = connection.conn_.get();
        if (!conn)
            throw Error("cannot connect: out of memory", "", true);
        if (connect_poll(conn, deadline))
            return connection;
        std::string message = one_line(PQerrorMessage(conn));
        if (message.find(queue_full) == std::string::npos || deadline.remaining_ms() <= pause_ms)
            throw Error(message, "", true);
        ::usleep(static_cast<useconds_t>(pause_ms * 1000));
    }
}

Result Connection::query(const std::string& sql,
                         const std::vector<std::optional<std::string>>& params,
                         const Deadline& deadline) {
    PGconn* conn = conn_.get();
    std::vector<const char*> values;
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);

    if (!PQsendQueryParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                           values.data(), nullptr, nullptr, 0))
        throw Error(one_line(PQerrorMessage(conn)), "", false);

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

    // Keep the last result; with one statement there is exactly one.
    PGresult* last = nullptr;
    while (PGresult* next = PQgetResult(conn)) {
        PQclear(last);
        last = next;
    }
    Result result(last);
    if (!last)
        throw Error(one_line(PQerrorMessage(conn)), "", false);

    ExecStatusType status = PQresultStatus(last);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const char* state = PQresultErrorField(last, PG_DIAG_SQLSTATE);
        const char* primary = PQresultErrorField(last, PG_DIAG_MESSAGE_PRIMARY);
        std::string sqlstate = state ? state : "";
        // 57014: the server-side statement_timeout, set from the same deadline.
        if (sqlstate == "57014")
            throw Timeout("query timed out after " + seconds_text(deadline));
        throw Error(one_line(primary ? primary : PQresultErrorMessage(last)), sqlstate, false);
    }
    return result;
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
