package tsc

import (
	"context"
	"fmt"
	"io"
	"iter"
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

// revisionsOf builds the list call for {collection}/{id}/revisions.
//
// Tableau pages revisions (pageSize, pageNumber) but documents no filter,
// sort or fields for them; the options are the same ListOptions as every
// list, and a server that does not apply one answers with its own error.
func (k *contentKind[T]) revisionsOf(c *Client, verb, id string) (listCall[Revision], error) {
	if err := k.checkID(verb, id); err != nil {
		return listCall[Revision]{}, err
	}
	return siteList(c, k.op(verb), k.since.revisions, k.path(id)+"/revisions", pickRevisions)
}

// revisions returns one page of an item's revisions.
func (k *contentKind[T]) revisions(ctx context.Context, c *Client, id string, opts ListOptions) ([]Revision, Pagination, error) {
	lc, err := k.revisionsOf(c, "Revisions", id)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, c, opts)
}

// allRevisions iterates every revision of an item.
func (k *contentKind[T]) allRevisions(ctx context.Context, c *Client, id string, opts ListOptions) iter.Seq2[Revision, error] {
	lc, err := k.revisionsOf(c, "AllRevisions", id)
	if err != nil {
		return errSeq[Revision](err)
	}
	return lc.all(ctx, c, opts)
}

// revisionPath is {collection}/{id}/revisions/{n}, after checking both.
func (k *contentKind[T]) revisionPath(verb, id string, rev int) (string, error) {
	if err := k.checkID(verb, id); err != nil {
		return "", err
	}
	if rev < 1 {
		return "", fmt.Errorf("tsc: %s: revision number %d is not positive", k.op(verb), rev)
	}
	return k.path(id) + "/revisions/" + strconv.Itoa(rev), nil
}

// downloadRevision streams one revision's file to w.
func (k *contentKind[T]) downloadRevision(ctx context.Context, c *Client, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error) {
	p, err := k.revisionPath("DownloadRevision", id, rev)
	if err != nil {
		return nil, err
	}
	q, min := k.contentQuery(opts)
	return c.download(ctx, k.op("DownloadRevision"), later(min, k.since.revisions), p+"/content", q, w, opts)
}

// downloadRevisionTo saves one revision's file into dest, named as
// downloadTo names it.
func (k *contentKind[T]) downloadRevisionTo(ctx context.Context, c *Client, id string, rev int, dest string, opts DownloadOptions) (*Download, error) {
	p, err := k.revisionPath("DownloadRevisionTo", id, rev)
	if err != nil {
		return nil, err
	}
	q, min := k.contentQuery(opts)
	return c.downloadTo(ctx, k.op("DownloadRevisionTo"), later(min, k.since.revisions), p+"/content", q, dest, opts, k.fallbackName(c, id))
}

// deleteRevision removes one revision from an item's history.
func (k *contentKind[T]) deleteRevision(ctx context.Context, c *Client, id string, rev int) error {
	p, err := k.revisionPath("DeleteRevision", id, rev)
	if err != nil {
		return err
	}
	return c.deleteSite(ctx, k.op("DeleteRevision"), k.since.revisions, p, nil)
}

// later returns the later of two versions.
func later(a, b Version) Version {
	if a.Less(b) {
		return b
	}
	return a
}
