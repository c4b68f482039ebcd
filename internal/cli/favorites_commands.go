package cli

import "github.com/tsc-go/tsc/internal/cli/favorites"

// Issue 16 part 3: users' favorites.
func init() { Register(favorites.NewCmdFavorites) }
