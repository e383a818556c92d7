"""PostgreSQL and Redis on 127.0.0.1 for the lake mode's checks (make services, make lake-check).

Each server runs on a private data folder and a free port, so it never touches a system
server or another checkout's. PostgreSQL refuses to run as root: as root the server runs
as the ``postgres`` user (Debian's package creates it), otherwise as the current user.

    python scripts/services.py install          # apt-get install what is missing
    python scripts/services.py start DIR        # start both, write DIR/services.json
    python scripts/services.py stop DIR         # stop what DIR/services.json names

Importable: ``Services.start(folder)`` returns the running servers and their settings
(``lake_url``, ``broker_url``), ``stop()`` ends them; tests/lake and scripts/lake_check.py
use it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# Debian's packages; the server binaries live outside PATH, under the version's folder.
PACKAGES = {"postgresql": "postgresql", "redis-server": "redis-server"}
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
# How long a server may take to accept connections (PostgreSQL's first start after initdb
# takes about a second here; the margin covers a loaded machine).
START_TIMEOUT_S = 60.0
CATALOG_DB = "newsclaims_lake"


def _pg_bin(name: str) -> str:
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")), reverse=True)
    for folder in found:
        if (folder / name).exists():
            return str(folder / name)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise FileNotFoundError(f"{name} not found: run `make services` (apt-get install postgresql)")


def missing_packages() -> list[str]:
    """The Debian packages whose servers are not installed."""
    missing = []
    try:
        _pg_bin("pg_ctl")
    except FileNotFoundError:
        missing.append(PACKAGES["postgresql"])
    if shutil.which("redis-server") is None:
        missing.append(PACKAGES["redis-server"])
    return missing


def install() -> int:
    """apt-get install the missing servers (as `make browser` does for Chromium)."""
    missing = missing_packages()
    if not missing:
        print("postgresql and redis-server are installed")
        return 0
    if shutil.which("apt-get") is None:
        print(
            f"services: {', '.join(missing)} missing and apt-get is not available", file=sys.stderr
        )
        return 1
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([*sudo, "apt-get", "update"], [*sudo, "apt-get", "install", "-y", *missing]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            print(f"services: could not install {', '.join(missing)}", file=sys.stderr)
            return 1
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"{what} did not start on 127.0.0.1:{port}; its log says:\n{tail}")


def _as_server_user() -> tuple[int | None, int | None]:
    """The uid and gid PostgreSQL runs as: postgres's when we are root, else ours (None)."""
    if os.geteuid() != 0:
        return None, None
    user = pwd.getpwnam("postgres")
    return user.pw_uid, user.pw_gid


def _chown(path: Path, uid: int | None, gid: int | None) -> None:
    if uid is not None and gid is not None:
        os.chown(path, uid, gid)


def _run_as(command: list[str], uid: int | None, gid: int | None, **kw: object) -> None:
    def demote() -> None:
        if gid is not None and uid is not None:
            os.setgid(gid)
            os.setuid(uid)

    subprocess.run(command, check=True, preexec_fn=demote, **kw)  # type: ignore[call-overload]


