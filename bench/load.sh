#!/usr/bin/env bash
# AuthSite benchmarks, end to end (issues 6 and 13). Run from anywhere:  bash bench/load.sh
#
#   1. builds everything first: a site generated from this repository's template (dotnet new install + dotnet new
#      authsite --engine source, so the engine is built from this checkout), bench/BaselineSite, bench/AuthSite.Benchmarks — all in Release, all output under artifacts/bench/;
#   2. runs the BenchmarkDotNet micro benchmarks (token codec vs Data Protection, server-session helper, matchers);
#   3. starts the site (jwt session strategy, the default), the same site a second time under the database session
#      strategy (site-db: same build, same database) and the baseline on loopback (Production, AUTH_SECRET set; the
#      site's admin added with its `users` command, as demo accounts are Development-only; the baseline seeds its own),
#      signs in to each through the real credentials flow with curl (admin account), checks that both site cookies
#      name a recorded session (so revocation is on), and loads each route with wrk, the servers side by side, then
#      reads each process's resident memory;
#   4. writes bench/results/latest.md (tables and the targets of issues 6 and 13, met or missed) and prints it.
#
# Settings (environment): BENCH_DURATION (10s per wrk run), BENCH_ROUNDS (3 runs per route and server; the report
# takes the median), BENCH_WARMUP (3s, once per route and server), BENCH_THREADS (2), BENCH_CONNECTIONS (32),
# BENCH_SITE_PORT (18480), BENCH_BASELINE_PORT (18481), BENCH_SITE_DB_PORT (18482), BENCH_MICRO_FILTER ('*'), BENCH_SKIP_MICRO (0),
# BENCH_SKIP_LOAD (0), BENCH_OUT (bench/results/latest.md), BENCH_PRINT_REPORT (1; 0 = don't print it at the end).
# Everything it makes besides the report lives in artifacts/bench/ (git-ignored). Every server is stopped on exit.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$repo/artifacts/bench"
build="$scratch/build"
hive="$scratch/hive"
site_dir="$scratch/site"
run="$scratch/run"
logs="$scratch/logs"
bdn="$scratch/bdn"
out="${BENCH_OUT:-$repo/bench/results/latest.md}"

duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_WARMUP:-3s}"
rounds="${BENCH_ROUNDS:-3}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-32}"
site_port="${BENCH_SITE_PORT:-18480}"
baseline_port="${BENCH_BASELINE_PORT:-18481}"
site_db_port="${BENCH_SITE_DB_PORT:-18482}"
micro_filter="${BENCH_MICRO_FILTER:-*}"
secret="bench-secret-7c1e5a9f3b2d4e6a8c0f1b3d5e7a9c2e"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild or compiler server may outlive the build and hold on to this script's output.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools -----------------------------------------------------------------------------------------------------------
need() {
  local tool="$1" package="${2:-$1}"
  command -v "$tool" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing $package (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  fi
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: install the '$package' package"
}
need dotnet dotnet-sdk-10.0
need curl
need wrk

rm -rf "$hive" "$site_dir" "$run" "$logs" "$bdn"
mkdir -p "$run" "$logs" "$bdn" "$(dirname "$out")"

# --- 1. build everything before measuring anything -----------------------------------------------------------------
log "instantiating the template (custom hive, site in artifacts/bench/site)"
dotnet new install "$repo" --debug:custom-hive "$hive" >"$logs/template.log" 2>&1 || { cat "$logs/template.log" >&2; die "dotnet new install failed"; }
dotnet new authsite -n BenchSite -o "$site_dir" --no-update-check --e2e false --engine source --no-restore --debug:custom-hive "$hive" \
  >>"$logs/template.log" 2>&1 || { cat "$logs/template.log" >&2; die "dotnet new authsite failed"; }

build_project() {
  local name="$1"; shift
  log "building $name (Release)"
  dotnet build "$@" -c Release -nologo >"$logs/build-$name.log" 2>&1 || { tail -n 40 "$logs/build-$name.log" >&2; die "building $name failed"; }
}
build_project site "$site_dir/src/BenchSite/BenchSite.csproj"
# --artifacts-path also puts the referenced template project's output under artifacts/bench, not in templates/.
build_project baseline "$repo/bench/BaselineSite/BaselineSite.csproj" --artifacts-path "$build"
build_project benchmarks "$repo/bench/AuthSite.Benchmarks/AuthSite.Benchmarks.csproj" --artifacts-path "$build"
dotnet build-server shutdown >/dev/null 2>&1 || true

site_dll="$site_dir/src/BenchSite/bin/Release/net10.0/BenchSite.dll"
baseline_dll="$build/bin/BaselineSite/release/BaselineSite.dll"
bench_dll="$build/bin/AuthSite.Benchmarks/release/AuthSite.Benchmarks.dll"
for f in "$site_dll" "$baseline_dll" "$bench_dll"; do [[ -f "$f" ]] || die "build output not found: $f"; done

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 2. micro benchmarks --------------------------------------------------------------------------------------------
if [[ "${BENCH_SKIP_MICRO:-0}" != 1 ]]; then
  log "micro benchmarks (BenchmarkDotNet, filter '$micro_filter'; a few minutes) -> $logs/micro.log"
  (cd "$run" && dotnet "$bench_dll" --filter "$micro_filter" --exporters json --artifacts "$bdn") >"$logs/micro.log" 2>&1 \
    || { tail -n 40 "$logs/micro.log" >&2; die "the micro benchmarks failed"; }
  grep -E '^\|' "$logs/micro.log" | sed -n '1,40p' >&2 || true
fi

# --- 3. load ----------------------------------------------------------------------------------------------------------
declare -A pid_of url_of cookie_of
load_file="$run/load.jsonl"
: >"$load_file"

port_busy() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0 || return 1; }

