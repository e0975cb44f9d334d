module github.com/closewait/closewait/testdata/mutants

go 1.26.0
