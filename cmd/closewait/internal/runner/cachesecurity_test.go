package runner

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/gob"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// entryFiles returns the entry files of a cache directory (in its
// subdirectories; the key is at the top).
func entryFiles(t *testing.T, cacheDir string) []string {
	t.Helper()
	var entries []string
	err := filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && filepath.Dir(path) != cacheDir {
			entries = append(entries, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(entries)
	return entries
}

// TestCacheForgedEntries plays someone who can write to the cache
// directory but cannot read the user's key: they rewrite every entry
// without its findings (a false "clean"), sealed with the checksum
// format's best guesses (the SHA-256 of the body, an HMAC under a key of
// their own), or swap the entries of different packages. The next run
// must take none of them: a warning for each, every package analyzed
// again and the same findings.
func TestCacheForgedEntries(t *testing.T) {
	for _, forge := range []string{"sha256", "own key", "swapped"} {
		t.Run(forge, func(t *testing.T) {
			c := leakyCache(t)
			dir, cacheDir, want := c.module, c.dir, c.findings
			entries := entryFiles(t, cacheDir)
			datas := make([][]byte, len(entries))
			for i, path := range entries {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				datas[i] = data
			}
			for i, path := range entries {
				var data []byte
				switch forge {
				case "swapped":
					data = datas[(i+1)%len(datas)]
				default:
					body := datas[i][len(magic)+sha256.Size:]
					var e entry
					if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&e); err != nil {
						t.Fatal(err)
					}
					for j := range e.Actions {
						e.Actions[j].Diagnostics = nil
					}
					var clean bytes.Buffer
					if err := gob.NewEncoder(&clean).Encode(&e); err != nil {
						t.Fatal(err)
					}
					sum := sha256.Sum256(clean.Bytes())
					seal := sum[:]
					if forge == "own key" {
						h := hmac.New(sha256.New, []byte("someone else's key, 32 bytes lon"))
						name, _ := filepath.Rel(cacheDir, path)
						h.Write([]byte(filepath.ToSlash(name) + "\x00"))
						h.Write(clean.Bytes())
						seal = h.Sum(nil)
					}
					data = append(append([]byte(magic), seal...), clean.Bytes()...)
				}
				if err := os.WriteFile(path, data, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			again, warnings := runIn(t, dir, cacheDir)
			if got := findings(again); !slices.Equal(got, want) {
				t.Errorf("with forged entries: findings %q, want %q", got, want)
			}
			if again.Stats.Analyzed != again.Stats.Packages || len(warnings) != len(entries) {
				t.Errorf("with %d forged entries: %+v, %d warnings; want every package analyzed, a warning each", len(entries), again.Stats, len(warnings))
			}
			for _, w := range warnings {
				if !strings.Contains(w, "authentication failed") {
					t.Errorf("warning %q does not say the entry failed authentication", w)
					break
				}
			}
		})
	}
}

// TestCacheSymlinkedSubdirs plants, in a cache directory with the user's
// key, a symbolic link for each subdirectory of another cache directory
// populated with valid entries under the same key: closewait must
// neither read entries through the links nor write any there.
func TestCacheSymlinkedSubdirs(t *testing.T) {
	c := leakyCache(t)
	dir, other, want := c.module, c.dir, c.findings
	before := entryFiles(t, other)

	cacheDir := t.TempDir()
	key, err := os.ReadFile(filepath.Join(other, keyFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cacheDir, keyFile), key, 0o600); err != nil {
		t.Fatal(err)
	}
	subdirs, _ := filepath.Glob(filepath.Join(other, "??"))
	for _, sub := range subdirs {
		if err := os.Symlink(sub, filepath.Join(cacheDir, filepath.Base(sub))); err != nil {
			t.Fatal(err)
		}
	}
	res, warnings := runIn(t, dir, cacheDir)
	if got := findings(res); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	if res.Stats.Cached != 0 {
		t.Errorf("%+v: entries were read through the symbolic links", res.Stats)
	}
	if after := entryFiles(t, other); !slices.Equal(after, before) {
		t.Errorf("files were written through the symbolic links: %d entries before, %d after", len(before), len(after))
	}
	if len(warnings) == 0 {
		t.Errorf("no warning about the entries that could not be used")
	}
}

// TestCacheKeyNotPrivate checks that a key file others can read (or, as
// root, one another user owns) makes the run go without the cache, saying
// why, rather than trust entries that others could have sealed.
func TestCacheKeyNotPrivate(t *testing.T) {
	c := leakyCache(t)
	dir, cacheDir, want := c.module, c.dir, c.findings
	keyPath := filepath.Join(cacheDir, keyFile)
	check := func(what string) {
		t.Helper()
		res, warnings := runIn(t, dir, cacheDir)
		if got := findings(res); !slices.Equal(got, want) || res.Stats.Cached != 0 {
			t.Errorf("%s: findings %q, %+v; want %q, nothing from the cache", what, got, res.Stats, want)
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], "is not private to this user") || !strings.HasSuffix(warnings[0], "running without it") {
			t.Errorf("%s: warnings %q, want one saying the key is not private and the run goes without the cache", what, warnings)
		}
	}
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	check("a key others can read")
	if os.Geteuid() == 0 {
		if err := os.Chmod(keyPath, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(keyPath, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		check("a key another user owns")
	}
}
