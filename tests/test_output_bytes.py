"""The bytes of every file a full build writes, against the digests recorded in ``output-bytes.sha256``.

A change to the code that is meant to leave the output alone (a refactor, a
speed-up) must leave every one of these files byte-identical. A change meant
to alter the output rewrites the record in the same commit, so the diff names
each file it changed:

    .venv/bin/python tests/test_output_bytes.py --write

``manifest.json`` and ``register.html`` are left out: they name a digest of
the package's own source, which any code change alters by design.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from conftest import CONTENT, TODAY
from sandbox import run_bounded

RECORD = Path(__file__).with_name("output-bytes.sha256")
SOURCE_DIGESTED = {"manifest.json", "register.html"}

EVERY_LAYOUT = ("--layout", "a4", "--layout", "large-print", "--layout", "a5-booklet", "--size", "24")
PACK = ("--pack", "new-patient", "PAIN-OST-002", "PAIN-OST-001", "PAIN-OST-003")
BUILDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    # name: (arguments, {leaflet file: status to give it})
    "full": ((*EVERY_LAYOUT, *PACK), {}),
    "even-northdale": ((*EVERY_LAYOUT, *PACK, "--even-pages", "--site", "northdale"), {}),
    "overdue": (("--today", "2030-01-02", "--allow-overdue"), {}),
    "draft": (("--layout", "a4", "--layout", "a5-booklet"), {"managing-pain.yaml": "draft"}),
}


def build_all(root: Path) -> dict[str, str]:
    """Every build above into its own folder under ``root``; each written file's SHA-256 by ``build/path``."""
    digests = {}
    for name, (args, statuses) in BUILDS.items():
        content, output = root / name / "content", root / name / "output"
        shutil.copytree(CONTENT, content)
        for file, status in statuses.items():
            path = content / "leaflets" / file
            path.write_text(path.read_text(encoding="utf-8").replace("status: approved", f"status: {status}", 1),
                            encoding="utf-8")
        code, out, err = run_bounded(["--content", str(content), "--output", str(output), "--today", TODAY, *args])
        assert code == 0, f"build {name} failed:\n{out}\n{err}"
        for path in sorted(output.rglob("*")):
            if path.is_file() and path.name not in SOURCE_DIGESTED:
                digests[f"{name}/{path.relative_to(output).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def recorded() -> dict[str, str]:
    lines = RECORD.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_file_has_the_recorded_bytes(tmp_path):
    made, expected = build_all(tmp_path), recorded()
    assert sorted(made) == sorted(expected), "the build wrote other files than those recorded"
    changed = [name for name in expected if made[name] != expected[name]]
    assert not changed, f"{len(changed)} files changed bytes, first {changed[:5]}; if meant, rerun with --write"


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {sys.argv[0]} --write   (records the bytes of the current build)")
    with tempfile.TemporaryDirectory() as scratch:
        made = build_all(Path(scratch))
    RECORD.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(made.items())), encoding="utf-8")
    print(f"recorded {len(made)} files in {RECORD}")
