// Package tsc is a client for the Tableau Server and Tableau Cloud REST API.
//
// A [Client] signs in once and reaches every REST resource through a service:
// client.Sites, client.Projects, client.Users, client.Groups, and so on. Every
// call takes a [context.Context]; list endpoints return one page with List and
// every page, lazily, with All. Errors returned by the server are
// [*ServerError] values that work with [errors.Is] against the sentinel
// classes ([ErrNotFound], [ErrUnauthorized], ...).
//
// The same client works with Tableau Server and with Tableau Cloud: both
// speak one REST API, and the differences a caller meets (Cloud signs in
// with personal access tokens or connected-app JWTs, not passwords of
// accounts with MFA; it has no server-level calls) are the server's answers,
// which come back as the usual [*ServerError].
//
// The wire format (XML in namespace http://tableau.com/api) is written down
// once, in the model types of this package; the emulator in package tsctest
// uses the same types, which is why both are checked against the official
// schema and against captured server responses. The SDK speaks XML, which it
// streams; Tableau also speaks JSON, and an error answered in JSON (by a
// gateway or proxy in front of the server, say) still becomes a typed
// [*ServerError] with its code, summary and detail.
package tsc
