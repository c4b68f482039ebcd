package emulator

import (
	"time"

	"github.com/tsc-go/tsc"
)

// The renderers turn stored rows into the SDK's model types, which the
// adapter encodes: the wire format is written down once, in package tsc.

func parseTime(s string) tsc.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return tsc.Time{}
	}
	return tsc.NewTime(t)
}

// renderSite writes a site with every setting a 3.29 server reports.
func renderSite(r *siteRow) *tsc.Site {
	out := r.Settings
	out.ID, out.Name, out.ContentURL = r.ID, r.Name, r.ContentURL
	// Servers before 3.x wrote usage on the site itself; 3.29 has no such
	// attributes (they are in <usage>, on request).
	out.NumUsers, out.Storage, out.Usage = nil, nil, nil
	return &out
}

// renderUser writes a user as Get User and lists do: with the local domain.
func renderUser(r *userRow) tsc.User {
	return tsc.User{
		ID:                 r.ID,
		Name:               r.Name,
		FullName:           r.FullName,
		Email:              r.Email,
		SiteRole:           r.SiteRole,
		AuthSetting:        r.AuthSetting,
		LastLogin:          parseTime(r.LastLogin),
		ExternalAuthUserID: "",
		Domain:             &tsc.Domain{Name: r.Domain},
	}
}

// renderUserShort is a user as Add User to Group and Add User answer: no
// domain, no names beyond the login.
func renderUserShort(r *userRow) tsc.User {
	return tsc.User{ID: r.ID, Name: r.Name, SiteRole: r.SiteRole, AuthSetting: r.AuthSetting}
}

func renderGroup(r *groupRow) tsc.Group {
	return tsc.Group{ID: r.ID, Name: r.Name, MinimumSiteRole: r.MinimumSiteRole, Domain: &tsc.Domain{Name: r.Domain}}
}

func renderProject(r *projectRow) tsc.Project {
	p := tsc.Project{
		ID:                 r.ID,
		Name:               r.Name,
		Description:        r.Description,
		ContentPermissions: r.ContentPermissions,
		ParentProjectID:    r.ParentID,
		CreatedAt:          parseTime(r.CreatedAt),
		UpdatedAt:          parseTime(r.UpdatedAt),
	}
	if r.OwnerID != "" {
		p.Owner = &tsc.User{ID: r.OwnerID}
	}
	return p
}

func renderWorkbook(r *workbookRow) tsc.Workbook {
	w := tsc.Workbook{
		ID:          r.ID,
		Name:        r.Name,
		Description: r.Description,
		ContentURL:  r.ContentURL,
		ShowTabs:    tsc.Bool(r.ShowTabs),
		Size:        tsc.Int(r.SizeMB),
		CreatedAt:   parseTime(r.CreatedAt),
		UpdatedAt:   parseTime(r.UpdatedAt),
		Project:     &tsc.Project{ID: r.ProjectID, Name: r.ProjectName},
		Owner:       &tsc.User{ID: r.OwnerID},
	}
	if r.PersonalSpace {
		w.Project, w.Location = nil, personalSpaceLocation(r.SiteID, r.OwnerID)
	}
	if len(r.Tags) > 0 {
		w.Tags = &tsc.Tags{}
		for _, t := range r.Tags {
			w.Tags.Tags = append(w.Tags.Tags, tsc.Tag{Label: t})
		}
	}
	return w
}
