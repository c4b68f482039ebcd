package tsctest

import (
	"context"

	"github.com/tsc-go/tsc/internal/emulator"
)

// DataAlertSeed is a data-driven alert to create with CreateDataAlert:
// Tableau creates alerts in its web UI, so the REST API (and the SDK) only
// list, change and delete them. See the emulator's rule for when an alert
// fires: after a refresh of its workbook moves its view's total Sales
// across the threshold into the condition.
type DataAlertSeed = emulator.DataAlertSeed

// CreateDataAlert creates a data alert on a view and returns its id (the
// same as POST /_emulator/dataAlerts for tabctl serve).
func (s *Server) CreateDataAlert(seed DataAlertSeed) (string, error) {
	return s.emu.CreateDataAlert(context.Background(), seed)
}

// ViewAlertValue is the number data alerts on a view watch: its total
// Sales as its data is now (siteContentURL "" for the Default site).
func (s *Server) ViewAlertValue(siteContentURL, viewID string) (float64, error) {
	return s.emu.ViewAlertValue(context.Background(), siteContentURL, viewID)
}
