package tsctest

import (
	"context"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

// The server's clock and what it runs: schedules fire on the server's clock,
// which is real time (or the WithClock source) plus however far Advance has
// moved it. Advance runs every schedule occurrence that falls due, in time
// order, before it returns: a test lets a week pass in one call and finds
// the week's jobs and outbox messages, no more and no fewer.

// OutboxMessage is a message the server would have sent (a subscription's
// e-mail, a data alert), with its attachments; see Server.Outbox.
type OutboxMessage = emulator.OutboxMessage

// OutboxAttachment is a file attached to an OutboxMessage.
type OutboxAttachment = emulator.OutboxAttachment

// Advance moves the server's clock forward by d (at most a year) and runs
// the schedules that fall due meanwhile. Sessions expire on the same clock:
// after an advance past their lifetime, clients sign in again.
func (s *Server) Advance(d time.Duration) error { return s.emu.Advance(context.Background(), d) }

// Now is the time on the server's clock.
func (s *Server) Now() time.Time { return s.emu.Now() }

// Outbox returns what the server would have sent so far, oldest first.
func (s *Server) Outbox() ([]OutboxMessage, error) { return s.emu.Outbox(context.Background()) }

// ClearOutbox empties the outbox.
func (s *Server) ClearOutbox() error { return s.emu.ClearOutbox(context.Background()) }

// SeedLinkedTask makes a linked task on the site (a content URL) whose
// steps are the given extract refresh tasks, in order, and returns its id;
// stopOnFailure stops the later steps when one fails. Tableau makes linked
// tasks in its web UI, of flow tasks; this seed links the extract refresh
// tasks it is given. The linked task is shown with its first
// step's schedule, as real answers show one.
func (s *Server) SeedLinkedTask(siteContentURL string, stopOnFailure bool, taskIDs ...string) (string, error) {
	return s.emu.SeedLinkedTask(context.Background(), siteContentURL, stopOnFailure, taskIDs...)
}
