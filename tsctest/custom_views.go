package tsctest

import (
	"context"

	"github.com/tsc-go/tsc/internal/emulator"
)

// CustomViewSeed is a custom view to create with SeedCustomView: Tableau's
// users create custom views in its web UI, so the REST API (and the SDK)
// only list, read, change, delete, export, download and publish them.
type CustomViewSeed = emulator.CustomViewSeed

// SeedCustomView creates a custom view on a view and returns its id (the
// same as POST /_emulator/customViews for tabctl serve). Its file keeps
// the seed's filters on its view, so its image, PDF and CSV show the
// view's data filtered so.
func (s *Server) SeedCustomView(seed CustomViewSeed) (string, error) {
	return s.emu.SeedCustomView(context.Background(), seed)
}
