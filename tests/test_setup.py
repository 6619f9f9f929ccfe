"""The README's two commands are the whole set-up, and CI runs the test command exactly as written."""

from __future__ import annotations

import re
import subprocess

from conftest import DEBIAN_PACKAGES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    """The commands in the README's quick start, in order."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def debian_packages() -> list[str]:
    lines = DEBIAN_PACKAGES.read_text(encoding="utf-8").splitlines()
    return [name for name in (line.split("#", 1)[0].strip() for line in lines) if name]


def test_the_quick_start_is_two_one_line_commands():
    build, test = quick_start()
    assert "\n" not in build and "\n" not in test
    assert build.endswith(".venv/bin/python make_leaflets.py") and "-r requirements.txt" in build
    assert test.endswith(".venv/bin/python -m pytest") and "-r requirements-dev.txt" in test
    assert DEBIAN_PACKAGES.relative_to(ROOT).as_posix() in test, "the test command installs the Debian packages"


def test_ci_runs_the_readme_test_command():
    script = ROOT / ".ci" / "run"
    extract = re.search(r"command=\$\((.*)\)\n", script.read_text(encoding="utf-8")).group(1)
    found = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert found.strip() == quick_start()[1]
    assert "apt-get" not in script.read_text(encoding="utf-8"), "CI installs nothing the README does not"


def test_every_listed_debian_package_is_installed():
    packages = debian_packages()
    assert packages
    for package in packages:
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        assert status.stdout == "install ok installed", f"{package}: run the README's test command"


def test_every_python_dependency_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "-r ")):
                assert re.fullmatch(r"[\w.-]+==[\w.]+", line), (name, line)
