package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// SitesService manages sites. Most calls need a server administrator.
type SitesService service

var sitesList = listCall[Site]{
	name: "Sites.List", minVersion: Version{2, 0}, path: "sites",
	pick: func(r *TSResponse) []Site {
		if r.Sites == nil {
			return nil
		}
		return r.Sites.Sites
	},
}

// List returns one page of the server's sites.
//
// REST: GET /api/{v}/sites (2.0).
func (s *SitesService) List(ctx context.Context, opts ListOptions) ([]Site, Pagination, error) {
	return sitesList.page(ctx, s.client, opts)
}

// All iterates every site, fetching pages as needed.
//
// REST: GET /api/{v}/sites (2.0).
func (s *SitesService) All(ctx context.Context, opts ListOptions) iter.Seq2[Site, error] {
	return sitesList.all(ctx, s.client, opts)
}

// Get returns the site with the given id.
//
// REST: GET /api/{v}/sites/{id} (2.0).
func (s *SitesService) Get(ctx context.Context, id string) (*Site, error) {
	if id == "" {
		return nil, errors.New("tsc: Sites.Get: empty site id")
	}
	return s.get(ctx, "Sites.Get", id, nil)
}

// Usage returns what the site with the given id uses: its users (and, on
// servers that count them, its users per license tier) and its storage,
// in megabytes, to compare with the site's UserQuota and StorageQuota.
//
// REST: GET /api/{v}/sites/{id}?includeUsage=true (2.0).
func (s *SitesService) Usage(ctx context.Context, id string) (*SiteUsage, error) {
	if id == "" {
		return nil, errors.New("tsc: Sites.Usage: empty site id")
	}
	site, err := s.get(ctx, "Sites.Usage", id, url.Values{"includeUsage": {"true"}})
	if err != nil {
		return nil, err
	}
	if site.Usage == nil {
		return nil, errors.New("tsc: Sites.Usage: the answer has no <usage>")
	}
	return site.Usage, nil
}

// GetByName returns the site with the given name.
//
// REST: GET /api/{v}/sites/{name}?key=name (2.0).
func (s *SitesService) GetByName(ctx context.Context, name string) (*Site, error) {
	if name == "" {
		return nil, errors.New("tsc: Sites.GetByName: empty site name")
	}
	return s.get(ctx, "Sites.GetByName", name, url.Values{"key": {"name"}})
}

// GetByContentURL returns the site with the given content URL ("" is the Default site).
//
// REST: GET /api/{v}/sites/{contentUrl}?key=contentUrl (2.0).
func (s *SitesService) GetByContentURL(ctx context.Context, contentURL string) (*Site, error) {
	return s.get(ctx, "Sites.GetByContentURL", contentURL, url.Values{"key": {"contentUrl"}})
}

func (s *SitesService) get(ctx context.Context, name, key string, q url.Values) (*Site, error) {
	resp, err := s.client.call(ctx, &request{name: name, minVersion: Version{2, 0}, method: http.MethodGet,
		path: "sites/" + url.PathEscape(key), query: q, auth: true})
	if err != nil {
		return nil, err
	}
	if resp.Site == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <site>")
	}
	return resp.Site, nil
}

// siteBody is a site as a request sends it: no id, and no content URL unless
// one is given, so that an update never renames a site's URL by accident.
type siteBody struct {
	Site
	ID         string `xml:"id,attr,omitempty"`
	ContentURL string `xml:"contentUrl,attr,omitempty"`
}

// Create creates a site. Name and ContentURL are required.
//
// REST: POST /api/{v}/sites (2.0).
func (s *SitesService) Create(ctx context.Context, site Site) (*Site, error) {
	if site.Name == "" || site.ContentURL == "" {
		return nil, errors.New("tsc: Sites.Create: a new site needs a name and a content URL")
	}
	return s.write(ctx, "Sites.Create", http.MethodPost, "sites", site)
}

// Update changes the site with site.ID; only the fields that are set are sent.
//
// REST: PUT /api/{v}/sites/{id} (2.0).
func (s *SitesService) Update(ctx context.Context, site Site) (*Site, error) {
	if site.ID == "" {
		return nil, errors.New("tsc: Sites.Update: the site has no id")
	}
	return s.write(ctx, "Sites.Update", http.MethodPut, "sites/"+url.PathEscape(site.ID), site)
}

func (s *SitesService) write(ctx context.Context, name, method, path string, site Site) (*Site, error) {
	body := siteBody{Site: site, ContentURL: site.ContentURL}
	b, err := encodeElement("site", body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.call(ctx, &request{name: name, minVersion: Version{2, 0}, method: method, path: path, body: b, auth: true})
	if err != nil {
		return nil, err
	}
	if resp.Site == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <site>")
	}
	return resp.Site, nil
}

// Delete deletes the site with the given id and everything on it.
//
// REST: DELETE /api/{v}/sites/{id} (2.0).
func (s *SitesService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Sites.Delete: empty site id")
	}
	_, err := s.client.call(ctx, &request{name: "Sites.Delete", minVersion: Version{2, 0}, method: http.MethodDelete, path: "sites/" + url.PathEscape(id), auth: true})
	return err
}
