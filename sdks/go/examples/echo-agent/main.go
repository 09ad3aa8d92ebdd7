// Command echo-agent is a webhook agent: an HTTP server (net/http) whose handler, mailroom.AgentHandler, verifies
// agent-host's signature, decodes the event and answers each email with a reply echoing it and a count kept in the
// instance's state. With MAILROOM_REGISTER=1 it registers itself as the agent class MAILROOM_CLASS (default
// GoEcho) at the address MAILROOM_ADDRESS (default goecho), reachable at MAILROOM_PUBLIC_URL, and removes the
// class when stopped.
//
//	MAILROOM_AGENT_SECRET=some-long-secret-16+ MAILROOM_REGISTER=1 go run ./examples/echo-agent
//	swaks --server 127.0.0.1:2525 --to goecho+t1@agents.localhost --from you@example.org
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	mailroom "github.com/mailroom-dev/mailroom/sdks/go"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// echo answers an email with its text and how many this instance has seen.
func echo(ctx context.Context, ev *mailroom.AgentEvent) (*mailroom.AgentAnswer, error) {
	if ev.Event != "email" {
		return nil, nil // a schedule: nothing to do
	}
	count, _ := ev.State["count"].(float64)
	count++
	text := strings.TrimSpace(ev.Email.Message.Text)
	log.Printf("email to %s/%s from %s: %q", ev.Agent.ClassName, ev.Agent.Instance, ev.Email.Message.From, text)
	return &mailroom.AgentAnswer{
		State: map[string]any{"count": count},
		Replies: []mailroom.AgentMessage{{
			Text: fmt.Sprintf("You wrote: %s\n\n(instance=%s count=%d)", text, ev.Agent.Instance, int(count)),
		}},
	}, nil
}

func main() {
	secret := os.Getenv("MAILROOM_AGENT_SECRET")
	if len(secret) < 16 {
		log.Fatal("set MAILROOM_AGENT_SECRET (16 characters or more): the secret agent-host signs with")
	}
	listen := env("LISTEN", "127.0.0.1:8787")
	mux := http.NewServeMux()
	mux.Handle("/agent", mailroom.AgentHandler(secret, echo))
	server := &http.Server{Addr: listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		log.Printf("echo agent listening on http://%s/agent", listen)
		if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()

	if os.Getenv("MAILROOM_REGISTER") == "1" {
		c := mailroom.NewClient(os.Getenv("MAILROOM_API_KEY"), mailroom.WithBaseURL(env("MAILROOM_BASE_URL",
			"http://127.0.0.1:8080")))
		class := env("MAILROOM_CLASS", "GoEcho")
		address := env("MAILROOM_ADDRESS", "goecho")
		url := env("MAILROOM_PUBLIC_URL", "http://"+listen+"/agent")
		agent, err := c.Agents.Create(ctx, mailroom.AgentDefinition{Name: class, Address: address,
			Webhook: &mailroom.AgentWebhook{URL: url, Secret: secret, Timeout: "10s"}})
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("registered agent class %s: mail %s+<instance>@<domain>", agent.Name, address)
		defer func() {
			if err := c.Agents.Delete(context.Background(), class); err != nil {
				log.Printf("delete %s: %v", class, err)
			}
		}()
	}

	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
}
