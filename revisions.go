package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// Revision is one published version of a workbook or data source, kept when
// the site has revision history on.
type Revision struct {
	RevisionNumber int   `xml:"revisionNumber,attr"`
	PublishedAt    Time  `xml:"publishedAt,attr"`
	Deleted        *bool `xml:"deleted,attr,omitempty"`
	// Current marks the revision the content is at now.
	Current     *bool  `xml:"current,attr,omitempty"`
	SizeInBytes *int64 `xml:"sizeInBytes,attr,omitempty"`
	Publisher   *User  `xml:"publisher,omitempty"`
}

// RevisionList is the <revisions> element.
type RevisionList struct {
	Revisions []Revision `xml:"revision"`
}

func pickRevisions(r *TSResponse) []Revision {
	if r.Revisions == nil {
		return nil
	}
	return r.Revisions.Revisions
}

// revisionsOf builds the list call for {kind}/{id}/revisions.
func (c *Client) revisionsOf(name, kind, id string) (listCall[Revision], error) {
	if id == "" {
		return listCall[Revision]{}, errors.New("tsc: " + name + ": empty id")
	}
	return siteList(c, name, Version{2, 3}, kind+"/"+url.PathEscape(id)+"/revisions", pickRevisions)
}

func (c *Client) listRevisions(ctx context.Context, name, kind, id string, opts ListOptions) ([]Revision, Pagination, error) {
	lc, err := c.revisionsOf(name, kind, id)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, c, opts)
}

func (c *Client) allRevisions(ctx context.Context, name, kind, id string, opts ListOptions) iter.Seq2[Revision, error] {
	lc, err := c.revisionsOf(name, kind, id)
	if err != nil {
		return errSeq[Revision](err)
	}
	return lc.all(ctx, c, opts)
}

// revisionPath is {kind}/{id}/revisions/{n}, after checking both.
func revisionPath(name, kind, id string, rev int) (string, error) {
	if id == "" {
		return "", errors.New("tsc: " + name + ": empty id")
	}
	if rev < 1 {
		return "", fmt.Errorf("tsc: %s: revision number %d is not positive", name, rev)
	}
	return kind + "/" + url.PathEscape(id) + "/revisions/" + strconv.Itoa(rev), nil
}

func (c *Client) deleteRevision(ctx context.Context, name, kind, id string, rev int) error {
	p, err := revisionPath(name, kind, id, rev)
	if err != nil {
		return err
	}
	path, err := c.sitePath(p)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, &request{name: name, minVersion: Version{2, 3}, method: http.MethodDelete, path: path, auth: true})
	return err
}

// later returns the later of two versions.
func later(a, b Version) Version {
	if a.Less(b) {
		return b
	}
	return a
}
