// A thin RAII wrapper over libpq. Only pg.cpp includes libpq-fe.h.
#pragma once

#include "lib/deadline.hpp"

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace mps::pg {

// The server could not be reached, refused us, or a statement failed.
class Error : public std::runtime_error {
public:
    Error(const std::string& message, std::string sqlstate, bool connecting)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connecting_(connecting) {}
    // Five-character SQLSTATE, "" when the server sent none (e.g. connection refused).
    const std::string& sqlstate() const { return sqlstate_; }
    bool connecting() const { return connecting_; }

private:
    std::string sqlstate_;
    bool connecting_;
};

// The deadline passed while connecting or waiting for a result.
class Timeout : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ConnectParams {
    std::optional<std::string> host, port, dbname, user, password;
    std::string application_name;
    std::string timezone; // TimeZone of each transaction: how timestamp-without-time-zone
                          // columns are read
    bool replay_lag = false; // also measure a hot standby's replay lag (a few catalog
                             // lookups more in the set-up of every statement)
};

// What the server said about itself in the set-up of the last statement.
struct Server {
    bool standby = false; // in recovery: a hot standby (read replica)
    // Seconds the standby's replay is behind: 0 when it has replayed all it received,
    // none when it has replayed nothing yet, on a primary, or when not asked for.
    std::optional<double> replay_lag;
};

class Result {
public:
    explicit Result(pg_result* result);
    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string_view text(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    // Database text meant for the output (ids, names, hosts): sanitised and cut to 200
    // characters, as SPEC §2 requires of every such item.
    std::string item(int row, int column) const;
    std::optional<std::string> optional_item(int row, int column) const;
    // Numeric columns, parsed locale-free; nullopt for NULL.
    std::optional<double> number(int row, int column) const;
    // A count column (count(*), a row number) as a whole number: 0 for NULL and for a row
    // past the end, as a count over nothing.
    long count(int row, int column) const;
    // Row numbers by the text of a column, NULLs left out: for statements that list
    // several kinds of item in one result, each row tagged with its kind.
    std::map<std::string, std::vector<int>, std::less<>> rows_by(int column) const;
    // The result itself when its statement failed (neither rows nor a command completed,
    // nor skipped after an earlier failure); nullptr otherwise.
    const pg_result* failed() const;

private:
    struct Free {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Free> result_;
};

// One statement of a pipeline, with bound text parameters (types inferred by the server).
struct Statement {
    std::string sql;
    std::vector<std::optional<std::string>> params;
};

// What the statements of one pipeline gave: the results of those that ran, in order, up to
// the first that failed, and that one's error (Error, or Timeout for statement_timeout),
// kept for the caller to throw or to answer (e.g. with another statement).
struct Replies {
    std::vector<Result> results;
    std::exception_ptr failure;

    // The results, every statement's; throws the failure, if any.
    std::vector<Result> take();
};

class Connection {
public:
    // Connects within the deadline. Empty PG* environment variables count as unset. No
    // startup parameter but the connection's own (PgBouncer refuses libpq's options).
    static Connection open(const ConnectParams& params, const Deadline& deadline);

    // Statements in one transaction: READ ONLY, with statement_timeout from the deadline,
    // the TimeZone of ConnectParams, no JIT and no parallel workers, all set LOCAL so
    // nothing outlives it on a pooled server connection. The set-up and the statements
    // travel in one pipeline, whose sync point ends the transaction: one round trip. After
    // a failed statement the server skips the rest and rolls back at the sync. Throws
    // Error when the connection or the set-up fails, Timeout after cancelling a statement
    // at the deadline; a statement's own failure is in the Replies.
    Replies query_all(const std::vector<Statement>& statements, const Deadline& deadline);
    // One statement: query_all() of it, its failure thrown.
    Result query(const std::string& sql, const std::vector<std::optional<std::string>>& params,
                 const Deadline& deadline);

    // The server as the last query's set-up saw it; none before the first query.
    const std::optional<Server>& server() const { return server_; }

    std::string quote_identifier(std::string_view name) const;
    // The host (name, address or socket directory) and port libpq actually connected to.
    std::string host() const;
    std::string port() const;

private:
    struct Finish {
        void operator()(pg_conn* conn) const;
    };
    Connection(pg_conn* conn, const ConnectParams& params);
    std::unique_ptr<pg_conn, Finish> conn_;
    std::string timezone_;
    bool replay_lag_;
    std::optional<Server> server_;
};

} // namespace mps::pg