start_server() { # name, dll, folder, port, extra environment (NAME=value ...)
  local name="$1" dll="$2" dir="$3" port="$4"
  shift 4
  port_busy "$port" && die "port $port is already in use (set BENCH_SITE_PORT / BENCH_SITE_DB_PORT / BENCH_BASELINE_PORT)"
  (cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
     AUTH_SECRET="$secret" Auth__DemoUsers="$([[ $name == baseline ]] && echo true || echo false)" "$@" dotnet "$dll") \
    >"$logs/server-$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  pid_of[$name]=$pid
  url_of[$name]="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { cat "$logs/server-$name.log" >&2; die "$name exited while starting"; }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/")" == 200 ]] && { log "$name is up on :$port (pid $pid)"; return 0; }
    sleep 0.5
  done
  cat "$logs/server-$name.log" >&2
  die "$name did not answer on :$port within 60 s"
}

# The site's admin: outside Development demo accounts cannot sign in, so the bench adds its own with the users command.
declare -A admin_of=([site]="bench-admin@example.org" [site-db]="bench-admin@example.org" [baseline]="admin@example.com")
add_site_admin() {
  local dll="$1" dir="$2"
  (cd "$dir" && printf '%s\n' 'Password1!' | env ASPNETCORE_ENVIRONMENT=Production AUTH_SECRET="$secret" \
     dotnet "$dll" users add "${admin_of[site]}" --role admin --name "Bench Admin") >"$logs/users-add.log" 2>&1 \
    || { cat "$logs/users-add.log" >&2; die "users add failed"; }
}

# GET /api/auth/csrf, then POST /api/auth/callback/credentials as the admin; the Cookie header for wrk is every
# cookie in the jar (session and CSRF cookie, as a browser would send them).
sign_in() {
  local name="$1" base="${url_of[$1]}" jar="$run/cookies-$1.txt" csrf status
  rm -f "$jar"
  csrf="$(curl -sf -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')"
  [[ -n "$csrf" ]] || die "$name: no csrfToken from /api/auth/csrf"
  status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrfToken=$csrf" --data-urlencode "email=${admin_of[$name]}" \
    --data-urlencode "password=Password1!" --data-urlencode "callbackUrl=/dashboard" \
    "$base/api/auth/callback/credentials")"
  [[ "$status" == 302 ]] || die "$name: sign-in answered $status, expected 302"
  cookie_of[$name]="$(awk -F'\t' 'NF == 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")"
  [[ "${cookie_of[$name]}" == *session-token* ]] || die "$name: no session cookie after sign-in (${cookie_of[$name]})"
  log "$name: signed in as ${admin_of[$name]}"
}

