#!/usr/bin/env python3
"""Validates scenario files against scenarios/schema/scenario.schema.json with an independent
JSON Schema 2020-12 validator (python3-jsonschema), for tst_scenarioschema.

    validate_scenarios.py SCHEMA [--expect-invalid] [--probe-strictness] [--audit-schema] FILE...

Prints one line per problem and exits 0 when every file is as expected: valid (or, with
--expect-invalid, invalid). --probe-strictness also adds an unknown field to every object of every
valid file, one at a time, and reports each place where the schema still accepts the file: the schema
must be strict everywhere except in maps whose keys are data (payload templates, stock per sku).
--audit-schema reads the schema itself: every object schema with properties must say
additionalProperties or unevaluatedProperties false, and every other object schema must type its
values (a map).
Exits 77 when jsonschema is missing, so that the caller can skip.
"""
import copy
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)

PROBE = "zzUnknownField"


def free_form(path):
    """Objects whose keys are data (a payload schema's fields are names, at any depth)."""
    last = path[-1] if path else None
    return last in ("data", "stock") or (len(path) > 2 and path[0] == "schemas" and "fields" in path[2:])


def objects(node, path):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from objects(value, path + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from objects(value, path + [i])


def audit(node, path, problems):
    """Object schemas that would let an unknown field through."""
    if isinstance(node, list):
        for i, value in enumerate(node):
            audit(value, path + [str(i)], problems)
        return
    if not isinstance(node, dict):
        return
    is_object = node.get("type") == "object" or "properties" in node
    if is_object:
        closed = node.get("additionalProperties") is False or node.get("unevaluatedProperties") is False
        if "properties" in node and not closed:
            problems.append("/".join(path) + ": properties without additionalProperties: false")
        if "properties" not in node and not isinstance(node.get("additionalProperties"), dict):
            problems.append("/".join(path) + ": an object without properties or a typed additionalProperties")
    for key, value in node.items():
        if key in ("enum", "const", "default", "examples", "required"):
            continue
        if key in ("if", "then", "else", "not"):
            continue  # conditions on an instance whose own schema is audited where it is defined
        audit(value, path + [key], problems)


def show(path):
    out = ""
    for p in path:
        out += "[%d]" % p if isinstance(p, int) else ("." if out else "") + p
    return out or "(root)"


def main(argv):
    args = argv[1:]
    expect_invalid = "--expect-invalid" in args
    probe = "--probe-strictness" in args
    files = [a for a in args[1:] if not a.startswith("--")]
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    if cls is not jsonschema.Draft202012Validator:
        print("the schema does not declare JSON Schema 2020-12")
        return 1
    cls.check_schema(schema)
    validator = cls(schema)
    failures = 0
    if "--audit-schema" in args:
        problems = []
        audit(schema, ["#"], problems)
        for p in problems:
            print("schema: " + p)
        failures += len(problems)
    for name in files:
        with open(name, encoding="utf-8") as f:
            instance = json.load(f)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if expect_invalid:
            if not errors:
                print("%s: accepted, but must be rejected" % name)
                failures += 1
            for e in errors:
                print("%s: rejected as expected: %s: %s" % (name, show(list(e.absolute_path)), e.message))
            continue
        for e in errors:
            print("%s: %s: %s" % (name, show(list(e.absolute_path)), e.message))
            failures += 1
        if errors or not probe:
            continue
        for path, node in objects(instance, []):
            if free_form(path):
                continue
            mutated = copy.deepcopy(instance)
            target = mutated
            for p in path:
                target = target[p]
            target[PROBE] = 0
            if validator.is_valid(mutated):
                print("%s: %s: the schema accepts an unknown field here" % (name, show(path)))
                failures += 1
    print("%d file(s), %d problem(s)" % (len(files), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
