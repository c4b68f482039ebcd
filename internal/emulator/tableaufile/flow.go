package tableaufile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// FlowTypes are the file types a flow is published as, as the flowType
// parameter names them: .tfl holds the flow, .tflx the flow with its
// local input files (packaged).
var FlowTypes = []string{"tfl", "tflx"}

// Flow is what a Tableau Prep flow file says about itself.
type Flow struct {
	// Steps are the flow's nodes, top-level and inside containers, ordered
	// by name then id (the file keeps them in a JSON object, whose order
	// carries no meaning).
	Steps []FlowStep
	// Inputs and Outputs are the steps whose baseType is input or output.
	Inputs, Outputs []FlowStep
	// Connections are the connections the inputs read, once each, in the
	// order of the inputs.
	Connections []Connection
	// Packaged is set for a .tflx: the archive carries data files beside
	// the flow document.
	Packaged bool
}

// FlowStep is one node of a flow.
type FlowStep struct {
	ID, Name string
	// NodeType is Prep's type, e.g. ".v1.LoadSql", ".v1.PublishExtract".
	NodeType string
	// BaseType is input, transform, output (or container, super...).
	BaseType     string
	ConnectionID string
	// DatasourceName and ProjectName are where a PublishExtract output
	// publishes its data source.
	DatasourceName, ProjectName string
}

// PublishesDatasource reports whether the step is an output that publishes
// a data source to the server.
func (s FlowStep) PublishesDatasource() bool {
	return s.BaseType == "output" && strings.HasSuffix(s.NodeType, ".PublishExtract")
}

// maxFlowSteps bounds the nodes of a flow beyond the token count of
// MaxElements: each is rendered and stored.
const maxFlowSteps = 100_000

// flowDoc is the part of the flow document the emulator reads.
type flowDoc struct {
	Nodes       map[string]flowNode `json:"nodes"`
	Connections map[string]flowConn `json:"connections"`
}

type flowNode struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	NodeType       string `json:"nodeType"`
	BaseType       string `json:"baseType"`
	ConnectionID   string `json:"connectionId"`
	DatasourceName string `json:"datasourceName"`
	ProjectName    string `json:"projectName"`
	LoomContainer  *struct {
		Nodes map[string]flowNode `json:"nodes"`
	} `json:"loomContainer"`
}

type flowConn struct {
	ConnectionType string            `json:"connectionType"`
	Name           string            `json:"name"`
	Attributes     map[string]string `json:"connectionAttributes"`
}

// ReadFlow reads a flow file of the given type ("tfl" or "tflx"): a zip
// archive whose root entry "flow" is the flow's JSON document.
func ReadFlow(ra io.ReaderAt, size int64, fileType string, lim Limits) (*Flow, error) {
	lim = lim.withDefaults()
	ft := strings.ToLower(fileType)
	if ft != "tfl" && ft != "tflx" {
		return nil, malformed("%q is not a flow type (tfl, tflx)", fileType)
	}
	a, err := OpenArchive(ra, size, lim)
	if err != nil {
		return nil, err
	}
	for _, f := range a.zr.File {
		if f.Name != "flow" {
			continue
		}
		rc, err := a.open(f)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		fl, err := parseFlowJSON(rc, lim)
		if err != nil {
			return nil, fmt.Errorf("flow: %w", err)
		}
		fl.Packaged = ft == "tflx"
		return fl, nil
	}
	return nil, malformed("the archive holds no flow document (an entry named \"flow\" at its root)")
}

// ParseFlowJSON reads a flow document with the default limits.
func ParseFlowJSON(r io.Reader) (*Flow, error) { return parseFlowJSON(r, DefaultLimits) }

