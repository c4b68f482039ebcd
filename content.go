package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// contentKind describes one content type (workbooks, data sources, views,
// and the flows, virtual connections, custom views... still to come) to the
// verbs several types share: get, delete, download, revisions, tags,
// connections, refresh. Each verb is written once, over the kind, and each
// service method is one line that names its kind; a new content type is a
// new descriptor, not another copy of the verbs.
//
// T is the item type the answers carry (<workbook>, <datasource>...).
type contentKind[T any] struct {
	// collection is the path segment under /sites/{site-id}/: "workbooks".
	collection string
	// service prefixes operation names in errors and logs: "Workbooks".
	service string
	// noun names one item in messages: "workbook", "data source".
	noun string
	// element is the item's XML element in answers: "workbook".
	element string
	// plainExt and packagedExt name a downloaded file that has no name from
	// the server: plain XML, or the zip that packages data with it.
	plainExt, packagedExt string
	since                 contentVersions
	// publish is how the type is published; nil for types not published
	// as files (views).
	publish *publishKind
	// connectionVerb follows a connection's id in Update Connection's
	// path: "" for workbooks and data sources, "/modify" for virtual
	// connections.
	connectionVerb string
	// pick takes the item out of an answer; name reads its name.
	pick func(*TSResponse) *T
	name func(*T) string
}

// contentVersions are the API versions from which each shared verb exists
// for one content type: Tableau added them at different times for each type
// (listing a workbook's connections came in 2.0, a data source's in 2.3).
// A zero version marks a verb the type does not have.
type contentVersions struct {
	get, content, revisions, connections, updateConnection, refresh, tags Version
}

var workbookContent = &contentKind[Workbook]{
	collection: "workbooks", service: "Workbooks", noun: "workbook", element: "workbook",
	plainExt: "twb", packagedExt: "twbx", publish: &workbookKind,
	since: contentVersions{
		get: Version{2, 0}, content: Version{2, 0}, revisions: Version{2, 3},
		connections: Version{2, 0}, updateConnection: Version{2, 3}, refresh: Version{2, 8}, tags: Version{2, 0},
	},
	pick: func(r *TSResponse) *Workbook { return r.Workbook },
	name: func(w *Workbook) string { return w.Name },
}

var datasourceContent = &contentKind[Datasource]{
	collection: "datasources", service: "Datasources", noun: "data source", element: "datasource",
	plainExt: "tds", packagedExt: "tdsx", publish: &datasourceKind,
	since: contentVersions{
		get: Version{2, 0}, content: Version{2, 0}, revisions: Version{2, 3},
		connections: Version{2, 3}, updateConnection: Version{2, 3}, refresh: Version{2, 8}, tags: Version{2, 0},
	},
	pick: func(r *TSResponse) *Datasource { return r.Datasource },
	name: func(d *Datasource) string { return d.Name },
}

var viewContent = &contentKind[View]{
	collection: "views", service: "Views", noun: "view", element: "view",
	since: contentVersions{get: Version{3, 1}, tags: Version{2, 0}},
	pick:  func(r *TSResponse) *View { return r.View },
	name:  func(v *View) string { return v.Name },
}

var virtualConnectionContent = &contentKind[VirtualConnection]{
	collection: "virtualConnections", service: "VirtualConnections", noun: "virtual connection", element: "virtualConnection",
	connectionVerb: "/modify",
	since: contentVersions{
		get: Version{3, 23}, content: Version{3, 23}, revisions: Version{3, 23},
		connections: Version{3, 18}, updateConnection: Version{3, 18}, tags: Version{3, 23},
	},
	pick: func(r *TSResponse) *VirtualConnection { return r.VirtualConnection },
	name: func(v *VirtualConnection) string { return v.Name },
}

// op is the operation name of a verb: "Workbooks.Download".
func (k *contentKind[T]) op(verb string) string { return k.service + "." + verb }

// path is {collection}/{id}, relative to the site, with id escaped.
func (k *contentKind[T]) path(id string) string { return k.collection + "/" + url.PathEscape(id) }

// checkID refuses an empty id before anything is sent: the path would name
// the collection instead of an item.
func (k *contentKind[T]) checkID(verb, id string) error {
	if id == "" {
		return errors.New("tsc: " + k.op(verb) + ": empty " + k.noun + " id")
	}
	return nil
}

// item takes the item out of an answer, or says that the answer had none.
func (k *contentKind[T]) item(verb string, resp *TSResponse, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if it := k.pick(resp); it != nil {
		return it, nil
	}
	return nil, errors.New("tsc: " + k.op(verb) + ": the answer has no <" + k.element + ">")
}

// job takes the job out of an answer, or says that the answer had none.
func (k *contentKind[T]) job(verb string, resp *TSResponse, err error) (*Job, error) {
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: " + k.op(verb) + ": the answer has no <job>")
	}
	return resp.Job, nil
}

