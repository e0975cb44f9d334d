package lint

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A hookRepo is what the pre-commit tests share, made once: the hook
// repository (a snapshot of this working tree, committed), closewait
// built from it for the system hook, and one PRE_COMMIT_HOME, so that
// pre-commit builds the golang hook's environment once for all of them.
type hookRepo struct {
	dir, rev string
	// env is gitEnv's, with PRE_COMMIT_HOME, the usual module cache
	// (pre-commit's golang language sets GOPATH to its environment and
	// then deletes GOPATH/pkg) and the built closewait first on PATH.
	env []string
}

var hooks struct {
	once sync.Once
	repo hookRepo
	ok   bool
}

// sharedHookRepo returns the tests' hook repository, making it on first
// use (a set-up that failed fails every test that needs it).
func sharedHookRepo(t *testing.T) hookRepo {
	t.Helper()
	hooks.once.Do(func() {
		root := repoRoot
		tmp := filepath.Join(testTmp, "hooks")
		if err := os.MkdirAll(tmp, 0o777); err != nil {
			t.Fatal(err)
		}
		env := gitEnv(t, tmp)
		dir := filepath.Join(tmp, "closewait")
		snapshot(t, env, root, dir)
		rev := strings.TrimSpace(run(t, env, dir, "git", "rev-parse", "HEAD"))
		bin := filepath.Join(tmp, "bin")
		run(t, env, dir, "go", "build", "-o", filepath.Join(bin, "closewait"), "./cmd/closewait")
		gomodcache := strings.TrimSpace(run(t, env, root, "go", "env", "GOMODCACHE"))
		env = append(env,
			"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
			"GOMODCACHE="+gomodcache,
			"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		)
		hooks.repo = hookRepo{dir: dir, rev: rev, env: env}
		hooks.ok = true
	})
	if !hooks.ok {
		t.Fatal("the shared hook repository could not be made (see the first test that needed it)")
	}
	return hooks.repo
}
