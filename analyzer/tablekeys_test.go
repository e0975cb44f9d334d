package analyzer

import (
	"go/importer"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestTableKeysResolve resolves every standard-library key of the
// function-keyed tables against the real standard library, as the
// engine's fullName names a callee: a key that names a promoted method by
// its outer type ((*testing.T).Cleanup is (*testing.common).Cleanup), a
// method the type does not have, or a function that does not exist can
// never match, and fails the test. Keys of other modules are skipped.
func TestTableKeysResolve(t *testing.T) {
	tables := map[string][]string{
		"acquirers":            keys(acquirers),
		"networkParams":        keys(networkParams),
		"fileAcquirers":        keys(fileAcquirers),
		"fileMakers":           keys(fileMakers),
		"exitFuncs":            keys(exitFuncs),
		"packetAcquirers":      keys(packetAcquirers),
		"ownerTakers":          keys(ownerTakers),
		"failOpenTakers":       keys(failOpenTakers),
		"ownerWrappers":        keys(ownerWrappers),
		"borrowers":            keys(borrowers),
		"errorConstructors":    keys(errorConstructors),
		"errorTests":           keys(errorTests),
		"cleanupRegistrars":    keys(cleanupRegistrars),
		"readsToEOF":           keys(readsToEOF),
		"lastActEnders":        keys(lastActEnders),
		"reuseTransportMakers": keys(reuseTransportMakers),
		"reuseSenders":         keys(reuseSenders),
		"reuseHarmless":        keys(reuseHarmless),
		"reuseHolderMakers":    keys(reuseHolderMakers),
		"reuseDrains":          keys(reuseDrains),
		"reuseHeadRequesters":  keys(reuseHeadRequesters),
		"reuseRequestMakers":   keys(reuseRequestMakers),
		"reuseDialers":         keys(reuseDialers),
		"reusePureFuncs":       keys(reusePureFuncs),
		"formatters":           keys(formatters),
		"cancellableContexts":  keys(cancellableContexts),
		"contextDerivers":      keys(contextDerivers),
		"requestContexts":      keys(requestContexts),
	}
	imp := stdImporter()
	pkgs := make(map[string]*types.Package)
	n := 0
	for table, ks := range tables {
		for _, key := range ks {
			path, recv, ptr, name, ok := splitKey(key)
			if !ok {
				t.Errorf("%s: key %q is not a function's full name", table, key)
				continue
			}
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				continue // another module's: not in the standard library
			}
			pkg, seen := pkgs[path]
			if !seen {
				var err error
				if pkg, err = imp.Import(path); err != nil {
					t.Fatalf("%s: key %q: %v", table, key, err)
				}
				pkgs[path] = pkg
			}
			n++
			if got := resolve(pkg, recv, ptr, name); got != key {
				t.Errorf("%s: key %q can never match: the standard library's callee is %q", table, key, got)
			}
		}
	}
	t.Logf("%d standard-library keys resolved", n)
}

// stdImporter returns the importer that type-checks the standard
// library from source for the key tests: one for both, so that the
// packages they share (net, net/http and their closure) are type-checked
// once. It is not safe for concurrent use: the tests are not parallel.
var stdImporter = sync.OnceValue(func() types.Importer {
	return importer.ForCompiler(token.NewFileSet(), "source", nil)
})

// keys returns m's keys, sorted.
func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// splitKey splits a types.Func.FullName: "net.Dial", "(*net.Dialer).Dial"
// or "(net.Conn).Read".
func splitKey(key string) (path, recv string, ptr bool, name string, ok bool) {
	if strings.HasPrefix(key, "(") {
		r, method, found := strings.Cut(key[1:], ").")
		if !found {
			return "", "", false, "", false
		}
		ptr = strings.HasPrefix(r, "*")
		r = strings.TrimPrefix(r, "*")
		i := strings.LastIndex(r, ".")
		if i < 0 {
			return "", "", false, "", false
		}
		return r[:i], r[i+1:], ptr, method, true
	}
	i := strings.LastIndex(key, ".")
	if i < 0 {
		return "", "", false, "", false
	}
	return key[:i], "", false, key[i+1:], true
}

