"""`make verify` in the repository: the standalone checker (every file, text, citation and span at its recorded hash
and offsets), and a rebuild of the facts into a temporary folder compared byte for byte with what is published, so
that a tampered card, README, croissant.json or CITATION.cff, or a data file edited together with its hash, is
caught. Run under the publication lock."""

import tempfile
from pathlib import Path

from scripts.model.files import BUILT, INPUTS
from scripts.model.publish import copy_paths
from scripts.outputs.publication import build_and_publish
from scripts.package.check import listed, sha256_file
from scripts.package.check import main as check


def fingerprint(root: Path, names: list[str]) -> dict[str, str]:
    """SHA-256 of every file under these top-level names of root, by relative path (a link counts as its own kind of file)."""
    out = {}
    for top in (root / name for name in names):
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_symlink():
                out[str(path.relative_to(root))] = "a link"
            elif path.is_file():
                out[str(path.relative_to(root))] = sha256_file(path)
    return out


def verify(root: Path) -> int:
    status = check([str(root)], release=False)
    with tempfile.TemporaryDirectory(prefix="verify-") as folder:
        fresh = copy_paths(root, INPUTS, Path(folder) / "repo")
        build_and_publish(fresh)
        built, published = fingerprint(fresh, BUILT), fingerprint(root, BUILT)
    differ = sorted(p for p in built.keys() | published.keys() if built.get(p) != published.get(p))
    if differ:
        why = [f"{path}: {'missing' if path not in published else 'not built' if path not in built else 'differs'}" for path in differ]
        print(f"verify FAILED: {len(differ)} published file(s) are not what the facts build:", *listed(why, 20), sep="\n")
        return 1
    print(f"verified: the {len(published)} published files are what the facts build, byte for byte.")
    return status
