module github.com/mailroom-dev/mailroom/sdks/go

go 1.19
