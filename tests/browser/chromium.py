"""Find the Chromium that the browser tests drive, installing Debian's package when we may.

Playwright's own browser downloads are not used: the tests drive the system's
Chromium (Debian's ``chromium`` package at /usr/bin/chromium, or the binary named
by ``CHROMIUM_PATH``). When it is missing and the tests run as root on a machine
with apt-get, the set-up installs the package; otherwise the tests fail with the
command to run. They never skip silently.
"""

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

DEFAULT_PATH = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = (
    "The browser tests need Chromium. Install Debian's package with "
    "`sudo apt-get install chromium` (on Ubuntu: `sudo snap install chromium`), or point "
    "CHROMIUM_PATH at a Chromium or Chrome binary, then run the tests again."
)


class ChromiumMissing(RuntimeError):
    """No Chromium to drive, and none could be installed; the message says how to get one."""


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def apt_install_chromium(log_path: Path) -> str:
    """Install Debian's chromium package with apt-get (root only); '' on success, else why not."""
    if os.geteuid() != 0:
        return "not running as root, so apt-get cannot install it"
    if not shutil.which("apt-get"):
        return "apt-get is not available on this machine"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "chromium"]
    with log_path.open("a") as log:
        # A fresh machine may have no package lists yet: update once and try again.
        for command in (install, ["apt-get", "update"], install):
            done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env, timeout=900)
            if done.returncode == 0 and command is install:
                return ""
    return f"`apt-get install chromium` failed (its output is in {log_path})"


def chromium_executable(
    *, log_path: Path, install: Callable[[Path], str] = apt_install_chromium, environ=os.environ,
    default_path: str = DEFAULT_PATH,
) -> Path:
    """The Chromium binary to launch: ``CHROMIUM_PATH`` or ``default_path``.

    When the default is missing, ``install`` is asked to install it (it returns ''
    on success or the reason it could not); raises ChromiumMissing, saying how to
    install it, when there is still none.
    """
    if environ.get("CHROMIUM_PATH"):
        path = Path(environ["CHROMIUM_PATH"])
        if _usable(path):
            return path
        raise ChromiumMissing(f"CHROMIUM_PATH is {path}, which is not an executable file. {INSTALL_HINT}")
    path = Path(default_path)
    if _usable(path):
        return path
    why_not = install(log_path)
    if not why_not and _usable(path):
        return path
    raise ChromiumMissing(f"No Chromium at {path}: {why_not or 'the install left none there'}. {INSTALL_HINT}")
