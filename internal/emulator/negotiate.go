package emulator

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// The REST API speaks XML and JSON: "You can send your the body of the
// request block as XML or JSON" (REST API Example Requests,
// https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_concepts_example_requests.htm),
// and a client that asks for application/json in Accept gets JSON. XML
// stays the default. Both forms come from the one wire model: the XML
// through encoding/xml, the JSON through internal/wirejson, which derives
// it from the same xml tags, so every route, including those added later,
// answers and reads both without a line written for either.

const (
	contentTypeXML  = "application/xml;charset=utf-8"
	contentTypeJSON = "application/json;charset=utf-8"
)

// wantsJSON reports whether the request's Accept header prefers JSON to
// XML (wirejson.PrefersJSON has the rules, shared with the fault injector).
func wantsJSON(req *http.Request) bool { return wirejson.PrefersJSON(req.Header.Values("Accept")) }

// jsonBody reports whether a body with this Content-Type is JSON: when the
// type says so (application/json, or a +json type), or, tolerating the
// clients that send none or curl's default form type, when it says no XML
// and the body starts with '{', which no XML document does.
func jsonBody(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch {
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			return true
		case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
			return false
		}
	}
	return bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n\ufeff"), []byte("{"))
}

// flag reads a boolean query parameter as Tableau Server does: it binds
// query parameters with Java's Boolean.valueOf, which takes "true" in any
// case, so PowerShell's "$true" (written "True") works as TSC's "true".
// Parameter names stay exact: Tableau matches them exactly and ignores a
// name it does not know (pagesize=5 gets the default page), as the
// emulator does.
func (c *call) flag(name string) bool { return strings.EqualFold(c.query.Get(name), "true") }

// encodeResponse writes resp in the negotiated form, with its Content-Type.
func encodeResponse(resp *tsc.TSResponse, asJSON bool) ([]byte, string, error) {
	if asJSON {
		b, err := wirejson.Marshal(resp)
		return b, contentTypeJSON, err
	}
	b, err := tsc.EncodeResponse(resp)
	return b, contentTypeXML, err
}

// decodeJSONRequest reads a JSON request body (or request_payload part)
// with the same outcome as decodeRequest's XML: a body past a bound or
// malformed is a 400000 naming the bound or where it broke.
func decodeJSONRequest(body []byte, what string) (*tsc.TSRequest, error) {
	var req tsc.TSRequest
	err := wirejson.Unmarshal(bytes.TrimPrefix(body, []byte("\ufeff")), &req, wirejson.RequestLimits)
	var je *wirejson.Error
	switch {
	case errors.As(err, &je) && je.Limit != "":
		return nil, badRequest("The %s is refused: %v.", what, err)
	case err != nil:
		return nil, badRequest("The content of the %s cannot be read: %v", what, err)
	}
	return &req, nil
}

// negotiated is the form the answer to a request takes, carried by the
// ResponseWriter from ServeHTTP to writeResult and writeError so that
// every answer, errors refused before any handler included, takes it.
type negotiated interface{ answersJSON() bool }

func (w *statusWriter) answersJSON() bool { return w.json }

func answersJSON(w http.ResponseWriter) bool {
	n, ok := w.(negotiated)
	return ok && n.answersJSON()
}
