package emulator

import (
	"strings"

	"github.com/tsc-go/tsc"
)

// listSites answers GET /sites: every site for a server administrator, the
// caller's sites for anyone else.
func (s *Server) listSites(c *call) (result, error) {
	if err := s.authorize(c, actListSites, target{}); err != nil {
		return result{}, err
	}
	lq, err := c.list(siteListSpec)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listSites(c.ctx, c.user.ID, c.user.ServerAdmin, lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Sites = &tsc.SiteList{}
	for i := range rows {
		resp.Sites.Sites = append(resp.Sites.Sites, *renderSite(&rows[i]))
	}
	return ok(resp)
}

// getSite answers GET /sites/{key}[?key=name|contentUrl]. Server
// administrators may read any site; others only the site they are on.
func (s *Server) getSite(c *call) (result, error) {
	key := c.query.Get("key")
	if key == "" {
		key = "id"
	}
	row, err := s.store.siteBy(c.ctx, s.store.db, key, c.param("key"))
	if err != nil {
		return result{}, err
	}
	if err := s.authorize(c, actReadSite, target{SiteID: row.ID}); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Site = renderSite(row)
	if c.query.Get("includeUsage") == "true" {
		n, err := s.store.siteUserCount(c.ctx, row.ID)
		if err != nil {
			return result{}, err
		}
		mb, err := s.store.siteStorageMB(c.ctx, row.ID)
		if err != nil {
			return result{}, err
		}
		resp.Site.Usage = &tsc.SiteUsage{NumUsers: n, Storage: mb}
	}
	return ok(resp)
}

// createSite answers POST /sites (server administrators only).
func (s *Server) createSite(c *call) (result, error) {
	if err := s.authorize(c, actCreateSite, target{}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Site == nil || strings.TrimSpace(req.Site.Name) == "" {
		return result{}, badRequest("A new site needs a <site> with a name and a contentUrl.")
	}
	row, err := s.store.createSite(c.ctx, *req.Site, c.user.ID)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Site = renderSite(row)
	return created(resp)
}

// updateSite answers PUT /sites/{id}: server administrators, and site
// administrators for their own site (authority.go says which settings).
func (s *Server) updateSite(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Site == nil {
		return result{}, badRequest("An update needs a <site> element.")
	}
	id := c.param("key")
	if err := s.authorize(c, actUpdateSite, target{SiteID: id, Site: req.Site}); err != nil {
		return result{}, err
	}
	row, err := s.store.updateSite(c.ctx, id, *req.Site)
	if err != nil {
		return result{}, err
	}
	s.emit(c.ctx, webhookEvent{Name: "SiteUpdated", Resource: "SITE", SiteID: row.ID, ResourceID: row.ID, ResourceName: row.Name})
	resp := tsc.NewTSResponse()
	resp.Site = renderSite(row)
	return ok(resp)
}

// deleteSite answers DELETE /sites/{id} (server administrators only).
func (s *Server) deleteSite(c *call) (result, error) {
	id := c.param("key")
	if err := s.authorize(c, actDeleteSite, target{SiteID: id}); err != nil {
		return result{}, err
	}
	if err := s.store.deleteSite(c.ctx, id); err != nil {
		return result{}, err
	}
	return noContent()
}
