"""python -m scripts serve: Datasette over the published SQLite file, opened immutable, and the published files at
/-/package/<path> (datapackage.json and every resource, exactly as published, nothing else): the metadata's source
links point there. Both are taken under the publication lock (the database copied, the files read into memory), so
that what is served is one publication even while a new one is built.
"""

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Request, Response

from scripts.model import schema
from scripts.model.files import DESCRIPTOR
from scripts.model.publish import locked
from scripts.outputs.sqlite.datasette import PACKAGE_ROUTE
from scripts.package.reader import path_in, read_descriptor

PLUGIN = "aliexpress-package-files"


class PackageFiles:
    """A Datasette plugin serving the published files at /-/package/<path>: the descriptor and its resources only."""

    def __init__(self, root: Path) -> None:
        self.__name__ = PLUGIN  # Datasette lists its plugins by __name__ (it expects modules)
        self.files = {DESCRIPTOR: (path_in(root, DESCRIPTOR).read_bytes(), "application/json")}
        for r in read_descriptor(root)["resources"]:
            self.files[r["path"]] = (path_in(root, r["path"]).read_bytes(), r.get("mediatype", "application/octet-stream"))

    @hookimpl
    def register_routes(self) -> list[tuple[str, Any]]:
        return [(rf"^{re.escape(PACKAGE_ROUTE)}(?P<path>.+)$", self.view)]

    async def view(self, request: Request) -> Response:
        found = self.files.get(request.url_vars["path"])
        if found is None:
            return Response.text("Not a published file of this package", status=404)
        return Response(found[0], content_type=found[1])


def make_datasette(root: Path, database: Path, metadata: Path) -> Datasette:
    """Datasette over database (immutable) with its metadata, and the published files of root (read into memory now)."""
    pm.unregister(name=PLUGIN)  # the routes are read when Datasette builds its app: one root at a time
    pm.register(PackageFiles(root), name=PLUGIN)
    return Datasette(immutables=[str(database)], metadata=json.loads(metadata.read_text(encoding="utf-8")))


def serve(root: Path, host: str, port: int) -> int:
    """Serve a copy of the published database and files, taken under the lock (released before serving, so that a
    build need not wait for the server), until interrupted."""
    import uvicorn

    with tempfile.TemporaryDirectory(prefix="serve-") as folder:
        with locked(root):
            published = path_in(root, schema.files()["sqlite"]["path"])
            database = Path(folder) / published.name
            shutil.copyfile(published, database)
            app = make_datasette(root, database, path_in(root, schema.files()["datasette"]["path"])).app()
        print(f"serving {database.name} at http://{host}:{port}/{database.stem} (Ctrl-C stops)", flush=True)
        uvicorn.run(app, host=host, port=port, log_level="info", lifespan="on")
    return 0
