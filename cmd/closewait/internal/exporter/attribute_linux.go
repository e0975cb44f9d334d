package exporter

import (
	"github.com/closewait/closewait/cmd/closewait/internal/gotrace"
	"github.com/closewait/closewait/internal/sockscan"
)

// attribute returns the sites of the traced processes' CLOSE_WAIT
// sockets and orphaned fds in snap, every site they opened a socket at
// since they were attached (0 when none of its sockets is in CLOSE_WAIT),
// and the sockets no site is known for.
func (t *tracer) attribute(snap *sockscan.Snapshot) *siteView {
	v := newSiteView(t.err == nil)
	if t.err != nil {
		return v
	}
	v.lost = t.ring.Lost()
	t.mu.Lock()
	defer t.mu.Unlock()
	key := func(p *tracedProc) owner {
		if t.cfg.PIDLabel {
			return owner{p.command, p.id.pid}
		}
		return owner{p.command, 0}
	}
	for _, p := range t.procs {
		o := key(p)
		v.traced[o]++
		v.tracked += len(p.tr.Sockets)
		p.tr.Creations(func(c *gotrace.Created) {
			if s := p.siteOf(c); !s.listen {
				v.at(o, s.site).dirs[direction(s.inbound)] = true
			}
		})
	}
	for id, command := range t.skip {
		if command != "" {
			o := owner{command, 0}
			if t.cfg.PIDLabel {
				o.pid = id.pid
			}
			v.failed[o]++
		}
	}
	count := func(pid int, inode uint64, inbound, orphan bool) {
		p := t.procs[pid]
		if p == nil {
			return
		}
		o := key(p)
		c, ok := p.tr.Sockets[inode]
		if !ok {
			u := v.unattributedOf(o)
			switch {
			case orphan:
				u.orphaned++
			case inbound:
				u.inbound++
			default:
				u.outbound++
			}
			return
		}
		s := p.siteOf(c)
		counts := v.at(o, s.site)
		counts.dirs[direction(s.inbound || s.listen)] = true
		switch {
		case orphan:
			counts.orphaned++
		case s.inbound || s.listen:
			counts.inbound++
		default:
			counts.outbound++
		}
	}
	for i := range snap.Sockets {
		if s := &snap.Sockets[i]; s.State == sockscan.CloseWait && s.PID != 0 {
			count(s.PID, s.Inode, s.Direction == sockscan.Inbound, false)
		}
	}
	for _, o := range snap.Orphaned {
		count(o.PID, o.Inode, false, true)
	}
	return v
}

// direction is the index of siteCounts.dirs for a direction.
func direction(inbound bool) int {
	if inbound {
		return 0
	}
	return 1
}

// siteOf returns the site of a creation, symbolizing it the first time.
func (p *tracedProc) siteOf(c *gotrace.Created) tracedSite {
	if s, ok := p.sites[c]; ok {
		return s
	}
	stack := p.sym.Stack(c.Stack)
	kind := gotrace.KindOf(stack)
	if kind == "http request" && c.Request != nil {
		stack = p.sym.Stack(c.Request)
	}
	f := gotrace.SiteOf(stack)
	s := tracedSite{
		site:    site{function: f.Function, file: p.tr.Exe.SourcePath(f), line: f.Line},
		inbound: kind == "accept",
		listen:  kind == "listen",
	}
	p.sites[c] = s
	return s
}
