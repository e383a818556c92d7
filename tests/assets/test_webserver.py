"""`dagster dev` on 127.0.0.1: the code location loads and a run launched the way the UI
launches it (the webserver's GraphQL API) materializes a partition into DuckDB."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPO_ROOT, SAMPLES

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-03-20"
# Bounds for the loops below: the webserver starts in ~15 s here; a run of the sample
# pages takes ~30 s. Generous, so a slow CI machine does not flake, but never endless.
STARTUP_SECONDS = 120
RUN_SECONDS = 300

LAUNCH = """
mutation($p: ExecutionParams!) { launchPipelineExecution(executionParams: $p) {
  __typename
  ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message }
} }"""
STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
REPOSITORY = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
  name location { name } assetNodes { assetKey { path } }
  schedules { name pipelineName cronSchedule executionTimezone }
  partitionSets { name pipelineName }
} } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["data"]


def wait_until_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert proc.poll() is None, "dagster dev exited early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"dagster dev did not answer within {STARTUP_SECONDS} s")


def test_ui_launches_a_partition_run(tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n")
    db = tmp_path / "ui.duckdb"
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSCLAIMS_DB": str(db),
        "NEWSCLAIMS_SOURCES": str(sources),
    }
    dagster = Path(sys.executable).parent / "dagster"
    proc = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the whole process group (daemon, code server) stops
    )
    try:
        wait_until_up(port, proc)
        repo = graphql(port, REPOSITORY)["repositoriesOrError"]["nodes"][0]
        assets = {"/".join(a["assetKey"]["path"]) for a in repo["assetNodes"]}
        assert assets == {"raw_pages", "documents", "mentions", "claims", "daily_brief"}
        # The schedule runs the partitioned job at the default 06:00 UTC; the UI lists
        # the job's partitions under Jobs → daily_ingest → Partitions.
        assert repo["schedules"] == [
            {
                "name": "daily_ingest_schedule",
                "pipelineName": "daily_ingest",
                "cronSchedule": "0 6 * * *",
                "executionTimezone": "UTC",
            }
        ]
        assert {"name": "daily_ingest_partition_set", "pipelineName": "daily_ingest"} in repo[
            "partitionSets"
        ]
        params = {
            "selector": {
                "repositoryLocationName": repo["location"]["name"],
                "repositoryName": repo["name"],
                "pipelineName": "daily_ingest",
            },
            "executionMetadata": {"tags": [{"key": "dagster/partition", "value": DAY}]},
        }
        launched = graphql(port, LAUNCH, {"p": params})["launchPipelineExecution"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_id = launched["run"]["runId"]
        status = "QUEUED"
        deadline = time.monotonic() + RUN_SECONDS
        while status not in ("SUCCESS", "FAILURE", "CANCELED") and time.monotonic() < deadline:
            time.sleep(2)
            status = graphql(port, STATUS, {"id": run_id})["runOrError"]["status"]
        assert status == "SUCCESS"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    with duckdb.connect(str(db), read_only=True) as conn:
        docs, claims = conn.execute(
            "SELECT (SELECT count(*) FROM documents WHERE partition_date = ?),"
            " (SELECT count(*) FROM claims WHERE partition_date = ?)",
            [DAY, DAY],
        ).fetchone()
    assert docs >= 10 and claims > 20
