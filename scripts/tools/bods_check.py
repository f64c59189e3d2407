"""Validate BODS files with libcovebods, offline: its JSON Schema validation and its additional checks.

Usage (in the validator's own venv, which holds libcovebods and its pins from requirements-bods.txt):
    .venv-bods/bin/python scripts/tools/bods_check.py [--org-ids FILE] FILE.json [...]
Prints one JSON report ({"libcovebods", "orgIdPrefixes", "networkAttempts", "files": {path:
{"schemaVersion", "schemaErrors", "additionalChecks", "additionalFields"}}}) and exits 1 when any
file has an error or anything tried to reach the network.

Why a runner rather than `libcovebods pv`: the additional checks call libcove2's
get_orgids_prefixes(), which downloads the org-id.guide list (http://org-id.guide/download.json) unless
libcove2/org-ids.json in site-packages was downloaded today, so they fail offline and would write into
the venv. Here the list is supplied instead: an org-id.guide download.json given with --org-ids, or
an empty one (no party in the export carries an organisation identifier, so no scheme is looked up).
The function is replaced where it was imported (libcove2.common and the two check modules that bind
it by name). Sockets are refused for the whole run, and every attempt is reported, so the report
itself shows that nothing was fetched.

Standard library only at import time: the project's .venv may import this module without libcovebods.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any

NETWORK_ATTEMPTS: list[str] = []
ORG_ID_MODULES = ("libcove2.common", "libcovebods.tasks.checks.record_based_checks", "libcovebods.tasks.checks.legacy_checks")


def block_network() -> None:
    """Refuse every name lookup and connection in this process, recording what was tried."""

    def refuse(what: str):
        def refused(*args: Any, **kwargs: Any) -> Any:
            target = args[1] if what.startswith("socket.") and len(args) > 1 else (args[0] if args else None)
            NETWORK_ATTEMPTS.append(f"{what} {target!r}")
            raise OSError(f"network access is disabled while validating ({what} {target!r})")

        return refused

    socket.getaddrinfo = refuse("getaddrinfo")
    socket.create_connection = refuse("create_connection")
    socket.socket.connect = refuse("socket.connect")
    socket.socket.connect_ex = refuse("socket.connect_ex")


def supply_org_ids(prefixes: list[str]) -> None:
    """Make libcovebods' additional checks use this org-id prefix list instead of downloading one."""

    def get_orgids_prefixes(orgids_url: str | None = None) -> list[str]:
        return list(prefixes)

    for name in ORG_ID_MODULES:
        module = import_module(name)
        if not hasattr(module, "get_orgids_prefixes"):
            raise RuntimeError(f"{name} no longer has get_orgids_prefixes: check how this libcovebods fetches the org-id list")
        module.get_orgids_prefixes = get_orgids_prefixes


def read_org_ids(path: Path | None) -> list[str]:
    """Prefixes from an org-id.guide download.json ({"lists": [{"code": ...}, ...]}); none without a file."""
    if path is None:
        return []
    return [entry["code"] for entry in json.loads(path.read_text(encoding="utf-8"))["lists"]]


def check_file(path: str) -> dict[str, Any]:
    from libcovebods.additionalfields import AdditionalFields
    from libcovebods.config import LibCoveBODSConfig
    from libcovebods.data_reader import DataReader
    from libcovebods.jsonschemavalidate import JSONSchemaValidator
    from libcovebods.run_tasks import TASK_CLASSES, process_additional_checks
    from libcovebods.schema import SchemaBODS

    reader = DataReader(path)
    config = LibCoveBODSConfig()
    schema = SchemaBODS(reader, config)
    errors = [e.json() for e in JSONSchemaValidator(schema).validate(reader)]
    checks = process_additional_checks(reader, config, schema, TASK_CLASSES)
    return {
        "schemaVersion": schema.schema_version,
        "schemaErrors": errors,
        "additionalChecks": checks["additional_checks"],
        "additionalFields": AdditionalFields(schema).process(reader),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--org-ids", type=Path, default=None, help="an org-id.guide download.json (default: an empty list)")
    parser.add_argument(
        "--keep-org-id-download",
        action="store_true",
        help="leave libcove2's download in place (to show that the network guard stops it)",
    )
    args = parser.parse_args(argv)
    block_network()
    prefixes = read_org_ids(args.org_ids)
    if not args.keep_org_id_download:
        supply_org_ids(prefixes)
    files: dict[str, Any] = {}
    for path in args.files:
        try:
            files[path] = check_file(path)
        except Exception as err:  # report and go on: one broken file must not hide the others' results
            files[path] = {"crashed": f"{type(err).__name__}: {err}"}
    report = {
        "libcovebods": version("libcovebods"),
        "orgIdPrefixes": None if args.keep_org_id_download else len(prefixes),
        "networkAttempts": NETWORK_ATTEMPTS,
        "files": files,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    failed = NETWORK_ATTEMPTS or any(r.get("crashed") or r["schemaErrors"] or r["additionalChecks"] for r in files.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
