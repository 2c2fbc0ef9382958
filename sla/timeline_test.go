package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

func TestTimelineFromEvents(t *testing.T) {
	at := func(h int) time.Time { return utc(2024, 5, 6, h, 0) }
	events := []StatusEvent{{at(5), Down}, {at(1), Operational}, {at(5), Degraded}, {at(8), Operational}, {at(30), Down}}
	orig := append([]StatusEvent(nil), events...)
	tl, err := TimelineFromEvents(iv(at(0), at(10)), events, WithMaintenance(iv(at(9), at(11))))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(orig, events); d != "" {
		t.Fatal("events modified:", d)
	}
	var got []string
	for s := range tl.Segments() {
		got = append(got, s.Start.Format("15")+"-"+s.End.Format("15")+" "+s.Status.String())
	}
	// Of the two events at 05:00 the later one given (degraded) wins; maintenance wins over
	// operational and is clipped to the window; the event after the window is ignored.
	want := []string{"00-01 no data", "01-05 operational", "05-08 degraded", "08-09 operational", "09-10 maintenance"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if tl.StatusAt(at(6)) != Degraded || tl.StatusAt(at(10)) != NoData || tl.StatusAt(at(0).Add(-1)) != NoData {
		t.Fatal("StatusAt")
	}
	clipped := tl.Clip(iv(at(4), at(6)))
	if clipped.Total(Operational) != time.Hour || clipped.Total(Degraded) != time.Hour || clipped.Window() != iv(at(4), at(6)) {
		t.Fatal("Clip")
	}
}

func TestTimelinePrecedence(t *testing.T) {
	at := func(h int) time.Time { return utc(2024, 5, 6, h, 0) }
	tl, err := TimelineFromIntervals(iv(at(0), at(6)), []StatusInterval{
		{iv(at(0), at(4)), Operational},
		{iv(at(1), at(3)), NoData},
		{iv(at(2), at(5)), Degraded},
		{iv(at(2), at(3)), Down},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Status]interval.Set{
		Operational: {iv(at(0), at(1))},
		NoData:      {iv(at(1), at(2)), iv(at(5), at(6))},
		Down:        {iv(at(2), at(3))},
		Degraded:    {iv(at(3), at(5))},
	}
	for s, w := range want {
		if d := cmp.Diff(w, tl.Intervals(s)); d != "" {
			t.Errorf("%s: %s", s, d)
		}
	}
	if _, err := TimelineFromIntervals(iv(at(0), at(6)), nil, WithFill(0)); !errors.Is(err, ErrBadStatus) {
		t.Errorf("bad fill: %v", err)
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range statuses {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%s: %v %v", s, back, err)
		}
	}
	if _, err := Status(0).MarshalText(); !errors.Is(err, ErrBadStatus) {
		t.Error("zero status marshalled")
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add("up")
	f.Add("no data")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if err != nil {
			if !errors.Is(err, ErrBadStatus) {
				t.Fatal(err)
			}
			return
		}
		if back, err := ParseStatus(st.String()); err != nil || back != st {
			t.Fatalf("%q: round trip %s", s, st)
		}
	})
}

func TestRollingWindows(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	asOf := time.Date(2024, 4, 2, 15, 0, 0, 0, berlin)
	if got, err := (Rolling{Length: 30 * 24 * time.Hour}).Ending(asOf); err != nil || got.Duration() != 720*time.Hour || !got.End.Equal(asOf) {
		t.Fatalf("rolling: %v %v", got, err)
	}
	// 7 local days ending with 2 April include the 23-hour 31 March.
	got, err := RollingDays(7, berlin, asOf)
	if err != nil || got.Duration() != 7*24*time.Hour-time.Hour || !got.Start.Equal(time.Date(2024, 3, 27, 0, 0, 0, 0, berlin)) {
		t.Fatalf("rolling days: %v %s", got, got.Duration())
	}
}
