/* floor: the cheapest check that can exist, the yardstick of bench/run. It connects with
 * libpq, runs one query, prints its first value and exits: no option parsing, no
 * thresholds, no output formatting beyond one line. Anything a real plugin costs above
 * this is the price of its features.
 *
 *   floor CONNINFO [SQL]        (default SQL: SELECT 1)
 *
 * Exit 0 when the query returned a row, 3 (UNKNOWN) otherwise. */
#include <libpq-fe.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: floor CONNINFO [SQL]\n", stderr);
        return 3;
    }
    PGconn *conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        printf("FLOOR UNKNOWN - %s", PQerrorMessage(conn));
        PQfinish(conn);
        return 3;
    }
    PGresult *res = PQexec(conn, argc > 2 ? argv[2] : "SELECT 1");
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0;
    if (ok)
        printf("FLOOR OK - %s\n", PQgetisnull(res, 0, 0) ? "NULL" : PQgetvalue(res, 0, 0));
    else
        printf("FLOOR UNKNOWN - %s", PQerrorMessage(conn));
    PQclear(res);
    PQfinish(conn);
    return ok ? 0 : 3;
}
