// Package docgen writes tabctl's command reference, docs/cli.md, from the
// command tree itself: each command's path, description, usage line, flags
// and examples. Generated rather than written, the reference cannot drift
// from the commands; a test regenerates it and fails when the file in the
// repository differs.
//
// Refresh it with:
//
//	go generate ./internal/cli/docgen
package docgen

//go:generate go run ./cmd -o ../../../docs/cli.md

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tsc-go/tsc/internal/cli"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// RefreshCommand is how to regenerate docs/cli.md, for messages.
const RefreshCommand = "go generate ./internal/cli/docgen"

// Generate builds tabctl's command tree as a run would (with the default
// completion command) and returns its reference in Markdown. Nothing in
// it depends on the environment or the terminal.
func Generate() []byte {
	io, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: io, Globals: &cmdutil.GlobalOptions{}, Getenv: func(string) string { return "" }}
	root := cli.NewRootCmd(f)
	root.InitDefaultCompletionCmd()
	return Markdown(root)
}

// Markdown renders the reference of root and every visible command under it.
func Markdown(root *cobra.Command) []byte {
	var b bytes.Buffer
	name := root.Name()
	fmt.Fprintf(&b, "# %s command reference\n\n", name)
	fmt.Fprintf(&b, "<!-- Generated from the command tree by `%s`: do not edit by hand. -->\n\n", RefreshCommand)
	if root.Long != "" {
		writeProse(&b, root.Long)
	}
	fmt.Fprintf(&b, "## Global flags\n\nEvery command takes these flags.\n\n")
	writeBlock(&b, flagUsages(root.PersistentFlags()))

	cmds := visible(root)
	fmt.Fprintf(&b, "## Commands\n\n| Command | Description |\n|---|---|\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", c.CommandPath(), anchor(c.CommandPath()), escapeCell(c.Short))
	}
	b.WriteString("\n")
	for _, c := range cmds {
		writeCommand(&b, c)
	}
	return b.Bytes()
}

// visible lists the commands under root, depth first in name order,
// leaving out hidden and deprecated ones and cobra's help command.
func visible(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Deprecated != "" || sub.Name() == "help" {
				continue
			}
			out = append(out, sub)
			walk(sub)
		}
	}
	walk(root)
	return out
}

func writeCommand(b *bytes.Buffer, c *cobra.Command) {
	fmt.Fprintf(b, "## %s\n\n", c.CommandPath())
	if c.Short != "" {
		fmt.Fprintf(b, "%s.\n\n", strings.TrimSuffix(c.Short, "."))
	}
	if c.Long != "" {
		writeProse(b, c.Long)
	}
	if c.Runnable() {
		writeBlock(b, c.UseLine())
	}
	if subs := visibleChildren(c); len(subs) > 0 {
		b.WriteString("Subcommands:\n\n")
		for _, s := range subs {
			fmt.Fprintf(b, "- [`%s`](#%s): %s\n", s.CommandPath(), anchor(s.CommandPath()), s.Short)
		}
		b.WriteString("\n")
	}
	if u := flagUsages(c.NonInheritedFlags()); u != "" {
		b.WriteString("Flags:\n\n")
		writeBlock(b, u)
	}
	if c.Example != "" {
		b.WriteString("Examples:\n\n")
		writeBlock(b, c.Example)
	}
}

func visibleChildren(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, s := range c.Commands() {
		if !s.Hidden && s.Deprecated == "" && s.Name() != "help" {
			out = append(out, s)
		}
	}
	return out
}

// flagUsages lists flags as cobra's help does, without --help, which every
// command has.
func flagUsages(fs *pflag.FlagSet) string {
	keep := pflag.NewFlagSet("", pflag.ContinueOnError)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" && !f.Hidden {
			keep.AddFlag(f)
		}
	})
	return keep.FlagUsagesWrapped(0)
}

// writeProse writes a command's long description: paragraphs as they are,
// and runs of indented lines (tables, lists of forms) as code blocks, so
// that Markdown keeps their layout.
func writeProse(b *bytes.Buffer, text string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 0; i < len(lines); {
		if strings.HasPrefix(lines[i], "  ") {
			j := i
			for j < len(lines) && (strings.HasPrefix(lines[j], "  ") || (strings.TrimSpace(lines[j]) == "" && j+1 < len(lines) && strings.HasPrefix(lines[j+1], "  "))) {
				j++
			}
			writeBlock(b, strings.Join(lines[i:j], "\n"))
			for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
				j++
			}
			i = j
			continue
		}
		j := i
		for j < len(lines) && !strings.HasPrefix(lines[j], "  ") {
			j++
		}
		para := strings.TrimSpace(strings.Join(lines[i:j], "\n"))
		if para != "" {
			b.WriteString(para + "\n\n")
		}
		i = j
	}
}

// writeBlock writes text as a fenced code block.
func writeBlock(b *bytes.Buffer, text string) {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return
	}
	fmt.Fprintf(b, "```\n%s\n```\n\n", text)
}

// anchor is the id GitHub gives the heading "# text".
func anchor(text string) string {
	var out strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			out.WriteRune('-')
		case r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			out.WriteRune(r)
		}
	}
	return out.String()
}

// escapeCell keeps a table cell on one line and its pipes literal.
func escapeCell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}
