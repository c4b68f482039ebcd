package cli

import "github.com/tsc-go/tsc"

func latestAPI() string { return tsc.LatestVersion.String() }
