package analyzer

// This file lists the functions that use a resource passed to them
// without keeping or closing it, and the errors they return.

// A borrower uses a resource passed to it without keeping or closing it.
type borrower struct {
	// Reads is the parameter whose io.EOF the call returns as its
	// error, counted from 1 (receiver not counted): a failure of the call
	// is then a read failure on the resource passed there, named as the
	// io.EOF return. 0 for none, including functions that read to io.EOF
	// and return nil there.
	Reads int
	// Derives reports whether the result is a reader or writer built on
	// the argument: it is borrowed too, and reads through it are reads
	// of the resource.
	Derives bool
}

// borrowers lists functions that only borrow the resources passed to them.
// io.Copy, io.CopyBuffer and io.ReadAll read to io.EOF and return a nil
// error there: their failure is never the peer's FIN, so they are not
// reads here (no Reads) and their error edge is an ordinary error return.
var borrowers = map[string]borrower{
	"io.Copy":                  {},
	"io.CopyN":                 {Reads: 2},
	"io.CopyBuffer":            {},
	"io.ReadAll":               {},
	"io.ReadFull":              {Reads: 1},
	"io.ReadAtLeast":           {Reads: 1},
	"io/ioutil.ReadAll":        {},
	"io.WriteString":           {},
	"io.LimitReader":           {Derives: true},
	"io.TeeReader":             {Derives: true},
	"io.NopCloser":             {Derives: true},
	"bufio.NewReader":          {Derives: true},
	"bufio.NewReaderSize":      {Derives: true},
	"bufio.NewWriter":          {Derives: true},
	"bufio.NewWriterSize":      {Derives: true},
	"bufio.NewScanner":         {Derives: true},
	"bufio.NewReadWriter":      {Derives: true},
	"(*bufio.Reader).Reset":    {},
	"(*bufio.Writer).Reset":    {},
	"encoding/json.NewDecoder": {Derives: true},
	"encoding/json.NewEncoder": {Derives: true},
	"encoding/gob.NewDecoder":  {Derives: true},
	"encoding/gob.NewEncoder":  {Derives: true},
	"encoding/xml.NewDecoder":  {Derives: true},
	"encoding/xml.NewEncoder":  {Derives: true},
	"encoding/csv.NewReader":   {Derives: true},
	"encoding/csv.NewWriter":   {Derives: true},
	"encoding/binary.Read":     {Reads: 1},
	"encoding/binary.Write":    {},
	// Decoders and encoders built on a reader or writer: their Close, if
	// they have one, does not close their source.
	"compress/gzip.NewReader":        {Derives: true, Reads: 1}, // reads the header: io.EOF on an empty input
	"compress/gzip.NewWriter":        {Derives: true},
	"compress/gzip.NewWriterLevel":   {Derives: true},
	"compress/zlib.NewReader":        {Derives: true, Reads: 1},
	"compress/zlib.NewReaderDict":    {Derives: true},
	"compress/zlib.NewWriter":        {Derives: true},
	"compress/zlib.NewWriterLevel":   {Derives: true},
	"compress/flate.NewReader":       {Derives: true},
	"compress/flate.NewReaderDict":   {Derives: true},
	"compress/flate.NewWriter":       {Derives: true},
	"compress/bzip2.NewReader":       {Derives: true},
	"compress/lzw.NewReader":         {Derives: true},
	"encoding/base64.NewDecoder":     {Derives: true},
	"encoding/base64.NewEncoder":     {Derives: true},
	"encoding/base32.NewDecoder":     {Derives: true},
	"encoding/hex.NewDecoder":        {Derives: true},
	"encoding/ascii85.NewDecoder":    {Derives: true},
	"mime/multipart.NewReader":       {Derives: true},
	"archive/tar.NewReader":          {Derives: true},
	"net/textproto.NewReader":        {Derives: true},
	"net/textproto.NewWriter":        {Derives: true},
	"net/http.ReadRequest":           {Reads: 1},
	"net/http.ReadResponse":          {Reads: 1},
	"net/http/httputil.DumpResponse": {},
	"fmt.Fprint":                     {},
	"fmt.Fprintf":                    {},
	"fmt.Fprintln":                   {},
	"fmt.Fscan":                      {Reads: 1},
	"fmt.Fscanf":                     {Reads: 1},
	"fmt.Fscanln":                    {Reads: 1},
	"(*bytes.Buffer).ReadFrom":       {Reads: 1},
	"(*bytes.Buffer).WriteTo":        {},
	"(*strings.Reader).WriteTo":      {},
	"(*bytes.Reader).WriteTo":        {},
	"reflect.ValueOf":                {},
	"reflect.TypeOf":                 {},
	"errors.Is":                      {},
	"errors.As":                      {},
}

// errorConstructors return a new, non-nil error: returning one of their
// results is an error return.
var errorConstructors = map[string]bool{
	"errors.New": true,
	"fmt.Errorf": true,
}

// errorTests lists functions whose true result implies that the error
// passed as the given parameter is non-nil: errors.As and the os.Is…
// predicates are false for a nil error, and so is errors.Is unless its
// target is nil too. Testing an acquisition's error with one of them is
// testing its failure, as err != nil is. Same-package functions of that
// shape are recognised from their bodies (see engine.testedParam).
var errorTests = map[string]int{
	"errors.Is":       0,
	"errors.As":       0,
	"os.IsExist":      0,
	"os.IsNotExist":   0,
	"os.IsPermission": 0,
	"os.IsTimeout":    0,
}

// formatters print their variadic arguments and keep none of them: a
// resource among them (fmt.Errorf("bad status: %v", resp), log.Printf("%v
// closed", conn)) is borrowed. (%w keeps an error, which no resource is.)
var formatters = map[string]bool{
	"fmt.Errorf":               true,
	"fmt.Sprintf":              true,
	"fmt.Sprint":               true,
	"fmt.Sprintln":             true,
	"fmt.Printf":               true,
	"fmt.Print":                true,
	"fmt.Println":              true,
	"fmt.Fprintf":              true,
	"fmt.Fprint":               true,
	"fmt.Fprintln":             true,
	"fmt.Appendf":              true,
	"fmt.Append":               true,
	"fmt.Appendln":             true,
	"log.Printf":               true,
	"log.Print":                true,
	"log.Println":              true,
	"(*log.Logger).Printf":     true,
	"(*log.Logger).Print":      true,
	"(*log.Logger).Println":    true,
	"(*testing.common).Logf":   true,
	"(*testing.common).Log":    true,
	"(*testing.common).Errorf": true,
	"(*testing.common).Error":  true,
	"(*testing.common).Skipf":  true,
	"(*testing.common).Skip":   true,
}