// get reads one item: GET {collection}/{id}.
func (k *contentKind[T]) get(ctx context.Context, c *Client, id string) (*T, error) {
	if err := k.checkID("Get", id); err != nil {
		return nil, err
	}
	resp, err := c.getSite(ctx, k.op("Get"), k.since.get, k.path(id), nil)
	return k.item("Get", resp, err)
}

// update sends the <element> that build makes to PUT {collection}/{id};
// build also says from which version its fields exist, or that nothing is
// set. The id is checked first, so an item without one is named as such.
func (k *contentKind[T]) update(ctx context.Context, c *Client, id string, build func() (T, Version, error)) (*T, error) {
	if id == "" {
		return nil, errors.New("tsc: " + k.op("Update") + ": the " + k.noun + " has no id")
	}
	body, min, err := build()
	if err != nil {
		return nil, errors.New("tsc: " + k.op("Update") + ": " + err.Error())
	}
	b, err := encodeElement(k.element, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, k.op("Update"), min, http.MethodPut, k.path(id), nil, b)
	return k.item("Update", resp, err)
}

// delete removes one item: DELETE {collection}/{id}.
func (k *contentKind[T]) delete(ctx context.Context, c *Client, id string) error {
	if err := k.checkID("Delete", id); err != nil {
		return err
	}
	return c.deleteSite(ctx, k.op("Delete"), k.since.get, k.path(id), nil)
}

// publishCall checks and sends a publish; encode builds the request_payload
// from the item's name (the file's when the item has none).
func (k *contentKind[T]) publishCall(ctx context.Context, c *Client, verb string, asJob bool, itemName string,
	src PublishSource, opts PublishOptions, encode func(name string) ([]byte, error)) (*TSResponse, error) {
	pc, err := c.preparePublish(ctx, *k.publish, k.op(verb), asJob, itemName, src, opts, encode)
	if err != nil {
		return nil, err
	}
	return pc.send(ctx)
}

// publishItem publishes and returns the published item.
func (k *contentKind[T]) publishItem(ctx context.Context, c *Client, itemName string,
	src PublishSource, opts PublishOptions, encode func(name string) ([]byte, error)) (*T, error) {
	resp, err := k.publishCall(ctx, c, "Publish", false, itemName, src, opts, encode)
	return k.item("Publish", resp, err)
}

// publishJob publishes in the background and returns the job.
func (k *contentKind[T]) publishJob(ctx context.Context, c *Client, itemName string,
	src PublishSource, opts PublishOptions, encode func(name string) ([]byte, error)) (*Job, error) {
	resp, err := k.publishCall(ctx, c, "PublishAsJob", true, itemName, src, opts, encode)
	return k.job("PublishAsJob", resp, err)
}

// publishPath publishes the file at path.
func (k *contentKind[T]) publishPath(ctx context.Context, c *Client, itemName, path string,
	opts PublishOptions, encode func(name string) ([]byte, error)) (*T, error) {
	if path == "" {
		return nil, errors.New("tsc: " + k.op("PublishFile") + ": empty path")
	}
	return k.publishItem(ctx, c, itemName, PublishSource{Path: path}, opts, encode)
}

// nameOf returns the item's name for a file name, falling back to the id
// when the item cannot be read (the download itself already succeeded).
func (k *contentKind[T]) nameOf(c *Client, id string) func(context.Context) string {
	return func(ctx context.Context) string {
		if it, err := k.get(ctx, c, id); err == nil && k.name(it) != "" {
			return k.name(it)
		}
		return id
	}
}

// emptyRequest is <tsRequest/>, the body of calls that take none but need one.
var emptyRequest = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<tsRequest xmlns="http://tableau.com/api"></tsRequest>`)

// refresh starts an extract refresh: POST {collection}/{id}/refresh.
func (k *contentKind[T]) refresh(ctx context.Context, c *Client, id string) (*Job, error) {
	if err := k.checkID("Refresh", id); err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, k.op("Refresh"), k.since.refresh, http.MethodPost, k.path(id)+"/refresh", nil, emptyRequest)
	return k.job("Refresh", resp, err)
}

// errNothingToUpdate is what an update's build says when no field is set.
var errNothingToUpdate = errors.New("nothing to update")

// projectRef keeps only the id of a project reference, all that an update
// or a publish may send; nil when there is no id.
func projectRef(p *Project) *Project {
	if p == nil || p.ID == "" {
		return nil
	}
	return &Project{ID: p.ID}
}

// userRef keeps only the id of a user reference; nil when there is no id.
func userRef(u *User) *User {
	if u == nil || u.ID == "" {
		return nil
	}
	return &User{ID: u.ID}
}

// publishConnections keeps what a publish may say about each connection;
// nil when there are none, so the element is left out.
func publishConnections(in []Connection) *ConnectionList {
	if len(in) == 0 {
		return nil
	}
	out := make([]Connection, len(in))
	for i, c := range in {
		out[i] = Connection{ServerAddress: c.ServerAddress, ServerPort: c.ServerPort, Credentials: c.Credentials}
	}
	return &ConnectionList{Connections: out}
}