@dataclass
class Services:
    """Running servers started by ``start``; ``stop`` ends them."""

    folder: str
    pg_port: int
    redis_port: int
    redis_pid: int
    pg_user: str

    @property
    def lake_url(self) -> str:
        """NEWSCLAIMS_LAKE for a catalog in this PostgreSQL."""
        return (
            f"postgres:dbname={CATALOG_DB} host=127.0.0.1 port={self.pg_port} user={self.pg_user}"
        )

    def create_catalog(self, name: str) -> str:
        """A new, empty catalog database ``name`` in this PostgreSQL; its NEWSCLAIMS_LAKE."""
        subprocess.run(
            [
                _pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                self.pg_user,
                name,
            ],
            check=True,
        )
        return f"postgres:dbname={name} host=127.0.0.1 port={self.pg_port} user={self.pg_user}"

    @property
    def broker_url(self) -> str:
        """NEWSCLAIMS_CELERY_BROKER for this Redis."""
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def pg_data(self) -> Path:
        return Path(self.folder) / "pg"

    @classmethod
    def start(cls, folder: str | Path) -> Services:
        root = Path(folder).resolve()
        root.mkdir(parents=True, exist_ok=True)
        uid, gid = _as_server_user()
        _chown(root, uid, gid)
        pg_user = "postgres" if uid is not None else pwd.getpwuid(os.geteuid()).pw_name
        pg_port = start_postgres(root, uid, gid)
        try:
            redis_port, redis_pid = start_redis(root)
        except BaseException:
            stop_postgres(root / "pg", uid, gid)
            raise
        services = cls(str(root), pg_port, redis_port, redis_pid, pg_user)
        (root / "services.json").write_text(json.dumps(asdict(services)), encoding="utf-8")
        return services

    @classmethod
    def load(cls, folder: str | Path) -> Services:
        data = json.loads((Path(folder) / "services.json").read_text(encoding="utf-8"))
        return cls(**data)

    def restart_postgres(self) -> None:
        """Stop PostgreSQL (fast: open sessions are cut) and start it on the same port."""
        uid, gid = _as_server_user()
        stop_postgres(self.pg_data, uid, gid)
        _pg_ctl_start(self.pg_data, self.pg_port, uid, gid)

    def stop_postgres(self) -> None:
        uid, gid = _as_server_user()
        stop_postgres(self.pg_data, uid, gid)

    def start_postgres(self) -> None:
        uid, gid = _as_server_user()
        _pg_ctl_start(self.pg_data, self.pg_port, uid, gid)

    def stop(self) -> None:
        uid, gid = _as_server_user()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.redis_pid, signal.SIGTERM)
        stop_postgres(self.pg_data, uid, gid)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(self.redis_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)


def _pg_ctl_start(data: Path, port: int, uid: int | None, gid: int | None) -> None:
    log = data.parent / "pg.log"
    if not log.exists():
        log.touch()
        _chown(log, uid, gid)
    # Sockets in the private folder, TCP only on 127.0.0.1: nothing else can reach it.
    options = f"-p {port} -k {data.parent} -c listen_addresses=127.0.0.1"
    _run_as(
        [_pg_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
        uid,
        gid,
        stdout=subprocess.DEVNULL,
    )
    _wait_port(port, "PostgreSQL", log)


def start_postgres(root: Path, uid: int | None, gid: int | None) -> int:
    """initdb a private cluster under root/pg (trust on 127.0.0.1), start it, create the
    catalog database; the port."""
    data = root / "pg"
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        _chown(data, uid, gid)
        _run_as(
            [_pg_bin("initdb"), "-D", str(data), "-A", "trust", "-E", "UTF8", "--no-sync"],
            uid,
            gid,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    _pg_ctl_start(data, port, uid, gid)
    user = "postgres" if uid is not None else pwd.getpwuid(os.geteuid()).pw_name
    exists = subprocess.run(
        [
            _pg_bin("psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            user,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{CATALOG_DB}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, CATALOG_DB],
            check=True,
        )
    return port


def stop_postgres(data: Path, uid: int | None, gid: int | None) -> None:
    if not (data / "postmaster.pid").exists():
        return
    _run_as(
        [_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
        uid,
        gid,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_redis(root: Path) -> tuple[int, int]:
    """redis-server on 127.0.0.1, no persistence, its files under root/redis; port, pid."""
    folder = root / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "redis.log"
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_port(port, "redis-server", log)
    return port, process.pid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["install", "start", "stop"])
    parser.add_argument("folder", nargs="?", default="data/services")
    args = parser.parse_args(argv)
    if args.action == "install":
        return install()
    if args.action == "start":
        services = Services.start(args.folder)
        print(f"NEWSCLAIMS_LAKE='{services.lake_url}'")
        print(f"NEWSCLAIMS_CELERY_BROKER='{services.broker_url}'")
        return 0
    Services.load(args.folder).stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
