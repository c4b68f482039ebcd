package cli_test

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tsc-go/tsc/internal/cli"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestOneMeaningPerFlag walks every noun-verb command (tabcmd's keep
// tabcmd's meanings and are skipped) and checks that a flag name or
// shorthand means one thing everywhere: -o is the output format, files
// are --out (without a shorthand), a job is awaited with --wait and
// bounded with --wait-timeout, and list filters are --filter
// field:op:value while view filters are --filter-view.
func TestOneMeaningPerFlag(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	root := cli.NewRootCmd(&cmdutil.Factory{IO: io, Globals: &cmdutil.GlobalOptions{}, Getenv: func(string) string { return "" }})
	checked := 0
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmdutil.IsTabcmd(cmd) {
			return
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
		if !cmd.Runnable() {
			return
		}
		checked++
		path := cmd.CommandPath()
		fl := cmd.LocalFlags()
		if o := fl.ShorthandLookup("o"); o != nil && o.Name != "output" {
			t.Errorf("%s: -o is --%s, want --output (the output format)", path, o.Name)
		}
		if f := fl.Lookup("output"); f != nil && !strings.Contains(f.Usage, "output format") {
			t.Errorf("%s: --output is %q, want the output format", path, f.Usage)
		}
		if f := fl.Lookup("out"); f != nil && f.Shorthand != "" {
			t.Errorf("%s: --out has shorthand -%s; files have no shorthand", path, f.Shorthand)
		}
		if (fl.Lookup("wait") == nil) != (fl.Lookup("wait-timeout") == nil) && path != "tabctl jobs wait" && path != "tabctl flow-runs wait" {
			t.Errorf("%s: --wait and --wait-timeout come together", path)
		}
		if f := fl.Lookup("filter"); f != nil && !strings.Contains(f.Usage, "field:op:value") {
			t.Errorf("%s: --filter is %q, want field:op:value", path, f.Usage)
		}
		fl.VisitAll(func(f *pflag.Flag) {
			if strings.Contains(f.Name, "filter") && f.Name != "filter" && f.Name != "filter-view" {
				t.Errorf("%s: --%s: filters are --filter or --filter-view", path, f.Name)
			}
			if f.Name == "overwrite" && f.Value.Type() != "bool" {
				t.Errorf("%s: --overwrite is a %s, want a switch", path, f.Value.Type())
			}
		})
	}
	walk(root)
	if checked < 40 {
		t.Fatalf("only %d commands checked: the walk is broken", checked)
	}
}
