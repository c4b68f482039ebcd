package cli

import (
	"github.com/tsc-go/tsc/internal/cli/datasources"
	"github.com/tsc-go/tsc/internal/cli/flows"
	"github.com/tsc-go/tsc/internal/cli/groups"
	"github.com/tsc-go/tsc/internal/cli/groupsets"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/permissions"
	"github.com/tsc-go/tsc/internal/cli/projects"
	"github.com/tsc-go/tsc/internal/cli/schedules"
	"github.com/tsc-go/tsc/internal/cli/sites"
	"github.com/tsc-go/tsc/internal/cli/tasks"
	"github.com/tsc-go/tsc/internal/cli/users"
	"github.com/tsc-go/tsc/internal/cli/views"
	"github.com/tsc-go/tsc/internal/cli/virtualconnections"
	"github.com/tsc-go/tsc/internal/cli/workbooks"
)

// The noun-verb commands: one package per resource, each registering its
// noun here.
func init() {
	Register(sites.NewCmdSites)
	Register(projects.NewCmdProjects)
	Register(users.NewCmdUsers)
	Register(groups.NewCmdGroups)
	Register(groupsets.NewCmdGroupSets) // issue 16
	Register(workbooks.NewCmdWorkbooks)
	Register(views.NewCmdViews)
	Register(datasources.NewCmdDatasources)
	Register(jobs.NewCmdJobs)
	Register(permissions.NewCmdPermissions)
	Register(schedules.NewCmdSchedules)
	Register(tasks.NewCmdTasks)
	Register(flows.NewCmdFlows)
	Register(flows.NewCmdFlowRuns)
	Register(virtualconnections.NewCmdVirtualConnections)
}
