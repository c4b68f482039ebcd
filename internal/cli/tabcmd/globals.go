package tabcmd

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// GlobalOptions are tabcmd's global flags that tabctl's own global flags do
// not already cover (-s, -t, -u, -p, --password-file, --token-*, --no-certcheck
// and --timeout are tabctl's own). Every tabcmd script starts with some of
// them, so each is accepted on every command: honoured where tabctl can,
// else accepted and documented as having no effect.
type GlobalOptions struct {
	NoPrompt         bool
	NoCookie         bool
	Proxy            string
	NoProxy          bool
	Certificate      string
	Language         string
	Country          string
	LoggingLevel     string
	QueryPageSize    int
	ContinueIfExists bool
	Version          bool
}

// tabcmdLanguages are the values tabcmd's --language and --country accept.
var tabcmdLanguages = []string{"de", "en", "es", "fr", "it", "ja", "ko", "pt", "sv", "zh"}

// loggingLevels are the values of tabcmd's -l/--logging-level.
var loggingLevels = []string{"TRACE", "DEBUG", "INFO", "ERROR"}

// secondsOrDuration is --timeout as both tools read it: tabcmd gives whole
// seconds ("--timeout 60"), tabctl a Go duration ("--timeout 1m").
type secondsOrDuration struct{ d *time.Duration }

func (s secondsOrDuration) String() string {
	if s.d == nil || *s.d == 0 {
		return "0s"
	}
	return s.d.String()
}

func (s secondsOrDuration) Set(v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return fmt.Errorf("%d is negative", n)
		}
		*s.d = time.Duration(n) * time.Second
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("%q is neither seconds (60) nor a duration (1m30s)", v)
	}
	*s.d = d
	return nil
}

func (s secondsOrDuration) Type() string { return "duration" }

// AddGlobalFlags gives root (and so every command) tabcmd's global flags,
// and makes the version flag work on every command, as tabcmd's -v does.
// Call it once the whole tree is built.
func AddGlobalFlags(root *cobra.Command, f *cmdutil.Factory) {
	g := &GlobalOptions{}
	pf := root.PersistentFlags()
	pf.BoolVar(&g.NoPrompt, "no-prompt", false, "never prompt for a password (tabcmd); without one the command fails")
	pf.BoolVar(&g.NoCookie, "no-cookie", false, "accepted for tabcmd scripts; no effect: tabctl keeps its session in a private file (see login)")
	pf.StringVarP(&g.Proxy, "proxy", "x", "", "send requests through this HTTP proxy, HOST:PORT or a URL (tabcmd)")
	pf.BoolVar(&g.NoProxy, "no-proxy", false, "use no proxy, not even one from HTTPS_PROXY/HTTP_PROXY (tabcmd)")
	pf.StringVarP(&g.Certificate, "use-certificate", "c", "", "present this client certificate (PEM file holding the certificate and its key) to the server (tabcmd)")
	pf.StringVar(&g.Language, "language", "", "accepted for tabcmd scripts (de, en, es, fr, it, ja, ko, pt, sv, zh); no effect: tabctl speaks English")
	pf.StringVar(&g.Country, "country", "", "accepted for tabcmd scripts (de, en, ...); no effect")
	pf.StringVarP(&g.LoggingLevel, "logging-level", "l", "", "tabcmd's log level: TRACE or DEBUG log each request (as --debug), ERROR prints only errors (as -q), INFO is the default")
	pf.IntVar(&g.QueryPageSize, "query-page-size", 0, "page size of the server queries behind list (tabcmd); other commands ask the server's largest page")
	pf.BoolVar(&g.ContinueIfExists, "continue-if-exists", false, "succeed when what a create command makes already exists (tabcmd)")
	pf.BoolVarP(&g.Version, "version", "v", false, "print tabctl's version and exit (tabcmd -v)")
	if fl := pf.Lookup("timeout"); fl != nil {
		fl.Value = secondsOrDuration{&f.Globals.Timeout}
		fl.Usage += "; whole seconds as tabcmd gives them (--timeout 60) work too"
	}

	version := cmdutil.Version
	root.SetVersionTemplate("tabctl {{.Version}} (tabcmd-compatible)\n")
	var setVersion func(*cobra.Command)
	setVersion = func(c *cobra.Command) {
		c.Version = version
		for _, sub := range c.Commands() {
			setVersion(sub)
		}
	}
	setVersion(root)

	next := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if next != nil {
			if err := next(cmd, args); err != nil {
				return err
			}
		}
		return g.apply(f)
	}
}

// apply checks the flags' values (tabcmd refuses a bad choice as a usage
// error) and honours those that change how tabctl works.
func (g *GlobalOptions) apply(f *cmdutil.Factory) error {
	for _, l := range []struct{ flag, v string }{{"language", g.Language}, {"country", g.Country}} {
		if l.v != "" && !inFold(l.v, tabcmdLanguages) {
			return cmdutil.FlagErrorf("--%s %q: say one of %s", l.flag, l.v, strings.Join(tabcmdLanguages, ", "))
		}
	}
	switch strings.ToUpper(g.LoggingLevel) {
	case "":
	case "TRACE", "DEBUG":
		f.Globals.Debug = true
	case "INFO":
	case "ERROR":
		f.IO.Quiet = true
	default:
		return cmdutil.FlagErrorf("--logging-level %q: say one of %s", g.LoggingLevel, strings.Join(loggingLevels, ", "))
	}
	if g.QueryPageSize < 0 {
		return cmdutil.FlagErrorf("--query-page-size %d is negative", g.QueryPageSize)
	}
	if g.Proxy != "" && g.NoProxy {
		return cmdutil.FlagErrorf("--proxy and --no-proxy: give one of them")
	}
	if g.Certificate != "" && f.Globals.NoCertCheck {
		return cmdutil.FlagErrorf("--use-certificate and --no-certcheck: give one of them")
	}
	if g.NoPrompt {
		f.IO.StdinTTY = false
	}
	var proxy *url.URL
	if g.Proxy != "" {
		raw := g.Proxy
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return cmdutil.FlagErrorf("--proxy %q: give HOST:PORT or a URL such as http://proxy.example.com:8080", g.Proxy)
		}
		proxy = u
	}
	var cert *tls.Certificate
	if g.Certificate != "" {
		c, err := tls.LoadX509KeyPair(g.Certificate, g.Certificate)
		if err != nil {
			return fmt.Errorf("--use-certificate %s: %v (give one PEM file holding the certificate and its private key)", g.Certificate, err)
		}
		cert = &c
	}
	if proxy != nil || g.NoProxy || cert != nil {
		f.AdjustTransport = func(t *http.Transport) {
			switch {
			case proxy != nil:
				t.Proxy = http.ProxyURL(proxy)
			case g.NoProxy:
				t.Proxy = nil
			}
			if cert != nil {
				if t.TLSClientConfig == nil {
					t.TLSClientConfig = &tls.Config{}
				}
				t.TLSClientConfig.Certificates = []tls.Certificate{*cert}
			}
		}
	}
	return nil
}
