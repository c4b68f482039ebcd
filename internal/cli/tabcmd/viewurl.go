package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// get and export name views the way Tableau's URLs do: a workbook's content
// URL and a view's URL name, "Superstore/Overview", with the view's filters
// in the query string. These helpers take such URLs apart.

// viewURL is a parsed view or workbook URL.
type viewURL struct {
	// Workbook is the workbook's content URL, View the view's URL name
	// (empty when the URL names a workbook).
	Workbook string
	View     string
	// Datasource is the data source's content URL (get /datasources/NAME.tdsx).
	Datasource string
	// Ext is the file type the URL ends with, lower case, without the dot.
	Ext string
	// Filters and Parameters come from the query: Region=West or
	// vf_Region=West, and Parameters.Top=10.
	Filters    map[string]string
	Parameters map[string]string
	// Width and Height come from :size=W,H; zero when not given.
	Width, Height int
	// Refresh is :refresh=yes: ask for a fresh rendering.
	Refresh bool
}

// fromAddress takes the path (and query) out of an address copied from a
// browser, https://host/#/site/mkt/views/WB/VIEW?:iid=1, where it may sit in
// the fragment; anything else is returned as it is.
func fromAddress(raw string) string {
	if !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if strings.HasPrefix(u.Fragment, "/") {
		return u.Fragment
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// splitQuery splits "path?query" and parses the query into filters and options.
func splitQuery(raw string) (string, viewURL, error) {
	var v viewURL
	path, query, _ := strings.Cut(fromAddress(raw), "?")
	if query == "" {
		return path, v, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", v, fmt.Errorf("the query of %q is not valid: %w", raw, err)
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := q[k]
		val := strings.Join(vals, ",")
		switch {
		case k == ":size":
			w, h, ok := strings.Cut(val, ",")
			wi, err1 := strconv.Atoi(strings.TrimSpace(w))
			hi, err2 := strconv.Atoi(strings.TrimSpace(h))
			if !ok || err1 != nil || err2 != nil || wi <= 0 || hi <= 0 {
				return "", v, fmt.Errorf(":size=%s is not WIDTH,HEIGHT in pixels, e.g. :size=640,480", val)
			}
			v.Width, v.Height = wi, hi
		case k == ":refresh":
			v.Refresh = val == "yes" || val == "true" || val == "1"
		case strings.HasPrefix(k, ":"):
			// Other URL options (:iid, :embed, ...) say how a browser shows the view.
		default:
			name := strings.TrimPrefix(k, "vf_")
			if p, ok := strings.CutPrefix(name, "Parameters."); ok {
				if v.Parameters == nil {
					v.Parameters = map[string]string{}
				}
				v.Parameters[p] = val
				continue
			}
			if v.Filters == nil {
				v.Filters = map[string]string{}
			}
			v.Filters[name] = val
		}
	}
	return path, v, nil
}

// trimSitePrefix drops what a browser's address bar puts before "views/" or
// "workbooks/": a leading slash, "#/", and "t/SITE/" or "site/SITE/".
func trimSitePrefix(path string) string {
	path = strings.TrimPrefix(path, "#")
	path = strings.TrimLeft(path, "/")
	for _, p := range []string{"t/", "site/"} {
		if rest, ok := strings.CutPrefix(path, p); ok {
			if _, after, ok := strings.Cut(rest, "/"); ok {
				path = after
			}
		}
	}
	return path
}

// splitExt takes a file extension off the last path element.
func splitExt(name string) (string, string) {
	i := strings.LastIndex(name, ".")
	if i <= 0 {
		return name, ""
	}
	return name[:i], strings.ToLower(name[i+1:])
}

// parseGetURL parses get's URL: /views/WORKBOOK/VIEW.EXT or /workbooks/WORKBOOK.EXT.
func parseGetURL(raw string) (viewURL, error) {
	path, v, err := splitQuery(raw)
	if err != nil {
		return v, err
	}
	parts := strings.Split(strings.TrimRight(trimSitePrefix(path), "/"), "/")
	switch {
	case len(parts) == 3 && parts[0] == "views":
		v.Workbook = parts[1]
		v.View, v.Ext = splitExt(parts[2])
	case len(parts) == 2 && parts[0] == "workbooks":
		v.Workbook, v.Ext = splitExt(parts[1])
	case len(parts) == 2 && parts[0] == "datasources":
		v.Datasource, v.Ext = splitExt(parts[1])
		if v.Datasource == "" {
			return v, fmt.Errorf("%q names no data source", raw)
		}
		return v, nil
	default:
		return v, fmt.Errorf("%q is not /views/WORKBOOK/VIEW.png|pdf|csv, /workbooks/WORKBOOK.twbx or /datasources/DATASOURCE.tdsx", raw)
	}
	if v.Workbook == "" || (parts[0] == "views" && v.View == "") {
		return v, fmt.Errorf("%q names no workbook or view", raw)
	}
	return v, nil
}

// parseExportURL parses export's WORKBOOK/VIEW (or WORKBOOK alone for
// --fullpdf), optionally with "views/" before it and a query after.
func parseExportURL(raw string, workbookOnly bool) (viewURL, error) {
	path, v, err := splitQuery(raw)
	if err != nil {
		return v, err
	}
	path = strings.TrimPrefix(strings.TrimRight(trimSitePrefix(path), "/"), "views/")
	parts := strings.Split(path, "/")
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] != "":
		v.Workbook, v.View = parts[0], parts[1]
	case len(parts) == 1 && parts[0] != "" && workbookOnly:
		v.Workbook = parts[0]
	default:
		return v, fmt.Errorf("%q is not WORKBOOK/VIEW, as in the view's URL (/views/WORKBOOK/VIEW)", raw)
	}
	return v, nil
}

