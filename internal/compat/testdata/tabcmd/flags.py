"""Prints, as JSON, every tabcmd command with each of its options as its
parsers define them: the option strings, and whether it takes a value.
The corpus test compares this with tabctl's command tree."""
import argparse
import json

from tabcmd.execution.parent_parser import ParentParser

parser = ParentParser()
root = parser.connect_commands()
sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
out = {}
for name, p in sub.choices.items():
    opts = []
    for a in p._actions:
        if not a.option_strings or "--help" in a.option_strings:
            continue
        opts.append({"names": a.option_strings, "value": a.nargs != 0})
    out[name] = opts
print(json.dumps(out))
