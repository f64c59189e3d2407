"""The BODS 0.4 export: valid under libcovebods (schema and additional checks, offline), and true to the CSVs.

libcovebods runs in its own venv (.venv-bods, from requirements-bods.txt) through
scripts/tools/bods_check.py, which supplies the org-id list and refuses the network.
"""

from __future__ import annotations

import copy
import json
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from scripts.package.formats.bods import GROUP, bods_statements, left_out, render, write_bods
from scripts.package.reader import load_package
from tests.conftest import ROOT

BODS_VENV = ROOT / ".venv-bods"
CHECK = ROOT / "scripts" / "tools" / "bods_check.py"
CREATE_VENV = (
    "python3 -m venv .venv-bods && .venv-bods/bin/python -m pip install -r requirements-bods.txt (or `make test`, which creates it)"
)
PACKAGE = load_package(ROOT)
TABLES = PACKAGE.tables
NAME = PACKAGE.descriptor["name"]


def validate(paths: list[Path], *flags: str, venv: Path = BODS_VENV) -> dict[str, Any]:
    """libcovebods' report on these files (bods_check.py in .venv-bods); fails, never skips, without the venv."""
    python = venv / "bin" / "python"
    if not python.is_file():
        pytest.fail(f"the BODS validator's venv {venv} is missing: create it with {CREATE_VENV}")
    done = subprocess.run([str(python), str(CHECK), *flags, *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert done.stdout, done.stderr[-2000:]
    report = json.loads(done.stdout)
    report["returncode"] = done.returncode
    return report


def record(party_id: str) -> str:
    return f"{NAME}/party/{party_id}"


def resolve(statement: dict[str, Any], pointer: str) -> Any:
    """An RFC 6901 JSON pointer into a statement (libcovebods checks annotation pointers of entity statements only)."""
    node: Any = statement
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def evidence(statement: dict[str, Any]) -> list[dict[str, Any]]:
    return [a["citation"] for a in statement["annotations"] if "citation" in a]


@pytest.fixture(scope="module")
def statements() -> list[dict[str, Any]]:
    return bods_statements(ROOT, PACKAGE.descriptor)


@pytest.fixture(scope="module")
def by_record(statements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["recordId"]: s for s in statements}


def broken_schema(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Four things the BODS 0.4 schema forbids."""
    out = copy.deepcopy(statements)
    del out[0]["statementDate"]
    out[1]["statementDate"] = "2018-09"  # a month, not a full date
    relationship = next(s for s in out if s["recordType"] == "relationship" and s["recordDetails"]["interests"][0].get("share"))
    relationship["recordDetails"]["interests"][0]["share"]["exact"] = 148
    relationship["recordDetails"]["interests"][0]["type"] = "ownership"  # our word, not BODS's
    return out


def broken_checks(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Schema-valid, but wrong in ways only libcovebods' additional checks see."""
    out = copy.deepcopy(statements)
    first = next(i for i, s in enumerate(out) if s["recordType"] == "relationship")
    out.insert(0, out.pop(first))  # a relationship before its parties
    out[-1]["recordDetails"]["interestedParty"] = f"{NAME}/party/nobody"
    entity = next(s for s in out if s["recordType"] == "entity")
    entity["recordDetails"]["identifiers"] = [{"scheme": "RU-INN", "id": "7743001840"}]  # in no org-id list given
    entity["annotations"][0]["statementPointerTarget"] = "/recordDetails/nowhere"
    out[2]["statementId"] = out[3]["statementId"]
    return out


def with_identifier(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = copy.deepcopy(statements)
    next(s for s in out if s["recordType"] == "entity")["recordDetails"]["identifiers"] = [{"scheme": "RU-INN", "id": "7743001840"}]
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, statements: list[dict[str, Any]]) -> Path:
    out = tmp_path_factory.mktemp("bods")
    for name, content in {
        "bods.json": statements,
        "broken-schema.json": broken_schema(statements),
        "broken-checks.json": broken_checks(statements),
        "with-identifier.json": with_identifier(statements),
    }.items():
        (out / name).write_text(render(content), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def report(folder: Path) -> dict[str, Any]:
    """One run of the validator over the export and the broken copies, with the default (empty) org-id list."""
    return validate([folder / "bods.json", folder / "broken-schema.json", folder / "broken-checks.json"])


def test_export_is_valid_bods_04_with_no_additional_check_failing(report: dict[str, Any], folder: Path) -> None:
    result = report["files"][str(folder / "bods.json")]
    assert report["libcovebods"] == "0.16.0"
    assert result["schemaVersion"] == "0.4"
    assert result["schemaErrors"] == []
    assert result["additionalChecks"] == []


def test_nothing_is_fetched_and_the_org_id_list_is_the_one_supplied(report: dict[str, Any]) -> None:
    assert report["networkAttempts"] == []
    assert report["orgIdPrefixes"] == 0


def test_the_schema_validation_catches_a_broken_statement(report: dict[str, Any], folder: Path) -> None:
    errors = report["files"][str(folder / "broken-schema.json")]["schemaErrors"]
    messages = [e["message"] for e in errors]
    assert "'statementDate' is a required property" in messages
    assert "148 is greater than the maximum of 100" in messages
    assert any(m.startswith("'ownership' is not one of") for m in messages)
    assert any(m.startswith("'2018-09' is not valid under any of the given schemas") for m in messages)
    assert report["returncode"] == 1


def test_the_additional_checks_catch_a_broken_statement(report: dict[str, Any], folder: Path) -> None:
    result = report["files"][str(folder / "broken-checks.json")]
    assert result["schemaErrors"] == []
    kinds = {c["type"] for c in result["additionalChecks"]}
    assert {
        "relationship_subject_not_before_relationship_in_dataset",
        "relationship_interested_party_not_before_relationship_in_dataset",
        "interested_party_must_be_record_id",
        "entity_identifiers_not_known_scheme",
        "annotation_statement_pointer_target_invalid",
        "duplicate_statement_id",
    } <= kinds


def test_an_org_id_list_given_offline_is_the_one_the_checks_use(folder: Path) -> None:
    """A scheme in the supplied list passes the check that failed it against the empty list."""
    org_ids = folder / "org-ids.json"
    org_ids.write_text(json.dumps({"lists": [{"code": "RU-INN"}, {"code": "GB-COH"}]}), encoding="utf-8")
    result = validate([folder / "with-identifier.json"], "--org-ids", str(org_ids))
    assert result["orgIdPrefixes"] == 2
    assert result["networkAttempts"] == []
    assert result["files"][str(folder / "with-identifier.json")]["additionalChecks"] == []


def test_without_the_supplied_list_libcovebods_would_download_and_the_guard_stops_it(folder: Path) -> None:
    """The evidence that the network guard works: left alone, libcove2 tries org-id.guide and is refused."""
    cache = list((BODS_VENV / "lib").glob("python*/site-packages/libcove2/org-ids.json"))
    assert cache == [], f"a cached org-id list would hide the download attempt: {cache}"
    result = validate([folder / "bods.json"], "--keep-org-id-download")
    assert any("org-id.guide" in attempt for attempt in result["networkAttempts"]), result["networkAttempts"]
    assert "ConnectionError" in result["files"][str(folder / "bods.json")]["crashed"]
    assert result["returncode"] == 1
    assert list((BODS_VENV / "lib").glob("python*/site-packages/libcove2/org-ids.json")) == []


def test_a_missing_validator_venv_fails_with_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"python3 -m venv \.venv-bods"):
        validate([tmp_path / "bods.json"], venv=tmp_path / "no-venv")


def test_output_is_byte_identical_run_after_run(tmp_path: Path, statements: list[dict[str, Any]]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_bods(ROOT, PACKAGE.descriptor, first)
    write_bods(ROOT, PACKAGE.descriptor, second)
    assert first.read_bytes() == second.read_bytes() == (ROOT / "data" / "bods.json").read_bytes(), "the published file is current"
    text = first.read_text(encoding="utf-8")
    assert text == render(statements)
    assert text.endswith("]\n") and "“" in text  # indented, UTF-8 not \u escapes, one trailing newline
    assert len({s["statementId"] for s in statements}) == len(statements)


def test_every_party_but_a_group_is_a_statement_and_what_is_left_out_is_listed(by_record: dict[str, dict[str, Any]]) -> None:
    kinds = {"person": "person", GROUP: None}
    for party in TABLES["parties"]:
        statement = by_record.get(record(party["party_id"]))
        expected = kinds.get(party["party_type"], "entity")
        assert (statement and statement["recordType"]) == expected, party["party_id"]
    listed = "\n".join(left_out(PACKAGE))
    for party in TABLES["parties"]:
        assert (party["party_type"] == GROUP) == (f"parties row {party['party_id']} " in listed)
    for row in TABLES["group_stakes"]:
        assert f"group_stakes row {row['group_stake_id']}:" in listed


def test_every_stake_is_one_interest_and_every_figure_is_its_share(by_record: dict[str, dict[str, Any]]) -> None:
    """Found through the evidence: the pointer of the cited share field holds the stake's figure."""
    seen = set()
    for stake in TABLES["stakes"]:
        statement = by_record[f"{NAME}/relationship/{stake['holder_id']}/{stake['subject_id']}"]
        assert statement["recordDetails"]["subject"] == record(stake["subject_id"])
        assert statement["recordDetails"]["interestedParty"] == record(stake["holder_id"])
        interests = [i for i in statement["recordDetails"]["interests"] if i["details"].startswith(f"stakes row {stake['stake_id']}:")]
        assert len(interests) == 1, stake["stake_id"]
        seen.add(stake["stake_id"])
        for field, key in (("share_exact", "exact"), ("share_min", "minimum"), ("share_max", "maximum")):
            if stake[field] is None:
                assert key not in interests[0].get("share", {})
                continue
            assert interests[0]["share"][key] == stake[field]
            cited = [c for c in evidence(statement) if c["rowId"] == stake["stake_id"]]
            pointers = {f["pointer"] for c in cited for f in c["fields"] if f["field"] == field}
            assert pointers and all(resolve(statement, p) == stake[field] for p in pointers), (stake["stake_id"], field)
    assert seen == {s["stake_id"] for s in TABLES["stakes"]}


def test_equity_shares_of_the_joint_venture_sum_to_100(statements: list[dict[str, Any]]) -> None:
    shares = [
        i["share"]["exact"]
        for s in statements
        if s["recordType"] == "relationship" and s["recordDetails"]["subject"] == record("aliexpress-russia")
        for i in s["recordDetails"]["interests"]
        if i["type"] == "shareholding"
    ]
    assert sorted(shares) == [13, 15, 24, 48]
    assert sum(shares) == 100


def test_group_stakes_are_annotations_on_the_members_never_a_holding(statements: list[dict[str, Any]], by_record: dict) -> None:
    groups = {p["party_id"] for p in TABLES["parties"] if p["party_type"] == GROUP}
    for s in statements:
        assert s["recordId"] not in {record(g) for g in groups}
        if s["recordType"] == "relationship":
            assert {s["recordDetails"]["subject"], s["recordDetails"]["interestedParty"]}.isdisjoint({record(g) for g in groups})
            assert not any(i.get("share", {}).get("exact") == 52 for i in s["recordDetails"]["interests"])
    for row in TABLES["group_stakes"]:
        for member in (m for m in TABLES["party_members"] if m["group_id"] == row["group_id"]):
            statement = by_record[f"{NAME}/relationship/{member['member_id']}/{row['subject_id']}"]
            summaries = [a for a in statement["annotations"] if a["description"].startswith(f"Group stake {row['group_stake_id']} ")]
            assert len(summaries) == 1
            cited = {c["citationId"] for c in evidence(statement) if c["rowId"] in (row["group_stake_id"], member["party_member_id"])}
            expected = {c["citation_id"] for c in TABLES["citations"] if c["group_stake_id"] == row["group_stake_id"]}
            expected |= {c["citation_id"] for c in TABLES["citations"] if c["party_member_id"] == member["party_member_id"]}
            assert cited == expected


def test_agreed_and_planned_stakes_say_they_are_not_holdings_and_no_date_is_invented(by_record: dict[str, dict[str, Any]]) -> None:
    for stake in TABLES["stakes"]:
        statement = by_record[f"{NAME}/relationship/{stake['holder_id']}/{stake['subject_id']}"]
        index = next(i for i, x in enumerate(statement["recordDetails"]["interests"]) if f"row {stake['stake_id']}:" in x["details"])
        interest = statement["recordDetails"]["interests"][index]
        assert f"status {stake['status']} " in interest["details"] and f"as of {stake['as_of']} (EDTF)" in interest["details"]
        assert "startDate" not in interest and "endDate" not in interest
        flagged = [a for a in statement["annotations"] if a["statementPointerTarget"] == f"/recordDetails/interests/{index}"]
        assert any(a["description"].startswith("Not a holding:") for a in flagged) == (stake["status"] != "held")


def test_statement_date_is_the_first_day_a_stating_text_was_certainly_published(statements: list[dict[str, Any]]) -> None:
    ends = {s["source_id"]: s["published_end"] for s in TABLES["sources"]}
    for s in statements:
        assert s["statementDate"] == min(ends[c["sourceId"]] for c in evidence(s))
        assert s["publicationDetails"]["publicationDate"] == PACKAGE.descriptor["created"][:10]


def test_every_excerpt_is_the_archived_text_at_its_offsets(statements: list[dict[str, Any]]) -> None:
    rows = {c["citation_id"]: c for c in TABLES["citations"]}
    for s in statements:
        for c in evidence(s):
            assert PACKAGE.texts[c["sourceId"]][c["start"] : c["end"]] == c["exact"] == rows[c["citationId"]]["exact"]
            assert (ROOT / c["archivePath"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["exact"]


def test_every_citation_of_an_exported_row_is_there_with_the_fields_it_states(statements: list[dict[str, Any]]) -> None:
    stated = defaultdict(list)
    for row in TABLES["citation_fields"]:
        stated[row["citation_id"]].append(row["field"])
    exported = {p["party_id"] for p in TABLES["parties"] if p["party_type"] != GROUP}
    expected = {c["citation_id"] for c in TABLES["citations"] if c["party_id"] in exported or c["stake_id"]}
    found = {}
    for s in statements:
        for c in evidence(s):
            assert sorted(f["field"] for f in c["fields"]) == sorted(stated[c["citationId"]])
            found[(s["recordId"], c["citationId"])] = c
    assert expected <= {cid for _, cid in found}


def test_every_pointer_resolves_in_its_statement(statements: list[dict[str, Any]]) -> None:
    for s in statements:
        for a in s["annotations"]:
            resolve(s, a["statementPointerTarget"])
            for field in a.get("citation", {}).get("fields", []):
                assert field["pointer"].startswith(a["statementPointerTarget"])
                resolve(s, field["pointer"])
