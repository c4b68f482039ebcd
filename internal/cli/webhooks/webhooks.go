// Package webhooks holds `tabctl webhooks`: list, get, create, update,
// delete and test the webhooks of the current site (site administrators).
package webhooks

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdWebhooks builds `tabctl webhooks` and its verbs.
func NewCmdWebhooks(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks <command>",
		Short: "Manage the site's webhooks (site administrators)",
		Long: `Create, list, change, delete and test the site's webhooks: when a webhook's event
happens on the site (WorkbookCreated, DatasourceRefreshFailed, ...), the server POSTs
a JSON payload to its destination URL. Only site and server administrators manage
webhooks.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.WebhookList, cmdutil.Help{
			Short:   "List the site's webhooks",
			Example: `  tabctl webhooks list -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.WebhookItem, cmdutil.Help{
			Short:   "Show a webhook, by id or name",
			Example: `  tabctl webhooks get "Failed refreshes" -o json`,
		}),
		newCmdCreate(f),
		newCmdUpdate(f),
		cmdutil.NewCmdDelete(f, resources.WebhookItem, cmdutil.Deleter[tsc.Webhook]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Webhooks.Delete(ctx, id) },
		}, cmdutil.Help{Short: "Delete a webhook"}),
		newCmdTest(f),
	)
	return cmd
}

// eventFlag checks an --event value against Tableau's event names.
func eventFlag(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return cmdutil.OneOf("event", v, tsc.WebhookEvents...)
}

// CreateOptions are the settings of `webhooks create`.
type CreateOptions struct {
	Output cmdutil.OutputFlags
	Name   string
	Event  string
	URL    string
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	o := &CreateOptions{}
	cmd := &cobra.Command{
		Use:     "create NAME --event EVENT --url URL",
		Short:   "Create a webhook",
		Example: `  tabctl webhooks create "Failed refreshes" --event DatasourceRefreshFailed --url https://hooks.example.com/tableau`,
		Args:    cmdutil.ExactArgs(1, "the webhook's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Name = args[0]
			return RunCreate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	cmd.Flags().StringVar(&o.Event, "event", "", "the event, e.g. WorkbookCreated or DatasourceRefreshFailed (required)")
	cmd.Flags().StringVar(&o.URL, "url", "", "the destination URL, https (required)")
	return cmd
}

// RunCreate creates the webhook and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, o *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.WebhookTable, o.Output)
	if err != nil {
		return err
	}
	ev, err := eventFlag(o.Event)
	if err != nil {
		return err
	}
	if ev == "" || o.URL == "" {
		return cmdutil.FlagErrorf("a webhook needs --event and --url")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	w, err := c.Webhooks.Create(ctx, tsc.NewWebhook(o.Name, ev, o.URL))
	if err != nil {
		return fmt.Errorf("creating the webhook: %w", err)
	}
	return p.One(f.IO.Out, resources.NewWebhookRow(*w))
}

// UpdateOptions are the settings of `webhooks update`.
type UpdateOptions struct {
	Output  cmdutil.OutputFlags
	Ref     string
	Name    string
	Event   string
	URL     string
	Enabled *bool
	Reason  string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	o := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:     "update WEBHOOK",
		Short:   "Change a webhook's name, event or URL, or enable or disable it",
		Example: `  tabctl webhooks update "Failed refreshes" --enabled=false --reason "endpoint moving"`,
		Args:    cmdutil.ExactArgs(1, "a webhook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			o.Enabled = cmdutil.ChangedBool(cmd, "enabled")
			return RunUpdate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	fl := cmd.Flags()
	fl.StringVar(&o.Name, "name", "", "new name")
	fl.StringVar(&o.Event, "event", "", "new event")
	fl.StringVar(&o.URL, "url", "", "new destination URL")
	fl.Bool("enabled", true, "whether the webhook sends its events")
	fl.StringVar(&o.Reason, "reason", "", "why the webhook is enabled or disabled (statusChangeReason)")
	return cmd
}

// RunUpdate changes the webhook and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, o *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.WebhookTable, o.Output)
	if err != nil {
		return err
	}
	ev, err := eventFlag(o.Event)
	if err != nil {
		return err
	}
	if o.Name == "" && ev == "" && o.URL == "" && o.Enabled == nil && o.Reason == "" {
		return cmdutil.FlagErrorf("nothing to update: give --name, --event, --url, --enabled or --reason")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	w, err := resources.WebhookItem.Find(ctx, c, o.Ref, "")
	if err != nil {
		return err
	}
	change := tsc.Webhook{ID: w.ID, Name: o.Name, Event: ev, IsEnabled: o.Enabled, StatusChangeReason: o.Reason}
	if o.URL != "" {
		change.Destination = &tsc.WebhookDestination{HTTP: &tsc.WebhookDestinationHTTP{URL: o.URL}}
	}
	out, err := c.Webhooks.Update(ctx, change)
	if err != nil {
		return fmt.Errorf("updating the webhook: %w", err)
	}
	return p.One(f.IO.Out, resources.NewWebhookRow(*out))
}

func newCmdTest(f *cmdutil.Factory) *cobra.Command {
	var out cmdutil.OutputFlags
	cmd := &cobra.Command{
		Use:     "test WEBHOOK",
		Short:   "Make the server POST an empty payload to a webhook's URL now and show the answer",
		Example: `  tabctl webhooks test "Failed refreshes"`,
		Args:    cmdutil.ExactArgs(1, "a webhook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := cmdutil.NewPrinter(resources.WebhookTestTable, out)
			if err != nil {
				return err
			}
			c, err := f.Client(ctx)
			if err != nil {
				return err
			}
			w, err := resources.WebhookItem.Find(ctx, c, args[0], "")
			if err != nil {
				return err
			}
			res, err := c.Webhooks.Test(ctx, w.ID)
			if err != nil {
				return fmt.Errorf("testing the webhook: %w", err)
			}
			return p.One(f.IO.Out, resources.WebhookTestRow{ID: res.ID, Status: res.Status, Body: res.Body})
		},
	}
	cmdutil.AddOutputFlags(cmd, &out)
	return cmd
}
