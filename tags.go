package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// addTags sends PUT {kind}/{id}/tags and returns the item's tags afterwards.
func (c *Client) addTags(ctx context.Context, name string, min Version, kind, id string, labels []string) ([]string, error) {
	if id == "" {
		return nil, errors.New("tsc: " + name + ": empty id")
	}
	if len(labels) == 0 {
		return nil, errors.New("tsc: " + name + ": no tags to add")
	}
	body := Tags{Tags: make([]Tag, 0, len(labels))}
	for _, l := range labels {
		if err := checkTag(name, l); err != nil {
			return nil, err
		}
		body.Tags = append(body.Tags, Tag{Label: l})
	}
	b, err := encodeElement("tags", body)
	if err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, name, min, http.MethodPut, kind+"/"+url.PathEscape(id)+"/tags", nil, b)
	if err != nil {
		return nil, err
	}
	return resp.Tags.Labels(), nil
}

// deleteTag sends DELETE {kind}/{id}/tags/{label}.
func (c *Client) deleteTag(ctx context.Context, name string, min Version, kind, id, label string) error {
	if id == "" {
		return errors.New("tsc: " + name + ": empty id")
	}
	if err := checkTag(name, label); err != nil {
		return err
	}
	return c.deleteSite(ctx, name, min, kind+"/"+url.PathEscape(id)+"/tags/"+url.PathEscape(label), nil)
}

func checkTag(name, label string) error {
	if strings.TrimSpace(label) == "" {
		return errors.New("tsc: " + name + ": empty tag")
	}
	return nil
}
