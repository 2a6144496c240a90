"""A throwaway PostgreSQL server for the store tests (the Debian package's binaries, a temp
data directory, trust auth on 127.0.0.1, a free port), started once per test session.

`initdb` and `pg_ctl` refuse to run as root, so as root they run as the package's `postgres`
user. CLAIMGRAPH_TEST_PG_URL points the tests at a server of your own instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self) -> None:
        self.url: str | None = None
        self.reason = ""
        self._stop: list[str] | None = None
        self._dir: str | None = None

    def start(self) -> None:
        given = os.environ.get("CLAIMGRAPH_TEST_PG_URL")
        if given:
            self.url = given
            return
        bindir = _bin_dir()
        if bindir is None:
            self.reason = "PostgreSQL server binaries not installed (make test installs them)"
            return
        self._dir = tempfile.mkdtemp(prefix="claimgraph-pg-")
        root = os.geteuid() == 0
        if root:
            shutil.chown(self._dir, "postgres", "postgres")
        port = _free_port()
        data, log = f"{self._dir}/data", f"{self._dir}/log"

        def run(cmd: str) -> subprocess.CompletedProcess[str]:
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", cmd] if root else ["sh", "-c", cmd]
            return subprocess.run(argv, capture_output=True, text=True, timeout=120)

        init = run(f"{bindir}/initdb -D {data} -U postgres --auth=trust -E UTF8 "
                   f"--locale=C.UTF-8")
        if init.returncode != 0:
            self.reason = f"initdb failed: {init.stderr.strip()[:200]}"
            return
        start = run(f"{bindir}/pg_ctl -D {data} -l {log} -w -o '-p {port} -k {self._dir} "
                    f"-c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off' start")
        if start.returncode != 0:
            self.reason = f"pg_ctl start failed: {start.stderr.strip()[:200]}"
            return
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        stop = f"{bindir}/pg_ctl -D {data} -m fast stop"
        self._stop = ["su", "postgres", "-s", "/bin/sh", "-c", stop] if root else \
            ["sh", "-c", stop]

    def new_database(self, name: str) -> str:
        """A fresh, empty database on the server; its URL."""
        import psycopg

        assert self.url is not None
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, timeout=60)
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
