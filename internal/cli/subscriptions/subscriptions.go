// Package subscriptions holds `tabctl subscriptions`: list, get, create,
// update and delete the subscriptions of the current site, which e-mail a
// view or workbook to a user on a Subscription schedule.
package subscriptions

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdSubscriptions builds `tabctl subscriptions` and its verbs.
func NewCmdSubscriptions(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "subscriptions <command>",
		Short: "List, create, update and delete subscriptions to views and workbooks",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.SubscriptionList, cmdutil.Help{
			Short:   "List the site's subscriptions (yours, unless you are an administrator)",
			Example: `  tabctl subscriptions list -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.SubscriptionItem, cmdutil.Help{
			Short:   "Show a subscription, by id or subject",
			Example: `  tabctl subscriptions get "Morning sales"`,
		}),
		newCmdCreate(f), newCmdUpdate(f),
		cmdutil.NewCmdDelete(f, resources.SubscriptionItem, cmdutil.Deleter[tsc.Subscription]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Subscriptions.Delete(ctx, id) },
		}, cmdutil.Help{Short: "Delete a subscription"}),
	)
	return cmd
}

// Options are the settings of `subscriptions create` and `update`.
type Options struct {
	Output cmdutil.OutputFlags
	// Ref names the subscription to update.
	Ref string
	// View or Workbook (create) is what is sent, by id or name; Project
	// narrows a name.
	View, Workbook, Project string
	// Schedule is a Subscription schedule, by id or name; User the
	// recipient, by id or name (default: you).
	Schedule, User         string
	Subject, Message       string
	AttachImage, AttachPDF *bool
	PageOrientation        string
	PageSize               string
	Suspended              *bool
	SendIfViewEmpty        *bool
}

func addFlags(cmd *cobra.Command, o *Options, create bool) {
	fl := cmd.Flags()
	if create {
		fl.StringVar(&o.View, "view", "", "the view to send (id, name or Workbook/View)")
		fl.StringVar(&o.Workbook, "workbook", "", "the workbook to send (id or name)")
		fl.StringVar(&o.Project, "project", "", "the project of the view or workbook, when names repeat")
		fl.StringVar(&o.User, "user", "", "who receives it, by id or name (default: you)")
		cmd.MarkFlagsMutuallyExclusive("view", "workbook")
		cmd.MarkFlagsOneRequired("view", "workbook")
	}
	fl.StringVar(&o.Schedule, "schedule", "", "a Subscription schedule, by id or name")
	fl.StringVar(&o.Subject, "subject", "", "the e-mail's subject")
	fl.StringVar(&o.Message, "message", "", "the e-mail's message")
	fl.Bool("attach-image", true, "attach an image of the view (of each view of a workbook)")
	fl.Bool("attach-pdf", false, "attach a PDF")
	fl.StringVar(&o.PageOrientation, "page-orientation", "", "PDF orientation: PORTRAIT or LANDSCAPE")
	fl.StringVar(&o.PageSize, "page-size", "", "PDF page size: A3, A4, A5, B4, B5, EXECUTIVE, FOLIO, LEDGER, LEGAL, LETTER, NOTE, QUARTO, TABLOID")
	fl.Bool("send-if-view-empty", false, "send even when the view has no data")
	if !create {
		fl.Bool("suspended", false, "suspend (true) or resume (false) the subscription")
	}
}

func readFlags(cmd *cobra.Command, o *Options) {
	o.AttachImage = cmdutil.ChangedBool(cmd, "attach-image")
	o.AttachPDF = cmdutil.ChangedBool(cmd, "attach-pdf")
	o.SendIfViewEmpty = cmdutil.ChangedBool(cmd, "send-if-view-empty")
	if cmd.Flags().Lookup("suspended") != nil {
		o.Suspended = cmdutil.ChangedBool(cmd, "suspended")
	}
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "create --view VIEW | --workbook WORKBOOK --schedule SCHEDULE --subject TEXT",
		Short: "Subscribe a user to a view or workbook on a Subscription schedule",
		Example: `  tabctl subscriptions create --view Sales/Overview --schedule "Weekday mornings" --subject "Sales today"
  tabctl subscriptions create --workbook Sales --schedule Daily --subject Sales --user ann --attach-pdf --page-size A4`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			readFlags(cmd, o)
			return RunCreate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	addFlags(cmd, o, true)
	return cmd
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "update SUBSCRIPTION",
		Short: "Change a subscription's subject, message, attachments, schedule, or suspend it",
		Example: `  tabctl subscriptions update "Sales today" --suspended
  tabctl subscriptions update 3f2a... --schedule Weekly --attach-pdf --page-orientation LANDSCAPE`,
		Args: cmdutil.ExactArgs(1, "a subscription id or subject"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			readFlags(cmd, o)
			return RunUpdate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	addFlags(cmd, o, false)
	return cmd
}

// resolveSchedule finds a schedule by id or name.
func resolveSchedule(ctx context.Context, c *tsc.Client, ref string) (string, error) {
	if resources.LooksLikeID(ref) {
		return ref, nil
	}
	for s, err := range c.Schedules.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return "", err
		}
		if strings.EqualFold(s.Name, ref) {
			return s.ID, nil
		}
	}
	return "", &resources.NotFoundError{Kind: "schedule", Key: ref}
}

func (o *Options) fields() tsc.Subscription {
	s := tsc.Subscription{Subject: o.Subject, Message: o.Message, AttachImage: o.AttachImage, AttachPDF: o.AttachPDF,
		PageOrientation: strings.ToUpper(o.PageOrientation), PageSizeOption: strings.ToUpper(o.PageSize), Suspended: o.Suspended}
	return s
}

// RunCreate creates the subscription and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	p, err := cmdutil.NewPrinter(resources.SubscriptionTable, o.Output)
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Subject) == "" || o.Schedule == "" {
		return cmdutil.FlagErrorf("a subscription needs --subject and --schedule")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	sub := o.fields()
	sub.Content = &tsc.SubscriptionContent{SendIfViewEmpty: o.SendIfViewEmpty}
	if o.View != "" {
		v, err := resources.ResolveView(ctx, c, o.View, o.Project)
		if err != nil {
			return err
		}
		sub.Content.ID, sub.Content.Type = v.ID, tsc.SubscriptionView
	} else {
		w, err := resources.ResolveWorkbook(ctx, c, o.Workbook, o.Project)
		if err != nil {
			return err
		}
		sub.Content.ID, sub.Content.Type = w.ID, tsc.SubscriptionWorkbook
	}
	sid, err := resolveSchedule(ctx, c, o.Schedule)
	if err != nil {
		return err
	}
	sub.Schedule = &tsc.Schedule{ID: sid}
	uid := c.Session().UserID
	if o.User != "" {
		u, err := resources.ResolveUser(ctx, c, o.User)
		if err != nil {
			return err
		}
		uid = u.ID
	}
	sub.User = &tsc.User{ID: uid}
	out, err := c.Subscriptions.Create(ctx, sub)
	if err != nil {
		return fmt.Errorf("creating the subscription: %w", err)
	}
	return p.One(f.IO.Out, resources.NewSubscriptionRow(*out))
}

// RunUpdate changes the subscription and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	p, err := cmdutil.NewPrinter(resources.SubscriptionTable, o.Output)
	if err != nil {
		return err
	}
	sub := o.fields()
	if sub == (tsc.Subscription{}) && o.Schedule == "" && o.SendIfViewEmpty == nil {
		return cmdutil.FlagErrorf("nothing to update: give --subject, --message, --schedule, --attach-image, --attach-pdf, --page-orientation, --page-size, --send-if-view-empty or --suspended")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	cur, err := resources.SubscriptionItem.Find(ctx, c, o.Ref, "")
	if err != nil {
		return err
	}
	sub.ID = cur.ID
	if o.Schedule != "" {
		sid, err := resolveSchedule(ctx, c, o.Schedule)
		if err != nil {
			return err
		}
		sub.Schedule = &tsc.Schedule{ID: sid}
	}
	if o.SendIfViewEmpty != nil {
		sub.Content = &tsc.SubscriptionContent{SendIfViewEmpty: o.SendIfViewEmpty}
	}
	out, err := c.Subscriptions.Update(ctx, sub)
	if err != nil {
		return fmt.Errorf("updating the subscription: %w", err)
	}
	return p.One(f.IO.Out, resources.NewSubscriptionRow(*out))
}
