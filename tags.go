package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// addTags sends PUT {collection}/{id}/tags and returns the item's tags
// afterwards.
func (k *contentKind[T]) addTags(ctx context.Context, c *Client, id string, labels []string) ([]string, error) {
	name := k.op("AddTags")
	if err := k.checkID("AddTags", id); err != nil {
		return nil, err
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
	resp, err := c.sendSite(ctx, name, k.since.tags, http.MethodPut, k.path(id)+"/tags", nil, b)
	if err != nil {
		return nil, err
	}
	return resp.Tags.Labels(), nil
}

// deleteTag sends DELETE {collection}/{id}/tags/{label}.
func (k *contentKind[T]) deleteTag(ctx context.Context, c *Client, id, label string) error {
	name := k.op("DeleteTag")
	if err := k.checkID("DeleteTag", id); err != nil {
		return err
	}
	if err := checkTag(name, label); err != nil {
		return err
	}
	return c.deleteSite(ctx, name, k.since.tags, k.path(id)+"/tags/"+url.PathEscape(label), nil)
}

func checkTag(name, label string) error {
	if strings.TrimSpace(label) == "" {
		return errors.New("tsc: " + name + ": empty tag")
	}
	return nil
}
