"""Re-freeze the requirement files from their direct pins: python3 scripts/tools/lock.py (make lock).

requirements.txt is the closure of requirements.in (what `make` needs); requirements-test.txt is what
the closure of requirements-test.in adds to it. Each is made in a fresh, temporary venv, so that no
leftover of a working environment slips into the pins.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {
    "requirements.txt": ["# Exact pins of everything `make` installs: the frozen closure of requirements.in (regenerate with: make lock)."],
    "requirements-test.txt": [
        "# Exact pins of what `make test`, `make bench` and `make serve` add to requirements.txt: the frozen closure",
        "# of requirements-test.in beyond the build's set (regenerate with: make lock).",
        "-r requirements.txt",
    ],
}


def freeze(requirements: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
        pip = [f"{folder}/bin/python", "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "-r", str(requirements)], check=True, cwd=ROOT)
        return subprocess.run([*pip, "freeze"], check=True, capture_output=True, text=True).stdout.splitlines()


def name(line: str) -> str:
    return line.split("==")[0].lower().replace("_", "-")


def main() -> int:
    build = freeze(ROOT / "requirements.in")
    (ROOT / "requirements.txt").write_text("\n".join([*HEADERS["requirements.txt"], *build]) + "\n", encoding="utf-8")
    built = {name(line) for line in build}
    extra = sorted((line for line in freeze(ROOT / "requirements-test.in") if name(line) not in built), key=str.lower)
    (ROOT / "requirements-test.txt").write_text("\n".join([*HEADERS["requirements-test.txt"], *extra]) + "\n", encoding="utf-8")
    print(f"requirements.txt: {len(build)} pins; requirements-test.txt: {len(extra)} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
