package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// skip is one skipped test and why.
type skip struct {
	pkg, test, reason string
}

// pkgTime is one package's time, as go test reports it.
type pkgTime struct {
	pkg     string
	elapsed time.Duration
	result  string
}

type summary struct {
	skips    []skip
	packages []pkgTime
	failed   bool
}

// summarize reads the events, prints what plain `go test` would print (package lines,
// the output of failed tests), and gathers the skips and package times.
func summarize(r io.Reader, out io.Writer) (*summary, error) {
	s := &summary{}
	held := map[[2]string][]string{} // a running test's output, printed if it fails
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(out, "%s\n", line) // not an event: pass it on as it is
			continue
		}
		key := [2]string{e.Package, e.Test}
		switch e.Action {
		case "output", "build-output":
			if e.Test == "" {
				if e.Output != "PASS\n" { // plain go test prints only the "ok" line
					fmt.Fprint(out, e.Output)
				}
			} else {
				held[key] = append(held[key], e.Output)
			}
		case "fail", "build-fail":
			if e.Test != "" {
				fmt.Fprint(out, strings.Join(held[key], ""))
				delete(held, key)
			}
			s.failed = true
			s.done(e, "FAIL")
		case "pass":
			delete(held, key)
			s.done(e, "ok")
		case "skip":
			if e.Test != "" {
				s.skips = append(s.skips, skip{pkg: e.Package, test: e.Test, reason: reason(held[key])})
				delete(held, key)
			} else {
				s.done(e, "no tests")
			}
		}
	}
	return s, sc.Err()
}

func (s *summary) done(e event, result string) {
	if e.Test == "" && e.Package != "" {
		s.packages = append(s.packages, pkgTime{pkg: e.Package, elapsed: time.Duration(e.Elapsed * float64(time.Second)), result: result})
	}
}

// reason is what a skipped test said, without go test's own lines: the t.Skip message.
func reason(lines []string) string {
	var said []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		// "testutil.go:40: skipping: ..." → "skipping: ..."
		if i := strings.Index(l, ": "); i > 0 && strings.Contains(l[:i], ".go:") {
			l = l[i+2:]
		}
		said = append(said, l)
	}
	if len(said) == 0 {
		return "(no reason given)"
	}
	return strings.Join(said, " ")
}

// write prints the package times, slowest first, then the skips grouped by reason.
func (s *summary) write(out io.Writer) {
	if len(s.packages) > 0 {
		pkgs := slices.Clone(s.packages)
		slices.SortStableFunc(pkgs, func(a, b pkgTime) int { return int(b.elapsed - a.elapsed) })
		fmt.Fprintln(out, "\nTime per package (slowest first):")
		for _, p := range pkgs {
			if p.result == "no tests" {
				continue
			}
			fmt.Fprintf(out, "  %8.1fs  %-4s %s\n", p.elapsed.Seconds(), p.result, p.pkg)
		}
	}
	if len(s.skips) == 0 {
		fmt.Fprintln(out, "\nNo test was skipped.")
		return
	}
	byReason := map[string][]skip{}
	var reasons []string
	for _, k := range s.skips {
		if _, ok := byReason[k.reason]; !ok {
			reasons = append(reasons, k.reason)
		}
		byReason[k.reason] = append(byReason[k.reason], k)
	}
	slices.SortStableFunc(reasons, func(a, b string) int { return len(byReason[b]) - len(byReason[a]) })
	fmt.Fprintf(out, "\n%d tests were skipped (set what they name to run them; CI=true makes a skip a failure):\n", len(s.skips))
	for _, r := range reasons {
		ks := byReason[r]
		fmt.Fprintf(out, "  %d: %s\n", len(ks), r)
		for _, k := range ks {
			fmt.Fprintf(out, "      %s %s\n", k.pkg, k.test)
		}
	}
}
