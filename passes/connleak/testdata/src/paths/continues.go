package paths

import (
	"net"
	"time"
)

// The continue statements below are found in the syntax: go/ssa gives
// the jump of a continue no position, and folds a block that holds only
// the jump into the test that leads to it.

// notOkContinue drops the conn on the continue of a test of a value
// computed before (go/ssa makes the If a block of its own, with no
// position, after the join of the if before it).
func notOkContinue(addrs []string, ready func(string) bool) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 26`
		if err != nil {
			continue
		}
		ok := ready(a)
		if a == "" {
			println("empty address")
		}
		if !ok {
			continue
		}
		c.Close()
	}
}

// retryContinue drops the conn on the continue of a test of a parameter.
func retryContinue(addrs []string, retry bool) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 43`
		if err != nil {
			continue
		}
		if len(a) > 3 {
			println(a)
		}
		if retry {
			continue
		}
		c.Close()
	}
}

// caseContinue drops the conn on the continue that ends a case clause.
func caseContinue(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 61`
		if err != nil {
			continue
		}
		switch a {
		case "closed":
			c.Close()
		case "logged":
			println(a)
			continue
		default:
			c.Close()
		}
	}
}

// defaultContinue drops the conn on the continue of a default clause,
// which the failed test of the case before leads to; the continue in that
// case is not the one.
func defaultContinue(addrs []string, quiet bool) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 85`
		if err != nil {
			continue
		}
		switch a {
		case "quiet":
			c.Close()
			if quiet {
				continue
			}
			println(a)
		default:
			continue
		}
	}
}

// selectContinue drops the conn on the continue that ends a select
// clause.
func selectContinue(names chan string, quit chan bool) {
	for {
		c, err := net.Dial("tcp", "example.com:80") // want `net\.Conn c from net\.Dial is not closed on the continue at line 104`
		if err != nil {
			return
		}
		select {
		case <-quit:
			c.Close()
			return
		case a := <-names:
			println(a)
			continue
		case <-time.After(time.Second):
		}
		c.Close()
	}
}

// labelledContinue drops the conn on a continue of the outer loop from
// the inner one.
func labelledContinue(groups [][]string) {
outer:
	for _, g := range groups {
		c, err := net.Dial("tcp", g[0]) // want `net\.Conn c from net\.Dial is not closed on the continue at line 122`
		if err != nil {
			continue
		}
		for _, a := range g[1:] {
			if a == "" {
				continue outer
			}
			c.Write([]byte(a))
		}
		c.Close()
	}
}

// rangeIntContinue drops the conn on a continue of a range-over-int loop,
// whose continue target is a latch that does not dominate the body.
func rangeIntContinue(addr string, n int) {
	for i := range n {
		c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the continue at line 139`
		if err != nil {
			continue
		}
		if i%2 == 0 {
			continue
		}
		c.Close()
	}
}

// elseContinue drops the conn on the continue of an else arm; the then
// arm reaches the natural end of the body, which is no continue.
func elseContinue(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 157`
		if err != nil {
			continue
		}
		if len(a) > 3 {
			c.Close()
		} else {
			println(a)
			continue
		}
	}
}

// innerLoopThenContinue leaks the conn at the natural end of the body:
// the inner loop going round is no continue, nor is the continue after
// it, which closes the conn first.
func innerLoopThenContinue(groups [][]string) {
	for _, g := range groups {
		c, err := net.Dial("tcp", g[0]) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			continue
		}
		for _, a := range g {
			if a != "" {
				c.Write([]byte(a))
			}
		}
		if len(g) > 1 {
			c.Close()
			continue
		}
	}
}

// innerExitNotContinue leaks the conn at the natural end of the body,
// where the exit edge of the inner loop goes straight to the outer loop's
// continue target.
func innerExitNotContinue(groups [][]string, more func() bool) {
	for _, g := range groups {
		c, err := net.Dial("tcp", g[0]) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			continue
		}
		c.Write([]byte(g[0]))
		for more() {
			if len(g) > 2 {
				continue
			}
			println(g[1])
		}
	}
}

// gotoNotContinue leaks the conn on the goto back to before the dial; the
// continue after it closes the conn first.
func gotoNotContinue(addrs []string, retry func() bool) {
	for _, a := range addrs {
	again:
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			continue
		}
		if retry() {
			goto again
		}
		if len(a) > 3 {
			c.Close()
			continue
		}
		c.Close()
	}
}

// taglessContinue drops the conn on the continue of a case of a tagless
// switch, which go/ssa tests operand by operand like an if's condition.
func taglessContinue(addrs []string, strict bool) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 232`
		if err != nil {
			continue
		}
		switch {
		case len(a) > 3 && strict:
			continue
		case a == "":
			println(a)
		}
		c.Close()
	}
}

// logicalValueContinue drops the conn on the continue of a test of a
// value computed with &&, whose own tests come before.
func logicalValueContinue(addrs []string, strict bool) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue at line 250`
		if err != nil {
			continue
		}
		skip := len(a) > 3 && strict
		if skip {
			continue
		}
		c.Close()
	}
}

// continueAfterInnerLoop drops the conn on a continue right after an
// inner loop: the inner loop's exit edge is the continue.
func continueAfterInnerLoop(groups [][]string) {
	for _, g := range groups {
		c, err := net.Dial("tcp", g[0]) // want `net\.Conn c from net\.Dial is not closed on the continue at line 268`
		if err != nil {
			continue
		}
		if len(g) > 1 {
			for _, a := range g[1:] {
				println(a)
			}
			continue
		}
		c.Close()
	}
}

// loopVarCopyContinue drops the conn on a continue of a loop without a
// post statement whose variable a closure captures: go/ssa copies the
// variable for the next iteration in a block of its own, the continue's
// target.
func loopVarCopyContinue(addr string) {
	for n := 0; n < 3; {
		next := func() { n++ }
		c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the continue at line 287`
		if err != nil {
			return
		}
		next()
		if n == 2 {
			continue
		}
		c.Close()
	}
}
