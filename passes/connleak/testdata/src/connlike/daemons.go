package connlike

import (
	"context"

	"github.com/docker/docker/client"
	"go.mongodb.org/mongo-driver/mongo"
)

// A Docker Engine API client keeps a connection to the daemon in its own
// transport after each request, until Close; a MongoDB client connects
// its monitors as soon as it is made, until Disconnect. A client made per
// call and dropped leaves those sockets behind (act's ImageExistsLocally,
// KEDA's MongoDB scaler).

func imageExists(ctx context.Context, id string) (bool, error) {
	cli, err := client.NewClientWithOpts(client.FromEnv) // want `\*client\.Client cli from client\.NewClientWithOpts is not closed on the error return at line 23 and on 2 other paths`
	if err != nil {
		return false, err
	}
	images, err := cli.ImageList(ctx)
	if err != nil {
		return false, err
	}
	for _, im := range images {
		if im.ID == id {
			return true, nil
		}
	}
	return false, nil
}

func imageExistsClean(ctx context.Context, id string) (bool, error) {
	cli, err := client.NewClientWithOpts(client.FromEnv)
	if err != nil {
		return false, err
	}
	defer cli.Close()
	images, err := cli.ImageList(ctx)
	if err != nil {
		return false, err
	}
	return len(images) > 0 && images[0].ID == id, nil
}

func mongoScaler(ctx context.Context) (*mongo.Client, error) {
	c, err := mongo.Connect(ctx) // want `\*mongo\.Client c from mongo\.Connect is not closed on the error return at line 52`
	if err != nil {
		return nil, err
	}
	if err := c.Ping(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func mongoScalerClean(ctx context.Context) (*mongo.Client, error) {
	c, err := mongo.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.Ping(ctx); err != nil {
		c.Disconnect(ctx)
		return nil, err
	}
	return c, nil
}
