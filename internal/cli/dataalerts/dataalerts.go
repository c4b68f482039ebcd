// Package dataalerts holds `tabctl data-alerts`: list, get, update and
// delete the data-driven alerts of the current site and manage their
// recipients. Tableau creates alerts in its web UI, so there is no create.
package dataalerts

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdDataAlerts builds `tabctl data-alerts` and its verbs.
func NewCmdDataAlerts(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data-alerts <command>",
		Short: "List, change and delete data-driven alerts and their recipients",
		Long: `List, change and delete the site's data-driven alerts and manage who receives
them. Alerts are created in Tableau's web UI (the emulator: tsctest's
CreateDataAlert, or POST /_emulator/dataAlerts).`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.DataAlertList, cmdutil.Help{
			Short:   "List the data alerts you can see (all of them, for an administrator)",
			Example: `  tabctl data-alerts list -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.DataAlertItem, cmdutil.Help{
			Short:   "Show a data alert with its recipients, by id or subject",
			Example: `  tabctl data-alerts get "Sales dropped" -o json`,
		}),
		newCmdUpdate(f),
		cmdutil.NewCmdDelete(f, resources.DataAlertItem, cmdutil.Deleter[tsc.DataAlert]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.DataAlerts.Delete(ctx, id) },
		}, cmdutil.Help{Short: "Delete a data alert"}),
		newCmdRecipient(f, true), newCmdRecipient(f, false),
	)
	return cmd
}

// UpdateOptions are the settings of `data-alerts update`.
type UpdateOptions struct {
	Output    cmdutil.OutputFlags
	Ref       string
	Subject   string
	Frequency string
	Public    *bool
	Owner     string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	o := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:     "update ALERT",
		Short:   "Change a data alert's subject, frequency, visibility or owner",
		Example: `  tabctl data-alerts update "Sales dropped" --frequency Daily --public=false`,
		Args:    cmdutil.ExactArgs(1, "a data alert id or subject"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			o.Public = cmdutil.ChangedBool(cmd, "public")
			return RunUpdate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	fl := cmd.Flags()
	fl.StringVar(&o.Subject, "subject", "", "new subject")
	fl.StringVar(&o.Frequency, "frequency", "", "Once, AsFrequentlyAsPossible, Hourly, Daily or Weekly")
	fl.Bool("public", false, "whether everyone who can see the view can see the alert")
	fl.StringVar(&o.Owner, "owner", "", "new owner, by id or name")
	return cmd
}

// RunUpdate changes the alert and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, o *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.DataAlertTable, o.Output)
	if err != nil {
		return err
	}
	freq, err := cmdutil.OneOf("frequency", o.Frequency, "Once", "AsFrequentlyAsPossible", "Hourly", "Daily", "Weekly")
	if err != nil {
		return err
	}
	if o.Subject == "" && freq == "" && o.Public == nil && o.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give --subject, --frequency, --public or --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	a, err := resources.DataAlertItem.Find(ctx, c, o.Ref, "")
	if err != nil {
		return err
	}
	change := tsc.DataAlert{ID: a.ID, Subject: o.Subject, Frequency: freq, Public: o.Public}
	if o.Owner != "" {
		u, err := resources.ResolveUser(ctx, c, o.Owner)
		if err != nil {
			return err
		}
		change.Owner = &tsc.User{ID: u.ID}
	}
	out, err := c.DataAlerts.Update(ctx, change)
	if err != nil {
		return fmt.Errorf("updating the data alert: %w", err)
	}
	return p.One(f.IO.Out, resources.NewDataAlertRow(*out))
}

func newCmdRecipient(f *cmdutil.Factory, add bool) *cobra.Command {
	use, short := "remove-user ALERT USER", "Stop sending a data alert to a user"
	if add {
		use, short = "add-user ALERT USER", "Send a data alert to one more user"
	}
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Example: "  tabctl data-alerts " + use[:len(use)-len(" ALERT USER")] + ` "Sales dropped" ann`,
		Args:    cmdutil.ExactArgs(2, "a data alert (id or subject) and a user (id or name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := f.Client(ctx)
			if err != nil {
				return err
			}
			a, err := resources.DataAlertItem.Find(ctx, c, args[0], "")
			if err != nil {
				return err
			}
			u, err := resources.ResolveUser(ctx, c, args[1])
			if err != nil {
				return err
			}
			if add {
				if _, err := c.DataAlerts.AddUser(ctx, a.ID, u.ID); err != nil {
					return err
				}
				f.Successf("Added %s to data alert %q\n", u.Name, a.Subject)
				return nil
			}
			if err := c.DataAlerts.RemoveUser(ctx, a.ID, u.ID); err != nil {
				return err
			}
			f.Successf("Removed %s from data alert %q\n", u.Name, a.Subject)
			return nil
		},
	}
}
