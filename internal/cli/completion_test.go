package cli_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// TestCompletionScripts: cobra's completion command writes a script for
// each shell that names tabctl and hooks its completions.
func TestCompletionScripts(t *testing.T) {
	e := clitest.New(t)
	for shell, marker := range map[string]string{
		"bash":       "complete -o default -F __start_tabctl tabctl",
		"zsh":        "#compdef tabctl",
		"fish":       "complete -c tabctl",
		"powershell": "Register-ArgumentCompleter -CommandName 'tabctl'",
	} {
		r := e.Run("completion", shell)
		if r.Code != 0 || r.Stderr != "" {
			t.Errorf("completion %s: exit %d, stderr %q", shell, r.Code, r.Stderr)
			continue
		}
		if !strings.Contains(r.Stdout, marker) {
			t.Errorf("the %s script lacks %q", shell, marker)
		}
	}
}

// TestCompletionOfCommands: the hidden __complete command, which the
// scripts call, proposes tabctl's commands and their flags.
func TestCompletionOfCommands(t *testing.T) {
	e := clitest.New(t)
	out := e.MustRun("__complete", "create")
	for _, want := range []string{"createproject", "createsite", "createsiteusers", "creategroup"} {
		if !strings.Contains(out, want) {
			t.Errorf("completing 'create' lacks %s:\n%s", want, out)
		}
	}
	if out := e.MustRun("__complete", "publish", "--ov"); !strings.Contains(out, "--overwrite") {
		t.Errorf("completing 'publish --ov':\n%s", out)
	}
	if out := e.MustRun("__complete", "list", ""); !strings.Contains(out, "workbooks") || !strings.Contains(out, "datasources") {
		t.Errorf("completing 'list ':\n%s", out)
	}
}

func TestVersion(t *testing.T) {
	e := clitest.New(t)
	out := e.MustRun("version")
	want := regexp.MustCompile(`^tabctl \S+ \(tsc SDK \S+, REST API up to ` + regexp.QuoteMeta(tsc.LatestVersion.String()) + `\)\n$`)
	if !want.MatchString(out) {
		t.Errorf("version printed %q", out)
	}
	if !strings.Contains(out, tsc.SDKVersion) {
		t.Errorf("version %q does not name the SDK version %s", out, tsc.SDKVersion)
	}
}
