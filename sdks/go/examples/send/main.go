// Command send is the quickstart: it sends an email, reads its status, then waits for the next message to the
// Echo agent's instance t1. Configure it with MAILROOM_API_KEY and MAILROOM_BASE_URL (and optionally
// MAILROOM_FROM, MAILROOM_TO).
//
//	go run ./examples/send
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	mailroom "github.com/mailroom-dev/mailroom/sdks/go"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	apiKey := os.Getenv("MAILROOM_API_KEY")
	baseURL := env("MAILROOM_BASE_URL", "http://127.0.0.1:8080")
	from := env("MAILROOM_FROM", "app@agents.localhost")
	to := env("MAILROOM_TO", "echo+t1@agents.localhost")
	ctx := context.Background()

	c := mailroom.NewClient(apiKey, mailroom.WithBaseURL(baseURL))
	sent, err := c.Emails.Send(ctx, mailroom.SendParams{From: from, To: []string{to}, Subject: "Hello",
		Text: "Hello from the Go SDK"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent:", sent.ID)

	status, err := c.Emails.Get(ctx, sent.ID) // reading your own send waits the moment it takes to be filed
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", status.Status)

	msg, err := c.Agents.WaitForReply(ctx, "Echo", "t1", mailroom.WaitParams{Timeout: 30 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	if msg == nil {
		fmt.Println("no message reached Echo/t1 within 30 s")
		return
	}
	fmt.Printf("next message to Echo/t1: %q from %s (thread %s)\n", msg.Subject, msg.From, msg.ThreadID)
}
