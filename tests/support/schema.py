"""Checks a JSON value against the part of JSON Schema that tracker/web/static/openapi.json uses.

type (one or a list, "null" included), properties, required, additionalProperties (false,
or a schema every other value must meet), items, enum, $ref to #/components/schemas, and
format date / date-time. Small on purpose: the point is that every key a page writes is
documented, and every documented key is there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def errors(value: Any, schema: dict[str, Any], document: dict[str, Any], at: str = "$") -> list[str]:
    """What in `value` disagrees with `schema` (empty when nothing), each with where it is."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return errors(value, document["components"]["schemas"][name], document, at)
    found: list[str] = []
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        ok = any(
            isinstance(value, TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool))
            for t in allowed
        )
        if not ok:
            return [f"{at}: {type(value).__name__} {value!r:.60} is not {' or '.join(allowed)}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str) and schema.get("format") in ("date", "date-time"):
        try:
            (dt.date if schema["format"] == "date" else dt.datetime).fromisoformat(value)
        except ValueError:
            found.append(f"{at}: {value!r} is not an ISO {schema['format']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{at}: lacks {key!r}")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], document, f"{at}.{key}")
            elif extra is False:
                found.append(f"{at}: {key!r} is not documented")
            elif isinstance(extra, dict):
                found += errors(item, extra, document, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += errors(item, schema["items"], document, f"{at}[{i}]")
    return found
