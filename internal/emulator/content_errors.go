package emulator

import (
	"net/http"

	"github.com/tsc-go/tsc"
)

// Error codes of the content endpoints (publishing, workbooks, views, data
// sources, jobs, file uploads), beside the ones in errors.go. Sources:
//   - 400011 is the code Tableau answers for a file it cannot publish
//     ("There was a problem publishing the file"), as Tableau's knowledge
//     base articles on publishing failures quote it;
//   - the 404 codes are those of the REST API reference's error tables for
//     Query Workbook (404006), Query View Image (404011), Query Data Source
//     (404004), Update Connection (404020), Query Job (404031) and Publish
//     with an upload session (404017), as remembered: the reference pages
//     reachable from this project show the tables only in part, so these
//     are flagged in docs as to be confirmed against a live server;
//   - 409004 is the Publish Workbook table's code for a name taken in the
//     project without overwrite (used for data sources too);
//   - where no code could be found the class code (status*1000) is used,
//     as errors.go does.
const (
	codePublishFailed      = "400011" // the file cannot be read as its type, or is refused for safety
	codeUploadInvalid      = "400016" // an Append to File Upload request without its file part
	codeDatasourceNotFound = "404004"
	codeWorkbookNotFound   = "404006"
	codeViewNotFound       = "404011"
	codeUploadNotFound     = "404017"
	codeConnectionNotFound = "404020"
	codeJobNotFound        = "404031"
	codeRevisionNotFound   = "404000" // class code
	codeTagNotFound        = "404000" // class code
	codeContentNameTaken   = "409004"
	codePayloadTooLarge    = "413000" // class code: Tableau's 64 MB single-request limit
	codeTooManyUploads     = "429000" // class code: a user's open upload sessions at maxOpenUploads
)

func workbookNotFound(id string) *apiError {
	return notFound(codeWorkbookNotFound, "Workbook '%s' could not be found.", id)
}

func viewNotFound(id string) *apiError {
	return notFound(codeViewNotFound, "View '%s' could not be found.", id)
}

func datasourceNotFound(id string) *apiError {
	return notFound(codeDatasourceNotFound, "Data source '%s' could not be found.", id)
}

func jobNotFound(id string) *apiError {
	return notFound(codeJobNotFound, "Job '%s' could not be found.", id)
}

func connectionNotFound(id string) *apiError {
	return notFound(codeConnectionNotFound, "Connection '%s' could not be found.", id)
}

func uploadNotFound(id string) *apiError {
	return notFound(codeUploadNotFound, "Upload session '%s' could not be found; it may have expired or been used.", id)
}

func publishFailed(file, format string, args ...any) *apiError {
	e := errf(http.StatusBadRequest, codePublishFailed, "Bad Request", format, args...)
	e.Detail = "There was a problem publishing the file '" + file + "': " + e.Detail
	return e
}

// canPublish reports whether the user's site role may publish content:
// Creators, Explorers who can publish and administrators.
func (u *userRow) canPublish() bool {
	if u.ServerAdmin {
		return true
	}
	switch u.SiteRole {
	case tsc.SiteRoleCreator, tsc.SiteRoleExplorerCanPublish, tsc.SiteRoleSiteAdministratorCreator,
		tsc.SiteRoleSiteAdministratorExplorer, tsc.SiteRoleServerAdministrator, tsc.SiteRolePublisher:
		return true
	}
	return false
}

// requirePublisher refuses users whose site role cannot publish.
func (c *call) requirePublisher(what string) error {
	if !c.user.canPublish() {
		return noPermission("User '%s' with site role %s does not have permission to %s.", c.user.Name, c.user.SiteRole, what)
	}
	return nil
}

// Schedules and tasks. Tableau's reference documents no specific code we
// could confirm for a missing schedule or task; their answers carry the
// class code with Tableau's message in the detail, as other resources here do.
const (
	codeScheduleNotFound = "404000" // class code
	codeTaskNotFound     = "404000" // class code
	codeScheduleNameDup  = "409000" // class code: a schedule name is taken
)
