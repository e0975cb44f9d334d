package main

import (
	"fmt"
	"time"

	"github.com/closewait/closewait/sockstate"
)

func main() {
	for i := 0; i < 8; i++ {
		for _, oc := range []time.Duration{-1, 0} {
			s, _ := sockstate.Scan(sockstate.ScanOptions{States: sockstate.AllStates(), Owners: true, Orphans: true, Info: true, AllNamespaces: true, OrphanConfirm: oc})
			fmt.Printf("oc=%v %v orphans=%d unconf=%d\n", oc, s.Duration.Round(time.Millisecond), len(s.Orphaned), len(s.Unconfirmed))
		}
	}
}
