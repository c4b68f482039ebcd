"""Helpers for the compatibility scripts (internal/compat, package compat_test).

A script drives the emulator with the real tableauserverclient (TSC) and
reports to the Go test on stdout, one JSON object a line after "@compat "
(TSC prints to stdout too; those lines are ignored):

    {"check": "users.add", "got": ..., "want": ...}   one TSC call and what it gave
    {"verify": "file is a PNG", "got": ..., "want": ...}  a check made without TSC
    {"out": "workbook_id", "value": ...}               a value the Go test checks with the SDK
    {"done": N}                                         the script ran to its end (N checks)

The Go test compares got with want (after a JSON round trip), counts the
checks and fails on any mismatch or on a script that stops before "done".
"""

import json
import os
import sys

import tableauserverclient as TSC

SERVER = os.environ["COMPAT_SERVER"]
USER = os.environ["COMPAT_USER"]
PASSWORD = os.environ["COMPAT_PASSWORD"]
TOKEN_NAME = os.environ.get("COMPAT_TOKEN_NAME", "")
TOKEN_SECRET = os.environ.get("COMPAT_TOKEN_SECRET", "")
INPUT = json.loads(os.environ.get("COMPAT_INPUT") or "{}")
WORKDIR = os.environ["COMPAT_WORKDIR"]
TESTDATA = os.environ["COMPAT_TESTDATA"]

_checks = 0


# TSC itself prints to stdout in places, so reports carry a prefix.
PREFIX = "@compat "


def _emit(obj):
    sys.stdout.write(PREFIX + json.dumps(obj, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()


def server():
    """A TSC.Server for the emulator, not signed in, speaking the server's
    own API version, as TSC's samples make it (use_server_version=True):
    TSC's default version, 2.4, predates personal access tokens."""
    return TSC.Server(SERVER, use_server_version=True)


def signed_in(site=""):
    """A TSC.Server signed in as the administrator on site (a content URL)."""
    s = server()
    s.auth.sign_in(TSC.TableauAuth(USER, PASSWORD, site_id=site))
    return s


def check(call, got, want):
    """Reports one TSC call: got is what it gave, want what it should."""
    global _checks
    _checks += 1
    _emit({"check": call, "got": got, "want": want})


def verify(what, got, want):
    """Like check, for a value read without TSC (a plain HTTP request, a
    file on disk): compared the same way, not counted as a TSC call."""
    _emit({"verify": what, "got": got, "want": want})


def check_error(call, fn, code):
    """Runs fn, which must fail with a server error with this code."""
    from tableauserverclient.server.endpoint.exceptions import XMLError
    try:
        fn()
    except XMLError as e:  # ServerResponseError, FailedSignInError
        check(call, str(e.code), code)
        return
    check(call, "no error", code)


def out(key, value):
    """Hands a value (an id) to the Go test."""
    _emit({"out": key, "value": value})


def done():
    _emit({"done": _checks})


def names(items):
    return [i.name for i in items]


def sorted_names(items):
    return sorted(i.name for i in items)
