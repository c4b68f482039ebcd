package emulator

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"
)

// The outbox collects what the server would have sent (subscription
// e-mails, data alerts): tests read it through tsctest.Server.Outbox or
// GET /_emulator/outbox; nothing leaves the emulator.

// OutboxMessage is one message the server would have sent to one user.
type OutboxMessage struct {
	ID string `json:"id"`
	// Seq orders messages as they were written.
	Seq    int64  `json:"seq"`
	SiteID string `json:"siteId"`
	// Kind says what sent it: "subscription" or "dataAlert".
	Kind string `json:"kind"`
	// SourceID is the subscription's or data alert's id.
	SourceID string `json:"sourceId"`
	// UserID, UserName and Email are the recipient.
	UserID   string `json:"userId"`
	UserName string `json:"userName"`
	Email    string `json:"email"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	// CreatedAt is when it was sent, on the server's clock: for a scheduled
	// message, the schedule's occurrence.
	CreatedAt   time.Time          `json:"createdAt"`
	Attachments []OutboxAttachment `json:"attachments"`
}

// OutboxAttachment is a file attached to a message (a PDF or PNG of a
// view or workbook). Data is base64 in JSON.
type OutboxAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Data        []byte `json:"data"`
}

// addOutbox writes a message into the outbox inside q (a scheduledRunner's
// transaction, so the message is sent with its occurrence or not at all).
// The id, sequence number and, when zero, creation time are filled in.
func (s *Store) addOutbox(ctx context.Context, q queryer, m *OutboxMessage) error {
	if m.ID == "" {
		m.ID = uuid.NewString()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now()
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM outbox`).Scan(&m.Seq); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO outbox (id, seq, site_id, kind, source_id, user_id, user_name, email, subject, body, created_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.Seq, m.SiteID, m.Kind, m.SourceID, m.UserID, m.UserName, m.Email,
		m.Subject, m.Body, m.CreatedAt.UnixMilli()); err != nil {
		return err
	}
	for i, a := range m.Attachments {
		if _, err := q.ExecContext(ctx, `INSERT INTO outbox_attachments (message_id, position, name, content_type, data) VALUES (?, ?, ?, ?, ?)`,
			m.ID, i, a.Name, a.ContentType, a.Data); err != nil {
			return err
		}
	}
	return nil
}

// maxOutboxRead bounds one read of the outbox: a test that needs more
// clears what it has read.
const maxOutboxRead = 10000

// Outbox returns the messages in the outbox, oldest first, with their
// attachments.
func (s *Server) Outbox(ctx context.Context) ([]OutboxMessage, error) {
	if err := s.runDue(ctx); err != nil {
		return nil, err
	}
	rows, err := s.store.db.QueryContext(ctx, `SELECT id, seq, site_id, kind, source_id, user_id, user_name, email, subject, body, created_ms
		FROM outbox ORDER BY seq LIMIT ?`, maxOutboxRead)
	if err != nil {
		return nil, err
	}
	out := []OutboxMessage{}
	byID := map[string]int{}
	for rows.Next() {
		var m OutboxMessage
		var ms int64
		if err := rows.Scan(&m.ID, &m.Seq, &m.SiteID, &m.Kind, &m.SourceID, &m.UserID, &m.UserName, &m.Email, &m.Subject, &m.Body, &ms); err != nil {
			rows.Close()
			return nil, err
		}
		m.CreatedAt = msTimeOf(ms)
		m.Attachments = []OutboxAttachment{}
		byID[m.ID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	arows, err := s.store.db.QueryContext(ctx, `SELECT a.message_id, a.name, a.content_type, a.data FROM outbox_attachments a
		JOIN outbox o ON o.id = a.message_id WHERE o.seq <= ? ORDER BY o.seq, a.position`, out[len(out)-1].Seq)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id string
		var a OutboxAttachment
		if err := arows.Scan(&id, &a.Name, &a.ContentType, &a.Data); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok {
			out[i].Attachments = append(out[i].Attachments, a)
		}
	}
	return out, arows.Err()
}

// ClearOutbox empties the outbox.
func (s *Server) ClearOutbox(ctx context.Context) error {
	return s.store.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox`)
		return err
	})
}
