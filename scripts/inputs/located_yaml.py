"""YAML that knows where everything stands: a strict loader for the curated facts. PyYAML silently keeps the last of
two equal keys and loses line numbers; this one refuses duplicate keys and remembers where every record and key stands."""

import gc
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from scripts.model.problems import Problem
from scripts.model.schema import LOADER


class LocatedDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]
    file: str = ""  # the facts file it was read from, as problems name it

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class StrictLoader(LOADER):  # type: ignore[misc,valid-type]
    def construct_located_mapping(self, node: yaml.MappingNode) -> LocatedDict:
        result = LocatedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):  # a list or a mapping as a key, a number: nothing the facts use
                message = f"a key must be text, not {type(key).__name__} {key!r}"[:120]
                raise ConstructorError(None, None, message, key_node.start_mark)
            if key in result.key_lines:
                message = f"key {key!r} given twice in one record (first on line {result.key_lines[key]})"
                raise ConstructorError(None, None, message, key_node.start_mark)
            result.key_lines[key] = key_node.start_mark.line + 1
            result[key] = self.construct_object(value_node, deep=True)
        return result


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_located_mapping)


def read_yaml(path: Path, label: str) -> tuple[Any, list[Problem]]:
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return None, [Problem(label, None, None, "is not a plain file (a folder, or a link)")]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(label, None, None, "facts file is missing")]
    except UnicodeDecodeError as err:
        return None, [Problem(label, None, None, f"not valid UTF-8 ({err.reason} at byte {err.start})")]
    except OSError as err:
        return None, [Problem(label, None, None, f"cannot be read: {err.strerror}")]
    # The cyclic garbage collector off while a document is built: it holds no cycles worth collecting, and
    # the collector's passes over a growing heap made the load grow faster than the facts (exponent 1.07-1.10).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=StrictLoader), []
    except yaml.MarkedYAMLError as err:
        # The context (where the unclosed bracket or the first key stands) is where a person looks first.
        mark = err.context_mark or err.problem_mark
        message = f"YAML error: {err.problem}"
        if err.context and err.problem_mark:
            message += f" on line {err.problem_mark.line + 1}, {err.context}"
        return None, [Problem(label, None, None, message, mark.line + 1 if mark else None)]
    except yaml.YAMLError as err:
        return None, [Problem(label, None, None, f"YAML error: {err}")]
    except RecursionError:
        return None, [Problem(label, None, None, "YAML error: nested too deeply")]
    except ValueError as err:  # a number of thousands of digits, which Python refuses to read
        return None, [Problem(label, None, None, f"YAML error: {err}"[:200])]
    finally:
        if was_enabled:
            gc.enable()
