package handlers

import (
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
)

// sourcesPage is the dashboard of views, clicks and messages by source, and its export.
type sourcesPage struct {
	*site
	views Views
}

// SourcesView is /admin/sources.
type SourcesView struct {
	AdminView
	Days, CardID int64
	Site         bool
	// Spans are the links to 7, 30 and 90 days; Sources the share paths and in-app
	// browsers, Referrers the other sites, each with its chart.
	Spans  []SpanLink
	Panels []SourcePanel
	CSVURL string
}

// SourcePanel is a table of sources with their charts.
type SourcePanel struct {
	ID, Title string
	Rows      []SourceRow
}

// SpanLink is a link to the same figures over another span.
type SpanLink struct {
	Days    int
	Href    string
	Current bool
}

// SourceRow is one source's totals and its chart of views per day.
type SourceRow struct {
	Source, Name            string
	Views, Clicks, Messages int64
	Chart                   *Chart
}

// maxSourceCharts bounds the page: the most viewed sources get a chart each, the others
// a row in the table.
const maxSourceCharts = 8

// sourceQuery reads ?card=, ?days= and ?site= and asks the service which scope they make.
func (h *sourcesPage) sourceQuery(c *fiber.Ctx) (models.SourceScope, int, error) {
	cardID, _ := strconv.ParseInt(c.Query("card"), 10, 64)
	days, _ := strconv.Atoi(c.Query("days"))
	scope, err := h.views.SourceScope(c.UserContext(), actor(c), cardID, c.Query("site") == "1")
	return scope, services.SourceSpan(days), err
}

func (h *sourcesPage) page(c *fiber.Ctx) error {
	scope, days, err := h.sourceQuery(c)
	if err != nil {
		return err
	}
	st, err := h.views.SourceStats(c.UserContext(), scope, days)
	if err != nil {
		return err
	}
	v := SourcesView{AdminView: h.adminView(c, "sources", "sources.title"), Days: int64(days), CardID: scope.CardID,
		Site: scope.CardID == 0 && scope.MemberID == 0}
	query := func(d int) string {
		q := "?days=" + strconv.Itoa(d)
		if scope.CardID != 0 {
			q += "&card=" + strconv.FormatInt(scope.CardID, 10)
		}
		if v.Site {
			q += "&site=1"
		}
		return q
	}
	for _, d := range []int{7, 30, 90} {
		v.Spans = append(v.Spans, SpanLink{Days: d, Href: "/admin/sources" + query(d), Current: d == days})
	}
	v.CSVURL = "/admin/sources.csv" + query(days)
	sources := SourcePanel{ID: "sources-table", Title: v.T("sources.by_source")}
	referrers := SourcePanel{ID: "referrers-table", Title: v.T("sources.by_referrer")}
	charts := 0
	for _, s := range st.Sources {
		row := SourceRow{Source: s.Source, Name: h.sourceName(&v.View, s.Source), Views: s.Views, Clicks: s.Clicks, Messages: s.Messages}
		if charts < maxSourceCharts && s.Views > 0 {
			charts++
			row.Chart = v.chart("source-chart-"+strconv.Itoa(charts), row.Name, st.Days, st.Daily[s.Source])
		}
		if strings.HasPrefix(s.Source, services.RefPrefix) {
			referrers.Rows = append(referrers.Rows, row)
		} else {
			sources.Rows = append(sources.Rows, row)
		}
	}
	v.Panels = []SourcePanel{sources, referrers}
	return h.render.send(c, fiber.StatusOK, "admin/sources", &v)
}

// sourceName is how the dashboard names a source: the site's own in the visitor's
// language, a referrer by its host, the owner's own ?src= as they wrote it.
func (h *sourcesPage) sourceName(v *View, source string) string {
	switch {
	case strings.HasPrefix(source, services.RefPrefix):
		return strings.TrimPrefix(source, services.RefPrefix)
	case services.IsBuiltinSource(source):
		return v.T("source." + source)
	}
	return source
}

// csv exports views per day and source, clicks per target and messages per day, of one
// card or all of the member's cards.
func (h *sourcesPage) csv(c *fiber.Ctx) error {
	scope, days, err := h.sourceQuery(c)
	if err != nil {
		return err
	}
	ex, err := h.views.Export(c.UserContext(), actor(c), scope, days)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="sitecard-sources-`+strconv.Itoa(days)+`d.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	w := csv.NewWriter(c.Response().BodyWriter())
	rows := [][]string{{"kind", "card", "day", "source", "target", "count"}}
	messages := map[[2]string]int64{}
	var order [][2]string
	for _, d := range ex.Days {
		day := d.Day.UTC().Format(time.DateOnly)
		if d.Views > 0 {
			rows = append(rows, []string{"views", d.Slug, day, d.Source, "", strconv.FormatInt(d.Views, 10)})
		}
		if d.Clicks > 0 {
			rows = append(rows, []string{"source_clicks", d.Slug, day, d.Source, "", strconv.FormatInt(d.Clicks, 10)})
		}
		if d.Messages > 0 {
			k := [2]string{d.Slug, day}
			if _, ok := messages[k]; !ok {
				order = append(order, k)
			}
			messages[k] += d.Messages
		}
	}
	for _, cl := range ex.Clicks {
		target := cl.Target
		if cl.Target == models.ClickLink {
			target = "link:" + strconv.FormatInt(cl.LinkID, 10)
		}
		rows = append(rows, []string{"clicks", ex.Slugs[cl.CardID], "", "", target, strconv.FormatInt(cl.Clicks, 10)})
	}
	for _, k := range order {
		rows = append(rows, []string{"messages", k[0], k[1], "", "", strconv.FormatInt(messages[k], 10)})
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return nil
}
