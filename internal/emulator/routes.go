package emulator

import "github.com/tsc-go/tsc"

// since marks the REST API version a route appeared in; asked for with an
// older version, it is an unknown resource.
func since(v string, rt route) route {
	ver, err := tsc.ParseVersion(v)
	if err != nil {
		panic(err)
	}
	h := rt.handler
	rt.handler = func(c *call) (result, error) {
		if c.version.Less(ver) {
			return result{}, unknownResource(c.req.URL.Path)
		}
		return h(c)
	}
	return rt
}

// apiRoutes is the routing table, relative to /api/{version}/. A new
// resource adds its rows here and its handlers beside the others.
func (s *Server) apiRoutes() []route {
	return []route{
		since("2.4", public("GET", "serverinfo", s.serverInfo)),
		public("POST", "auth/signin", s.signIn),
		r("POST", "auth/signout", s.signOut),
		since("2.6", r("POST", "auth/switchSite", s.switchSite)),

		r("GET", "sites", s.listSites),
		r("POST", "sites", s.createSite),
		r("GET", "sites/{key}", s.getSite),
		r("PUT", "sites/{key}", s.updateSite),
		r("DELETE", "sites/{key}", s.deleteSite),

		r("GET", "sites/{site}/projects", s.listProjects),
		r("POST", "sites/{site}/projects", s.createProject),
		r("PUT", "sites/{site}/projects/{id}", s.updateProject),
		r("DELETE", "sites/{site}/projects/{id}", s.deleteProject),

		r("GET", "sites/{site}/users", s.listUsers),
		r("POST", "sites/{site}/users", s.addUser),
		r("GET", "sites/{site}/users/{id}", s.getUser),
		r("PUT", "sites/{site}/users/{id}", s.updateUser),
		r("DELETE", "sites/{site}/users/{id}", s.removeUser),
		r("GET", "sites/{site}/users/{id}/workbooks", s.userWorkbooks),
		since("3.7", r("GET", "sites/{site}/users/{id}/groups", s.userGroups)),

		r("GET", "sites/{site}/groups", s.listGroups),
		r("POST", "sites/{site}/groups", s.createGroup),
		r("PUT", "sites/{site}/groups/{id}", s.updateGroup),
		r("DELETE", "sites/{site}/groups/{id}", s.deleteGroup),
		r("GET", "sites/{site}/groups/{id}/users", s.groupUsers),
		r("POST", "sites/{site}/groups/{id}/users", s.addGroupUsers),
		since("3.21", r("PUT", "sites/{site}/groups/{id}/users/remove", s.removeGroupUsers)),
		r("DELETE", "sites/{site}/groups/{id}/users/{user}", s.removeGroupUser),
	}
}
