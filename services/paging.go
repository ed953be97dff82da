package services

import (
	"strconv"
	"strings"
	"unicode"
)

// Paging is where one page of a numbered list sits, and the search it lists.
type Paging struct {
	Total, Page, Pages, PerPage int
	Query                       string
}

// newPaging clamps page into the list: past the last page is the last page.
func newPaging(total, page, perPage int, q string) Paging {
	pages := max((total+perPage-1)/perPage, 1)
	return Paging{Total: total, Page: min(max(page, 1), pages), Pages: pages, PerPage: perPage, Query: q}
}

// Offset is how many rows come before the page.
func (p Paging) Offset() int { return (p.Page - 1) * p.PerPage }

// HasPrev and HasNext say whether there are pages before and after this one.
func (p Paging) HasPrev() bool { return p.Page > 1 }

// HasNext says whether a page follows this one.
func (p Paging) HasNext() bool { return p.Page < p.Pages }

// searchText is a search box's words as a query may use them: valid UTF-8 with no
// control character (SQLite refuses NUL), trimmed, and at most 100 characters.
func searchText(q string) string {
	q = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(q, "")))
	if r := []rune(q); len(r) > 100 {
		q = string(r[:100])
	}
	return q
}

// Count is a count that stops at a limit: "10000+" costs what "10000" does, where an
// exact count of a large table would cost a scan of it on every page.
type Count struct {
	N    int
	More bool // there are more than N
}

// countLimit is where the inbox's and the dashboard's counts stop.
const countLimit = 10_000

func capped(n int) Count { return Count{N: min(n, countLimit), More: n > countLimit} }

func (c Count) String() string {
	if c.More {
		return strconv.Itoa(c.N) + "+"
	}
	return strconv.Itoa(c.N)
}
