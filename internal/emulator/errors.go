package emulator

import (
	"fmt"
	"net/http"
)

// apiError is a refusal as Tableau writes it: an HTTP status and an
// <error code=...><summary/><detail/></error> body. Handlers return one; the
// adapter in server.go writes it.
type apiError struct {
	Status  int
	Code    string
	Summary string
	Detail  string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s %s: %s", e.Status, e.Code, e.Summary, e.Detail)
}

func errf(status int, code, summary, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Summary: summary, Detail: fmt.Sprintf(format, args...)}
}

// Tableau's error codes, as the REST API reference ("Handling Errors in the
// REST API" and each method's error table) and captured answers give them.
// Where Tableau documents none for a case, the emulator uses the class code
// (status*1000), and the comment says so.
const (
	codeBadRequest      = "400000" // malformed or incomplete body
	codeInvalidPageNum  = "400006" // page number not an integer, < 1, or past the last page
	codeInvalidPageSize = "400007" // page size not an integer or < 1
	codeInvalidSiteRole = "400013" // siteRole not a role of the API
	codeInvalidFilter   = "400065" // "The filter query contains a key which is not recognized for this api version."
	codeNoCredentials   = "401000" // no X-Tableau-Auth header
	codeSignInFailed    = "401001" // wrong credentials (auth_sign_in_error.xml)
	codeInvalidToken    = "401002" // unknown or expired token
	codeSwitchSite      = "401003" // switchSite to a site the user cannot reach
	codeForbidden       = "403000" // class code: no documented code for site mismatch and admin-only calls
	codeNoPermission    = "403004" // "User does not have permission for action" (Tableau KB 403004)
	codePageSizeLimit   = "403014" // page size larger than 1000
	codeQueryUserDenied = "403133" // a non-admin asking for another user
	codeSiteNotFound    = "404000"
	codeUserNotFound    = "404002"
	codeUnknownResource = "404003" // server_info_404.xml: "Unknown resource ... specified in URI."
	codeProjectNotFound = "404005"
	codeGroupNotFound   = "404012" // Add User to Group and Delete Group list 404012; 404011 is a view
	codeMethodNotAllow  = "405000"
	codeConflict        = "409000" // class code: e.g. removing a user who owns content
	codeSiteNameTaken   = "409001"
	codeSiteURLTaken    = "409002" // "A site already exists with the content URL ..."
	codeProjectNameDup  = "409006"
	codeGroupNameDup    = "409009"
	codeUserInGroup     = "409011"
	codeUserOnSite      = "409017" // tabcmd: user_already_member_of_site
	codeInternal        = "500000"
)

func badRequest(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, codeBadRequest, "Bad Request", format, args...)
}

func forbidden(format string, args ...any) *apiError {
	return errf(http.StatusForbidden, codeForbidden, "Forbidden", format, args...)
}

func noPermission(format string, args ...any) *apiError {
	return errf(http.StatusForbidden, codeNoPermission, "Forbidden", format, args...)
}

func notFound(code, format string, args ...any) *apiError {
	return errf(http.StatusNotFound, code, "Resource Not Found", format, args...)
}

func conflict(code, format string, args ...any) *apiError {
	return errf(http.StatusConflict, code, "Resource Conflict", format, args...)
}

func siteNotFound(id string) *apiError {
	return notFound(codeSiteNotFound, "Site '%s' could not be found.", id)
}

func userNotFound(id string) *apiError {
	return notFound(codeUserNotFound, "User '%s' could not be found.", id)
}

func projectNotFound(id string) *apiError {
	return notFound(codeProjectNotFound, "Project '%s' could not be found.", id)
}

func groupNotFound(id string) *apiError {
	return notFound(codeGroupNotFound, "Group '%s' could not be found.", id)
}

func unknownResource(path string) *apiError {
	return notFound(codeUnknownResource, "Unknown resource '%s' specified in URI.", path)
}
