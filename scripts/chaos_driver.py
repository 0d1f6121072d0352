#!/usr/bin/env python3
"""The driver behind scripts/chaos: starts the topology, runs the scenarios, prints the table.

Tools around prflow, never product code. Standard library only.
"""

import glob
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "worker", "target", "prflow.jar")
TERMINAL = {"completed", "validation_failed", "failed", "cancelled", "rejected"}
SEARCH_ATTRIBUTES = ["TaskStatus=Keyword", "Repository=Keyword", "Priority=Keyword", "Attempt=Int"]
HANG = 5.0  # an API answer slower than this is a hang


def log(msg):
    print(f"scripts/chaos: {time.strftime('%H:%M:%S')} {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin():
    if os.environ.get("PRFLOW_PG_BIN"):
        return os.environ["PRFLOW_PG_BIN"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return found[-1]
    return os.path.dirname(shutil.which("pg_ctl") or "/usr/bin/pg_ctl")


def temporal_cli():
    for c in (os.environ.get("PRFLOW_TEMPORAL_CLI"), os.path.expanduser("~/go/bin/temporal"),
              shutil.which("temporal")):
        if c and os.access(c, os.X_OK):
            return c
    sys.exit("scripts/chaos: the temporal CLI is missing: "
             "go install github.com/temporalio/cli/cmd/temporal@v1.5.1")


class AgentLog:
    """A tiny HTTP server the agent command reports to (start/end of each invocation).

    The agent runs in bubblewrap, where only its worktree is writable, so it reports over loopback.
    """

    def __init__(self):
        self.events = []  # (time, kind, task, attempt)
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                from urllib.parse import parse_qs, urlparse
                u = urlparse(self.path)
                q = parse_qs(u.query)
                with outer.lock:
                    outer.events.append((time.time(), u.path.strip("/"),
                                         int(q.get("task", ["0"])[0]), int(q.get("attempt", ["0"])[0])))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def running(self):
        """Invocations started in the last 8 s (the agent takes 4) and not ended."""
        now = time.time()
        with self.lock:
            ends = {}
            for ts, kind, t, a in self.events:
                if kind == "end":
                    ends.setdefault((t, a), []).append(ts)
            return sum(1 for ts, kind, t, a in self.events
                       if kind == "start" and ts > now - 8
                       and not any(e >= ts for e in ends.get((t, a), [])))

    def counts(self, task_ids):
        """(invocations, interrupted, duplicates of a finished attempt) over the given tasks."""
        with self.lock:
            events = sorted(self.events)
        invocations = interrupted = duplicates = 0
        per = {}
        for _, kind, t, a in events:
            if t not in task_ids:
                continue
            st = per.setdefault((t, a), {"started": 0, "ended": 0, "open": 0})
            if kind == "start":
                invocations += 1
                if st["ended"] > 0:
                    duplicates += 1  # the attempt had already finished once
                st["started"] += 1
                st["open"] += 1
            else:
                st["ended"] += 1
                st["open"] -= 1
        for st in per.values():
            interrupted += st["started"] - st["ended"]
        return invocations, interrupted, duplicates


class Topology:
    def __init__(self, work, sandbox):
        self.work = work
        self.sandbox = sandbox
        self.procs = {}
        self.pg = pg_bin()
        self.pg_port = free_port()
        self.pg_dir = os.path.join(work, "pg")
        self.t_port = free_port()
        self.t_http = free_port()
        self.t_ui = free_port()
        self.t_metrics = free_port()
        self.t_db = os.path.join(work, "temporal.db")
        self.api_port = free_port()
        self.roots = os.path.join(work, "repos")
        self.repo = os.path.join(self.roots, "calculator")
        self.agent_log = AgentLog()
        self.key = None
        self.root_user = os.geteuid() == 0

    # --- PostgreSQL -------------------------------------------------------------------------
    def _pg(self, *args, check=True):
        cmd = [os.path.join(self.pg, args[0]), *args[1:]]
        if self.root_user:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def pg_init(self):
        os.makedirs(self.pg_dir)
        if self.root_user:
            shutil.chown(self.pg_dir, "postgres")
        self._pg("initdb", "-D", f"{self.pg_dir}/data", "-A", "trust", "-U", "postgres")
        self.pg_start()
        subprocess.run([os.path.join(self.pg, "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                        "-U", "postgres", "-qc", "create database prflow"], check=True)

    def pg_start(self):
        self._pg("pg_ctl", "-D", f"{self.pg_dir}/data", "-o",
                 f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                 "-l", f"{self.pg_dir}/log", "-w", "start")

    def pg_stop(self, check=True):
        self._pg("pg_ctl", "-D", f"{self.pg_dir}/data", "-m", "fast", "-w", "stop", check=check)

    def sql(self, query):
        out = subprocess.run([os.path.join(self.pg, "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                              "-U", "postgres", "-d", "prflow", "-At", "-F", "\t", "-c", query],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    @property
    def database_url(self):
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/prflow"

    # --- Temporal ---------------------------------------------------------------------------
    def temporal_start(self):
        cmd = [temporal_cli(), "server", "start-dev", "--headless", "--ip", "127.0.0.1",
               "--port", str(self.t_port), "--http-port", str(self.t_http), "--ui-port", str(self.t_ui),
               "--metrics-port", str(self.t_metrics), "--db-filename", self.t_db, "--log-level", "warn"]
        for a in SEARCH_ATTRIBUTES:
            cmd += ["--search-attribute", a]
        self.spawn("temporal", cmd, {})
        deadline = time.time() + 60
        while time.time() < deadline:
            r = subprocess.run([temporal_cli(), "operator", "cluster", "health", "--address",
                                f"127.0.0.1:{self.t_port}"], capture_output=True, text=True)
            if r.returncode == 0 and "SERVING" in r.stdout:
                return
            if self.procs["temporal"].poll() is not None:
                break
            time.sleep(0.5)
        self.fail_start("temporal")

    # --- prflow processes -------------------------------------------------------------------
    def env(self, role):
        home = os.path.join(self.work, f"home-{role}")
        os.makedirs(home, exist_ok=True)
        e = {
            "DATABASE_URL": self.database_url,
            "TEMPORAL_ADDRESS": f"127.0.0.1:{self.t_port}",
            "PRFLOW_HOME": home,
            "PRFLOW_REPO_ROOTS": self.roots,
            "PRFLOW_HTTP_PORT": str(self.api_port),
            "PRFLOW_RATE_LIMIT": "100000/min",
            "PRFLOW_AGENT": "command",
            "PRFLOW_AGENT_COMMAND": self.agent_command(),
            "PRFLOW_SANDBOX": "on" if self.sandbox else "off",
            # Two workers on one host: each serves /metrics on a free port of its own.
            "PRFLOW_METRICS_PORT": "0",
        }
        return e

    def agent_command(self):
        url = f"http://127.0.0.1:{self.agent_log.port}"
        q = "task=$PRFLOW_TASK_ID&attempt=$PRFLOW_ATTEMPT"
        return (f'curl -s -m 5 -X POST "{url}/start?{q}" >/dev/null; sleep 4; '
                f'echo "notes of task $PRFLOW_TASK_ID attempt $PRFLOW_ATTEMPT" > notes.md; '
                f'curl -s -m 5 -X POST "{url}/end?{q}" >/dev/null; true')

    def spawn(self, name, cmd, extra_env):
        env = dict(os.environ)
        env.update(extra_env)
        out = open(os.path.join(self.work, f"{name}.log"), "a")
        out.write(f"\n=== start {time.strftime('%H:%M:%S')} ===\n")
        out.flush()
        self.procs[name] = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def fail_start(self, name):
        with open(os.path.join(self.work, f"{name}.log")) as f:
            tail = f.read()[-3000:]
        raise RuntimeError(f"{name} did not start; its log ends:\n{tail}")

    def start_api(self):
        self.spawn("api", ["java", "-jar", JAR, "api"], self.env("api"))
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/health", timeout=3):
                    return
            except Exception:
                pass
            if self.procs["api"].poll() is not None:
                break
            time.sleep(0.5)
        self.fail_start("api")

    def start_worker(self, name):
        self.spawn(name, ["java", "-jar", JAR, "worker"], self.env(name))
        deadline = time.time() + 90
        path = os.path.join(self.work, f"{name}.log")
        while time.time() < deadline:
            if self.procs[name].poll() is not None:
                self.fail_start(name)
            time.sleep(1)
            with open(path) as f:
                text = f.read().split("=== start")[-1]
            if "worker polling" in text:
                return
        self.fail_start(name)

    def kill9(self, name):
        p = self.procs[name]
        os.kill(p.pid, signal.SIGKILL)
        p.wait()

    def make_repo(self):
        os.makedirs(self.repo)
        git = ["git", "-C", self.repo, "-c", "user.name=chaos", "-c", "user.email=chaos@localhost"]
        subprocess.run(["git", "init", "-q", "-b", "main", self.repo], check=True)
        with open(os.path.join(self.repo, "README.md"), "w") as f:
            f.write("chaos demo repository\n")
        with open(os.path.join(self.repo, ".prflow.yml"), "w") as f:
            f.write("test_command: \"true\"\ntimeout: 2m\n")
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "init"], check=True)

    def make_key(self):
        r = subprocess.run(["java", "-jar", JAR, "keys", "create", "--name", "chaos", "--scopes", "admin"],
                           env={**os.environ, **self.env("keys")}, check=True, capture_output=True, text=True)
        self.key = r.stdout.strip().splitlines()[-1]

    def up(self):
        log(f"work directory {self.work}")
        self.make_repo()
        self.pg_init()
        log(f"PostgreSQL on 127.0.0.1:{self.pg_port}")
        self.temporal_start()
        log(f"temporal dev server on 127.0.0.1:{self.t_port} (db {self.t_db})")
        self.start_api()  # migrates the database
        log(f"prflow api on 127.0.0.1:{self.api_port}")
        self.make_key()
        self.start_worker("worker-a")
        self.start_worker("worker-b")
        log("two prflow workers polling; sandbox " + ("on" if self.sandbox else "off"))

    def down(self):
        for name, p in self.procs.items():
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in self.procs.values():
            try:
                p.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        self.pg_stop(check=False)

    # --- API ----------------------------------------------------------------------------------
    def call(self, method, path, body=None, timeout=30):
        """(status, headers, json or None, seconds); status 0 when no answer."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.key}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        t0 = time.time()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, dict(r.headers), json.loads(raw or b"null"), time.time() - t0
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                parsed = json.loads(raw)
            except Exception:
                parsed = None
            return e.code, dict(e.headers), parsed, time.time() - t0
        except Exception:
            return 0, {}, None, time.time() - t0


class Scenario:
    def __init__(self, topo, name, expected):
        self.topo = topo
        self.name = name
        self.expected = expected
        self.task_ids = []
        self.calls = []  # (t, method, path, status, seconds, retry_after, during_db_outage)
        self.outage = None  # "database" or "temporal" while one lasts
        self.stray_rows = 0  # rows stored by a request answered 503
        self.notes = []

    def record(self, method, path, status, seconds, headers):
        self.calls.append((time.time(), method, path, status, seconds,
                           headers.get("Retry-After"), self.outage))

    def submit(self, n, label):
        for i in range(n):
            body = {
                "title": f"{self.name} {label} task {i + 1}: add a notes file",
                "description": "chaos run",
                "requirements": ["Write notes.md"],
                "acceptance_criteria": ["notes.md exists"],
                "priority": "medium",
                "repository": f"local:{self.topo.repo}",
            }
            status, headers, answer, secs = self.topo.call("POST", "/api/v1/tasks", body)
            self.record("POST", "/api/v1/tasks", status, secs, headers)
            if status in (200, 201) and answer:
                self.task_ids.append(int(answer["id"]))
                if not answer.get("workflow", {}).get("started", True):
                    self.notes.append(f"task {answer['id']} stored with workflow.started:false ({secs:.1f} s)")
            else:
                raise RuntimeError(f"{self.name}: POST answered {status} ({secs:.1f} s): {answer}")

    def poller(self, stop, interval=0.5):
        """Polls a task, the list and /health until stop is set (used during outages)."""
        paths = ["/health", "/api/v1/tasks?limit=5"]

        def run():
            while not stop.is_set():
                for p in paths + ([f"/api/v1/tasks/{self.task_ids[0]}"] if self.task_ids else []):
                    status, headers, _, secs = self.topo.call("GET", p, timeout=30)
                    self.record("GET", p, status, secs, headers)
                time.sleep(interval)

        th = threading.Thread(target=run, daemon=True)
        th.start()
        return th

    def wait_agents(self, at_least, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.topo.agent_log.running() >= at_least:
                return True
            time.sleep(0.2)
        return False

    def wait_all(self, timeout):
        deadline = time.time() + timeout
        ids = ",".join(map(str, self.task_ids))
        while time.time() < deadline:
            try:
                rows = self.topo.sql(f"select id, status from tasks where id in ({ids})")
            except subprocess.CalledProcessError:
                time.sleep(2)
                continue
            if len(rows) == len(self.task_ids) and all(s in TERMINAL for _, s in rows):
                return
            time.sleep(2)
        log(f"{self.name}: not every task ended within {timeout} s")

    def result(self):
        ids = ",".join(map(str, self.task_ids))
        rows = dict(self.topo.sql(f"select id, status from tasks where id in ({ids})"))
        runs = self.topo.sql(f"select task_id, count(*), max(attempt) from agent_runs where task_id in ({ids}) group by task_id")
        took = self.topo.sql(
            f"select coalesce(max(extract(epoch from coalesce(completed_at, updated_at) - created_at)), 0) "
            f"from tasks where id in ({ids})")
        statuses = {}
        for s in rows.values():
            statuses[s] = statuses.get(s, 0) + 1
        as_expected = sum(1 for s in rows.values() if s == self.expected)
        inv, interrupted, dups = self.topo.agent_log.counts(set(self.task_ids))
        extra_attempts = sum(int(c) - 1 for _, c, _ in runs)
        outage = [c for c in self.calls if c[6]]
        bad5xx = [c for c in self.calls if c[3] >= 500 and not (c[3] == 503 and c[6] == "database")]
        no_answer = [c for c in self.calls if c[3] == 0]
        # /health is a probe, 503 naming the database; the API's routes must say when to come back.
        no_retry_after = [c for c in outage if c[3] == 503 and not c[5] and c[2] != "/health"]
        by_path = {}
        for c in outage:
            key = f"{c[1]} {c[2].split('?')[0]}"
            d = by_path.setdefault(key, {})
            d[str(c[3])] = d.get(str(c[3]), 0) + 1
            d["slowest"] = round(max(d.get("slowest", 0), c[4]), 2)
        slowest = max((c[4] for c in outage), default=None)
        slowest_all = max((c[4] for c in self.calls), default=0.0)
        hist = {}
        for c in outage:
            hist[c[3]] = hist.get(c[3], 0) + 1
        return {
            "scenario": self.name,
            "tasks": len(self.task_ids),
            "expected": as_expected,
            "statuses": statuses,
            "lost": len(self.task_ids) - len(rows),
            "agent_invocations": inv,
            "interrupted": interrupted,
            "duplicates": dups,
            "agent_runs_rows": sum(int(c) for _, c, _ in runs),
            "extra_attempts": extra_attempts,
            "api_calls": len(self.calls),
            "api_5xx": len(bad5xx),
            "no_answer": len(no_answer),
            "outage_statuses": hist,
            "outage_by_route": by_path,
            "outage_503_without_retry_after": len(no_retry_after),
            "slowest_outage": slowest,
            "slowest_any": slowest_all,
            "slowest_task": float(took[0][0]),
            "notes": self.notes,
        }

    def ok(self, r):
        hang = r["slowest_outage"] is not None and r["slowest_outage"] > HANG
        return (r["expected"] == r["tasks"] and r["lost"] == 0 and self.stray_rows == 0 and r["duplicates"] == 0
                and r["api_5xx"] == 0 and r["no_answer"] == 0 and not hang
                and r["outage_503_without_retry_after"] == 0)


def r1(topo, n, settle):
    s = Scenario(topo, "R1", "completed")
    log(f"R1: submitting {n} tasks")
    s.submit(n, "kill-worker")
    if not s.wait_agents(2):
        s.notes.append("no agent was running when the worker was killed")
    victim = "worker-a"
    children = subprocess.run(["pgrep", "-P", str(topo.procs[victim].pid)], capture_output=True, text=True).stdout.split()
    log(f"R1: {topo.agent_log.running()} agents running ({len(children)} child processes of {victim}); kill -9 {victim}")
    s.notes.append(f"kill -9 of {victim} with {len(children)} agent/test process(es) of its own running")
    topo.kill9(victim)
    time.sleep(5)
    log(f"R1: restarting {victim}")
    topo.start_worker(victim)
    s.wait_all(settle)
    return s


def r2(topo, n, settle, outage):
    s = Scenario(topo, "R2", "completed")
    log(f"R2: submitting {n} tasks")
    s.submit(n, "db-outage")
    s.wait_agents(2)
    stop = threading.Event()
    s.poller(stop)
    time.sleep(2)
    log(f"R2: {topo.agent_log.running()} agents running; stopping PostgreSQL for {outage} s")
    s.outage = "database"
    t0 = time.time()
    topo.pg_stop()
    # A POST during the outage, too: expected 503 with Retry-After, nothing stored.
    time.sleep(3)
    status, headers, _, secs = topo.call("POST", "/api/v1/tasks", {
        "title": "during the outage", "requirements": ["x"], "acceptance_criteria": ["y"],
        "repository": f"local:{topo.repo}"})
    s.record("POST", "/api/v1/tasks", status, secs, headers)
    s.notes.append(f"POST during the database outage: {status} in {secs:.1f} s, Retry-After {headers.get('Retry-After')}")
    time.sleep(max(0, outage - (time.time() - t0)))
    topo.pg_start()
    s.outage = None
    log(f"R2: PostgreSQL back after {time.time() - t0:.0f} s")
    time.sleep(5)
    stop.set()
    if status == 503:
        stored = int(topo.sql("select count(*) from tasks where title = 'during the outage'")[0][0])
        s.notes.append(f"the POST answered 503 stored {stored} row(s)")
        s.stray_rows = stored
    s.wait_all(settle)
    return s


def r3(topo, n, settle, outage):
    s = Scenario(topo, "R3", "completed")
    log(f"R3: submitting {n} tasks")
    s.submit(n, "temporal-restart")
    s.wait_agents(2)
    log(f"R3: {topo.agent_log.running()} agents running; kill -9 of the temporal dev server for {outage} s")
    t0 = time.time()
    topo.kill9("temporal")
    s.outage = "temporal"
    time.sleep(2)
    extra = max(1, n // 10)
    s.submit(extra, "during-temporal-outage")
    s.outage = None
    slow = max(c[4] for c in s.calls if c[1] == "POST" and c[0] >= t0)
    s.notes.append(f"{extra} POST(s) while Temporal was down, slowest {slow:.1f} s")
    time.sleep(max(0, outage - (time.time() - t0)))
    topo.temporal_start()
    log(f"R3: temporal dev server back after {time.time() - t0:.0f} s on the same db file")
    s.wait_all(settle)
    return s


def table(results):
    head = ["scenario", "tasks", "ended as expected", "rows lost", "agent runs (dup. of finished)",
            "agent_runs rows", "API 5xx", "slowest API answer (outage)", "slowest task"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        slow = "—" if r["slowest_outage"] is None else f"{r['slowest_outage']:.2f} s"
        lines.append("| " + " | ".join([
            r["scenario"], str(r["tasks"]), f"{r['expected']}/{r['tasks']}", str(r["lost"]),
            f"{r['agent_invocations']} ({r['duplicates']}, {r['interrupted']} interrupted)",
            str(r["agent_runs_rows"]), str(r["api_5xx"]), slow, f"{r['slowest_task']:.0f} s"]) + " |")
    return "\n".join(lines)


def main():
    n = int(os.environ.get("CHAOS_TASKS", "20"))
    wanted = [x.strip().upper() for x in os.environ.get("CHAOS_SCENARIOS", "R1,R2,R3").split(",") if x.strip()]
    db_outage = int(os.environ.get("CHAOS_DB_OUTAGE", "60"))
    t_outage = int(os.environ.get("CHAOS_TEMPORAL_OUTAGE", "20"))
    settle = int(os.environ.get("CHAOS_SETTLE", "900"))
    sandbox = os.environ.get("CHAOS_SANDBOX", "on") != "off"
    if sandbox and not shutil.which("bwrap"):
        sys.exit("scripts/chaos: bubblewrap is missing (apt-get install bubblewrap) or set CHAOS_SANDBOX=off")
    work = tempfile.mkdtemp(prefix="prflow-chaos.")
    os.chmod(work, 0o755)
    topo = Topology(work, sandbox)
    results, failed = [], False
    try:
        topo.up()
        for name in wanted:
            if name == "R1":
                s = r1(topo, n, settle)
            elif name == "R2":
                s = r2(topo, n, settle, db_outage)
            elif name == "R3":
                s = r3(topo, n, settle, t_outage)
            else:
                sys.exit(f"scripts/chaos: unknown scenario {name}")
            r = s.result()
            r["ok"] = s.ok(r)
            failed |= not r["ok"]
            results.append(r)
            log(f"{name}: {json.dumps(r)}")
    except Exception as e:
        log(f"aborted: {e}")
        failed = True
    finally:
        topo.down()
    print()
    print(table(results))
    for r in results:
        print(f"\n{r['scenario']} {'OK' if r['ok'] else 'FAILED'}: statuses {r['statuses']}; "
              f"API calls {r['api_calls']}, unanswered {r['no_answer']}, slowest overall {r['slowest_any']:.2f} s")
        if r["outage_statuses"]:
            print(f"  during the outage: {r['outage_statuses']}, "
                  f"503 without Retry-After (API routes) {r['outage_503_without_retry_after']}")
            for route, d in r["outage_by_route"].items():
                print(f"    {route}: {d}")
        for note in r["notes"]:
            print(f"  {note}")
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(f"\nlogs and results.json: {work}")
    if not os.environ.get("CHAOS_KEEP") and not failed:
        shutil.rmtree(work, ignore_errors=True)
        print("(removed; CHAOS_KEEP=1 keeps it)")
    sys.exit(1 if failed or len(results) < len(wanted) else 0)


if __name__ == "__main__":
    main()
