package fixture

import "net/http"

// StatusQuiet leaks like Status, but its author silenced closewait; the
// test enables nolintlint, which reports the directive if it silenced
// nothing.
func StatusQuiet(url string) (int, error) {
	resp, err := http.Get(url) //nolint:closewait // the fixture's accepted leak
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// StatusIgnored leaks like Status, silenced by closewait's own directive,
// which works in every driver; ignorecheck would report it if it silenced
// nothing.
func StatusIgnored(url string) (int, error) {
	resp, err := http.Get(url) //closewait:ignore the fixture's accepted leak
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
