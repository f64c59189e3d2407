"""CONTRIBUTING.md's walk-through, followed as printed on a copy of the repository: a sixth text and a fact from it
build and publish; the usual mistakes it lists are refused with the messages it quotes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from scripts.outputs.site.readme import code_blocks, section
from tests.conftest import ROOT, build_problems, copy_inputs

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
STEPS = section(GUIDE, "Adding a source and a fact")


def _dedent(block: str) -> str:
    lines = block.splitlines(keepends=True)
    indent = min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())
    return "".join(line[indent:] for line in lines)


def follow(root: Path) -> None:
    """Steps 1 to 3: the text, its source record (with the SHA-256 of the file), the event."""
    (text,), (source, event) = code_blocks(STEPS, "text"), code_blocks(STEPS, "yaml")
    path = re.search(r"`(archive/[a-z0-9.-]+\.txt)`", STEPS).group(1)
    (root / path).write_text(_dedent(text), encoding="utf-8")
    digest = hashlib.sha256((root / path).read_bytes()).hexdigest()
    for name, block in (("sources", source.replace("SHA256-OF-THE-FILE", digest)), ("events", event)):
        with (root / "facts" / f"{name}.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\n" + _dedent(block))


def test_the_walk_through_builds_and_publishes_the_new_fact(tmp_path: Path) -> None:
    root = copy_inputs(tmp_path / "repo")
    follow(root)
    assert build_problems(root) == []
    events = (root / "data" / "events.csv").read_text(encoding="utf-8")
    assert "aliexpress-russia-moscow-office,announcement" in events and "2018-09-12" in events
    spans = (root / "data" / "citation_fields.csv").read_text(encoding="utf-8")
    assert "event.aliexpress-russia-moscow-office.example.1,date,on Wednesday," in spans


def test_the_usual_mistakes_get_the_messages_it_quotes(tmp_path: Path) -> None:
    guide = " ".join(STEPS.split())
    mistakes = {  # the slip, and the words of the message the guide quotes for it
        "excerpt not found verbatim in archive/example-2018-note.txt (it is there once quotes": ("on Wednesday that", "on Wednesday  that"),
        "does not state '2018-09-11' (date rule): its words state 2018-09-12 (weekday)": ('date: "2018-09-12"', 'date: "2018-09-11"'),
    }
    for n, (quoted, (old, new)) in enumerate(mistakes.items()):
        assert quoted in guide
        root = copy_inputs(tmp_path / f"mistake-{n}")
        follow(root)
        events = root / "facts" / "events.yaml"
        events.write_text(events.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert any(quoted in p.message for p in build_problems(root)), [p.message for p in build_problems(root)]
