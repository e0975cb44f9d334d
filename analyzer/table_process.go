package analyzer

// This file lists what ends the process, whose exit closes every
// resource still open: exit functions and the bodies of command-line
// commands. Types are keyed "path.Name".

// commandBodies are the fields, by type, that hold the body of a
// command-line program's command (cobra's Run and RunE): it runs once, and
// the process exits when it returns, so what it leaves open the kernel
// closes, as for main.
var commandBodies = map[string][]string{
	"github.com/spf13/cobra.Command": {"Run", "RunE"},
}

// exitFuncs end the process whatever they are given: a function whose
// result goes only to one of them (log.Fatal(run())) ends it too.
var exitFuncs = map[string]bool{
	"log.Fatal":             true,
	"log.Fatalf":            true,
	"log.Fatalln":           true,
	"(*log.Logger).Fatal":   true,
	"(*log.Logger).Fatalf":  true,
	"(*log.Logger).Fatalln": true,
}

// lastActEnders end the process after main's last act (see endsMain):
// the exitFuncs and os.Exit. lastActInert are the packages whose calls
// after it only print (fmt, log).
var (
	lastActEnders = map[string]bool{"os.Exit": true}
	lastActInert  = map[string]bool{"fmt": true, "log": true}
)
