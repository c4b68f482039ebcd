package tsc

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestNewClientNeverEchoesUserInfo: a server URL with a password in it is
// refused, and the error shows neither the password nor any part of it,
// even when a "/", "?" or "#" in the password would end the URL's authority
// early (a URL parser's error then quotes the text around it).
func TestNewClientNeverEchoesUserInfo(t *testing.T) {
	const secret = "Zk9-s3cret"
	for _, in := range []string{
		"https://admin:" + secret + "@tableau.example.com",
		"https://" + secret + "@tableau.example.com",
		"https://admin:" + secret + "/more@tableau.example.com",
		"https://admin:" + secret + "?q@tableau.example.com",
		"https://admin:" + secret + "#f@tableau.example.com",
		"https://admin:" + secret + "@a@tableau.example.com",
		"https://admin:" + secret + "@tableau.example.com:bad-port",
		"admin:" + secret + "@tableau.example.com",
		"ftp://admin:" + secret + "@tableau.example.com",
	} {
		_, err := NewClient(in)
		if err == nil {
			t.Errorf("NewClient(%q) succeeded", in)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "s3cret") || strings.Contains(msg, "Zk9") {
			t.Errorf("NewClient(%q) = %q: the password is echoed", in, msg)
		}
		if !strings.Contains(msg, "user info") || !strings.Contains(msg, "***@") {
			t.Errorf("NewClient(%q) = %q, want it to name user info and show it as ***", in, msg)
		}
	}
}

// TestErrNetworkClass: a request that gets no answer matches ErrNetwork,
// and an answer does not.
func TestErrNetworkClass(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	c, err := NewClient("http://"+addr, WithoutRetries(), WithVersion("3.21"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerInfo(context.Background())
	if !errors.Is(err, ErrNetwork) || errors.Is(err, ErrServer) {
		t.Errorf("connection refused: %v; want ErrNetwork", err)
	}
	if se := (&ServerError{HTTPStatus: 500}); errors.Is(se, ErrNetwork) {
		t.Error("a 500 answer matches ErrNetwork")
	}
}

// TestCertificateFailureIsNotRetried: a certificate that fails verification
// fails again, so the request is not retried.
func TestCertificateFailureIsNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	c, err := NewClient(srv.URL, WithVersion("3.21"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerInfo(context.Background())
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) || !errors.Is(err, ErrNetwork) {
		t.Fatalf("ServerInfo against a self-signed certificate: %v", err)
	}
	if n := handshakes.Load(); n != 1 {
		t.Errorf("%d connections, want 1: a certificate failure was retried", n)
	}
}
