package emulator

import (
	"context"
	"net/http"

	"github.com/tsc-go/tsc"
)

// Site quotas: what a site holds, counted from its rows, and the limits
// its settings put on it, enforced where Tableau enforces them.
//
// Users. "If you specify a maximum value, only licensed users are counted
// and server administrators are excluded"; in REST API 3.0 and later
// "userQuota is the sum of licensed site users with Creator, Explorer, or
// Viewer roles", and tierCreatorCapacity, tierExplorerCapacity and
// tierViewerCapacity cap each license tier ("Updated Site Roles in REST API
// 3.0 and Later"; TSC's site docs; "Manage Site Role Limits": "Server
// administrators do not count against site role limits" and "A site role
// limit cannot be less than the number of users" who hold it). Adding a user
// or giving one a role that would go past a limit fails, as Tableau's
// "Insufficient licenses. Setting user roles to '<role>' failed" and
// "Exceeds limit for '<role>' role" do (Tableau KB 001473145). Tableau
// documents no REST error code for it; the emulator answers 409 with the
// class code 409000, as for its other conflicts with a site's state.
//
// Storage. storageQuota is in megabytes ("storageQuota=limit-in-megabytes",
// Create Site; tabcmd: "In MB, the amount of data that can be stored on the
// site"), and so is the storage that Query Site reports in <usage>. Site
// storage holds "data source extracts, published data sources, and
// workbooks" (Tableau Cloud site capacity); the emulator counts the current
// file of each workbook and data source. Past revisions are not counted:
// Tableau's capacity pages do not count revision history against a site's
// storage, and its size shows per revision (sizeInBytes) instead. A publish
// that would take the site past its quota fails with Publish's code 400011
// and Tableau's message "Site storage quota exceeded."
// (errors.publishing.storage_quota_exceeded, in the message catalogue
// tabcmd ships).

// licenseTier is the license a site role takes: "creator", "explorer" or
// "viewer", or "" for roles that take none (Unlicensed, Guest, support
// users, and server administrators, who are not counted). The roles of
// API 2.x (Interactor, Publisher...) never get here: validRole refuses them.
func licenseTier(r tsc.SiteRole) string {
	switch r {
	case tsc.SiteRoleCreator, tsc.SiteRoleSiteAdministratorCreator:
		return "creator"
	case tsc.SiteRoleExplorer, tsc.SiteRoleExplorerCanPublish, tsc.SiteRoleSiteAdministratorExplorer:
		return "explorer"
	case tsc.SiteRoleViewer:
		return "viewer"
	}
	return ""
}

// licenseCounts is how many of a site's users take each license.
type licenseCounts struct {
	total                     int
	creator, explorer, viewer int
}

func (n *licenseCounts) add(tier string, d int) {
	if tier == "" {
		return
	}
	n.total += d
	switch tier {
	case "creator":
		n.creator += d
	case "explorer":
		n.explorer += d
	case "viewer":
		n.viewer += d
	}
}

// countLicenses counts the licensed users of a site.
func countLicenses(ctx context.Context, q queryer, siteID string) (licenseCounts, error) {
	var n licenseCounts
	rows, err := q.QueryContext(ctx, `SELECT site_role, count(*) FROM site_users WHERE site_id = ? GROUP BY site_role`, siteID)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		var role string
		var c int
		if err := rows.Scan(&role, &c); err != nil {
			return n, err
		}
		n.add(licenseTier(tsc.SiteRole(role)), c)
	}
	return n, rows.Err()
}

// licenseLimit is one limit of a site: the quota of all licensed users
// (tier ""), or the capacity of one tier.
type licenseLimit struct {
	setting string
	limit   *int
	tier    string
	// role names the tier in messages.
	role string
}

func licenseLimits(s *tsc.Site) []licenseLimit {
	return []licenseLimit{
		{"userQuota", s.UserQuota, "", ""},
		{"tierCreatorCapacity", s.TierCreatorCapacity, "creator", "Creator"},
		{"tierExplorerCapacity", s.TierExplorerCapacity, "explorer", "Explorer"},
		{"tierViewerCapacity", s.TierViewerCapacity, "viewer", "Viewer"},
	}
}

// used is how many licenses of the limit's kind n holds.
func (l licenseLimit) used(n licenseCounts) int {
	switch l.tier {
	case "creator":
		return n.creator
	case "explorer":
		return n.explorer
	case "viewer":
		return n.viewer
	}
	return n.total
}

