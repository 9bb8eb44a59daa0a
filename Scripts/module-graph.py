#!/usr/bin/env python3
"""The module graph of Package.swift, written into docs/architecture.md between the
`<!-- module-graph -->` and `<!-- /module-graph -->` markers: a Mermaid graph of the targets'
dependencies (tests and fuzzing aside) and a table of each module's dependencies, third-party
packages in brackets. Every module must also have its line in the "One job each" list.

    python3 Scripts/module-graph.py           # rewrites the block in docs/architecture.md
    python3 Scripts/module-graph.py --check   # exit 1 when the block or the list is stale (make test runs it)

Both also check the layering: `wfo` neither depends on nor imports `Storage` or `Cluster`, and
`WebAPI` none of `Storage`, `StudyFile`, `Reporting` and `DataSources` (pages and the rules of
submitted studies come through `StudyRunner`).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "Package.swift"
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- module-graph -->", "<!-- /module-graph -->"
# The layering the design keeps (issue 31): the edges ask StudyRunner and show RunViews; they
# never open the database or talk to the scheduler themselves.
FORBIDDEN = {"wfo": {"Storage", "Cluster"}, "WebAPI": {"Storage", "StudyFile", "Reporting", "DataSources"}}
SKIPPED = {"FuzzTargets", "wfo-fuzz", "TestSupport", "FakeBinance"}


def targets(text):
    """(name, internal dependencies, third-party products) of each non-test target, in order."""
    found = []
    for match in re.finditer(r'\.(target|executableTarget|systemLibrary)\(\s*name:\s*"([^"]+)"', text):
        name = match.group(2)
        if name in SKIPPED:
            continue
        rest = text[match.end():]
        depth, end = 1, 0
        for index, character in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth == 0:
                end = index
                break
        body = rest[:end]
        products = re.findall(r'\.product\(name:\s*"([^"]+)"', body)
        deps_match = re.search(r"dependencies:\s*\[(.*?)\]\s*(,|$)", body, re.S)
        deps = []
        if deps_match:
            without_products = re.sub(r"\.product\([^)]*\)", "", deps_match.group(1))
            deps = re.findall(r'"([^"]+)"', without_products)
        found.append((name, deps, products))
    return found


def block(found):
    lines = [BEGIN, "", "```mermaid", "graph TD"]
    for name, deps, _ in found:
        for dep in deps:
            lines.append(f"  {name.replace('-', '_')} --> {dep.replace('-', '_')}")
    lines += ["```", "", "| module | depends on |", "| --- | --- |"]
    for name, deps, products in found:
        listed = ", ".join(deps) if deps else "—"
        if products:
            listed += " [" + ", ".join(products) + "]"
        lines.append(f"| `{name}` | {listed} |")
    lines += ["", "Generated from `Package.swift` by `Scripts/module-graph.py`; `make test` fails when it is stale.", "", END]
    return "\n".join(lines)


def layering_problems(found):
    """Each module of FORBIDDEN that depends on, or imports in a source file, what it must not."""
    problems = []
    for name, deps, _ in found:
        for module in sorted(FORBIDDEN.get(name, set()) & set(deps)):
            problems.append(f"Package.swift: {name} depends on {module}")
    for name, modules in FORBIDDEN.items():
        for source in sorted((ROOT / "Sources" / name).rglob("*.swift")):
            for number, line in enumerate(source.read_text().splitlines(), 1):
                match = re.match(r"\s*(?:@testable\s+|@_exported\s+)?import\s+(\w+)", line)
                if match and match.group(1) in modules:
                    problems.append(f"{source.relative_to(ROOT)}:{number}: {name} imports {match.group(1)}")
    return problems


def main():
    check = "--check" in sys.argv[1:]
    found = targets(PACKAGE.read_text())
    layering = layering_problems(found)
    if layering:
        print("the layering is broken:\n" + "\n".join(layering), file=sys.stderr)
        return 1
    doc = DOC.read_text()
    if BEGIN not in doc or END not in doc:
        print(f"{DOC}: no {BEGIN} … {END} block", file=sys.stderr)
        return 1
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    updated = doc[:start] + block(found) + doc[end:]
    described = set(re.findall(r"^- `([^`]+)`:", doc, re.M))
    missing = [name for name, _, _ in found if name not in described]
    if missing:
        print(f"{DOC}: no line in 'One job each' for {', '.join(missing)}", file=sys.stderr)
        return 1
    if updated != doc:
        if check:
            print(f"{DOC}: the module graph is stale; run python3 Scripts/module-graph.py", file=sys.stderr)
            return 1
        DOC.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
