#!/usr/bin/env python3
"""Counts user-facing error texts still written in English (plain string literals, not catalogue
messages) in the service- and server-side sources of issue 12, per file.

A statement counts when it raises or answers an error to a user -- `throw InputError(...)`,
`throw HttpError{...}`, `throw Forbidden(...)`, `issues.add(...)`, `error_body("...")`,
`bad(field, "...")` -- and holds a string literal with a letter that is not a catalogue key
(the first argument of `message(...)`). Programming errors (`throw Error(`, std::logic_error,
std::runtime_error, asserts) are counted apart as "internal": they may stay English.

Usage: scripts/english_errors_service.py [--list]   (run from the repository root)
"""
import re
import sys
from pathlib import Path

AREAS = ["src/server", "src/listing", "src/placement", "src/app", "src/economy/economy_service.cpp",
         "src/economy/postgres_economy_repository.cpp", "src/forecast/forecast.cpp",
         "src/survey/survey.cpp", "src/store", "src/output/tables.cpp"]

USER = re.compile(r"\b(throw\s+InputError|InputError\s*\(|HttpError\s*\{|Forbidden\s*\(|"
                  r"issues\.add\s*\(|error_body\s*\(|throw\s+bad\s*\(|refuse\s*\(|"
                  r"StoreConflict\s*\(|UserError\s*\(|\bfail\s*\(|\bbad\s*\(|\bforbid\s*\(|\bdeny\s*\(|\brefuse\s*\()")
INTERNAL = re.compile(r"\b(throw\s+(praksis::)?Error\s*\(|std::(logic|runtime|invalid_argument|"
                      r"out_of_range)_error\s*\(|throw\s+StaleSlice)")
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
# Files whose own `fail(...)` helper throws a store error (SqliteError, PgError, a damaged
# snapshot): a programming or I/O failure, not the user's input.
INTERNAL_FAIL = {"src/store/sqlite.cpp", "src/store/postgres/postgres.cpp",
                 "src/store/world_snapshot.cpp"}
KEY_ARG = re.compile(r'\b(message|textf?|say)\s*\(\s*"[^"]*"')


def statements(text):
    """(line number, statement text) for each statement, split at `;` outside literals."""
    out, start, line, buf, i = [], 1, 1, [], 0
    in_str = False
    while i < len(text):
        c = text[i]
        if not in_str and text.startswith("//", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        buf.append(c)
        if c == "\n":
            line += 1
        if in_str:
            if c == "\\":
                buf.append(text[i + 1]); i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == ";" or (c in "{}" and text[i + 1:i + 2] == "\n"):
            s = "".join(buf)
            if s.strip():
                out.append((start, s))
            buf, start = [], line
        i += 1
    return out


def english(stmt):
    s = KEY_ARG.sub("", stmt)
    for lit in LITERAL.findall(s):
        words = re.findall(r"[A-Za-z]{2,}", lit)
        if words and not re.fullmatch(r"[a-z_.$\[\]0-9{}:-]+", lit) and " " in lit:
            return True
    return False


def files():
    for a in AREAS:
        p = Path(a)
        if p.is_file():
            yield p
        else:
            yield from sorted(q for q in p.rglob("*") if q.suffix in (".cpp", ".hpp"))


def main():
    listing = "--list" in sys.argv
    tot_u = tot_i = 0
    for f in files():
        text = f.read_text()
        u = i = 0
        for n, s in statements(text):
            # A catch clause's `{` ends the statement before the throw; look only at the throw.
            internal_fail = str(f) in INTERNAL_FAIL and re.search(r"\bfail\s*\(", s)
            if (INTERNAL.search(s) or internal_fail) and english(s):
                i += 1
                if listing:
                    print(f"  internal {f}:{n}: {' '.join(s.split())[:140]}")
            elif USER.search(s) and english(s):
                u += 1
                if listing:
                    print(f"  user     {f}:{n}: {' '.join(s.split())[:140]}")
        if u or i:
            print(f"{u:4d} user  {i:4d} internal  {f}")
        tot_u += u
        tot_i += i
    print(f"{tot_u:4d} user  {tot_i:4d} internal  total")


if __name__ == "__main__":
    main()
