"""python -m scripts serve: Datasette over the SQLite export, with the metadata generated beside it.

The database and its metadata are rebuilt first when either is missing or older than what they are made
from (datapackage.json, the CSV resources, the export's code), so what is served is the published
package. Datasette opens the file immutable (read-only; counts and pages cached). The published files
themselves are served at /-/package/<path> (datapackage.json and every resource, exactly as published,
nothing else): the metadata's source links point there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Request, Response

from scripts.model.files import DESCRIPTOR
from scripts.outputs.sqlite import datasette as datasette_metadata
from scripts.outputs.sqlite import export, patterns
from scripts.package import evidence, reader
from scripts.package.reader import csv_resources, read_descriptor

# The code that decides the bytes of the database and of its metadata: a newer copy makes them stale
EXPORT_CODE = [Path(m.__file__) for m in (export, patterns, datasette_metadata, reader, evidence)]
PLUGIN = "aliexpress-package-files"


def export_inputs(root: Path) -> list[Path]:
    """What the export reads: the descriptor, its CSV resources, and the export's own code."""
    return [root / DESCRIPTOR, *(root / r["path"] for r in csv_resources(read_descriptor(root))), *EXPORT_CODE]


def is_stale(root: Path, database: Path) -> bool:
    """True when the database or its metadata is missing, or older than anything it is made from."""
    outputs = [database, datasette_metadata.metadata_path(database)]
    if not all(p.exists() for p in outputs):
        return True
    return max(p.stat().st_mtime_ns for p in export_inputs(root)) > min(p.stat().st_mtime_ns for p in outputs)


class PackageFiles:
    """A Datasette plugin serving the published files at /-/package/<path>: the descriptor and its resources only."""

    def __init__(self, root: Path) -> None:
        self.__name__ = PLUGIN  # Datasette lists its plugins by __name__ (it expects modules)
        descriptor = read_descriptor(root)
        self.files = {DESCRIPTOR: (root / DESCRIPTOR, "application/json")}
        for r in descriptor["resources"]:
            self.files[r["path"]] = (root / r["path"], r.get("mediatype", "application/octet-stream"))

    @hookimpl
    def register_routes(self) -> list[tuple[str, Any]]:
        return [(r"^/-/package/(?P<path>.+)$", self.view)]

    async def view(self, request: Request) -> Response:
        found = self.files.get(request.url_vars["path"])
        if found is None:
            return Response.text("Not a published file of this package", status=404)
        path, mediatype = found
        return Response(path.read_bytes(), content_type=mediatype)


def make_datasette(root: Path, database: Path) -> Datasette:
    """Datasette over database (immutable) with its generated metadata, and the published files of root."""
    if pm.get_plugin(PLUGIN) is not None:  # the routes are read when Datasette builds its app: one root at a time
        pm.unregister(name=PLUGIN)
    pm.register(PackageFiles(root), name=PLUGIN)
    metadata = datasette_metadata.read_metadata(datasette_metadata.metadata_path(database))
    return Datasette(immutables=[str(database)], metadata=metadata)


def serve(root: Path, host: str, port: int) -> int:
    """Build the export when stale, then serve it until interrupted."""
    import uvicorn

    database = export.database_path(root)
    if is_stale(root, database):
        counts = export.build_sqlite(root, database)
        print(f"built {database} ({sum(counts.values())} rows) and its Datasette metadata", flush=True)
    ds = make_datasette(root, database)
    print(f"serving {database.name} at http://{host}:{port}/{database.stem} (Ctrl-C stops)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="info", lifespan="on")
    return 0
