package trace

import "github.com/closewait/closewait/cmd/closewait/internal/gotrace"

// A frame is one function of a recorded stack, inlined or not.
type frame = gotrace.Frame
