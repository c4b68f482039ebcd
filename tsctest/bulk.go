package tsctest

import "context"

// SeedBulkUsers adds n users to a site at once, for tests and benchmarks of
// large sites: user000001, user000002, ... (numbering goes on across
// calls), with full names, emails, site roles mixed as on a large site
// (one in 50 Creator, one in 5 Explorer, the rest Viewer) and no password
// (ClientAs signs them in). It takes one transaction: 100,000 users in a
// few seconds, where adding them one by one through the API takes minutes.
func (s *Server) SeedBulkUsers(siteContentURL string, n int) error {
	return s.emu.SeedBulkUsers(context.Background(), siteContentURL, n)
}

// SeedBulkWorkbooks adds n workbooks (metadata, no file to download) to a
// project at once: workbook000001, ... (numbering goes on across calls),
// each with viewsPer views and connsPer connections, owned by the site's
// first users in turn. projectID "" means the Default project. 20,000
// workbooks with their views and connections take a few seconds.
func (s *Server) SeedBulkWorkbooks(siteContentURL, projectID string, n, viewsPer, connsPer int) error {
	return s.emu.SeedBulkWorkbooks(context.Background(), siteContentURL, projectID, n, viewsPer, connsPer)
}
