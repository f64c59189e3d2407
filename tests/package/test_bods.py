"""data/bods.json: valid for libcovebods (BODS 0.4 schema and additional checks, offline), and true to the CSVs.

libcovebods runs in its own venv (.venv-bods, from requirements-bods.txt; `make test` makes it) through
tests/package/bods_check.py, which gives its checks the org-id list offline. tests/package/test_build.py proves the
published file is the one the build writes.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from typing import Any

import pytest

from scripts.model import schema
from scripts.package.reader import load_package
from tests.conftest import ROOT

BODS = "data/bods.json"
PYTHON = ROOT / ".venv-bods" / "bin" / "python"
PACKAGE = load_package(ROOT)
TABLES = PACKAGE.tables
NAME = PACKAGE.descriptor["name"]


@pytest.fixture(scope="module")
def statements() -> list[dict[str, Any]]:
    return json.loads((ROOT / BODS).read_text(encoding="utf-8"))


def record(party_id: str) -> str:
    return f"{NAME}/party/{party_id}"


def evidence(statement: dict[str, Any]) -> list[dict[str, Any]]:
    return [a["citation"] for a in statement["annotations"] if "citation" in a]


def relationship(statements: list[dict[str, Any]], holder: str, subject: str) -> dict[str, Any]:
    return next(s for s in statements if s["recordId"] == f"{NAME}/relationship/{holder}/{subject}")


def interest(statement: dict[str, Any], stake: dict[str, Any]) -> int:
    """The index of the stake's interest in its relationship statement (exactly one)."""
    (i,) = [i for i, x in enumerate(statement["recordDetails"]["interests"]) if x["details"].startswith(f"stakes row {stake['stake_id']}:")]
    return i


def test_libcovebods_finds_no_schema_error_and_no_failed_check() -> None:
    if not PYTHON.is_file():
        pytest.fail("the BODS validator's venv is missing: run `make venv-bods` (or `make test`)")
    done = subprocess.run([str(PYTHON), "tests/package/bods_check.py", BODS], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout, done.stderr[-3000:]
    assert json.loads(done.stdout) == {BODS: {"schemaVersion": "0.4", "schemaErrors": [], "additionalChecks": []}}
    assert done.returncode == 0


def test_every_stake_is_one_interest_with_the_share_of_the_csv(statements: list[dict[str, Any]]) -> None:
    """And its evidence points at it: the pointer of each cited share field is the share it states."""
    keys = {"share_exact": "exact", "share_min": "minimum", "share_max": "maximum"}
    for stake in TABLES["stakes"]:
        s = relationship(statements, stake["holder_id"], stake["subject_id"])
        details, i = s["recordDetails"], interest(s, stake)
        assert (details["interestedParty"], details["subject"]) == (record(stake["holder_id"]), record(stake["subject_id"]))
        share = details["interests"][i].get("share", {})
        assert share == {key: stake[field] for field, key in keys.items() if stake[field] is not None}, stake["stake_id"]
        cited = [f for c in evidence(s) if c["rowId"] == stake["stake_id"] for f in c["fields"] if f["field"] in keys]
        assert all(f["pointer"] == f"/recordDetails/interests/{i}/share/{keys[f['field']]}" for f in cited), stake["stake_id"]
        assert {f["field"] for f in cited} == {field for field in keys if stake[field] is not None}, stake["stake_id"]


def test_the_joint_ventures_shares_add_up_to_100_and_a_group_holds_nothing(statements: list[dict[str, Any]]) -> None:
    """The README's promise: a group's combined stake is an annotation, never a holding counted twice."""
    shares = [
        i["share"]["exact"]
        for s in statements
        if s["recordType"] == "relationship" and s["recordDetails"]["subject"] == record("aliexpress-russia")
        for i in s["recordDetails"]["interests"]
        if i["type"] == "shareholding"
    ]
    assert sorted(shares) == [13, 15, 24, 48]
    groups = {record(p["party_id"]) for p in TABLES["parties"] if p["party_type"] == "group"}
    assert groups and not groups & {s["recordId"] for s in statements}
    assert not groups & {s["recordDetails"].get(k) for s in statements for k in ("subject", "interestedParty")}
    members = defaultdict(list)
    for m in TABLES["party_members"]:
        members[m["group_id"]].append(m["member_id"])
    for gs in TABLES["group_stakes"]:
        for member in members[gs["group_id"]]:
            notes = relationship(statements, member, gs["subject_id"])["annotations"]
            assert [a for a in notes if a["description"].startswith(f"Group stake {gs['group_stake_id']} ")], (gs, member)


def test_agreed_and_planned_stakes_say_they_are_not_holdings(statements: list[dict[str, Any]]) -> None:
    for stake in TABLES["stakes"]:
        s = relationship(statements, stake["holder_id"], stake["subject_id"])
        at = f"/recordDetails/interests/{interest(s, stake)}"
        says = [a for a in s["annotations"] if a["statementPointerTarget"] == at and a["description"].startswith("Not a holding: ")]
        assert len(says) == (stake["status"] != "held"), stake["stake_id"]


def test_every_excerpt_is_the_csvs_and_every_citation_of_a_statement_is_there(statements: list[dict[str, Any]]) -> None:
    citations = {c["citation_id"]: c for c in TABLES["citations"]}
    stated = defaultdict(set)
    for row in TABLES["citation_fields"]:
        stated[row["citation_id"]].add(row["field"])
    found = set()
    for s in statements:
        for c in evidence(s):
            row = citations[c["citationId"]]
            assert (c["exact"], c["start"], c["end"], c["sourceId"]) == (row["exact"], row["start"], row["end"], row["source_id"])
            assert PACKAGE.texts[c["sourceId"]][c["start"] : c["end"]] == c["exact"]
            assert {f["field"] for f in c["fields"]} == stated[c["citationId"]], c["citationId"]
            found.add(c["citationId"])
    exported = {p["party_id"] for p in TABLES["parties"] if p["party_type"] != "group"}
    assert {c["citation_id"] for c in TABLES["citations"] if c["party_id"] in exported or c["stake_id"] or c["group_stake_id"]} <= found


def test_the_tables_schema_leaves_out_of_bods_are_listed_in_the_declaration(statements: list[dict[str, Any]]) -> None:
    subject = next(s for s in statements if s["recordId"] == record("aliexpress-russia"))
    (listed,) = [a["description"] for a in subject["annotations"] if a["description"].startswith("This declaration leaves out: ")]
    left_out = [t for t in schema.table_names() if "bods" in schema.present(t)["leave_out"]]
    assert left_out and all(f"table {t}: " in listed for t in left_out)
    assert not any(f"table {t}: " in listed for t in schema.table_names() if t not in left_out)
