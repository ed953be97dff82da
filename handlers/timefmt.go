package handlers

import (
	"fmt"
	"strings"
	"time"
)

// Span says a duration in the page's language: "6시간 0분", "2d 3h".
func (v *View) Span(d time.Duration) string {
	d = d.Round(time.Minute)
	days, h, m := int(d.Hours())/24, int(d.Hours())%24, int(d.Minutes())%60
	var parts []string
	switch {
	case days > 0:
		parts = []string{fmt.Sprintf(v.T("time.days"), days), fmt.Sprintf(v.T("time.hours"), h)}
	case h > 0:
		parts = []string{fmt.Sprintf(v.T("time.hours"), h), fmt.Sprintf(v.T("time.minutes"), m)}
	default:
		parts = []string{fmt.Sprintf(v.T("time.minutes"), m)}
	}
	return strings.Join(parts, " ")
}

// Relative says when t is from now in the page's language: "6시간 0분 후", "3m ago".
func (v *View) Relative(now, t time.Time) string {
	d := t.Sub(now).Round(time.Minute)
	switch {
	case d == 0:
		return v.T("time.just_now")
	case d < 0:
		return fmt.Sprintf(v.T("time.ago"), v.Span(-d))
	}
	return fmt.Sprintf(v.T("time.in"), v.Span(d))
}

// Every says how often a job runs: "10분마다".
func (v *View) Every(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf(v.T("time.every"), fmt.Sprintf(v.T("time.seconds"), int(d.Seconds())))
	}
	return fmt.Sprintf(v.T("time.every"), v.Span(d))
}

// When is t in the site's time zone (SITE_TIMEZONE), to the minute, with the zone named:
// "2026-12-01 04:58 KST" ("… 한국 시간" on a Korean page). The server's own zone never
// shows.
func (v *View) When(t time.Time) string { return v.inZone(t, "2006-01-02 15:04") }

// WhenSeconds is When to the second.
func (v *View) WhenSeconds(t time.Time) string { return v.inZone(t, "2006-01-02 15:04:05") }

func (v *View) inZone(t time.Time, layout string) string {
	t = t.In(v.location())
	abbr := t.Format("MST")
	return t.Format(layout) + " " + orKey(v.T, "zone."+abbr, abbr)
}

// Zone names the site's time zone ("Asia/Seoul").
func (v *View) Zone() string { return v.location().String() }

func (v *View) location() *time.Location {
	if v.zone == nil {
		return time.UTC
	}
	return v.zone
}