# Before measuring, make sure each site runs the strategy it is said to: site-db's cookie is the database strategy's
# opaque token (43 characters), and the jwt site's token carries a session id that the session list knows (the session
# the revocation check looks up on every signed-in request).
check_strategies() {
  local token list
  token="$(awk -F'\t' 'NF == 7 && $6 ~ /session-token$/ { print $7 }' "$run/cookies-site-db.txt")"
  [[ ${#token} == 43 ]] || die "site-db: the session cookie is ${#token} characters long, expected the database strategy's 43-character token"
  token="$(awk -F'\t' 'NF == 7 && $6 ~ /session-token$/ { print $7 }' "$run/cookies-site.txt")"
  (( ${#token} > 43 )) || die "site: the session cookie is ${#token} characters long, expected a jwt strategy token (JWE)"
  list="$(curl -sf -H "Cookie: ${cookie_of[site]}" "${url_of[site]}/api/auth/sessions")" || die "site: GET /api/auth/sessions failed"
  [[ "$list" == *'"current":true'* ]] || die "site: the session list does not mark the cookie's session as current: $list"
  list="$(curl -sf -H "Cookie: ${cookie_of[site-db]}" "${url_of[site-db]}/api/auth/sessions")" || die "site-db: GET /api/auth/sessions failed"
  [[ "$list" == *'"current":true'* ]] || die "site-db: the session list does not mark the cookie's session as current: $list"
  log "site: jwt strategy, the token's session is listed as current; site-db: database strategy, 43-character token"
}

# route id, path, with session (0/1), expected status, servers (site-db only where a session is read)
routes=(
  "home / 0 200 site,baseline"
  "api-anon /api/example 0 401 site,baseline"
  "api-session /api/example 1 200 site,site-db,baseline"
  "dashboard /dashboard 1 200 site,site-db,baseline"
  "admin /admin 1 200 site,site-db,baseline"
)

check_route() {
  local name="$1" path="$2" session="$3" expect="$4" status headers
  headers="$run/check-$name.txt"
  if [[ "$session" == 1 ]]; then
    status="$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' -H "Cookie: ${cookie_of[$name]}" "${url_of[$name]}$path")"
  else
    status="$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' "${url_of[$name]}$path")"
  fi
  [[ "$status" == "$expect" ]] || die "$name $path answered $status, expected $expect"
  if [[ "$session" == 1 ]] && grep -qi '^set-cookie:' "$headers"; then
    log "warning: $name $path wrote a cookie on a signed-in read: $(grep -i '^set-cookie:' "$headers" | cut -c1-80)"
  fi
}

# The server's CPU time so far (user + system, in clock ticks): fields 14 and 15 of /proc/PID/stat, after the command name.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
clock_tick="$(getconf CLK_TCK)"

wrk_run() { # server, route, path, session, expect, duration -> BENCH_RESULT json on stdout, with the server's CPU time
  local name="$1" path="$3" session="$4" expect="$5" time="$6" args=() before result
  args=(-t"$threads" -c"$connections" -d"$time" --timeout 5s --latency -s "$repo/bench/wrk-report.lua")
  [[ "$session" == 1 ]] && args+=(-H "Cookie: ${cookie_of[$name]}")
  before="$(cpu_ticks "${pid_of[$name]}")"
  result="$(BENCH_EXPECT="$expect" wrk "${args[@]}" "${url_of[$name]}$path" | tee -a "$logs/wrk.log" | sed -n 's/^BENCH_RESULT //p')"
  [[ -n "$result" ]] || return 0
  printf '%s,"server_cpu_ms":%d}\n' "${result%\}}" $(( ($(cpu_ticks "${pid_of[$name]}") - before) * 1000 / clock_tick ))
}

if [[ "${BENCH_SKIP_LOAD:-0}" != 1 ]]; then
  add_site_admin "$site_dll" "$site_dir/src/BenchSite"
  start_server site "$site_dll" "$site_dir/src/BenchSite" "$site_port"
  # The same build and database, under the database strategy; RevocationCheckInterval stays at its default (30 s).
  start_server site-db "$site_dll" "$site_dir/src/BenchSite" "$site_db_port" Auth__Session__Strategy=Database
  start_server baseline "$baseline_dll" "$(dirname "$baseline_dll")" "$baseline_port"
  for name in site site-db baseline; do sign_in "$name"; done
  check_strategies
  for spec in "${routes[@]}"; do
    read -r route path session expect servers <<<"$spec"
    for name in ${servers//,/ }; do check_route "$name" "$path" "$session" "$expect"; done
  done

  # Resident memory before the load: started, signed in, each route answered once. The load adds what serving costs.
  rss() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
  memory_json=""
  for name in site site-db baseline; do
    for key in VmRSS RssAnon RssFile RssShmem; do
      memory_json+="\"${name}_before_${key}_kb\": \"$(rss "${pid_of[$name]}" "$key")\", "
    done
  done

  : >"$logs/wrk.log"
  for spec in "${routes[@]}"; do
    read -r route path session expect servers <<<"$spec"
    for name in ${servers//,/ }; do
      log "warm-up: wrk $name $path (session: $session) for $warmup"
      wrk_run "$name" "$route" "$path" "$session" "$expect" "$warmup" >/dev/null
    done
  done
  for round in $(seq 1 "$rounds"); do
    index=0
    for spec in "${routes[@]}"; do
      read -r route path session expect servers <<<"$spec"
      # Rotate which server goes first (by route and by round), so a drift in the machine's load favours none.
      read -r -a order <<<"${servers//,/ }"
      shift_by=$(( (index + round) % ${#order[@]} ))
      order=("${order[@]:shift_by}" "${order[@]:0:shift_by}")
      index=$((index + 1))
      for name in "${order[@]}"; do
        result="$(wrk_run "$name" "$route" "$path" "$session" "$expect" "$duration")"
        [[ -n "$result" ]] || die "wrk printed no result for $name $path (see $logs/wrk.log)"
        printf '{"round":%d,"server":"%s","route":"%s","path":"%s","session":%s,"result":%s}\n' \
          "$round" "$name" "$route" "$path" "$([[ $session == 1 ]] && echo true || echo false)" "$result" >>"$load_file"
        log "round $round/$rounds $name $path (session: $session): $(sed -n 's/.*"rps":\([0-9.]*\).*"set_cookie":\([0-9]*\).*"unexpected":\([0-9]*\).*/\1 req\/s, Set-Cookie \2, unexpected \3/p' <<<"$result")"
      done
    done
  done

  for name in site site-db baseline; do
    for key in VmRSS VmHWM RssAnon RssFile RssShmem; do
      memory_json+="\"${name}_${key}_kb\": \"$(rss "${pid_of[$name]}" "$key")\", "
    done
    log "resident memory of $name after the load: $(rss "${pid_of[$name]}" VmRSS) kB"
  done
  cleanup
fi

# --- 4. report --------------------------------------------------------------------------------------------------------
cat >"$run/meta.json" <<EOF
{
  "date": "$(date -u '+%Y-%m-%d %H:%M:%S')",
  "dotnet_sdk": "$(dotnet --version)",
  "wrk_args": "-t$threads -c$connections -d$duration --latency",
  "warmup": "$warmup",
  "loadavg_before": "$loadavg_before",
  "loadavg_after": "$(cut -d' ' -f1-3 /proc/loadavg)",
  ${memory_json:-}"rounds": "$rounds"
}
EOF

dotnet "$bench_dll" report --load "$load_file" --micro "$bdn/results" --meta "$run/meta.json" --out "$out" >&2
if [[ "${BENCH_PRINT_REPORT:-1}" != 0 ]]; then
  echo
  cat "$out"
fi
