module github.com/closewait/closewait/testdata/realleaks

go 1.26.0
