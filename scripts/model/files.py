"""Where the repository is, what the build publishes in it, and how bytes are fingerprinted (a file: check.sha256_file)."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: schema.yaml, facts/, archive/, data/ ...
DESCRIPTOR = "datapackage.json"
CROISSANT = "croissant.json"
PUBLISHED = ["data", DESCRIPTOR, CROISSANT, "README.md", "CITATION.cff"]  # the package's files (a release ships them)
INPUTS = ["schema.yaml", "facts", "archive", "README.md"]  # what a build reads (README.md for its hand-written parts)
SITE = "docs"  # the data card, rendered from the published package; its links point into the package's folders
BUILT = [*PUBLISHED, SITE]  # what one publication replaces, all or nothing


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
