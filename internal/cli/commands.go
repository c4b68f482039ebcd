package cli

import (
	"github.com/tsc-go/tsc/internal/cli/groups"
	"github.com/tsc-go/tsc/internal/cli/projects"
	"github.com/tsc-go/tsc/internal/cli/sites"
	"github.com/tsc-go/tsc/internal/cli/users"
)

// The noun-verb commands: one package per resource, each registering its
// noun here.
func init() {
	Register(sites.NewCmdSites)
	Register(projects.NewCmdProjects)
	Register(users.NewCmdUsers)
	Register(groups.NewCmdGroups)
}
