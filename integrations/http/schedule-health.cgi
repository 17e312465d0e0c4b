#!/bin/sh
# HTTP health endpoint of monitoring-plugins-schedule: the CGI program the web server
# runs (lighttpd, Apache mod_cgi, nginx + fcgiwrap). Answers 200 or 503 through a
# plugin's --format=cgi.
#
# Nothing from the request chooses what runs. A server may turn a query string without
# '=' ("?-c+0") into arguments of this script (RFC 3875 4.4; Apache does): they are
# never used. QUERY_STRING is removed before the plugin starts. The settings below come
# only from the web server's configuration (a request header reaches a CGI program as
# HTTP_*, never under these names):
#   SCHEDULE_HEALTH_CHECK  the plugin (default check_schedule_daemon)
#   SCHEDULE_HEALTH_INI    the ini file of its options (default
#                          /etc/monitoring-plugins-schedule/http-health.ini); the
#                          section is the plugin's name, keys are long option names
#                          (dbname, warning, http-ok-states, ...)
#   SCHEDULE_PLUGIN_DIR    where the plugins are (default /usr/lib/nagios/plugins)
# Install: copy to /usr/local/lib/monitoring-plugins-schedule/schedule-health.cgi, mode
# 0755, and point the web server's configuration at it.
set -u
unset QUERY_STRING

check=${SCHEDULE_HEALTH_CHECK:-check_schedule_daemon}
ini=${SCHEDULE_HEALTH_INI:-/etc/monitoring-plugins-schedule/http-health.ini}
plugin_dir=${SCHEDULE_PLUGIN_DIR:-/usr/lib/nagios/plugins}

case $check in
check_schedule_daemon | check_schedule_nextrun | check_schedule_failures | \
    check_daemon_restarts | check_schedule_runs) ;;
*)
    printf 'Status: 503 Service Unavailable\nContent-Type: text/plain; charset=utf-8\n'
    printf 'Cache-Control: no-store\n\nSCHEDULE_HEALTH UNKNOWN - unknown check\n'
    exit 0
    ;;
esac

exec "$plugin_dir/$check" --format=cgi "--extra-opts=$check@$ini"
