package mailroom

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// docOperation is an operation of the OpenAPI document.
type docOperation struct {
	method, path string
	// query names the query parameters; idempotent tells whether the operation declares Idempotency-Key
	query      map[string]bool
	idempotent bool
}

// loadDocument reads ../openapi.json (sdks/openapi.json, the api's document) and returns its operations by id.
func loadDocument(t *testing.T) map[string]docOperation {
	t.Helper()
	b, err := os.ReadFile("../openapi.json")
	if err != nil {
		t.Fatalf("cannot read the OpenAPI document ../openapi.json: %v", err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("../openapi.json is not JSON: %v", err)
	}
	ops := map[string]docOperation{}
	for path, methods := range doc.Paths {
		for method, raw := range methods {
			var op struct {
				OperationID string `json:"operationId"`
				Parameters  []struct {
					Name string `json:"name"`
					In   string `json:"in"`
				} `json:"parameters"`
			}
			if json.Unmarshal(raw, &op) != nil || op.OperationID == "" {
				continue // parameters, summary, ...
			}
			d := docOperation{method: strings.ToUpper(method), path: path, query: map[string]bool{}}
			for _, p := range op.Parameters {
				if p.In == "query" {
					d.query[p.Name] = true
				}
				if p.In == "header" && strings.EqualFold(p.Name, "Idempotency-Key") {
					d.idempotent = true
				}
			}
			ops[op.OperationID] = d
		}
	}
	if len(ops) == 0 {
		t.Fatal("the OpenAPI document has no operations")
	}
	return ops
}

// resolve finds "<Field>.<Method>" on a constructed client.
func resolve(c *Client, methodPath string) (reflect.Value, bool) {
	field, method, ok := strings.Cut(methodPath, ".")
	if !ok {
		return reflect.Value{}, false
	}
	f := reflect.ValueOf(c).Elem().FieldByName(field)
	if !f.IsValid() || f.Kind() != reflect.Ptr || f.IsNil() {
		return reflect.Value{}, false
	}
	m := f.MethodByName(method)
	return m, m.IsValid()
}

func TestEveryV1OperationHasAnEntry(t *testing.T) {
	ops := loadDocument(t)
	var missing []string
	for id, op := range ops {
		if strings.HasPrefix(op.path, "/v1/") {
			if _, ok := Operations[id]; !ok {
				missing = append(missing, id+" ("+op.method+" "+op.path+")")
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("operations of the document the Go SDK lacks (add them to Operations in operations.go):\n  %s",
			strings.Join(missing, "\n  "))
	}
}

func TestEveryEntryNamesAnOperationOfTheDocument(t *testing.T) {
	ops := loadDocument(t)
	for id := range Operations {
		op, ok := ops[id]
		if !ok {
			t.Errorf("Operations names %q, which the OpenAPI document lacks", id)
		} else if !strings.HasPrefix(op.path, "/v1/") {
			t.Errorf("Operations names %q, whose path %s is not under /v1/", id, op.path)
		}
	}
}

func TestEveryEntryResolvesToAMethodOfTheClient(t *testing.T) {
	c := NewClient("k", WithBaseURL("http://127.0.0.1:1"))
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	for id, path := range Operations {
		m, ok := resolve(c, path)
		if !ok {
			t.Errorf("%s: %q is not a method of a Client", id, path)
			continue
		}
		if m.Type().NumIn() == 0 || m.Type().In(0) != ctxType {
			t.Errorf("%s: %s does not take a context.Context first", id, path)
		}
	}
}

// recorder is a local HTTP server that records each request's method and path and answers {} (or an empty event
// stream).
type recorder struct {
	mu       sync.Mutex
	requests []docOperation
	server   *httptest.Server
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		q := map[string]bool{}
		for name := range req.URL.Query() {
			q[name] = true
		}
		r.requests = append(r.requests, docOperation{method: req.Method, path: req.URL.EscapedPath(), query: q,
			idempotent: req.Header.Get("Idempotency-Key") != ""})
		r.mu.Unlock()
		if strings.HasSuffix(req.URL.Path, "/stream") {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-req.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	t.Cleanup(r.server.Close)
	return r
}

func (r *recorder) take() []docOperation {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.requests
	r.requests = nil
	return out
}

// sampleArgs builds arguments for a method: a context, distinct strings, structs with their string fields set.
func sampleArgs(ctx context.Context, m reflect.Value) []reflect.Value {
	var args []reflect.Value
	for i := 0; i < m.Type().NumIn(); i++ {
		in := m.Type().In(i)
		switch {
		case i == 0:
			args = append(args, reflect.ValueOf(ctx))
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf("s"+string(rune('a'+i))).Convert(in))
		case in.Kind() == reflect.Struct:
			v := reflect.New(in).Elem()
			for f := 0; f < in.NumField(); f++ {
				field := in.Field(f)
				switch {
				case !field.IsExported():
				case field.Type.Kind() == reflect.String:
					v.Field(f).SetString("x")
				case field.Type.Kind() == reflect.Int:
					v.Field(f).SetInt(1)
				case field.Type == reflect.TypeOf((*int64)(nil)):
					v.Field(f).Set(reflect.ValueOf(Int64(1)))
				case field.Type.Kind() == reflect.Slice && field.Type.Elem().Kind() == reflect.String:
					v.Field(f).Set(reflect.ValueOf([]string{"x"}).Convert(field.Type))
				}
			}
			args = append(args, v)
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	return args
}

// template turns an OpenAPI path template into a regular expression.
func template(path string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(path),
		`[^/]+`) + "$")
}

func TestEveryEntrySendsTheDocumentsMethodAndPath(t *testing.T) {
	ops := loadDocument(t)
	rec := newRecorder(t)
	c := NewClient("k", WithBaseURL(rec.server.URL), WithMaxRetries(0))
	ids := make([]string, 0, len(Operations))
	for id := range Operations {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		op, ok := ops[id]
		m, found := resolve(c, Operations[id])
		if !ok || !found {
			continue // the tests above report these
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		out := m.Call(sampleArgs(ctx, m))
		// iterators fetch on Next; streams connect on Next
		if len(out) > 0 {
			if next := out[0].MethodByName("Next"); next.IsValid() {
				nctx, ncancel := context.WithTimeout(ctx, 300*time.Millisecond)
				next.Call([]reflect.Value{reflect.ValueOf(nctx)})
				ncancel()
			}
			if closer := out[0].MethodByName("Close"); closer.IsValid() {
				closer.Call(nil)
			}
		}
		cancel()
		got := rec.take()
		if len(got) == 0 {
			t.Errorf("%s: %s sent no request (want %s %s)", id, Operations[id], op.method, op.path)
			continue
		}
		if got[0].method != op.method || !template(op.path).MatchString(got[0].path) {
			t.Errorf("%s: %s sent %s %s, the document says %s %s", id, Operations[id], got[0].method, got[0].path,
				op.method, op.path)
		}
		for name := range got[0].query {
			if !op.query[name] {
				t.Errorf("%s: %s sent the query parameter %q, which the document does not declare", id,
					Operations[id], name)
			}
		}
		if got[0].idempotent != op.idempotent {
			t.Errorf("%s: %s sent Idempotency-Key: %v, the document declares it: %v", id, Operations[id],
				got[0].idempotent, op.idempotent)
		}
	}
}