// findWorkbookByURL finds a workbook by its content URL (the name in its
// URLs), or by its name when no content URL matches.
// findDatasourceByURL finds a data source by its content URL, as tabcmd's
// get /datasources/NAME.tdsx does, else by its name.
func findDatasourceByURL(ctx context.Context, c *tsc.Client, contentURL string) (*tsc.Datasource, error) {
	var byName *tsc.Datasource
	for ds, err := range c.Datasources.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("looking up data source %q: %w", contentURL, err)
		}
		if ds.ContentURL == contentURL {
			return &ds, nil
		}
		if byName == nil && ds.Name == contentURL {
			byName = &ds
		}
	}
	if byName != nil {
		return byName, nil
	}
	return nil, &resources.NotFoundError{Kind: "data source", Key: contentURL}
}

func findWorkbookByURL(ctx context.Context, c *tsc.Client, contentURL string) (*tsc.Workbook, error) {
	wbs, _, err := c.Workbooks.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("contentUrl", contentURL)}})
	if errors.Is(err, tsc.ErrBadRequest) {
		wbs, err = nil, nil // a server that cannot filter on contentUrl: look through them all
	}
	if err != nil {
		return nil, fmt.Errorf("looking up workbook %q: %w", contentURL, err)
	}
	for _, wb := range wbs {
		if wb.ContentURL == contentURL {
			return &wb, nil
		}
	}
	var byName *tsc.Workbook
	for wb, err := range c.Workbooks.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("looking up workbook %q: %w", contentURL, err)
		}
		if wb.ContentURL == contentURL {
			return &wb, nil
		}
		if byName == nil && wb.Name == contentURL {
			byName = &wb
		}
	}
	if byName != nil {
		return byName, nil
	}
	return nil, &resources.NotFoundError{Kind: "workbook", Key: contentURL}
}

// findView finds a view of the workbook by its URL name (or its name).
func findView(ctx context.Context, c *tsc.Client, wb *tsc.Workbook, urlName string) (*tsc.View, error) {
	views, err := c.Workbooks.Views(ctx, wb.ID, false)
	if err != nil {
		return nil, fmt.Errorf("listing the views of workbook %q: %w", wb.Name, err)
	}
	for _, v := range views {
		if v.ViewURLName == urlName || strings.HasSuffix(v.ContentURL, "/sheets/"+urlName) {
			return &v, nil
		}
	}
	var names []string
	for _, v := range views {
		if v.Name == urlName {
			return &v, nil
		}
		n := v.ViewURLName
		if n == "" {
			n = v.Name
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("view %q not found in workbook %q (its views: %s)", urlName, wb.Name, strings.Join(names, ", "))
}

// safeFileName makes a server-given name usable as a file name in the
// current directory.
func safeFileName(name string) string {
	// A view or workbook name is not a path: its slashes become part of the
	// name rather than cutting it, then the SDK's rules (device names,
	// hidden files, length, characters Windows refuses) apply.
	if name = tsc.SafeFileName(strings.NewReplacer("/", "_", `\`, "_").Replace(name)); name == "" {
		return "download"
	}
	return name
}
