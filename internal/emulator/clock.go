package emulator

import (
	"sync"
	"time"
)

// clock is the emulator's one clock: sessions, jobs, upload expiry and the
// scheduler read it. It is the configured time source (real time unless a
// test gives Config.Now) plus an offset that Advance moves forward, so a
// test can let a week pass in one call and a running `tabctl serve` can be
// moved on through its control endpoint without touching the machine's
// clock.
type clock struct {
	base func() time.Time
	mu   sync.Mutex
	// offset is how far Advance has moved the clock past its base.
	offset time.Duration
}

func newClock(base func() time.Time) *clock {
	if base == nil {
		base = time.Now
	}
	return &clock{base: base}
}

// now is the time on the clock, in UTC.
func (c *clock) now() time.Time {
	c.mu.Lock()
	off := c.offset
	c.mu.Unlock()
	return c.base().Add(off).UTC()
}

// add moves the clock forward by d.
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}
