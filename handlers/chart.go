package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Chart is a bar chart of one number per day, drawn as inline SVG on the server: no chart
// library in the browser, colours from the theme, and the numbers as a table too.
type Chart struct {
	ID, Title, Desc string
	Bars            []Bar
	Rows            []ChartRow
	Total, Max      int64
	// Axis labels the first, middle and last day under the bars.
	Axis []string
	// TableLabel opens the table of the numbers; DayLabel and CountLabel head it.
	TableLabel, DayLabel, CountLabel string
}

// Bar is one day's bar, in the 300×100 drawing.
type Bar struct {
	X, Y, W, H float64
	Title      string
}

// ChartRow is one day of the chart's table.
type ChartRow struct {
	Day   string
	Count int64
}

const chartW, chartH = 300.0, 90.0

func (v *View) chart(id, title string, days []time.Time, values []int64) *Chart {
	c := &Chart{ID: id, Title: title}
	for _, n := range values {
		c.Total += n
		c.Max = max(c.Max, n)
	}
	w := chartW / float64(max(len(days), 1))
	for i, d := range days {
		var n int64
		if i < len(values) {
			n = values[i]
		}
		h := 0.0
		if c.Max > 0 {
			h = chartH * float64(n) / float64(c.Max)
		}
		day := d.Format("01-02")
		c.Bars = append(c.Bars, Bar{X: float64(i) * w, Y: chartH - h, W: w * 0.8, H: h, Title: fmt.Sprintf(v.T("chart.bar"), day, n)})
		c.Rows = append(c.Rows, ChartRow{Day: d.Format(time.DateOnly), Count: n})
	}
	c.Desc = fmt.Sprintf(v.T("chart.desc"), len(days), c.Total, c.Max)
	if n := len(days); n > 0 {
		for _, i := range []int{0, n / 2, n - 1} {
			c.Axis = append(c.Axis, days[i].Format("01-02"))
		}
	}
	c.TableLabel, c.DayLabel, c.CountLabel = v.T("chart.table"), v.T("chart.day"), v.T("chart.count")
	return c
}

// sparkline is the points of a small line of values in a 100×24 box.
func sparkline(values []int64) string {
	if len(values) < 2 {
		return ""
	}
	var top int64 = 1
	for _, n := range values {
		top = max(top, n)
	}
	pts := make([]string, len(values))
	for i, n := range values {
		x := 100 * float64(i) / float64(len(values)-1)
		y := 22 - 20*float64(n)/float64(top)
		pts[i] = strconv.FormatFloat(x, 'f', 1, 64) + "," + strconv.FormatFloat(y, 'f', 1, 64)
	}
	return strings.Join(pts, " ")
}
