// Command count prints how many messages the outbox holds (bench/contact.sh uses it to
// check that every accepted message was stored).
package main

import (
	"context"
	"fmt"
	"os"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/models"
)

func main() {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	n, err := db.NewSelect().Model((*models.Message)(nil)).Count(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}
