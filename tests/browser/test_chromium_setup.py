"""Finding Chromium for the browser tests: use it, install it, or fail saying how to get it."""

from functools import partial

import pytest

from tests.browser.chromium import INSTALL_HINT, ChromiumMissing, chromium_executable


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(("case", "found", "installs", "error"), [
    ("default present", "default", "", None),
    ("CHROMIUM_PATH present", "named", "", None),
    ("default missing, installer installs it", "installed", "", None),
    ("default missing, installer cannot", None, "not running as root, so apt-get cannot install it",
     "No Chromium at {default}: not running as root, so apt-get cannot install it."),
    ("default missing, installer leaves nothing", None, "", "No Chromium at {default}: the install left none there."),
    ("CHROMIUM_PATH missing", None, "", "CHROMIUM_PATH is {named}, which is not an executable file."),
])
def test_chromium_is_used_installed_or_its_absence_explained(tmp_path, case, found, installs, error):
    default, named = tmp_path / "chromium", tmp_path / "chrome"
    environ = {"CHROMIUM_PATH": str(named)} if case.startswith("CHROMIUM_PATH") else {}
    if found == "default":
        executable(default)
    if found == "named":
        executable(named)
    calls = []

    def install(log_path):
        calls.append(log_path)
        if found == "installed":
            executable(default)
        return installs

    run = partial(chromium_executable, log_path=tmp_path / "apt.log", install=install, environ=environ,
                  default_path=str(default))
    if error is None:
        assert run() == {"default": default, "named": named, "installed": default}[found]
    else:
        with pytest.raises(ChromiumMissing) as raised:
            run()
        assert str(raised.value) == f"{error.format(default=default, named=named)} {INSTALL_HINT}"
        assert "apt-get install chromium" in str(raised.value)
    # The installer runs only when the default is missing and no CHROMIUM_PATH is set.
    assert len(calls) == (0 if found in ("default", "named") or environ else 1)
