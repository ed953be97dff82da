# syntax=docker/dockerfile:1
# Build: a static, pure-Go binary (SQLite through modernc, no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/sitecard ./cmd/sitecard \
 && mkdir -p /out/data

# Run: no shell, no package manager, a non-root user. Configuration comes from the
# environment at run time; no .env is copied into the image (.dockerignore drops it).
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/sitecard /app/sitecard
COPY --from=build --chown=nonroot:nonroot /out/data /app/data
USER nonroot:nonroot
ENV ADDR=:8000 DATA_DIR=/app/data
EXPOSE 8000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 CMD ["/app/sitecard", "healthcheck"]
ENTRYPOINT ["/app/sitecard"]
