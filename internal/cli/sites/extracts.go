package sites

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ExtractEncryptionOptions are the settings of `sites encrypt-extracts`,
// `decrypt-extracts` and `reencrypt-extracts`: Site is an id, name or
// content URL, or empty for the site of the session.
type ExtractEncryptionOptions struct {
	Output  cmdutil.OutputFlags
	Site    string
	Wait    bool
	Timeout time.Duration
}

// encryptionVerbs are the three site-wide extract jobs: the command, what
// it does, and its SDK call.
var encryptionVerbs = []struct {
	use, short, long string
	call             func(ctx context.Context, c *tsc.Client, siteID string) (*tsc.Job, error)
}{
	{"encrypt-extracts", "Encrypt every extract of a site",
		"Encrypt every extract of the site at rest. The site's extract encryption mode\n(sites update --extract-encryption-mode) must be enabled or enforced.",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.EncryptExtracts(ctx, id)
		}},
	{"decrypt-extracts", "Decrypt every extract of a site",
		"Decrypt every extract of the site. A site whose extract encryption mode is\nenforced refuses it.",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.DecryptExtracts(ctx, id)
		}},
	{"reencrypt-extracts", "Encrypt a site's encrypted extracts again with new keys",
		"Give the site's encrypted extracts new encryption keys (key rotation).",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.ReencryptExtracts(ctx, id)
		}},
}

func newCmdsExtractEncryption(f *cmdutil.Factory) []*cobra.Command {
	var out []*cobra.Command
	for _, v := range encryptionVerbs {
		opts := &ExtractEncryptionOptions{}
		cmd := &cobra.Command{
			Use:   v.use + " [SITE]",
			Short: v.short,
			Long: v.long + `

Only administrators may, on the site they are signed in to. The work is a job
on the server; the command prints it, and with --wait waits for it to end
(exit 1 if it fails).`,
			Example: "  tabctl sites " + v.use + " --wait",
			Args:    cmdutil.RangeArgs(0, 1, "at most one site id, name or content URL"),
			RunE: func(cmd *cobra.Command, args []string) error {
				if len(args) == 1 {
					opts.Site = args[0]
				}
				return RunExtractEncryption(cmd.Context(), f, v.call, opts)
			},
		}
		cmdutil.AddOutputFlags(cmd, &opts.Output)
		cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.Timeout, "wait for the job to end")
		out = append(out, cmd)
	}
	return out
}

// RunExtractEncryption starts a site-wide extract job with call, waits
// when asked, and prints the job.
func RunExtractEncryption(ctx context.Context, f *cmdutil.Factory, call func(context.Context, *tsc.Client, string) (*tsc.Job, error),
	opts *ExtractEncryptionOptions) error {
	p, err := cmdutil.NewPrinter(resources.JobTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Timeout < 0 || (opts.Timeout > 0 && !opts.Wait) {
		return cmdutil.FlagErrorf("--wait-timeout takes a positive duration and goes with --wait")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	site := &tsc.Site{ID: c.Session().SiteID}
	if opts.Site != "" {
		if site, err = resources.ResolveSite(ctx, c, opts.Site); err != nil {
			return err
		}
	}
	job, err := call(ctx, c, site.ID)
	if err != nil {
		return err
	}
	if job == nil {
		f.Successf("The server accepted the request and answered no job\n")
		return nil
	}
	if opts.Wait {
		if job, err = jobs.Wait(ctx, f, c, job.ID, "Working on the site's extracts", opts.Timeout); err != nil {
			return err
		}
	}
	return p.One(f.IO.Out, resources.NewJobRow(*job))
}