// parseFlowJSON reads the document at most MaxDocumentSize bytes long,
// checks its nesting and token count against MaxDepth and MaxElements
// before decoding it, then reads its nodes and connections.
func parseFlowJSON(r io.Reader, lim Limits) (*Flow, error) {
	lim = lim.withDefaults()
	b, err := io.ReadAll(io.LimitReader(r, lim.MaxDocumentSize+1))
	if err != nil {
		return nil, malformed("the flow document cannot be read: %v", err)
	}
	if int64(len(b)) > lim.MaxDocumentSize {
		return nil, unsafe("the flow document is more than %d bytes", lim.MaxDocumentSize)
	}
	if err := checkJSONShape(b, lim); err != nil {
		return nil, err
	}
	var doc flowDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, malformed("the flow document is not a flow: %v", err)
	}
	if doc.Nodes == nil {
		return nil, malformed("the flow document has no \"nodes\" object")
	}
	fl := &Flow{}
	var collect func(nodes map[string]flowNode) error
	collect = func(nodes map[string]flowNode) error {
		for key, n := range nodes {
			if len(fl.Steps) >= maxFlowSteps {
				return unsafe("the flow has more than %d steps", maxFlowSteps)
			}
			id := n.ID
			if id == "" {
				id = key
			}
			fl.Steps = append(fl.Steps, FlowStep{ID: id, Name: n.Name, NodeType: n.NodeType, BaseType: n.BaseType,
				ConnectionID: n.ConnectionID, DatasourceName: n.DatasourceName, ProjectName: n.ProjectName})
			if n.LoomContainer != nil {
				if err := collect(n.LoomContainer.Nodes); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := collect(doc.Nodes); err != nil {
		return nil, err
	}
	sort.Slice(fl.Steps, func(i, j int) bool {
		if fl.Steps[i].Name != fl.Steps[j].Name {
			return fl.Steps[i].Name < fl.Steps[j].Name
		}
		return fl.Steps[i].ID < fl.Steps[j].ID
	})
	seen := map[string]bool{}
	for _, st := range fl.Steps {
		switch st.BaseType {
		case "input":
			fl.Inputs = append(fl.Inputs, st)
			if st.ConnectionID == "" || seen[st.ConnectionID] {
				continue
			}
			c, ok := doc.Connections[st.ConnectionID]
			if !ok {
				return nil, malformed("the input step %q reads the connection %q, which the flow does not declare", st.Name, st.ConnectionID)
			}
			seen[st.ConnectionID] = true
			fl.Connections = append(fl.Connections, Connection{Class: c.Attributes["class"], Server: c.Attributes["server"],
				Port: c.Attributes["port"], Username: c.Attributes["username"], DBName: c.Attributes["dbname"], Datasource: c.Name})
		case "output":
			if st.PublishesDatasource() && strings.TrimSpace(st.DatasourceName) == "" {
				return nil, malformed("the output step %q publishes a data source but names none (datasourceName)", st.Name)
			}
			fl.Outputs = append(fl.Outputs, st)
		}
	}
	return fl, nil
}

// checkJSONShape walks the document's tokens: it must be one JSON object,
// nested at most MaxDepth deep, with at most MaxElements values and no
// string longer than MaxAttrValue, so that decoding it costs what its size
// says and no more.
func checkJSONShape(b []byte, lim Limits) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	depth, count := 0, 0
	first := true
	for {
		tok, err := dec.Token()
		if err == io.EOF && depth > 0 {
			return malformed("the flow document is not JSON: it ends inside an object or array")
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return malformed("the flow document is not JSON: %v", err)
		}
		if first {
			if d, ok := tok.(json.Delim); !ok || d != '{' {
				return malformed("the flow document is not a JSON object")
			}
			first = false
		}
		count++
		if count > lim.MaxElements {
			return unsafe("the flow document has more than %d values", lim.MaxElements)
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
				if depth > lim.MaxDepth {
					return unsafe("the flow document nests more than %d deep", lim.MaxDepth)
				}
			} else {
				depth--
			}
		case string:
			if len(t) > lim.MaxAttrValue {
				return unsafe("a string of the flow document is %d bytes; at most %d are read", len(t), lim.MaxAttrValue)
			}
		}
		if depth == 0 && !first {
			if dec.More() {
				return malformed("the flow document has data after its object")
			}
			if _, err := dec.Token(); err != io.EOF {
				return malformed("the flow document has data after its object")
			}
			break
		}
	}
	if first {
		return malformed("the flow document is empty")
	}
	return nil
}
