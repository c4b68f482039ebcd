// Package compat holds the compatibility suite: the clients Tableau users
// actually run, Python's tableauserverclient (TSC) and tabcmd, unmodified,
// driving the emulator (tsctest) on a real loopback port, with the results
// checked again through this module's own SDK.
//
// The package has no code of its own; its tests are the suite. Each TSC
// script in testdata/tsc reports one JSON line per client call (what the
// call gave and what it should give), which the Go test compares and counts;
// each tabcmd command line runs in its own HOME and is checked by its exit
// status, its output and the state it leaves, read through the SDK.
//
// The suite needs Debian's /usr/bin/python3 with the packages the clients
// import (python3-requests, python3-defusedxml, python3-packaging,
// python3-typing-extensions, python3-urllib3) and the clients themselves
// in ../shared/clients beside the module (TSC_CLIENTS_DIR overrides the
// place). Without them the tests skip, saying what is missing; with the CI
// environment variable set they fail instead, as the conformance tests do.
//
// Where a client is itself wrong, in a way that would fail against a real
// Tableau Server too, the test says so where it works around it, and the
// clients stay unpatched: they are read-only inputs.
package compat