// checkUserLicense refuses to give a user the role to on a site when the
// license it takes is not free: the site's user quota (for a user who holds
// no license yet) or the capacity of the role's tier is used up by the
// site's other users. from is the user's role now ("" for a new member). A
// change that takes no new license (to an unlicensed role, or within a
// tier) always passes, so users of a site over a limit can still move down.
func (s *Store) checkUserLicense(ctx context.Context, q queryer, siteID string, from, to tsc.SiteRole, userName string) error {
	newTier, oldTier := licenseTier(to), licenseTier(from)
	if newTier == "" || newTier == oldTier {
		return nil
	}
	site, err := s.siteBy(ctx, q, "id", siteID)
	if err != nil {
		return err
	}
	n, err := countLicenses(ctx, q, siteID)
	if err != nil {
		return err
	}
	n.add(oldTier, -1)
	n.add(newTier, 1)
	for _, l := range licenseLimits(&site.Settings) {
		if l.limit == nil || l.used(n) <= *l.limit {
			continue
		}
		switch {
		case l.tier == "" && oldTier == "":
			return errf(http.StatusConflict, codeConflict, "License quota exceeded",
				"Insufficient licenses. Setting site role for user '%s' to '%s' failed: the site's userQuota of %d licensed users is used up.",
				userName, to, *l.limit)
		case l.tier == newTier:
			return errf(http.StatusConflict, codeConflict, "License quota exceeded",
				"Exceeds limit for '%s' role. Setting site role for user '%s' to '%s' failed: the site's %s of %d is used up.",
				l.role, userName, to, l.setting, *l.limit)
		}
	}
	return nil
}

// checkLimitsHold refuses site settings that set a user limit below what
// the site already uses: "A site role limit cannot be less than the number
// of users" holding it.
func checkLimitsHold(ctx context.Context, q queryer, siteID string, settings *tsc.Site) error {
	n, err := countLicenses(ctx, q, siteID)
	if err != nil {
		return err
	}
	for _, l := range licenseLimits(settings) {
		if l.limit != nil && *l.limit < l.used(n) {
			return errf(http.StatusConflict, codeConflict, "License quota exceeded",
				"%s %d is less than the %d licensed users the site has now.", l.setting, *l.limit, l.used(n))
		}
	}
	return nil
}

// siteStorageBytes sums the current files of a site's workbooks and data
// sources, leaving out the item except (one being overwritten). A
// workbook made without a file (seeded through the control API) counts
// its size in megabytes.
func siteStorageBytes(ctx context.Context, q queryer, siteID, except string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT ifnull(sum(coalesce(
			(SELECT r.size_bytes FROM revisions r WHERE r.content_type = 'workbook' AND r.content_id = w.id ORDER BY r.number DESC LIMIT 1),
			w.size_mb * 1048576)), 0)
		 FROM workbooks w WHERE w.site_id = ? AND w.id <> ?)
		+ (SELECT ifnull(sum(d.size_bytes), 0) FROM datasources d WHERE d.site_id = ? AND d.id <> ?)`,
		siteID, except, siteID, except).Scan(&n)
	return n, err
}

// siteStorageMB is the storage a site uses, in whole megabytes rounded
// up, as Query Site's <usage storage> reports it.
func (s *Store) siteStorageMB(ctx context.Context, siteID string) (int, error) {
	n, err := siteStorageBytes(ctx, s.db, siteID, "")
	return sizeMB(n), err
}

// checkStorage refuses a publish of size bytes that would take the site
// past its storage quota; except is the item the publish replaces.
func (s *Store) checkStorage(ctx context.Context, q queryer, siteID, except string, size int64, file string) error {
	site, err := s.siteBy(ctx, q, "id", siteID)
	if err != nil {
		return err
	}
	quota := site.Settings.StorageQuota
	if quota == nil {
		return nil
	}
	used, err := siteStorageBytes(ctx, q, siteID, except)
	if err != nil {
		return err
	}
	// In whole megabytes rounded up, which is the same test as bytes >
	// quota<<20 without the shift overflowing for a quota near MaxInt.
	if sizeMB(used+size) > *quota {
		return publishFailed(file, "Site storage quota exceeded. The site's storageQuota is %d MB; it holds %d MB and the file is %d MB.",
			*quota, sizeMB(used), sizeMB(size))
	}
	return nil
}
