package resources

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// DefaultProject is the project content goes to when no project is named,
// as in tabcmd: the one every site has. Current servers call it "Default"
// (tabcmd looks it up by that name); servers of 2016 and before answered
// "default" (TSC's oldest captured responses), which ResolveTarget also
// tries.
const DefaultProject = "Default"

// olderDefaultProject is the default project's name on older servers.
const olderDefaultProject = "default"

// PublishFlags are the flags workbooks and data sources publish alike.
type PublishFlags struct {
	// Project is a project name or path; ProjectID an id. Neither means
	// DefaultProject.
	Project   string
	ProjectID string
	// Name is the name on the server; empty takes the file's name.
	Name                string
	Description         string
	Overwrite           bool
	AsJob               bool
	SkipConnectionCheck bool
	// DBUsername, DBPassword and SaveDBPassword are the database
	// credentials of the content's connection.
	DBUsername     string
	DBPassword     string
	SaveDBPassword bool
}

// AddPublishFlags registers the shared publish flags.
func AddPublishFlags(cmd *cobra.Command, p *PublishFlags) {
	fl := cmd.Flags()
	fl.StringVar(&p.Project, "project", "", `project to publish into, by name or path (default "Default")`)
	fl.StringVar(&p.ProjectID, "project-id", "", "project to publish into, by id")
	fl.StringVarP(&p.Name, "name", "n", "", "name on the server (default: the file's name without extension)")
	fl.StringVar(&p.Description, "description", "", "description")
	cmdutil.AddOverwriteFlag(cmd, &p.Overwrite, "replace content of the same name in the project (a new revision)")
	fl.BoolVar(&p.AsJob, "as-job", false, "let the server publish in the background and print the job")
	fl.BoolVar(&p.SkipConnectionCheck, "skip-connection-check", false, "do not have the server test the connections")
	fl.StringVar(&p.DBUsername, "db-username", "", "database user name for the connection")
	fl.StringVar(&p.DBPassword, "db-password", "", "database password for the connection")
	fl.BoolVar(&p.SaveDBPassword, "save-db-password", false, "embed the database credentials with the content")
}

// Check validates the flags without any request.
func (p *PublishFlags) Check() error {
	if p.Project != "" && p.ProjectID != "" {
		return cmdutil.FlagErrorf("give --project or --project-id, not both")
	}
	if p.DBUsername == "" && (p.DBPassword != "" || p.SaveDBPassword) {
		return cmdutil.FlagErrorf("--db-password and --save-db-password need --db-username")
	}
	return nil
}

// Credentials are the connection credentials the flags give, or nil.
func (p *PublishFlags) Credentials() *tsc.ConnectionCredentials {
	if p.DBUsername == "" {
		return nil
	}
	return &tsc.ConnectionCredentials{Name: p.DBUsername, Password: tsc.Secret(p.DBPassword), Embed: p.SaveDBPassword}
}

// Mode is the publish mode the flags ask for (append is the caller's).
func (p *PublishFlags) Mode() tsc.PublishMode {
	if p.Overwrite {
		return tsc.PublishOverwrite
	}
	return tsc.PublishCreateNew
}

// ResolveTarget finds the project to publish into: by id as given (the
// server checks it), by name or path, or the default project.
func (p *PublishFlags) ResolveTarget(ctx context.Context, c *tsc.Client) (*tsc.Project, error) {
	if p.ProjectID != "" {
		return &tsc.Project{ID: p.ProjectID}, nil
	}
	name := p.Project
	if name == "" {
		name = DefaultProject
	}
	proj, err := ResolveProject(ctx, c, name)
	var nf *NotFoundError
	if p.Project == "" && errors.As(err, &nf) {
		proj, err = ResolveProject(ctx, c, olderDefaultProject)
		if errors.As(err, &nf) {
			return nil, errors.New(`the site has no project "Default": name one with --project or --project-id`)
		}
	}
	if err != nil {
		return nil, err
	}
	return &tsc.Project{ID: proj.ID, Name: proj.Name}, nil
}
