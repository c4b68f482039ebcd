package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Personal Space, Tableau Cloud's private location for a user's content
// ("Personal Space is a private location for all Explorers and Creators to
// save content to when working in a Tableau Site. Content saved in
// Personal Space can't be shared with other users but can be moved to a
// project when you're ready for others to see it. [...] You can also move
// existing content you own into Personal Space for editing, then move it
// back to a project later": Tableau help, "Create and Edit Private Content
// in Personal Space", personal_space.htm).
//
// What a REST client sees:
//   - A workbook goes there through Update Workbook with a location
//     instead of a project, as Tableau's own MCP server moves one
//     (tableau/tableau-mcp, publishingMethods.moveWorkbookToPersonalSpace:
//     `{workbook: {location: {id: <personal space luid>, type:
//     'PersonalSpace'}}}`, "<location> and <project> are mutually exclusive
//     on the workbook element"); the location's id may be left out. It
//     comes back with a <project>, as any move does.
//   - Answers then carry <location id=... type="PersonalSpace"/> and no
//     <project> (the XSD's locationType, PersonalSpace|Project; the MCP
//     server's tests expect `project: undefined, location: {id, type:
//     'PersonalSpace'}` of such a workbook).
//   - Only the owner moves their workbook in; only on Cloud (Config.Cloud),
//     on a site whose personalSpaceEnabled is on.
//   - Who sees it and what nobody may do is authz.Facts.PersonalSpace: the
//     owner and site administrators, nobody's rules, no permissions to set.
//     Lists keep it out for others by the same rule (readableFilter).
//
// Only workbooks: the REST API's data sources have no Personal Space
// ("you can create a new workbook or save a workbook to Personal Space").

// personalSpaceType is the location type of a Personal Space.
const personalSpaceType = "PersonalSpace"

// personalSpaceID is the id of a user's Personal Space on a site: stable,
// so that every answer names the same one, and distinct per site and user.
func personalSpaceID(siteID, userID string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("tsc-emulator:personal-space:"+siteID+":"+userID)).String()
}

// personalSpaceLocation is where a Personal Space workbook is, as answers
// write it.
func personalSpaceLocation(siteID, ownerID string) *tsc.Location {
	return &tsc.Location{ID: personalSpaceID(siteID, ownerID), Type: personalSpaceType, Name: "Personal Space"}
}

// personalSpaceMove checks a request to move the workbook c names into a
// Personal Space: loc is the request's <location>. It answers whether the
// request asks for that move.
func (s *Server) personalSpaceMove(c *call, loc *tsc.Location, project *tsc.Project) (bool, error) {
	if loc == nil {
		return false, nil
	}
	if project != nil {
		return false, badRequest("A workbook is in a project or in a Personal Space: send either <project> or <location>, not both.")
	}
	switch {
	case strings.EqualFold(loc.Type, "Project"):
		return false, badRequest("To move a workbook into a project, send <project id=\"...\"/>; <location> moves it into a Personal Space (type=\"PersonalSpace\").")
	case loc.Type != personalSpaceType:
		return false, badRequest("The location type '%s' is not one Tableau has: it is PersonalSpace or Project.", loc.Type)
	}
	if !s.store.cloud {
		return false, badRequest("This server has no Personal Space: it is a Tableau Cloud location.")
	}
	site, err := s.store.siteBy(c.ctx, s.store.db, "id", c.siteID())
	if err != nil {
		return false, err
	}
	if site.Settings.PersonalSpaceEnabled == nil || !*site.Settings.PersonalSpaceEnabled {
		return false, badRequest("Personal Space is not enabled for the site '%s' (personalSpaceEnabled).", site.ContentURL)
	}
	cf, err := s.authorizeContent(c, tsc.PermWorkbook, c.param("id"), tsc.CapWrite)
	if err != nil {
		return false, err
	}
	if cf.OwnerID != c.user.ID {
		return false, noPermission("Only its owner can move the workbook '%s' into their Personal Space; '%s' does not own it.", cf.Name, c.user.Name)
	}
	if loc.ID != "" && loc.ID != personalSpaceID(c.siteID(), c.user.ID) {
		return false, badRequest("The location '%s' is not the Personal Space of '%s': a workbook moves only into its owner's.", loc.ID, c.user.Name)
	}
	return true, nil
}

// setPersonalSpace moves a workbook into (in) or out of its owner's
// Personal Space inside an update. Going in, its rules and its views' are
// dropped (a private workbook has none); coming out into a project, it
// takes that project's defaults, as content published there does.
func setPersonalSpace(ctx context.Context, tx *sql.Tx, id string, in bool) error {
	if _, err := tx.ExecContext(ctx, `UPDATE workbooks SET personal_space = ? WHERE id = ?`, in, id); err != nil {
		return err
	}
	if in {
		_, err := tx.ExecContext(ctx, `DELETE FROM permissions WHERE (resource_type = 'workbook' AND resource_id = ?)
			OR (resource_type = 'view' AND resource_id IN (SELECT id FROM views WHERE workbook_id = ?))`, id, id)
		return err
	}
	return inheritContentRules(ctx, tx, tsc.PermWorkbook, "workbooks", `SELECT ?`, id)
}
