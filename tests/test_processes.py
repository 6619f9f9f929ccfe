"""The build's pool, tried with helpers killed mid-item: what it made, in what order, and what it said."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from leaflets.processes import in_order


def square(item: tuple[int, str]) -> int:
    """The work: a number squared, unless the item says to kill the helper making it ('always', or 'once' per marker)."""
    number, fate = item
    if fate == "always":
        os.kill(os.getpid(), signal.SIGKILL)
    if fate and not Path(fate).exists():  # the first helper to make it dies, leaving the marker
        Path(fate).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return number * number


def run(items: list[tuple[int, str]], workers: int = 2) -> tuple[list[object], list[str]]:
    said: list[str] = []
    made = list(in_order(square, items, workers, lambda item: f"lost {item[0]}", said.append,
                         lambda item: f"item {item[0]}"))
    return made, said


def test_every_item_is_made_in_order():
    made, said = run([(n, "") for n in range(12)])
    assert made == [n * n for n in range(12)] and said == []


def test_an_item_whose_helper_is_killed_once_is_made_again_alone(tmp_path):
    marker = str(tmp_path / "killed-once")
    made, said = run([(n, marker if n == 5 else "") for n in range(12)])
    assert made == [n * n for n in range(12)], "every item made, in order, the lost one on its second try"
    assert any(line.startswith("the helper process making item 5 ended abruptly") for line in said), said
    assert all(line.endswith("making it again in a fresh process") for line in said), said


def test_an_item_whose_helper_is_killed_twice_is_lost_and_the_rest_still_made():
    made, said = run([(n, "always" if n == 3 else "") for n in range(8)])
    assert made == [0, 1, 4, "lost 3", 16, 25, 36, 49]
    assert any("item 3" in line for line in said)
