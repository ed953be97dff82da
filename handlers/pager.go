package handlers

import (
	"net/url"
	"strconv"

	"sitecard/services"
)

// PagerView is the links between the pages of a list.
type PagerView struct {
	Label string
	Links []PagerLink
}

// PagerLink is one link of a pager; one without Href is the page shown.
type PagerLink struct {
	Href, Text, Rel string
}

// pager links the numbered pages of a list at path, keeping params (the search, the
// filter) on every link. A list of one page has no pager.
func (v *View) pager(path string, params url.Values, p services.Paging) *PagerView {
	if p.Pages <= 1 {
		return nil
	}
	at := func(page int) string {
		q := url.Values{}
		for k, vs := range params {
			if len(vs) > 0 && vs[0] != "" {
				q.Set(k, vs[0])
			}
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		if len(q) == 0 {
			return path
		}
		return path + "?" + q.Encode()
	}
	pv := &PagerView{Label: v.T("admin.page")}
	if p.HasPrev() {
		pv.Links = append(pv.Links, PagerLink{Href: at(1), Text: v.T("admin.first")}, PagerLink{Href: at(p.Page - 1), Text: v.T("admin.prev"), Rel: "prev"})
	}
	pv.Links = append(pv.Links, PagerLink{Text: strconv.Itoa(p.Page) + " / " + strconv.Itoa(p.Pages)})
	if p.HasNext() {
		pv.Links = append(pv.Links, PagerLink{Href: at(p.Page + 1), Text: v.T("admin.next"), Rel: "next"}, PagerLink{Href: at(p.Pages), Text: v.T("admin.last")})
	}
	return pv
}
