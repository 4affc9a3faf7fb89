#!/usr/bin/env python3
"""Counts user-facing error texts still written as English literals (issue 12).

For each C++ file given (default: the input-side files of issue 12), finds every call that raises
or collects an error (InputError(...), IssueCollector add(...), the files' own fail()/bad()
helpers, settings' error()/emplace_back(), throw Error/std::*(...)) whose arguments hold an English string literal rather than a
catalogue message("key", ...). Prints a count per file, split into input errors (the user's input:
InputError, add, fail, bad) and other exceptions (Error, std::*: I/O, store corruption, embedded
data, programming errors). `-v` lists each site.
"""
import re
import sys
from pathlib import Path

DEFAULT = """src/io/interchange.cpp src/io/extract.cpp src/model/planning_areas.cpp
src/model/area_scope.cpp src/forecast/population_file.cpp src/core/*.cpp src/settings/*.cpp
src/synth/*.cpp src/economy/*.cpp src/survey/travel_matrix.cpp src/geo/*.cpp src/survey/trend.cpp
src/store/world_snapshot.cpp""".split()
SKIP = {"src/economy/economy_service.cpp", "src/economy/postgres_economy_repository.cpp"}
# Files whose own fail() throws Error (a damaged store), not an input error.
FAIL_IS_ERROR = {"src/store/world_snapshot.cpp"}

CALL = re.compile(r"\b(InputError|add|fail|bad|error|emplace_back|Error|runtime_error|logic_error|invalid_argument|"
                  r"out_of_range)\s*\(")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
# A text, not a name: two words (a single word is a field or column name, "latitude", "type").
ENGLISH = re.compile(r"[A-Za-z]{2,}\S*\s+\S*[A-Za-z]{2,}")


def call_text(src, start):
    """The text of the call whose '(' ends at `start`, up to its matching ')'."""
    depth, i = 0, start
    while i < len(src):
        c = src[i]
        if c == '"':
            j = i + 1
            while j < len(src) and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return src[start:i + 1]
        i += 1
    return src[start:]


def strip_messages(text):
    """Removes from a call's text what is no English reason: catalogue calls (message("key", ...),
    textf, text, say, render) with their arguments, and brace groups (the place, InputLocation{})."""
    out, i = [], 0
    call = re.compile(r"\b(message|textf|text|say|render|at|InputLocation)\s*\(")
    while True:
        m = call.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        i = m.start() + len(call_text(text, m.end() - 1)) + (m.end() - 1 - m.start())
    text = "".join(out)
    while True:
        t = re.sub(r"\{[^{}]*\}", "", text)
        if t == text:
            return text
        text = t


def sites(path):
    src = Path(path).read_text()
    out = []
    for m in CALL.finditer(src):
        name = m.group(1)
        before = src[max(0, m.start() - 12):m.start()]
        if name == "add" and not re.search(r"(issues_?|\w*issues\w*)\.$", before):
            continue
        if name == "emplace_back" and "settings" not in path:
            continue
        if name in ("fail", "bad", "error") and re.search(r"(void|auto)\s+$", before):
            continue  # the helper's own definition
        if name == "Error" and not re.search(r"throw\s+$", before):
            continue
        if name in ("runtime_error", "logic_error", "invalid_argument", "out_of_range") \
                and not re.search(r"std::$", before):
            continue
        body = strip_messages(call_text(src, m.end() - 1))
        lits = [s for s in STRING.findall(body) if ENGLISH.search(s)]
        if not lits:
            continue
        line = src.count("\n", 0, m.start()) + 1
        kind = "input" if name in ("InputError", "add", "fail", "bad", "error", "emplace_back") else "other"
        if name == "fail" and path in FAIL_IS_ERROR:
            kind = "other"
        out.append((line, kind, name, lits[0]))
    return out


def main():
    verbose = "-v" in sys.argv
    args = [a for a in sys.argv[1:] if a != "-v"]
    files = []
    for pat in args or DEFAULT:
        files += sorted(str(p) for p in Path(".").glob(pat))
    total = {"input": 0, "other": 0}
    for f in files:
        if f in SKIP:
            continue
        s = sites(f)
        n_in = sum(1 for x in s if x[1] == "input")
        n_other = len(s) - n_in
        total["input"] += n_in
        total["other"] += n_other
        if s:
            print(f"{f}: input {n_in}, other {n_other}")
        if verbose:
            for line, kind, name, lit in s:
                print(f"  {f}:{line}: [{kind}] {name}: \"{lit}\"")
    print(f"total: input {total['input']}, other {total['other']}")


if __name__ == "__main__":
    main()
