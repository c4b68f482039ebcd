package cmdutil

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// gatedWriter is the terminal a bar draws on. Once closed it drops
// writes: progressbar redraws spinners from its own goroutine, which may
// wake after the command has finished and must not touch stderr then.
type gatedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gatedWriter) Write(b []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return len(b), nil
	}
	return g.w.Write(b)
}

func (g *gatedWriter) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// ByteProgress draws a transfer's progress bar on stderr (bytes, rate,
// time left) when stderr is a terminal and --quiet is off. Its methods do
// nothing on a nil *ByteProgress, so commands call them unconditionally.
type ByteProgress struct {
	mu    sync.Mutex
	out   *gatedWriter
	desc  string
	bar   *progressbar.ProgressBar
	total int64
	at    int64
	done  bool
}

// NewByteProgress returns a bar for one transfer described by desc (e.g.
// "Publishing Sales.twbx"), or nil when progress is not shown.
func NewByteProgress(io *iostreams.IOStreams, desc string) *ByteProgress {
	if !io.ShowProgress() {
		return nil
	}
	return &ByteProgress{out: &gatedWriter{w: io.ErrOut}, desc: desc}
}

// Callback returns the function the SDK's Progress options take, or nil
// (no callback at all) when progress is not shown.
func (p *ByteProgress) Callback() func(done, total int64) {
	if p == nil {
		return nil
	}
	return p.Update
}

// Update moves the bar to done bytes of total (-1: unknown). The bar is
// made on the first call, once the total is known; the SDK may call from
// another goroutine.
func (p *ByteProgress) Update(done, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	if p.bar == nil || (total != p.total && total > 0) {
		if p.bar != nil {
			p.bar.ChangeMax64(total)
		} else {
			p.bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(p.out),
				progressbar.OptionSetDescription(p.desc),
				progressbar.OptionShowBytes(true),
				progressbar.OptionShowTotalBytes(true),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionSetElapsedTime(true),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(65*time.Millisecond),
				progressbar.OptionSpinnerType(14),
				progressbar.OptionSetRenderBlankState(true),
			)
		}
		p.total = total
	}
	p.at = done
	p.bar.Set64(done)
}

// Finish leaves the bar as it ended (complete, with the size and rate; or
// where a failed transfer stopped) and ends its line, so that the
// command's own message starts on a clean line.
func (p *ByteProgress) Finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	if p.bar != nil {
		if p.total > 0 && p.at >= p.total {
			p.bar.Finish()
		}
		p.bar.Exit()
		fmt.Fprintln(p.out)
	}
	p.out.close()
}

// JobSpinner shows, on a terminal, that tabctl is waiting for a job: a
// spinner with the job's type, progress and elapsed time. Nil when
// progress is not shown; its methods then do nothing.
type JobSpinner struct {
	mu   sync.Mutex
	out  *gatedWriter
	bar  *progressbar.ProgressBar
	desc string
	done bool
}

// NewJobSpinner starts a spinner described by desc (e.g. "Refreshing
// Sales"), or returns nil off a terminal or with --quiet.
func NewJobSpinner(io *iostreams.IOStreams, desc string) *JobSpinner {
	if !io.ShowProgress() {
		return nil
	}
	out := &gatedWriter{w: io.ErrOut}
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
	)
	bar.RenderBlank()
	return &JobSpinner{out: out, bar: bar, desc: desc}
}

// Poll shows the job as last seen; it fits tsc.WaitOptions.OnPoll.
func (s *JobSpinner) Poll(job *tsc.Job) {
	if s == nil || job == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	d := s.desc
	if job.Progress != nil {
		d = fmt.Sprintf("%s (%d%%)", s.desc, *job.Progress)
	}
	s.bar.Describe(d)
	s.bar.Add(1)
}

// OnPoll returns the callback for tsc.WaitOptions.OnPoll, nil when no
// spinner is shown.
func (s *JobSpinner) OnPoll() func(*tsc.Job) {
	if s == nil {
		return nil
	}
	return s.Poll
}

// Finish stops the spinner and clears its line.
func (s *JobSpinner) Finish() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	s.done = true
	s.bar.Finish()
	s.bar.Exit()
	fmt.Fprint(s.out, "\r\033[K")
	s.out.close()
}
