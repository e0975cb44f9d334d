//go:build corpus

// Package corpus pins the networking modules that closewait is measured
// on. The blank imports make go mod tidy record every module (and what its
// analyzed packages import) in go.mod and go.sum; the build tag keeps the
// file out of every build. packages.txt lists what the harness analyzes.
package corpus

import (
	_ "github.com/IBM/sarama"
	_ "github.com/bradfitz/gomemcache/memcache"
	_ "github.com/coder/websocket"
	_ "github.com/eclipse/paho.mqtt.golang"
	_ "github.com/elazarl/goproxy"
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-ldap/ldap/v3"
	_ "github.com/go-resty/resty/v2"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/gomodule/redigo/redis"
	_ "github.com/gorilla/websocket"
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/hashicorp/memberlist"
	_ "github.com/hashicorp/yamux"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jlaffaye/ftp"
	_ "github.com/labstack/echo/v4"
	_ "github.com/lib/pq"
	_ "github.com/miekg/dns"
	_ "github.com/minio/minio-go/v7"
	_ "github.com/nats-io/nats.go"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/rabbitmq/amqp091-go"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/segmentio/kafka-go"
	_ "github.com/timakin/bodyclose/passes/bodyclose" // benchmark baseline (bench.sh)
	_ "github.com/valyala/fasthttp"
	_ "go.mongodb.org/mongo-driver/v2/mongo"
	_ "golang.org/x/crypto/ssh"
	_ "golang.org/x/net/http2"
	_ "golang.org/x/tools/go/analysis/unitchecker" // the floor vet tool (cmd/floor)
	_ "google.golang.org/grpc"
)
