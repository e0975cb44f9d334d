package golangci

// The package exports nothing; its external tests use these names.

const Name = linterName

var (
	New            = newPlugin
	Apply          = apply
	FlagSets       = flagSets
	WithoutRelated = withoutRelated
)

type FlagSet = flagSet
