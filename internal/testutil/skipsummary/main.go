// Command skipsummary runs the test suite and says at the end what it did not run: every
// skipped test with its reason (most often MariaDB or Chromium missing on this machine),
// and how long each package took.
//
//	go run ./internal/testutil/skipsummary ./...
//
// Its arguments go to `go test -json`; its output is what `go test` prints (package
// lines, and the whole output of a test that fails), then the summary. Its exit status is
// go test's. Without arguments it reads `go test -json` output from its input instead.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	if len(args) == 0 {
		s, err := summarize(stdin, out)
		if err != nil {
			fmt.Fprintln(stderr, "skipsummary:", err)
			return 2
		}
		s.write(out)
		if s.failed {
			return 1
		}
		return 0
	}
	cmd := exec.Command("go", append([]string{"test", "-json"}, args...)...)
	cmd.Stderr = stderr // build errors that go test prints outside the JSON stream
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(stderr, "skipsummary:", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "skipsummary:", err)
		return 2
	}
	s, err := summarize(pipe, out)
	if err != nil {
		fmt.Fprintln(stderr, "skipsummary:", err)
	}
	werr := cmd.Wait()
	s.write(out)
	var exit *exec.ExitError
	switch {
	case errors.As(werr, &exit):
		return exit.ExitCode()
	case werr != nil:
		fmt.Fprintln(stderr, "skipsummary:", werr)
		return 2
	case s.failed || err != nil:
		return 1
	}
	return 0
}
