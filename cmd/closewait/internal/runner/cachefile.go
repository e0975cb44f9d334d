package runner

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// A cache is a directory of entries, one file per package and role
// (analyzed as a root, or as a dependency), named by the hash of the
// package's content key and the analyzers run on it, in a subdirectory
// named by the hash's first two digits.
//
// The directory is accessed through an os.Root: no path, and no
// symbolic link in it, leads out of it, so a symbolic link planted in a
// shared cache directory cannot make closewait read or write elsewhere.
// Each entry is authenticated: an HMAC-SHA256, under a key of the
// user's that only the user can read (keyFile), of the entry's name and
// contents. Someone else who can write to the directory can neither
// forge an entry (a "clean" result for a package with findings) nor
// move one to another package's name; such an entry is ignored, with a
// warning, and rewritten.
type cache struct {
	dir  string
	root *os.Root
	key  []byte

	mu       sync.Mutex
	failures int // entries that could not be written
}

// magic starts every entry file, before the HMAC of its name and the rest.
const magic = "closewait cache entry 2\n"

// keyFile is the name, in the cache directory, of the file holding the
// key of the entries' HMAC: 32 random bytes, created by the first run,
// which must be a regular file of the user's that no one else may read.
const keyFile = "hmac-key"

// openCache opens (creating it if need be) the cache directory dir and
// reads, or creates, its key.
func openCache(dir string) (*cache, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	key, err := cacheKey(root, dir)
	if err != nil {
		root.Close()
		return nil, err
	}
	return &cache{dir: dir, root: root, key: key}, nil
}

// cacheKey returns the key in root's keyFile, creating it if there is none.
func cacheKey(root *os.Root, dir string) ([]byte, error) {
	for range 2 {
		key, err := readKey(root, dir)
		if !errors.Is(err, fs.ErrNotExist) {
			return key, err
		}
		// Create it: a new file of random bytes, linked to its name
		// only once complete, so a concurrent run reads a whole key (or
		// creates its own, and the loser of the link reads the winner's).
		key = make([]byte, 32)
		rand.Read(key)
		tmp := fmt.Sprintf("%s.tmp-%x", keyFile, key[:8])
		if err := root.WriteFile(tmp, key, 0o600); err != nil {
			return nil, err
		}
		err = root.Link(tmp, keyFile)
		root.Remove(tmp)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s keeps disappearing", filepath.Join(dir, keyFile))
}

// readKey reads root's keyFile, checking that it is a regular file that
// belongs to the user and that no one else may read or write.
func readKey(root *os.Root, dir string) ([]byte, error) {
	f, err := root.Open(keyFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	path := filepath.Join(dir, keyFile)
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if !private(fi) {
		return nil, fmt.Errorf("%s is not private to this user (mode %v%s): a cache directory that others can write to could feed this run false results; use -cache=DIR with a directory of your own", path, fi.Mode().Perm(), ownerNote(fi))
	}
	key, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, err
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("%s holds %d bytes, want 32 (delete it to start a new cache)", path, len(key))
	}
	return key, nil
}

// close releases the directory.
func (c *cache) close() { c.root.Close() }

// mac returns the HMAC of an entry: its name, then its body.
func (c *cache) mac(name string, body []byte) []byte {
	h := hmac.New(sha256.New, c.key)
	fmt.Fprintf(h, "%s\x00", filepath.ToSlash(name))
	h.Write(body)
	return h.Sum(nil)
}

// read returns the entry in file name, nil and no error if there is
// none, or nil and an error saying why an entry cannot be used.
func (c *cache) read(name string) (*entry, error) {
	path := filepath.Join(c.dir, name)
	data, err := c.root.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ignoring cache entry %s: %v", path, err)
	}
	bad := func(why string) (*entry, error) {
		return nil, fmt.Errorf("ignoring corrupt cache entry %s (%s); it will be rewritten", path, why)
	}
	if !bytes.HasPrefix(data, []byte(magic)) || len(data) < len(magic)+sha256.Size {
		return bad("bad header")
	}
	sum, body := data[len(magic):len(magic)+sha256.Size], data[len(magic)+sha256.Size:]
	if !hmac.Equal(sum, c.mac(name, body)) {
		return bad("not written by this user's closewait for this package: authentication failed")
	}
	e := new(entry)
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(e); err != nil {
		return bad(err.Error())
	}
	return e, nil
}

// write stores e as file name, atomically (a temporary file renamed).
func (c *cache) write(name string, e *entry) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(e); err != nil {
		return err
	}
	if err := c.root.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	var random [8]byte
	rand.Read(random[:])
	tmp := filepath.Join(filepath.Dir(name), "tmp-"+hex.EncodeToString(random[:]))
	f, err := c.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, magic)
	if err == nil {
		_, err = f.Write(c.mac(name, body.Bytes()))
	}
	if err == nil {
		_, err = f.Write(body.Bytes())
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = c.root.Rename(tmp, name)
	}
	if err != nil {
		c.root.Remove(tmp)
	}
	return err
}

// writeFailed warns, once per run, that an entry could not be written;
// reportFailures counts the others at the end.
func (c *cache) writeFailed(r *run, id string, err error) {
	c.mu.Lock()
	c.failures++
	first := c.failures == 1
	c.mu.Unlock()
	if first {
		r.warn(fmt.Sprintf("cannot write the cache entry of %s: %v", id, err))
	}
}

// reportFailures warns of the entries not written after the first.
func (c *cache) reportFailures(r *run) {
	if c.failures > 1 {
		r.warn(fmt.Sprintf("%d more cache entries could not be written", c.failures-1))
	}
}
