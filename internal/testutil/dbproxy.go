package testutil

import (
	"net"
	"sync"
	"testing"
)

// DBProxy stands between the site and its database server on loopback, so that a test
// can take the database away (Cut), make it hang (Freeze), and give it back (Restore).
type DBProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  map[net.Conn]bool
	cut    bool
	thaw   chan struct{} // closed while not frozen
}

// NewDBProxy forwards a loopback port to target until the test ends.
func NewDBProxy(t testing.TB, target string) *DBProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &DBProxy{ln: ln, target: target, conns: map[net.Conn]bool{}, thaw: make(chan struct{})}
	close(p.thaw)
	go p.accept()
	t.Cleanup(func() {
		ln.Close()
		p.Cut()
	})
	return p
}

// Addr is the proxy's host:port, to put in the database URL.
func (p *DBProxy) Addr() string { return p.ln.Addr().String() }

func (p *DBProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		go p.serve(c)
	}
}

func (p *DBProxy) serve(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go p.pipe(up, c)
	p.pipe(c, up)
}

// pipe copies src to dst, holding every chunk while the proxy is frozen.
func (p *DBProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			thaw := p.thaw
			p.mu.Unlock()
			<-thaw
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // io.EOF or a closed connection: either way this direction is done
		}
	}
}

// Cut closes every connection and refuses new ones: the server is gone.
func (p *DBProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// Freeze stops passing bytes: the server hangs, connections stay open.
func (p *DBProxy) Freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.thaw = make(chan struct{})
}

// Restore gives the database back, after a Cut or a Freeze.
func (p *DBProxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = false
	select {
	case <-p.thaw:
	default:
		close(p.thaw)
	}
}