// resolve returns the full name of the function or method the key's
// parts name in pkg, as a call resolves it (a promoted method is its
// embedded type's), or "" if there is none.
func resolve(pkg *types.Package, recv string, ptr bool, name string) string {
	if recv == "" {
		if fn, ok := pkg.Scope().Lookup(name).(*types.Func); ok {
			return fn.FullName()
		}
		return ""
	}
	tn, ok := pkg.Scope().Lookup(recv).(*types.TypeName)
	if !ok {
		return ""
	}
	typ := tn.Type()
	if ptr {
		typ = types.NewPointer(typ)
	}
	obj, _, _ := types.LookupFieldOrMethod(typ, true, pkg, name)
	if fn, ok := obj.(*types.Func); ok {
		return fn.FullName()
	}
	return ""
}

// TestTypeKeysResolve resolves every standard-library key of the tables
// keyed by type, all spelled as types.TypeString spells them
// ("net/http.Response", "*net.UDPConn" for a pointer); and
// the fields they name (a Transport's dial fields, a Response's Body, the
// keep-alive switches). A type, field or package that does not exist can
// never match, and fails the test. Keys of other modules are skipped.
func TestTypeKeysResolve(t *testing.T) {
	type fieldKey struct {
		typ, field string
		isBool     bool // a switch set to true
	}
	var typeKeys []string // "path.Name", optionally "*"-prefixed
	typeKeys = append(typeKeys, connInterface, responseType, transportType)
	typeKeys = append(typeKeys, connTypes...)
	typeKeys = append(typeKeys, keys(packetTypes)...)
	typeKeys = append(typeKeys, keys(commandBodies)...)
	typeKeys = append(typeKeys, keys(reuseHolderTypes)...)
	typeKeys = append(typeKeys, keys(reuseDialerTypes)...)
	typeKeys = append(typeKeys, reuseTransportType)
	var fields []fieldKey
	for _, f := range keys(transportDialFields) {
		fields = append(fields, fieldKey{transportType, f, false})
	}
	fields = append(fields, fieldKey{responseType, responseBodyField, false})
	for typ, f := range reuseKeepAliveOff {
		fields = append(fields, fieldKey{typ, f, true})
	}
	pkgs := append(keys(typeFixingPackages), keys(lastActInert)...)

	imp := stdImporter()
	cache := make(map[string]*types.Package)
	load := func(path string) *types.Package {
		if pkg, ok := cache[path]; ok {
			return pkg
		}
		pkg, err := imp.Import(path)
		if err != nil {
			t.Errorf("package %q: %v", path, err)
		}
		cache[path] = pkg
		return pkg
	}
	lookup := func(key string) types.Type {
		name := strings.TrimPrefix(key, "*")
		i := strings.LastIndex(name, ".")
		if i < 0 {
			t.Errorf("type key %q is not path.Name", key)
			return nil
		}
		if first, _, _ := strings.Cut(name[:i], "/"); strings.Contains(first, ".") {
			return nil // another module's: not in the standard library
		}
		pkg := load(name[:i])
		if pkg == nil {
			return nil
		}
		tn, ok := pkg.Scope().Lookup(name[i+1:]).(*types.TypeName)
		if !ok {
			t.Errorf("type key %q can never match: no such type", key)
			return nil
		}
		if strings.HasPrefix(key, "*") {
			return types.NewPointer(tn.Type())
		}
		return tn.Type()
	}
	n := 0
	for _, key := range typeKeys {
		if typ := lookup(key); typ != nil {
			n++
			if got := types.TypeString(typ, nil); got != key {
				t.Errorf("type key %q is spelt %q by the type checker", key, got)
			}
		}
	}
	for _, k := range fields {
		typ := lookup(k.typ)
		if typ == nil {
			continue
		}
		n++
		if v, ok := lookupField(typ, k.field); !ok {
			t.Errorf("field %s.%s can never match: no such field", k.typ, k.field)
		} else if k.isBool && !types.Identical(v.Type(), types.Typ[types.Bool]) {
			t.Errorf("field %s.%s is not a bool", k.typ, k.field)
		}
	}
	for _, path := range pkgs {
		if load(path) != nil {
			n++
		}
	}
	t.Logf("%d standard-library type, field and package keys resolved", n)
}

// lookupField returns the field named name of the struct typ.
func lookupField(typ types.Type, name string) (*types.Var, bool) {
	obj, _, _ := types.LookupFieldOrMethod(typ, true, nil, name)
	v, ok := obj.(*types.Var)
	return v, ok && v.IsField()
}
