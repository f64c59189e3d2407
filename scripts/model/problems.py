"""Problems found in the inputs, reported all at once with file, line, record and field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    record: str | None
    field: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        parts = [self.file + (f":{self.line}" if self.line else "")]
        if self.record:
            parts.append(f"record {self.record!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return f"{', '.join(parts)}: {self.message}"


class BuildError(Exception):
    """Raised with every problem of a stage, so a curator can fix them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
