"""libcovebods' validation of BODS files, offline: its JSON Schema validation and its additional checks.

Usage, in the validator's venv (requirements-bods.txt): .venv-bods/bin/python tests/package/bods_check.py FILE.json [...]
Prints a JSON report ({path: {schemaVersion, schemaErrors, additionalChecks}}) and exits 1 when any file has an error.

Why not libcovebods' own command: its additional checks download the org-id.guide list of identifier schemes (libcove2's
get_orgids_prefixes) and fail offline. Here they are given an empty list (no statement of the export carries an
identifier, so no scheme is looked up), and every connection is refused, so nothing is fetched. Standard library only at
import time: the project's venv may import this module without libcovebods.
"""

from __future__ import annotations

import json
import socket
import sys
from importlib import import_module
from typing import Any

# The modules that bind libcove2's get_orgids_prefixes by name (libcovebods 0.16.0).
ORG_ID_USERS = ("libcovebods.tasks.checks.record_based_checks", "libcovebods.tasks.checks.legacy_checks")


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise OSError("bods_check.py runs offline: a connection was attempted")


def offline() -> None:
    """Refuse every name lookup and connection, and give the additional checks an empty org-id list."""
    socket.getaddrinfo = socket.create_connection = socket.socket.connect = socket.socket.connect_ex = _refused  # type: ignore[assignment]
    for name in ORG_ID_USERS:
        module = import_module(name)
        if not hasattr(module, "get_orgids_prefixes"):
            raise RuntimeError(f"{name} no longer imports get_orgids_prefixes: see how this libcovebods fetches the org-id list")
        module.get_orgids_prefixes = lambda orgids_url=None: []


def check_file(path: str) -> dict[str, Any]:
    """libcovebods' schema errors and additional checks of one file, as its own web tool (cove-bods) runs them."""
    from libcovebods.config import LibCoveBODSConfig
    from libcovebods.data_reader import DataReader
    from libcovebods.jsonschemavalidate import JSONSchemaValidator
    from libcovebods.run_tasks import TASK_CLASSES, process_additional_checks
    from libcovebods.schema import SchemaBODS

    reader, config = DataReader(path), LibCoveBODSConfig()
    schema = SchemaBODS(reader, config)
    return {
        "schemaVersion": schema.schema_version,
        "schemaErrors": [e.json() for e in JSONSchemaValidator(schema).validate(reader)],
        "additionalChecks": process_additional_checks(reader, config, schema, TASK_CLASSES)["additional_checks"],
    }


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    offline()
    report: dict[str, Any] = {}
    for path in paths:
        try:
            report[path] = check_file(path)
        except Exception as err:  # a file libcovebods cannot read is reported, and the others are still checked
            report[path] = {"error": f"{type(err).__name__}: {err}"}
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 1 if any(r.get("error") or r["schemaErrors"] or r["additionalChecks"] for r in report.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
