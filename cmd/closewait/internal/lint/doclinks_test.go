package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink matches the target of a markdown link or image, "](target)".
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// inlineCode matches a code span, whose text is not markdown.
var inlineCode = regexp.MustCompile("`[^`]*`")

// urlScheme matches the start of a URL ("https:", "mailto:").
var urlScheme = regexp.MustCompile(`^[a-z]+:`)

// relativeLinks returns the targets of the links of a markdown file that
// are not URLs, skipping fenced code blocks and code spans.
func relativeLinks(md string) []string {
	var text strings.Builder
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			text.WriteString(line + "\n")
		}
	}
	var links []string
	for _, m := range mdLink.FindAllStringSubmatch(inlineCode.ReplaceAllString(text.String(), ""), -1) {
		if !urlScheme.MatchString(m[1]) {
			links = append(links, m[1])
		}
	}
	return links
}

func TestRelativeLinksAlgorithm(t *testing.T) {
	got := relativeLinks("see [a](docs/a.md#x) and [b](https://x.org/b)\n```\n[c](c.md)\n```\n`[d](d.md)` [e](#e)\n")
	if want := []string{"docs/a.md#x", "#e"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("relativeLinks = %q, want %q", got, want)
	}
}

// TestDocLinks checks that every relative link of the README and of
// docs/*.md leads to a file or directory of the repository and, into a
// markdown file, to an anchor that one of its headings defines.
func TestDocLinks(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no docs/*.md")
	}
	links := 0
	for _, file := range append([]string{filepath.Join(repoRoot, "README.md")}, docs...) {
		md, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repoRoot, file)
		for _, link := range relativeLinks(string(md)) {
			links++
			path, anchor, _ := strings.Cut(link, "#")
			target := file
			if path != "" {
				target = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s links to %s: %v", rel, link, err)
				continue
			}
			if anchor == "" || !strings.HasSuffix(target, ".md") {
				continue
			}
			text, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if !readmeAnchors(string(text))[anchor] {
				t.Errorf("%s links to %s, but no heading there has the anchor %s", rel, link, anchor)
			}
		}
	}
	if links < 20 {
		t.Errorf("found %d relative links, want at least the README's links to each of docs/", links)
	}
}
